"""``advantage transfer``: activities leaving source regions, matched to destinations."""

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
    read_table,
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

  advantage transfer provinces.csv --region province --activity industry --value output
  --time year --preset china --from-year 2015 --to-year 2020 --costs costs.csv --out match.csv

With --preset china the sources are the east (NBS macro-region) and the destinations the
central, western and north-eastern provinces, with capital-city centroids for distances.
"""


def transfer(
    input: Annotated[Path, typer.Argument(help="CSV, Parquet or Excel file, one row per cell.")],
    region: RegionOpt,
    activity: ActivityOpt,
    value: ValueOpt,
    out: Annotated[Path, typer.Option("--out", help="Output table (.csv, .parquet, .xlsx).")],
    from_year: Annotated[str, typer.Option("--from-year", help="First period of the window.")],
    to_year: Annotated[str, typer.Option("--to-year", help="Last period of the window.")],
    time: TimeOpt = None,
    sources: Annotated[str | None, typer.Option(
        "--sources", help="Source regions, comma-separated.")] = None,
    destinations: Annotated[str | None, typer.Option(
        "--destinations", help="Destination regions, comma-separated (default: all others).")
    ] = None,
    preset: Annotated[str | None, typer.Option(
        "--preset", help="'china': east -> central, west and north-east.")] = None,
    costs: Annotated[Path | None, typer.Option(
        "--costs", help="Table: region and numeric cost columns (wages, land, electricity); "
        "lower is better.")] = None,
    centroids: Annotated[Path | None, typer.Option(
        "--centroids", help="Table: region, lon, lat (degrees) for distances.")] = None,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="e.g. 'density=0.4,endowment=0.2,cost=0.2,distance=0.2'.")] = None,
    top: Annotated[int | None, typer.Option(
        "--top", help="Destinations per activity (default all).")] = None,
    loss: Annotated[str, typer.Option(
        "--loss", help="A source loses an activity when its 'level' or its 'share' falls.")
    ] = "level",
    min_share_drop: Annotated[float, typer.Option(
        "--min-share-drop", help="Smallest fall of the sources' national share (0.01 = 1 pt).")
    ] = 0.0,
    relocation: Annotated[Path | None, typer.Option(
        "--relocation", help="Also write the relocation test of every activity here.")] = None,
    threshold: ThresholdOpt = 1.0,
    endowments: EndowmentsOpt = None,
    tags: TagsOpt = None,
    endowment_year: EndowmentYearOpt = 2020,
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
    lang: LangOpt = "en",
) -> None:
    """Detect activities relocating out of the sources and rank destinations for each.

    An activity relocates when a source region loses it, the sources' national share and
    location quotient fall, and it grows elsewhere. Destinations are ranked by relatedness
    density, endowment fit, costs and distance from the losing sources.
    """
    from advantage.planning._shared import parse_weights
    from advantage.planning.china import china_centroids, china_transfer_groups
    from advantage.planning.transfer import match_destinations, relocating_activities

    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    y0 = one_label(from_year, panel.times, "--from-year")
    y1 = one_label(to_year, panel.times, "--to-year")
    src = labels(sources, panel.regions, "--sources")
    dst = labels(destinations, panel.regions, "--destinations")
    where = read_table(centroids) if centroids is not None else None
    if preset is not None:
        if preset.lower() != "china":
            raise CommandError(f"--preset {preset!r} is not known; expected 'china'.")
        china_src, china_dst = china_transfer_groups(panel.regions)
        src, dst = src or china_src, dst or china_dst
        where = where if where is not None else china_centroids(panel.regions)
    if src is None:
        raise CommandError("give --sources (comma-separated regions) or --preset china.")
    cost_table = read_table(costs) if costs is not None else None
    fit = load_endowment(panel, endowments, tags, endowment_year)
    with progress("matching destinations", total=2) as advance:
        test = relocating_activities(panel, src, from_year=y0, to_year=y1,
                                     loss=loss, min_share_drop=min_share_drop,  # type: ignore[arg-type]
                                     lang=lang)
        advance()
        table = match_destinations(panel, src, from_year=y0, to_year=y1, destinations=dst,
                                   costs=cost_table, centroids=where, endowment=fit,
                                   weights=parse_weights(weights), top=top,
                                   loss=loss,  # type: ignore[arg-type]
                                   min_share_drop=min_share_drop, threshold=threshold,
                                   lang=lang)
        advance()
    written = [write_table(table, out, lang=lang)]
    if relocation is not None:
        written.append(write_table(test, relocation, lang=lang))
    typer.echo(f"{int(test['relocating'].sum())} of {len(test)} activities relocating out of "
               f"{len(src)} source regions; wrote " + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("transfer", help=(transfer.__doc__ or "") + EXAMPLE)(transfer)
