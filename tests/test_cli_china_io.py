"""The commands on China's provincial IO tables: datasets panel, linkages, chains (real data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage.cli import main
from advantage.io import read_china_io

pytestmark = pytest.mark.data


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    return int(excinfo.value.code or 0)


@pytest.fixture(scope="module")
def tables(shared_data):
    return read_china_io(shared_data / "china" / "provincial_io_42sec_2002_2017_flows.csv.gz")


@pytest.fixture(autouse=True)
def data_folder(shared_data, monkeypatch):
    monkeypatch.setenv("ADVANTAGE_DATA", str(shared_data))


def test_datasets_panel_writes_the_harmonised_measure(tmp_path: Path, tables, capsys) -> None:
    out = tmp_path / "va.csv"
    assert run(["datasets", "panel", "china_provincial_io", "--measure", "value_added",
                "--years", "2007,2017", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "2 years" in captured.out
    # the two negative published cells of these years are reported, not hidden
    assert "2 published cells of value_added are negative" in captured.err
    assert "Xinjiang 2007 sector 11" in captured.err and "Hainan 2017 sector 18" in captured.err
    table = pd.read_csv(out, dtype={"region_code": str, "activity": str})
    expected = tables.long("value_added", [2007, 2017])
    assert list(table.columns) == list(expected.columns)
    assert_allclose(table["value"], expected["value"], rtol=1e-12)
    assert table["activity"].str.len().eq(2).all() and "640000" in set(table["region_code"])

    zh = tmp_path / "ex.xlsx"
    assert run(["datasets", "panel", "china_provincial_io", "--measure", "exports", "--lang",
                "zh", "--out", str(zh)]) == 0
    assert list(pd.read_excel(zh).columns[:3]) == ["年份", "地区", "地区代码"]


@pytest.mark.parametrize("argv, message", [
    (["--measure", "outflow", "--years", "2002"],
     "measure 'outflow' is not recorded in 2002; it is recorded in 2012, 2017"),
    (["--measure", "gdp"], "measure='gdp' is not valid"),
    (["--measure", "gross_output", "--years", "1997"], "year '1997' has no provincial tables"),
    ([], "--measure is needed for china_provincial_io"),
])
def test_datasets_panel_errors_are_one_line(tmp_path: Path, capsys, argv, message) -> None:
    assert run(["datasets", "panel", "china_provincial_io", *argv, "--out",
                str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_linkages_of_one_province(tmp_path: Path, tables, capsys) -> None:
    for alias in ("宁夏", "Ningxia", "640000"):
        out = tmp_path / alias
        assert run(["linkages", "china_provincial_io", "--region", alias, "--year", "2017",
                    "--out", str(out)]) == 0
    assert "Ningxia 2017: 37 sectors" in capsys.readouterr().out  # 19 electronics: no output
    table = pd.read_csv(tmp_path / "640000" / "linkages.csv", dtype={"activity": str})
    expected = tables.table("Ningxia", 2017).linkages()
    assert_allclose(table["backward"], expected["backward"], rtol=1e-12)
    assert table["activity"].tolist() == expected["sector"].tolist()
    assert set(table["region"]) == {"Ningxia"}
    leontief = pd.read_csv(tmp_path / "宁夏" / "leontief.csv", dtype={"sector": str})
    assert leontief.shape == (37, 38)


def test_key_sectors_of_every_province_and_year(tmp_path: Path, tables) -> None:
    assert run(["linkages", "china_provincial_io", "--region", "all", "--out",
                str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "key_sectors.csv", dtype={"activity": str})
    counts = table.groupby("time")["region"].nunique()
    assert counts.to_dict() == {2002: 30, 2007: 30, 2012: 31, 2017: 31}
    one = table[(table["region"] == "Jiangsu") & (table["time"] == 2002)]
    expected = tables.table("Jiangsu", 2002).linkages()
    assert one["key_sector"].tolist() == expected["key_sector"].tolist()
    # Rasmussen's indices average 1 within each table
    assert_allclose(table.groupby(["time", "region"])["backward"].mean(), 1.0, rtol=1e-9)


def test_linkages_errors(tmp_path: Path, capsys) -> None:
    assert run(["linkages", "china_provincial_io", "--out", str(tmp_path)]) == 2
    assert "--region is needed" in capsys.readouterr().err
    assert run(["linkages", "china_provincial_io", "--region", "Tibet", "--year", "2002",
                "--out", str(tmp_path)]) == 2
    assert "Tibet has no table for 2002; its tables cover 2012, 2017" in capsys.readouterr().err
    assert run(["linkages", "china_provincial_io", "--region", "Ningxia", "--year", "2002",
                "--block", "local", "--out", str(tmp_path)]) == 2
    assert "records no inflow or imports by product" in capsys.readouterr().err
    assert run(["linkages", "china_provincial_io", "--region", "Atlantis", "--out",
                str(tmp_path)]) == 2
    assert "--region 'Atlantis' is not in the panel" in capsys.readouterr().err


def test_chains_command(tmp_path: Path, capsys) -> None:
    out = tmp_path / "chains.csv"
    assert run(["chains", "china_provincial_io", "--focus", "宁夏", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Ningxia 2017: 3 pillars" in printed and "proportional to use" in printed
    table = pd.read_csv(out, dtype={"pillar": str, "input_activity": str})
    assert list(table.columns) == ["time", "region", "pillar", "pillar_name",
                                   "input_activity", "input_activity_name", "input_share",
                                   "sourced_outside_share", "density", "pci", "score",
                                   "reason"]
    first = table.iloc[0]
    assert first["reason"].startswith(("fill the chain in 2017: ",
                                       "strengthen the chain in 2017: "))
    assert f"{100 * first['input_share']:.1f}% of its output" in first["reason"]
    assert first["reason"].endswith("in proportion to use")

    zh = tmp_path / "chains_zh.csv"
    assert run(["chains", "china_provincial_io", "--focus", "Ningxia", "--year", "2007",
                "--pillars", "12,14", "--lang", "zh", "--out", str(zh)]) == 0
    table = pd.read_csv(zh, dtype={"支柱产业": str})
    assert set(table["支柱产业"]) == {"12", "14"}
    assert table["原因"].str.contains("2007年").all()


def test_chains_errors(tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "x.csv")
    assert run(["chains", "china_provincial_io", "--focus", "Ningxia", "--year", "2002",
                "--out", out]) == 2
    assert "recorded in 2007, 2012, 2017" in capsys.readouterr().err
    assert run(["chains", "nothing_here.csv", "--focus", "Ningxia", "--out", out]) == 2
    assert "neither china_provincial_io nor a file" in capsys.readouterr().err
