"""One road in: a file (or an upload's bytes) to a validated panel and a report.

:func:`read_panel` is what every entry point calls (the analysis commands, ``ingest``, the
dashboard upload, the demo). It chooses the reader for the table's layout and size, then
builds the panel with :func:`~advantage.io.prepare.to_panel`, whose last step is
:meth:`advantage.Panel.from_long`, the one validator:

=============  ===========================================================================
layout         reader
=============  ===========================================================================
``long``       :func:`~advantage.io.tables.read_table` (one row per cell); files above
               :data:`STREAM_BYTES` (or ``stream=True``) are read in batches and summed by
               key (:func:`~advantage.io.stream.stream_long`)
``wide``       :func:`~advantage.io.readers.read_wide` (regions in rows, activities in
               columns, yearbook style)
``microdata``  :func:`~advantage.io.microdata.aggregate_microdata` (firm or plant records,
               aggregated on DuckDB or Spark)
=============  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from advantage._checks import AdvantageError, check_choice
from advantage.io.prepare import IngestReport, Normalise, to_panel
from advantage.io.tables import DEFAULT_NA, Limits, read_table
from advantage.panel import Panel

__all__ = ["LAYOUTS", "STREAM_BYTES", "read_panel"]

#: Table layouts :func:`read_panel` reads.
LAYOUTS = ("long", "wide", "microdata")

#: Long files larger than this are read in batches (bytes on disk).
STREAM_BYTES = 256 << 20


def read_panel(
    source: str | Path | bytes,
    *,
    region: str,
    activity: str | None = None,
    value: str | None = None,
    time: str | None = None,
    layout: Literal["long", "wide", "microdata"] = "long",
    name: str | None = None,
    encoding: str = "auto",
    sheet: str | int = 0,
    delimiter: str | None = None,
    na: Sequence[str] = DEFAULT_NA,
    missing: Literal["error", "zero"] = "error",
    duplicates: Literal["error", "sum"] = "error",
    negative: Literal["error", "reject"] = "error",
    normalise: Normalise = "none",
    unmatched: Literal["reject", "error"] = "error",
    limits: Limits | None = None,
    stream: bool | None = None,
    wide: dict[str, Any] | None = None,
    microdata: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[Panel, IngestReport]:
    r"""Read a table (file or bytes) and build a validated panel with a report.

    Parameters
    ----------
    source : str, Path or bytes
        The file, or an upload's content (then ``name`` gives its file name).
    region, activity, value, time : str
        Column roles (``wide``: only ``region``; ``microdata``: ``value`` optional, counting
        records without it).
    layout : {"long", "wide", "microdata"}
        How the table is laid out (module docs).
    name : str, optional
        File name for messages and the format, with bytes.
    encoding, sheet, delimiter : optional
        As in :func:`~advantage.io.tables.read_table`.
    na : sequence of str
        Value cells meaning "missing".
    missing, duplicates, negative, normalise, unmatched : str
        As in :func:`~advantage.io.prepare.to_panel`.
    limits : Limits, optional
        Bounds on the reading work (the dashboard sets them).
    stream : bool, optional
        Read a long table in batches (default: when the file is larger than
        :data:`STREAM_BYTES`).
    wide : dict, optional
        Options of :func:`~advantage.io.readers.read_wide` (``header_rows``, ``time``, ...).
    microdata : dict, optional
        Options of :func:`~advantage.io.microdata.aggregate_microdata` (``level``, ``engine``).
    progress : callable, optional
        Called with the rows read so far while streaming.

    Returns
    -------
    (Panel, IngestReport)

    Examples
    --------
    >>> panel, report = read_panel(b"year,reg,act,v\n2020,a,0101,1\n2020,b,101,2\n",
    ...                            name="t.csv", region="reg", activity="act", value="v",
    ...                            time="year")
    >>> list(panel.activities), report.rows_used
    (['0101', '101'], 2)
    """
    check_choice("layout", layout, LAYOUTS)
    if layout == "microdata":
        return _microdata(source, region, activity, value, time, encoding, normalise,
                          microdata or {}, progress is not None)
    if layout == "wide":
        if activity is not None or value is not None:
            raise AdvantageError("with a wide table every column other than the region is an "
                                 "activity and the cells are the values: leave out activity "
                                 "and value (give the table's year as time).")
        return _wide(source, region, time, encoding, sheet, delimiter, na, missing,
                     duplicates, negative, normalise, unmatched, wide or {})
    if activity is None or value is None:
        raise AdvantageError("a long table needs activity= and value= (--activity, --value); "
                             "for other layouts use the wide or microdata layout.")
    big = (not isinstance(source, bytes | bytearray | memoryview)
           and Path(source).is_file() and Path(source).stat().st_size > STREAM_BYTES)
    if stream or (stream is None and big):
        if isinstance(source, bytes | bytearray | memoryview):
            raise AdvantageError("streaming reads files, not uploaded bytes.")
        from advantage.io.stream import stream_long

        table = stream_long(source, region=region, activity=activity, value=value, time=time,
                            encoding=encoding, na=na, missing=missing, negative=negative,
                            duplicates=duplicates, delimiter=delimiter, on_batch=progress)
    else:
        table = read_table(source, name=name, encoding=encoding, sheet=sheet,
                           delimiter=delimiter, limits=limits)
    return to_panel(table, region=region, activity=activity, value=value, time=time,
                    normalise=normalise, unmatched=unmatched, missing=missing,
                    negative=negative, duplicates=duplicates, na=na)


def _wide(source: Any, region: str, time: Any, encoding: str, sheet: str | int,
          delimiter: str | None, na: Sequence[str], missing: Any, duplicates: Any,
          negative: Any, normalise: Any, unmatched: Any,
          options: dict[str, Any]) -> tuple[Panel, IngestReport]:
    from advantage.io.readers import read_wide

    if isinstance(source, bytes | bytearray | memoryview):
        raise AdvantageError("wide tables are read from files.")
    table = read_wide(source, region=region, time=time, encoding=encoding, sheet=sheet,
                      delimiter=delimiter, na=na, **options)
    return to_panel(table, normalise=normalise, unmatched=unmatched, missing=missing,
                    negative=negative, duplicates=duplicates, na=na)


def _microdata(source: Any, region: str, activity: str | None, value: str | None,
               time: str | None, encoding: str, normalise: Any, options: dict[str, Any],
               progress: bool) -> tuple[Panel, IngestReport]:
    from advantage.io.microdata import aggregate_microdata

    if isinstance(source, bytes | bytearray | memoryview):
        raise AdvantageError("firm microdata are read from files.")
    if activity is None or time is None:
        raise AdvantageError("microdata need activity= and time= (--activity, --time).")
    return aggregate_microdata(source, region=region, activity=activity, time=time,
                               value=value, normalise=normalise, encoding=encoding,
                               progress=progress, **options)
