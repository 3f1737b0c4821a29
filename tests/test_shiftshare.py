"""Shift-share: Dunn, Esteban-Marquillas and dynamic variants; additivity; German states."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.measures.shiftshare import shift_share

# Two regions x two activities, base 2000 and final 2001:
#   2000: a = (20, 10), b = (10, 10)   national x 30, y 20, total 50
#   2001: a = (30, 10), b = (30, 10)   national x 60, y 20, total 80
# g = 80/50 - 1 = 0.6, g_x = 1, g_y = 0.
CUBE = np.array([[[20.0, 10.0], [10.0, 10.0]], [[30.0, 10.0], [30.0, 10.0]]])


def hand_panel(cube: np.ndarray = CUBE, times: list[int] | None = None) -> Panel:
    times = times or [2000 + k for k in range(cube.shape[0])]
    return Panel.from_cube(cube, regions=["a", "b"], activities=["x", "y"], times=times)


COMPONENTS = ["national", "industry_mix", "competitive"]


def test_dunn_hand_cells() -> None:
    out = shift_share(hand_panel(), 2000, 2001).set_index(["region", "activity"])
    # a,x: national 20 x .6 = 12; mix 20 (1 - .6) = 8; competitive 30 - 20 x 2 = -10
    assert out.loc[("a", "x"), COMPONENTS].tolist() == pytest.approx([12.0, 8.0, -10.0])
    # a,y: national 6; mix 10 (0 - .6) = -6; competitive 10 - 10 = 0
    assert out.loc[("a", "y"), COMPONENTS].tolist() == pytest.approx([6.0, -6.0, 0.0])
    # b,x: national 6; mix 4; competitive 30 - 20 = 10
    assert out.loc[("b", "x"), COMPONENTS].tolist() == pytest.approx([6.0, 4.0, 10.0])
    assert out.loc[("b", "x"), "change"] == 20.0
    assert not out["base_zero"].any()


def test_region_level_sums_cells() -> None:
    cells = shift_share(hand_panel(), 2000, 2001)
    regions = shift_share(hand_panel(), 2000, 2001, level="region").set_index("region")
    expected = cells.groupby("region")[["change", *COMPONENTS]].sum()
    assert_allclose(regions[["change", *COMPONENTS]], expected, rtol=1e-12)
    assert "activity" not in regions.columns


def test_esteban_marquillas_hand() -> None:
    out = shift_share(hand_panel(), 2000, 2001, method="esteban-marquillas").set_index(
        ["region", "activity"])
    # Homothetic values: a (total 30) -> 30 x (30/50, 20/50) = (18, 12); b (20) -> (12, 8).
    # a,x: r - g_x = 30/20 - 2 = -0.5 -> competitive 18 (-0.5) = -9, allocation 2 (-0.5) = -1
    assert out.loc[("a", "x"), ["competitive", "allocation"]].tolist() == pytest.approx(
        [-9.0, -1.0])
    # b,x: r - g_x = 3 - 2 = 1 -> competitive 12, allocation (10 - 12) = -2
    assert out.loc[("b", "x"), ["competitive", "allocation"]].tolist() == pytest.approx(
        [12.0, -2.0])
    classic = shift_share(hand_panel(), 2000, 2001).set_index(["region", "activity"])
    assert_allclose(out["competitive"] + out["allocation"], classic["competitive"],
                    rtol=1e-12, atol=1e-12)
    assert_allclose(out[["national", "industry_mix"]], classic[["national", "industry_mix"]])
    assert not out["new_cell"].any()


def test_dynamic_hand_and_telescoping() -> None:
    # Add 2002: a = (30, 20), b = (60, 10): national x 90, y 30, total 120.
    cube = np.concatenate([CUBE, [[[30.0, 20.0], [60.0, 10.0]]]])
    p = hand_panel(cube)
    dynamic = shift_share(p, 2000, 2002, method="dynamic").set_index(["region", "activity"])
    first = shift_share(p, 2000, 2001).set_index(["region", "activity"])
    second = shift_share(p, 2001, 2002).set_index(["region", "activity"])
    assert_allclose(dynamic[COMPONENTS], first[COMPONENTS] + second[COMPONENTS], rtol=1e-12)
    assert_allclose(dynamic["change"], cube[2].reshape(-1) - cube[0].reshape(-1))
    # 2001 -> 2002: x 60 -> 90, y 20 -> 30, total 80 -> 120, so g = g_x = g_y = 0.5.
    # a,y: national 10 x .5 = 5, mix 0, competitive 20 - 10 x 1.5 = 5; summed with
    # 2000 -> 2001 (6, -6, 0): (11, -6, 5)
    assert dynamic.loc[("a", "y"), COMPONENTS].tolist() == pytest.approx([11.0, -6.0, 5.0])
    # dynamic over one step is the classic split
    one = shift_share(p, 2000, 2001, method="dynamic")
    assert_allclose(one[COMPONENTS], first.reset_index()[COMPONENTS], rtol=1e-12)


@pytest.mark.parametrize("method", ["dunn", "esteban-marquillas", "dynamic"])
def test_components_add_up_random(method: str) -> None:
    rng = np.random.default_rng(11)
    cube = rng.lognormal(3, 1, (4, 9, 6)) * (rng.random((4, 9, 6)) > 0.3)
    cube[:, :, 0] += 1.0  # every activity present nationally every year
    p = Panel.from_cube(cube, regions=range(9), activities=range(6), times=[1, 2, 3, 4])
    out = shift_share(p, 1, 4, method=method)
    parts = [*COMPONENTS, "allocation"] if method == "esteban-marquillas" else COMPONENTS
    # rtol 1e-12 against the change; atol at rounding level of the values for zero changes
    assert_allclose(out[parts].sum(axis=1), out["change"], rtol=1e-12,
                    atol=1e-12 * cube.max())


def test_zero_national_base_raises_or_is_flagged() -> None:
    cube = CUBE.copy()
    cube[0, :, 1] = 0.0  # activity y absent nationally in 2000, present in 2001
    with pytest.raises(AdvantageError, match="zero_base='competitive'"):
        shift_share(hand_panel(cube), 2000, 2001)
    out = shift_share(hand_panel(cube), 2000, 2001, zero_base="competitive").set_index(
        ["region", "activity"])
    y = out.xs("y", level="activity")
    assert y["base_zero"].all() and not out.xs("x", level="activity")["base_zero"].any()
    assert (y["national"] == 0).all() and (y["industry_mix"] == 0).all()
    assert_allclose(y["competitive"], [10.0, 10.0])
    assert_allclose(out[COMPONENTS].sum(axis=1), out["change"], rtol=1e-12)


def test_esteban_marquillas_new_cell_convention() -> None:
    cube = CUBE.copy()
    cube[0, 1, 0] = 0.0  # b has no x in 2000 but 30 in 2001
    out = shift_share(hand_panel(cube), 2000, 2001, method="esteban-marquillas").set_index(
        ["region", "activity"])
    cell = out.loc[("b", "x")]
    assert cell["new_cell"] and cell["allocation"] == 0.0
    assert cell["competitive"] == pytest.approx(30.0)  # the whole new value
    assert_allclose(out[[*COMPONENTS, "allocation"]].sum(axis=1), out["change"], rtol=1e-12)


def test_bad_periods() -> None:
    with pytest.raises(AdvantageError, match="base 1999 is not in the panel; it has 2000, 2001"):
        shift_share(hand_panel(), 1999, 2001)
    with pytest.raises(AdvantageError, match="must come after"):
        shift_share(hand_panel(), 2001, 2000)
    single = Panel.from_cube(CUBE[0], regions=["a", "b"], activities=["x", "y"])
    with pytest.raises(AdvantageError, match="time axis"):
        shift_share(single, 0, 1)
    with pytest.raises(AdvantageError, match="method='shift'"):
        shift_share(hand_panel(), 2000, 2001, method="shift")  # type: ignore[arg-type]
    # time labels also match by their text, as given on a command line
    assert len(shift_share(hand_panel(), "2000", "2001")) == 4


# ----------------------------------------------------------------------------- real data
def german(shared_data) -> pd.DataFrame:
    df = pd.read_csv(shared_data / "reat_G.regions.emp.csv")
    return df[(df["region"] != "Insgesamt")
              & ~df["industry"].isin(["Insgesamt", "Verarbeitendes Gewerbe (C)"])]


@pytest.mark.data
def test_german_states_match_reat_formulas(shared_data) -> None:
    df = german(shared_data)
    p = Panel.from_long(df, region="region", activity="industry", value="emp", time="year")
    dunn = shift_share(p, 2008, 2014, level="region").set_index("region")
    esteban = shift_share(p, 2008, 2014, method="esteban-marquillas",
                          level="region").set_index("region")
    # REAT's shift() formulas (shift.method "Dunn" and "Esteban"), written out with pandas
    # for Freistaat Sachsen with the nation = sum of the 16 states.
    wide = df.pivot_table(index="industry", columns=["year", "region"], values="emp")
    n1, n2 = wide[2008].sum(axis=1), wide[2014].sum(axis=1)
    r1, r2 = wide[(2008, "Freistaat Sachsen")], wide[(2014, "Freistaat Sachsen")]
    national = r1.sum() * n2.sum() / n1.sum() - r1.sum()
    mix = (r1 * n2 / n1).sum() - r1.sum() * n2.sum() / n1.sum()
    shift = (r1 * (r2 / r1 - n2 / n1)).sum()
    he = r1.sum() * n1 / n1.sum()
    homothetic_shift = (he * (r2 / r1 - n2 / n1)).sum()
    allocation = ((r1 - he) * (r2 / r1 - n2 / n1)).sum()
    row = dunn.loc["Freistaat Sachsen"]
    assert row["national"] == pytest.approx(national, rel=1e-12)
    assert row["industry_mix"] == pytest.approx(mix, rel=1e-12)
    assert row["competitive"] == pytest.approx(shift, rel=1e-11)
    assert row["change"] == r2.sum() - r1.sum()
    em = esteban.loc["Freistaat Sachsen"]
    assert em["competitive"] == pytest.approx(homothetic_shift, rel=1e-11)
    assert em["allocation"] == pytest.approx(allocation, rel=1e-11)
    # Competitive components net to zero over the nation (sum of regions = nation).
    assert abs(dunn["competitive"].sum()) < 1e-6 * dunn["change"].abs().sum()


@pytest.mark.data
def test_german_states_with_published_national_total(shared_data) -> None:
    # REAT's own use of G.regions.emp takes the 'Insgesamt' (Germany) rows as the nation,
    # which exceed the sum of the states by up to 0.12%; nation= reproduces that choice.
    df = pd.read_csv(shared_data / "reat_G.regions.emp.csv")
    df = df[~df["industry"].isin(["Insgesamt", "Verarbeitendes Gewerbe (C)"])]
    states, germany = df[df["region"] != "Insgesamt"], df[df["region"] == "Insgesamt"]
    roles = {"region": "region", "activity": "industry", "value": "emp", "time": "year"}
    p = Panel.from_long(states, **roles)
    nation = Panel.from_long(germany, **roles)
    out = shift_share(p, 2008, 2014, level="region", nation=nation).set_index("region")
    wide = states.pivot_table(index="industry", columns=["year", "region"], values="emp")
    n = germany.pivot_table(index="industry", columns="year", values="emp")
    n1, n2 = n[2008], n[2014]
    r1, r2 = wide[(2008, "Hamburg")], wide[(2014, "Hamburg")]
    row = out.loc["Hamburg"]
    assert row["national"] == pytest.approx(r1.sum() * n2.sum() / n1.sum() - r1.sum(),
                                            rel=1e-12)
    assert row["industry_mix"] == pytest.approx(
        (r1 * n2 / n1).sum() - r1.sum() * n2.sum() / n1.sum(), rel=1e-12)
    assert row["competitive"] == pytest.approx((r1 * (r2 / r1 - n2 / n1)).sum(), rel=1e-11)
    assert_allclose(out[COMPONENTS].sum(axis=1), out["change"], rtol=1e-12)
    with pytest.raises(AdvantageError, match="same order"):
        shift_share(p, 2008, 2014, nation=nation.select(activities=list(nation.activities[:3])))


@pytest.mark.data
def test_german_states_dynamic_additivity(shared_data) -> None:
    p = Panel.from_long(german(shared_data), region="region", activity="industry",
                        value="emp", time="year")
    out = shift_share(p, 2008, 2014, method="dynamic")
    assert_allclose(out[COMPONENTS].sum(axis=1), out["change"], rtol=1e-12,
                    atol=1e-12 * out["final_value"].max())
    yearly = [shift_share(p, y, y + 1) for y in range(2008, 2014)]
    summed = sum(frame[COMPONENTS].to_numpy() for frame in yearly)
    assert_allclose(out[COMPONENTS].to_numpy(), summed, rtol=1e-10, atol=1e-6)
