"""Specialisation of regions: hand-computed cases, conventions, and German / US real data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.measures.specialisation import krugman_pairwise, region_specialisation

# Three regions x three activities, one year. Region totals 4, 4, 2; activity totals 3, 4, 3;
# total 10, so the reference shares are s = (0.3, 0.4, 0.3).
HAND = np.array([[2.0, 1.0, 1.0],   # a: shares (0.5, 0.25, 0.25)
                 [0.0, 2.0, 2.0],   # b: shares (0, 0.5, 0.5)
                 [1.0, 1.0, 0.0]])  # c: shares (0.5, 0.5, 0)


def hand_panel() -> Panel:
    return Panel.from_cube(HAND, regions=["a", "b", "c"], activities=["x", "y", "z"])


def test_hand_computed_region_a() -> None:
    row = region_specialisation(hand_panel()).set_index("region").loc["a"]
    # Krugman: |0.5-0.3| + |0.25-0.4| + |0.25-0.3| = 0.2 + 0.15 + 0.05
    assert row["krugman"] == pytest.approx(0.4, rel=1e-12)
    assert row["specialisation"] == pytest.approx(0.2, rel=1e-12)
    # Hachman: 1 / (0.25/0.3 + 0.0625/0.4 + 0.0625/0.3)
    assert row["hachman"] == pytest.approx(1 / (0.25 / 0.3 + 0.0625 / 0.4 + 0.0625 / 0.3))
    # Entropy: -(0.5 ln 0.5 + 2 x 0.25 ln 0.25) = 1.5 ln 2; Theil = ln 3 - entropy
    assert row["entropy"] == pytest.approx(1.5 * math.log(2))
    assert row["theil"] == pytest.approx(math.log(3) - 1.5 * math.log(2))
    expected_rel = (0.5 * math.log(0.5 / 0.3) + 0.25 * math.log(0.25 / 0.4)
                    + 0.25 * math.log(0.25 / 0.3))
    assert row["theil_relative"] == pytest.approx(expected_rel)
    # HHI = 0.25 + 0.0625 + 0.0625; normalised over N = 3: (0.375 - 1/3) / (1 - 1/3) = 0.0625
    assert row["hhi"] == pytest.approx(0.375)
    assert row["hhi_norm"] == pytest.approx(0.0625)
    assert row["n_activities"] == 3


def test_hand_computed_regions_b_and_c() -> None:
    out = region_specialisation(hand_panel()).set_index("region")
    # b: |0-0.3| + |0.5-0.4| + |0.5-0.3| = 0.6 ; c: 0.2 + 0.1 + 0.3 = 0.6
    assert_allclose(out.loc[["b", "c"], "krugman"], [0.6, 0.6], rtol=1e-12)
    # b has two activities with equal shares: HHI 0.5, normalised over its N = 2 activities: 0
    assert out.loc["b", "hhi"] == pytest.approx(0.5)
    assert out.loc["b", "hhi_norm"] == pytest.approx(0.0, abs=1e-15)
    # entropy ln 2 for both; Theil against an even spread over the 3 national activities
    assert_allclose(out.loc[["b", "c"], "entropy"], [math.log(2)] * 2)
    assert_allclose(out.loc[["b", "c"], "theil"], [math.log(3 / 2)] * 2)


def test_region_like_the_reference_has_zero_krugman_and_hachman_one() -> None:
    # Region "same" is a scaled copy of the sum of the others, so it matches the reference.
    others = np.array([[3.0, 1.0], [1.0, 3.0]])
    cube = np.vstack([others, 0.5 * others.sum(axis=0, keepdims=True)])
    p = Panel.from_cube(cube, regions=["p", "q", "same"], activities=["x", "y"])
    out = region_specialisation(p).set_index("region")
    assert out.loc["same", "krugman"] == pytest.approx(0.0, abs=1e-15)
    assert out.loc["same", "hachman"] == pytest.approx(1.0, rel=1e-12)
    assert out.loc["same", "theil_relative"] == pytest.approx(0.0, abs=1e-15)


def test_absent_region_is_nan_for_that_year_only() -> None:
    cube = np.array([HAND, HAND.copy()])
    cube[1, 2] = 0.0  # region c has no activity in the second year
    p = Panel.from_cube(cube, regions=["a", "b", "c"], activities=["x", "y", "z"],
                        times=[2000, 2001])
    out = region_specialisation(p)
    c = out[out["region"] == "c"].set_index("time")
    assert c.loc[2001, ["krugman", "hachman", "entropy", "hhi"]].isna().all()
    assert pd.isna(c.loc[2001, "n_activities"])
    assert c.loc[2000, "krugman"] == pytest.approx(0.6)
    assert out.loc[out["time"] == 2001, "krugman"].notna().sum() == 2


def test_single_activity_region_has_undefined_hhi_norm() -> None:
    p = Panel.from_cube(np.array([[5.0, 0.0], [1.0, 1.0]]), regions=["a", "b"],
                        activities=["x", "y"])
    out = region_specialisation(p).set_index("region")
    assert out.loc["a", "hhi"] == 1.0
    assert np.isnan(out.loc["a", "hhi_norm"])


def test_log_base_two_matches_econgeo_units() -> None:
    natural = region_specialisation(hand_panel())
    base2 = region_specialisation(hand_panel(), log_base=2)
    assert_allclose(base2["entropy"], natural["entropy"] / math.log(2), rtol=1e-13)
    # EconGeo's entropy(mat) of region a's row (2, 1, 1) is -sum p log2 p = 1.5 (rounded 1.5)
    assert base2.loc[0, "entropy"] == pytest.approx(1.5)
    assert_allclose(base2["krugman"], natural["krugman"])
    with pytest.raises(AdvantageError, match="log_base"):
        region_specialisation(hand_panel(), log_base=1)


def test_krugman_pairwise_hand() -> None:
    out = krugman_pairwise(hand_panel())
    assert list(zip(out["region_a"], out["region_b"], strict=True)) == [
        ("a", "b"), ("a", "c"), ("b", "c")]
    # a-b: |0.5-0|+|0.25-0.5|+|0.25-0.5| = 1 ; a-c: 0+0.25+0.25 ; b-c: 0.5+0+0.5
    assert_allclose(out["krugman_pair"], [1.0, 0.5, 1.0], rtol=1e-12)


# ----------------------------------------------------------------------------- real data
GERMAN_EXCLUDED = ["Insgesamt", "Verarbeitendes Gewerbe (C)"]


def german_frame(shared_data) -> pd.DataFrame:
    """REAT's G.regions.emp: 16 states x 10 sections that partition the total.

    'Insgesamt' rows (Germany, all sectors) are totals and 'Verarbeitendes Gewerbe (C)' is
    part of 'Produzierendes Gewerbe ohne Baugewerbe (B-E)', so all three are left out.
    """
    df = pd.read_csv(shared_data / "reat_G.regions.emp.csv")
    return df[(df["region"] != "Insgesamt") & ~df["industry"].isin(GERMAN_EXCLUDED)]


@pytest.mark.data
def test_german_states_krugman_against_plain_pandas(shared_data) -> None:
    df = german_frame(shared_data)
    panel = Panel.from_long(df, region="region", activity="industry", value="emp", time="year")
    out = region_specialisation(panel).set_index(["time", "region"])
    # Independent computation with plain pandas for every state and year.
    shares = df["emp"] / df.groupby(["year", "region"])["emp"].transform("sum")
    national = df.groupby(["year", "industry"])["emp"].transform("sum")
    reference = national / df.groupby("year")["emp"].transform("sum")
    diff = (shares - reference).abs().groupby([df["year"], df["region"]]).sum()
    hach = (shares**2 / reference).groupby([df["year"], df["region"]]).sum()
    assert_allclose(out.loc[diff.index, "krugman"], diff.to_numpy(), rtol=1e-12)
    assert_allclose(out.loc[hach.index, "hachman"], 1 / hach.to_numpy(), rtol=1e-12)
    assert out["krugman"].between(0, 2).all()
    # Berlin, a city state dominated by services, is more specialised than Bayern in 2014.
    assert out.loc[(2014, "Berlin"), "krugman"] > out.loc[(2014, "Bayern"), "krugman"]


@pytest.mark.data
def test_german_partition_matches_the_published_total(shared_data) -> None:
    # The ten sections add up to REAT's 'Insgesamt' column up to a small unallocated
    # remainder in the source (always below the total; at most 0.121%, Hamburg 2008: 796,549
    # vs 797,514), which is why the partition above is the right activity set.
    df = pd.read_csv(shared_data / "reat_G.regions.emp.csv")
    df = df[df["region"] != "Insgesamt"]
    wide = df.pivot_table(index=["year", "region"], columns="industry", values="emp")
    parts = wide.drop(columns=GERMAN_EXCLUDED).sum(axis=1)
    assert (parts <= wide["Insgesamt"]).all()
    assert_allclose(parts, wide["Insgesamt"], rtol=1.25e-3)


# BEA line codes that partition line 1 (all industry total): the 20 two-digit NAICS sectors
# plus government (3 agriculture, 6 mining, 10 utilities, 11 construction, 12 manufacturing,
# 34 wholesale, 35 retail, 36 transportation, 45 information, 51 finance and insurance,
# 56 real estate, 60 professional services, 64 management, 65 administrative, 69 education,
# 70 health care, 76 arts, 79 accommodation and food, 82 other services, 83 government).
US_SECTORS = [3, 6, 10, 11, 12, 34, 35, 36, 45, 51, 56, 60, 64, 65, 69, 70, 76, 79, 82, 83]


def us_frame(shared_data) -> pd.DataFrame:
    df = pd.read_csv(shared_data / "us_state_x_bea_industry_gva_2007_2019.csv.gz")
    return df[df["linecode"].isin(US_SECTORS) & (df["geo"] != "United States *")]


@pytest.mark.data
def test_us_state_sectors_partition_and_specialisation(shared_data) -> None:
    df = us_frame(shared_data)
    # BEA suppresses ~10% of all state x line cells; at this sector level 8 cells (lines 3 and
    # 6) are suppressed, and they are read as zero (missing="zero"), as BEA's own totals do not
    # let them be recovered exactly.
    assert df["gva_usd"].isna().sum() > 0
    panel = Panel.from_long(df, region="geo", activity="linecode", value="gva_usd",
                            time="year", missing="zero")
    assert panel.shape == (13, 51, 20)
    out = region_specialisation(panel).set_index(["time", "region"])
    assert out["krugman"].between(0, 2).all()
    assert out["hachman"].between(0, 1).all()
    # Independent check for one state-year: Wyoming 2019 (mining-heavy) by hand with pandas.
    year = df[df["year"] == 2019].fillna({"gva_usd": 0.0})
    national = year.groupby("linecode")["gva_usd"].sum()
    wy = year[year["geo"] == "Wyoming"].set_index("linecode")["gva_usd"]
    expected = (wy / wy.sum() - national / national.sum()).abs().sum()
    assert out.loc[(2019, "Wyoming"), "krugman"] == pytest.approx(expected, rel=1e-12)
    # Wyoming is among the five most specialised states that year.
    assert "Wyoming" in out.loc[2019, "krugman"].nlargest(5).index
