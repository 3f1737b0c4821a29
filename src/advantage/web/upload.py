"""Uploads: a size-limited body, parsed in memory, validated into a panel.

Nothing from the request becomes a file path: the body is read into memory (at most
``limit`` bytes, 413 beyond), multipart parts are collected in memory (no temporary files),
the file's name is used only to tell CSV from Excel, and any copy kept is stored under a
generated name.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from python_multipart.multipart import MultipartParser, parse_options_header

from advantage._checks import AdvantageError
from advantage.panel import Panel

__all__ = ["TooLarge", "Upload", "panel_from_upload", "parse_multipart", "read_limited",
           "read_table_bytes"]

#: Most cells (periods x regions x activities) an uploaded panel may have.
MAX_CELLS = 20_000_000


class TooLarge(Exception):
    """The request body is larger than the limit."""


@dataclass(frozen=True)
class Upload:
    """The parts of an upload form: text fields and the one file."""

    fields: dict[str, str]
    filename: str
    data: bytes


async def read_limited(chunks: AsyncIterator[bytes], limit: int,
                       declared: str | None = None) -> bytes:
    """Read a request body of at most ``limit`` bytes; :class:`TooLarge` beyond it."""
    if declared is not None:
        try:
            if int(declared) > limit:
                raise TooLarge
        except ValueError:
            pass
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TooLarge
        parts.append(chunk)
    return b"".join(parts)


def parse_multipart(body: bytes, content_type: str | None) -> Upload:
    """Parse a ``multipart/form-data`` body in memory into fields and one file."""
    kind, params = parse_options_header(content_type or "")
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise AdvantageError("send the file as multipart/form-data (a form with a 'file' "
                             "field and the column roles).")
    parts: list[dict[str, Any]] = []
    state: dict[str, Any] = {"field": b"", "value": b""}

    def on_part_begin() -> None:
        parts.append({"headers": {}, "data": []})

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        parts[-1]["headers"][state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1]["data"].append(data[start:end])

    callbacks: Any = {"on_part_begin": on_part_begin, "on_header_field": on_header_field,
                      "on_header_value": on_header_value, "on_header_end": on_header_end,
                      "on_part_data": on_part_data}
    try:
        parser = MultipartParser(params[b"boundary"], callbacks)
        parser.write(body)
        parser.finalize()
    except Exception as exc:  # the parser raises several kinds on malformed input
        raise AdvantageError(f"the upload is not a valid multipart form: {exc}") from None
    fields: dict[str, str] = {}
    filename, data = "", None
    for part in parts:
        disposition = part["headers"].get(b"content-disposition", b"")
        _, options = parse_options_header(disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        content = b"".join(part["data"])
        if b"filename" in options or name == "file":
            if name == "file":
                filename = options.get(b"filename", b"").decode("utf-8", "replace")
                data = content
        elif name:
            fields[name] = content.decode("utf-8", "replace").strip()
    if data is None:
        raise AdvantageError("the form has no 'file' field: choose a CSV or Excel file.")
    return Upload(fields=fields, filename=filename, data=data)


def read_table_bytes(filename: str, data: bytes) -> pd.DataFrame:
    """Read CSV or Excel bytes (told apart by content, then by the name's extension)."""
    if not data.strip():
        raise AdvantageError("the uploaded file is empty.")
    is_excel = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    try:
        if is_excel:
            return pd.read_excel(io.BytesIO(data), engine="openpyxl")
        return pd.read_csv(io.BytesIO(data), encoding_errors="strict")
    except UnicodeDecodeError:
        raise AdvantageError("the CSV file is not UTF-8 text; save it as UTF-8 and upload "
                             "it again.") from None
    except Exception as exc:  # pandas and openpyxl raise many kinds for malformed files
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        kind = "Excel" if is_excel else "CSV"
        raise AdvantageError(f"cannot read the file as {kind}: {first[:200]}") from None


def panel_from_upload(upload: Upload) -> Panel:
    """Validate the upload's column roles and build a panel (the Panel's own messages)."""
    roles = {role: upload.fields.get(role, "").strip() for role in
             ("region", "activity", "value", "time")}
    missing = [role for role in ("region", "activity", "value") if not roles[role]]
    frame = read_table_bytes(upload.filename, upload.data)
    if missing:
        shown = ", ".join(repr(str(c)) for c in frame.columns[:20])
        raise AdvantageError(f"say which columns hold {', '.join(missing)}; the file's "
                             f"columns are: {shown}.")
    keys = [roles[r] for r in ("time", "region", "activity") if roles[r]]
    if all(k in frame.columns for k in keys):
        cells = 1
        for column in keys:
            cells *= max(int(frame[column].nunique()), 1)
        if cells > MAX_CELLS:
            raise AdvantageError(f"the panel would have {cells:,} cells (periods x regions x "
                                 f"activities); the dashboard accepts at most {MAX_CELLS:,}.")
    options = {k: upload.fields.get(k, "error") or "error" for k in ("missing", "duplicates")}
    return Panel.from_long(frame, region=roles["region"], activity=roles["activity"],
                           value=roles["value"], time=roles["time"] or None,
                           missing=options["missing"],  # type: ignore[arg-type]
                           duplicates=options["duplicates"])  # type: ignore[arg-type]
