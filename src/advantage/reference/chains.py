"""Worked examples of value chains on reference classifications (光伏, 新能源汽车).

The table ``reference/data/value_chains_china_io.csv`` defines two ordered chains on the 38
harmonised sectors of China's provincial input-output tables (:mod:`advantage.reference.
china_io`). It is deliberately small and coarse: ``ATTRIBUTION.md`` in the same folder says
what each link stands for and why a chain on broad sectors is only a first look.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

from advantage._checks import check_choice

__all__ = ["EXAMPLES", "value_chains"]

#: Bundled chain tables, by name.
EXAMPLES = {"china_io": "value_chains_china_io.csv"}


@cache
def _read(name: str) -> pd.DataFrame:
    with resources.files("advantage.reference").joinpath("data", EXAMPLES[name]).open(
            "r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    table["stage"] = table["stage"].astype(int)
    return table


def value_chains(name: str = "china_io") -> pd.DataFrame:
    """A bundled chain table: ``chain, chain_en, stage, activity, link_zh, link_en, ...``.

    Codes keep their leading zeros (text).

    Examples
    --------
    >>> table = value_chains()
    >>> sorted(table["chain_en"].unique()), table["activity"].iloc[0]
    (['new-energy vehicles', 'photovoltaics'], '05')
    """
    check_choice("name", name, list(EXAMPLES))
    return _read(name).copy()
