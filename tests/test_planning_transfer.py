"""Industrial transfer: relocation and destination matching known by construction."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_frame
from advantage.measures.geography import great_circle_km
from advantage.planning import (
    backtest_transfer,
    default_transfer_groups,
    match_destinations,
    relocating_activities,
)
from advantage.reference.presets import china_preset

# E1, E2 are the sources. 'tex' leaves them for W1; 'chips' grows in them; 'food' is flat.
X0 = {"E1": [10, 5, 5], "E2": [8, 6, 5], "W1": [1, 1, 5], "W2": [1, 1, 5], "W3": [1, 1, 5]}
X1 = {"E1": [5, 7, 5], "E2": [6, 8, 5], "W1": [8, 1, 5], "W2": [2, 1, 5], "W3": [1, 1, 5]}
ACTS = ["tex", "chips", "food"]
CENTROIDS = pd.DataFrame({"region": ["E1", "E2", "W1", "W2", "W3"],
                          "lon": [120.0, 121.0, 100.0, 110.0, 90.0], "lat": [30.0] * 5})


@pytest.fixture
def panel() -> Panel:
    cube = np.array([[X0[r] for r in X0], [X1[r] for r in X1]], dtype=float)
    return Panel.from_cube(cube, regions=list(X0), activities=ACTS, times=[2010, 2020])


def test_relocation_rules(panel: Panel) -> None:
    out = render_frame(relocating_activities(panel, ["E1", "E2"], from_year=2010,
                                             to_year=2020))
    flags = dict(zip(out["activity"], out["relocating"], strict=True))
    assert flags == {"tex": True, "chips": False, "food": False}
    tex = out.set_index("activity").loc["tex"]
    assert_allclose([tex["source_share_from"], tex["source_share_to"]], [18 / 21, 11 / 22])
    assert tex["losing_sources"] == ["E1", "E2"]  # E1 lost 5, E2 lost 2
    assert_allclose(tex["source_loss"], 7.0)
    assert_allclose(tex["elsewhere_growth"], 11 / 3 - 1)
    assert "lost by E1, E2" in tex["reason"]
    chips = out.set_index("activity").loc["chips"]
    assert chips["losing_sources"] == [] and "no source loses it" in chips["reason"]
    # a stricter share drop leaves tex out (its share fell 35.7 points)
    strict = relocating_activities(panel, ["E1", "E2"], from_year=2010, to_year=2020,
                                   min_share_drop=0.4)
    assert not strict["relocating"].any()


def test_each_component_ranks_as_built(panel: Panel) -> None:
    common = {"from_year": 2010, "to_year": 2020}
    by_distance = match_destinations(panel, ["E1", "E2"], centroids=CENTROIDS,
                                     weights={"distance": 1.0}, **common)
    # loss-weighted distance: W2 (lon 110) is nearest the sources, then W1, then W3
    assert by_distance["destination"].tolist() == ["W2", "W1", "W3"]
    assert [list(s) for s in by_distance["source"]] == [["E1", "E2"]] * 3
    e1_w2 = great_circle_km(120, 30, 110, 30)
    e2_w2 = great_circle_km(121, 30, 110, 30)
    assert_allclose(by_distance.iloc[0]["distance_km"], (5 * e1_w2 + 2 * e2_w2) / 7)
    costs = pd.DataFrame({"region": ["W1", "W2", "W3"], "wage": [3.0, 1.0, 2.0],
                          "land": [3.0, 1.0, 2.0]})
    by_cost = render_frame(match_destinations(panel, ["E1", "E2"], costs=costs,
                                              weights={"cost": 1.0}, **common))
    assert by_cost["destination"].tolist() == ["W2", "W3", "W1"]
    assert "sd below the destinations' mean" in by_cost.iloc[0]["reason"]
    top = match_destinations(panel, ["E1", "E2"], top=1, destinations=["W1", "W3"],
                             centroids=CENTROIDS, **common)
    assert len(top) == 1 and top.iloc[0]["destination"] in {"W1", "W3"}


def test_weights_without_data_are_dropped_or_refused(panel: Panel) -> None:
    out = match_destinations(panel, ["E1"], from_year=2010, to_year=2020)  # density only
    assert out["cost"].isna().all() and out["distance_km"].isna().all()
    with pytest.raises(AdvantageError, match="no weight to a component with data"):
        match_destinations(panel, ["E1"], from_year=2010, to_year=2020,
                           weights={"cost": 1.0})


@pytest.mark.parametrize("kwargs, match", [
    ({"from_year": 2020, "to_year": 2010}, "must come before"),
    ({"from_year": 2000, "to_year": 2020}, "from_year/to_year"),
    ({"from_year": 2010, "to_year": 2020, "loss": "vibes"}, "loss="),
])
def test_bad_windows(panel: Panel, kwargs: dict, match: str) -> None:
    with pytest.raises(AdvantageError, match=match):
        relocating_activities(panel, ["E1"], **kwargs)


def test_bad_sources(panel: Panel) -> None:
    with pytest.raises(AdvantageError, match="Atlantis"):
        relocating_activities(panel, ["Atlantis"], from_year=2010, to_year=2020)
    with pytest.raises(AdvantageError, match="every region is a source"):
        relocating_activities(panel, list(X0), from_year=2010, to_year=2020)


def test_great_circle() -> None:
    assert great_circle_km(10, 20, 10, 20) == 0.0
    assert_allclose(great_circle_km(0, 0, 180, 0), np.pi * 6371.0088)
    assert_allclose(great_circle_km(1, 2, 3, 4), great_circle_km(3, 4, 1, 2))


def test_china_groups() -> None:
    src, dst = china_preset(["广东", "Zhejiang", "Ningxia", "湖北", "Jilin"]).transfer_groups()
    assert src == ["广东", "Zhejiang"] and dst == ["Ningxia", "湖北", "Jilin"]
    preset = china_preset(["Guangdong", "Ningxia", "Hubei"])
    assert preset.group(["west"]) == ["Ningxia"]
    assert china_preset(["Guangdong", "Atlantis"]).unmatched == ["Atlantis"]
    with pytest.raises(AdvantageError, match="not china region groups"):
        preset.group(["coast"])
    with pytest.raises(AdvantageError, match="both transfer groups"):
        china_preset(["Guangdong", "Zhejiang"]).transfer_groups()


def test_default_groups_are_one_rule(panel: Panel) -> None:
    # The rule: the quarter of regions (one of these four) with the highest ECI in the first
    # period where ECI is defined are the sources, checked against ECI computed directly.
    # 2010: each region holds one activity nobody else has, so the eigenvalue repeats and
    # ECI is undefined; 2020 decides.
    from advantage.measures import compute_indicators

    alike = np.full((4, 4), 1.0) + 8.0 * np.eye(4)
    later = np.array([[5, 5, 7, 9], [1, 2, 8, 9], [3, 3, 8, 4], [3, 8, 3, 4]], dtype=float)
    two = Panel.from_cube(np.stack([alike, later]), regions=list("abcd"),
                          activities=list("wxyz"), times=[2010, 2020])
    eci = compute_indicators(two).eci
    assert np.isnan(eci[0]).all() and np.isfinite(eci[1]).all()
    src, dst = default_transfer_groups(two)
    assert src == [two.regions[int(np.nanargmax(eci[1]))]]
    assert sorted(src + dst) == sorted(two.regions)
    # the fixture's regions split into two blocks in both years: no ECI, no default, a clear
    # error instead of a ranking the eigen-solver would invent
    with pytest.raises(AdvantageError, match="ECI is undefined in every period"):
        default_transfer_groups(panel)
    assert default_transfer_groups(panel, groups=(["E1"], ["W1"])) == (["E1"], ["W1"])


def test_transfer_backtest_scores_matching_against_random() -> None:
    # tex leaves E1, E2 (where it sits next to chips) between 2000 and 2010; W1..W3 also have
    # chips, so tex is dense for them, and by 2015 they are the ones that gained it.
    regions = ["E1", "E2"] + [f"W{i}" for i in range(1, 7)]
    acts = ["tex", "yarn", "food", "chips"]
    x = np.ones((3, len(regions), len(acts)))
    x[:, :2, 0] = [[20, 20], [10, 10], [8, 8]]  # sources lose tex
    x[:, :2, 3] = [[5, 5], [15, 15], [17, 17]]  # chips grows there: E's total holds up
    for r in (2, 3, 4):
        x[:, r, 3] = 6.0
        x[:, r, 0] = [1, 2, 6]
    panel = Panel.from_cube(x, regions=regions, activities=acts, times=[2000, 2010, 2015])
    out = backtest_transfer(panel, ["E1", "E2"], from_year=2000, to_year=2010, horizon=5,
                            k=3)
    scores = out.set_index("method")
    assert list(out.columns[:6]) == ["method", "pr_auc", "auroc", "best_f1",
                                     "precision_at_3", "map_at_3"]
    assert scores.loc["matching", "auroc"] == 1.0
    assert scores.loc["matching", "pr_auc"] >= scores.loc["random", "pr_auc"]
    assert out.attrs["outcome_period"] == 2015


def test_reasons_in_chinese(panel: Panel) -> None:
    number, cjk = re.compile(r"\d+(?:\.\d+)?"), re.compile(r"[\u4e00-\u9fff]")
    costs = pd.DataFrame({"region": ["W1", "W2", "W3"], "wage": [1.0, 2.0, 3.0]})
    common = {"from_year": 2010, "to_year": 2020}
    for table in (relocating_activities(panel, ["E1", "E2"], **common),
                  match_destinations(panel, ["E1", "E2"], centroids=CENTROIDS, costs=costs,
                                     **common)):
        en, zh = render_frame(table)["reason"], render_frame(table, "zh")["reason"]
        for e, z in zip(en, zh, strict=True):
            assert cjk.search(z) and not cjk.search(e)
            assert sorted(number.findall(e)) == sorted(number.findall(z)), (e, z)
    tex = render_frame(relocating_activities(panel, ["E1", "E2"], **common),
                       "zh")["reason"].iloc[0]
    assert tex.startswith("2010—2020年正在转移：") and tex.endswith("流失地区：E1、E2")


def test_a_region_named_with_a_comma_stays_one_region() -> None:
    # Issue 12: losing sources used to be joined with ", " and split again by the dashboard.
    names = {"E1": "Washington, D.C.", "E2": "E2"}
    cube = np.array([[X0[r] for r in X0], [X1[r] for r in X1]], dtype=float)
    panel = Panel.from_cube(cube, regions=[names.get(r, r) for r in X0], activities=ACTS,
                            times=[2010, 2020])
    out = match_destinations(panel, ["Washington, D.C.", "E2"], from_year=2010, to_year=2020)
    assert [list(s) for s in out["source"]] == [["Washington, D.C.", "E2"]] * 3
