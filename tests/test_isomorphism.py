"""Industrial isomorphism: structural similarity of regions, against the nation, by level."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.measures.isomorphism import (
    hierarchy_from_frame,
    similarity_by_level,
    similarity_to_national,
    structural_similarity,
)
from advantage.measures.specialisation import krugman_pairwise

# Regions: a = (1, 2, 0), b = 3 a (same structure), c = (0, 0, 5), d = (2, 1, 0).
CUBE = np.array([[1.0, 2.0, 0.0], [3.0, 6.0, 0.0], [0.0, 0.0, 5.0], [2.0, 1.0, 0.0]])


def panel() -> Panel:
    return Panel.from_cube(CUBE, regions=list("abcd"), activities=["x", "y", "z"])


def test_hand_pairs() -> None:
    out = structural_similarity(panel()).set_index(["region_a", "region_b"])
    assert len(out) == 6  # upper triangle of 4 regions
    assert out.loc[("a", "b"), "similarity"] == pytest.approx(1.0, rel=1e-12)
    assert out.loc[("a", "c"), "similarity"] == 0.0
    # a.d = 1*2 + 2*1 = 4; |a| = |d| = sqrt(5): 4/5
    assert out.loc[("a", "d"), "similarity"] == pytest.approx(0.8, rel=1e-12)
    # Krugman a-d: |1/3 - 2/3| + |2/3 - 1/3| = 2/3; a-c: disjoint structures give 2
    assert out.loc[("a", "d"), "krugman_pair"] == pytest.approx(2 / 3, rel=1e-12)
    assert out.loc[("a", "c"), "krugman_pair"] == pytest.approx(2.0, rel=1e-12)
    assert out["flagged"].tolist() == (out["similarity"] >= 0.9).tolist()
    assert out.loc[("a", "b"), "flagged"] and not out.loc[("a", "d"), "flagged"]


def test_threshold_and_min_similarity() -> None:
    full = structural_similarity(panel(), threshold=0.75)
    assert full["flagged"].sum() == 3  # a-b (1), a-d (0.8), b-d (0.8)
    some = structural_similarity(panel(), min_similarity=0.5)
    pairs = list(zip(some["region_a"], some["region_b"], strict=True))
    assert pairs == [("a", "b"), ("a", "d"), ("b", "d")]
    assert_allclose(some["krugman_pair"], [0.0, 2 / 3, 2 / 3], atol=1e-15)
    with pytest.raises(AdvantageError, match="threshold"):
        structural_similarity(panel(), threshold=1.5)


def test_krugman_pair_matches_krugman_pairwise() -> None:
    rng = np.random.default_rng(3)
    cube = rng.lognormal(size=(3, 7, 5)) * (rng.random((3, 7, 5)) > 0.4)
    p = Panel.from_cube(cube, regions=range(7), activities=range(5), times=[1, 2, 3])
    a = structural_similarity(p)
    b = krugman_pairwise(p)
    assert_allclose(a["krugman_pair"], b["krugman_pair"], rtol=1e-13)
    assert (a["time"].to_numpy() == b["time"].to_numpy()).all()


def test_absent_region_nan_that_year_only() -> None:
    cube = np.stack([CUBE, CUBE])
    cube[1, 2] = 0.0  # c absent in the second year
    out = structural_similarity(Panel.from_cube(cube, regions=list("abcd"),
                                                activities=["x", "y", "z"], times=[1, 2]))
    second = out[out["time"] == 2]
    involved = (second["region_a"] == "c") | (second["region_b"] == "c")
    assert second.loc[involved, "similarity"].isna().all()
    assert not second.loc[involved, "flagged"].any()
    assert second.loc[~involved, "similarity"].notna().all()
    assert out[out["time"] == 1]["similarity"].notna().all()


def test_similarity_to_national() -> None:
    out = similarity_to_national(panel()).set_index("region")
    national = CUBE.sum(axis=0)  # (6, 9, 5)
    for region, row in zip("abcd", CUBE, strict=True):
        expected = row @ national / (np.linalg.norm(row) * np.linalg.norm(national))
        assert out.loc[region, "similarity"] == pytest.approx(expected, rel=1e-12)
    # c = (0, 0, 5): 25 / (5 sqrt(36 + 81 + 25)) = 5 / sqrt(142)
    assert out.loc["c", "similarity"] == pytest.approx(5 / math.sqrt(142), rel=1e-12)


def test_by_level_long_and_wide() -> None:
    hierarchy = {"parent": {"x": "xy", "y": "xy", "z": "z"}}
    long = similarity_by_level(panel(), hierarchy)
    assert list(long.columns[:3]) == ["level", "region_a", "region_b"]
    assert set(long["level"]) == {"detailed", "parent"}
    parent = long[long["level"] == "parent"].set_index(["region_a", "region_b"])
    # a-d are identical once x and y are merged
    assert parent.loc[("a", "d"), "similarity"] == pytest.approx(1.0, rel=1e-12)
    wide = similarity_by_level(panel(), hierarchy, layout="wide").set_index(
        ["region_a", "region_b"])
    assert {"similarity_detailed", "similarity_parent", "flagged_parent",
            "krugman_pair_parent"} <= set(wide.columns)
    assert wide.loc[("a", "d"), "similarity_detailed"] == pytest.approx(0.8)
    assert wide.loc[("a", "d"), "similarity_parent"] == pytest.approx(1.0)
    filtered = similarity_by_level(panel(), hierarchy, layout="wide", min_similarity=0.99)
    assert len(filtered) == 3  # a-b, a-d, b-d reach 1 at the parent level


def test_hierarchy_errors() -> None:
    with pytest.raises(AdvantageError, match="no group in the mapping"):
        similarity_by_level(panel(), {"parent": {"x": "xy"}})
    with pytest.raises(AdvantageError, match="'detailed' is reserved"):
        similarity_by_level(panel(), {"detailed": {"x": 1, "y": 1, "z": 1}})
    with pytest.raises(AdvantageError, match="no 'code' column"):
        hierarchy_from_frame(pd.DataFrame({"id": [1], "parent": [2]}))
    with pytest.raises(AdvantageError, match="more than once"):
        hierarchy_from_frame(pd.DataFrame({"code": [1, 1], "parent": [2, 3]}))
    levels = hierarchy_from_frame(pd.DataFrame({"code": [1, 2], "parent": [1, 1],
                                                "sector": ["A", "A"]}))
    assert levels == {"parent": {1: 1, 2: 1}, "sector": {1: "A", 2: "A"}}


# ----------------------------------------------------------------------------- real data
# BEA detailed line codes partitioning line 1, grouped by their sector line (verified on
# California: each group adds up to its sector line within 1.4e-5 relative).
US_GROUPS = {
    3: [4, 5], 6: [7, 8, 9], 10: [10], 11: [11],
    12: list(range(14, 25)) + list(range(26, 34)), 34: [34], 35: [35],
    36: list(range(37, 45)), 45: list(range(46, 50)), 51: [52, 53, 54, 55], 56: [57, 58],
    60: [61, 62, 63], 64: [64], 65: [66, 67], 69: [69], 70: [71, 72, 73, 74], 76: [77, 78],
    79: [80, 81], 82: [82], 83: [84, 85, 86],
}
US_PARENT = {code: sector for sector, codes in US_GROUPS.items() for code in codes}


@pytest.mark.data
def test_us_states_similarity_by_level(shared_data) -> None:
    df = pd.read_csv(shared_data / "us_state_x_bea_industry_gva_2007_2019.csv.gz")
    df = df[df["linecode"].isin(US_PARENT) & (df["geo"] != "United States *")]
    # ~14% of these detailed state cells are suppressed by BEA: read as zero (missing="zero").
    assert 0.05 < df["gva_usd"].isna().mean() < 0.2
    p = Panel.from_long(df, region="geo", activity="linecode", value="gva_usd", time="year",
                        missing="zero")
    out = similarity_by_level(p, {"sector": US_PARENT}, layout="wide")
    assert len(out) == 13 * 51 * 50 // 2
    row = out[(out["time"] == 2019) & (out["region_a"] == "California")
              & (out["region_b"] == "Texas")]
    # Independent cosine with plain pandas at both levels.
    year = df[df["year"] == 2019].fillna({"gva_usd": 0.0})
    wide = year.pivot_table(index="linecode", columns="geo", values="gva_usd", aggfunc="sum")
    ca, tx = wide["California"], wide["Texas"]
    detailed = (ca * tx).sum() / np.sqrt((ca**2).sum() * (tx**2).sum())
    by_sector = wide.groupby(wide.index.map(US_PARENT)).sum()
    cs, ts = by_sector["California"], by_sector["Texas"]
    sector = (cs * ts).sum() / np.sqrt((cs**2).sum() * (ts**2).sum())
    assert row["similarity_detailed"].item() == pytest.approx(detailed, rel=1e-12)
    assert row["similarity_sector"].item() == pytest.approx(sector, rel=1e-12)
    # Grouping can only shrink the Krugman distance (|sum of differences| <= sum of |.|).
    assert (out["krugman_pair_sector"] <= out["krugman_pair_detailed"] + 1e-12).all()
    assert (out["krugman_pair_sector"] < out["krugman_pair_detailed"] - 1e-6).mean() > 0.5


@pytest.mark.data
def test_australian_sa3_pairs_symmetric_with_direct_cosine(shared_data) -> None:
    df = pd.read_csv(shared_data / "aus_sa3_x_anzsic3_employment_2011_2016_2021.csv.gz")
    p = Panel.from_long(df, region="sa3", activity="indp", value="count", time="year")
    out = structural_similarity(p.select(times=[2021]), krugman=False)
    n = p.shape[1]
    assert len(out) == n * (n - 1) // 2
    cube = p.cube[-1]
    norms = np.linalg.norm(cube, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        direct = (cube @ cube.T) / np.outer(norms, norms)
    a = p.regions.get_indexer(out["region_a"].astype(str))
    b = p.regions.get_indexer(out["region_b"].astype(str))
    assert_allclose(out["similarity"], np.clip(direct[a, b], 0, 1), rtol=1e-12, atol=1e-15)
    assert_allclose(direct[a, b], direct[b, a], rtol=1e-12, atol=1e-15)
    valid = out["similarity"].dropna()
    assert valid.between(0, 1).all()
