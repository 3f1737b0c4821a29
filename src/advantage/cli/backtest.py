"""``advantage backtest``: how well suggestion methods predicted what regions entered later."""

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
    ValueOpt,
    progress,
    read_panel,
    write_table,
)
from advantage.cli._planning import ThresholdOpt, labels, one_label

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


def backtest(
    input: Annotated[Path, typer.Argument(help="CSV, Parquet or Excel file, one row per cell.")],
    region: RegionOpt,
    activity: ActivityOpt,
    value: ValueOpt,
    time: Annotated[str, typer.Option("--time", help="Column holding the year.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    horizon: Annotated[str, typer.Option(
        "--horizon", help="Years ahead, or 'next' to pair each period with the next one.")
    ] = "next",
    methods: Annotated[str, typer.Option(
        "--methods", help="Comma-separated: random, persistence, density, cog, learned.")
    ] = "random,persistence,density,cog,learned",
    evaluate: Annotated[str, typer.Option(
        "--evaluate", help="'last' split only, or 'rolling' (every split with training data, "
        "pooled).")] = "last",
    absent: Annotated[float, typer.Option(
        "--absent", help="RCA below which a cell is clearly absent in every prior period.")
    ] = 0.25,
    target: Annotated[str, typer.Option(
        "--target", help="Present in 'any' period of the horizon, or at its 'end'.")] = "any",
    holdout: Annotated[str, typer.Option(
        "--holdout", help="'none', or 'regions' (leave-region-out: the learned model never "
        "sees the regions it scores).")] = "none",
    folds: Annotated[int, typer.Option(
        "--folds", help="Region folds of --holdout regions.", min=2)] = 5,
    boot: Annotated[int, typer.Option(
        "--boot", help="Region resamples of the bootstrap intervals.", min=1)] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Seed for random and learned.")] = 0,
    threshold: ThresholdOpt = 1.0,
    predictions: Annotated[bool, typer.Option(
        "--predictions", help="Also write OUT/predictions.csv (every scored candidate).")
    ] = False,
    sources: Annotated[str | None, typer.Option(
        "--sources", help="Also backtest transfer matching out of these regions.")] = None,
    from_year: Annotated[str | None, typer.Option(
        "--from-year", help="Transfer window start (with --sources).")] = None,
    to_year: Annotated[str | None, typer.Option(
        "--to-year", help="Transfer window end (with --sources).")] = None,
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
    lang: LangOpt = "en",
) -> None:
    """Score random, persistence, density, COG and a learned model on later entries.

    A candidate is a region x activity with RCA below --absent in every period up to the
    base; it is positive when RCA reaches --threshold within the horizon. Metrics use the
    full candidate set, with bootstrap intervals over regions; the learned model trains
    only on earlier splits and gives calibrated probabilities.
    """
    from advantage.planning.backtest import backtest as run
    from advantage.planning.backtest import backtest_transfer

    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    h: int | str = horizon
    if horizon != "next":
        try:
            h = int(horizon)
        except ValueError:
            raise CommandError(f"--horizon must be a whole number of years or 'next', got "
                               f"{horizon!r}.") from None
    chosen = [m.strip() for m in methods.split(",") if m.strip()]
    with progress("backtesting", total=2 if sources else 1) as advance:
        result = run(panel, horizon=h, methods=chosen, seed=seed, threshold=threshold,
                     absent=absent, target=target,  # type: ignore[arg-type]
                     evaluate=evaluate,  # type: ignore[arg-type]
                     holdout=holdout,  # type: ignore[arg-type]
                     folds=folds, n_boot=boot, keep_predictions=predictions)
        advance()
        transfer = None
        if sources is not None:
            if from_year is None or to_year is None or h == "next":
                raise CommandError("the transfer backtest needs --sources, --from-year, "
                                   "--to-year and a horizon in years.")
            transfer = backtest_transfer(
                panel, labels(sources, panel.regions, "--sources") or [],
                from_year=one_label(from_year, panel.times, "--from-year"),
                to_year=one_label(to_year, panel.times, "--to-year"), horizon=float(h),
                seed=seed, threshold=threshold)
            advance()
    written = [write_table(result.metrics, out / "metrics.csv", lang=lang),
               write_table(result.leakage, out / "leakage.csv", lang=lang)]
    for name, table in (("ratios", result.ratios), ("reliability", result.reliability)):
        if table is not None and len(table):
            written.append(write_table(table, out / f"{name}.csv", lang=lang))
    if result.predictions is not None:
        written.append(write_table(result.predictions, out / "predictions.csv", lang=lang))
    if transfer is not None:
        written.append(write_table(transfer, out / "transfer_metrics.csv", lang=lang))
    notes = out / "notes.txt"
    notes.write_text("\n".join(result.notes) + "\n", encoding="utf-8")
    written.append(notes)
    if not result.leakage["ok"].all():  # pragma: no cover - check_leakage raises first
        raise CommandError("a feature read a period at or after the one it predicts.")
    best = result.metrics.sort_values("pr_auc", ascending=False).iloc[0]
    typer.echo(f"best PR-AUC: {best['method']} {best['pr_auc']:.4f} "
               f"[{best['pr_auc_low']:.4f}, {best['pr_auc_high']:.4f}]; "
               + "; ".join(result.notes[:1]) + "; wrote " + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("backtest", help=(backtest.__doc__ or "") + EXAMPLE)(backtest)
