"""Panel.from_long: inputs, validation messages, absent regions/activities, dense vs sparse."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from advantage import AdvantageError, Panel
from advantage.measures import compute_indicators, rca_cube

INDICATOR_FIELDS = ["rca", "mcp", "density", "cog", "proximity", "diversity", "eci", "coi",
                    "fitness", "ubiquity", "pci", "complexity"]


def small_frame() -> pd.DataFrame:
    """Two years, three regions, three activities; cell (2001, c, z) is omitted (a zero)."""
    rows = [
        (2000, "a", "x", 5.0), (2000, "a", "y", 1.0), (2000, "a", "z", 2.0),
        (2000, "b", "x", 1.0), (2000, "b", "y", 4.0), (2000, "b", "z", 1.0),
        (2000, "c", "x", 2.0), (2000, "c", "y", 2.0), (2000, "c", "z", 6.0),
        (2001, "a", "x", 3.0), (2001, "a", "y", 1.0), (2001, "a", "z", 1.0),
        (2001, "b", "x", 1.0), (2001, "b", "y", 5.0), (2001, "b", "z", 2.0),
        (2001, "c", "x", 4.0), (2001, "c", "y", 1.0),
    ]
    return pd.DataFrame(rows, columns=["year", "prov", "ind", "emp"])


def build(frame, **kwargs) -> Panel:
    roles = {"region": "prov", "activity": "ind", "value": "emp", "time": "year"}
    roles.update(kwargs)
    roles = {k: v for k, v in roles.items() if v is not None}
    return Panel.from_long(frame, **roles)


def message(excinfo: pytest.ExceptionInfo) -> str:
    return str(excinfo.value)


# ---------------------------------------------------------------- construction


def test_pandas_input_builds_sorted_labelled_cube():
    panel = build(small_frame())
    assert panel.shape == (2, 3, 3)
    assert list(panel.times) == [2000, 2001]
    assert list(panel.regions) == ["a", "b", "c"]
    assert list(panel.activities) == ["x", "y", "z"]
    assert panel.has_time
    # Hand-read from small_frame: 2001, region c, activities x, y, z (z omitted -> 0).
    np.testing.assert_array_equal(panel.cube[1, 2], [4.0, 1.0, 0.0])
    np.testing.assert_array_equal(panel.cube[0, 0], [5.0, 1.0, 2.0])


def test_row_order_does_not_matter():
    frame = small_frame()
    shuffled = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    np.testing.assert_array_equal(build(shuffled).cube, build(frame).cube)


def test_polars_and_pyarrow_input_equal_pandas():
    frame = small_frame()
    reference = build(frame)
    for other in (pl.from_pandas(frame), pa.Table.from_pandas(frame)):
        panel = build(other)
        np.testing.assert_array_equal(panel.cube, reference.cube)
        assert list(panel.regions) == list(reference.regions)
        assert list(panel.activities) == list(reference.activities)
        assert list(panel.times) == list(reference.times)


def test_not_a_frame_is_rejected():
    with pytest.raises(AdvantageError) as excinfo:
        Panel.from_long([1, 2, 3], region="r", activity="a", value="v")
    assert message(excinfo) == "expected a data frame (pandas, polars or pyarrow), got list."


def test_single_period_without_time_column():
    frame = small_frame().query("year == 2000").drop(columns="year")
    panel = build(frame, time=None)
    assert panel.shape == (1, 3, 3)
    assert not panel.has_time
    np.testing.assert_array_equal(panel.cube[0], build(small_frame()).cube[0])
    long = panel.to_long()
    assert "time" not in long.columns
    assert list(long.columns) == ["region", "activity", "value"]
    cells = compute_indicators(panel).cells()
    assert "time" not in cells.columns
    assert len(cells) == 9


def test_to_long_round_trip():
    panel = build(small_frame())
    long = panel.to_long()
    assert len(long) == 17  # the omitted zero stays out
    again = Panel.from_long(long, region="region", activity="activity", value="value",
                            time="time")
    np.testing.assert_array_equal(again.cube, panel.cube)
    assert len(panel.to_long(zeros=True)) == 18


# ---------------------------------------------------------------- validation messages


def test_missing_column_names_it_and_lists_columns():
    with pytest.raises(AdvantageError) as excinfo:
        build(small_frame(), value="employment")
    assert message(excinfo) == (
        "column 'employment' (given as value=) is not in the table; columns are: "
        "'year', 'prov', 'ind', 'emp'."
    )


def test_missing_time_column():
    with pytest.raises(AdvantageError, match=r"^column 'yr' \(given as time=\) is not in"):
        build(small_frame(), time="yr")


def test_same_column_for_two_roles():
    with pytest.raises(AdvantageError, match="each role needs its own column"):
        build(small_frame(), activity="prov")


def test_non_numeric_values_named_with_rows():
    frame = small_frame().astype({"emp": object})
    frame.loc[4, "emp"] = "n/a"
    frame.loc[7, "emp"] = "12,5"
    with pytest.raises(AdvantageError) as excinfo:
        build(frame)
    assert message(excinfo) == (
        "column 'emp' must be numeric; 2 cells are not. "
        "First: row 5: emp='n/a'; row 8: emp='12,5'."
    )


def test_boolean_values_are_not_numbers():
    frame = small_frame()
    frame["emp"] = frame["emp"] > 2
    with pytest.raises(AdvantageError) as excinfo:
        build(frame)
    assert message(excinfo) == "column 'emp' must be numeric, got dtype bool."


def test_negative_values_named_with_rows():
    frame = small_frame()
    frame.loc[3, "emp"] = -1.0
    with pytest.raises(AdvantageError) as excinfo:
        build(frame)
    assert message(excinfo) == (
        "column 'emp' must hold finite values >= 0; 1 do not. "
        "First: row 4: year=2000, prov='b', ind='x', emp=-1.0."
    )


def test_infinite_values_rejected():
    frame = small_frame()
    frame.loc[0, "emp"] = np.inf
    with pytest.raises(AdvantageError, match=r"must hold finite values >= 0; 1 do not\. "
                                             r"First: row 1: .*emp=inf\."):
        build(frame)


def test_only_first_five_offending_rows_are_shown():
    frame = small_frame()
    frame["emp"] = -frame["emp"]
    with pytest.raises(AdvantageError) as excinfo:
        build(frame)
    text = message(excinfo)
    assert text.startswith("column 'emp' must hold finite values >= 0; 17 do not. First: row 1:")
    assert re.findall(r"row (\d+):", text) == ["1", "2", "3", "4", "5"]
    assert text.endswith(" (and 12 more).")


def test_offending_rows_print_plain_numbers_when_all_columns_are_numeric():
    frame = pd.DataFrame({"year": [2000, 2000], "fips": [1, 2], "naics": [11, 11],
                          "emp": [3.0, -2.0]})
    with pytest.raises(AdvantageError) as excinfo:
        Panel.from_long(frame, region="fips", activity="naics", value="emp", time="year")
    assert message(excinfo) == (
        "column 'emp' must hold finite values >= 0; 1 do not. "
        "First: row 2: year=2000, fips=2, naics=11, emp=-2.0."
    )


def test_nan_is_an_error_unless_missing_zero():
    frame = small_frame()
    frame.loc[5, "emp"] = np.nan
    with pytest.raises(AdvantageError) as excinfo:
        build(frame)
    assert message(excinfo) == (
        "column 'emp' has 1 missing values; pass missing='zero' (--missing zero) to treat them "
        "as zero. First: row 6: year=2000, prov='b', ind='z', emp=nan."
    )
    panel = build(frame, missing="zero")
    expected = build(small_frame()).cube.copy()
    expected[0, 1, 2] = 0.0
    np.testing.assert_array_equal(panel.cube, expected)


def test_polars_null_is_missing():
    frame = pl.from_pandas(small_frame()).with_columns(
        pl.when(pl.col("prov") == "a").then(None).otherwise(pl.col("emp")).alias("emp"))
    with pytest.raises(AdvantageError, match=r"^column 'emp' has 6 missing values; "):
        build(frame)
    panel = build(frame, missing="zero")
    assert panel.cube[:, 0].sum() == 0.0


def test_missing_labels_rejected():
    frame = small_frame().astype({"prov": object})
    frame.loc[2, "prov"] = None
    with pytest.raises(AdvantageError, match=r"^column 'prov' has 1 empty labels: row 3: "):
        build(frame)


def test_duplicates_error_unless_summed():
    frame = pd.concat([small_frame(), small_frame().iloc[[4]]], ignore_index=True)
    with pytest.raises(AdvantageError) as excinfo:
        build(frame)
    assert message(excinfo) == (
        "2 rows repeat a key (year, prov, ind); to add repeated rows up pass duplicates='sum' "
        "(--duplicates sum). First: row 5: year=2000, prov='b', ind='y', emp=4.0; "
        "row 18: year=2000, prov='b', ind='y', emp=4.0."
    )
    for storage in ("dense", "sparse"):
        panel = build(frame, duplicates="sum", storage=storage)
        assert panel.cube[0, 1, 1] == 8.0  # 4 + 4
        assert panel.cube.sum() == small_frame()["emp"].sum() + 4.0


def test_empty_input():
    for frame in (small_frame().iloc[:0], pl.from_pandas(small_frame()).clear()):
        with pytest.raises(AdvantageError) as excinfo:
            build(frame)
        assert message(excinfo) == "the input table is empty: it has no rows."


@pytest.mark.parametrize(
    ("argument", "value", "allowed"),
    [("missing", "foo", "'error', 'zero'"),
     ("duplicates", "first", "'error', 'sum'"),
     ("storage", "gpu", "'auto', 'dense', 'sparse'")],
)
def test_bad_parameter_values(argument, value, allowed):
    with pytest.raises(AdvantageError) as excinfo:
        build(small_frame(), **{argument: value})
    assert message(excinfo) == f"{argument}={value!r} is not valid; expected one of {allowed}."


# ---------------------------------------------------------------- absent regions and activities


def frame_with_absent_region_and_activity() -> pd.DataFrame:
    """Five regions, six activities, 2000-2001; region r2 sells nothing in 2001 and activity
    a3 is sold by nobody in 2000 (explicit zero rows, as a data provider would write them).

    The seed was chosen so that each year's presence matrix is connected (a simple second
    eigenvalue below 1) and diversity varies across regions: with equal diversities the ECI
    sign, oriented by diversity, is undefined.
    """
    rng = np.random.default_rng(20240524)
    cube = rng.lognormal(size=(2, 5, 6))
    cube[1, 2, :] = 0.0
    cube[0, :, 3] = 0.0
    panel = Panel.from_cube(cube, regions=[f"r{i}" for i in range(5)],
                            activities=[f"a{j}" for j in range(6)], times=[2000, 2001])
    return panel.to_long(zeros=True).rename(
        columns={"time": "year", "region": "prov", "activity": "ind", "value": "emp"})


def test_zero_total_region_or_activity_is_missing_for_that_year_only():
    panel = build(frame_with_absent_region_and_activity())
    np.testing.assert_array_equal(panel.present_regions(),
                                  [[True] * 5, [True, True, False, True, True]])
    np.testing.assert_array_equal(panel.present_activities(),
                                  [[True, True, True, False, True, True], [True] * 6])
    for convention in ("default", "stata"):
        result = compute_indicators(panel, convention=convention)
        regions = result.regions().set_index(["time", "region"])
        activities = result.activities().set_index(["time", "activity"])
        cells = result.cells().set_index(["time", "region", "activity"])

        # The absent region is NaN in 2001 only; the absent activity in 2000 only.
        assert regions.loc[(2001, "r2")].isna().all()
        assert regions.loc[(2000, "r2")].notna().all()
        assert activities.loc[(2000, "a3")].isna().all()
        assert activities.loc[(2001, "a3")].notna().all()
        # Nothing else is missing: the year is never wiped out.
        assert regions.drop(index=[(2001, "r2")]).notna().all().all()
        assert activities.drop(index=[(2000, "a3")]).notna().all().all()
        absent = ([(2001, "r2", f"a{j}") for j in range(6)]
                  + [(2000, f"r{i}", "a3") for i in range(5)])
        computed = ["rca", "mcp", "density", "distance", "cog"]
        assert cells.loc[absent, computed].isna().all().all()
        assert cells.drop(index=absent)[computed].notna().all().all()


@pytest.mark.parametrize("convention", ["default", "stata"])
def test_absent_region_and_activity_leave_the_rest_as_if_they_were_not_there(convention):
    frame = frame_with_absent_region_and_activity()
    full = compute_indicators(build(frame), convention=convention)
    # 2001 computed on the other regions alone gives the same numbers.
    alone = compute_indicators(build(frame[(frame.year == 2001) & (frame.prov != "r2")]),
                               convention=convention)
    keep = [0, 1, 3, 4]
    np.testing.assert_allclose(full.rca[1, keep], alone.rca[0], rtol=1e-14)
    for name in ("eci", "coi", "diversity"):
        np.testing.assert_allclose(getattr(full, name)[1, keep], getattr(alone, name)[0],
                                   rtol=0, atol=1e-12, err_msg=name)
    for name in ("density", "cog"):
        np.testing.assert_allclose(getattr(full, name)[1, keep], getattr(alone, name)[0],
                                   rtol=0, atol=1e-12, err_msg=name)
    np.testing.assert_allclose(full.pci[1], alone.pci[0], rtol=0, atol=1e-12)
    # 2000 computed on the other activities alone gives the same numbers.
    alone = compute_indicators(build(frame[(frame.year == 2000) & (frame.ind != "a3")]),
                               convention=convention)
    keep = [0, 1, 2, 4, 5]
    np.testing.assert_allclose(full.rca[0][:, keep], alone.rca[0], rtol=1e-14)
    np.testing.assert_allclose(full.eci[0], alone.eci[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(full.coi[0], alone.coi[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(full.pci[0, keep], alone.pci[0], rtol=0, atol=1e-12)
    for name in ("density", "cog"):
        np.testing.assert_allclose(getattr(full, name)[0][:, keep], getattr(alone, name)[0],
                                   rtol=0, atol=1e-12, err_msg=name)


# ---------------------------------------------------------------- storage


def random_long(seed: int, n_t: int = 3, n_r: int = 7, n_a: int = 9) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cube = rng.lognormal(size=(n_t, n_r, n_a)) * (rng.random((n_t, n_r, n_a)) < 0.7)
    cube[1, 2] = 0.0     # a region absent in one year
    cube[2, :, 4] = 0.0  # an activity absent in another
    panel = Panel.from_cube(cube, regions=[f"r{i}" for i in range(n_r)],
                            activities=[f"a{j}" for j in range(n_a)],
                            times=list(range(2000, 2000 + n_t)))
    return panel.to_long()


@pytest.mark.parametrize("convention", ["default", "stata"])
def test_dense_and_sparse_storage_give_identical_indicators(convention):
    long = random_long(11)
    kwargs = {"region": "region", "activity": "activity", "value": "value", "time": "time"}
    dense = Panel.from_long(long, storage="dense", **kwargs)
    sparse = Panel.from_long(long, storage="sparse", **kwargs)
    assert not dense.is_sparse and sparse.is_sparse
    np.testing.assert_array_equal(sparse.cube, dense.cube)
    # Totals are sums in a different order: equal to the last bit or two.
    np.testing.assert_allclose(sparse.region_totals(), dense.region_totals(), rtol=1e-15)
    np.testing.assert_allclose(sparse.activity_totals(), dense.activity_totals(), rtol=1e-15)
    for block in (slice(0, 1), slice(1, 3)):
        np.testing.assert_array_equal(sparse.cube_block(block), dense.cube_block(block))
    a = compute_indicators(dense, convention=convention)
    b = compute_indicators(sparse, convention=convention)
    for name in INDICATOR_FIELDS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    pd.testing.assert_frame_equal(a.cells(), b.cells())
    pd.testing.assert_frame_equal(a.regions(), b.regions())
    pd.testing.assert_frame_equal(a.activities(), b.activities())


def test_year_blocks_give_the_same_result_as_one_block():
    long = random_long(5)
    panel = Panel.from_long(long, region="region", activity="activity", value="value",
                            time="time", storage="sparse")
    whole = compute_indicators(panel, convention="stata")
    # 7 regions x 9 activities = 63 cells a year: one year per block, as a panel too large
    # for memory is processed.
    assert panel.blocks(max_cells=63) == [slice(0, 1), slice(1, 2), slice(2, 3)]
    split = compute_indicators(panel, convention="stata", block_cells=63)
    for name in INDICATOR_FIELDS:
        if name in ("fitness", "complexity"):
            continue  # see test_fitness_does_not_depend_on_the_block_size
        np.testing.assert_array_equal(getattr(split, name), getattr(whole, name), err_msg=name)


def test_fitness_does_not_depend_on_the_block_size():
    # compute_indicators documents for block_cells: "Years are independent, so the result
    # does not depend on it."
    long = random_long(5)
    panel = Panel.from_long(long, region="region", activity="activity", value="value",
                            time="time")
    whole = compute_indicators(panel)
    split = compute_indicators(panel, block_cells=63)
    np.testing.assert_array_equal(split.fitness, whole.fitness)
    np.testing.assert_array_equal(split.complexity, whole.complexity)
    for k, year in enumerate(panel.times):
        alone = compute_indicators(panel.select(times=[year]))
        np.testing.assert_array_equal(alone.fitness[0], whole.fitness[k])


def test_rca_of_panel_built_from_long_matches_hand_values():
    # 2000 totals: a 8, b 6, c 10; x 8, y 7, z 9; all 24.  RCA(a, x) = (5/8) / (8/24) = 1.875.
    panel = build(small_frame())
    assert rca_cube(panel.cube)[0, 0, 0] == pytest.approx(1.875, rel=1e-15)


def test_real_labels_na_and_none_are_labels_not_missing():
    # UM2: "NA" is Namibia's ISO code; only empty cells are missing labels.
    frame = pd.DataFrame({"reg": ["NA", "None", "NA", "None"], "act": ["a", "a", "b", "b"],
                          "v": [5.0, 3.0, 3.0, 1.0]})
    panel = Panel.from_long(frame, region="reg", activity="act", value="v")
    assert list(panel.regions) == ["NA", "None"]
    frame.loc[1, "reg"] = "  "
    with pytest.raises(AdvantageError, match=r"column 'reg' has 1 empty labels: row 2: "):
        Panel.from_long(frame, region="reg", activity="act", value="v")


def test_messages_name_file_lines_when_given():
    # UM3: with the rows' file lines, messages point at the lines a spreadsheet shows.
    frame = pd.DataFrame({"reg": ["a", "b"], "act": ["x", "x"], "v": [1.0, -1.0]})
    with pytest.raises(AdvantageError, match=r"^'f.csv': column 'v' must hold finite values "
                                             r">= 0; 1 do not\. First: line 7: reg='b'"):
        Panel.from_long(frame, region="reg", activity="act", value="v", lines=[3, 7],
                        source="f.csv")


def test_summed_duplicates_that_overflow_are_refused():
    # DL3 / SR6: two finite values can add up to infinity; the panel must not hold it.
    frame = pd.DataFrame({"reg": ["a", "a", "b"], "act": ["x", "x", "x"],
                          "v": [1e308, 1e308, 1.0]})
    with pytest.raises(AdvantageError, match=r"values are too large: the total of region 'a'"):
        Panel.from_long(frame, region="reg", activity="act", value="v", duplicates="sum")
    frame = pd.DataFrame({"reg": ["a", "a"], "act": ["x", "y"], "v": [1e308, 1e308]})
    with pytest.raises(AdvantageError, match=r"overflows to infinity"):
        Panel.from_long(frame, region="reg", activity="act", value="v")


def test_forgotten_time_column_gets_a_hint_not_only_sum():
    # UM4: adding years together is rarely what a user who forgot --time wants.
    frame = pd.DataFrame({"year": [2019, 2020], "reg": ["a", "a"], "act": ["x", "x"],
                          "v": [1.0, 2.0]})
    with pytest.raises(AdvantageError, match=r"name the time column"):
        Panel.from_long(frame, region="reg", activity="act", value="v")
