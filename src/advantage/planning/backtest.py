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
so they *cannot* read the future. The learned scorer (a seeded scikit-learn
``HistGradientBoostingClassifier``) is trained on the earlier splits whose outcomes are
known by the evaluation base period (:math:`t + h \le T`), on features whose every read is
recorded and checked (:func:`~advantage.planning.features.check_leakage`); the checks are
returned as a table.

=================  =============================================================
method             score of a candidate cell at base period :math:`t`
=================  =============================================================
``random``         uniform random numbers (seeded)
``persistence``    the current RCA level (how close to present it already is)
``density``        relatedness density (Hidalgo et al. 2007)
``cog``            complexity outlook gain (Hausmann et al. 2014)
``learned``        gradient-boosted trees on :data:`~advantage.planning.features.FEATURES`
=================  =============================================================

:func:`backtest_transfer` scores transfer matching the same way: did the top-ranked
destinations of each relocating activity raise their share of it afterwards, against a
random and a density-only ranking?
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
from advantage.planning.features import (
    FEATURES,
    Split,
    build_features,
    check_leakage,
    history,
    make_splits,
    targets,
)
from advantage.planning.metrics import METRIC_COLUMNS, ranking_metrics
from advantage.planning.transfer import match_destinations

__all__ = ["BASELINES", "METHODS", "BacktestResult", "backtest", "backtest_transfer"]

BASELINES = ("random", "persistence", "density", "cog")
METHODS = (*BASELINES, "learned")

#: A method: (indicators up to the base period, seed) -> scores (region, activity).
Method = Callable[[Indicators, int], np.ndarray]

_DEFAULT_MODEL = {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 31,
                  "min_samples_leaf": 40, "l2_regularization": 1.0, "early_stopping": False}


@dataclass
class BacktestResult:
    """Metrics per method, the leakage checks, and what was evaluated.

    Attributes
    ----------
    metrics : pandas.DataFrame
        One row per method: method, pr_auc, auroc, best_f1, precision_at_10, map_at_10,
        n_candidates, n_positive, n_groups.
    leakage : pandas.DataFrame
        One row per (method, split, feature): the latest period read and the first period
        predicted; ``ok`` is True when the read is strictly earlier.
    base, target : label
        The evaluation split's base period and last target period.
    notes : list of str
        What was trained on, and anything skipped.
    predictions : pandas.DataFrame or None
        Candidate cells of the evaluation split with the outcome and every method's score.
    """

    metrics: pd.DataFrame
    leakage: pd.DataFrame
    base: Any
    target: Any
    notes: list[str] = field(default_factory=list)
    predictions: pd.DataFrame | None = None


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
    model_params: Mapping[str, Any] | None = None,
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
        Seed of the random baseline, the learned model and metric tie-breaking.
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
    model_params : mapping, optional
        Overrides for ``HistGradientBoostingClassifier``.
    keep_predictions : bool
        Return the scored candidates of the evaluation split.

    Returns
    -------
    BacktestResult
    """
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise AdvantageError(f"methods {unknown!r} are not known; expected some of "
                             f"{list(METHODS)!r} (pass others through extra=).")
    check_choice("evaluate", evaluate, ["last", "rolling"])
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
    n_r = panel.shape[1]
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
            learned, note, rows_leak = _learned(indicators, splits, ev, rows, cols, seed,
                                                absent, threshold, target, model_params)
            notes.append(note)
            leak.extend(rows_leak)
            pooled["learned"].append(learned if learned is not None
                                     else np.full(len(y), np.nan))
        labels.append(y)
        groups.append(number * n_r + rows)
        cells.append((np.full(len(y), ev.base), rows, cols))
    y_all, g_all = np.concatenate(labels), np.concatenate(groups)
    table = []
    for name, parts in pooled.items():
        if not parts:
            continue
        s_all = np.concatenate(parts)
        if np.isnan(s_all).all():
            continue
        table.append({"method": name, **ranking_metrics(s_all, y_all, g_all, k=k, seed=seed)})
    metrics_frame = pd.DataFrame(table, columns=["method", *METRIC_COLUMNS]).rename(
        columns={"precision_at_k": f"precision_at_{k}", "map_at_k": f"map_at_{k}"})
    for column in ("n_candidates", "n_positive", "n_groups"):
        metrics_frame[column] = metrics_frame[column].astype(int)
    predictions = None
    if keep_predictions:
        base, rows, cols = (np.concatenate(parts) for parts in zip(*cells, strict=True))
        predictions = pd.DataFrame({
            "base": panel.times[base], "region": panel.regions[rows],
            "activity": panel.activities[cols], "entered": y_all,
            **{name: np.concatenate(parts) for name, parts in pooled.items() if parts}})
    return BacktestResult(metrics_frame, pd.DataFrame(leak), panel.times[evaluated[-1].base],
                          panel.times[evaluated[-1].targets[-1]], notes, predictions)


def _leak_row(method: str, split: Split, panel: Panel, read: int, feature: str = "*"
              ) -> dict[str, Any]:
    first = min(split.targets)
    return {"method": method, "base": panel.times[split.base], "feature": feature,
            "latest_period_read": panel.times[read] if read >= 0 else None,
            "first_predicted": panel.times[first], "ok": read < first}


def _learned(ind: Indicators, splits: list[Split], ev: Split, rows: np.ndarray,
             cols: np.ndarray, seed: int, absent: float, threshold: float, target: Any,
             params: Mapping[str, Any] | None
             ) -> tuple[np.ndarray | None, str, list[dict[str, Any]]]:
    """Train on splits whose outcome is known at the evaluation base; score the evaluation."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    times = ind.panel.times
    train = [s for s in splits if s is not ev and max(s.targets) <= ev.base]
    leak: list[dict[str, Any]] = []
    xs, ys = [], []
    for split in train:
        cand, label = targets(ind.rca, split, absent=absent, present=threshold, target=target)
        r, c = np.nonzero(cand)
        feats, reads = build_features(ind, split.base)
        check_leakage(reads, split, times)
        leak.extend(_leak_row("learned", split, ind.panel, reads[f], f) for f in FEATURES)
        xs.append(np.column_stack([feats[f][r, c] for f in FEATURES]))
        ys.append(label[r, c].astype(int))
    if not train or sum(int(y.sum()) for y in ys) == 0:
        return None, ("learned: skipped, no earlier split with an observed outcome and at "
                      "least one entry to train on"), leak
    feats, reads = build_features(ind, ev.base)
    check_leakage(reads, ev, times)
    leak.extend(_leak_row("learned", ev, ind.panel, reads[f], f) for f in FEATURES)
    x_train, y_train = np.vstack(xs), np.concatenate(ys)
    usable = np.isfinite(x_train).any(axis=0)  # e.g. lagged features with one prior period
    model = HistGradientBoostingClassifier(random_state=seed,
                                           **{**_DEFAULT_MODEL, **(params or {})})
    model.fit(x_train[:, usable], y_train)
    x_eval = np.column_stack([feats[f][rows, cols] for f in FEATURES])[:, usable]
    score = model.predict_proba(x_eval)[:, 1] if len(x_eval) else np.zeros(0)
    unused = [f for f, u in zip(FEATURES, usable, strict=True) if not u]
    note = (f"learned: trained on bases {', '.join(str(times[s.base]) for s in train)} "
            f"({len(y_train)} rows, {int(y_train.sum())} entries)"
            + (f"; features never observed in training, left out: {', '.join(unused)}"
               if unused else ""))
    return score, note, leak


def backtest_transfer(
    panel: Panel,
    sources: Sequence[Any],
    *,
    from_year: Any,
    to_year: Any,
    horizon: float,
    destinations: Sequence[Any] | None = None,
    seed: int = 0,
    k: int = 5,
    **match: Any,
) -> pd.DataFrame:
    """Score transfer matching: did top-ranked destinations gain the activity afterwards.

    The matching runs on data up to ``to_year``; a destination *gains* an activity when its
    share of the national activity is higher in the outcome period (the latest period at or
    before ``to_year + horizon``) than in ``to_year``. Metrics are grouped by activity
    (precision@K among each activity's destinations).

    Returns
    -------
    pandas.DataFrame
        One row per method (matching, density, random) with the metric columns.
    """
    check_positive("horizon", horizon)
    t1 = int(panel.locate("time", to_year, name="to_year")[0])
    later = [i for i in range(t1 + 1, panel.shape[0])
             if float(panel.times[i]) <= float(panel.times[t1]) + float(horizon)]
    if not later:
        raise AdvantageError(f"no period after to_year={to_year!r} within horizon={horizon!r}.")
    t2 = later[-1]
    history_panel = panel.select(times=list(panel.times[: t1 + 1]))
    table = match_destinations(history_panel, sources, from_year=from_year, to_year=to_year,
                               destinations=destinations, **match)
    x1, x2 = panel.cube[t1], panel.cube[t2]
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = x2 / x2.sum(axis=0) > x1 / x1.sum(axis=0)
    r = panel.regions.get_indexer(pd.Index(table["destination"]))
    a = panel.activities.get_indexer(pd.Index(table["activity"]))
    y = gain[r, a].astype(int)
    groups = a
    rng = np.random.default_rng(seed)
    scores = {"matching": table["score"].to_numpy(), "density": table["density"].to_numpy(),
              "random": rng.random(len(table))}
    out = []
    for name, s in scores.items():
        metrics = ranking_metrics(np.nan_to_num(s, nan=-np.inf), y, groups, k=k, seed=seed)
        out.append({"method": name, **metrics})
    frame = pd.DataFrame(out, columns=["method", *METRIC_COLUMNS]).rename(
        columns={"precision_at_k": f"precision_at_{k}", "map_at_k": f"map_at_{k}",
                 "n_groups": "n_activities"})
    frame.attrs["outcome_period"] = panel.times[t2]
    return frame
