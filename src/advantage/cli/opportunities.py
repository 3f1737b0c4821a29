"""``advantage opportunities``: new activities each region could grow, with reasons."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
    Convention,
    ConventionOpt,
    Duplicates,
    DuplicatesOpt,
    InputArg,
    Lang,
    LangOpt,
    MeasureOpt,
    Missing,
    MissingOpt,
    Normalise,
    NormaliseOpt,
    Preset,
    PresetOpt,
    RegionOpt,
    ThresholdOpt,
    TimeOpt,
    Unmatched,
    UnmatchedOpt,
    ValueOpt,
    open_input,
    progress,
    write_table,
)
from advantage.cli._planning import EndowmentsOpt, EndowmentYearOpt, TagsOpt, load_endowment

__all__ = ["Scorer", "Strategy", "register"]

EXAMPLE = """
Example:

  advantage opportunities provinces.csv --region province --activity industry --value output
  --time year --focus Ningxia,Gansu --top 15 --preset strategic_bets --out opportunities.csv

Presets: light_touch (feasibility-heavy), parsimonious (balanced), strategic_bets
(strategic value), frontier (complexity only), auto (per region from its ECI and COI).
--weights 'density=0.5,pci=0.2,cog=0.1,endowment=0.1,momentum=0.1' replaces the preset;
components are standardised over each region's candidates before weighting.
"""


class Scorer(StrEnum):
    """How candidates are ranked."""

    auto = "auto"
    learned = "learned"
    density = "density"
    preset = "preset"


class Strategy(StrEnum):
    """Weightings of the opportunity score (the Atlas strategic approaches)."""

    light_touch = "light_touch"
    parsimonious = "parsimonious"
    strategic_bets = "strategic_bets"
    frontier = "frontier"
    auto = "auto"


def opportunities(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Output table (.csv, .parquet, .xlsx).")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Regions to report, comma-separated (default all).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Suggestions per region.")] = 10,
    strategy: Annotated[Strategy | None, typer.Option(
        "--preset", help="Weighting of the score (see below); implies --scorer preset.")
    ] = None,
    scorer: Annotated[Scorer, typer.Option(
        "--scorer", help="auto (the learned scorer when the panel supports it, else "
        "density; a --preset or --weights means preset), learned, density or preset.")
    ] = Scorer.auto,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the learned scorer.")
                    ] = 0,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="Own weights, e.g. 'density=0.6,pci=0.4' (replaces --preset).")
    ] = None,
    year: Annotated[str | None, typer.Option(
        "--year", help="Period to score (default the last).")] = None,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    window: Annotated[float, typer.Option(
        min=0.001, help="Years for the national momentum of each activity (> 0).")] = 5,
    endowments: EndowmentsOpt = None,
    tags: TagsOpt = None,
    endowment_year: EndowmentYearOpt = 2020,
    upgrades: Annotated[Path | None, typer.Option(
        "--upgrades", help="Also write upgrade paths (related, more complex activities for "
        "each activity a region has) to this file.")] = None,
    siting: Annotated[Path | None, typer.Option(
        "--siting", help="Also write endowment-led siting (regions ranked for each tagged "
        "activity) to this file; needs --endowments and --tags.")] = None,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Rank the activities each region does not have yet by feasibility and strategic value.

    Each suggestion names the related activities the region already has, its density,
    PCI, complexity outlook gain, national momentum and endowment fit. A region never gets
    an activity it already has (RCA at or above --threshold).
    """
    from advantage.planning.common import indicators_for, parse_weights
    from advantage.planning.opportunities import opportunities as rank
    from advantage.planning.paths import endowment_siting, upgrade_paths

    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang,
                     outputs=[out, upgrades, siting], measure=measure)
    regions = inp.labels(focus, "region", "--focus")
    period = inp.one(year, "time", "--year")
    fit = load_endowment(inp, endowments, tags, endowment_year)
    if siting is not None and fit is None:
        raise CommandError("--siting needs --endowments and --tags.")
    with progress("ranking opportunities", total=2) as advance:
        ind = indicators_for(inp.panel, None, threshold=threshold,
                             convention=convention.value)
        advance()
        chosen = scorer.value
        if chosen == "auto" and (strategy is not None or weights is not None):
            chosen = "preset"
        table = rank(inp.panel, preset=(strategy or Strategy.parsimonious).value,
                     weights=parse_weights(weights), top=top, focus=regions, times=period,
                     threshold=threshold, window=window, endowment=fit, indicators=ind,
                     scorer=chosen, seed=seed)
        advance()
    written = [write_table(table, out, display=inp.display)]
    if upgrades is not None:
        paths = upgrade_paths(inp.panel, focus=regions, time=period, threshold=threshold,
                              indicators=ind)
        written.append(write_table(paths, upgrades, display=inp.display))
    if siting is not None:
        sites = endowment_siting(fit, panel=inp.panel, time=period, threshold=threshold,
                                 indicators=ind)
        written.append(write_table(sites, siting, display=inp.display))
    used = ", ".join(sorted(set(table["scorer"]))) if len(table) else chosen
    typer.echo(f"{len(table)} suggestions for {table['region'].nunique()} regions, ranked by "
               f"{used}; wrote " + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("opportunities", help=(opportunities.__doc__ or "") + EXAMPLE)(opportunities)
