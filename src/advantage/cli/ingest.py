"""``advantage ingest``: a long table, a wide yearbook table or firm microdata into a workspace."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import (
    CommandError,
    Duplicates,
    DuplicatesOpt,
    MeasureOpt,
    Missing,
    MissingOpt,
    Normalise,
    NormaliseOpt,
    Unmatched,
    UnmatchedOpt,
    progress,
)

__all__ = ["Engine", "Negative", "register"]


class Negative(StrEnum):
    """Negative values."""

    error = "error"
    reject = "reject"


class Engine(StrEnum):
    """Where microdata are aggregated."""

    duckdb = "duckdb"
    spark = "spark"


EXAMPLE = """
Examples:

  advantage ingest exports.csv --workspace ws.duckdb --name exports --region origin
  --activity hs92 --value export_val --time year

  advantage ingest yearbook_2020.csv --workspace ws.duckdb --name emp2020 --wide
  --region 地区 --header-rows 2 --units-rows 1 --year 2020 --missing zero

  advantage ingest firms.parquet --workspace ws.duckdb --name firms --microdata
  --region province --activity industry_code --time year --value employees --level 2

  advantage ingest firms.csv --workspace ws.duckdb --name firm_records --records
  --firm firm_id --region province --activity industry_code --time year --value employees

--records stores the rows as they are (firm records for advantage leads), with their column
roles; codes stay text.
"""

Opt = typer.Option


def ingest(
    input: Annotated[Path, typer.Argument(help="CSV (any encoding, .gz), Parquet or Excel, "
                                               "or a catalogued data set's name (e.g. "
                                               "china_provincial_io).")],
    workspace: Annotated[Path, Opt("--workspace", help="Workspace file (DuckDB).")],
    name: Annotated[str, Opt("--name", help="Name of the data set in the workspace.")],
    region: Annotated[str | None, Opt("--region", help="Column holding the region.")] = None,
    activity: Annotated[str | None, Opt("--activity", help="Column holding the activity.")]
    = None,
    value: Annotated[str | None, Opt("--value", help="Column holding the value (microdata: "
                                                     "the size measure; omit to count).")]
    = None,
    time: Annotated[str | None, Opt("--time", help="Column holding the year.")] = None,
    wide: Annotated[bool, Opt("--wide", help="Wide table: regions in rows, every other "
                                             "column an activity.")] = False,
    header_rows: Annotated[int, Opt("--header-rows", help="Wide: rows forming the header.")]
    = 1,
    units_rows: Annotated[int, Opt("--units-rows", help="Wide: units rows after the header.")]
    = 0,
    skip_rows: Annotated[int, Opt("--skip-rows", help="Wide: title rows before the header.")]
    = 0,
    footer_rows: Annotated[int, Opt("--footer-rows", help="Wide: note rows at the end.")] = 0,
    year: Annotated[int | None, Opt("--year", help="Wide: the table's year.")] = None,
    drop_column: Annotated[list[str] | None, Opt("--drop-column",
                                                 help="Wide: leave out this column (repeat).")]
    = None,
    na: Annotated[list[str] | None, Opt("--na", help="Missing-value marker (repeat); default "
                                                     "'', —, -, …, ..., NA and similar.")]
    = None,
    encoding: Annotated[str, Opt("--encoding", help="auto, utf-8, gbk, gb18030, ...")] = "auto",
    microdata: Annotated[bool, Opt("--microdata", help="Firm/plant records to aggregate.")]
    = False,
    records: Annotated[bool, Opt("--records", help="Store firm records as they are (for "
                                                   "advantage leads), not a panel.")] = False,
    firm: Annotated[str | None, Opt("--firm", help="Records: column holding the firm "
                                                   "identifier.")] = None,
    firm_name: Annotated[str | None, Opt("--firm-name", help="Records: column holding the "
                                                             "firm's name.")] = None,
    level: Annotated[int | None, Opt("--level", help="Microdata: keep the first DIGITS of "
                                                     "the activity code.")] = None,
    code_width: Annotated[int | None, Opt("--code-width", help="Microdata: zero-pad codes "
                                                               "to this width first.")] = None,
    engine: Annotated[Engine, Opt("--engine", help="Microdata: duckdb or spark.")]
    = Engine.duckdb,
    stream: Annotated[bool, Opt("--stream", help="Long table: read in batches (big files; "
                                                 "automatic above 256 MB).")] = False,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.reject,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    negative: Annotated[Negative, Opt("--negative", help="Negative values: error, or reject "
                                                         "to leave the rows out (reported).")]
    = Negative.error,
    source: Annotated[str | None, Opt("--source", help="Where the data come from.")] = None,
    licence: Annotated[str, Opt("--licence", help="Licence of the data.")] = "",
    units: Annotated[str, Opt("--units", help="Units of the values.")] = "",
    measure: MeasureOpt = None,
) -> None:
    """Read INPUT, validate it, and store it as a panel in the workspace.

    Prints rows read, rows rejected and why, and region names that did not match. INPUT may
    name a catalogued data set instead of a file (its column roles are known).
    """
    from advantage.cli._common import catalogued_name, check_outputs
    from advantage.io import DEFAULT_NA, read_panel
    from advantage.io.workspace import Workspace

    catalogued = catalogued_name(input)
    if catalogued is not None:
        _ingest_catalogued(catalogued, workspace, name, measure,
                           (region, activity, value, time))
        return
    if measure is not None:
        raise CommandError("--measure applies to a catalogued data set given as INPUT.")
    if records:
        _store_records(input, workspace, name, {"firm": firm, "region": region,
                                                "activity": activity, "time": time,
                                                "size": value, "name": firm_name},
                       wide or microdata, source, licence, units)
        return
    if firm is not None or firm_name is not None:
        raise CommandError("--firm and --firm-name go with --records.")
    if region is None:
        raise CommandError("a table needs --region (the column holding the region).")

    layout = "microdata" if microdata else "wide" if wide else "long"
    wide_options = {"header_rows": header_rows, "units_rows": units_rows,
                    "skip_rows": skip_rows, "footer_rows": footer_rows,
                    "drop_columns": drop_column or ()}
    micro_options = {"level": level, "code_width": code_width, "engine": engine.value}
    _check_options(input, wide, microdata, activity, value, time, year, wide_options,
                   micro_options)
    check_outputs([input], [workspace])
    ws = Workspace(workspace)  # checks the workspace before any reading work
    markers = tuple(na) if na else DEFAULT_NA
    with progress(f"reading {input.name}") as advance:
        panel, report = read_panel(
            input, region=region, activity=activity, value=value,
            time=str(year) if wide and year is not None else time,
            layout=layout, encoding=encoding, na=markers,  # type: ignore[arg-type]
            missing=missing.value, duplicates=duplicates.value,
            negative=negative.value, normalise=normalise.value,
            unmatched=unmatched.value,
            stream=True if stream else None, progress=lambda rows: advance(),
            wide=wide_options if wide else None,
            microdata=micro_options if microdata else None)
    if report.units and not units:
        units = "; ".join(f"{k}: {v}" for k, v in report.units.items())
    metadata = {"source": source or str(input), "licence": licence, "units": units,
                "column_roles": _roles(layout, region, activity, value, time, year),
                "normaliser": report.normaliser,
                "encoding": report.encoding, "rows_read": report.rows_read,
                "rows_rejected": report.rows_rejected, "unmatched": report.unmatched,
                "region_map": report.region_map}
    ws.ingest_panel(name, panel, metadata)
    n_t, n_r, n_a = panel.shape
    typer.echo(f"ingested {name!r} into {str(workspace)}: {n_t} periods x {n_r} regions x "
               f"{n_a} activities")
    typer.echo(report.summary())


def _ingest_catalogued(dataset: str, workspace: Path, name: str, measure: str | None,
                       roles: tuple[Any, ...]) -> None:
    """Store a catalogued data set (e.g. china_provincial_io) as it loads for the analyses."""
    from advantage.cli._common import load_catalogued
    from advantage.io.catalogue import dataset_info
    from advantage.io.workspace import Workspace

    ws = Workspace(workspace)
    panel, _ = load_catalogued(dataset, measure, roles)
    info = dataset_info(dataset)
    ws.ingest_panel(name, panel, {"source": f"{dataset}: {info.get('source', '')}",
                                  "licence": str(info.get("licence", "")),
                                  "units": str(info.get("units", "")),
                                  "measure": measure or "default"})
    n_t, n_r, n_a = panel.shape
    typer.echo(f"ingested {name!r} into {str(workspace)} from the data set {dataset!r}: "
               f"{n_t} periods x {n_r} regions x {n_a} activities")


def _store_records(input: Path, workspace: Path, name: str, roles: dict[str, str | None],
                   other_layout: bool, source: str | None, licence: str, units: str) -> None:
    """Store firm records as they are, with their column roles, for ``advantage leads``."""
    from advantage.cli._common import check_outputs
    from advantage.io import read_table
    from advantage.io.workspace import Workspace

    if other_layout:
        raise CommandError("--records stores rows as they are; drop --wide and --microdata.")
    needed = {k: v for k, v in roles.items() if k != "name"}
    absent = [f"--{'value' if k == 'size' else k}" for k, v in needed.items() if not v]
    if absent:
        raise CommandError(f"--records needs {', '.join(absent)} (the columns of the firm "
                           "records).")
    if not input.exists():
        raise CommandError(f"input file {str(input)!r} does not exist.")
    check_outputs([input], [workspace])
    ws = Workspace(workspace)
    with progress(f"reading {input.name}"):
        frame = read_table(input).frame
    missing = [c for c in roles.values() if c is not None and c not in frame.columns]
    if missing:
        raise CommandError(f"columns {missing!r} are not in {input.name!r}; it has "
                           f"{list(map(str, frame.columns))!r}.")
    kept = {k: v for k, v in roles.items() if v is not None}
    ws.save_result(name, "firm_records", frame,
                   {"roles": kept, "source": source or str(input), "licence": licence,
                    "units": units})
    typer.echo(f"stored {len(frame)} firm records as {name!r} in {str(workspace)} "
               f"({frame[kept['firm']].nunique()} firms)")


def _check_options(input: Path, wide: bool, microdata: bool, activity: str | None,
                   value: str | None, time: str | None, year: int | None,
                   wide_options: dict[str, Any], micro_options: dict[str, Any]) -> None:
    """Refuse options that do not fit the layout, before any reading work."""
    if wide and microdata:
        raise CommandError("--wide and --microdata exclude each other.")
    if wide and (activity or value or time):
        raise CommandError("with --wide every column other than --region is an activity and the "
                           "cells are the values: drop --activity/--value/--time (use --year).")
    if not microdata and (micro_options["level"] is not None
                          or micro_options["code_width"] is not None
                          or micro_options["engine"] != Engine.duckdb.value):
        raise CommandError("--level, --code-width and --engine apply to --microdata only.")
    changed = wide_options != {"header_rows": 1, "units_rows": 0, "skip_rows": 0,
                               "footer_rows": 0, "drop_columns": ()}
    if not wide and (year is not None or changed):
        raise CommandError("--year, --header-rows, --units-rows, --skip-rows, --footer-rows and "
                           "--drop-column apply to --wide tables only.")
    if not input.exists():
        raise CommandError(f"input file {str(input)!r} does not exist.")
    if microdata and (activity is None or time is None):
        raise CommandError("--microdata needs --activity and --time.")
    if not wide and not microdata and (activity is None or value is None):
        raise CommandError("a long table needs --activity and --value (or use --wide or "
                           "--microdata).")


def _roles(layout: str, region: str, activity: str | None, value: str | None,
           time: str | None, year: int | None) -> dict[str, str]:
    """The column roles recorded with the data set."""
    if layout == "microdata":
        return {"region": region, "activity": str(activity), "time": str(time),
                "value": value or "count"}
    if layout == "wide":
        return {"region": region, "activity": "(column headers)", "value": "(cells)",
                **({"time": str(year)} if year is not None else {})}
    return {"region": region, "activity": str(activity), "value": str(value),
            **({"time": time} if time else {})}


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("ingest", help=(ingest.__doc__ or "") + EXAMPLE)(ingest)
