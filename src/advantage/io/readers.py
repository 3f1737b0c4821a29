"""Read wide, yearbook-style tables (regions in rows, activities or years in columns).

:func:`read_wide` returns a :class:`~advantage.io.tables.Table` in long form: one row per
cell, with each value's source row and column, so :func:`advantage.io.to_panel` can name the
file, row and column of every bad cell. Tidy long tables go through
:func:`advantage.io.read_table`, the one reader of long tables.

Conventions
-----------
- Cells are read as text, stripped of surrounding whitespace, and cells equal to a
  missing-value marker (``na=``, default :data:`~advantage.io.tables.DEFAULT_NA`) become
  missing. Codes such as ``0111`` keep their zeros.
- Row numbers are 1-based rows of the source file as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.io.encoding import decode_file
from advantage.io.tables import DEFAULT_NA, Table, check_file, delimiter_for, table_kind

__all__ = ["read_wide"]

_NUMBER_WITH_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _clean(frame: pd.DataFrame, na: Sequence[str]) -> pd.DataFrame:
    """Strip text cells and turn missing markers into NaN (column by column)."""
    markers = set(na)
    out = {}
    for column in frame.columns:
        series = frame[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            text = series.astype(object).where(series.notna(), None)
            stripped = text.map(lambda v: v.strip() if isinstance(v, str) else v)
            stripped = stripped.map(lambda v: np.nan if isinstance(v, str) and v in markers
                                    else v)
            out[column] = stripped
        else:
            out[column] = series
    cleaned = pd.DataFrame(out, index=frame.index)
    cleaned.columns = [str(c).strip() for c in frame.columns]
    return cleaned


def _fold(label: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(label)).split()).casefold()


# ---------------------------------------------------------------------------- wide tables
def _grid(path: Path, encoding: str, sheet: str | int, delimiter: str
          ) -> tuple[list[tuple[int, list[Any]]], str | None]:
    """Non-blank rows as (1-based source row, cells) and the encoding used."""
    rows: list[tuple[int, list[Any]]] = []
    with path.open("rb") as handle:
        kind = table_kind(str(path), handle.read(8))  # refuses legacy, encrypted, mislabelled
    if kind == "parquet":
        raise AdvantageError(f"{str(path)!r} is a Parquet file; a wide (yearbook) table is a "
                             "CSV or Excel sheet. Read Parquet as a long table (no --wide).")
    if kind == "excel":
        try:
            raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
        except (zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise AdvantageError(f"cannot read {str(path)!r}: the workbook is damaged "
                                 f"({type(exc).__name__}: {exc}).") from None
        except ValueError as exc:  # e.g. no such sheet
            raise AdvantageError(f"cannot read {str(path)!r}: {exc}") from None
        for i, values in enumerate(raw.itertuples(index=False), start=1):
            cells = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else v
                     for v in values]
            rows.append((i, cells))
        used = None
    else:
        text, used = decode_file(path, encoding, delimiter=delimiter)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        start = 1
        for cells in reader:
            rows.append((start, list(cells)))
            start = reader.line_num + 1
    blank = [all((c.strip() if isinstance(c, str) else c) in ("", None) for c in cells)
             for _, cells in rows]
    return [r for r, b in zip(rows, blank, strict=True) if not b], used


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _header_labels(header: list[list[Any]], width: int, join: str) -> list[str]:
    filled = []
    for k, row in enumerate(header):
        cells = [_text(c) for c in row[:width]] + [""] * (width - len(row[:width]))
        if k < len(header) - 1:  # upper rows: merged cells span to the right
            last = ""
            for j, cell in enumerate(cells):
                last = cell or last
                cells[j] = last
        filled.append(cells)
    labels = []
    for j in range(width):
        parts: list[str] = []
        for cells in filled:
            part = cells[j]
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        labels.append(join.join(parts))
    return labels


def read_wide(
    path: str | Path,
    *,
    region: str | int,
    columns: Literal["activity", "time"] = "activity",
    time: Any = None,
    activity: str | None = None,
    header_rows: int = 1,
    units_rows: int = 0,
    skip_rows: int = 0,
    footer_rows: int = 0,
    drop_columns: Sequence[str] = (),
    na: Sequence[str] = DEFAULT_NA,
    thousands: str | None = ",",
    header_join: str = "/",
    encoding: str = "auto",
    sheet: str | int = 0,
    delimiter: str | None = None,
) -> Table:
    r"""Read a wide table (regions in rows, activities or years in columns) into long form.

    Parameters
    ----------
    path : str or Path
        CSV (any supported encoding, ``.gz`` allowed) or Excel file.
    region : str or int
        Header of the region column (matched ignoring whitespace and width, so ``"地区"``
        finds ``"地  区"``), or its 0-based position.
    columns : {"activity", "time"}
        What the other columns are: activities (give ``time=`` for the table's year, or leave
        it out for a single period) or years (give ``activity=``, the one activity measured).
    time, activity : optional
        The constant year / activity for the whole table (see ``columns``).
    header_rows : int
        Rows forming the header. Multi-row headers are joined top to bottom with
        ``header_join`` (``"工业/制造业"``); an empty cell in an upper row continues the cell to
        its left (a merged cell).
    units_rows : int
        Rows after the header giving units; kept in :attr:`Table.units`, not read as data.
    skip_rows, footer_rows : int
        Non-blank rows to skip before the header (titles) and at the end (notes).
    drop_columns : sequence of str
        Column headers to leave out (totals such as ``"合计"``).
    na : sequence of str
        Missing-value markers.
    thousands : str or None
        Thousands separator removed from numbers written like ``1,234.5``.
    header_join : str
        Separator between the parts of a multi-row header.
    encoding, sheet, delimiter
        As for :func:`read_long`.

    Returns
    -------
    Table
        Columns ``region``, ``activity``, ``value`` and, when known, ``time``; one row per
        cell, with the cell's source row and column header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = "地区,工业,,服务业\n,采矿业,制造业,\n北京,1,—,3\n"
    >>> _ = (folder / "w.csv").write_bytes(text.encode("gbk"))
    >>> t = read_wide(folder / "w.csv", region="地区", header_rows=2, time=2020)
    >>> t.encoding, t.frame["activity"].tolist(), t.frame["value"].tolist()
    ('gb18030', ['工业/采矿业', '工业/制造业', '服务业'], ['1', nan, '3'])
    """
    _check_layout(columns, activity, time, header_rows=header_rows, units_rows=units_rows,
                  skip_rows=skip_rows, footer_rows=footer_rows)
    path = check_file(path)
    grid, used = _grid(path, encoding, sheet, delimiter_for(path, delimiter))
    first_data = skip_rows + header_rows + units_rows
    if len(grid) <= first_data + footer_rows:
        raise AdvantageError(
            f"{str(path)!r} has {len(grid)} non-blank rows: not enough for {skip_rows} skipped, "
            f"{header_rows} header, {units_rows} units and {footer_rows} footer rows plus data."
        )
    header = [cells for _, cells in grid[skip_rows:skip_rows + header_rows]]
    width = max(max((j + 1 for j, c in enumerate(row) if _text(c)), default=0)
                for row in header)
    labels = _header_labels(header, width, header_join)
    region_index = _find_column(path, labels, region, "region")
    dropped = {_find_column(path, labels, d, "drop_columns") for d in drop_columns}
    value_columns = [j for j in range(width) if j != region_index and j not in dropped]
    _check_labels(path, labels, value_columns, grid[skip_rows + header_rows - 1][0])
    units = _units(grid[skip_rows + header_rows:first_data], labels, value_columns)
    data = grid[first_data:len(grid) - footer_rows]
    keys = _column_keys(path, labels, value_columns, columns)
    melted = _melt(path, data, labels, width, region_index, value_columns, keys, set(na),
                   thousands)
    frame = pd.DataFrame({"region": melted["region"]})
    roles = {"region": "region", "activity": "activity", "value": "value"}
    if columns == "time":
        frame["time"] = melted["key"]
        frame["activity"] = activity
        roles["time"] = "time"
    else:
        frame["activity"] = melted["key"]
        if time is not None:
            frame["time"] = time
            roles["time"] = "time"
    frame["value"] = pd.Series(melted["value"], dtype=object)
    notes = [f"{len(data)} data rows x {len(value_columns)} columns melted to {len(frame)} cells"]
    return Table(frame, str(path), used, np.asarray(melted["row"], dtype=np.int64),
                 np.asarray(melted["cell"], dtype=object), roles, units, notes)


def _check_layout(columns: str, activity: str | None, time: Any, **rows: int) -> None:
    """Refuse a wide-table layout that cannot be read (with the option that is wrong)."""
    check_choice("columns", columns, ["activity", "time"])
    if columns == "time" and activity is None:
        raise AdvantageError("columns='time' needs activity= (the activity the table measures).")
    if columns == "time" and time is not None:
        raise AdvantageError("time= is for tables whose columns are activities; with "
                             "columns='time' the years come from the header.")
    for name, number in rows.items():
        if not isinstance(number, int) or number < 0 or (name == "header_rows" and number < 1):
            raise AdvantageError(f"{name}={number!r} is not valid; expected an integer >= "
                                 f"{1 if name == 'header_rows' else 0}.")


def _units(rows: list[tuple[int, list[Any]]], labels: list[str],
           value_columns: list[int]) -> dict[str, str]:
    """Units by column label, from the units rows under the header."""
    units: dict[str, str] = {}
    for _, cells in rows:
        for j in value_columns:
            if j < len(cells) and _text(cells[j]):
                units[labels[j]] = " ".join(filter(None, [units.get(labels[j], ""),
                                                          _text(cells[j])]))
    return units


def _melt(path: Path, data: list[tuple[int, list[Any]]], labels: list[str], width: int,
          region_index: int, value_columns: list[int], keys: dict[int, Any],
          markers: set[str], thousands: str | None) -> dict[str, list[Any]]:
    """One entry per (data row, value column): region, key, value, source row and column."""
    out: dict[str, list[Any]] = {"region": [], "key": [], "value": [], "row": [], "cell": []}
    for row_number, cells in data:
        extra = [c for c in cells[width:] if _text(c)]
        if len(cells) < width or extra:
            raise AdvantageError(
                f"{str(path)!r}, row {row_number}: the row has {len(cells)} cells but the "
                f"header has {width} columns (ragged row)."
            )
        name = _text(cells[region_index])
        if name in markers:
            raise AdvantageError(
                f"{str(path)!r}, row {row_number}: the region cell (column "
                f"{labels[region_index]!r}) is empty; remove the row or use footer_rows=/"
                f"skip_rows= for notes and titles."
            )
        for j in value_columns:
            out["region"].append(name)
            out["key"].append(keys[j])
            out["value"].append(_value(cells[j], markers, thousands))
            out["row"].append(row_number)
            out["cell"].append(labels[j])
    return out


def _find_column(path: Path, labels: list[str], wanted: str | int, role: str) -> int:
    if isinstance(wanted, int):
        if not 0 <= wanted < len(labels):
            raise AdvantageError(f"{role}={wanted} is not a column position of {str(path)!r}; "
                                 f"it has {len(labels)} columns.")
        return wanted
    matches = [j for j, label in enumerate(labels) if label == wanted]
    if not matches:
        matches = [j for j, label in enumerate(labels) if _fold(label) == _fold(wanted)]
    if len(matches) != 1:
        shown = ", ".join(repr(label) for label in labels)
        problem = "is not a column" if not matches else "matches several columns"
        raise AdvantageError(f"{role}={wanted!r} {problem} of {str(path)!r}; the header gives: "
                             f"{shown}.")
    return matches[0]


def _check_labels(path: Path, labels: list[str], value_columns: list[int], row: int) -> None:
    empty = [j + 1 for j in value_columns if not labels[j]]
    if empty:
        raise AdvantageError(f"{str(path)!r}: column(s) {empty} have no header (header ends at "
                             f"row {row}); set header_rows= or drop the columns.")
    seen: dict[str, int] = {}
    for j in value_columns:
        if labels[j] in seen:
            raise AdvantageError(f"{str(path)!r}: columns {seen[labels[j]] + 1} and {j + 1} have "
                                 f"the same header {labels[j]!r}; headers must be unique.")
        seen[labels[j]] = j


def _column_keys(path: Path, labels: list[str], value_columns: list[int],
                 columns: str) -> dict[int, Any]:
    if columns == "activity":
        return {j: labels[j] for j in value_columns}
    keys = {}
    for j in value_columns:
        text = labels[j]
        if not re.fullmatch(r"\d{4}", text):
            raise AdvantageError(f"{str(path)!r}: column {text!r} is not a year, but "
                                 f"columns='time' says every value column is one.")
        keys[j] = int(text)
    return keys


def _value(cell: Any, markers: set[str], thousands: str | None) -> Any:
    if not isinstance(cell, str):
        return cell
    text = cell.strip()
    if text in markers:
        return np.nan
    if thousands == "," and _NUMBER_WITH_THOUSANDS.match(text):
        return text.replace(",", "")
    if thousands and thousands != "," and thousands in text:
        return text.replace(thousands, "")
    return text

