r"""Honest backtests: scoring suggestion methods on what regions went on to do.

:func:`backtest` splits a panel in time (:func:`~advantage.planning.features.make_splits`).
The **last** split whose whole horizon is observed is the evaluation split; every method
scores its candidates (cells clearly absent up to the base period, see
:mod:`~advantage.planning.features`) and is judged on the full candidate set by
:func:`~advantage.planning.metrics.ranking_metrics` (precision@K and MAP@K per region).
With ``evaluate="rolling"`` every split that has an earlier split with an observed outcome
is evaluated too (rolling origin) and the candidates are pooled, for panels where one split
holds too few entries to judge.

Methods see only the past. Baselines and user methods receive
:func:`~advantage.planning.features.history`, the indicators truncated at the base period,
so they *cannot* read the future. The learned scorer
(:class:`~advantage.planning.learned.LearnedScorer`) is trained on the earlier splits whose
outcomes are known by the evaluation base period (:math:`t + h \le T`), on features whose
every read is recorded and checked (:func:`~advantage.planning.features.check_leakage`);
the checks are returned as a table. With ``holdout="regions"`` it is also trained without
the regions it scores (leave-region-out).

Every metric comes with a 90% paired bootstrap interval over regions, and the
learned/density PR-AUC ratio with its own (:func:`~advantage.planning.validation.paired_bootstrap`).
The learned scores are calibrated probabilities; their Brier score is set beside that of a
constant at the evaluated cells' share of entries (method ``base_rate``), with a
reliability table.

=================  =============================================================
method             score of a candidate cell at base period :math:`t`
=================  =============================================================
``random``         uniform random numbers (seeded)
``persistence``    the current RCA level (how close to present it already is)
``density``        relatedness density (Hidalgo et al. 2007)
``cog``            complexity outlook gain (Hausmann et al. 2014)
``learned``        calibrated probability from monotone boosted trees on the
                   period-invariant features of :mod:`~advantage.planning.signals`
``base_rate``      (with ``learned``) the evaluated cells' share of entries, a constant
=================  =============================================================

:func:`~advantage.planning.transfer_backtest.backtest_transfer` (re-exported here) scores
transfer matching the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive
from advantage.measures.indicators import Indicators, compute_indicators
from advantage.panel import Panel
from advantage.planning.features import LeakageError, Split, history, make_splits, targets
from advantage.planning.learned import LearnedScorer
from advantage.planning.metrics import METRIC_COLUMNS, ranking_metrics
from advantage.planning.transfer_backtest import backtest_transfer
from advantage.planning.validation import (
    INTERVAL_METRICS,
    brier_score,
    group_folds,
    paired_bootstrap,
    reliability_table,
)

__all__ = ["BASELINES", "METHODS", "BacktestResult", "backtest", "backtest_transfer"]

BASELINES = ("random", "persistence", "density", "cog")
METHODS = (*BASELINES, "learned")

#: A method: (indicators up to the base period, seed) -> scores (region, activity).
Method = Callable[[Indicators, int], np.ndarray]



@dataclass
class BacktestResult:
    """Metrics per method, the leakage checks, and what was evaluated.

    Attributes
    ----------
    metrics : pandas.DataFrame
        One row per method: method, then pr_auc, auroc, best_f1, precision_at_10 and
        map_at_10, each followed by its 90% paired bootstrap interval over regions
        (``<metric>_low``, ``<metric>_high``), brier (for probabilities: ``learned`` and
        ``base_rate``, the constant at the evaluated cells' own share of entries),
        n_candidates, n_positive, n_groups.
    leakage : pandas.DataFrame
        One row per (method, split, feature): the latest period read and the first period
        predicted; ``ok`` is True when the read is strictly earlier.
    base, target : label
        The evaluation split's base period and last target period.
    notes : list of str
        What was trained on, and anything skipped.
    predictions : pandas.DataFrame or None
        Candidate cells of the evaluated splits with the outcome, every method's score and
        ``probability`` (the learned scorer's calibrated probability).
    ratios : pandas.DataFrame or None
        The learned/density PR-AUC ratio with its paired bootstrap interval.
    reliability : pandas.DataFrame or None
        Reliability table of the learned probabilities.
    selection : pandas.DataFrame or None
        Held-out PR-AUC of every model shape and blend the learned scorer tried.
    """

    metrics: pd.DataFrame
    leakage: pd.DataFrame
    base: Any
    target: Any
    notes: list[str] = field(default_factory=list)
    predictions: pd.DataFrame | None = None
    ratios: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None
    selection: pd.DataFrame | None = None


def _baseline(name: str) -> Method:
    def score(hist: Indicators, seed: int) -> np.ndarray:
        if name == "random":
            return np.random.default_rng(seed).random(hist.rca.shape[1:])
        if name == "persistence":
            return np.nan_to_num(hist.rca[-1])
        return np.nan_to_num(getattr(hist, name)[-1])

    return score


def backtest(
    panel: Panel,
    *,
    horizon: int | str = "next",
    methods: Sequence[str] = METHODS,
    extra: Mapping[str, Method] | None = None,
    seed: int = 0,
    threshold: float = 1.0,
    absent: float = 0.25,
    target: Literal["any", "end"] = "any",
    k: int = 10,
    indicators: Indicators | None = None,
    evaluate: Literal["last", "rolling"] = "last",
    holdout: Literal["none", "regions"] = "none",
    folds: int = 5,
    n_boot: int = 200,
    calibration: Literal["platt", "isotonic"] = "platt",
    model_params: Mapping[str, Any] | None = None,
    scorer_params: Mapping[str, Any] | None = None,
    keep_predictions: bool = False,
) -> BacktestResult:
    """Score suggestion methods on what regions actually entered later.

    Parameters
    ----------
    panel : Panel
        Needs at least two periods (three for the learned scorer).
    horizon : int or "next"
        Years ahead (targets in :math:`(t, t+h]`), or ``"next"`` for the next period.
    methods : sequence of str
        Built-in methods to run (:data:`METHODS`).
    extra : mapping, optional
        More methods: name -> ``f(history, seed)`` returning scores (region, activity),
        where ``history`` holds the indicators up to the base period only.
    seed : int
        Seed of the random baseline, the learned model, metric tie-breaking, region folds
        and the bootstrap.
    threshold : float
        RCA at which an activity counts as present (1).
    absent : float
        RCA below which a cell is clearly absent (0.25).
    target : {"any", "end"}
        Present in any target period, or in the last one.
    k : int
        K of precision@K and MAP@K (per region).
    indicators : Indicators, optional
        Precomputed indicators of ``panel``.
    evaluate : {"last", "rolling"}
        Evaluate on the last split only, or on every split that has an earlier split with
        an observed outcome (rolling origin: the learned model is retrained for each, on
        the splits known by its base; candidates of all evaluated splits are pooled and
        precision@K is taken per region and split).
    holdout : {"none", "regions"}
        ``"regions"``: leave-region-out; the regions are split into ``folds`` seeded groups
        and each group's candidates are scored by a learned model trained without them.
    folds : int
        Region groups of ``holdout="regions"``.
    n_boot : int
        Region resamples of the paired bootstrap (:func:`~advantage.planning.validation.
        paired_bootstrap`, 90% percentile intervals).
    calibration : {"platt", "isotonic"}
        How the learned scores become probabilities (fitted on held-out training origins).
    model_params : mapping, optional
        Overrides of :data:`~advantage.planning.learned.MODEL_DEFAULTS`.
    scorer_params : mapping, optional
        Other settings of :class:`~advantage.planning.learned.LearnedScorer` (``shapes``,
        ``blends``, ``single``, ``features``...), for development runs.
    keep_predictions : bool
        Return the scored candidates of the evaluated splits.

    Returns
    -------
    BacktestResult
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise AdvantageError(f"methods {unknown!r} are not known; expected some of "
                             f"{list(METHODS)!r} (pass others through extra=).")
    check_choice("evaluate", evaluate, ["last", "rolling"])
    check_choice("holdout", holdout, ["none", "regions"])
    check_positive("k", k)
    splits = make_splits(panel.times, horizon)
    if not splits:
        raise AdvantageError(f"horizon={horizon!r} leaves no base period with its outcome "
                             f"observed; the panel covers {list(panel.times)!r}.")
    if indicators is None:
        indicators = compute_indicators(panel, threshold=threshold, with_fitness=False)
    evaluated = [splits[-1]]
    if evaluate == "rolling":
        evaluated = [s for s in splits if any(max(t.targets) <= s.base for t in splits)]
        if not evaluated:
            raise AdvantageError("evaluate='rolling' needs a split with an earlier split whose "
                                 "outcome is observed by its base period; use 'last'.")
    runners: dict[str, Method] = {m: _baseline(m) for m in methods if m != "learned"}
    runners.update(extra or {})
    pooled: dict[str, list[np.ndarray]] = {name: [] for name in (*runners, "learned")}
    labels, groups, cells, leak, notes = [], [], [], [], []
    selection, n_r = [], panel.shape[1]
    settings = {"seed": seed, "absent": absent, "threshold": threshold, "target": target,
                "calibration": calibration, "model_params": model_params,
                **(scorer_params or {})}
    for number, ev in enumerate(evaluated):
        cand, label = targets(indicators.rca, ev, absent=absent, present=threshold,
                              target=target)
        rows, cols = np.nonzero(cand)
        hist = history(indicators, ev.base)
        for name, method in runners.items():
            s = np.asarray(method(hist, seed + number), dtype=float)
            if s.shape != hist.rca.shape[1:]:
                raise AdvantageError(f"method {name!r} returned shape {s.shape}; expected "
                                     f"{hist.rca.shape[1:]} (region, activity).")
            pooled[name].append(s[rows, cols])
            leak.append(_leak_row(name, ev, panel, hist.rca.shape[0] - 1))
        y = label[rows, cols].astype(int)
        notes.append(f"evaluated on base {panel.times[ev.base]} -> "
                     f"{', '.join(str(panel.times[t]) for t in ev.targets)}: {len(y)} "
                     f"candidates, {int(y.sum())} entries")
        if "learned" in methods:
            train = [s for s in splits if s is not ev and max(s.targets) <= ev.base]
            learned, note, rows_leak, chosen = _learned(
                indicators, train, ev, rows, cols, holdout, folds, settings)
            notes.append(note)
            leak.extend(rows_leak)
            selection.extend(chosen)
            pooled["learned"].append(learned)
        labels.append(y)
        groups.append(number * n_r + rows)
        cells.append((np.full(len(y), ev.base), rows, cols))
    y_all, g_all = np.concatenate(labels), np.concatenate(groups)
    region_all = g_all % n_r
    scores = {name: np.concatenate(parts) for name, parts in pooled.items()
              if parts and not np.isnan(np.concatenate(parts)).all()}
    if "learned" in scores:
        scores["base_rate"] = np.full(len(y_all), y_all.mean())
    intervals, ratios = paired_bootstrap(scores, y_all, region_all, metric_groups=g_all, k=k,
                                         n_boot=n_boot, seed=seed)
    table = []
    for name, s_all in scores.items():
        probability = name in ("learned", "base_rate")
        table.append({"method": name, **ranking_metrics(s_all, y_all, g_all, k=k, seed=seed),
                      "brier": brier_score(s_all, y_all) if probability else float("nan")})
    metrics_frame = pd.DataFrame(table, columns=["method", *METRIC_COLUMNS, "brier"]).merge(
        intervals.drop(columns="pr_auc"), on="method", how="left")
    for column in ("n_candidates", "n_positive", "n_groups"):
        metrics_frame[column] = metrics_frame[column].astype(int)
    order = ["method", *(f"{m}{end}" for m in INTERVAL_METRICS for end in ("", "_low", "_high")),
             "brier", "n_candidates", "n_positive", "n_groups"]
    metrics_frame = metrics_frame[order].rename(columns=lambda c: c.replace(
        "precision_at_k", f"precision_at_{k}").replace("map_at_k", f"map_at_{k}"))
    reliability = (reliability_table(scores["learned"], y_all) if "learned" in scores
                   else None)
    predictions = None
    if keep_predictions:
        base, rows, cols = (np.concatenate(parts) for parts in zip(*cells, strict=True))
        predictions = pd.DataFrame({
            "base": panel.times[base], "region": panel.regions[rows],
            "activity": panel.activities[cols], "entered": y_all, **scores})
        if "learned" in scores:
            predictions["probability"] = scores["learned"]
    return BacktestResult(metrics_frame, pd.DataFrame(leak), panel.times[evaluated[-1].base],
                          panel.times[evaluated[-1].targets[-1]], notes, predictions,
                          ratios, reliability, pd.DataFrame(selection))


def _leak_row(method: str, split: Split, panel: Panel, read: int, feature: str = "*"
              ) -> dict[str, Any]:
    first = min(split.targets)
    return {"method": method, "base": panel.times[split.base], "feature": feature,
            "latest_period_read": panel.times[read] if read >= 0 else None,
            "first_predicted": panel.times[first], "ok": read < first}


def _learned(ind: Indicators, train: list[Split], ev: Split, rows: np.ndarray,
             cols: np.ndarray, holdout: str, folds: int, settings: dict[str, Any]
             ) -> tuple[np.ndarray, str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Fit on the training splits (per region fold with ``holdout``); score the evaluation."""
    times = ind.panel.times
    score = np.full(len(rows), np.nan)
    leak: list[dict[str, Any]] = []
    chosen: list[dict[str, Any]] = []
    parts = ([None] if holdout == "none"
             else group_folds(np.arange(ind.panel.shape[1]), folds, settings["seed"]))
    fitted = None
    for fold in parts:
        scorer = LearnedScorer(**settings)
        try:
            scorer.fit(ind, train, exclude_regions=fold)
        except LeakageError:
            raise
        except AdvantageError as error:
            return score, f"learned: skipped, {error}", leak, chosen
        inside = np.ones(len(rows), bool) if fold is None else np.isin(rows, fold)
        score[inside], reads = scorer.score_cells(ind, ev, rows[inside], cols[inside])
        leak.extend(scorer.leakage_ + reads)
        chosen.extend({**{str(k): v for k, v in row.items()}, "base": times[ev.base],
                       "chosen": row["shape"] == scorer.shape_ and row["blend"] == scorer.blend_}
                      for row in scorer.selection_.drop(columns="simpler").to_dict("records"))
        fitted = scorer
    assert fitted is not None
    note = (f"learned: trained on bases {', '.join(str(b) for b in fitted.origins_)} "
            f"({fitted.n_rows_} rows, {fitted.n_entries_} entries); shape {fitted.shape_}, "
            f"density blend {fitted.blend_:g}, {fitted.calibration} calibration"
            + fitted.wider_note()
            + (f"; leave-region-out over {len(parts)} region folds" if holdout != "none"
               else "")
            + (f"; features never observed in training, left out: {', '.join(unused)}"
               if (unused := [f for f in fitted.features if f not in fitted.features_])
               else ""))
    return score, note, leak, chosen
