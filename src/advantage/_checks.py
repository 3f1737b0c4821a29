"""Argument and data checks shared by every layer: one sentence per problem."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["AdvantageError", "AdvantageWarning", "check_choice", "check_positive", "format_rows",
           "plain"]


class AdvantageError(ValueError):
    """Bad input or a bad argument; the message says what, where, and what is accepted."""


class AdvantageWarning(UserWarning):
    """A result is computed but part of it is undefined or doubtful; the message says which."""


def check_choice(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise naming the parameter.

    Examples
    --------
    >>> check_choice("missing", "zero", ["error", "zero"])
    'zero'
    """
    allowed = list(allowed)
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise AdvantageError(f"{name}={value!r} is not valid; expected one of {shown}.")
    return value


def check_positive(name: str, value: float, *, strict: bool = True) -> float:
    """Return ``value`` if it is a finite positive (``strict=False``: non-negative) number.

    Examples
    --------
    >>> check_positive("top", 10), check_positive("min_share_drop", 0, strict=False)
    (10.0, 0.0)
    >>> check_positive("threshold", float("inf"))
    Traceback (most recent call last):
    ...
    advantage._checks.AdvantageError: threshold=inf is not valid; expected a finite positive number.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise AdvantageError(f"{name}={value!r} is not a number.") from None
    if not math.isfinite(number) or (number <= 0 if strict else number < 0):
        kind = "positive" if strict else "non-negative"
        finite = "" if math.isfinite(number) else "finite "
        raise AdvantageError(f"{name}={plain(value)!r} is not valid; expected a {finite}{kind} "
                             "number.")
    return number


def format_rows(frame: pd.DataFrame, mask: Any, columns: list[str], limit: int = 5, *,
                lines: Any = None) -> str:
    """Describe the first offending rows of ``frame`` for an error message.

    Rows are named ``line N`` (their 1-based line in the source file, from ``lines``) or
    ``row N`` (1-based data row) when the lines are unknown.

    Examples
    --------
    >>> df = pd.DataFrame({"r": ["a", "b"], "v": [1.0, -2.0]})
    >>> format_rows(df, df["v"] < 0, ["r", "v"]), format_rows(df, df["v"] < 0, ["v"], lines=[5, 9])
    ("row 2: r='b', v=-2.0", 'line 9: v=-2.0')
    """
    bad = frame.loc[mask, columns]
    count = len(bad)
    positions = frame.index.get_indexer(bad.index[:limit])
    parts = []
    for index, position in zip(bad.index[:limit], positions, strict=True):
        cells = ", ".join(f"{c}={plain(bad.at[index, c])!r}" for c in columns)
        where = f"line {int(lines[position])}" if lines is not None else f"row {position + 1}"
        parts.append(f"{where}: {cells}")
    more = f" (and {count - limit} more)" if count > limit else ""
    return "; ".join(parts) + more


def plain(value: Any) -> Any:
    """A NumPy scalar as the Python number it holds, so messages read 2000, not np.int64(2000)."""
    return value.item() if hasattr(value, "item") and getattr(value, "ndim", 1) == 0 else value
