"""The flow component of transfer matching, and its transfer backtest, built by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.planning import backtest_transfer, match_destinations
from advantage.planning.transfer_flows import flow_intensity, flow_period

# E1, E2 are the sources; 'tex' leaves them (as in test_planning_transfer).
X0 = {"E1": [10, 5, 5], "E2": [8, 6, 5], "W1": [1, 1, 5], "W2": [1, 1, 5], "W3": [1, 1, 5]}
X1 = {"E1": [5, 7, 5], "E2": [6, 8, 5], "W1": [8, 1, 5], "W2": [2, 1, 5], "W3": [1, 1, 5]}
ACTS = ["tex", "chips", "food"]


@pytest.fixture
def panel() -> Panel:
    cube = np.array([[X0[r] for r in X0], [X1[r] for r in X1]], dtype=float)
    return Panel.from_cube(cube, regions=list(X0), activities=ACTS, times=[2010, 2020])


def inflow(values_2020: dict[str, float], later: dict[str, float] | None = None) -> Panel:
    """Inflow of tex into W1..W3 (other activities 1) in 2020, and optionally 2025."""
    years = [2020] if later is None else [2020, 2025]
    cube = np.ones((len(years), 3, 3))
    for t, given in enumerate([values_2020] if later is None else [values_2020, later]):
        for i, region in enumerate(["W1", "W2", "W3"]):
            cube[t, i, 0] = given[region]
    return Panel.from_cube(cube, regions=["W1", "W2", "W3"], activities=ACTS, times=years)


def test_flow_intensity_by_hand(panel: Panel) -> None:
    flows = inflow({"W1": 4.0, "W2": 6.0, "W3": 5.0})
    # tex output in 2020: W1 8, W2 2, W3 1 -> inflow per unit of output 0.5, 3, 5
    f = flow_intensity(flows, panel.cube[1][2:], panel.regions[2:], panel.activities, 2020)
    assert f.shape == (3, 3)
    assert_allclose(f[0], [0.5, 3.0, 5.0])
    # a region the flows do not list gets NaN
    g = flow_intensity(flows, panel.cube[1], panel.regions, pd.Index(["tex"]), 2020)
    assert np.isnan(g[0, :2]).all() and np.isfinite(g[0, 2:]).all()


def test_flows_rank_destinations_and_are_optional(panel: Panel) -> None:
    flows = inflow({"W1": 4.0, "W2": 6.0, "W3": 5.0})
    common = {"from_year": 2010, "to_year": 2020}
    by_flows = match_destinations(panel, ["E1", "E2"], flows=flows, weights={"flows": 1.0},
                                  **common)
    assert by_flows["destination"].tolist() == ["W3", "W2", "W1"]  # 5 > 3 > 0.5
    assert_allclose(by_flows["flow"], [5.0, 3.0, 0.5])
    plain = match_destinations(panel, ["E1", "E2"], **common)
    assert "flow" not in plain.columns
    # without flows the default weights give the same score as before the component existed
    density_only = match_destinations(panel, ["E1", "E2"], weights={"density": 1.0}, **common)
    assert_allclose(plain["score"], density_only["score"])


def test_flows_after_the_window_are_never_read(panel: Panel) -> None:
    early = {"W1": 4.0, "W2": 6.0, "W3": 5.0}
    a = match_destinations(panel, ["E1", "E2"], from_year=2010, to_year=2020,
                           flows=inflow(early, {"W1": 99.0, "W2": 0.0, "W3": 0.0}))
    b = match_destinations(panel, ["E1", "E2"], from_year=2010, to_year=2020,
                           flows=inflow(early, {"W1": 0.0, "W2": 99.0, "W3": 7.0}))
    assert_allclose(a["score"], b["score"])
    assert flow_period(inflow(early, early), 2024) == 0
    with pytest.raises(AdvantageError, match="no period at or before to_year=2015"):
        flow_period(inflow(early), 2015)


def test_transfer_backtest_with_flows_scores_both_matchings() -> None:
    regions = ["E1", "E2"] + [f"W{i}" for i in range(1, 7)]
    acts = ["tex", "yarn", "food", "chips"]
    x = np.ones((3, len(regions), len(acts)))
    x[:, :2, 0] = [[20, 20], [10, 10], [8, 8]]  # sources lose tex
    x[:, :2, 3] = [[5, 5], [15, 15], [17, 17]]
    for r in (2, 3, 4):
        x[:, r, 3] = 6.0
        x[:, r, 0] = [1, 2, 6]
    panel = Panel.from_cube(x, regions=regions, activities=acts, times=[2000, 2010, 2015])
    cube = np.ones((2, len(regions), len(acts)))
    cube[0, 2:5, 0] = 10.0  # W1..W3 buy tex from elsewhere in 2010: the ones that gain
    cube[1, 5:, 0] = 1000.0  # 2015 flows point elsewhere; they must not be read
    flows = Panel.from_cube(cube, regions=regions, activities=acts, times=[2010, 2015])
    out = backtest_transfer(panel, ["E1", "E2"], from_year=2000, to_year=2010, horizon=5,
                            k=3, flows=flows, n_boot=20)
    scores = out.set_index("method")
    assert set(scores.index) == {"matching", "density", "random", "matching_without_flows"}
    assert scores.loc["matching", "auroc"] == 1.0
    ratios = out.attrs["ratios"]
    assert ratios["denominator"].tolist() == ["density", "random", "matching_without_flows"]
    plain = backtest_transfer(panel, ["E1", "E2"], from_year=2000, to_year=2010, horizon=5,
                              k=3, n_boot=20)
    assert "matching_without_flows" not in set(plain["method"])
    # the matching without flows is the plain matching: the same metrics
    assert_allclose(scores.loc["matching_without_flows", "pr_auc"],
                    plain.set_index("method").loc["matching", "pr_auc"])
    # and the random ranking is the same one in both runs
    assert_allclose(scores.loc["random", ["pr_auc", "auroc"]].to_numpy(dtype=float),
                    plain.set_index("method").loc["random", ["pr_auc", "auroc"]]
                    .to_numpy(dtype=float))


def test_the_reasons_name_the_flows_when_they_count(panel: Panel) -> None:
    from advantage.i18n import render_reason

    flows = inflow({"W1": 4.0, "W2": 6.0, "W3": 5.0})
    common = {"from_year": 2010, "to_year": 2020}
    top = match_destinations(panel, ["E1", "E2"], flows=flows, weights={"flows": 1.0},
                             **common).iloc[0]
    assert render_reason(top["reason"], "en").endswith("flows 5.00 per unit of its own output")
    assert render_reason(top["reason"], "zh").endswith("流量为本地产出的 5.00 倍")
    plain = match_destinations(panel, ["E1", "E2"], **common).iloc[0]
    assert "flows" not in render_reason(plain["reason"], "en")
    assert "流量" not in render_reason(plain["reason"], "zh")
