"""``advantage ingest``, ``export`` and ``datasets``: real runs on messy files written here."""

from __future__ import annotations

import pandas as pd
import pytest

from advantage.cli import main
from advantage.io.workspace import Workspace

YEARBOOK = (
    "表2-8 分地区按行业分城镇单位就业人员(2020年)\n"
    "地  区,合计,农、林、牧、渔业,工业,,建筑业\n"
    ",,,采矿业,制造业,\n"
    ",万人,万人,万人,万人,万人\n"
    "全  国,1000.0,80.0,300.0,500.0,120.0\n"
    "北  京,40.5,0.5,1.0,25.0,14.0\n"
    "宁夏回族自治区,12.0,1.0,—,8.0,3.0\n"
    "Inner Mongolia,30.0,2.0,10.0,12.0,6.0\n"
    "注：本表不含私营单位。\n"
)
WIDE = ["--wide", "--region", "地区", "--header-rows", "2", "--units-rows", "1",
        "--skip-rows", "1", "--footer-rows", "1", "--drop-column", "合计", "--year", "2020",
        "--missing", "zero", "--normalise", "china"]


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    return int(excinfo.value.code or 0)


@pytest.fixture
def yearbook(tmp_path):
    path = tmp_path / "yearbook_2020.csv"
    path.write_bytes(YEARBOOK.encode("gbk"))
    return path


def test_ingest_wide_yearbook_then_export_with_canonical_names(tmp_path, yearbook, capsys):
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", str(yearbook), "--workspace", str(ws), "--name", "emp2020",
                *WIDE]) == 0
    out = capsys.readouterr().out
    assert "ingested 'emp2020'" in out and "1 periods x 3 regions x 4 activities" in out
    assert "encoding gb18030" in out
    assert "rows read: 16" in out and "rows rejected: 4" in out
    assert "4 rejected: unmatched region name" in out
    assert "unmatched region names (1): '全  国'" in out
    assert "missing values counted as zero: 1" in out

    target = tmp_path / "emp2020.csv"
    assert run(["export", "--workspace", str(ws), "--name", "emp2020", "--out",
                str(target)]) == 0
    table = pd.read_csv(target, dtype={"region": str})
    assert list(table.columns) == ["time", "region", "activity", "value"]
    assert set(table["region"]) == {"Beijing", "Inner Mongolia", "Ningxia"}
    ningxia = table[(table["region"] == "Ningxia") & (table["activity"] == "工业/制造业")]
    assert ningxia[["time", "value"]].values.tolist() == [[2020, 8.0]]  # the fixture's cell
    meta = Workspace(ws).datasets().set_index("name").loc["emp2020"]
    assert meta["normaliser"] == "china" and meta["units"].startswith("农、林、牧、渔业: 万人")


def test_ingest_long_table_and_stream(tmp_path, capsys):
    path = tmp_path / "long.csv"
    path.write_text("year,prov,code,emp\n2020,宁夏,13,5\n2020,Gansu,13,7\n2021,宁夏,26,1\n",
                    encoding="utf-8")
    ws = tmp_path / "ws.duckdb"
    for extra in ([], ["--stream"]):
        name = "stream" if extra else "long"
        assert run(["ingest", str(path), "--workspace", str(ws), "--name", name, "--region",
                    "prov", "--activity", "code", "--value", "emp", "--time", "year",
                    "--normalise", "auto", *extra]) == 0
        out = capsys.readouterr().out
        assert "rows read: 3" in out and "rows rejected: 0" in out
    assert "streamed 3 rows in 1 batches" in out
    a, b = Workspace(ws).panel("long"), Workspace(ws).panel("stream")
    assert list(a.regions) == list(b.regions) == ["Gansu", "Ningxia"]
    assert (a.cube == b.cube).all() and a.cube.sum() == 13.0


def test_ingest_microdata(tmp_path, capsys):
    records = pd.DataFrame({"year": [2020, 2020, 2020, 2021],
                            "province": ["宁夏回族自治区", "Ningxia", "全国", "甘肃"],
                            "industry": ["3011", "3099", "3011", "0610"],
                            "employees": [10.0, 5.0, 99.0, 3.0]})
    path = tmp_path / "firms.parquet"
    records.to_parquet(path)
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", str(path), "--workspace", str(ws), "--name", "firms", "--microdata",
                "--region", "province", "--activity", "industry", "--time", "year",
                "--value", "employees", "--level", "2", "--normalise", "china"]) == 0
    out = capsys.readouterr().out
    assert "rows read: 4" in out and "rows rejected: 1" in out
    assert "unmatched region names (1): '全国'" in out and "engine: duckdb" in out
    panel = Workspace(ws).panel("firms")
    assert panel.to_long().values.tolist() == [[2020, "Ningxia", "30", 15.0],
                                               [2021, "Gansu", "06", 3.0]]


BAD_INPUTS = {
    "gbk_forced_utf8": (YEARBOOK.encode("gbk"), ["--encoding", "utf-8"], "cannot decode"),
    "ragged": ("地区,工业\n宁夏,1\n甘肃,2,3\n".encode(), [], "ragged row"),
    "non_numeric": ("地区,工业\n宁夏,1\n甘肃,约2\n".encode(), [], "must be numeric"),
    "negative": ("地区,工业\n宁夏,1\n甘肃,-2\n".encode(), [], "negative"),
    "duplicates": ("地区,工业\n宁夏,1\nNingxia,2\n".encode(), ["--normalise", "china"],
                   "repeat a key"),
    "unknown_only": ("地区,工业\nAtlantis,1\n全国,2\n".encode(), ["--normalise", "china"],
                     "no rows left"),
    "empty": (b"", [], "is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_inputs_fail_in_one_line_and_keep_the_workspace(tmp_path, yearbook, capsys, case):
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", str(yearbook), "--workspace", str(ws), "--name", "emp", *WIDE]) == 0
    before = Workspace(ws).datasets()[["name", "content_hash", "row_count"]]
    content, extra, message = BAD_INPUTS[case]
    bad = tmp_path / f"{case}.csv"
    bad.write_bytes(content)
    capsys.readouterr()
    argv = ["ingest", str(bad), "--workspace", str(ws), "--name", "emp", "--wide", "--region",
            "地区" if case != "gbk_forced_utf8" else "地  区", "--year", "2020"]
    if case == "gbk_forced_utf8":
        argv += ["--header-rows", "2", "--skip-rows", "1"]
    assert run(argv + extra) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and f"{case}.csv" in err
    pd.testing.assert_frame_equal(Workspace(ws).datasets()[["name", "content_hash",
                                                            "row_count"]], before)


def test_usage_errors(tmp_path, capsys):
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", str(tmp_path / "nope.csv"), "--workspace", str(ws), "--name", "x",
                "--region", "r"]) == 2
    assert "does not exist" in capsys.readouterr().err
    path = tmp_path / "t.csv"
    path.write_text("r,a,v\nx,y,1\n")
    assert run(["ingest", str(path), "--workspace", str(ws), "--name", "x", "--region",
                "r"]) == 2
    assert "needs --activity and --value" in capsys.readouterr().err
    assert run(["ingest", str(path), "--workspace", str(ws), "--name", "x", "--region", "r",
                "--wide", "--activity", "a"]) == 2
    assert "drop --activity/--value/--time" in capsys.readouterr().err
    assert run(["ingest", str(path), "--workspace", str(ws), "--name", "x", "--region", "r",
                "--activity", "a", "--value", "v", "--level", "2"]) == 2
    assert "apply to --microdata only" in capsys.readouterr().err
    assert run(["export", "--workspace", str(ws), "--name", "x", "--out",
                str(tmp_path / "o.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.data
def test_datasets_list_info_fetch(shared_data, capsys):
    assert run(["datasets", "list"]) == 0
    out = capsys.readouterr().out
    assert "us_gva" in out and "china_solar_capacity" in out and "local" in out
    assert run(["datasets", "info", "us_gva"]) == 0
    out = capsys.readouterr().out
    assert "sha256: 5ad594d07497f4aa" in out and "level='sector'" in out
    assert "licence: public domain (BEA)" in out
    assert run(["datasets", "fetch", "pyecomplexity_trade"]) == 0
    assert "sha256 verified" in capsys.readouterr().out


def test_datasets_fetch_fails_when_nothing_provides_the_file(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "data"
    empty.mkdir()
    monkeypatch.setenv("ADVANTAGE_DATA", str(empty))
    monkeypatch.setenv("ADVANTAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVANTAGE_MIRROR", raising=False)
    assert run(["datasets", "fetch", "aus_hs4_exports"]) == 2
    err = capsys.readouterr().err
    assert "aus_state_x_hs4_exports_1988_2023.csv.gz" in err and "ADVANTAGE_MIRROR" in err
    assert run(["datasets", "info", "nope"]) == 2
    assert "no data set called 'nope'" in capsys.readouterr().err


def test_ingest_takes_a_catalogued_data_set_by_name(tmp_path, shared_data, capsys):
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", "china_provincial_io", "--workspace", str(ws), "--name", "china",
                "--measure", "value_added"]) == 0
    assert "4 periods x 31 regions x 38 activities" in capsys.readouterr().out
    stored = Workspace(ws).datasets().set_index("name").loc["china"]
    assert stored["source"].startswith("china_provincial_io")
    # column roles are the data set's own: naming them is refused
    assert run(["ingest", "china_provincial_io", "--workspace", str(ws), "--name", "x",
                "--region", "region"]) == 2
    assert "leave out --region" in capsys.readouterr().err
