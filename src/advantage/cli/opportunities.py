"""``advantage opportunities``: new activities each region could grow, with reasons."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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
from advantage.cli._workbench import ReferenceOpt, income_values, own_groups, resolve_reference

__all__ = ["Scorer", "Strategy", "register"]

EXAMPLE = """
Example:

  advantage opportunities provinces.csv --region province --activity industry --value output
  --time year --focus Ningxia,Gansu --top 15 --preset strategic_bets --out opportunities.csv

  advantage opportunities china_provincial_io --focus Gansu --preset long_jump
  --income 32995 --income-threshold 40000 --stability --out gansu.csv

Presets: light_touch (feasibility-heavy), parsimonious (balanced), strategic_bets
(strategic value), frontier (complexity only), auto (per region from its ECI and COI), and
the Growth Lab's Atlas strategies low_hanging_fruit (distance/PCI/COG 60/15/25),
balanced_portfolio (by the region's strategic approach) and long_jump (45/20/35).
--weights 'density=0.5,pci=0.2,cog=0.1,endowment=0.1,momentum=0.1' replaces the preset;
components are standardised over each region's candidates before weighting.

--income (a number, FILE:COLUMN with a region column, or a column of INPUT) with
--income-threshold applies the Atlas PCI ceiling to regions at or below the threshold (without
the threshold no ceiling is applied, with a warning):
candidates with PCI >= ECI + 2.0 (long_jump: + 2.5) are left out. --stability adds the
share of analyst choices (presence threshold, window, proximity, reference) under which
each suggestion stays in the region's top list.
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
    low_hanging_fruit = "low_hanging_fruit"
    balanced_portfolio = "balanced_portfolio"
    long_jump = "long_jump"


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
    income: Annotated[str | None, typer.Option(
        "--income", help="Income per head for the Atlas PCI ceiling: a number, FILE:COLUMN, "
        "or a column of INPUT (needs --income-threshold and an Atlas --preset).")] = None,
    income_threshold: Annotated[float | None, typer.Option(
        "--income-threshold", help="Income per head at or below which the ceiling applies, "
        "in the income's units (the Growth Lab's is in US dollars; not bundled).")] = None,
    stability: Annotated[bool, typer.Option(
        "--stability", help="Add a stability column: the share of analyst choices under "
        "which the suggestion stays in the top list.")] = False,
    reference: ReferenceOpt = None,
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
    from advantage.planning.benchmark import reference_indicators
    from advantage.planning.common import indicators_for, parse_weights
    from advantage.planning.opportunities import opportunities as rank
    from advantage.planning.paths import endowment_siting, upgrade_paths

    roles = {"region": region, "activity": activity, "value": value, "time": time,
             "measure": measure, "missing": missing, "duplicates": duplicates,
             "normalise": normalise, "unmatched": unmatched}
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang,
                     outputs=[out, upgrades, siting], measure=measure)
    regions = inp.labels(focus, "region", "--focus")
    period = inp.one(year, "time", "--year")
    fit = load_endowment(inp, endowments, tags, endowment_year)
    if siting is not None and fit is None:
        raise CommandError("--siting needs --endowments and --tags.")
    incomes = income_values(inp, income, region, time)
    ref, _ = resolve_reference(inp, reference, roles)
    with progress("ranking opportunities", total=3 if stability else 2) as advance:
        if ref is None:
            ind = indicators_for(inp.panel, None, threshold=threshold,
                                 convention=convention.value)
        else:
            ind = reference_indicators(inp.panel, ref, threshold=threshold,
                                       convention=convention.value)
        advance()
        chosen = scorer.value
        if chosen == "auto" and (strategy is not None or weights is not None
                                 or incomes is not None):
            chosen = "preset"
        options = {"preset": (strategy or Strategy.parsimonious).value,
                   "weights": parse_weights(weights), "endowment": fit, "scorer": chosen,
                   "seed": seed, "income": incomes, "income_threshold": income_threshold}
        table = rank(inp.panel, top=top, focus=regions, times=period, threshold=threshold,
                     window=window, indicators=ind, **options)
        advance()
        if stability:
            table = _with_stability(inp, table, options, top, regions, period, threshold,
                                    window, convention.value, ref)
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


def _with_stability(inp: Any, table: Any, options: dict[str, Any], top: int,
                    regions: Any, period: Any, threshold: float, window: float,
                    convention: str, reference: Any) -> Any:
    """The table with each suggestion's stability under the default analyst choices."""
    from advantage.planning.stability import stability

    references: dict[str, Any] = {}
    if reference is None and inp.preset is not None:
        references["macro-region"] = own_groups(inp)
    found = stability(inp.panel, lists=["opportunities"], k=top, time=period, focus=regions,
                      threshold=threshold, window=window, convention=convention,
                      references=references, opportunity_options=options,
                      reference=reference)
    items = found.items[["region", "activity", "stability"]]
    return table.merge(items, on=["region", "activity"], how="left")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("opportunities", help=(opportunities.__doc__ or "") + EXAMPLE)(opportunities)
