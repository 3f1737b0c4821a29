"""Backtests: splits, targets, metrics, leakage checks, and the harness end to end."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import average_precision_score, roc_auc_score

import advantage.planning.features as features_module
import advantage.planning.signals as signals_module
from advantage import AdvantageError, Panel
from advantage.measures import compute_indicators
from advantage.planning import (
    FEATURES,
    LeakageError,
    Split,
    backtest,
    build_features,
    check_leakage,
    group_precision,
    history,
    make_splits,
    ranking_metrics,
    targets,
)


def entry_panel(seed: int = 0, n_r: int = 40, n_a: int = 30, n_t: int = 4) -> Panel:
    """Regions enter activities of the clusters they already know: density predicts entry."""
    rng = np.random.default_rng(seed)
    cluster = np.arange(n_a) % 5
    has = np.zeros((n_r, n_a), dtype=bool)
    home = rng.integers(0, 5, n_r)
    for r in range(n_r):
        own = np.nonzero(cluster == home[r])[0]
        has[r, rng.choice(own, 3, replace=False)] = True
        has[r, rng.integers(0, n_a)] = True
    cubes = []
    for _ in range(n_t):
        cubes.append(np.where(has, rng.lognormal(3, 0.3, has.shape), 0.0))
        share = np.stack([has[:, cluster == c].mean(axis=1) for c in range(5)], axis=1)
        p_enter = 0.35 * share[:, cluster] ** 2
        has = has | (rng.random(has.shape) < p_enter)
    return Panel.from_cube(np.stack(cubes), regions=[f"r{i}" for i in range(n_r)],
                           activities=[f"a{j}" for j in range(n_a)],
                           times=list(range(2001, 2001 + n_t)))


def test_splits() -> None:
    times = pd.Index([2011, 2016, 2021])
    assert [(s.base, s.targets) for s in make_splits(times, 5)] == [(0, (1,)), (1, (2,))]
    assert make_splits(times, 10) == [Split(0, (1, 2))]
    assert make_splits(times, 11) == []
    assert [s.targets for s in make_splits(pd.Index(["a", "b", "c"]), 1)] == [(1,), (2,)]
    with pytest.raises(AdvantageError, match="horizon='soon'"):
        make_splits(times, "soon")
    with pytest.raises(AdvantageError, match="horizon=0"):
        make_splits(times, 0)


def test_targets_by_construction() -> None:
    rca = np.array([
        [[0.1, 0.3, 0.0, np.nan]],   # t0
        [[0.2, 0.0, 0.1, 0.0]],      # t1 (base)
        [[1.5, 2.0, 0.5, 3.0]],      # t2
        [[0.9, 2.0, 1.0, 3.0]],      # t3
    ])
    cand, label = targets(rca, Split(1, (2, 3)))
    # cell 1 had RCA 0.3 >= 0.25 at t0: not clearly absent; cell 3 was missing at t0 (ignored)
    assert cand[0].tolist() == [True, False, True, True]
    assert label[0].tolist() == [True, False, True, True]
    _, end = targets(rca, Split(1, (2, 3)), target="end")
    assert end[0].tolist() == [False, False, True, True]
    cand, _ = targets(rca, Split(1, (2, 3)), absent=0.35)
    assert cand[0, 1]


def test_metrics_match_sklearn_and_hand_counts() -> None:
    rng = np.random.default_rng(3)
    y = rng.random(500) < 0.1
    s = y * 0.5 + rng.random(500)
    g = rng.integers(0, 20, 500)
    m = ranking_metrics(s, y, g, k=10)
    assert_allclose(m["pr_auc"], average_precision_score(y, s))
    assert_allclose(m["auroc"], roc_auc_score(y, s))
    p_k, map_k, n = group_precision(s, y, g, k=10)
    hand_p, hand_ap = [], []
    for group in np.unique(g):
        idx = np.nonzero(g == group)[0]
        hits = y[idx[np.argsort(-s[idx])]]
        if not hits.any():
            continue
        hand_p.append(hits[:10].sum() / min(10, len(hits)))
        precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
        hand_ap.append((precision[:10] * hits[:10]).sum() / min(10, hits.sum()))
    assert n == len(hand_p)
    assert_allclose([p_k, map_k], [np.mean(hand_p), np.mean(hand_ap)])
    assert_allclose(m["best_f1"], max(2 * p * r / (p + r) for p, r in _pr(y, s) if p + r))
    # constant scores: ties are broken at random, not by label order
    flat = ranking_metrics(np.zeros(500), np.sort(y)[::-1], g, k=10)
    assert flat["precision_at_k"] < 0.5 and flat["auroc"] == 0.5


def _pr(y: np.ndarray, s: np.ndarray) -> list[tuple[float, float]]:
    out = []
    for threshold in np.unique(s):
        pred = s >= threshold
        tp = (pred & y).sum()
        out.append((tp / pred.sum(), tp / y.sum()))
    return out


def test_features_read_only_the_past() -> None:
    panel = entry_panel()
    ind = compute_indicators(panel, with_fitness=False)
    feats, reads = build_features(ind, 2)
    assert set(feats) == set(FEATURES)
    assert max(reads.values()) == 2
    assert all(f.shape == panel.shape[1:] for f in feats.values())
    check_leakage(reads, Split(2, (3,)))
    # feeding a future period: features built at the target period must be refused
    _, future = build_features(ind, 3)
    with pytest.raises(LeakageError, match="reads period 2004, at or after the first "
                                           "predicted period 2004"):
        check_leakage(future, Split(2, (3,)), panel.times)
    assert_allclose(feats["rca_change"], ind.rca[2] - ind.rca[1])
    first, _ = build_features(ind, 0)
    assert np.isnan(first["rca_prev"]).all()


def test_a_leaky_feature_stops_the_backtest(monkeypatch: pytest.MonkeyPatch) -> None:
    real = signals_module._signal

    def leaky(name: str, g: features_module.Reader, b: int) -> np.ndarray:
        if name == "density_min":
            return g("density", b + 1)  # peeks at the next period
        return real(name, g, b)

    monkeypatch.setattr(signals_module, "_signal", leaky)
    with pytest.raises(LeakageError, match="feature 'density_min'"):
        backtest(entry_panel(), horizon=1)


def test_methods_get_only_history() -> None:
    panel = entry_panel()
    seen = []

    def peek(hist, seed):  # a user method: may only see periods up to the base
        seen.append(list(hist.panel.times))
        return np.nan_to_num(hist.density[-1])

    result = backtest(panel, horizon=1, methods=["density"], extra={"mine": peek})
    assert seen == [[2001, 2002, 2003]]
    m = result.metrics.set_index("method")
    assert_allclose(m.loc["mine", "pr_auc"], m.loc["density", "pr_auc"])
    assert result.leakage["ok"].all()
    with pytest.raises(AdvantageError, match="returned shape"):
        backtest(panel, horizon=1, methods=[], extra={"bad": lambda h, s: np.zeros(3)})
    with pytest.raises(AdvantageError, match="methods \\['oracle'\\]"):
        backtest(panel, methods=["oracle"])


def test_harness_end_to_end() -> None:
    panel = entry_panel()
    ind = compute_indicators(panel, with_fitness=False)
    hist = history(ind, 1)
    assert hist.rca.shape[0] == 2 and list(hist.panel.times) == [2001, 2002]
    result = backtest(panel, horizon="next", indicators=ind, keep_predictions=True)
    m = result.metrics.set_index("method")
    assert list(result.metrics.columns) == [
        "method", "pr_auc", "pr_auc_low", "pr_auc_high", "auroc", "auroc_low", "auroc_high",
        "best_f1", "best_f1_low", "best_f1_high", "precision_at_10", "precision_at_10_low",
        "precision_at_10_high", "map_at_10", "map_at_10_low", "map_at_10_high", "brier",
        "n_candidates", "n_positive", "n_groups"]
    assert set(m.index) == {"random", "persistence", "density", "cog", "learned", "base_rate"}
    assert m.loc["density", "pr_auc"] > m.loc["random", "pr_auc"]
    assert m.loc["learned", "auroc"] > 0.6
    assert (result.base, result.target) == (2003, 2004)
    preds = result.predictions
    assert preds is not None and len(preds) == m.loc["random", "n_candidates"]
    assert preds["entered"].sum() == m.loc["random", "n_positive"]
    # the learned model trained on 2001->2002 and 2002->2003 only
    assert "trained on bases 2001, 2002" in result.notes[1]
    trained = result.leakage[result.leakage["method"] == "learned"]
    assert set(trained["base"]) == {2001, 2002, 2003} and trained["ok"].all()
    rolling = backtest(panel, horizon=1, evaluate="rolling", methods=["density"])
    assert rolling.metrics.loc[0, "n_candidates"] > m.loc["density", "n_candidates"]
    with pytest.raises(AdvantageError, match="no base period"):
        backtest(panel, horizon=10)


@pytest.mark.data
@pytest.mark.slow
def test_reference_sa3_learned_beats_baselines(shared_data: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from reference_panels import aus_sa3_employment

    ref = aus_sa3_employment(shared_data)
    result = backtest(ref.panel, horizon=ref.horizon)
    pr = result.metrics.set_index("method")["pr_auc"]
    assert pr["learned"] > pr["density"] > pr["random"]
    assert pr["learned"] > pr["persistence"]
    assert result.leakage["ok"].all()
