"""GB/T 4754-2017 *Industrial classification for national economic activities*: sections, divisions.

The table (``reference/data/gbt4754_2017.csv``) holds the 20 sections (门类, ``A``-``T``) and
the 97 two-digit divisions (大类, ``01``-``97``) with their Chinese names as printed in the
standard (GB/T 4754-2017, issued by AQSIQ and SAC) and English names close to NBS's English
rendering (the English is descriptive, not an official text). Groups (中类,
three digits) and classes (小类, four digits) are not tabulated; codes at those levels map to
their division by their first two digits (:func:`truncate_codes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError, check_choice

__all__ = [
    "division_to_section",
    "divisions",
    "sections",
    "truncate_codes",
]


@cache
def _table() -> pd.DataFrame:
    with resources.files("advantage.reference").joinpath(
            "data", "gbt4754_2017.csv").open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def sections() -> pd.DataFrame:
    """The 20 sections: ``code`` (A-T), ``name_en``, ``name_zh``.

    Examples
    --------
    >>> table = sections()
    >>> len(table), table.iloc[2]["name_zh"]
    (20, '制造业')
    """
    table = _table()
    rows = table[table["level"] == "section"]
    return rows[["code", "name_en", "name_zh"]].reset_index(drop=True)


def divisions() -> pd.DataFrame:
    """The 97 two-digit divisions: ``code`` (01-97), ``section``, ``name_en``, ``name_zh``.

    Examples
    --------
    >>> table = divisions().set_index("code")
    >>> len(table), table.loc["39", "name_zh"]
    (97, '计算机、通信和其他电子设备制造业')
    """
    table = _table()
    rows = table[table["level"] == "division"]
    return rows[["code", "section", "name_en", "name_zh"]].reset_index(drop=True)


def division_to_section(*, keys: str = "code") -> dict[Any, str]:
    """Division -> section mapping, for ``Panel.aggregate(mapping, axis="activity")``.

    Parameters
    ----------
    keys : {"code", "int"}
        Key the mapping by two-digit code strings (``"06"``) or by integers (``6``), to match
        how the panel's activity labels are stored.

    Examples
    --------
    >>> mapping = division_to_section()
    >>> mapping["06"], mapping["36"], mapping["97"]
    ('B', 'C', 'T')
    """
    check_choice("keys", keys, ["code", "int"])
    table = divisions()
    codes = table["code"] if keys == "code" else table["code"].astype(int)
    return dict(zip(codes, table["section"], strict=True))


def truncate_codes(codes: Iterable[Any], digits: int = 2) -> list[str]:
    """Cut GB/T 4754 codes (strings of digits) to their first ``digits`` digits.

    Integers are refused: a code stored as a number has lost its leading zero (``0111`` read
    as ``111``) and cutting it would assign it to the wrong division.

    Examples
    --------
    >>> truncate_codes(["3011", "0111", "39"], digits=2)
    ['30', '01', '39']
    """
    if digits < 1:
        raise AdvantageError(f"digits={digits!r} is not valid; expected a positive integer.")
    out = []
    for code in codes:
        if not isinstance(code, str):
            raise AdvantageError(
                f"activity code {code!r} is a {type(code).__name__}, not a string; codes stored "
                f"as numbers lose leading zeros (0111 -> 111); read them as text."
            )
        text = code.strip()
        if not text.isdigit() or len(text) < digits:
            raise AdvantageError(
                f"activity code {code!r} is not a GB/T 4754 code of at least {digits} digits."
            )
        out.append(text[:digits])
    return out
