"""Ellison-Glaeser agglomeration and co-agglomeration from plant records; dartboard null."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError
from advantage.measures.agglomeration import (
    _alias_table,
    _throw,
    coagglomeration,
    ellison_glaeser,
)

# Plants: x = (A, 4), (A, 2), (B, 2); y = (B, 6), (C, 4), (C, 2).
# Region totals A 6, B 8, C 6 of 20: x_r = (0.3, 0.4, 0.3), 1 - sum x_r^2 = 0.66.
PLANTS = pd.DataFrame({
    "region": ["A", "A", "B", "B", "C", "C"],
    "ind": ["x", "x", "x", "y", "y", "y"],
    "emp": [4.0, 2.0, 2.0, 6.0, 4.0, 2.0],
})
ROLES = {"region": "region", "activity": "ind", "size": "emp"}


def test_hand_gamma() -> None:
    out = ellison_glaeser(PLANTS, **ROLES).set_index("activity")
    # x: s = (6/8, 2/8, 0) -> G = .45^2 + .15^2 + .3^2 = .315 ; H = (16 + 4 + 4) / 64 = .375
    assert out.loc["x", "G"] == pytest.approx(0.315, rel=1e-12)
    assert out.loc["x", "H"] == pytest.approx(0.375, rel=1e-12)
    assert out.loc["x", "gamma"] == pytest.approx((0.315 / 0.66 - 0.375) / 0.625, rel=1e-12)
    # y: s = (0, .5, .5) -> G = .09 + .01 + .04 = .14 ; H = (36 + 16 + 4) / 144
    h = 56 / 144
    assert out.loc["y", "G"] == pytest.approx(0.14, rel=1e-12)
    assert out.loc["y", "gamma"] == pytest.approx((0.14 / 0.66 - h) / (1 - h), rel=1e-12)
    assert out.loc["x", "plants"] == 3 and out.loc["y", "size"] == 12.0
    # EG (1997) eq. (2) in its original form: (G - (1 - sum x^2) H) / ((1 - sum x^2)(1 - H))
    original = (out["G"] - 0.66 * out["H"]) / (0.66 * (1 - out["H"]))
    assert_allclose(out["gamma"], original, rtol=1e-12)


def test_hand_coagglomeration() -> None:
    out = coagglomeration(PLANTS, **ROLES)
    # (s_x - x) = (.45, -.15, -.3), (s_y - x) = (-.3, .1, .2): dot = -.21, / .66
    assert out.values.tolist() == [["x", "y", pytest.approx(-0.21 / 0.66, rel=1e-12)]]


def test_pairwise_equals_ellison_glaeser_group_formula() -> None:
    # EG (1997) eq. (5) for a group of industries, applied to the pair {x, y} of random plants.
    rng = np.random.default_rng(5)
    n = 400
    plants = pd.DataFrame({"region": rng.integers(0, 8, n), "ind": rng.integers(0, 3, n),
                           "emp": rng.lognormal(1, 1, n)})
    single = ellison_glaeser(plants, **ROLES).set_index("activity")
    pair = coagglomeration(plants, **ROLES).set_index(["activity_a", "activity_b"])
    x = plants.groupby("region")["emp"].sum() / plants["emp"].sum()
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        group = plants[plants["ind"].isin([a, b])]
        total = group["emp"].sum()
        s = group.groupby("region")["emp"].sum().reindex(x.index, fill_value=0) / total
        g = ((s - x) ** 2).sum()
        h = ((group["emp"] / total) ** 2).sum()
        w = group.groupby("ind")["emp"].sum() / total
        own = sum(single.loc[k, "gamma"] * w[k] ** 2 * (1 - single.loc[k, "H"]) for k in (a, b))
        expected = (g / (1 - (x**2).sum()) - h - own) / (1 - (w**2).sum())
        assert pair.loc[(a, b), "gamma_c"] == pytest.approx(expected, rel=1e-10)


def test_single_plant_activity_is_nan_and_reference_weights() -> None:
    plants = pd.concat([PLANTS, pd.DataFrame({"region": ["A"], "ind": ["z"], "emp": [5.0]})])
    out = ellison_glaeser(plants, **ROLES).set_index("activity")
    assert out.loc["z", "H"] == 1.0 and np.isnan(out.loc["z", "gamma"])
    # An external reference with a fourth region D: x = (1, 1, 1, 1) / 4, 1 - sum x^2 = .75
    ref = {"A": 1.0, "B": 1.0, "C": 1.0, "D": 1.0}
    out = ellison_glaeser(PLANTS, **ROLES, reference=ref).set_index("activity")
    # x: s = (.75, .25, 0, 0) -> G = .25 + 0 + .0625 + .0625 = .375
    assert out.loc["x", "G"] == pytest.approx(0.375, rel=1e-12)
    assert out.loc["x", "gamma"] == pytest.approx((0.375 / 0.75 - 0.375) / 0.625, rel=1e-12)
    with pytest.raises(AdvantageError, match="no weight for 1 regions"):
        ellison_glaeser(PLANTS, **ROLES, reference={"A": 1.0, "B": 1.0})


UNIFORM = {r: 1.0 for r in range(20)}  # reference x_r = 1/20 for the 20 regions


def random_plants(n: int, seed: int) -> pd.DataFrame:
    """Activity 0 sits in region 0 only; the others land uniformly at random (the dartboard
    for the uniform reference)."""
    rng = np.random.default_rng(seed)
    region = rng.integers(0, 20, n)
    activity = rng.integers(0, 4, n)
    region[activity == 0] = 0
    return pd.DataFrame({"region": region, "ind": activity, "emp": rng.lognormal(1, 1, n)})


def test_dartboard_null_band() -> None:
    plants = random_plants(3000, seed=1)
    out = ellison_glaeser(plants, **ROLES, reference=UNIFORM, simulations=400,
                          seed=42).set_index("activity")
    assert {"null_mean", "null_sd", "null_q2.5", "null_q95", "null_q97.5", "p_value"} <= set(
        out.columns)
    # E[gamma] = 0 under the dartboard (EG 1997, Prop. 1): the simulated means are within
    # four standard errors of 0.
    assert (out["null_mean"].abs() < 4 * out["null_sd"] / np.sqrt(400)).all()
    assert (out["null_q2.5"] < out["null_q97.5"]).all()
    # Activity 0 is fully agglomerated: no simulation reaches it, p = 1 / 401.
    assert out.loc[0, "gamma"] > out.loc[0, "null_q97.5"]
    assert out.loc[0, "p_value"] == pytest.approx(1 / 401)
    assert (out.loc[[1, 2, 3], "p_value"] > 0.01).all()
    inside = out.loc[[1, 2, 3]]
    assert (inside["null_q2.5"] < inside["gamma"]).all()
    assert (inside["gamma"] < inside["null_q97.5"]).all()


def test_alias_table_reproduces_the_probabilities() -> None:
    # Each column k sends 1/n x prob[k] to k and 1/n x (1 - prob[k]) to alias[k] (Vose 1991).
    for p in (np.array([0.5, 0.0, 0.1, 0.25, 0.15]),
              np.random.default_rng(4).dirichlet(np.full(3000, 0.3))):
        prob, alias = _alias_table(p)
        implied = prob.copy()
        np.add.at(implied, alias, 1.0 - prob)
        assert_allclose(implied / len(p), p, rtol=1e-9, atol=1e-15)
    p = np.array([0.5, 0.0, 0.1, 0.25, 0.15])
    draws = _throw(np.random.default_rng(0), *_alias_table(p), 200_000)
    frequency = np.bincount(draws, minlength=5) / 200_000
    assert frequency[1] == 0.0
    assert_allclose(frequency, p, atol=0.005)  # binomial sd <= 0.0012


def test_simulation_is_seeded() -> None:
    plants = random_plants(500, seed=2)
    one = ellison_glaeser(plants, **ROLES, simulations=30, seed=7)
    two = ellison_glaeser(plants, **ROLES, simulations=30, seed=np.random.default_rng(7))
    pd.testing.assert_frame_equal(one, two)
    other = ellison_glaeser(plants, **ROLES, simulations=30, seed=8)
    assert not np.allclose(one["null_mean"], other["null_mean"])


def test_validation_messages() -> None:
    with pytest.raises(AdvantageError, match="column 'emp2' \\(given as size=\\)"):
        ellison_glaeser(PLANTS, region="region", activity="ind", size="emp2")
    bad = PLANTS.assign(emp=[1.0, -2.0, 1.0, 1.0, 1.0, 1.0])
    with pytest.raises(AdvantageError, match="row 2: region='A', ind='x', emp=-2.0"):
        ellison_glaeser(bad, **ROLES)
    with pytest.raises(AdvantageError, match="missing labels"):
        ellison_glaeser(PLANTS.assign(region=[None, "A", "B", "B", "C", "C"]), **ROLES)
    with pytest.raises(AdvantageError, match="simulations=-1"):
        ellison_glaeser(PLANTS, **ROLES, simulations=-1)
    with pytest.raises(AdvantageError, match="quantiles"):
        ellison_glaeser(PLANTS, **ROLES, simulations=2, quantiles=[1.5])
    with pytest.raises(AdvantageError, match="one region"):
        ellison_glaeser(PLANTS.assign(region="A"), **ROLES)
    with pytest.raises(AdvantageError, match="empty"):
        ellison_glaeser(PLANTS.iloc[:0], **ROLES)


@pytest.mark.data
def test_german_firms_as_equal_size_plants(shared_data) -> None:
    # REAT's G.regions.industries gives firms and employees per state x WZ08 section (2015).
    # Each cell becomes `firms` plants of equal size emp_all / firms (3.7 million records), so
    # H_i = sum_cells emp^2 / firms / E_i^2, which the plain pandas check below uses.
    df = pd.read_csv(shared_data / "reat_G.regions.industries.csv")
    plants = pd.DataFrame({
        "region": np.repeat(df["region_code"].to_numpy(), df["firms"].to_numpy()),
        "ind": np.repeat(df["ind_code"].to_numpy(), df["firms"].to_numpy()),
        "emp": np.repeat((df["emp_all"] / df["firms"]).to_numpy(), df["firms"].to_numpy()),
    })
    out = ellison_glaeser(plants, **ROLES).set_index("activity")
    x = df.groupby("region_code")["emp_all"].sum() / df["emp_all"].sum()
    ind_total = df.groupby("ind_code")["emp_all"].transform("sum")
    s = df["emp_all"] / ind_total
    g = ((s - df["region_code"].map(x)) ** 2).groupby(df["ind_code"]).sum()
    h = (df["emp_all"] ** 2 / df["firms"] / ind_total**2).groupby(df["ind_code"]).sum()
    gamma = (g / (1 - (x**2).sum()) - h) / (1 - h)
    assert_allclose(out.loc[g.index, "G"], g, rtol=1e-9)
    assert_allclose(out.loc[h.index, "H"], h, rtol=1e-9)
    assert_allclose(out.loc[gamma.index, "gamma"], gamma, rtol=1e-8, atol=1e-12)
    assert out["plants"].sum() == df["firms"].sum()
    # Mining and quarrying (B) is more agglomerated across states than retail and repair (G).
    assert out.loc["WZ08-B", "gamma"] > out.loc["WZ08-G", "gamma"]
