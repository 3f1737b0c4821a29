"""From table columns to the arrays the panel is built of: numbers, labels, repeated keys.

These are the column rules of :meth:`advantage.panel.Panel.from_long`, the one validator:
each turns a pandas column into numpy arrays, or raises an
:class:`~advantage._checks.AdvantageError` naming the rows at fault.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, format_rows

__all__ = ["label_codes", "missing_labels", "numeric_values", "repeated_rows"]


def numeric_values(df: pd.DataFrame, column: str, where: str = "",
                   lines: np.ndarray | None = None) -> np.ndarray:
    """The values of ``column`` as floats (NaN where missing); non-numbers raise naming rows."""
    series = df[column]
    if pd.api.types.is_bool_dtype(series) or not (
        pd.api.types.is_numeric_dtype(series) or series.dtype == object
        or pd.api.types.is_string_dtype(series)
    ):
        raise AdvantageError(f"{where}column {column!r} must be numeric, got dtype "
                             f"{series.dtype}.")
    if not pd.api.types.is_numeric_dtype(series):
        parsed = _arrow_numbers(series)
        if parsed is not None:
            return parsed
    numeric = pd.to_numeric(series, errors="coerce")
    bad = (numeric.isna() & series.notna()).to_numpy()
    if bad.any():
        rows = format_rows(df, bad, [column], lines=lines)
        raise AdvantageError(f"{where}column {column!r} must be numeric; {int(bad.sum())} "
                             f"cells are not. First: {rows}.")
    return numeric.to_numpy(dtype=float, na_value=np.nan)


def _arrow_numbers(series: pd.Series) -> np.ndarray | None:
    """Text cells parsed as floats by Arrow, when that is exactly what pandas would give.

    Arrow's parser is many times faster than :func:`pandas.to_numeric` on text and rounds
    the same way (correctly). It is used only when every present cell is a plain number:
    anything it refuses (white space, ``1,000``), a parsed ``nan`` (pandas calls that
    text not a number) or a negative zero (pandas keeps ``-0`` as 0) returns None, and the
    caller takes the pandas road with its messages.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        numbers = pc.cast(pa.array(series, from_pandas=True), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    out = numbers.to_numpy(zero_copy_only=False)  # nulls become NaN
    null = np.asarray(numbers.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if (np.isnan(out) & ~null).any() or (np.signbit(out) & (out == 0)).any():
        return None
    return np.asarray(out, dtype=float)


def missing_labels(series: pd.Series) -> np.ndarray:
    """Empty labels: missing values and empty text (``"NA"`` or ``"None"`` are labels)."""
    null = np.array(series.isna().to_numpy(), dtype=bool)
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        text = series
        if series.dtype == object:
            text = series.where(series.map(lambda v: isinstance(v, str)))
        blank = text.astype("string").str.strip().eq("")
        null |= blank.fillna(False).to_numpy(dtype=bool)
    return null


def label_codes(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a label column and its sorted unique labels (mixed types as text)."""
    try:
        codes, uniques = pd.factorize(series, sort=True)
    except TypeError:
        codes, uniques = pd.factorize(series.astype(str), sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def repeated_rows(flat: np.ndarray, cells: int) -> np.ndarray | None:
    """Rows whose cell number ``flat`` occurs more than once (None when there are none)."""
    if len(flat) == 0:
        return None
    if cells <= 4 * len(flat) + 1_000_000:  # a count per cell costs no more than the rows
        counts = np.bincount(flat, minlength=cells)
        if counts.max() <= 1:
            return None
        return counts[flat] > 1
    ordered = np.sort(flat)
    if not (ordered[1:] == ordered[:-1]).any():
        return None
    return pd.Series(flat).duplicated(keep=False).to_numpy()
