"""``make demo``: the western-development study, run whole on the real tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from tests.scripts import load_script

demo = load_script("demo")


@pytest.fixture(scope="module")
def study(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert demo.main(out) == 0
    return out


def test_the_study_writes_every_part(study: Path) -> None:
    for name in ("china_advantages_west_2017.csv", "china_group_similarity.csv",
                 "china_concentration.csv", "china_relocation_2007_2017.csv",
                 "china_east_west_pairs.csv", "china_opportunities_parsimonious.csv",
                 "china_backtest_transfer.csv", "china_key_sectors_west_2017.csv",
                 "china_chain_gaps_ningxia_2017.csv", "china_chain_gaps_guizhou_2017.csv",
                 "china_endowment_siting.csv", "summary.json", "report_us_en.html"):
        assert (study / name).exists(), name
    for region in demo.CHINA_FOCUS:
        for lang in ("zh", "en"):
            assert (study / f"report_{region.lower()}_{lang}.html").exists()
            assert (study / f"report_{region.lower()}_{lang}.xlsx").exists()


def test_names_follow_the_language(study: Path) -> None:
    zh = (study / "report_ningxia_zh.html").read_text(encoding="utf-8")
    en = (study / "report_ningxia_en.html").read_text(encoding="utf-8")
    assert "地区比较优势报告：宁夏" in zh and "choropleth" in zh
    assert "煤炭采选产品" in zh and "Coal mining and washing" not in zh.split("<script")[0]
    assert "Regional advantage report: Ningxia" in en and "Coal mining and washing" in en
    sheet = load_workbook(study / "report_ningxia_zh.xlsx", read_only=True)["优势产业"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "宁夏"
    table = pd.read_csv(study / "china_east_west_pairs_zh.csv")
    assert table["原因"].str.contains("协作伙伴").all()


def test_summary_holds_the_study_numbers(study: Path) -> None:
    summary = json.loads((study / "summary.json").read_text(encoding="utf-8"))
    ningxia = [t["sector"] for t in summary["advantages_2017"]["Ningxia"]]
    # Ningxia's economy is coal, power and coal chemicals: the table must show it
    assert "Coal mining and washing" in ningxia
    xinjiang = [t["sector"] for t in summary["advantages_2017"]["Xinjiang"]]
    assert "Crude petroleum and natural gas" in xinjiang
    trend = summary["similarity_without_tibet"]["west-west"]["mean_similarity"]
    assert set(trend) == {"2002", "2007", "2012", "2017"}
    assert summary["backtest_transfer"]["pr_auc"]["matching"] > 0
    assert summary["data_centre_sites"][0]["region"] in {"Inner Mongolia", "Qinghai", "Ningxia"}


def test_demo_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "data"
    empty.mkdir()
    monkeypatch.setenv("ADVANTAGE_DATA", str(empty))
    monkeypatch.setenv("ADVANTAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVANTAGE_MIRROR", raising=False)
    assert demo.main(tmp_path / "out") == 1
    said = capsys.readouterr().out.replace("\n", "")
    assert "provincial input-output tables" in said and "china_provincial_io" in said
