"""``advantage transfer``: activities leaving source regions, matched to destinations."""

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
from advantage.cli._workbench import ReferenceOpt, resolve_reference

__all__ = ["Loss", "TransferPresetOpt", "register"]

EXAMPLE = """
Example:

  advantage transfer provinces.csv --region province --activity industry --value output
  --time year --preset china --from-year 2015 --to-year 2020 --costs costs.csv --out match.csv

With the China preset (automatic when regions are Chinese province names, or --preset china)
the sources are the east (NBS macro-region) and the destinations the central, western and
north-eastern provinces, with capital-city centroids for distances. Without a preset and
without --sources, the sources are the quarter of regions with the highest ECI in
--from-year's panel start, and the destinations every other region.
"""


class Loss(StrEnum):
    """What a source region losing an activity means."""

    level = "level"
    share = "share"


TransferPresetOpt = Annotated[Preset, typer.Option(
    "--preset", "--region-preset", help="Region preset for the default groups and distances: "
    "auto, china (east -> central, west and north-east) or none.")]


def transfer(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Output table (.csv, .parquet, .xlsx).")],
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
        "--destinations", help="Destination regions, comma-separated (default: all others).")
    ] = None,
    preset: TransferPresetOpt = Preset.auto,
    costs: Annotated[Path | None, typer.Option(
        "--costs", help="Table: region and numeric cost columns (wages, land, electricity); "
        "lower is better.")] = None,
    centroids: Annotated[Path | None, typer.Option(
        "--centroids", help="Table: region, lon, lat (degrees) for distances.")] = None,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="e.g. 'density=0.4,endowment=0.2,cost=0.2,distance=0.2'.")] = None,
    top: Annotated[int | None, typer.Option(
        "--top", min=1, help="Destinations per activity (default all).")] = None,
    loss: Annotated[Loss, typer.Option(
        "--loss", help="A source loses an activity when its level or its share falls.")
    ] = Loss.level,
    min_share_drop: Annotated[float, typer.Option(
        "--min-share-drop", min=0.0, help="Smallest fall of the sources' national share "
        "(0.01 = 1 pt).")] = 0.0,
    relocation: Annotated[Path | None, typer.Option(
        "--relocation", help="Also write the relocation test of every activity here.")] = None,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    endowments: EndowmentsOpt = None,
    tags: TagsOpt = None,
    endowment_year: EndowmentYearOpt = 2020,
    reference: ReferenceOpt = None,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    lang: LangOpt = Lang.en,
) -> None:
    """Detect activities relocating out of the sources and rank destinations for each.

    An activity relocates when a source region loses it, the sources' national share and
    location quotient fall, and it grows elsewhere. Destinations are ranked by relatedness
    density, endowment fit, costs and distance from the losing sources.
    """
    from advantage.planning.common import indicators_for, parse_weights
    from advantage.planning.transfer import (
        default_transfer_groups,
        match_destinations,
        relocating_activities,
    )

    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang,
                     outputs=[out, relocation], measure=measure)
    y0 = inp.one(from_year, "time", "--from-year")
    y1 = inp.one(to_year, "time", "--to-year")
    src, dst, groups = transfer_groups(inp, sources, destinations, use_preset=True)
    roles = {"region": region, "activity": activity, "value": value, "time": time,
             "measure": measure, "missing": missing, "duplicates": duplicates,
             "normalise": normalise, "unmatched": unmatched}
    ref, _ = resolve_reference(inp, reference, roles)
    if ref is None:
        ind = indicators_for(inp.panel, None, threshold=threshold, convention=convention.value)
    else:
        from advantage.planning.benchmark import reference_indicators

        ind = reference_indicators(inp.panel, ref, threshold=threshold,
                                   convention=convention.value)
    if src is None:
        src, default_dst = default_transfer_groups(inp.panel, ind, groups=groups)
        dst = dst if dst is not None else default_dst
    where = read_input_table(centroids, "--centroids") if centroids is not None else (
        inp.preset.centroids() if inp.preset is not None else None)
    cost_table = read_input_table(costs, "--costs") if costs is not None else None
    fit = load_endowment(inp, endowments, tags, endowment_year)
    with progress("matching destinations", total=2) as advance:
        test = relocating_activities(inp.panel, src, from_year=y0, to_year=y1,
                                     loss=loss.value,
                                     min_share_drop=min_share_drop)
        advance()
        table = match_destinations(inp.panel, src, from_year=y0, to_year=y1,
                                   destinations=dst, costs=cost_table, centroids=where,
                                   endowment=fit, weights=parse_weights(weights), top=top,
                                   loss=loss.value,
                                   min_share_drop=min_share_drop, threshold=threshold,
                                   indicators=ind)
        advance()
    written = [write_table(table, out, display=inp.display)]
    if relocation is not None:
        written.append(write_table(test, relocation, display=inp.display))
    if src is None:  # pragma: no cover - default_transfer_groups always names sources
        raise CommandError("no source regions.")
    typer.echo(f"{int(test['relocating'].sum())} of {len(test)} activities relocating out of "
               f"{len(src)} source regions; wrote " + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("transfer", help=(transfer.__doc__ or "") + EXAMPLE)(transfer)
