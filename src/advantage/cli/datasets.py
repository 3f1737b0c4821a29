"""``advantage datasets``: list the reference data sets, describe one, fetch one, write a panel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import CommandError, Lang, LangOpt, write_table

__all__ = ["register"]

datasets_app = typer.Typer(
    name="datasets", no_args_is_help=True, add_completion=False,
    help=("Reference data sets: list, info NAME, fetch NAME, panel NAME; and the data sets "
          "stored in a workspace: list --workspace WS, remove NAME --workspace WS.\n\n"
          "Examples:\n\n  advantage datasets list\n\n  advantage datasets info us_gva\n\n"
          "  advantage datasets list --workspace ws.duckdb\n\n"
          "  advantage datasets remove upload-3 --workspace ws.duckdb\n\n"
          "  advantage datasets fetch pyecomplexity_trade\n\n"
          "  advantage datasets panel china_provincial_io --measure gross_output --out go.csv"
          "\n\n"
          "Data come from ADVANTAGE_DATA (default ../shared/data) or the cache "
          "(ADVANTAGE_CACHE), else are downloaded from a mirror (ADVANTAGE_MIRROR) or the "
          "publisher, checksum verified."),
)


WorkspaceOpt = Annotated[Path | None, typer.Option(
    "--workspace", help="A workspace (DuckDB file): list or remove the data sets stored in it.")]


@datasets_app.command("list")
def list_(workspace: WorkspaceOpt = None) -> None:
    """List every catalogued data set and whether it is available here.

    With --workspace, list the data sets and results stored in that workspace instead.
    """
    if workspace is not None:
        _list_stored(workspace)
        return
    from advantage.config import data_dir_problem
    from advantage.io.catalogue import list_datasets

    problem = data_dir_problem()
    if problem is not None:
        typer.echo(f"note: {problem}; until then only the cache and downloads are used.",
                   err=True)
    table = list_datasets()
    width = max(len(n) for n in table["name"])
    for row in table.itertuples(index=False):
        typer.echo(f"{row.name:<{width}}  {row.available:<8}  {row.title}")


def _list_stored(workspace: Path) -> None:
    from advantage.io.workspace import Workspace

    ws = Workspace(workspace)
    stored, results = ws.datasets(), ws.results()
    if not len(stored) and not len(results):
        typer.echo(f"workspace {str(workspace)!r} holds no data sets yet.")
        return
    for row in stored.itertuples(index=False):
        typer.echo(f"{row.name}  data set  {row.row_count} cells  {row.source}")
    for row in results.itertuples(index=False):
        typer.echo(f"{row.name}  result ({row.kind})  {row.row_count} rows")


@datasets_app.command("remove")
def remove_(
    name: Annotated[str, typer.Argument(help="Stored data set or result to remove.")],
    workspace: Annotated[Path, typer.Option(
        "--workspace", help="The workspace (DuckDB file) that stores it.")],
) -> None:
    """Remove a data set (or result) stored in a workspace; the others are untouched.

    Works on a data set that can no longer be read, so one damaged data set never blocks
    the workspace.
    """
    from advantage.io.workspace import Workspace

    Workspace(workspace).drop(name)
    typer.echo(f"removed {name!r} from {workspace}")


@datasets_app.command("info")
def info_(name: Annotated[str, typer.Argument(help="Data set name.")]) -> None:
    """Show a data set's metadata: source, licence, units, column roles, checksum, notes."""
    from advantage.io.catalogue import dataset_info, locate

    meta = dataset_info(name)
    found = locate(name, verify=False)
    meta["local_path"] = str(found) if found is not None else None
    for key, value in meta.items():
        if value in (None, "", [], {}):
            continue
        typer.echo(f"{key}: {value}")


@datasets_app.command("fetch")
def fetch_(name: Annotated[str, typer.Argument(help="Data set name.")]) -> None:
    """Make a data set available locally (verified by checksum), downloading if possible."""
    from advantage.io.catalogue import fetch

    path = fetch(name)
    typer.echo(f"{name}: {path} (sha256 verified)")


@datasets_app.command("panel")
def panel_(
    name: Annotated[str, typer.Argument(help="Data set name (e.g. china_provincial_io).")],
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv, .parquet or .xlsx.")],
    measure: Annotated[str | None, typer.Option(
        "--measure", help="china_provincial_io: gross_output, value_added, exports, imports, "
        "outflow, inflow, total_outflow, total_inflow or net_outflow (not every year records "
        "each). Other data sets: one of their value columns.")] = None,
    years: Annotated[str | None, typer.Option(
        "--years", help="Comma-separated years to keep (default all).")] = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Write a data set as a tidy long table (time, region, activity, value, names).

    For china_provincial_io the sectors are harmonised to 38 (advantage.reference.china_io)
    and the table has columns time, region, region_code, region_zh, activity, activity_zh,
    activity_en, value (10,000 yuan); negative published cells are kept and reported.
    """
    from advantage.io.catalogue import dataset_info

    wanted = None if years is None else [y.strip() for y in years.split(",") if y.strip()]
    if years is not None and not wanted:
        raise CommandError("--years is empty; give comma-separated years, e.g. 2007,2017.")
    kind = dataset_info(name)["kind"]
    if kind == "io_tables":
        from advantage.io.china_io import MEASURES, read_china_io

        if measure is None:
            raise CommandError(f"--measure is needed for {name}; one of "
                               f"{', '.join(MEASURES)}.")
        tables = read_china_io()
        frame = tables.long(measure, wanted)
        negative = tables.negative_cells(measure)
        negative = negative[negative["time"].isin(frame["time"].unique())]
        if len(negative):
            cells = "; ".join(f"{r.region} {r.time} sector {r.sector_code}: {r.value:g}"
                              for r in negative.itertuples())
            typer.echo(f"note: {len(negative)} published cells of {measure} are negative and "
                       f"kept as published ({cells}).", err=True)
    elif kind == "panel":
        from advantage.io.catalogue import load

        panel = load(name, value=measure)
        if wanted is not None:
            panel = panel.select(times=panel.match("time", wanted, name="--years"))
        frame = panel.to_long()
    else:
        raise CommandError(f"data set {name!r} is a {kind}, not a panel; `datasets panel` "
                           f"writes panels and input-output tables.")
    path = write_table(frame, out, lang=lang)
    typer.echo(f"{name}: {len(frame)} rows, {frame['time'].nunique()} years; wrote {path}")


def register(app: typer.Typer) -> None:
    """Add the command group to the application."""
    app.add_typer(datasets_app, name="datasets")
