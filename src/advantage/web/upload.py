"""Uploads: a size-limited body, parsed in memory, validated into a panel.

Nothing from the request becomes a file path: the body is read into memory (at most
``limit`` bytes, 413 beyond), multipart parts are collected in memory (no temporary files),
the file's name is used only to tell CSV from Excel, and any copy kept is stored under a
generated name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from python_multipart.multipart import MultipartParser, parse_options_header

from advantage._checks import AdvantageError
from advantage.io.tables import Limits
from advantage.panel import Panel

__all__ = ["MAX_LABEL_LENGTH", "TooLarge", "Upload", "WorkLimits", "panel_from_upload",
           "parse_multipart", "read_limited"]

#: Longest region or activity label (characters) the dashboard accepts in an upload, and so
#: the longest one a request may name: every label uploaded can be asked for.
MAX_LABEL_LENGTH = 1000


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


def panel_from_upload(upload: Upload, limits: WorkLimits | None = None) -> Panel:
    """Read an upload through the one road in, within the work limits, and build its panel.

    The bytes are read by :func:`advantage.io.read_table` (CSV in any supported encoding,
    Excel, Parquet) with bounds on the decompressed size and the cell count checked before
    parsing; the panel's size (periods, regions, activities) is checked before any indicator
    is computed, so a small upload cannot cost minutes of work.
    """
    from advantage.io import read_table, to_panel

    limits = limits or WorkLimits()
    roles = {role: upload.fields.get(role, "").strip() for role in
             ("region", "activity", "value", "time")}
    if not upload.data.strip():
        raise AdvantageError("the uploaded file is empty.")
    workbook = upload.data[:4] == b"PK\x03\x04"  # parsing sheet XML costs most per byte
    table = read_table(upload.data, name=_safe_name(upload.filename),
                       limits=Limits(max_uncompressed=limits.max_workbook_uncompressed
                                     if workbook else limits.max_uncompressed,
                                     max_cells=limits.max_table_cells))
    missing = [role for role in ("region", "activity", "value") if not roles[role]]
    if missing:
        shown = ", ".join(repr(str(c)) for c in table.frame.columns[:20])
        raise AdvantageError(f"say which columns hold {', '.join(missing)}; the file's "
                             f"columns are: {shown}.")
    keys = {r: roles[r] for r in ("time", "region", "activity") if roles[r]}
    if all(k in table.frame.columns for k in keys.values()):
        limits.check({r: int(table.frame[c].nunique()) for r, c in keys.items()})
    options = {k: upload.fields.get(k, "error") or "error" for k in ("missing", "duplicates")}
    for key, allowed in (("missing", ("error", "zero")), ("duplicates", ("error", "sum"))):
        if options[key] not in allowed:
            raise AdvantageError(f"{key}={options[key]!r} is not valid; expected one of "
                                 f"{', '.join(repr(a) for a in allowed)}.")
    panel, _ = to_panel(table, region=roles["region"], activity=roles["activity"],
                        value=roles["value"], time=roles["time"] or None,
                        missing=options["missing"],  # type: ignore[arg-type]
                        duplicates=options["duplicates"])  # type: ignore[arg-type]
    limits.check_labels(panel)
    return panel


def _safe_name(filename: str) -> str:
    """The upload's base name, printable, for messages and the format (never a path)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:80] or "upload"


@dataclass(frozen=True)
class WorkLimits:
    """How much work one upload may cause (checked before the work is done).

    The cost of the indicators grows with regions x activities per period (presence,
    density) and with activities squared (proximity), so both are bounded, not only the
    bytes of the file. A workbook's sheet XML is bounded more tightly than text, because
    parsing it costs about ten times as much per byte (16 MB is about 150,000 rows of four
    cells; larger workbooks are read by the command line, or uploaded as CSV).
    """

    max_uncompressed: int = 64 * 1024 * 1024
    max_workbook_uncompressed: int = 16 * 1024 * 1024
    max_table_cells: int = 8_000_000
    max_cells: int = 10_000_000
    max_period_cells: int = 1_000_000
    max_activities: int = 1_500
    max_regions: int = 5_000
    max_label_length: int = MAX_LABEL_LENGTH

    def check_labels(self, panel: Panel) -> None:
        """Raise naming the first region or activity label longer than the requests allow."""
        for axis in ("region", "activity"):
            for label in panel.axis(axis):
                text = str(label)
                if len(text) > self.max_label_length:
                    raise AdvantageError(
                        f"the {axis} label {text[:40]!r}... has {len(text):,} characters; the "
                        f"dashboard accepts labels of at most {self.max_label_length:,}, so "
                        "every label can be asked for. Shorten it, or use the command line.")

    def check(self, counts: dict[str, int]) -> None:
        """Raise naming the bound a panel of these many periods, regions, activities breaks."""
        times = counts.get("time", 1)
        regions, activities = counts.get("region", 1), counts.get("activity", 1)
        period = regions * activities
        checks = [
            (activities > self.max_activities,
             f"{activities:,} activities; the dashboard accepts at most "
             f"{self.max_activities:,}"),
            (regions > self.max_regions,
             f"{regions:,} regions; the dashboard accepts at most {self.max_regions:,}"),
            (period > self.max_period_cells,
             f"{period:,} region x activity cells per period; the dashboard accepts at most "
             f"{self.max_period_cells:,}"),
            (period * times > self.max_cells,
             f"{period * times:,} cells (periods x regions x activities); the dashboard "
             f"accepts at most {self.max_cells:,}"),
        ]
        for broken, text in checks:
            if broken:
                raise AdvantageError(f"the panel would have {text}. Use the command line "
                                     "(advantage indicators, report) for larger panels.")
