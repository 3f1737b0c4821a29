"""``advantage portfolio``: a coherent set of activities for a region, chosen by milp."""

from __future__ import annotations

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
from advantage.cli._workbench import read_side_table

__all__ = ["register"]

EXAMPLE = """
Examples:

  advantage portfolio china_provincial_io --focus Gansu --k 5 --out gansu_portfolio.csv

  advantage portfolio provinces.csv --region province --activity industry --value output
  --time year --focus Ningxia --k 6 --attributes attributes.csv
  --weights 'pci=1,cog=1,jobs=1,carbon=-1' --max-per-cluster 2 --out portfolio.xlsx

  advantage portfolio provinces.csv ... --focus Ningxia --budget 100 --costs investment
  --attributes attributes.csv --out portfolio.csv

--attributes is a table with an activity column and numeric columns (jobs, wages, carbon or
water intensity, investment, a 0/1 policy list such as strategic emerging industries); give
each one you want scored a weight (negative: lower is better). The panel's own components are
national_size, national_growth, pci and cog (0.25 each by default). The score mixes
feasibility (density) and attractiveness by --feasibility-weight; the portfolio maximises it
under the count (--k) or the budget, with at most --max-per-cluster picks from one cluster of
the activity space.
"""


def portfolio(
    input: InputArg,
    focus: Annotated[str, typer.Option("--focus", help="Region(s), comma-separated; each "
                                                       "gets its own portfolio.")],
    out: Annotated[Path, typer.Option("--out", help="Output table (.csv, .parquet, .xlsx).")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    k: Annotated[int | None, typer.Option("--k", min=1, help="How many activities (with "
                                          "--budget: at most this many).")] = None,
    attributes: Annotated[Path | None, typer.Option(
        "--attributes", help="Table: activity and numeric attribute columns.")] = None,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="Attractiveness weights, e.g. 'pci=1,jobs=1,carbon=-1'.")] = None,
    budget: Annotated[float | None, typer.Option(
        "--budget", help="Total cost allowed (with --costs).")] = None,
    costs: Annotated[str | None, typer.Option(
        "--costs", help="The attribute column holding each activity's cost.")] = None,
    feasibility_weight: Annotated[float, typer.Option(
        "--feasibility-weight", min=0.0, max=1.0,
        help="1: feasibility only; 0: attractiveness only.")] = 0.5,
    max_per_cluster: Annotated[int | None, typer.Option(
        "--max-per-cluster", min=1, help="At most this many from one cluster (default half "
        "of --k, rounded up).")] = None,
    min_clusters: Annotated[int | None, typer.Option(
        "--min-clusters", min=1, help="At least this many clusters covered.")] = None,
    clusters: Annotated[int | None, typer.Option(
        "--clusters", min=1, help="Clusters of the activity space (default about "
        "sqrt(activities/2)).")] = None,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the clustering.")] = 0,
    year: Annotated[str | None, typer.Option("--year", help="Period (default the last).")
                    ] = None,
    window: Annotated[float, typer.Option(min=0.001, help="Years of national growth.")] = 5,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Pick a coherent portfolio of new activities for a region, each with a reason.

    Writes region, rank, activity, feasibility, attractiveness, score, cluster, cluster_hub
    (and cost) and the reason: why each was picked, and which better-scored activity it
    was chosen over, if any.
    """
    from advantage.planning.common import indicators_for, parse_weights
    from advantage.planning.portfolio import portfolio as choose

    if budget is not None and costs is None:
        raise CommandError("--budget needs --costs (the attribute column of costs).")
    if costs is not None and attributes is None:
        raise CommandError("--costs names a column of --attributes; give --attributes.")
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang, outputs=[out],
                     measure=measure)
    regions = inp.labels(focus, "region", "--focus") or []
    period = inp.one(year, "time", "--year")
    table = read_side_table(attributes, "--attributes") if attributes is not None else None
    with progress("choosing the portfolio", total=2) as advance:
        ind = indicators_for(inp.panel, None, threshold=threshold, convention=convention.value)
        advance()
        result = choose(inp.panel, regions, k=k if k is not None or budget is not None else 5,
                        budget=budget, costs=costs, attributes=table,
                        weights=parse_weights(weights), feasibility_weight=feasibility_weight,
                        max_per_cluster=max_per_cluster, min_clusters=min_clusters,
                        n_clusters=clusters, seed=seed, time=period, window=window,
                        threshold=threshold, indicators=ind)
        advance()
    path = write_table(result, out, display=inp.display)
    per = result.groupby("region")["cluster"].nunique()
    typer.echo(f"{len(result)} activities for {len(per)} regions across "
               f"{int(per.max()) if len(per) else 0} clusters at most; wrote {path}")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("portfolio", help=(portfolio.__doc__ or "").rstrip() + "\n" + EXAMPLE)(portfolio)
