"""Concentration of activities: hand cases, EconGeo's documented examples, and real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.measures.concentration import activity_concentration

# Regions r1, r2, r3 with totals 8, 4, 8 (w = 0.4, 0.2, 0.4); activities x = (6, 0, 0) and
# y = (2, 4, 8).
HAND = np.array([[6.0, 2.0], [0.0, 4.0], [0.0, 8.0]])


def hand() -> pd.DataFrame:
    panel = Panel.from_cube(HAND, regions=["r1", "r2", "r3"], activities=["x", "y"])
    return activity_concentration(panel).set_index("activity")


def test_hand_activity_all_in_one_region() -> None:
    x = hand().loc["x"]
    # s = (1, 0, 0): Hoover = 0.5 (0.6 + 0.2 + 0.4) = 0.6
    assert x["hoover"] == pytest.approx(0.6, rel=1e-12)
    # LQ order r2, r3 (LQ 0), r1 (LQ 2.5): W = .2, .6, 1; S = 0, 0, 1;
    # G = 1 - [.2 (0) + .4 (0) + .4 (1 + 0)] = 0.6
    assert x["locational_gini"] == pytest.approx(0.6, rel=1e-12)
    # plain Gini of (6, 0, 0): sum |xi - xj| = 24, / (2 n^2 mean) = 24 / 36 = (n - 1) / n
    assert x["gini"] == pytest.approx(2 / 3, rel=1e-12)
    assert x["herfindahl"] == pytest.approx(1.0)
    assert x["n_regions"] == 3


def test_hand_activity_with_tied_location_quotients() -> None:
    y = hand().loc["y"]
    # s = (1/7, 2/7, 4/7): Hoover = 0.5 (|1/7 - .4| + |2/7 - .2| + |4/7 - .4|) = 9/35
    assert y["hoover"] == pytest.approx(9 / 35, rel=1e-12)
    # LQ: r1 5/14, r2 and r3 tie at 10/7. W = .4, .6, 1; S = 1/7, 3/7, 1;
    # G = 1 - [.4 (1/7) + .2 (3/7 + 1/7) + .4 (1 + 3/7)] = 1 - 5.2/7 = 1.8/7
    assert y["locational_gini"] == pytest.approx(1.8 / 7, rel=1e-12)
    # Gini of (2, 4, 8): sum |xi - xj| = 2 (2 + 6 + 4) = 24; mean 14/3 -> 24 / 84 = 2/7
    assert y["gini"] == pytest.approx(2 / 7, rel=1e-12)
    # HHI = (1 + 4 + 16) / 49
    assert y["herfindahl"] == pytest.approx(21 / 49, rel=1e-12)


def lorenz_gini(activity: np.ndarray, weight: np.ndarray) -> float:
    """Krugman's locational Gini by the trapezoid rule, one activity at a time (reference)."""
    s = activity / activity.sum()
    w = weight / weight.sum()
    order = sorted(range(len(s)), key=lambda r: s[r] / w[r])
    area, cum_s = 0.0, 0.0
    for r in order:
        area += w[r] * (2 * cum_s + s[r]) / 2
        cum_s += s[r]
    return 1 - 2 * area


def test_locational_gini_matches_trapezoid_reference() -> None:
    rng = np.random.default_rng(7)
    cube = rng.lognormal(size=(12, 6)) * (rng.random((12, 6)) > 0.3)
    cube[:, 0] += 0.1  # keep every activity present
    out = activity_concentration(Panel.from_cube(cube, regions=range(12), activities=range(6)))
    totals = cube.sum(axis=1)
    expected = [lorenz_gini(cube[:, a], totals) for a in range(6)]
    assert_allclose(out["locational_gini"], expected, rtol=1e-12)


def econgeo_panel() -> Panel:
    """EconGeo's hoover_index example: pop = (10, 15, 20, 25, 30) as region totals.

    The activities are EconGeo's example matrix columns I2 = (10, 15, 20, 25, 30),
    I3 = (0, 0, 0, 0, 1), I4 = (0, 0, 0, 1, 1), the vector ind = (0, 10, 10, 30, 50), and a
    filler column that makes each region's total 10 x pop.
    """
    pop = np.array([10.0, 15.0, 20.0, 25.0, 30.0])
    cols = {"I2": pop.copy(), "I3": np.array([0, 0, 0, 0, 1.0]),
            "I4": np.array([0, 0, 0, 1.0, 1.0]), "ind": np.array([0, 10, 10, 30, 50.0])}
    used = np.sum(list(cols.values()), axis=0)
    cols["filler"] = 10 * pop - used
    return Panel.from_cube(np.column_stack(list(cols.values())), regions=list("ABCDE"),
                           activities=list(cols))


def test_hoover_econgeo_documented_examples() -> None:
    out = activity_concentration(econgeo_panel(), convention="econgeo").set_index("activity")
    # EconGeo's hoover_index docs: I2 is proportional to pop (0); I3: 30% of the population
    # produces 100% of the output (0.5 (.1 + .15 + .2 + .25 + .7) = 0.7 -> 70); I4: 55% of the
    # population produces all of it (0.5 (.1 + .15 + .2 + .25 + .2) = .45 -> 45); ind: 30% of
    # the population produces 50% (0.5 (.1 + .05 + .1 + .05 + .2) = .25 -> 25).
    assert out.loc["I2", "hoover"] == 0.0
    assert out.loc["I3", "hoover"] == 70.0
    assert out.loc["I4", "hoover"] == 45.0
    assert out.loc["ind", "hoover"] == 25.0


def econgeo_locational_gini(column: np.ndarray, weight: np.ndarray) -> float:
    """EconGeo's locational_gini, from its documented formula (Lorenz polygon area)."""
    pop = weight / weight.sum()
    order = np.argsort(column / pop, kind="stable")
    cind = np.cumsum(column[order]) / column.sum()
    cpop = np.cumsum(pop[order])
    return (np.sum(cind[1:] * cpop[:-1]) - np.sum(cind[:-1] * cpop[1:])) / 2


def test_locational_gini_econgeo_is_half() -> None:
    # EconGeo's locational_gini example matrix (regions in rows).
    mat = np.array([[100, 0, 0, 0, 0], [0, 15, 5, 70, 10], [0, 20, 10, 20, 50],
                    [0, 25, 30, 5, 40], [0, 40, 55, 5, 0]], dtype=float)
    panel = Panel.from_cube(mat, regions=list("ABCDE"), activities=["I1", "I2", "I3", "I4",
                                                                    "I5"])
    default = activity_concentration(panel)["locational_gini"].to_numpy()
    econgeo = activity_concentration(panel, convention="econgeo")["locational_gini"].to_numpy()
    expected = [econgeo_locational_gini(mat[:, a], mat.sum(axis=1)) for a in range(5)]
    assert_allclose(econgeo, expected, rtol=1e-12)
    assert_allclose(default, 2 * np.asarray(expected), rtol=1e-12)
    assert (econgeo <= 0.5).all()


def test_uniform_reference_matches_reat_default_hoover() -> None:
    # REAT hoover(x) without weighting compares with 1/n: x = (6, 0, 0) -> 0.5 (2/3 + 2 x 1/3)
    p = Panel.from_cube(HAND, regions=["r1", "r2", "r3"], activities=["x", "y"])
    out = activity_concentration(p, reference="uniform")
    assert out.loc[0, "hoover"] == pytest.approx(2 / 3, rel=1e-12)
    # y = (1/7, 2/7, 4/7) vs 1/3 each: 0.5 (4/21 + 1/21 + 5/21) = 5/21
    assert out.loc[1, "hoover"] == pytest.approx(5 / 21, rel=1e-12)


def test_absent_activity_and_region_are_nan_only_that_year() -> None:
    cube = np.stack([HAND, HAND])
    cube[1, :, 0] = 0.0  # activity x absent in year 2
    cube[1, 1, :] = 0.0  # region r2 absent in year 2
    p = Panel.from_cube(cube, regions=["r1", "r2", "r3"], activities=["x", "y"], times=[1, 2])
    out = activity_concentration(p).set_index(["time", "activity"])
    assert out.loc[(2, "x"), ["hoover", "locational_gini", "gini", "herfindahl"]].isna().all()
    assert out.loc[(1, "x"), "hoover"] == pytest.approx(0.6)
    # year 2, y = (2, -, 8) over two present regions: Gini of (2, 8) = 6 * 2 / (2 * 4 * 5)
    assert out.loc[(2, "y"), "gini"] == pytest.approx(0.3, rel=1e-12)
    assert out.loc[(2, "y"), "n_regions"] == 2


def test_bad_options() -> None:
    panel = Panel.from_cube(HAND, regions=["r1", "r2", "r3"], activities=["x", "y"])
    with pytest.raises(AdvantageError, match="reference='people'"):
        activity_concentration(panel, reference="people")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- real data
@pytest.mark.data
def test_german_states_hoover_against_plain_pandas(shared_data) -> None:
    df = pd.read_csv(shared_data / "reat_G.regions.emp.csv")
    df = df[(df["region"] != "Insgesamt")
            & ~df["industry"].isin(["Insgesamt", "Verarbeitendes Gewerbe (C)"])]
    panel = Panel.from_long(df, region="region", activity="industry", value="emp", time="year")
    out = activity_concentration(panel).set_index(["time", "activity"])
    activity_share = df["emp"] / df.groupby(["year", "industry"])["emp"].transform("sum")
    region_share = (df.groupby(["year", "region"])["emp"].transform("sum")
                    / df.groupby("year")["emp"].transform("sum"))
    hoover = 0.5 * (activity_share - region_share).abs().groupby(
        [df["year"], df["industry"]]).sum()
    assert_allclose(out.loc[hoover.index, "hoover"], hoover.to_numpy(), rtol=1e-12)
    assert out["hoover"].between(0, 1).all()
    assert out["locational_gini"].between(0, 1).all()
    # Agriculture is more localised than construction relative to total employment.
    agri = "Land- und Forstwirtschaft, Fischerei (A)"
    assert out.loc[(2014, agri), "hoover"] > out.loc[(2014, "Baugewerbe (F)"), "hoover"]


@pytest.mark.data
def test_australian_sa3_concentration(shared_data) -> None:
    # All 292 ANZSIC labels are kept, including the "nfd" residuals, which are real jobs
    # coded only to a coarser level.
    df = pd.read_csv(shared_data / "aus_sa3_x_anzsic3_employment_2011_2016_2021.csv.gz")
    panel = Panel.from_long(df, region="sa3", activity="indp", value="count", time="year")
    out = activity_concentration(panel)
    assert len(out) == 3 * panel.shape[2]
    present = out.dropna(subset=["hoover"])
    assert present["hoover"].between(0, 1).all()
    assert present["locational_gini"].between(0, 1).all()
    # Hand check of one activity with plain pandas: coal mining in 2021.
    year = df[df["year"] == 2021]
    coal = year[year["indp"] == "Coal Mining"].set_index("sa3")["count"]
    region_total = year.groupby("sa3")["count"].sum()
    s = coal.reindex(region_total.index, fill_value=0) / coal.sum()
    expected = 0.5 * (s - region_total / region_total.sum()).abs().sum()
    row = out[(out["time"] == 2021) & (out["activity"] == "Coal Mining")]
    assert row["hoover"].item() == pytest.approx(expected, rel=1e-12)
    assert row["hoover"].item() > 0.8  # coal mining sits in a handful of SA3s
