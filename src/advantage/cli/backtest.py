"""``advantage backtest``: how well suggestion methods predicted what regions entered later."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from advantage._checks import AdvantageError
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
    catalogued_name,
    open_input,
    progress,
    write_table,
)
from advantage.cli.transfer import Loss

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage backtest sa3.csv --region sa3 --activity indp --value count --time year
  --horizon next --out backtest/

Writes OUT/metrics.csv (method; pr_auc, auroc, best_f1, precision_at_10 and map_at_10,
each with _low and _high, a 90% paired bootstrap interval over regions; brier, filled for
the calibrated learned probability and for base_rate, a constant at the evaluated share of
entries; n_candidates, n_positive, n_groups), OUT/ratios.csv (learned /
density PR-AUC with its interval), OUT/reliability.csv (learned probabilities against
observed entry rates), OUT/leakage.csv (the latest period every method and feature read,
against the first period it predicts) and OUT/notes.txt. --predictions adds
OUT/predictions.csv (every scored candidate; probability is the learned one, in [0, 1]).
"""


class Evaluate(StrEnum):
    """Which splits are evaluated."""

    last = "last"
    rolling = "rolling"


class Holdout(StrEnum):
    """Who the learned model never sees while it is trained."""

    none = "none"
    regions = "regions"


class Target(StrEnum):
    """When a candidate counts as entered."""

    any = "any"
    end = "end"


def backtest(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    horizon: Annotated[str, typer.Option(
        "--horizon", help="Years ahead, or 'next' to pair each period with the next one.")
    ] = "next",
    methods: Annotated[str, typer.Option(
        "--methods", help="Comma-separated: random, persistence, density, cog, learned.")
    ] = "random,persistence,density,cog,learned",
    evaluate: Annotated[Evaluate, typer.Option(
        "--evaluate", help="last split only, or rolling (every split with training data, "
        "pooled).")] = Evaluate.last,
    absent: Annotated[float, typer.Option(
        "--absent", help="RCA below which a cell is clearly absent in every prior period.")
    ] = 0.25,
    target: Annotated[Target, typer.Option(
        "--target", help="Present in any period of the horizon, or at its end.")
    ] = Target.any,
    holdout: Annotated[Holdout, typer.Option(
        "--holdout", help="none, or regions (leave-region-out: the learned model never "
        "sees the regions it scores).")] = Holdout.none,
    folds: Annotated[int, typer.Option(
        "--folds", help="Region folds of --holdout regions.", min=2)] = 5,
    boot: Annotated[int, typer.Option(
        "--boot", help="Region resamples of the bootstrap intervals.", min=1)] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**32 - 1,
                                      help="Seed for random and learned.")] = 0,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    predictions: Annotated[bool, typer.Option(
        "--predictions", help="Also write OUT/predictions.csv (every scored candidate).")
    ] = False,
    sources: Annotated[str | None, typer.Option(
        "--sources", help="Also backtest transfer matching out of these regions (or "
        "'preset': the region preset's groups, e.g. China's east -> the rest).")] = None,
    transfer_loss: Annotated[Loss, typer.Option(
        "--transfer-loss", help="For the transfer backtest: a source loses an activity when "
        "its level or its national share falls.")] = Loss.level,
    from_year: Annotated[str | None, typer.Option(
        "--from-year", help="Transfer window start (with --sources).")] = None,
    to_year: Annotated[str | None, typer.Option(
        "--to-year", help="Transfer window end (with --sources).")] = None,
    transfer_flows: Annotated[str | None, typer.Option(
        "--transfer-flows", help="For the transfer backtest: add the destination's flows "
        "of the activity per unit of its output to the matching, scored beside the matching "
        "without them. A measure of the data set (e.g. total_inflow of "
        "china_provincial_io), or for a file the column holding the flows.")] = None,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Score random, persistence, density, COG and a learned model on later entries.

    A candidate is a region x activity with RCA below --absent in every period up to the
    base; it is positive when RCA reaches --threshold within the horizon. Metrics use the
    full candidate set, with bootstrap intervals over regions; the learned model trains
    only on earlier splits and gives calibrated probabilities.
    """
    from advantage.planning.backtest import backtest as run
    from advantage.planning.backtest import backtest_transfer
    from advantage.planning.common import indicators_for

    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang,
                     outputs=[out / f"{n}.csv" for n in ("metrics", "leakage", "predictions",
                                                          "transfer_metrics",
                                                          "transfer_ratios")],
                     measure=measure)
    panel = inp.panel
    if not panel.has_time or panel.shape[0] < 2:
        raise CommandError("a backtest needs several periods: give --time (the column holding "
                           "the year) for a file with more than one period.")
    h: int | str = horizon
    if horizon != "next":
        try:
            h = int(horizon)
        except ValueError:
            raise CommandError(f"--horizon must be a whole number of years or 'next', got "
                               f"{horizon!r}.") from None
    chosen = [m.strip() for m in methods.split(",") if m.strip()]
    if not chosen:
        raise CommandError("--methods is empty; name at least one of random, persistence, "
                           "density, cog, learned.")
    with progress("backtesting", total=2 if sources else 1) as advance:
        ind = indicators_for(panel, None, threshold=threshold, convention=convention.value)
        result = run(panel, horizon=h, methods=chosen, seed=seed, threshold=threshold,
                     absent=absent, target=target.value,
                     evaluate=evaluate.value, holdout=holdout.value,
                     folds=folds, n_boot=boot, keep_predictions=predictions, indicators=ind)
        advance()
        transfer = None
        if sources is not None:
            if from_year is None or to_year is None or h == "next":
                raise CommandError("the transfer backtest needs --sources, --from-year, "
                                   "--to-year and a horizon in years.")
            dst = None
            if sources.strip().lower() == "preset":
                if inp.preset is None:
                    raise CommandError("--sources preset needs a region preset (the regions "
                                       "are not those of a known preset).")
                src, dst = inp.preset.transfer_groups()
            else:
                src = inp.labels(sources, "region", "--sources") or []
            flows = None
            if transfer_flows is not None:
                as_measure = catalogued_name(input) is not None
                try:
                    flows = open_input(
                        input, region=region, activity=activity,
                        value=None if as_measure else transfer_flows, time=time,
                        missing=missing, duplicates=duplicates, normalise=normalise,
                        unmatched=unmatched, preset=preset, lang=lang,
                        measure=transfer_flows if as_measure else None).panel
                except (AdvantageError, CommandError) as exc:
                    raise CommandError(f"--transfer-flows {transfer_flows!r}: {exc}") from None
            transfer = backtest_transfer(
                panel, src, destinations=dst,
                from_year=inp.one(from_year, "time", "--from-year"),
                to_year=inp.one(to_year, "time", "--to-year"), horizon=float(h),
                seed=seed, threshold=threshold, loss=transfer_loss.value, n_boot=boot,
                flows=flows,
                centroids=inp.preset.centroids() if inp.preset is not None else None)
            advance()
    shown = inp.display
    written = [write_table(result.metrics, out / "metrics.csv", display=shown),
               write_table(result.leakage, out / "leakage.csv", display=shown)]
    for name, table in (("ratios", result.ratios), ("reliability", result.reliability)):
        if table is not None and len(table):
            written.append(write_table(table, out / f"{name}.csv", display=shown))
    if result.predictions is not None:
        written.append(write_table(result.predictions, out / "predictions.csv",
                                   display=shown))
    if transfer is not None:
        written.append(write_table(transfer, out / "transfer_metrics.csv", display=shown))
        written.append(write_table(transfer.attrs["ratios"], out / "transfer_ratios.csv",
                                   display=shown))
    notes = out / "notes.txt"
    notes.write_text("\n".join(result.notes) + "\n", encoding="utf-8")
    written.append(notes)
    if not result.leakage["ok"].all():  # pragma: no cover - check_leakage raises first
        raise CommandError("a feature read a period at or after the one it predicts.")
    scored = result.metrics.dropna(subset=["pr_auc"])
    if len(scored):
        best = scored.sort_values("pr_auc", ascending=False).iloc[0]
        summary = (f"best PR-AUC: {best['method']} {best['pr_auc']:.4f} "
                   f"[{best['pr_auc_low']:.4f}, {best['pr_auc_high']:.4f}]")
    else:
        summary = ("no candidate entered in the evaluated split, so the entry metrics are "
                   "undefined")
    if transfer is not None:
        row = transfer.set_index("method").loc["matching"]
        summary += (f"; transfer matching PR-AUC {row['pr_auc']:.4f} "
                    f"[{row['pr_auc_low']:.4f}, {row['pr_auc_high']:.4f}]")
    typer.echo(summary + "; " + "; ".join(result.notes[:1]) + "; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("backtest", help=(backtest.__doc__ or "") + EXAMPLE)(backtest)
