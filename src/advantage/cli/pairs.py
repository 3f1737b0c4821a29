"""``advantage pairs``: east-west cooperation pairs (东西部协作), scored by complementarity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
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
    RegionOpt,
    ThresholdOpt,
    TimeOpt,
    Unmatched,
    UnmatchedOpt,
    ValueOpt,
    open_input,
    progress,
    read_input_table,
    write_table,
)
from advantage.cli._planning import (
    EndowmentsOpt,
    EndowmentYearOpt,
    TagsOpt,
    load_endowment,
    transfer_groups,
)
from advantage.cli.transfer import Loss, TransferPresetOpt

__all__ = ["register"]

EXAMPLE = """
Examples:

  advantage pairs china_provincial_io --preset china --from-year 2007 --to-year 2017
  --out pairs.csv --activities pair_activities.csv

  advantage pairs provinces.csv --region province --activity industry --value output
  --time year --sources Guangdong,Zhejiang --destinations Guizhou,Ningxia
  --from-year 2012 --to-year 2017 --out pairs.xlsx --lang zh

With the China preset (automatic for Chinese province names) the sources are the eastern
provinces and the destinations the central, western and north-eastern ones. Each pair's
score is the loss-weighted fit of the destination for what the source is losing, with 20%
for proximity when centroids are known (docs: planning.pairs).
"""


def pairs(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Pairs table (.csv, .parquet, .xlsx).")],
    from_year: Annotated[str, typer.Option("--from-year", help="First period of the window.")],
    to_year: Annotated[str, typer.Option("--to-year", help="Last period of the window.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    sources: Annotated[str | None, typer.Option(
        "--sources", help="Source regions, comma-separated.")] = None,
    destinations: Annotated[str | None, typer.Option(
        "--destinations", help="Destination regions, comma-separated.")] = None,
    preset: TransferPresetOpt = Preset.auto,
    activities: Annotated[Path | None, typer.Option(
        "--activities", help="Also write, for every pair, the activities to match (loss "
        "share, fit) to this file.")] = None,
    costs: Annotated[Path | None, typer.Option(
        "--costs", help="Table: region and numeric cost columns; lower is better.")] = None,
    centroids: Annotated[Path | None, typer.Option(
        "--centroids", help="Table: region, lon, lat (degrees) for distances.")] = None,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="Weights of the fit, e.g. 'density=0.6,endowment=0.2,cost=0.2'.")
    ] = None,
    distance_weight: Annotated[float, typer.Option(
        "--distance-weight", min=0.0, max=1.0, help="Weight of proximity in the score.")] = 0.2,
    top_activities: Annotated[int, typer.Option(
        "--top-activities", min=1, help="Activities named per pair.")] = 5,
    loss: Annotated[Loss, typer.Option(
        "--loss", help="A source loses an activity when its level or its share falls.")
    ] = Loss.level,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    endowments: EndowmentsOpt = None,
    tags: TagsOpt = None,
    endowment_year: EndowmentYearOpt = 2020,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    lang: LangOpt = Lang.en,
) -> None:
    """Pair source and destination regions by what the sources lose and the destinations fit.

    Writes one row per pair: source, destination, rank (per destination: its best partners
    first), score, complementarity, proximity, distance_km, the activities to match and the
    reason.
    """
    from advantage.planning.common import indicators_for, parse_weights
    from advantage.planning.pairs import cooperation_pairs, pair_activities
    from advantage.planning.transfer import default_transfer_groups

    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang, measure=measure,
                     outputs=[out, activities])
    y0 = inp.one(from_year, "time", "--from-year")
    y1 = inp.one(to_year, "time", "--to-year")
    src, dst, groups = transfer_groups(inp, sources, destinations, use_preset=True)
    ind = indicators_for(inp.panel, None, threshold=threshold, convention=convention.value)
    if src is None:
        src, default_dst = default_transfer_groups(inp.panel, ind, groups=groups)
        dst = dst if dst is not None else default_dst
    if dst is None:
        dst = [r for r in inp.panel.regions if r not in set(src)]
    where = read_input_table(centroids, "--centroids") if centroids is not None else (
        inp.preset.centroids() if inp.preset is not None else None)
    cost_table = read_input_table(costs, "--costs") if costs is not None else None
    fit = load_endowment(inp, endowments, tags, endowment_year)
    common = {"from_year": y0, "to_year": y1, "costs": cost_table, "endowment": fit,
              "weights": parse_weights(weights), "loss": loss.value, "threshold": threshold,
              "indicators": ind}
    with progress("pairing regions"):
        table = cooperation_pairs(inp.panel, src, dst, centroids=where,
                                  distance_weight=distance_weight,
                                  top_activities=top_activities, **common)
    written = [write_table(table, out, display=inp.display)]
    if activities is not None:
        detail = pair_activities(inp.panel, src, dst, **common)
        written.append(write_table(detail, activities, display=inp.display))
    typer.echo(f"{len(table)} pairs of {table['source'].nunique()} sources and "
               f"{table['destination'].nunique()} destinations; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("pairs", help=(pairs.__doc__ or "") + EXAMPLE)(pairs)
