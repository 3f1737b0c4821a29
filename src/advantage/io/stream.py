"""Big tidy tables read in batches and summed on the fly, never loaded whole.

:func:`stream_long` reads a CSV with pyarrow's streaming CSV reader (or a Parquet file batch by
batch), validates each batch, sums it by (time, region, activity), and keeps only the running
sums. Memory is bounded by the batch size (pyarrow reads at most 32 blocks ahead: 128 MB with
the default 4 MB blocks) plus the number of distinct keys, not by the size of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from advantage._checks import AdvantageError, check_choice
from advantage.io.encoding import resolve_encoding
from advantage.io.tables import (
    DEFAULT_NA,
    Table,
    check_file,
    check_flat,
    delimiter_for,
    table_kind,
)

__all__ = ["stream_long"]

_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$"
_COMBINE_EVERY = 16


def _batches(path: Path, columns: list[str], encoding: str, sep: str, block_size: int,
             na: Sequence[str]) -> tuple[Iterator[pa.RecordBatch], str | None, int]:
    """Record batches of the wanted columns, the encoding used, and the header's row count."""
    with path.open("rb") as handle:
        kind = table_kind(str(path), handle.read(8))
    if kind == "excel":
        raise AdvantageError(f"{str(path)!r} is an Excel workbook; streaming reads CSV and "
                             "Parquet files (read a workbook without --stream).")
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            handle = pq.ParquetFile(path)
        except pa.ArrowException as exc:
            raise AdvantageError(f"cannot read {str(path)!r} as Parquet: "
                                 f"{str(exc).strip().splitlines()[0]}") from None
        missing = [c for c in columns if c not in handle.schema_arrow.names]
        if missing:
            _missing_columns(path, missing, handle.schema_arrow.names)
        check_flat(str(path), handle.schema_arrow, columns)
        rows = max(1, block_size // 64)
        return handle.iter_batches(batch_size=rows, columns=columns), None, 0
    import pyarrow.csv as pcsv

    used = resolve_encoding(path, encoding)
    arrow_encoding = "utf8" if used.replace("-", "").lower() in ("utf8", "utf8sig") else used
    read = pcsv.ReadOptions(block_size=block_size, encoding=arrow_encoding)
    parse = pcsv.ParseOptions(delimiter=sep)
    try:
        names = pcsv.open_csv(path, read_options=read, parse_options=parse).schema.names
    except pa.ArrowInvalid as exc:
        raise AdvantageError(f"cannot read {str(path)!r}: {exc}") from None
    missing = [c for c in columns if c not in names]
    if missing:
        _missing_columns(path, missing, names)
    convert = pcsv.ConvertOptions(column_types={c: pa.string() for c in columns},
                                  include_columns=columns, strings_can_be_null=False)
    try:
        reader = pcsv.open_csv(path, read_options=read, parse_options=parse,
                               convert_options=convert)
    except pa.ArrowInvalid as exc:  # the first block is read here
        raise AdvantageError(f"cannot read {str(path)!r}: "
                             f"{str(exc).strip().splitlines()[0]}") from None
    return iter(reader), used, 1


def _missing_columns(path: Path, missing: list[str], names: list[str]) -> None:
    shown = ", ".join(repr(n) for n in names)
    raise AdvantageError(f"{str(path)!r}: column(s) {missing!r} are not in the file; columns "
                         f"are: {shown}.")


def _text(array: pa.Array, markers: pa.Array) -> pa.Array:
    """Trimmed text with missing-value markers as nulls."""
    text = pc.utf8_trim_whitespace(array.cast(pa.string()))
    return pc.if_else(pc.is_in(text, value_set=markers), pa.scalar(None, pa.string()), text)


def _rows(mask: Any, offset: int, header: int, limit: int = 5) -> list[int]:
    where = np.flatnonzero(np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool))
    return [int(offset + i + 1 + header) for i in where[:limit]]


def stream_long(
    path: str | Path,
    *,
    region: str,
    activity: str,
    value: str,
    time: str | None = None,
    encoding: str = "auto",
    na: Sequence[str] = DEFAULT_NA,
    missing: Literal["error", "zero"] = "error",
    negative: Literal["error", "reject"] = "error",
    duplicates: Literal["error", "sum"] = "error",
    delimiter: str | None = None,
    block_size: int = 4 << 20,
    on_batch: Callable[[int], None] | None = None,
) -> Table:
    r"""Read a big tidy CSV or Parquet file in batches and sum it by key.

    Parameters
    ----------
    path : str or Path
        CSV (``.gz`` allowed) or Parquet file.
    region, activity, value, time : str
        Column roles (``time`` optional).
    encoding : str
        ``"auto"`` or a codec name (CSV only).
    na : sequence of str
        Missing-value markers.
    missing : {"error", "zero"}
        Missing values: fail naming the row, or count as zero.
    negative : {"error", "reject"}
        Negative values: fail naming the row, or leave the rows out (counted in the report).
    duplicates : {"error", "sum"}
        Keys appearing on several rows: fail, or add them up.
    delimiter : str, optional
        Field separator (default ``","``, tab for ``.tsv``).
    block_size : int
        Bytes per CSV batch (Parquet: rows per batch is ``block_size // 64``).
    on_batch : callable, optional
        Called after each batch with the number of rows read so far.

    Returns
    -------
    Table
        One row per key with the summed value; ``stats`` has ``rows`` and ``batches``. Pass it
        to :func:`advantage.io.to_panel` for region normalisation and the panel.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> rows = "".join(f"2020,r{i % 3},a,1\n" for i in range(1000))
    >>> _ = (folder / "big.csv").write_text("year,reg,act,v\n" + rows)
    >>> t = stream_long(folder / "big.csv", region="reg", activity="act", value="v",
    ...                 time="year", duplicates="sum", block_size=4096)
    >>> t.stats["rows"], t.stats["batches"] > 1, sorted(t.frame["v"].tolist())
    (1000, True, [333.0, 333.0, 334.0])
    """
    check_choice("missing", missing, ["error", "zero"])
    check_choice("negative", negative, ["error", "reject"])
    check_choice("duplicates", duplicates, ["error", "sum"])
    path = check_file(path)
    keys = [c for c in (time, region, activity) if c is not None]
    columns = [*keys, value]
    if len(set(columns)) < len(columns):
        raise AdvantageError(f"each role needs its own column; got {columns}.")
    batches, used, header = _batches(path, columns, encoding, delimiter_for(path, delimiter),
                                     block_size, na)
    markers = pa.array(list(na), pa.string())
    partials: list[pa.Table] = []
    offset = n_batches = rejected_negative = 0
    examples: list[str] = []
    try:
        for batch in batches:
            n_batches += 1
            part, dropped, shown = _process(path, batch, keys, value, markers, offset, header,
                                            missing, negative)
            rejected_negative += dropped
            examples += shown[:3 - len(examples)]
            partials.append(part)
            offset += batch.num_rows
            if len(partials) >= _COMBINE_EVERY:
                partials = [_combine(partials, keys, value)]
            if on_batch is not None:
                on_batch(offset)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise AdvantageError(f"cannot read {str(path)!r} after {offset} rows: {first}") from None
    if offset == 0:
        raise AdvantageError(f"input file {str(path)!r} has a header but no data rows.")
    total = _combine(partials, keys, value).to_pandas()
    total = total.rename(columns={f"{value}_sum": value, "n_sum": "_rows"})
    repeated = total["_rows"].to_numpy() > 1
    if repeated.any() and duplicates == "error":
        first = total[repeated].head(5)
        listed = "; ".join(
            ", ".join(f"{k}={row[k]!r}" for k in keys) + f" ({int(row['_rows'])} rows)"
            for _, row in first.iterrows())
        raise AdvantageError(f"{str(path)!r}: {int(repeated.sum())} keys appear on several "
                             f"rows; pass duplicates='sum' to add them up. First: {listed}.")
    table = Table(total[[*keys, value]], str(path), used,
                  roles={"region": region, "activity": activity, "value": value,
                         **({"time": time} if time else {})},
                  stats={"rows": offset, "batches": n_batches})
    table.notes.append(f"streamed {offset} rows in {n_batches} batches")
    if rejected_negative:
        table.rejected.append(("negative value", rejected_negative, examples))
    return table


def _process(path: Path, batch: pa.RecordBatch, keys: list[str], value: str,
             markers: pa.Array, offset: int, header: int, missing: str, negative: str
             ) -> tuple[pa.Table, int, list[str]]:
    arrays = {}
    for key in keys:
        labels = _text(batch.column(key), markers)
        nulls = pc.is_null(labels)
        if pc.any(nulls).as_py():
            rows = _rows(nulls, offset, header)
            raise AdvantageError(f"{str(path)!r}: column {key!r} has empty labels, first at "
                                 f"row(s) {rows}.")
        arrays[key] = labels
    column = batch.column(value)
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        numbers = column.cast(pa.float64())
    else:
        text = _text(column, markers)
        ok = pc.or_kleene(pc.is_null(text), pc.match_substring_regex(
            text, _NUMBER, ignore_case=True))
        if not pc.all(ok).as_py():
            bad = pc.invert(ok)
            rows = _rows(bad, offset, header)
            cells = pc.filter(text, bad).slice(0, 5).to_pylist()
            raise AdvantageError(f"{str(path)!r}: column {value!r} has cells that are not "
                                 f"numbers, first at row(s) {rows}: {cells!r}.")
        numbers = text.cast(pa.float64())
    nulls = pc.is_null(numbers)
    if pc.any(nulls).as_py():
        if missing == "error":
            rows = _rows(nulls, offset, header)
            raise AdvantageError(f"{str(path)!r}: column {value!r} has missing values, first "
                                 f"at row(s) {rows}; pass missing='zero' to count them as zero.")
        numbers = pc.fill_null(numbers, 0.0)
    finite = pc.is_finite(numbers)
    if not pc.all(finite).as_py():
        rows = _rows(pc.invert(finite), offset, header)
        raise AdvantageError(f"{str(path)!r}: column {value!r} has infinite or NaN values at "
                             f"row(s) {rows}.")
    below = pc.less(numbers, 0.0)
    dropped = 0
    shown: list[str] = []
    if pc.any(below).as_py():
        rows = _rows(below, offset, header)
        if negative == "error":
            raise AdvantageError(f"{str(path)!r}: column {value!r} has negative values, first "
                                 f"at row(s) {rows}; values must be >= 0 (negative='reject' "
                                 f"leaves those rows out).")
        dropped = int(pc.sum(below.cast(pa.int64())).as_py())
        shown = [f"row {r}" for r in rows]
    arrays[value] = numbers
    arrays["n"] = pa.array(np.ones(batch.num_rows, dtype=np.int64))
    table = pa.table(arrays)
    if dropped:
        table = table.filter(pc.invert(below))
    summed = table.group_by(keys).aggregate([(value, "sum"), ("n", "sum")])
    return summed, dropped, shown  # columns: f"{value}_sum", "n_sum", *keys


def _combine(partials: list[pa.Table], keys: list[str], value: str) -> pa.Table:
    table = pa.concat_tables(partials)
    summed = table.group_by(keys).aggregate([(f"{value}_sum", "sum"), ("n_sum", "sum")])
    names = summed.column_names  # aggregate columns first, then keys
    return summed.rename_columns([
        f"{value}_sum" if n == f"{value}_sum_sum" else "n_sum" if n == "n_sum_sum" else n
        for n in names])
