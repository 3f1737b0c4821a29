"""Firm microdata aggregated on DuckDB and on Spark (expected panels computed with pandas)."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from advantage import AdvantageError
from advantage.config import require_data
from advantage.io import aggregate_microdata
from advantage.reference import normalise_regions, provinces

ALIASES = ["宁夏回族自治区", "宁夏", "Ningxia", "甘肃省", "Gansu", "内蒙古自治区", "Inner Mongolia",
           "北  京", "Beijing", "广西壮族自治区"]
CODES = ["0111", "0610", "1311", "2614", "2619", "3011", "3912", "4411", "5212"]


def firm_records(n: int = 4000, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "year": rng.integers(2018, 2021, n).astype(str),
        "province": rng.choice(ALIASES, n),
        "industry": rng.choice(CODES, n),
        "employees": rng.integers(1, 500, n).astype(str),
    })


BAD_ROWS = pd.DataFrame({
    "year": ["2020", "", "20x0", "2020", "2020", "2020", "2020", "2020", "2020", "2020", "2020"],
    "province": ["全国", "宁夏", "宁夏", "", "宁夏", "宁夏", "宁夏", "宁夏", "宁夏", "Atlantis",
                 "宁夏"],
    "industry": ["3011", "3011", "3011", "3011", "", "C301", "3", "3011", "3011", "3011", "3011"],
    "employees": ["5", "5", "5", "5", "5", "5", "5", "abc", "-3", "5", ""],
})
BAD_REASONS = {  # reason -> rows, by construction of BAD_ROWS
    "unmatched region name": 2, "missing year": 1, "year not an integer": 1,
    "missing region": 1, "missing activity code": 1, "activity code not all digits": 1,
    "activity code shorter than 2 digits": 1, "value not numeric": 1, "negative value": 1,
    "missing value": 1,
}


def expected_panel(records: pd.DataFrame, digits: int = 2) -> pd.Series:
    codes, _ = normalise_regions(records["province"])
    english = dict(zip(provinces()["code"], provinces()["name_en"], strict=True))
    frame = pd.DataFrame({"time": records["year"].astype(int),
                          "region": [english[c] for c in codes],
                          "activity": records["industry"].str[:digits],
                          "value": records["employees"].astype(float)})
    return frame.groupby(["time", "region", "activity"])["value"].sum()


def as_series(panel) -> pd.Series:
    long = panel.to_long()
    return long.set_index(["time", "region", "activity"])["value"]


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return firm_records()


@pytest.fixture
def firms_csv(tmp_path, records):
    path = tmp_path / "firms.csv"
    pd.concat([records, BAD_ROWS], ignore_index=True).to_csv(path, index=False)
    return path


def test_duckdb_aggregates_truncates_normalises_and_reports(firms_csv, records):
    panel, report = aggregate_microdata(firms_csv, region="province", activity="industry",
                                        time="year", value="employees", level=2,
                                        normalise="china")
    pd.testing.assert_series_equal(as_series(panel).sort_index(),
                                   expected_panel(records).sort_index(), check_names=False)
    assert set(panel.regions) == {"Beijing", "Guangxi", "Gansu", "Inner Mongolia", "Ningxia"}
    assert list(panel.activities) == ["01", "06", "13", "26", "30", "39", "44", "52"]
    assert dict(zip(report.rejected["reason"], report.rejected["rows"], strict=True)) == \
        BAD_REASONS
    assert report.unmatched == ["Atlantis", "全国"] or report.unmatched == ["全国", "Atlantis"]
    assert report.rows_read == len(records) + len(BAD_ROWS)
    assert report.rows_used == len(records) and report.normaliser == "china"
    assert report.region_map["宁夏回族自治区"] == "Ningxia"


def test_parquet_with_numeric_columns_and_a_record_count(tmp_path, records):
    frame = records.assign(year=records["year"].astype(int),
                           employees=records["employees"].astype(float))
    path = tmp_path / "firms.parquet"
    frame.to_parquet(path)
    panel, report = aggregate_microdata(path, region="province", activity="industry",
                                        time="year", level=4, normalise="china")
    counts = expected_panel(records.assign(employees="1"), digits=4)
    pd.testing.assert_series_equal(as_series(panel).sort_index(), counts.sort_index(),
                                   check_names=False)
    assert report.rows_rejected == 0 and panel.cube.sum() == len(records)


def test_integer_codes_need_a_width(tmp_path, records):
    frame = records.assign(industry=records["industry"].astype(int))  # "0111" -> 111
    path = tmp_path / "int_codes.parquet"
    frame.to_parquet(path)
    with pytest.raises(AdvantageError, match=r"stored as integers.*pass code_width="):
        aggregate_microdata(path, region="province", activity="industry", time="year",
                            value="employees", level=2)
    panel, _ = aggregate_microdata(path, region="province", activity="industry", time="year",
                                   value="employees", level=2, code_width=4,
                                   normalise="china")
    pd.testing.assert_series_equal(as_series(panel).sort_index(),
                                   expected_panel(records).sort_index(), check_names=False)


def test_gbk_csv_and_progress(tmp_path, records):
    path = tmp_path / "firms_gbk.csv"
    path.write_bytes(records.to_csv(index=False).encode("gbk"))
    panel, report = aggregate_microdata(path, region="province", activity="industry",
                                        time="year", value="employees", level=2, progress=True,
                                        normalise="china")
    assert report.encoding == "gb18030"
    assert panel.cube.sum() == records["employees"].astype(float).sum()


def test_no_normalisation_and_argument_errors(firms_csv):
    panel, report = aggregate_microdata(firms_csv, region="province", activity="industry",
                                        time="year", value="employees")
    assert report.normaliser == "none" and "Atlantis" in list(panel.regions)  # the default
    with pytest.raises(AdvantageError, match=r"\['emp'\] are not in the records"):
        aggregate_microdata(firms_csv, region="province", activity="industry", time="year",
                            value="emp")
    with pytest.raises(AdvantageError, match="engine='polars' is not valid"):
        aggregate_microdata(firms_csv, region="province", activity="industry", time="year",
                            engine="polars")  # type: ignore[arg-type]
    with pytest.raises(AdvantageError, match="level=0 is not valid"):
        aggregate_microdata(firms_csv, region="province", activity="industry", time="year",
                            level=0)


# ------------------------------------------------------------------ Spark
@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        message = "Spark needs a Java runtime and `java` is not on PATH"
        if require_data():
            pytest.fail(message + " (ADVANTAGE_REQUIRE_DATA is set: CI must install Java)")
        pytest.skip(message)
    from advantage.io import spark_session

    session = spark_session(app_name="advantage-tests")
    yield session
    session.stop()


@pytest.mark.spark
def test_spark_gives_the_same_panel_and_report_as_duckdb(spark, firms_csv, tmp_path, records):
    options = {"region": "province", "activity": "industry", "time": "year",
               "value": "employees", "level": 2}
    duck, duck_report = aggregate_microdata(firms_csv, engine="duckdb", **options)
    sparked, spark_report = aggregate_microdata(firms_csv, engine="spark", spark=spark,
                                                **options)
    assert list(sparked.times) == list(duck.times)
    assert list(sparked.regions) == list(duck.regions)
    assert list(sparked.activities) == list(duck.activities)
    np.testing.assert_array_equal(sparked.cube, duck.cube)
    assert sorted(spark_report.unmatched) == sorted(duck_report.unmatched)
    pd.testing.assert_frame_equal(spark_report.rejected[["reason", "rows"]],
                                  duck_report.rejected[["reason", "rows"]])
    # typed Parquet input, record counts
    path = tmp_path / "firms.parquet"
    records.assign(year=records["year"].astype(int)).to_parquet(path)
    duck, _ = aggregate_microdata(path, region="province", activity="industry", time="year",
                                  level=4)
    sparked, _ = aggregate_microdata(path, region="province", activity="industry", time="year",
                                     level=4, engine="spark", spark=spark)
    np.testing.assert_array_equal(sparked.cube, duck.cube)
    assert list(sparked.activities) == list(duck.activities)
