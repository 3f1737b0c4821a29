"""Attractiveness, activity-space clusters and the portfolio selector (milp vs brute force)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_reasons
from advantage.measures import compute_indicators
from advantage.planning.attractiveness import attractiveness, attribute_table
from advantage.planning.portfolio import activity_clusters, cluster_hubs, portfolio, select


def random_panel(seed: int = 3, n_r: int = 12, n_a: int = 10) -> Panel:
    rng = np.random.default_rng(seed)
    cube = rng.lognormal(0, 1, (2, n_r, n_a)) * (rng.random((2, n_r, n_a)) > 0.3)
    cube[:, :, 0] += 0.5
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(n_r)],
                           activities=[f"a{j}" for j in range(n_a)], times=[2015, 2020])


def z(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / v.std() if v.std() > 1e-12 else np.zeros_like(v)


def test_attractiveness_is_the_weighted_zscores_of_the_candidates() -> None:
    panel = random_panel()
    out = attractiveness(panel, focus="r0")
    ind = compute_indicators(panel)
    cand = np.flatnonzero(~(ind.rca[-1][0] >= 1))
    assert sorted(out["activity"]) == sorted(panel.activities[cand])
    nat = panel.activity_totals()
    by_act = out.set_index("activity").loc[list(panel.activities[cand])]
    assert_allclose(by_act["national_size"], np.log(nat[1, cand]))
    assert_allclose(by_act["national_growth"], (nat[1, cand] / nat[0, cand]) ** (1 / 5) - 1)
    expected = 0.25 * (z(np.log(nat[1, cand])) + z((nat[1, cand] / nat[0, cand]) ** 0.2)
                       + z(ind.pci[-1][cand]) + z(ind.cog[-1][0, cand]))
    assert_allclose(by_act["attractiveness"], expected, atol=1e-12)
    assert_allclose(by_act["feasibility"], ind.density[-1][0, cand])
    assert out["attractiveness"].is_monotonic_decreasing
    text = render_reasons(out["reason"].head(1))[0]
    assert text.startswith("attractiveness ")


def test_user_attributes_and_signed_weights() -> None:
    panel = random_panel()
    carbon = pd.DataFrame({"activity": list(panel.activities),
                           "carbon": np.arange(10, dtype=float), "sei": [1] * 5 + [0] * 5})
    clean = attractiveness(panel, focus="r0", attributes=carbon, weights={"carbon": -1.0})
    dirty = attractiveness(panel, focus="r0", attributes=carbon, weights={"carbon": 2.0})
    # one component with weight -1 (scaled to -1) ranks by lowest carbon first
    assert clean["carbon"].is_monotonic_increasing
    assert dirty["carbon"].is_monotonic_decreasing
    assert_allclose(clean["attractiveness"], -z(clean["carbon"].to_numpy()), atol=1e-12)
    both = attractiveness(panel, focus="r0", attributes=carbon,
                          weights={"sei": 1.0, "pci": 1.0})
    assert_allclose(both["attractiveness"],
                    0.5 * z(both["sei"].to_numpy()) + 0.5 * z(both["pci"].to_numpy()),
                    atol=1e-12)
    assert both.attrs["weights"] == {"pci": 0.5, "sei": 0.5}


@pytest.mark.parametrize("table, weights, match", [
    (pd.DataFrame({"code": ["a0"], "x": [1.0]}), None, "needs an 'activity' column"),
    (pd.DataFrame({"activity": ["a0", "a0"], "x": [1.0, 2.0]}), None, "more than once"),
    (pd.DataFrame({"activity": ["a0"], "x": ["lots"]}), None, "non-numbers"),
    (pd.DataFrame({"activity": ["zz"], "x": [1.0]}), None, "attributes' activities"),
    (None, {"luck": 1.0}, "unknown components"),
    (None, {"pci": 0.0}, "must not all be zero"),
])
def test_attractiveness_errors(table: object, weights: object, match: str) -> None:
    with pytest.raises(AdvantageError, match=match):
        attractiveness(random_panel(), focus="r0", attributes=table,
                       weights=weights)  # type: ignore[arg-type]


def test_codes_keep_their_leading_zeros() -> None:
    panel = Panel.from_cube(np.ones((2, 2)), regions=["a", "b"], activities=["0101", "101"])
    table = attribute_table(panel, pd.DataFrame({"activity": ["0101"], "jobs": [5.0]}))
    assert table["jobs"].tolist()[0] == 5.0 and np.isnan(table["jobs"].tolist()[1])


def test_clusters_are_seeded_and_recover_blocks() -> None:
    rng = np.random.default_rng(0)
    blocks = np.kron(np.eye(3), np.full((4, 4), 0.8)) + rng.uniform(0, 0.05, (12, 12))
    phi = (blocks + blocks.T) / 2
    np.fill_diagonal(phi, 0)
    labels = activity_clusters(phi, 3, seed=1)
    assert labels.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    assert (activity_clusters(phi, 3, seed=7) == labels).all()
    hubs = cluster_hubs(phi, labels)
    assert [labels[h] for h in hubs] == [0, 1, 2]


def brute_force(score: np.ndarray, clusters: np.ndarray, k: int | None, cap: int | None,
                q: int | None, costs: np.ndarray | None = None,
                budget: float | None = None) -> float:
    best = -np.inf
    n = len(score)
    sizes = [k] if budget is None else range(0, (k or n) + 1)
    for size in sizes:
        for pick in combinations(range(n), size):
            idx = list(pick)
            if cap is not None and np.bincount(clusters[idx], minlength=clusters.max() + 1
                                               ).max(initial=0) > cap:
                continue
            if q is not None and len(set(clusters[idx].tolist())) < q:
                continue
            if budget is not None and costs is not None and costs[idx].sum() > budget:
                continue
            best = max(best, float(score[idx].sum()))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_milp_matches_brute_force_with_a_count(seed: int) -> None:
    rng = np.random.default_rng(seed)
    score = rng.normal(size=9)
    clusters = rng.integers(0, 3, 9)
    for k, cap, q in ((3, None, None), (4, 2, None), (4, 2, 2), (3, 1, 3)):
        if cap is not None and sum(min(cap, c) for c in np.bincount(clusters)) < k:
            continue
        if q is not None and len(set(clusters.tolist())) < q:
            continue
        chosen = select(score, clusters, k=k, max_per_cluster=cap, min_clusters=q)
        assert len(chosen) == k
        assert_allclose(score[chosen].sum(), brute_force(score, clusters, k, cap, q))
        assert (np.diff(score[chosen]) <= 0).all()  # best first


@pytest.mark.parametrize("seed", range(6))
def test_milp_matches_brute_force_under_a_budget(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    score = rng.normal(size=8)
    clusters = rng.integers(0, 2, 8)
    costs = rng.integers(1, 6, 8).astype(float)
    chosen = select(score, clusters, costs=costs, budget=9.0, max_per_cluster=3)
    assert costs[chosen].sum() <= 9.0
    assert_allclose(score[chosen].sum(), brute_force(score, clusters, None, 3, None,
                                                     costs, 9.0))


def test_select_refuses_impossible_constraints() -> None:
    with pytest.raises(AdvantageError, match="no portfolio satisfies"):
        select(np.ones(4), np.array([0, 0, 0, 1]), k=4, max_per_cluster=2)
    with pytest.raises(AdvantageError, match="budget= needs costs="):
        select(np.ones(2), np.array([0, 1]), budget=1.0)


def test_portfolio_of_a_region() -> None:
    panel = random_panel()
    out = portfolio(panel, "r1", k=4, max_per_cluster=2, n_clusters=3)
    assert list(out.columns) == ["region", "rank", "activity", "feasibility",
                                 "attractiveness", "score", "cluster", "cluster_hub", "reason"]
    assert len(out) == 4 and out["rank"].tolist() == [1, 2, 3, 4]
    assert out["cluster"].value_counts().max() <= 2
    table = attractiveness(panel, focus="r1")
    expected = 0.5 * z(table["feasibility"].to_numpy()) + 0.5 * z(
        table["attractiveness"].to_numpy())
    by_act = dict(zip(table["activity"], expected, strict=True))
    assert_allclose(out["score"], [by_act[a] for a in out["activity"]], atol=1e-12)
    first = out["reason"].iloc[0]
    assert first.key == "portfolio_pick" and first.facts["rank"] == 1
    text = render_reasons(out["reason"])[0]
    assert "cluster" in text


def test_portfolio_with_costs_and_a_budget() -> None:
    panel = random_panel()
    costs = {a: float(i % 3 + 1) for i, a in enumerate(panel.activities)}
    out = portfolio(panel, ["r1", "r2"], k=None, budget=4.0, costs=costs)
    assert set(out["region"]) <= {"r1", "r2"}
    assert (out.groupby("region")["cost"].sum() <= 4.0).all()
    assert (out["score"] > 0).all()


def test_portfolio_on_the_china_tables(shared_data: Path) -> None:
    from advantage.io.catalogue import load_panel

    panel, _ = load_panel("china_provincial_io")
    out = portfolio(panel, "Gansu", k=5)
    assert len(out) == 5 and out["cluster"].value_counts().max() <= 3
    has = compute_indicators(panel).rca[-1][list(panel.regions).index("Gansu")]
    acts = list(panel.activities)
    assert all(has[acts.index(a)] < 1 for a in out["activity"])
