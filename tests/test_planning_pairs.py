"""East-west cooperation pairs: complementarity known by construction, and the command."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.cli import main
from advantage.i18n import render_reasons
from advantage.planning import match_destinations
from advantage.planning.pairs import cooperation_pairs, pair_activities

# E1 and E2 are sources. E1 loses tex (10 -> 4) and yarn (6 -> 4); E2 loses tex (8 -> 7).
# W1 and W2 are destinations; both gain what the east loses, elsewhere growth holds.
X0 = {"E1": [10, 6, 5, 2], "E2": [8, 3, 5, 2], "W1": [1, 1, 5, 2], "W2": [1, 1, 2, 5]}
X1 = {"E1": [4, 4, 5, 2], "E2": [7, 3, 5, 2], "W1": [6, 3, 5, 2], "W2": [3, 2, 2, 5]}
ACTS = ["tex", "yarn", "food", "chips"]
CENTROIDS = pd.DataFrame({"region": ["E1", "E2", "W1", "W2"], "lon": [120.0, 121, 100, 110],
                          "lat": [30.0] * 4})


@pytest.fixture
def panel() -> Panel:
    cube = np.array([[X0[r] for r in X0], [X1[r] for r in X1]], dtype=float)
    return Panel.from_cube(cube, regions=list(X0), activities=ACTS, times=[2010, 2020])


def test_complementarity_is_the_loss_weighted_fit(panel: Panel) -> None:
    common = {"from_year": 2010, "to_year": 2020}
    parts = pair_activities(panel, ["E1", "E2"], ["W1", "W2"], **common)
    # the fit is the destination's percentile in the matching (density) score per activity
    match = match_destinations(panel, ["E1", "E2"], destinations=["W1", "W2"], top=None,
                               weights={"density": 1.0}, **common)
    best = match[match["rank"] == 1].set_index("activity")["destination"]
    relocating = set(match["activity"])
    assert relocating <= {"tex", "yarn"}
    e1 = parts[parts["source"] == "E1"]
    # E1's losses: tex 6, yarn 2 (of the relocating ones) -> weights 6/8 and 2/8
    lost = {"tex": 6.0, "yarn": 2.0}
    total = sum(lost[a] for a in relocating)
    for row in e1.itertuples():
        assert_allclose(row.loss, lost[row.activity])
        assert_allclose(row.loss_share, lost[row.activity] / total)
        assert row.fit == (1.0 if best[row.activity] == row.destination else 0.0)
    pairs = cooperation_pairs(panel, ["E1", "E2"], ["W1", "W2"], **common)
    for (s, d), group in parts.groupby(["source", "destination"]):
        row = pairs[(pairs["source"] == s) & (pairs["destination"] == d)].iloc[0]
        assert_allclose(row["complementarity"], (group["loss_share"] * group["fit"]).sum())
        assert_allclose(row["score"], row["complementarity"])  # no centroids: no proximity
    # E2 only loses tex: its pair with the best tex destination is a perfect 1
    assert_allclose(pairs[(pairs["source"] == "E2")
                          & (pairs["destination"] == best["tex"])]["complementarity"], [1.0])


def test_proximity_and_ranks(panel: Panel) -> None:
    pairs = cooperation_pairs(panel, ["E1", "E2"], ["W1", "W2"], from_year=2010, to_year=2020,
                              centroids=CENTROIDS, distance_weight=0.5)
    # proximity: 1 for the nearest of the four pairs (E1-W2 or E2-W2), 0 for the farthest
    far = pairs.loc[pairs["distance_km"].idxmax()]
    near = pairs.loc[pairs["distance_km"].idxmin()]
    assert far["proximity"] == 0.0 and near["proximity"] == 1.0
    assert near["destination"] == "W2" and far["destination"] == "W1"
    assert_allclose(pairs["score"], 0.5 * pairs["complementarity"] + 0.5 * pairs["proximity"])
    for _, group in pairs.groupby("destination"):
        assert group.sort_values("rank")["score"].is_monotonic_decreasing
        assert sorted(group["rank"]) == list(range(1, len(group) + 1))
    text = render_reasons(pairs["reason"])
    assert all(t.startswith(f"#{r} partner of {d}") for t, r, d in
               zip(text, pairs["rank"], pairs["destination"], strict=True))


def test_bad_pairs(panel: Panel) -> None:
    with pytest.raises(AdvantageError, match="both sources and destinations"):
        cooperation_pairs(panel, ["E1"], ["E1", "W1"], from_year=2010, to_year=2020)
    with pytest.raises(AdvantageError, match="distance belongs to the pair"):
        cooperation_pairs(panel, ["E1"], ["W1"], from_year=2010, to_year=2020,
                          weights={"distance": 1.0})
    with pytest.raises(AdvantageError, match="distance_weight"):
        cooperation_pairs(panel, ["E1"], ["W1"], from_year=2010, to_year=2020,
                          distance_weight=2.0)


@pytest.mark.data
def test_pairs_command_on_the_china_tables(shared_data: Path, tmp_path: Path) -> None:
    out, detail = tmp_path / "pairs.csv", tmp_path / "detail.csv"
    with pytest.raises(SystemExit) as done:
        main(["pairs", "china_provincial_io", "--from-year", "2007", "--to-year", "2017",
              "--loss", "share", "--out", str(out), "--activities", str(detail)])
    assert done.value.code in (0, None)
    table = pd.read_csv(out)
    east = {"Beijing", "Tianjin", "Hebei", "Shanghai", "Jiangsu", "Zhejiang", "Fujian",
            "Shandong", "Guangdong", "Hainan"}  # NBS 2011 eastern region
    assert set(table["source"]) <= east and not set(table["destination"]) & east
    assert {"Ningxia", "Guizhou", "Gansu"} <= set(table["destination"])
    assert table["reason"].str.startswith("#").all()
    assert (table["score"].between(0, 1)).all()
    parts = pd.read_csv(detail)
    assert {"loss_share", "fit", "match"} <= set(parts.columns)
    zh = tmp_path / "pairs_zh.csv"
    with pytest.raises(SystemExit):
        main(["pairs", "china_provincial_io", "--from-year", "2007", "--to-year", "2017",
              "--sources", "广东,浙江", "--destinations", "贵州,宁夏", "--lang", "zh",
              "--out", str(zh)])
    shown = pd.read_csv(zh)
    assert set(shown["承接地区"]) <= {"Guizhou", "Ningxia"}
    assert shown["原因"].str.contains("协作伙伴").all()
