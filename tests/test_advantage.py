"""Comparative advantage by hand: RCA, RPOP, presence, symmetric RCA, diversity, ubiquity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advantage import AdvantageError, Panel
from advantage.measures import (
    compute_indicators,
    diversity,
    location_quotient,
    presence,
    presence_from_panel,
    rca,
    rca_cube,
    rpop_cube,
    symmetric_rca,
    ubiquity,
)

# A 2x2 economy: regions A, B; activities 1, 2.  Region totals 40 and 60, activity totals
# 50 and 50, grand total 100.
X = np.array([[[10.0, 30.0], [40.0, 20.0]]])
# Balassa (1965): RCA = (x_ra / x_r.) / (x_.a / x_..), by hand:
#   A1 = (10/40)/(50/100) = 1/2     A2 = (30/40)/(50/100) = 3/2
#   B1 = (40/60)/(50/100) = 4/3     B2 = (20/60)/(50/100) = 2/3
RCA_2X2 = np.array([[[1 / 2, 3 / 2], [4 / 3, 2 / 3]]])
# Populations 100 and 300 (shares 1/4 and 3/4).  RPOP = (x_ra / x_.a) / (pop_r / pop_.), as in
# the Growth Lab's complexity_rpop.ado, by hand:
#   A1 = (10/50)/(1/4) = 4/5        A2 = (30/50)/(1/4) = 12/5
#   B1 = (40/50)/(3/4) = 16/15      B2 = (20/50)/(3/4) = 8/15
POP = np.array([100.0, 300.0])
RPOP_2X2 = np.array([[[4 / 5, 12 / 5], [16 / 15, 8 / 15]]])


def panel_2x2() -> Panel:
    frame = pd.DataFrame({"r": ["A", "A", "B", "B"], "i": [1, 2, 1, 2],
                          "v": X.reshape(-1)})
    return Panel.from_long(frame, region="r", activity="i", value="v")


def test_rca_2x2_by_hand():
    np.testing.assert_allclose(rca_cube(X), RCA_2X2, rtol=1e-15)


def test_rca_table_is_labelled():
    table = rca(panel_2x2())
    assert list(table.columns) == ["region", "activity", "value", "rca", "mcp"]
    assert table[["region", "activity"]].values.tolist() == [["A", 1], ["A", 2], ["B", 1],
                                                             ["B", 2]]
    np.testing.assert_allclose(table["rca"], RCA_2X2.reshape(-1), rtol=1e-15)
    assert table["mcp"].tolist() == [0.0, 1.0, 1.0, 0.0]


def test_location_quotient_is_the_same_ratio():
    table = location_quotient(panel_2x2())
    np.testing.assert_allclose(table["lq"], RCA_2X2.reshape(-1), rtol=1e-15)


def test_rca_nan_only_for_absent_region_and_activity():
    x = np.array([[[10.0, 30.0, 0.0], [40.0, 20.0, 0.0], [0.0, 0.0, 0.0]]])
    out = rca_cube(x)
    np.testing.assert_allclose(out[0, :2, :2], RCA_2X2[0], rtol=1e-15)
    assert np.isnan(out[0, 2]).all() and np.isnan(out[0, :, 2]).all()


def test_rpop_2x2_by_hand():
    np.testing.assert_allclose(rpop_cube(X, POP), RPOP_2X2, rtol=1e-15)
    # Population given per (time, region) is the same thing.
    np.testing.assert_allclose(rpop_cube(X, POP[None]), RPOP_2X2, rtol=1e-15)


def test_rpop_missing_population_is_nan_for_that_region_only():
    out = rpop_cube(X, np.array([100.0, np.nan]))
    assert np.isnan(out[0, 1]).all()
    # Region A then holds the whole population: RPOP = x_ra / x_.a = 10/50, 30/50.
    np.testing.assert_allclose(out[0, 0], [0.2, 0.6], rtol=1e-15)


def test_rpop_absent_region_is_left_out_of_the_population_total():
    # Region C (population 600) has no activity at all this year: per the panel's rule it is
    # absent, and complexity_rpop.ado drops it before summing populations.
    x = np.array([[[10.0, 30.0], [40.0, 20.0], [0.0, 0.0]]])
    out = rpop_cube(x, np.array([100.0, 300.0, 600.0]))
    np.testing.assert_allclose(out[0, :2], RPOP_2X2[0], rtol=1e-15)
    assert np.isnan(out[0, 2]).all()


def test_rca_table_with_rpop():
    frame = pd.DataFrame({"region": ["A", "B"], "population": POP})
    table = rca(panel_2x2(), population=frame, kind="rpop", rpop_threshold=0.7)
    np.testing.assert_allclose(table["rpop"], RPOP_2X2.reshape(-1), rtol=1e-15)
    # RPOP >= 0.7: A1 (0.8), A2 (2.4), B1 (1.07); not B2 (0.53).
    assert table["mcp"].tolist() == [1.0, 1.0, 1.0, 0.0]


def test_rca_table_needs_population_for_rpop():
    with pytest.raises(AdvantageError, match=r"kind='rpop' needs population="):
        rca(panel_2x2(), kind="rpop")
    with pytest.raises(AdvantageError, match=r"^kind='lq' is not valid; expected one of "
                                             r"'rca', 'rpop', 'either'\.$"):
        rca(panel_2x2(), kind="lq")


def test_presence_threshold_inclusive_by_default_and_strict_on_request():
    # Every share equals the world share, so every RCA is exactly 1.
    ones = rca_cube(np.ones((1, 2, 2)))
    np.testing.assert_array_equal(ones, 1.0)
    np.testing.assert_array_equal(presence(ones), 1.0)               # RCA >= 1
    np.testing.assert_array_equal(presence(ones, strict=True), 0.0)  # RCA > 1 (Stata)
    # Other thresholds on the 2x2: only A2 (1.5) reaches 1.4; everything but A1 reaches 0.6.
    np.testing.assert_array_equal(presence(RCA_2X2, 1.4), [[[0, 1], [0, 0]]])
    np.testing.assert_array_equal(presence(RCA_2X2, 0.6), [[[0, 1], [1, 1]]])
    np.testing.assert_array_equal(presence(RCA_2X2, 1.5), [[[0, 1], [0, 0]]])
    np.testing.assert_array_equal(presence(RCA_2X2, 1.5, strict=True), [[[0, 0], [0, 0]]])


def test_presence_nan_is_absent_and_result_is_float():
    out = presence(np.array([np.nan, 0.9, 1.0, 7.0]))
    assert out.dtype == np.float64
    assert out.tolist() == [0.0, 0.0, 1.0, 1.0]


def test_presence_rejects_bad_threshold():
    with pytest.raises(AdvantageError, match=r"^threshold=-1 is not valid; expected a "
                                             r"non-negative number\.$"):
        presence(RCA_2X2, -1)


def test_presence_is_rca_or_rpop():
    # RCA >= 1: A2, B1.  RPOP >= 0.7: A1, A2, B1.  Either: A1, A2, B1 (the ecomplexity
    # "combination" rule: M = (RCA > t) + (RPOP > t_pop) > 0, ecomplexity.ado).
    only_rca = presence(RCA_2X2)
    np.testing.assert_array_equal(only_rca, [[[0, 1], [1, 0]]])
    either = presence(RCA_2X2, 1.0, rpop_values=RPOP_2X2, rpop_threshold=0.7)
    np.testing.assert_array_equal(either, [[[1, 1], [1, 0]]])
    # With a high RPOP threshold the OR adds nothing.
    np.testing.assert_array_equal(
        presence(RCA_2X2, 1.0, rpop_values=RPOP_2X2, rpop_threshold=5.0), only_rca)
    with pytest.raises(AdvantageError, match="rpop_threshold is required"):
        presence(RCA_2X2, rpop_values=RPOP_2X2)


def test_either_through_table_and_compute_indicators():
    table = rca(panel_2x2(), population=POP, kind="either", rpop_threshold=0.7)
    assert table["mcp"].tolist() == [1.0, 1.0, 1.0, 0.0]
    result = compute_indicators(panel_2x2(), population=POP, rpop_threshold=0.7)
    np.testing.assert_array_equal(result.mcp, [[[1, 1], [1, 0]]])
    np.testing.assert_array_equal(result.diversity, [[2, 1]])
    np.testing.assert_array_equal(result.ubiquity, [[2, 1]])


def test_symmetric_rca_by_hand():
    # Dalum, Laursen and Villumsen (1998): (RCA - 1) / (RCA + 1).
    #   1/2 -> -1/3,  3/2 -> 1/5,  4/3 -> 1/7,  2/3 -> -1/5,  0 -> -1,  1 -> 0.
    np.testing.assert_allclose(symmetric_rca(RCA_2X2), [[[-1 / 3, 1 / 5], [1 / 7, -1 / 5]]],
                               rtol=1e-15)
    assert symmetric_rca(np.array([0.0, 1.0])).tolist() == [-1.0, 0.0]


def test_diversity_and_ubiquity_by_hand():
    # Hidalgo and Hausmann (2009): k_r0 = row sums, k_a0 = column sums of M.
    m = np.array([[[1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 0, 1]]], dtype=float)
    np.testing.assert_array_equal(diversity(m), [[3, 1, 3]])
    np.testing.assert_array_equal(ubiquity(m), [[3, 2, 1, 1]])


# Year 1 has no presence at all; the warning is the bug of
# test_complexity.py::test_a_year_without_any_presence_is_nan_without_warnings.
@pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning")
def test_user_supplied_presence_aligned_to_the_value_panel():
    values = Panel.from_long(
        pd.DataFrame({"t": [1, 1, 1, 1, 2, 2, 2, 2], "r": list("aabbaabb"),
                      "i": list("xyxyxyxy"), "v": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]}),
        region="r", activity="i", value="v", time="t")
    # The presence table names only some cells, of year 2 and region b.
    given = Panel.from_long(
        pd.DataFrame({"t": [2, 2], "r": ["b", "b"], "i": ["x", "y"], "m": [1.0, 0.0]}),
        region="r", activity="i", value="m", time="t")
    cube = presence_from_panel(given, values)
    expected = np.zeros((2, 2, 2))
    expected[1, 1, 0] = 1.0
    np.testing.assert_array_equal(cube, expected)
    result = compute_indicators(values, presence_cube=cube)
    np.testing.assert_array_equal(result.mcp, expected)
    np.testing.assert_array_equal(result.diversity, [[0, 0], [0, 1]])


def test_user_supplied_presence_rejects_non_binary_and_unknown_labels():
    values = panel_2x2()
    not_binary = Panel.from_cube(np.array([[0.0, 2.0], [1.0, 0.0]]), regions=["A", "B"],
                                 activities=[1, 2])
    with pytest.raises(AdvantageError, match="only 0 and 1"):
        presence_from_panel(not_binary, values)
    unknown = Panel.from_cube(np.array([[0.0, 1.0], [1.0, 0.0]]), regions=["A", "Z"],
                              activities=[1, 2])
    with pytest.raises(AdvantageError, match="the value panel does not have"):
        presence_from_panel(unknown, values)


@pytest.mark.parametrize("cube", [np.ones((1, 2, 2)), np.full((2, 2, 2), 0.5)])
def test_compute_indicators_rejects_a_presence_cube_that_does_not_fit(cube):
    values = Panel.from_cube(np.arange(1.0, 9.0).reshape(2, 2, 2), regions=["A", "B"],
                             activities=[1, 2], times=[2000, 2001])
    with pytest.raises(AdvantageError):
        compute_indicators(values, presence_cube=cube)
