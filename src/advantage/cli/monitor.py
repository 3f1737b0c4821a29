"""``advantage monitor``: last year's plan against this year's data (监测预警)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
    Duplicates,
    DuplicatesOpt,
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
from advantage.cli._workbench import PeersOpt, output_folder, read_side_table, resolve_peers

__all__ = ["register"]

EXAMPLE = """
Examples:

  advantage monitor --before china_provincial_io --after china_provincial_io
  --before-year 2012 --after-year 2017 --out monitor/

  advantage monitor --before provinces_2022.csv --after provinces_2023.csv --region province
  --activity industry --value output --time year --plan plan_2022.csv --focus Ningxia
  --out monitor/

Writes into the folder: changes.csv (activities that entered or left each region),
suggestions.csv (the plan's suggestions and whether each came true), hits.csv (per region:
hits, the base rate of entries and the lift), alerts.csv (activities a region had that lost
RCA, national share or competitiveness: watch, warning or alert; relocating when the
activity grows elsewhere) and scorecard.csv (new activities over 3, 5, 10 and 15 years,
graded A-E against peers). Without --plan, the plan is the --top opportunities of every
region in the before period.
"""


def monitor(
    before: Annotated[Path, typer.Option(
        "--before", help="The earlier data: a file or a catalogued data set name.")],
    after: Annotated[Path, typer.Option(
        "--after", help="The later data, with the same activities (may be the same data set "
        "with --before-year and --after-year).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    before_year: Annotated[str | None, typer.Option(
        "--before-year", help="Period of --before (default its last).")] = None,
    after_year: Annotated[str | None, typer.Option(
        "--after-year", help="Period of --after (default its last).")] = None,
    plan: Annotated[Path | None, typer.Option(
        "--plan", help="Last year's suggestions: a table with region and activity (e.g. an "
        "earlier opportunities output).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Suggestions per region when "
                                     "the plan is computed.")] = 10,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Regions whose alerts are reported (default all).")] = None,
    rca_loss: Annotated[float, typer.Option("--rca-loss", min=0.0,
                                            help="RCA loss that trips (0.2 = 20%).")] = 0.2,
    share_loss: Annotated[float, typer.Option(
        "--share-loss", min=0.0, help="Loss of national share that trips.")] = 0.1,
    competitive_loss: Annotated[float, typer.Option(
        "--competitive-loss", min=0.0,
        help="Competitive shift-share loss, as a share of the base value, that trips.")] = 0.1,
    lookbacks: Annotated[str, typer.Option(
        "--lookbacks", help="Years back for the scorecard, comma-separated.")] = "3,5,10,15",
    peers: PeersOpt = None,
    threshold: ThresholdOpt = 1.0,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Compare two runs: changes, suggestions that came true, alerts and the scorecard."""
    from advantage.planning.monitor import monitor as compare

    names = ("changes", "suggestions", "hits", "alerts", "scorecard")
    outputs = [out / f"{n}.csv" for n in names]
    roles = {"region": region, "activity": activity, "value": value, "time": time,
             "missing": missing, "duplicates": duplicates, "normalise": normalise,
             "unmatched": unmatched, "preset": preset, "lang": lang, "measure": measure}
    first = open_input(before, outputs=outputs, **roles)  # type: ignore[arg-type]
    second = first if str(after) == str(before) else \
        open_input(after, outputs=outputs, **roles)  # type: ignore[arg-type]
    if second is first and (not first.panel.has_time or first.panel.shape[0] < 2):
        raise CommandError("--before and --after are one table with a single period; give "
                           "two tables, or one with several periods (--time).")
    folder = output_folder(out)
    try:
        years = [float(y) for y in lookbacks.split(",") if y.strip()]
        years = [int(y) if y == int(y) else y for y in years]
    except ValueError:
        raise CommandError(f"--lookbacks {lookbacks!r} must be numbers separated by commas."
                           ) from None
    table = read_side_table(plan, "--plan") if plan is not None else None
    chosen_peers = resolve_peers(second, peers)
    if chosen_peers is not None and not isinstance(chosen_peers, dict):
        chosen_peers = {r: chosen_peers for r in second.panel.regions}
    t0 = first.one(before_year, "time", "--before-year")
    t1 = second.one(after_year, "time", "--after-year")
    with progress("monitoring"):
        if second is first:
            result = compare(first.panel, before_time=t0, after_time=t1, threshold=threshold,
                             plan=table, top=top, rca_loss=rca_loss, share_loss=share_loss,
                             competitive_loss=competitive_loss, lookbacks=years,
                             peers=chosen_peers,
                             focus=first.labels(focus, "region", "--focus"))
        else:
            result = compare(first.panel, second.panel, before_time=t0, after_time=t1,
                             threshold=threshold, plan=table, top=top, rca_loss=rca_loss,
                             share_loss=share_loss, competitive_loss=competitive_loss,
                             lookbacks=years, peers=chosen_peers,
                             focus=second.labels(focus, "region", "--focus"))
    shown = second.display
    for name in names:
        write_table(getattr(result, name), folder / f"{name}.csv", display=shown)
    for note in result.notes:
        typer.echo(f"note: {shown.reasons([note])[0]}.", err=True)
    changes = result.changes["event"].value_counts()
    hits = result.hits
    rate = hits["came_true"].sum() / max(1, hits["suggested"].sum())
    levels = result.alerts["level"].value_counts()
    typer.echo(f"{result.before} -> {result.after}: {int(changes.get('entered', 0))} entered, "
               f"{int(changes.get('left', 0))} left; {int(hits['came_true'].sum())} of "
               f"{int(hits['suggested'].sum())} suggestions came true ({rate:.0%}); alerts: "
               + (", ".join(f"{n} {c}" for c, n in levels.items()) or "none")
               + f"; wrote {len(names)} tables to {folder}")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("monitor", help=(monitor.__doc__ or "").rstrip() + "\n" + EXAMPLE)(monitor)
