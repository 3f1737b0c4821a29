"""Readers and validation on messy inputs written by the tests themselves.

The yearbook fixture imitates an NBS provincial table exported as GBK CSV: a title row, a
two-row header with a merged "工业" cell, a units row, names padded with spaces ("北  京"),
full official names next to short and English ones, "—" for missing cells, a national total
row and a footnote. Expected values are the fixture's own cells, summed by hand where noted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advantage import AdvantageError
from advantage.io import read_panel, read_table, read_wide, to_panel

YEARBOOK = (
    "表2-8 分地区按行业分城镇单位就业人员(2020年)\n"
    "地  区,合计,农、林、牧、渔业,工业,,建筑业\n"
    ",,,采矿业,制造业,\n"
    ",万人,万人,万人,万人,万人\n"
    "全  国,\"1,000.0\",80.0,300.0,500.0,120.0\n"
    "北  京,40.5,0.5,1.0,25.0,14.0\n"
    "宁夏回族自治区,12.0,1.0,—,8.0,3.0\n"
    "Inner Mongolia,30.0,2.0,10.0,12.0,6.0\n"
    "\n"
    "注：本表不含私营单位。\n"
)


@pytest.fixture
def yearbook(tmp_path):
    path = tmp_path / "yearbook_2020.csv"
    path.write_bytes(YEARBOOK.encode("gbk"))
    return path


def read_yearbook(path, **options):
    settings = {"region": "地区", "header_rows": 2, "units_rows": 1, "skip_rows": 1,
                "footer_rows": 1, "drop_columns": ["合计"], "time": 2020}
    return read_wide(path, **{**settings, **options})


def test_yearbook_table_is_read_melted_and_normalised(yearbook):
    table = read_yearbook(yearbook)
    assert table.encoding == "gb18030"
    assert table.units == {"农、林、牧、渔业": "万人", "工业/采矿业": "万人", "工业/制造业": "万人",
                           "建筑业": "万人", }
    assert len(table.frame) == 4 * 4  # 4 data rows x 4 activity columns
    panel, report = to_panel(table, missing="zero", normalise="china", unmatched="reject")
    assert report.normaliser == "china"
    assert report.unmatched == ["全  国"]
    assert report.rows_read == 16 and report.rows_rejected == 4 and report.rows_used == 12
    assert report.missing_as_zero == 1  # 宁夏's 采矿业 cell is "—"
    assert list(panel.regions) == ["Beijing", "Inner Mongolia", "Ningxia"]
    assert list(panel.activities) == ["农、林、牧、渔业", "工业/制造业", "工业/采矿业", "建筑业"]
    long = panel.to_long().set_index(["region", "activity"])["value"]
    assert long[("Ningxia", "工业/制造业")] == 8.0
    assert long[("Inner Mongolia", "工业/采矿业")] == 10.0
    assert ("Ningxia", "工业/采矿业") not in long.index  # missing counted as zero
    assert panel.region_totals()[0].tolist() == [40.5, 30.0, 12.0]  # hand sums per row


def test_missing_markers_fail_by_default_naming_row_and_column(yearbook):
    with pytest.raises(AdvantageError) as info:
        to_panel(read_yearbook(yearbook))
    message = str(info.value)
    assert "yearbook_2020.csv" in message and "1 missing values" in message
    assert "line 7: " in message and "activity='工业/采矿业'" in message
    assert "missing='zero'" in message


def test_thousands_separators_are_removed(yearbook):
    table = read_yearbook(yearbook, drop_columns=[])
    total = table.frame[(table.frame["region"] == "全  国") & (table.frame["activity"] == "合计")]
    assert total["value"].tolist() == ["1000.0"]


def test_columns_as_years(tmp_path):
    path = tmp_path / "capacity.csv"
    path.write_text("Region,2010,2015,2020\nNingxia,0,100,200\nGansu,5,—,300\n", "utf-8")
    table = read_wide(path, region="Region", columns="time", activity="solar")
    panel, _ = to_panel(table, missing="zero")
    assert list(panel.times) == [2010, 2015, 2020]
    assert panel.cube[:, :, 0].tolist() == [[5.0, 0.0], [0.0, 100.0], [300.0, 200.0]]


def test_excel_wide_and_long(tmp_path):
    wide = pd.DataFrame([["地区", "工业", "建筑业"], ["宁夏", 1.5, "—"], ["甘肃", 2, 3]])
    path = tmp_path / "wide.xlsx"
    wide.to_excel(path, header=False, index=False)
    panel, report = to_panel(read_wide(path, region="地区", time=2021), missing="zero",
                             normalise="china")
    assert list(panel.regions) == ["Gansu", "Ningxia"]
    assert panel.cube[0].tolist() == [[2.0, 3.0], [1.5, 0.0]]

    long = pd.DataFrame({"year": [2021, 2021], "prov": ["宁夏", "Gansu"], "code": ["01", "02"],
                         "v": [1.0, 2.0]})
    path = tmp_path / "long.xlsx"
    long.to_excel(path, index=False)
    table = read_table(path)
    assert table.rows.tolist() == [2, 3]
    assert table.frame["v"].tolist() == ["1", "2"]  # Excel numbers as text, no ".0"
    panel, _ = to_panel(table, region="prov", activity="code", value="v", time="year")
    assert list(panel.activities) == ["01", "02"] and list(panel.times) == [2021]


def test_parquet_long(tmp_path):
    frame = pd.DataFrame({"year": [2020, 2020], "region": ["a", "b"], "code": ["0111", "0111"],
                          "v": [1.0, 2.0]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    panel, report = to_panel(read_table(path), region="region", activity="code", value="v",
                             time="year")
    assert report.normaliser == "none" and list(panel.activities) == ["0111"]
    assert panel.cube.sum() == 3.0


def test_long_csv_keeps_codes_as_text_and_skips_comments(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("# source: test\nyear,region,code,v\n2020,x,0111,1\n\n2020,y,0610,2\n")
    table = read_table(path, comment="#")
    assert table.rows.tolist() == [3, 5]  # file rows, blank line skipped
    panel, _ = to_panel(table, region="region", activity="code", value="v", time="year",
                        normalise="none")
    assert list(panel.activities) == ["0111", "0610"]


# ------------------------------------------------------------------ bad inputs
def test_ragged_row_in_a_long_csv(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("region,code,v\nx,01,1\ny,02,2,9\n")
    with pytest.raises(AdvantageError, match=r"ragged.csv': rows must have as many cells as "
                                             r"the header \(3\); line 3 has 4"):
        read_table(path)


def test_short_rows_are_ragged_not_missing(tmp_path):
    # SR2: a short row is an error naming its line, never filled with missing or zero.
    path = tmp_path / "short.csv"
    path.write_text("year,reg,act,val\n2020,R1,A1,5\n2020,R2,A1\n2020,R1,A2,3\n")
    with pytest.raises(AdvantageError, match=r"line 3 has 3"):
        read_panel(path, region="reg", activity="act", value="val", time="year",
                   missing="zero")


def test_ragged_row_in_a_wide_table(tmp_path):
    path = tmp_path / "ragged_wide.csv"
    path.write_text("地区,工业,建筑业\n宁夏,1,2\n甘肃,3\n", "utf-8")
    with pytest.raises(AdvantageError, match=r"row 3: the row has 2 cells but the header has 3"):
        read_wide(path, region="地区")


def test_non_numeric_cell_names_row_and_column(yearbook, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(YEARBOOK.replace("25.0", "约25").encode("gbk"))
    with pytest.raises(AdvantageError) as info:
        to_panel(read_yearbook(path), missing="zero")
    message = str(info.value)
    assert "must be numeric; 1 cells are not" in message
    assert "line 6: value='约25'" in message


def test_negative_values_fail_or_are_rejected_and_reported(tmp_path):
    frame = pd.DataFrame({"r": ["宁夏", "甘肃", "青海"], "a": ["C", "C", "C"],
                          "v": [1.0, -2.0, 3.0]})
    with pytest.raises(AdvantageError, match=r"must hold finite values >= 0; 1 do not.*row 2"):
        to_panel(frame, region="r", activity="a", value="v")
    panel, report = to_panel(frame, region="r", activity="a", value="v", negative="reject",
                             normalise="china")
    assert list(panel.regions) == ["Ningxia", "Qinghai"]
    assert report.rejected[["reason", "rows"]].values.tolist() == [["negative value", 1]]


def test_duplicate_keys_fail_also_after_normalisation(tmp_path):
    frame = pd.DataFrame({"r": ["宁夏", "Ningxia"], "a": ["C", "C"], "v": [1.0, 2.0]})
    with pytest.raises(AdvantageError) as info:
        to_panel(frame, region="r", activity="a", value="v", normalise="china")
    message = str(info.value)
    assert "2 rows repeat a key" in message and "after renaming regions" in message
    assert "written '宁夏'" in message and "written 'Ningxia'" in message
    panel, _ = to_panel(frame, region="r", activity="a", value="v", duplicates="sum",
                        normalise="china")
    assert panel.cube.tolist() == [[[3.0]]]


def test_unknown_region_names_are_reported_or_fail(tmp_path):
    frame = pd.DataFrame({"r": ["宁夏", "甘肃", "Atlantis", "全国"], "a": ["C"] * 4,
                          "v": [1.0, 2.0, 3.0, 4.0]})
    panel, report = to_panel(frame, region="r", activity="a", value="v", normalise="auto",
                             unmatched="reject")
    assert report.unmatched == ["Atlantis", "全国"]
    assert report.rejected["rows"].tolist() == [2]
    assert "unmatched region names (2): 'Atlantis', '全国'" in report.summary()
    assert panel.cube.sum() == 3.0
    with pytest.raises(AdvantageError, match=r"2 region names are not Chinese provinces"):
        to_panel(frame, region="r", activity="a", value="v", normalise="auto")
    # the default keeps every name as written
    panel, report = to_panel(frame, region="r", activity="a", value="v")
    assert report.normaliser == "none" and len(panel.regions) == 4


def test_auto_normalisation_leaves_non_chinese_regions_alone():
    frame = pd.DataFrame({"r": ["aut", "deu", "Gansu"], "a": ["x"] * 3, "v": [1.0, 2.0, 3.0]})
    panel, report = to_panel(frame, region="r", activity="a", value="v", normalise="auto")
    assert report.normaliser == "none" and list(panel.regions) == ["Gansu", "aut", "deu"]


def test_auto_never_takes_numbers_for_provinces():
    # SR1: US FIPS codes (36 New York, 11 DC) are not GB/T 2260 prefixes (Jiangxi, Beijing).
    frame = pd.DataFrame({"r": ["36", "11", "06"], "a": ["x"] * 3, "v": [1.0, 2.0, 3.0]})
    panel, report = to_panel(frame, region="r", activity="a", value="v", normalise="auto")
    assert report.normaliser == "none" and list(panel.regions) == ["06", "11", "36"]


@pytest.mark.parametrize("content, message", [
    (b"", r"is empty \(0 bytes\)"),
    (b"region,code,v\n", "has a header but no data rows"),
    (b"\n\n  \n", "has no rows"),
])
def test_empty_files(tmp_path, content, message):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(AdvantageError, match=message):
        read_table(path)


def test_empty_wide_table(tmp_path):
    path = tmp_path / "header_only.csv"
    path.write_text("地区,工业\n", "utf-8")
    with pytest.raises(AdvantageError, match="not enough for 0 skipped, 1 header"):
        read_wide(path, region="地区")


def test_missing_file_and_wrong_columns(tmp_path, yearbook):
    with pytest.raises(AdvantageError, match="does not exist"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(AdvantageError, match=r"region='省份' is not a column.*'地  区'"):
        read_yearbook(yearbook, region="省份")
    frame = pd.DataFrame({"r": ["x"], "a": ["y"], "v": [1.0]})
    with pytest.raises(AdvantageError, match=r"column 'value' \(given as value=\) is not in"):
        to_panel(frame, region="r", activity="a", value="value")


def test_empty_labels_are_errors():
    frame = pd.DataFrame({"r": ["宁夏", None], "a": ["C", "C"], "v": [1.0, 2.0]})
    with pytest.raises(AdvantageError, match="column 'r' has 1 empty labels"):
        to_panel(frame, region="r", activity="a", value="v")


def test_header_without_label_is_an_error(tmp_path):
    path = tmp_path / "nolabel.csv"
    path.write_text("地区,工业,,建筑业\n宁夏,1,2,3\n", "utf-8")
    with pytest.raises(AdvantageError, match=r"column\(s\) \[3\] have no header"):
        read_wide(path, region="地区")


def test_report_counts_add_up(yearbook):
    _, report = to_panel(read_yearbook(yearbook), missing="zero")
    assert report.rows_used + report.rows_rejected == report.rows_read
    assert np.isfinite(report.rows_read)


def test_polars_and_pyarrow_frames_are_accepted():
    import polars as pl
    import pyarrow as pa

    data = {"r": ["宁夏", "甘肃"], "a": ["C", "C"], "v": [1.0, 2.0]}
    for frame in (pl.DataFrame(data), pa.table(data)):
        panel, report = to_panel(frame, region="r", activity="a", value="v",
                                 normalise="china")
        assert list(panel.regions) == ["Gansu", "Ningxia"] and report.source == "<data frame>"


@pytest.mark.parametrize("text, lines", [
    ("r,a,v\nR1,0101,5\nR2,0102,3\n", [2, 3]),                  # every line a row
    ("r,a,v\r\nR1,0101,5\r\nR2,0102,3\r\n\r\n", [2, 3]),         # CRLF, blank line at the end
    ("r,a,v\n\nR1,0101,5\n  \nR2,0102,3\n", [3, 5]),             # blank lines inside
    ("r,a,v\nR1,0101,5\rR2,0102,3", [2, 3]),                     # old Mac line ends
])
def test_fast_and_careful_text_paths_agree(text, lines) -> None:
    # the fast path (no list of lines) and the careful one (blank or odd line ends) give the
    # same cells and the same 1-based file lines
    from advantage.io import read_table

    table = read_table(text.encode(), name="t.csv")
    assert table.frame.to_dict("list") == {"r": ["R1", "R2"], "a": ["0101", "0102"],
                                           "v": ["5", "3"]}
    assert table.rows.tolist() == lines
