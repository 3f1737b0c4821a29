"""Guarantees of the workbench, checked on small random panels (hypothesis, seeded)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from advantage import Panel
from advantage.measures import rca_cube
from advantage.planning.benchmark import PSWOT, pswot, relative_presence_cube
from advantage.planning.monitor import monitor, scorecard
from advantage.planning.portfolio import select
from advantage.planning.stability import stability
from advantage.planning.valuechains import chain_status

PROPERTY = settings(max_examples=25, deadline=None, derandomize=True)


def random_panel(seed: int, n_t: int = 2) -> Panel:
    rng = np.random.default_rng(seed)
    n_r, n_a = int(rng.integers(4, 9)), int(rng.integers(4, 9))
    cube = rng.lognormal(0, 1, (n_t, n_r, n_a)) * (rng.random((n_t, n_r, n_a)) > 0.35)
    cube[:, :, 0] += 0.1
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(n_r)],
                           activities=[f"a{j}" for j in range(n_a)],
                           times=list(range(2000, 2000 + 5 * n_t, 5)))


@PROPERTY
@given(seed=st.integers(0, 10_000), scale=st.floats(0.01, 100))
def test_relative_presence_is_rca_against_everyone_and_scale_free(seed: int,
                                                                  scale: float) -> None:
    panel = random_panel(seed)
    everyone = relative_presence_cube(panel, list(panel.regions))
    assert_allclose(everyone, rca_cube(panel.cube), equal_nan=True, rtol=1e-12)
    peers = list(panel.regions[1:3])
    scaled = Panel.from_cube(panel.cube * scale, regions=list(panel.regions),
                             activities=list(panel.activities), times=list(panel.times))
    assert_allclose(relative_presence_cube(scaled, peers), relative_presence_cube(panel, peers),
                    equal_nan=True, rtol=1e-9)


@PROPERTY
@given(seed=st.integers(0, 10_000))
def test_pswot_labels_follow_presence_and_fit(seed: int) -> None:
    panel = random_panel(seed)
    out = pswot(panel, list(panel.regions), window=None, growth_margin=10.0)
    assert set(out["pswot"].astype(str)) <= set(PSWOT)
    entrant = out["value"] <= 0
    assert (out.loc[entrant, "pswot"] == "possible entrant").all()
    large = ~entrant & (out["relative_presence"] >= 1)
    # a growth margin of 10 (1,000 pp a year) never trips, so fit alone decides
    assert (out.loc[large & (out["fit"] >= 0), "pswot"] == "strength").all()
    assert (out.loc[large & (out["fit"] < 0), "pswot"] == "threat").all()
    small = ~entrant & ~large
    assert (out.loc[small & (out["fit"] >= 0), "pswot"] == "opportunity").all()
    assert (out.loc[small & (out["fit"] < 0), "pswot"] == "weakness").all()


@PROPERTY
@given(seed=st.integers(0, 10_000))
def test_a_list_recomputed_unchanged_is_fully_stable(seed: int) -> None:
    panel = random_panel(seed)
    out = stability(panel, k=3, variants=[{"threshold": 1.0}, {"proximity": "min"}])
    assert (out.items["stability"] == 1.0).all()


@PROPERTY
@given(seed=st.integers(0, 10_000), k=st.integers(1, 4), cap=st.integers(1, 3))
def test_milp_is_never_beaten_by_any_feasible_subset(seed: int, k: int, cap: int) -> None:
    rng = np.random.default_rng(seed)
    score = rng.normal(size=7)
    clusters = rng.integers(0, 3, 7)
    if sum(min(cap, c) for c in np.bincount(clusters)) < k:
        return
    chosen = select(score, clusters, k=k, max_per_cluster=cap)
    best = max(score[list(p)].sum() for p in combinations(range(7), k)
               if np.bincount(clusters[list(p)], minlength=3).max() <= cap)
    assert score[chosen].sum() >= best - 1e-9
    assert np.bincount(clusters[chosen], minlength=3).max() <= cap


@PROPERTY
@given(seed=st.integers(0, 10_000))
def test_monitor_changes_add_up(seed: int) -> None:
    panel = random_panel(seed)
    out = monitor(panel, top=2)
    rca = rca_cube(panel.cube)
    with np.errstate(invalid="ignore"):
        defined = np.isfinite(rca[0]) & np.isfinite(rca[1])
        entered = (defined & (rca[0] < 1) & (rca[1] >= 1)).sum()
        left = (defined & (rca[0] >= 1) & (rca[1] < 1)).sum()
    assert (out.changes["event"] == "entered").sum() == entered
    assert (out.changes["event"] == "left").sum() == left
    assert out.hits["entries"].sum() == entered
    assert out.alerts["signals"].between(1, 3).all()
    card = scorecard(panel, lookbacks=[5])
    assert card["percentile"].dropna().between(0, 1).all()


@PROPERTY
@given(seed=st.integers(0, 10_000), size=st.integers(1, 4))
def test_share_of_links_present_is_the_mean_presence(seed: int, size: int) -> None:
    import pandas as pd

    panel = random_panel(seed)
    links = list(panel.activities[:size])
    out = chain_status(panel, pd.DataFrame({"chain": "c", "activity": links}))
    rca = rca_cube(panel.cube)[-1]
    for region, row in out.summary.set_index("region").iterrows():
        r = list(panel.regions).index(region)
        expected = np.mean(np.nan_to_num(rca[r, :size]) >= 1)
        assert_allclose(row["share_present"], expected)
