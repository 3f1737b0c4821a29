"""``advantage chains``: supply-chain gaps (强链补链) of a province's pillar industries."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import CommandError, Lang, LangOpt, check_outputs, write_table

__all__ = ["register"]

EXAMPLE = """
Modes:

  io (this one): INPUT is input-output tables (china_provincial_io, or a flows file in its
  layout). Pillars are the province's largest specialised industries; their inputs and how
  much of each the province buys from other provinces or abroad come from its own table.

  A second, tag-based mode (--chains FILE: value chains defined by the user as tagged
  activities) is planned; it will not change how this mode is called.

Examples:

  advantage chains china_provincial_io --focus Ningxia --out ningxia_chains.csv

  advantage chains china_provincial_io --focus 宁夏 --year 2012 --pillars 12,14 --lang zh \\
      --out ningxia_2012.xlsx
"""


def chains(
    source: Annotated[str, typer.Argument(
        metavar="INPUT", help="china_provincial_io, or a flows file in its layout.")],
    focus: Annotated[str, typer.Option(
        "--focus", help="The province (name, 宁夏 or 640000).")],
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv, .parquet or .xlsx.")],
    year: Annotated[int | None, typer.Option(
        "--year", help="Year of the table: 2007, 2012 or 2017 (default the latest); 2002 "
        "records no inflow or imports by product.")] = None,
    pillars: Annotated[str, typer.Option(
        "--pillars", help="How many pillars (one digit: the largest specialised "
        "industries), or comma-separated two-digit harmonised sector codes (e.g. 12,14).")
    ] = "3",
    min_input_share: Annotated[float, typer.Option(
        "--min-input-share", help="Smallest input per unit of the pillar's output reported.")
    ] = 0.01,
    lang: LangOpt = Lang.en,
) -> None:
    """Inputs the pillar industries of a province buy from outside it, with density and PCI.

    Writes one row per pillar and input: time, region, pillar, input_activity, input_share,
    sourced_outside_share, density, pci, score, reason (and the sectors' names). Inflow and
    imports are recorded by product, so they are assumed to reach every user in proportion
    to use; each reason says so.
    """
    from advantage.io.china_io import MEASURES, read_china_io, region_alias
    from advantage.planning.chains import supply_chain_gaps
    from advantage.reference.presets import resolve_preset
    from advantage.report.display import display_for

    check_outputs([Path(source)], [out])
    if source != "china_provincial_io" and not Path(source).is_file():
        raise CommandError(f"INPUT {source!r} is neither china_provincial_io nor a file.")
    tables = read_china_io(None if source == "china_provincial_io" else Path(source))
    recorded = [y for y in MEASURES["total_inflow"] if y in tables.years]
    chosen = max(recorded) if year is None else year
    if chosen not in recorded:
        raise CommandError(f"--year {chosen} is not valid: chains need inflow and imports by "
                           f"product, recorded in {', '.join(map(str, recorded))}.")
    panel = tables.panel("gross_output", [chosen], negative="zero")
    region = panel.match("region", focus, name="--focus", aliases=region_alias)[0]
    table = tables.table(region, chosen)
    wanted: Any = int(pillars) if pillars.strip().isdigit() and len(pillars.strip()) < 2 \
        else [p.strip() for p in pillars.split(",") if p.strip()]
    gaps = supply_chain_gaps(table, panel, focus=region, pillars=wanted,
                             min_input_share=min_input_share, aliases=region_alias)
    shown = display_for(panel, lang.value, resolve_preset(list(panel.regions), "china"))
    path = write_table(gaps, out, display=shown)
    typer.echo(f"{region} {chosen}: {gaps['pillar'].nunique()} pillars, {len(gaps)} inputs "
               f"bought at least partly outside; wrote {path}")
    typer.echo(f"assumption: {gaps.attrs['assumption']}.")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    text = inspect.cleandoc(chains.__doc__ or "") + "\n" + EXAMPLE
    app.command("chains", help=text)(chains)
