"""``advantage opportunities``: new activities each region could grow, with reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
    DuplicatesOpt,
    LangOpt,
    MissingOpt,
    RegionOpt,
    TimeOpt,
    ValueOpt,
    progress,
    read_panel,
    write_table,
)
from advantage.cli._planning import (
    EndowmentsOpt,
    EndowmentYearOpt,
    TagsOpt,
    ThresholdOpt,
    labels,
    load_endowment,
    one_label,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage opportunities provinces.csv --region province --activity industry --value output
  --time year --focus Ningxia,Gansu --top 15 --preset strategic_bets --out opportunities.csv

Presets: light_touch (feasibility-heavy), parsimonious (balanced), strategic_bets (strategic
value), frontier (complexity only), auto (per region from its ECI and COI). --weights
'density=0.5,pci=0.2,cog=0.1,endowment=0.1,momentum=0.1' replaces the preset; components are
standardised over each region's candidates before weighting.
"""


def opportunities(
    input: Annotated[Path, typer.Argument(help="CSV, Parquet or Excel file, one row per cell.")],
    region: RegionOpt,
    activity: ActivityOpt,
    value: ValueOpt,
    out: Annotated[Path, typer.Option("--out", help="Output table (.csv, .parquet, .xlsx).")],
    time: TimeOpt = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Regions to report, comma-separated (default all).")] = None,
    top: Annotated[int, typer.Option("--top", help="Suggestions per region.")] = 10,
    preset: Annotated[str, typer.Option(
        "--preset", help="light_touch, parsimonious, strategic_bets, frontier or auto.")
    ] = "parsimonious",
    weights: Annotated[str | None, typer.Option(
        "--weights", help="Own weights, e.g. 'density=0.6,pci=0.4' (replaces --preset).")
    ] = None,
    year: Annotated[str | None, typer.Option(
        "--year", help="Period to score (default the last).")] = None,
    threshold: ThresholdOpt = 1.0,
    window: Annotated[float, typer.Option(
        help="Years for the national momentum of each activity.")] = 5,
    endowments: EndowmentsOpt = None,
    tags: TagsOpt = None,
    endowment_year: EndowmentYearOpt = 2020,
    upgrades: Annotated[Path | None, typer.Option(
        "--upgrades", help="Also write upgrade paths (related, more complex activities for "
        "each activity a region has) to this file.")] = None,
    siting: Annotated[Path | None, typer.Option(
        "--siting", help="Also write endowment-led siting (regions ranked for each tagged "
        "activity) to this file; needs --endowments and --tags.")] = None,
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
    lang: LangOpt = "en",
) -> None:
    """Rank the activities each region does not have yet by feasibility and strategic value.

    Each suggestion names the related activities the region already has, its density,
    PCI, complexity outlook gain, national momentum and endowment fit. A region never gets
    an activity it already has (RCA at or above --threshold).
    """
    from advantage.measures.indicators import compute_indicators
    from advantage.planning._shared import parse_weights
    from advantage.planning.opportunities import opportunities as rank
    from advantage.planning.paths import endowment_siting, upgrade_paths

    if top < 1:
        raise CommandError(f"--top must be a positive integer, got {top}.")
    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    regions = labels(focus, panel.regions, "--focus")
    period = one_label(year, panel.times, "--year")
    fit = load_endowment(panel, endowments, tags, endowment_year)
    if siting is not None and fit is None:
        raise CommandError("--siting needs --endowments and --tags.")
    with progress("ranking opportunities", total=2) as advance:
        ind = compute_indicators(panel, threshold=threshold, with_fitness=False)
        advance()
        table = rank(panel, preset=preset, weights=parse_weights(weights), top=top,
                     focus=regions, times=period, threshold=threshold, window=window,
                     endowment=fit, indicators=ind, lang=lang)
        advance()
    written = [write_table(table, out, lang=lang)]
    if upgrades is not None:
        paths = upgrade_paths(panel, focus=regions, time=period, threshold=threshold,
                              indicators=ind, lang=lang)
        written.append(write_table(paths, upgrades, lang=lang))
    if siting is not None:
        sites = endowment_siting(fit, panel=panel, time=period, threshold=threshold,
                                 indicators=ind, lang=lang)
        written.append(write_table(sites, siting, lang=lang))
    typer.echo(f"{len(table)} suggestions for {table['region'].nunique()} regions; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("opportunities", help=(opportunities.__doc__ or "") + EXAMPLE)(opportunities)
