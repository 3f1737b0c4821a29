"""The learned scorer: its features, calibration, intervals, explanations and fallback."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import average_precision_score

from advantage import AdvantageError, Panel
from advantage.measures import compute_indicators
from advantage.planning import (
    SIGNALS,
    Calibrator,
    LeakageError,
    LearnedScorer,
    Split,
    backtest,
    brier_score,
    build_signals,
    check_leakage,
    group_folds,
    learned_scores,
    make_splits,
    paired_bootstrap,
    period_rank,
    reliability_table,
)
from advantage.planning.features import targets
from advantage.planning.learned import SHAPES, cell_matrix
from advantage.planning.learned_models import RidgeLogistic
from test_planning_backtest import entry_panel


def tiny_indicators() -> object:
    """Two regions x two activities in 2000 and 2002 (two years apart)."""
    cube = np.array([[[4.0, 1.0], [1.0, 4.0]], [[3.0, 2.0], [1.0, 5.0]]])
    return compute_indicators(Panel.from_cube(cube, regions=["r0", "r1"],
                                              activities=["a0", "a1"], times=[2000, 2002]),
                              with_fitness=False)


def test_signals_by_hand() -> None:
    feats, reads = build_signals(tiny_indicators(), 1)
    # RCA of r0/a0: 2002 (3/5) / (4/11) = 1.65; 2000 (4/5) / (5/10) = 1.6; two years apart
    assert_allclose(feats["rca"][0, 0], 1.65)
    assert_allclose(feats["rca_max_past"][0, 0], 1.65)
    assert_allclose(feats["rca_trend"][0, 0], (1.65 - 1.6) / 2)
    # value 4 -> 3: (3 - 4) / (3 + 4) per year over two years
    assert_allclose(feats["value_trend"][0, 0], -1 / 14)
    assert_allclose(feats["presence_share"], 1.0)
    # region sizes 5 and 6: ranks 1/2 and 2/2 among the two regions, for every activity
    assert_allclose(feats["region_size"], [[0.5, 0.5], [1.0, 1.0]])
    assert set(feats) == set(SIGNALS) and max(reads.values()) == 1
    first, reads0 = build_signals(tiny_indicators(), 0)
    assert np.isnan(first["rca_trend"]).all() and max(reads0.values()) == 0


def test_period_rank_ties_share_their_mean_rank() -> None:
    ranks = period_rank(np.array([[1.0, 1.0], [3.0, np.nan]]), np.array([[True, True],
                                                                          [True, False]]))
    assert_allclose(ranks, [[0.5, 0.5], [1.0, np.nan]])


def test_every_feature_read_is_checked() -> None:
    ind = compute_indicators(entry_panel(), with_fitness=False)

    def leaky(name: str, g: object, b: int) -> np.ndarray:
        return g("rca", b + 1)  # type: ignore[operator]  # peeks at the next period

    _, reads = build_signals(ind, 1, ("rca",), signal=leaky)
    assert reads == {"rca": 2}
    x, leak = cell_matrix(ind, Split(2, (3,)), np.array([0]), np.array([0]))
    assert x.shape == (1, len(SIGNALS)) and all(row["ok"] for row in leak)
    assert {row["feature"] for row in leak} == set(SIGNALS)
    with pytest.raises(LeakageError, match="reads period 2003, at or after the first "
                                           "predicted period 2003"):
        check_leakage(reads, Split(1, (2,)), ind.panel.times)


def test_calibration_is_a_probability() -> None:
    rng = np.random.default_rng(0)
    score = rng.normal(size=400)
    y = (rng.random(400) < 1 / (1 + np.exp(-2 * score))).astype(int)
    for method in ("platt", "isotonic"):
        p = Calibrator(method).fit(score, y).predict(np.r_[score, -50.0, 50.0])  # type: ignore[arg-type]
        assert ((p >= 0) & (p <= 1)).all()
        order = np.argsort(np.r_[score, -50.0, 50.0])
        assert (np.diff(p[order]) >= -1e-12).all()  # monotone in the score
    with pytest.raises(AdvantageError, match="only \\[0\\]"):
        Calibrator().fit(score, np.zeros(400))


def test_brier_and_reliability_by_hand() -> None:
    # (0.9 - 1)^2 + (0.2 - 0)^2 + (0.4 - 1)^2 = 0.01 + 0.04 + 0.36, over 3
    assert_allclose(brier_score(np.array([0.9, 0.2, 0.4]), np.array([1, 0, 1])), 0.41 / 3)
    y = np.array([0, 1, 0, 0])
    assert_allclose(brier_score(np.full(4, y.mean()), y), 0.25 * 0.75)  # base rate: p(1-p)
    table = reliability_table(np.array([0.1, 0.2, 0.7, 0.9]), np.array([0, 1, 1, 1]), bins=2)
    assert table["observed_rate"].tolist() == [0.5, 1.0]
    assert_allclose(table["mean_probability"], [0.15, 0.8])


def test_paired_bootstrap_is_seeded_and_covers_the_estimate() -> None:
    rng = np.random.default_rng(1)
    groups = np.repeat(np.arange(30), 40)
    y = (rng.random(len(groups)) < 0.1).astype(int)
    scores = {"learned": y + rng.normal(0, 0.7, len(y)), "density": y + rng.normal(0, 1.5,
                                                                                 len(y))}
    a, ra = paired_bootstrap(scores, y, groups, n_boot=100, seed=3)
    b, rb = paired_bootstrap(scores, y, groups, n_boot=100, seed=3)
    c, _ = paired_bootstrap(scores, y, groups, n_boot=100, seed=4)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(ra, rb)
    assert not a.equals(c)
    assert_allclose(a.set_index("method").loc["learned", "pr_auc"],
                    average_precision_score(y, scores["learned"]))
    assert (a["pr_auc_low"] <= a["pr_auc"]).all() and (a["pr_auc"] <= a["pr_auc_high"]).all()
    assert (a["auroc_low"] < a["auroc_high"]).all()
    row = ra.iloc[0]
    assert row["ratio_low"] <= row["ratio"] <= row["ratio_high"] and row["ratio"] > 1


def test_group_folds_cover_each_label_once() -> None:
    folds = group_folds(np.array([5, 5, 7, 9, 11]), 3, seed=2)
    assert sorted(np.concatenate(folds).tolist()) == [5, 7, 9, 11] and len(folds) == 3


def fitted(shape: str = "additive") -> tuple[LearnedScorer, np.ndarray]:
    ind = compute_indicators(entry_panel(n_t=5), with_fitness=False)
    splits = make_splits(ind.panel.times, "next")
    scorer = LearnedScorer(shapes=(shape,), blends=(0.3,), seed=1).fit(ind, splits[:-1])
    rows, cols = np.nonzero(np.isfinite(ind.rca[3]))
    x, _ = cell_matrix(ind, splits[-1], rows[:50], cols[:50], scorer.features_)
    return scorer, x


@pytest.mark.parametrize("shape", ["additive", "trees"])
def test_contributions_add_up_to_the_log_odds(shape: str) -> None:
    scorer, x = fitted(shape)
    parts = scorer.contributions(x, permutations=3)
    reference = scorer.decision_function(scorer.reference_[None, :])[0]
    assert_allclose(parts.sum(axis=1), scorer.decision_function(x) - reference, atol=1e-10)
    p = scorer.predict_proba(x)
    assert ((p >= 0) & (p <= 1)).all()
    if shape == "additive":  # one feature per tree: every order gives the same parts
        assert_allclose(scorer.contributions(x, permutations=1), parts, atol=1e-10)


def test_learned_scores_explain_with_reasons() -> None:
    result = learned_scores(entry_panel(), seed=0, n_reasons=2, explain=3)
    assert result.scorer == "learned" and result.fallback is None
    table = result.table
    assert table["probability"].between(0, 1).all()
    assert (table.groupby("region")["rank"].min() == 1).all()
    explained = table[table["rank"] <= 3]
    assert len(result.contributions) == len(explained)
    for reason, (_, row) in zip(explained["reason"], result.contributions.iterrows(),
                                strict=True):
        assert reason.key == "learned" and len(reason.parts) == 2
        assert {p.key for p in reason.parts} <= {"raises", "lowers"}
        assert reason.parts[0].facts["feature"].key.startswith("signal.")
        total = row.drop(["region", "activity"]).sum()
        assert_allclose(total, reason.facts["log_odds"] - reason.facts["reference_log_odds"],
                        atol=1e-9)
    assert table.loc[table["rank"] > 3, "reason"].map(lambda r: r.parts == ()).all()


def test_fallback_is_announced() -> None:
    one = learned_scores(entry_panel().select(times=[2001]))
    assert one.scorer == "density" and one.model is None
    assert one.fallback is not None and one.fallback.keys() == ["fallback", "too_few_periods"]
    assert one.table["probability"].isna().all()
    assert "learned scorer not used" in one.notes[0]
    few = learned_scores(entry_panel(), min_entries=10_000)
    assert few.scorer == "density" and few.fallback is not None
    assert few.fallback.parts[0].key == "too_few_entries"
    assert few.fallback.parts[0].facts["needed"] == 10_000


def test_backtest_intervals_calibration_and_region_holdout() -> None:
    panel = entry_panel(n_t=5)
    result = backtest(panel, horizon="next", holdout="regions", folds=2, n_boot=50,
                      keep_predictions=True)
    m = result.metrics.set_index("method")
    for metric in ("pr_auc", "auroc", "best_f1", "precision_at_10", "map_at_10"):
        assert (m[f"{metric}_low"] <= m[metric]).all(), metric
        assert (m[metric] <= m[f"{metric}_high"]).all(), metric
    assert m["brier"].notna().tolist() == [name in ("learned", "base_rate") for name in m.index]
    assert result.predictions is not None
    assert result.predictions["probability"].between(0, 1).all()
    assert "leave-region-out over 2 region folds" in result.notes[1]
    assert result.leakage["ok"].all()
    assert result.ratios is not None and list(result.ratios["numerator"]) == ["learned"]
    assert result.reliability is not None and result.reliability["n"].sum() == len(
        result.predictions)
    with pytest.raises(AdvantageError, match="holdout='sometimes'"):
        backtest(panel, holdout="sometimes")  # type: ignore[arg-type]


@pytest.mark.parametrize("base", [0, 1, 2])
def test_features_are_blind_to_the_future(base: int) -> None:
    # Not only what the recorder saw: the features of the full panel at `base` equal those
    # of the panel truncated at `base`, so no later period can move them.
    ind = compute_indicators(entry_panel(n_t=4), with_fitness=False)
    truncated = compute_indicators(ind.panel.select(times=list(ind.panel.times[: base + 1])),
                                   with_fitness=False)
    full, reads = build_signals(ind, base)
    past, _ = build_signals(truncated, base)
    for name in SIGNALS:
        assert_allclose(full[name], past[name], equal_nan=True, err_msg=name)
    for name in SIGNALS:  # a feature that reads nothing (a change at the first period) is NaN
        assert reads[name] <= base and (reads[name] >= 0 or np.isnan(full[name]).all())


def test_single_origin_uses_the_fixed_ensemble_without_selection() -> None:
    ind = compute_indicators(entry_panel(n_t=3), with_fitness=False)
    splits = make_splits(ind.panel.times, "next")
    one = LearnedScorer(seed=0).fit(ind, splits[:1])
    assert (one.shape_, one.blend_) == ("ensemble", 0.3)
    assert one.selection_[["shape", "blend"]].values.tolist() == [["ensemble", 0.3]]
    # without the fixed choice, the six (shape, blend) pairs are compared on region folds
    chosen = LearnedScorer(seed=0, single=None).fit(ind, splits[:1])
    assert len(chosen.selection_) == 2 * len(SHAPES)
    # with two origins the fixed choice is not used: selection on held-out origins
    ind5 = compute_indicators(entry_panel(n_t=5), with_fitness=False)
    two = LearnedScorer(seed=0).fit(ind5, make_splits(ind5.panel.times, "next")[:2])
    assert len(two.selection_) == 2 * len(SHAPES)


def test_ensemble_is_the_mean_of_its_parts() -> None:
    scorer, x = fitted("ensemble")
    parts = [m.decision_function(x) for m in scorer.model_.models]
    assert len(parts) == 3
    expected = 0.7 * np.mean(parts, axis=0) + 0.3 * scorer.density_model_.decision_function(x)
    assert_allclose(scorer.decision_function(x), expected)
    contributions = scorer.contributions(x, permutations=2)
    reference = scorer.decision_function(scorer.reference_[None, :])[0]
    assert_allclose(contributions.sum(axis=1), scorer.decision_function(x) - reference,
                    atol=1e-10)


def test_ridge_logistic_standardises_and_fills_the_mean() -> None:
    # column 0: values 0, 2, 4, 6 -> mean 3, population sd sqrt(5); column 1 constant
    x = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0], [6.0, 1.0]])
    model = RidgeLogistic().fit(x, np.array([0, 0, 1, 1]))
    assert_allclose(model.mean_, [3.0, 1.0])
    assert_allclose(model.scale_, [np.sqrt(5.0), 1.0])
    # a missing value is the training mean: the same log-odds as the mean itself
    assert_allclose(model.decision_function(np.array([[np.nan, 1.0]])),
                    model.decision_function(np.array([[3.0, 1.0]])))
    assert model.model_.coef_[0, 0] > 0


def test_backtest_passes_scorer_settings_for_development_runs() -> None:
    panel = entry_panel(n_t=3)  # one training origin
    fixed = backtest(panel, horizon="next", methods=("density", "learned"), n_boot=10)
    assert fixed.selection is not None
    assert fixed.selection[["shape", "blend"]].values.tolist() == [["ensemble", 0.3]]
    chosen = backtest(panel, horizon="next", methods=("density", "learned"), n_boot=10,
                      scorer_params={"shapes": ("additive",), "single": None})
    assert chosen.selection is not None
    assert set(chosen.selection["shape"]) == {"additive"} and len(chosen.selection) == 2


def nearly_absent_panel() -> Panel:
    """``entry_panel`` with 60 cells absent at the first period raised to RCA about 0.35."""
    panel = entry_panel(n_t=3)
    cube = panel.cube.copy()
    rng = np.random.default_rng(1)
    r, a = np.nonzero(cube[0] == 0)
    pick = rng.choice(len(r), 60, replace=False)
    first = cube[0]
    expected = np.outer(first.sum(axis=1), first.sum(axis=0)) / first.sum()
    first[r[pick], a[pick]] = 0.35 * expected[r[pick], a[pick]]
    return Panel.from_cube(cube, regions=panel.regions, activities=panel.activities,
                           times=panel.times)


def test_single_origin_trains_on_the_wider_population_and_calibrates_on_candidates() -> None:
    ind = compute_indicators(nearly_absent_panel(), with_fitness=False)
    split = make_splits(ind.panel.times, "next")[0]
    wide = LearnedScorer(seed=0).fit(ind, [split])
    cand, label = targets(ind.rca, split, absent=0.25)
    below, label_wide = targets(ind.rca, split, absent=0.5)
    assert wide.train_absent_ == 0.5
    assert (wide.n_rows_, wide.n_entries_) == (int(cand.sum()), int(label[cand].sum()))
    assert (wide.n_train_rows_, wide.n_train_entries_) == (int(below.sum()),
                                                           int(label_wide[below].sum()))
    assert wide.n_train_rows_ > wide.n_rows_  # the raised cells joined the training
    assert wide.base_rate_ == pytest.approx(label[cand].mean())
    # Platt scaling (nearly unpenalised, so its mean matches the labels' share) was fitted
    # on the candidates only, not on the wider cells
    assert wide.candidate_.sum() == wide.n_rows_
    mean = wide.calibrator_.predict(wide.oof_[wide.candidate_]).mean()
    assert mean == pytest.approx(wide.base_rate_, abs=1e-4)
    # single_absent=None trains on the candidates alone
    narrow = LearnedScorer(seed=0, single_absent=None).fit(ind, [split])
    assert narrow.n_train_rows_ == narrow.n_rows_ == wide.n_rows_
    assert narrow.train_absent_ == 0.25
    # the notes of a run say which population was fitted
    assert wide.wider_note() == (f"; fitted on the {int(below.sum())} cells below RCA 0.5 "
                                 f"({int(label_wide[below].sum())} entries), calibrated on "
                                 "the candidates")
    assert narrow.wider_note() == ""


def test_several_origins_train_on_the_candidates_only() -> None:
    ind = compute_indicators(entry_panel(n_t=5), with_fitness=False)
    two = LearnedScorer(seed=0).fit(ind, make_splits(ind.panel.times, "next")[:2])
    assert two.train_absent_ == 0.25 and two.n_train_rows_ == two.n_rows_


def test_single_absent_never_narrows_the_candidates() -> None:
    ind = compute_indicators(nearly_absent_panel(), with_fitness=False)
    split = make_splits(ind.panel.times, "next")[0]
    cand, _ = targets(ind.rca, split, absent=0.4)
    scorer = LearnedScorer(seed=0, absent=0.4, single_absent=0.3).fit(ind, [split])
    assert scorer.train_absent_ == 0.4
    assert scorer.n_train_rows_ == scorer.n_rows_ == int(cand.sum())
