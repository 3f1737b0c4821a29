"""``advantage linkages``: backward and forward linkages and key sectors of an IO table."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import CommandError, Lang, LangOpt, write_table

__all__ = ["register"]

EXAMPLE = """
Examples:

  advantage linkages ionet_china_2017_42.csv --out results/

  advantage linkages china_provincial_io --region Ningxia --year 2017 --out results/

  advantage linkages china_provincial_io --region all --out results/

INPUT is a national table in the ionet layout, or China's provincial tables: the catalogue
name china_provincial_io (or a flows file in its layout) with --region (a name, 宁夏 or
640000; 'all' for every province and year). A file name that does not exist here is looked
up in the data folder (ADVANTAGE_DATA).
"""


def _is_provincial(source: str) -> bool:
    from advantage.io.catalogue import dataset_info, dataset_names

    if source in dataset_names():
        if dataset_info(source)["kind"] != "io_tables":
            raise CommandError(f"data set {source!r} is not an input-output table; use "
                               f"china_provincial_io or a table file.")
        return True
    from advantage.io.china_io import is_flows_file

    return is_flows_file(Path(source))


def _provincial(source: str, out: Path, region: str | None, year: str | None,
                forward: Any, block: Any, lang: str) -> list[Path]:
    from advantage.io.china_io import read_china_io, region_alias
    from advantage.measures.linkages import leontief_inverse, technical_coefficients

    if region is None:
        raise CommandError("--region is needed with provincial tables: a province (e.g. "
                           "Ningxia, 宁夏, 640000) or 'all'.")
    tables = read_china_io(None if source == "china_provincial_io" else Path(source))
    panel = tables.panel("gross_output", negative="zero")
    years = tables.years if year is None else [int(y) for y in panel.match(
        "time", [y.strip() for y in year.split(",")], name="--year")]
    if region.strip().lower() == "all":
        from advantage.measures.linkages import linkages_over_tables

        result = _named(linkages_over_tables(
            (tables.table(code, time) for time in years for code in tables.regions(time)),
            forward=forward, block=block))
        keys = result[result["key_sector"]]
        typer.echo(f"{result['region'].nunique()} provinces x {len(years)} years, "
                   f"{len(keys)} key sectors in all")
        return [write_table(result, out / "key_sectors.csv", lang=lang)]
    name = panel.match("region", region, name="--region", aliases=region_alias)[0]
    if year is None:
        years = [max(tables.region_years(name))]
    if len(years) != 1:
        raise CommandError("--year takes one year with one --region; use --region all for "
                           "every year.")
    table = tables.table(name, years[0])
    result = _labelled(table.linkages(forward=forward, block=block), table.region, years[0])
    keep = table.produced()
    flows = table.flows if block == "total" else table.local_flows()
    inverse = leontief_inverse(technical_coefficients(flows.loc[keep, keep],
                                                      table.output.loc[keep]))
    left_out = [str(s) for s in table.output.index if s not in keep]
    note = f" ({len(left_out)} sectors without output left out: {', '.join(left_out)})" \
        if left_out else ""
    typer.echo(f"{name} {years[0]}: {len(result)} sectors, {int(result['key_sector'].sum())} "
               f"key sectors{note}")
    return [write_table(result, out / "linkages.csv", lang=lang),
            write_table(inverse.reset_index(), out / "leontief.csv", lang=lang)]


def _labelled(result: Any, region: str, time: int) -> Any:
    result = result.copy()
    result.insert(0, "time", time)
    result.insert(1, "region", region)
    return _named(result)


def _named(result: Any) -> Any:
    """Sector columns named as the other commands name activities (with Chinese names)."""
    from advantage.reference.china_io import io_sector_names

    zh = io_sector_names("zh")
    result = result.rename(columns={"sector": "activity", "name": "activity_en"})
    result.insert(list(result.columns).index("activity") + 1, "activity_zh",
                  [zh[a] for a in result["activity"]])
    return result


def linkages(
    io_table: Annotated[str, typer.Argument(
        metavar="INPUT", help="An ionet table file (e.g. ionet_china_2017_42.csv), or "
        "china_provincial_io (or a file of its flows).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    region: Annotated[str | None, typer.Option(
        "--region", help="Provincial tables: the province (name, 宁夏, 640000) or 'all'.")
    ] = None,
    year: Annotated[str | None, typer.Option(
        "--year", help="Provincial tables: the year (default the latest; with --region all, "
        "comma-separated years, default all four).")] = None,
    forward: Annotated[str, typer.Option(
        help="Forward linkage from the 'leontief' (Rasmussen) or 'ghosh' inverse.")
    ] = "leontief",
    block: Annotated[str | None, typer.Option(
        help="Intermediate flows. ionet tables: 'domestic' (default) or 'total' (domestic + "
        "imported). Provincial tables: 'total' (default, as recorded, inputs from other "
        "provinces and abroad included) or 'local' (those removed in proportion to use; not "
        "2002).")] = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Leontief inverse, Rasmussen backward/forward linkages and key sectors of an IO table.

    Writes OUT/linkages.csv (one row per sector) and OUT/leontief.csv (the Leontief inverse);
    with --region all, OUT/key_sectors.csv (every province, year and sector).
    """
    from advantage._checks import check_choice

    check_choice("forward", forward, ["leontief", "ghosh"])
    if _is_provincial(io_table):
        chosen = check_choice("block", block or "total", ["total", "local"])
        written = _provincial(io_table, out, region, year, forward, chosen, lang)
        typer.echo("wrote " + ", ".join(str(p) for p in written))
        return
    if region is not None or year is not None:
        raise CommandError("--region and --year apply to provincial tables "
                           "(china_provincial_io) only.")
    from advantage.io import read_ionet_table
    from advantage.measures.linkages import leontief_inverse, technical_coefficients

    chosen = check_choice("block", block or "domestic", ["domestic", "total"])
    table = read_ionet_table(io_table)
    result = table.linkages(forward=forward, block=chosen)  # type: ignore[arg-type]
    result.insert(2, "name_zh", table.names_zh.to_numpy())
    flows = table.flows if chosen == "domestic" else table.flows + table.imports
    inverse = leontief_inverse(technical_coefficients(flows, table.output))
    written = [
        write_table(result, out / "linkages.csv", lang=lang),
        write_table(inverse.reset_index(), out / "leontief.csv", lang=lang),
    ]
    keys = int(result["key_sector"].sum())
    typer.echo(f"{len(result)} sectors, {keys} key sectors; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    text = inspect.cleandoc(linkages.__doc__ or "") + "\n" + EXAMPLE
    app.command("linkages", help=text)(linkages)
