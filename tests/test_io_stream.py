"""Big files read in batches and summed on the fly (expected sums computed with pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advantage import AdvantageError
from advantage.io import stream_long, to_panel

PROVINCES = ["宁夏回族自治区", "Ningxia", "甘肃", "Gansu Province", "北京", "内蒙古", "Tibet"]


@pytest.fixture(scope="module")
def records():
    rng = np.random.default_rng(20240601)
    n = 60_000
    return pd.DataFrame({
        "year": rng.integers(2018, 2021, n),
        "province": rng.choice(PROVINCES, n),
        "industry": rng.choice(["13", "26", "39", "44"], n),
        "output": np.round(rng.gamma(2.0, 50.0, n), 2),
    })


def test_csv_is_read_in_batches_and_summed(tmp_path, records):
    path = tmp_path / "big.csv"
    records.to_csv(path, index=False)
    seen = []
    table = stream_long(path, region="province", activity="industry", value="output",
                        time="year", duplicates="sum", block_size=64 << 10,
                        on_batch=seen.append)
    size = path.stat().st_size
    assert table.stats["batches"] == len(seen) >= size // (64 << 10)  # never one big read
    assert seen == sorted(seen) and seen[-1] == len(records)
    assert max(np.diff([0, *seen])) < len(records) / 5
    expected = records.groupby(["year", "province", "industry"])["output"].sum()
    got = table.frame.set_index(["year", "province", "industry"])["output"]
    got.index = got.index.set_levels(got.index.levels[0].astype(int), level=0)
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False,
                                   rtol=1e-9)


def test_streamed_table_becomes_a_normalised_panel(tmp_path, records):
    path = tmp_path / "big_gbk.csv"
    path.write_bytes(records.to_csv(index=False).encode("gbk"))
    table = stream_long(path, region="province", activity="industry", value="output",
                        time="year", duplicates="sum", block_size=64 << 10)
    assert table.encoding == "gb18030" and table.stats["batches"] > 1
    panel, report = to_panel(table, duplicates="sum", normalise="auto")
    assert report.rows_read == len(records) and report.normaliser == "china"
    assert list(panel.regions) == ["Beijing", "Gansu", "Inner Mongolia", "Ningxia", "Tibet"]
    ningxia = records[records["province"].isin(["宁夏回族自治区", "Ningxia"])]["output"].sum()
    assert panel.region_totals().sum(axis=0)[list(panel.regions).index("Ningxia")] == \
        pytest.approx(ningxia, rel=1e-12)


def test_parquet_is_read_in_batches(tmp_path, records):
    path = tmp_path / "big.parquet"
    records.to_parquet(path, row_group_size=10_000)
    table = stream_long(path, region="province", activity="industry", value="output",
                        time="year", duplicates="sum", block_size=64 * 5_000)
    assert table.stats["batches"] >= 12 and table.stats["rows"] == len(records)
    assert table.frame["output"].sum() == pytest.approx(records["output"].sum(), rel=1e-12)


def _write(tmp_path, rows):
    path = tmp_path / "t.csv"
    path.write_text("year,region,code,v\n" + "".join(f"{r}\n" for r in rows))
    return path


def test_bad_cells_are_reported_with_their_row(tmp_path):
    path = _write(tmp_path, ["2020,a,01,1", "2020,b,01,2", "2020,c,01,x1"])
    with pytest.raises(AdvantageError, match=r"not numbers, first at row\(s\) \[4\]: \['x1'\]"):
        stream_long(path, region="region", activity="code", value="v", time="year")


def test_negative_values(tmp_path):
    path = _write(tmp_path, ["2020,a,01,1", "2020,b,01,-2", "2020,c,01,3"])
    with pytest.raises(AdvantageError, match=r"negative values, first at row\(s\) \[3\]"):
        stream_long(path, region="region", activity="code", value="v", time="year")
    table = stream_long(path, region="region", activity="code", value="v", time="year",
                        negative="reject")
    panel, report = to_panel(table, normalise="none")
    assert report.rejected[["reason", "rows"]].values.tolist() == [["negative value", 1]]
    assert report.rows_read == 3 and report.rows_used == 2 and panel.cube.sum() == 4.0


def test_missing_values_and_labels(tmp_path):
    path = _write(tmp_path, ["2020,a,01,—", "2020,b,01,2"])
    with pytest.raises(AdvantageError, match=r"missing values, first at row\(s\) \[2\]"):
        stream_long(path, region="region", activity="code", value="v", time="year")
    table = stream_long(path, region="region", activity="code", value="v", time="year",
                        missing="zero")
    assert sorted(table.frame["v"].tolist()) == [0.0, 2.0]
    path = _write(tmp_path, ["2020,a,01,1", "2020,,01,2"])
    with pytest.raises(AdvantageError, match=r"column 'region' has empty labels, first at row"):
        stream_long(path, region="region", activity="code", value="v", time="year")


def test_duplicate_keys_need_an_explicit_choice(tmp_path):
    path = _write(tmp_path, ["2020,a,01,1", "2020,a,01,2", "2020,b,01,2"])
    with pytest.raises(AdvantageError, match=r"1 keys appear on several rows.*region='a'.*"
                                             r"\(2 rows\)"):
        stream_long(path, region="region", activity="code", value="v", time="year")


def test_unknown_column_lists_the_columns(tmp_path):
    path = _write(tmp_path, ["2020,a,01,1"])
    with pytest.raises(AdvantageError, match=r"\['value'\] are not in the file; columns are: "
                                             r"'year', 'region', 'code', 'v'"):
        stream_long(path, region="region", activity="code", value="value", time="year")
