r"""The one reader of tidy tables: a file or bytes in, text cells with their provenance out.

Every entry point (the command line, the dashboard upload, the demo) reads tables through
:func:`read_table`, so the same file gets the same fate everywhere:

- **Formats.** CSV (any delimiter, ``.gz`` allowed), Parquet and Excel ``.xlsx``/``.xlsm``,
  recognised by extension *and* by content (a ``.xlsx`` that is not a zip, a legacy or
  encrypted ``.xls`` (an OLE container), a ``.parquet`` that is not Parquet: one clear error).
- **Text cells.** CSV and Excel cells are read as text, stripped of surrounding whitespace,
  so codes keep their leading zeros (``"0101"`` is not ``101``) and labels such as ``NA``
  (Namibia) or ``None`` stay labels. Which cells mean "missing" is decided later, for the
  value column only (:func:`advantage.io.to_panel`). Parquet keeps its column types and
  its text as stored: spaces around a Parquet label are part of it (``" R1"`` and ``"R1"``
  are two regions, both of which can be asked for).
- **Encodings** are detected (:mod:`advantage.io.encoding`): UTF-8, UTF-8 with BOM, GBK or
  GB18030, Windows-1252; or given.
- **Strict rows.** A row with more or fewer cells than the header is an error naming its line;
  so are duplicate or empty header cells.
- **Line numbers.** :attr:`Table.rows` holds each data row's 1-based line in the file (the
  header is line 1), so every later message can point at the line a spreadsheet shows.
- **Limits** (:class:`Limits`) bound the work before parsing: the bytes read, the
  decompressed size of a workbook or gzip, and the number of cells.
- CSV is parsed by Arrow's multithreaded reader.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError
from advantage.io.encoding import detect_bytes, resolve_encoding, undecodable

__all__ = ["DEFAULT_NA", "EXCEL_SUFFIXES", "Limits", "Table", "check_file", "check_flat",
           "delimiter_for", "read_table", "table_kind"]

#: Cells of a value column that mean "no value" in statistical tables (after stripping).
DEFAULT_NA: tuple[str, ...] = ("", "—", "——", "-", "－", "–", "…", "……", "...", "NA", "N/A")

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    """Bounds on the work a read may cost (None: no bound).

    Attributes
    ----------
    max_bytes : int
        Bytes of the file as given (compressed).
    max_uncompressed : int
        Bytes after decompression (gzip, or a workbook's sheet XML).
    max_cells : int
        Rows x columns of the table.
    """

    max_bytes: int | None = None
    max_uncompressed: int | None = None
    max_cells: int | None = None


@dataclass
class Table:
    """Rows read from a file, with their provenance.

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows (text cells for CSV and Excel).
    source : str
        The file (or upload) the rows came from.
    encoding : str or None
        Text encoding used (None for Parquet and Excel).
    rows : numpy.ndarray or None
        For each frame row, its 1-based line (row) in the source (None when unknown).
    cells : numpy.ndarray or None
        For wide tables, the source column header of each row's value.
    roles : dict
        Column roles (``region``, ``activity``, ``value``, ``time``) when the reader knows them.
    units : dict
        Units by column, from a wide table's units rows.
    notes : list of str
        What the reader did that a user should know.
    stats : dict
        Counters (rows read, batches) for streaming readers.
    rejected : list of (reason, rows, examples)
        Rows a reader already left out (for example negative values in a streamed file).
    """

    frame: pd.DataFrame
    source: str
    encoding: str | None = None
    rows: np.ndarray | None = None
    cells: np.ndarray | None = None
    roles: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    rejected: list[tuple[str, int, list[str]]] = field(default_factory=list)

    def where(self, position: int) -> str:
        """``line N`` of the source for a frame row (``data row N`` when lines are unknown)."""
        if self.rows is not None:
            return f"line {int(self.rows[position])}"
        return f"data row {position + 1}"


def check_file(path: str | Path) -> Path:
    """``path`` as a Path when it is a non-empty file; else one clear error."""
    path = Path(path)
    if not path.exists():
        raise AdvantageError(f"input file {str(path)!r} does not exist.")
    if path.is_dir():
        raise AdvantageError(f"input {str(path)!r} is a folder, not a file.")
    if path.stat().st_size == 0:
        raise AdvantageError(f"input file {str(path)!r} is empty (0 bytes).")
    return path


def delimiter_for(name: str | Path, delimiter: str | None = None) -> str:
    """The field separator: the one given, else tab for ``.tsv``/``.tab``, else a comma."""
    if delimiter is not None:
        return delimiter
    return "\t" if {".tsv", ".tab"} & {s.lower() for s in Path(name).suffixes} else ","


def table_kind(name: str, head: bytes) -> str:
    """``"parquet"``, ``"excel"`` or ``"text"`` from a file name and its first bytes.

    Raises for content that contradicts the name, and for legacy or encrypted workbooks.

    Examples
    --------
    >>> table_kind("a.csv", b"year,region"), table_kind("upload", b"PAR1....")
    ('text', 'parquet')
    """
    suffix = Path(name).suffix.lower()
    if head.startswith(_OLE):
        raise AdvantageError(f"{name!r} is a legacy .xls workbook or an encrypted workbook, "
                             "which cannot be read; save it as .xlsx (unprotected) or CSV.")
    if suffix == ".xls":
        raise AdvantageError(f"{name!r}: legacy .xls workbooks cannot be read; save it as "
                             ".xlsx or CSV.")
    if suffix in (".parquet", ".pq") or head.startswith(b"PAR1"):
        if not head.startswith(b"PAR1"):
            raise AdvantageError(f"{name!r} is not a Parquet file (it does not start with "
                                 "the Parquet magic bytes).")
        return "parquet"
    if suffix in EXCEL_SUFFIXES or head.startswith(b"PK\x03\x04"):
        if not head.startswith(b"PK\x03\x04"):
            raise AdvantageError(f"{name!r} is not an Excel workbook (an .xlsx file is a zip "
                                 "archive, and this one is not).")
        return "excel"
    return "text"


def read_table(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    encoding: str = "auto",
    sheet: str | int = 0,
    delimiter: str | None = None,
    comment: str | None = None,
    limits: Limits | None = None,
) -> Table:
    r"""Read a tidy table from a file or from bytes (module docs give the rules).

    Parameters
    ----------
    source : str, Path or bytes
        The file, or its content (an upload).
    name : str, optional
        The file name for messages and the format (with bytes; default ``"upload"``).
    encoding : str
        ``"auto"`` or a codec name (text files).
    sheet : str or int
        Excel sheet name or 0-based position.
    delimiter : str, optional
        Field separator; default ``","`` (tab for ``.tsv``/``.tab``).
    comment : str, optional
        Text lines starting with this prefix are skipped.
    limits : Limits, optional
        Bounds checked before parsing.

    Returns
    -------
    Table

    Examples
    --------
    >>> t = read_table(b"year,reg,act,v\n2020,NA,0101,1\n2020,DE,101,2\n", name="x.csv")
    >>> t.frame.values.tolist(), t.rows.tolist()
    ([['2020', 'NA', '0101', '1'], ['2020', 'DE', '101', '2']], [2, 3])
    """
    limits = limits or Limits()
    label, data = _load(source, name, limits)
    kind = table_kind(label, data[:8])
    try:
        if kind == "parquet":
            return _parquet(data, label, limits)
        if kind == "excel":
            return _excel(data, label, sheet, limits)
        return _text(data, label, encoding, delimiter, comment, limits)
    except AdvantageError:
        raise
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        raise AdvantageError(f"cannot read {label!r}: the workbook is damaged "
                             f"({type(exc).__name__}: {_first_line(exc)}).") from None
    except (ValueError, TypeError, OSError, ImportError) as exc:
        raise AdvantageError(f"cannot read {label!r}: {_first_line(exc)}") from None


# ---------------------------------------------------------------------------- loading
def _load(source: str | Path | bytes, name: str | None, limits: Limits) -> tuple[str, bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = name or "upload"
    else:
        path = Path(source)
        label = name or str(path)
        if not path.exists() or path.is_dir():
            check_file(path)
        size = path.stat().st_size
        if limits.max_bytes is not None and size > limits.max_bytes:
            raise AdvantageError(f"{label!r} has {size:,} bytes; at most "
                                 f"{limits.max_bytes:,} are accepted here.")
        data = path.read_bytes()
    if not data:
        raise AdvantageError(f"input file {label!r} is empty (0 bytes).")
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise AdvantageError(f"{label!r} has {len(data):,} bytes; at most "
                             f"{limits.max_bytes:,} are accepted here.")
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, label, limits.max_uncompressed)
    return label, data


def _gunzip(data: bytes, label: str, cap: int | None) -> bytes:
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            while chunk := handle.read(1 << 20):
                out.write(chunk)
                if cap is not None and out.tell() > cap:
                    raise AdvantageError(f"{label!r} decompresses to more than {cap:,} bytes; "
                                         "that is more than is accepted here.")
    except (OSError, EOFError, zlib.error) as exc:
        raise AdvantageError(f"cannot read {label!r}: the gzip data is damaged "
                             f"({_first_line(exc)}).") from None
    return out.getvalue()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _cells_check(label: str, rows: int, columns: int, limits: Limits) -> None:
    if limits.max_cells is not None and rows * columns > limits.max_cells:
        raise AdvantageError(f"{label!r} has about {rows:,} rows x {columns} columns; at most "
                             f"{limits.max_cells:,} cells are accepted here.")


def _check_header(label: str, names: list[str]) -> list[str]:
    names = [str(n).strip() for n in names]
    empty = [i + 1 for i, n in enumerate(names) if not n]
    if empty:
        raise AdvantageError(f"{label!r}: header cell {empty[0]} is empty; every column needs "
                             "a name.")
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in seen:
            raise AdvantageError(f"{label!r}: columns {seen[n] + 1} and {i + 1} are both "
                                 f"called {n!r}; column names must be unique.")
        seen[n] = i
    return names


# ---------------------------------------------------------------------------- formats
def check_flat(label: str, schema: Any, columns: list[str] | None = None) -> None:
    """Refuse Parquet columns (all, or those named) that hold lists, structs or maps."""
    import pyarrow as pa

    nested = [f.name for f in schema if (columns is None or f.name in columns)
              and (pa.types.is_nested(f.type) or pa.types.is_dictionary(f.type)
                   and pa.types.is_nested(f.type.value_type))]
    if nested:
        raise AdvantageError(f"{label!r}: columns {nested!r} hold nested values (lists, "
                             "structs or maps); a tidy table needs one plain value per cell.")


def _parquet(data: bytes, label: str, limits: Limits) -> Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(pa.BufferReader(data))
        meta = handle.metadata
        _cells_check(label, meta.num_rows, meta.num_columns, limits)
        table = handle.read()
    except pa.ArrowException as exc:
        raise AdvantageError(f"cannot read {label!r} as Parquet: {_first_line(exc)}") from None
    check_flat(label, table.schema)
    names = _check_header(label, table.column_names)
    if table.num_rows == 0:
        raise AdvantageError(f"input file {label!r} has no rows.")
    frame = table.to_pandas()
    frame.columns = names
    return Table(frame, label, None, np.arange(1, len(frame) + 1))


def _excel(data: bytes, label: str, sheet: str | int, limits: Limits) -> Table:
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if limits.max_uncompressed is not None and unpacked > limits.max_uncompressed:
            raise AdvantageError(f"{label!r} unpacks to {unpacked:,} bytes; at most "
                                 f"{limits.max_uncompressed:,} are accepted here.")
        if "xl/workbook.xml" not in archive.namelist():
            raise AdvantageError(f"{label!r} is a zip archive but not an Excel workbook.")
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = book.sheetnames
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise AdvantageError(f"{label!r} has {len(names)} sheets; sheet={sheet} does "
                                     "not exist.")
            ws = book[names[sheet]]
        elif sheet in names:
            ws = book[sheet]
        else:
            raise AdvantageError(f"{label!r} has no sheet {sheet!r}; it has {names!r}.")
        max_rows = None
        rows: list[list[str]] = []
        lines: list[int] = []
        header: list[str] | None = None
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                while cells and not cells[-1]:
                    cells.pop()
                header = _check_header(label, cells)
                if limits.max_cells is not None:
                    max_rows = limits.max_cells // max(len(header), 1)
                continue
            extra = cells[len(header):]
            if any(extra):
                raise AdvantageError(f"{label!r}, row {number}: the row has cells beyond the "
                                     f"header's {len(header)} columns.")
            rows.append((cells + [""] * len(header))[:len(header)])
            lines.append(number)
            if max_rows is not None and len(rows) > max_rows:
                raise AdvantageError(f"{label!r} has more than {max_rows:,} rows x "
                                     f"{len(header)} columns; at most {limits.max_cells:,} "
                                     "cells are accepted here.")
    finally:
        book.close()
    if header is None:
        raise AdvantageError(f"input file {label!r} has no rows.")
    if not rows:
        raise AdvantageError(f"input file {label!r} has a header but no data rows.")
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return Table(frame, label, None, np.asarray(lines, dtype=np.int64))


def _cell_text(value: Any) -> str:
    """An Excel cell as text: integers without ``.0``, dates in ISO form, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def _text(data: bytes, label: str, encoding: str, delimiter: str | None,
          comment: str | None, limits: Limits) -> Table:
    sep = delimiter_for(label, delimiter)
    used = detect_bytes(data, repr(label)) if encoding == "auto" else resolve_encoding(
        Path(label), encoding)
    try:
        text = data.decode(used)
    except UnicodeDecodeError as exc:
        raise undecodable(label, data, used, exc, sep) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _plain_lines(text, comment):
        return _text_lines(text, label, sep, comment, limits, used)
    # every line holds a row: no list of lines is built (the common case, and the big files)
    text = text.rstrip("\r\n") + "\n"
    n_lines = text.count("\n")
    first = text[:text.find("\n")] if "\n" in text else text
    header = _check_header(label, next(csv.reader([first.rstrip("\r")], delimiter=sep)))
    _cells_check(label, n_lines - 1, len(header), limits)
    if n_lines == 1:
        raise AdvantageError(f"input file {label!r} has a header but no data rows.")
    kept = range(1, n_lines + 1)
    frame = _arrow_csv(text, label, sep, header, kept)
    rows = (np.arange(2, n_lines + 1, dtype=np.int64) if len(frame) == n_lines - 1
            else _line_numbers(text, sep, list(kept)))
    return Table(frame, label, used, rows)


#: Bytes that may begin a blank or white-space-only line when they follow a line break.
_BLANK_STARTS = (0x0A, 0x0D, 0x20, 0x09, 0x0B, 0x0C)
#: ASCII line breaks other than \n and \r (str.splitlines splits on them too) ...
_OTHER_BREAK_BYTES = (0x0B, 0x0C, 0x1C, 0x1D, 0x1E)
#: ... and the others, outside ASCII.
_OTHER_BREAK_CHARS = ("\x85", "\u2028", "\u2029")


def _plain_lines(text: str, comment: str | None) -> bool:
    """True when every line is a row: no blank, whitespace-only or comment line.

    One vectorised pass over the control bytes finds the line breaks; the regular
    expression that names a blank line runs only when some line starts with white space.
    """
    import re

    body = text.rstrip("\r\n")
    if not body.strip() or not body[:1].strip():
        return False
    raw = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    control = np.flatnonzero(raw < 0x20)
    kinds = raw[control]
    if np.isin(kinds, _OTHER_BREAK_BYTES).any() or any(c in body for c in _OTHER_BREAK_CHARS):
        return False  # other line breaks: the careful path splits on them as it always did
    returns = control[kinds == 0x0D]
    if len(returns) and (returns[-1] + 1 >= len(raw) or (raw[returns + 1] != 0x0A).any()):
        return False  # a lone carriage return is a line break too
    breaks = control[kinds == 0x0A]  # the body does not end with one, so +1 is in range
    if np.isin(raw[breaks + 1], _BLANK_STARTS).any() and re.search(
            r"\n[ \t\r\f\v]*(?:\n|$)", body):
        return False
    return not (comment and re.search(rf"(?:^|\n)[ \t]*{re.escape(comment)}", body))


def _text_lines(text: str, label: str, sep: str, comment: str | None, limits: Limits,
                used: str) -> Table:
    """Read text with blank or comment lines: rows keep their own file line numbers."""
    lines = text.splitlines()
    kept = [i for i, line in enumerate(lines, start=1)
            if line.strip() and not (comment and line.lstrip().startswith(comment))]
    if not kept:
        raise AdvantageError(f"input file {label!r} has no rows (only blank or comment lines).")
    text = "\n".join(lines[i - 1] for i in kept)
    header = _check_header(label, next(csv.reader([lines[kept[0] - 1]], delimiter=sep)))
    _cells_check(label, len(kept) - 1, len(header), limits)
    if len(kept) == 1:
        raise AdvantageError(f"input file {label!r} has a header but no data rows.")
    frame = _arrow_csv(text, label, sep, header, kept)
    rows = (np.asarray(kept[1:], dtype=np.int64) if len(frame) == len(kept) - 1
            else _line_numbers(text, sep, kept))
    return Table(frame, label, used, rows)


def _arrow_csv(text: str, label: str, sep: str, header: list[str],
               kept: Sequence[int]) -> pd.DataFrame:
    """Parse CSV text with Arrow, every column as text; strict about ragged rows.

    Parsing first assumes no quoted cell spans lines (the fast, parallel path); when rows
    come out ragged it retries allowing multi-line cells, and only rows ragged then too are
    errors.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    payload = text.encode("utf-8")
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in header},
                                   strings_can_be_null=False,
                                   quoted_strings_can_be_null=False)
    read = pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=True)
    for multiline in (False, True):
        bad: list[Any] = []

        def on_invalid(row: Any, found: list[Any] = bad) -> str:
            found.append(row)
            return "skip"

        options = pacsv.ParseOptions(delimiter=sep, newlines_in_values=multiline,
                                     invalid_row_handler=on_invalid)
        try:
            table = pacsv.read_csv(pa.BufferReader(payload), read_options=read,
                                   parse_options=options, convert_options=convert)
        except pa.ArrowException as exc:
            if not multiline and '"' in text:
                continue
            raise AdvantageError(f"cannot read {label!r}: {_first_line(exc)}") from None
        if not bad:
            break
        if multiline or '"' not in text:
            raise AdvantageError(_ragged(text, label, sep, len(header), kept))
    else:  # pragma: no cover - the loop either breaks or raises
        raise AdvantageError(_ragged(text, label, sep, len(header), kept))
    trimmed = pa.table({f"c{i}": pc.utf8_trim_whitespace(table.column(i))
                        for i in range(len(header))})
    frame = trimmed.to_pandas()  # text columns, without a Python object per cell
    frame.columns = pd.Index(header, dtype=object)
    return frame


def _line_numbers(text: str, sep: str, kept: list[int]) -> np.ndarray:
    """1-based source lines of the data rows when quoted cells span lines."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    starts, start = [], 1
    for _ in reader:
        starts.append(start)
        start = reader.line_num + 1
    return np.asarray([kept[s - 1] for s in starts[1:]], dtype=np.int64)


def _ragged(text: str, label: str, sep: str, width: int, kept: Sequence[int]) -> str:
    """The message for ragged rows: the first few lines and how many cells they have."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    found: list[str] = []
    count, start = 0, 1
    for cells in reader:
        if len(cells) != width and start > 1:
            count += 1
            if len(found) < 3:
                found.append(f"line {kept[start - 1]} has {len(cells)}")
        start = reader.line_num + 1
    shown = "; ".join(found) or "a row does not match the header"
    more = f" (and {count - len(found)} more)" if count > len(found) else ""
    return (f"{label!r}: rows must have as many cells as the header ({width}); {shown}{more}. "
            "Fix those rows, or quote cells that contain the delimiter.")

