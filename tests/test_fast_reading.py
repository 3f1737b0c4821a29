"""The quick roads through reading give what the careful roads give (issue 11).

Reading a clean file takes short cuts: line checks on the control bytes instead of a regular
expression per line break, numbers parsed by Arrow instead of pandas, the year rule run once
per distinct period, short matrix products on one BLAS thread. Each test here checks a short
cut against the formulation it replaced, on inputs chosen to hit the corner cases, so that a
short cut can never change a number or a message.
"""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advantage._checks import AdvantageError
from advantage.columns import numeric_values
from advantage.io.prepare import _as_years
from advantage.io.tables import Table, _plain_lines, read_table
from advantage.measures import dense_kernel, spectral


def _plain_lines_by_regex(text: str, comment: str | None) -> bool:
    """The line rule as it was written before the short cut (commit 8123fc6)."""
    body = text.rstrip("\r\n")
    if not body.strip() or not body[:1].strip():
        return False
    if re.search(r"\n[ \t\r\f\v]*(?:\n|$)", body):
        return False
    if re.search("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)", body):
        return False
    return not (comment and re.search(rf"(?:^|\n)[ \t]*{re.escape(comment)}", body))


LINE_TEXT = st.text(alphabet=st.sampled_from(
    list("ab,1\n\r\t #") + [" ", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
                             "\u2029", "\u3000", "宁"]), max_size=40)


@settings(max_examples=600, deadline=None)
@given(text=LINE_TEXT, comment=st.sampled_from([None, "#"]))
def test_the_line_check_agrees_with_the_regular_expression(text, comment):
    assert _plain_lines(text, comment) == _plain_lines_by_regex(text, comment)


@pytest.mark.parametrize("text", [
    "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n\n1,2\n", "a,b\n  \n1,2\n", "a,b\r\n\r\n1,2\r\n",
    "a,b\n1,2\r3,4\n", "a,b\n1,2\x0c3\n", "a,b\n1,\u20282\n", "a,b\n 1,2\n", "a,b\n1,2\n \n",
    "a,b\n1,2\r", "a,b\n\t\n1,2", "a,b\n1,2\x85\n"])
def test_the_line_check_on_named_corner_cases(text):
    assert _plain_lines(text, None) == _plain_lines_by_regex(text, None)


# Cells pandas reads as numbers and Arrow too, cells only one of them reads, and cells neither
# reads; the expected behaviour is pandas' (the road the short cut replaced).
NUMBER_CELLS = ["1", "1.5", "-2", "+3", "1e5", "1E-3", ".5", "5.", "00012", "1e400",
                "4.9e-330", "-0", "-0.0", "0.0", "9007199254740993",
                "123456789012345678901234567890", "0.1000000000000000055511151231257827"]
NOT_NUMBER_CELLS = ["nan", "NaN", "inf", "-inf", "Infinity", " 1", "1 ", "1,000", "0x10",
                    "1_000", "abc", "١", "1e", "--1", "1.2.3", "1d5", "\u00a01", "True"]


def _pandas_numbers(series: pd.Series) -> np.ndarray:
    """What numeric_values returned before the Arrow short cut, for valid columns."""
    return pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan)


@pytest.mark.parametrize("cell", NUMBER_CELLS)
def test_arrow_parses_numbers_as_pandas_does(cell):
    series = pd.Series([cell, "2", None], dtype="str")
    got = numeric_values(pd.DataFrame({"v": series}), "v")
    want = _pandas_numbers(series)
    np.testing.assert_array_equal(got, want)
    assert np.signbit(got[0]) == np.signbit(want[0])  # -0.0 stays what pandas made of it


@pytest.mark.parametrize("cell", NOT_NUMBER_CELLS)
def test_cells_that_are_not_plain_numbers_take_the_pandas_road(cell):
    frame = pd.DataFrame({"v": pd.Series(["1", cell], dtype="str")})
    numbers = pd.to_numeric(frame["v"], errors="coerce")
    if numbers.notna().all():  # pandas reads it (white space, inf): so must we
        np.testing.assert_array_equal(numeric_values(frame, "v"), numbers.to_numpy(float))
    else:
        with pytest.raises(AdvantageError, match="must be numeric; 1 cells are not"):
            numeric_values(frame, "v")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, allow_nan=False, allow_infinity=False), min_size=1,
                max_size=30),
       st.sampled_from(["{!r}", "{:.3e}", "{:.25g}", "{:.0f}"]))
def test_arrow_numbers_equal_pandas_numbers(values, form):
    series = pd.Series([form.format(v) for v in values], dtype="str")
    got = numeric_values(pd.DataFrame({"v": series}), "v")
    np.testing.assert_array_equal(got, _pandas_numbers(series))


def _table(values: list[object]) -> Table:
    return Table(pd.DataFrame({"t": values}), "f.csv", None, np.arange(2, len(values) + 2))


def test_years_are_read_once_per_period_and_keep_the_rows():
    series = pd.Series(["2020", " 2019 ", "2020.0", "+2021", "2019"] * 3, dtype="str",
                       index=range(10, 25), name="t")
    years = _as_years(series, _table(list(series)), "t")
    assert years.dtype == np.int64 and years.name == "t"
    assert years.index.equals(series.index)
    assert years.tolist() == [2020, 2019, 2020, 2021, 2019] * 3


def test_a_mixed_period_column_names_its_first_line():
    series = pd.Series(["2020", "2020", "2020Q1", "2021"], dtype="str")
    with pytest.raises(AdvantageError, match=r"line 4 holds '2020Q1'"):
        _as_years(series, _table(list(series)), "t")


def test_periods_of_another_form_and_empty_periods_stay_as_they_are():
    quarters = pd.Series(["2020Q1", "2020Q2"], dtype="str")
    assert _as_years(quarters, _table(list(quarters)), "t") is quarters
    gaps = pd.Series(["2020", None], dtype="str")
    assert _as_years(gaps, _table(list(gaps)), "t") is gaps


def test_read_table_gives_the_same_frame_on_both_line_roads(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("y,r,a,v\n2020,R1,0101,1.5\n2020,R2,0102,3\n")
    blank = tmp_path / "blank.csv"
    blank.write_text("y,r,a,v\n2020,R1,0101,1.5\n\n2020,R2,0102,3\n")
    first, second = read_table(plain), read_table(blank)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.rows.tolist() == [2, 3] and second.rows.tolist() == [2, 4]


@pytest.mark.parametrize("convention", ["default", "stata"])
def test_one_blas_thread_or_several_give_the_same_numbers(monkeypatch, convention):
    rng = np.random.default_rng(5)
    x = rng.gamma(0.4, 2.0, (3, 40, 70)) * (rng.random((3, 40, 70)) < 0.6)
    settings_ = {"convention": convention, "threshold": 1.0, "pop": None,
                 "rpop_threshold": None, "given": None, "method": "min",
                 "with_fitness": True}
    monkeypatch.setattr(dense_kernel, "SINGLE_THREAD_FLOPS", 0)  # threads allowed
    threaded = dense_kernel.dense_block(x, **settings_)
    monkeypatch.setattr(dense_kernel, "SINGLE_THREAD_FLOPS", 10**18)  # one thread
    single = dense_kernel.dense_block(x, **settings_)
    for name, array in threaded.items():
        np.testing.assert_allclose(single[name], array, rtol=1e-12, atol=1e-12,
                                   equal_nan=True, err_msg=name)
    assert spectral.SINGLE_THREAD_FLOPS > 0


def test_the_report_package_imports_its_parts_on_first_use():
    code = ("import sys, advantage.report as r; before = 'openpyxl' in sys.modules; "
            "r.write_excel; print(before, 'openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]
    import advantage.report as report

    assert sorted(report.__all__) == sorted(report._HOMES)
    assert all(callable(getattr(report, name)) for name in report.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        report.nothing  # noqa: B018


def test_parquet_keeps_its_text_as_stored_and_csv_cells_are_stripped(tmp_path):
    # The rule of advantage.io.tables: a CSV cell is text whose surrounding spaces are
    # layout; a Parquet string is a typed value, kept as stored (finding SR10 asks for the
    # spaced label and its twin separately). Under pandas 3 Parquet text arrives as the
    # string dtype, and it must stay as stored there too.
    frame = pd.DataFrame({"r": [" a", "a\u3000", "b"], "v": [1, 2, 3]})
    frame.to_parquet(tmp_path / "t.parquet")
    frame.to_csv(tmp_path / "t.csv", index=False)
    assert read_table(tmp_path / "t.parquet").frame["r"].tolist() == [" a", "a\u3000", "b"]
    assert read_table(tmp_path / "t.csv").frame["r"].tolist() == ["a", "a", "b"]
