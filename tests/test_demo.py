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


CASE_STUDY = Path(__file__).resolve().parents[1] / "docs" / "case-study"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def test_the_case_study_pages_quote_the_demos_numbers(study: Path) -> None:
    """Every number the case study states (both languages) is the demo's, as rounded there."""
    s = json.loads((study / "summary.json").read_text(encoding="utf-8"))
    lq = {(r, t["sector"]): t["lq"] for r, top in s["advantages_2017"].items() for t in top}
    sim = s["similarity_without_tibet"]
    moved = s["relocating_2007_2017"]
    bt = s["backtest_transfer"]
    ratios = {r["denominator"]: r for r in bt["ratios"]}
    sites = {d["region"]: d["power_per_person_vs_nation"] for d in s["data_centre_sites"]}
    pairs = s["most_similar_western_pairs_2017"]
    expected = [
        f"{lq[('Ningxia', 'Coal mining and washing')]:.2f}",
        f"{lq[('Guizhou', 'Non-metal and other mineral mining')]:.2f}",
        f"{lq[('Qinghai', 'Crude petroleum and natural gas')]:.2f}",
        f"{lq[('Inner Mongolia', 'Coal mining and washing')]:.2f}",
        f"{lq[('Xinjiang', 'Crude petroleum and natural gas')]:.2f}",
        f"{lq[('Chongqing', 'Transport equipment')]:.2f}",
        *(f"{sim['west-west']['mean_similarity'][y]:.3f}" for y in ("2002", "2007", "2012")),
        *(_pct(sim["west-west"]["duplicated_share"][y]) for y in ("2002", "2007", "2012")),
        *(f"{sim['west-east']['mean_similarity'][y]:.3f}" for y in ("2002", "2007", "2017")),
        f"{pairs[0]['similarity']:.3f}", f"{pairs[1]['similarity']:.3f}",
        f"{s['concentration']['mean_gini']['2002']:.3f}",
        f"{s['concentration']['mean_gini']['2017']:.3f}",
        *(_pct(moved["Communication equipment, computers and other electronics"][k])
          for k in ("east_share_2007", "east_share_2017")),
        *(_pct(moved["Textiles"][k]) for k in ("east_share_2007", "east_share_2017")),
        f"{bt['pr_auc']['matching']:.3f}", f"{bt['pr_auc']['density']:.3f}",
        f"{bt['pr_auc']['random']:.3f}",
        f"{ratios['density']['ratio']:.2f}", f"{ratios['density']['ratio_low']:.2f}",
        f"{ratios['random']['ratio_low']:.2f}",
        f"{sites['Inner Mongolia']:.1f}", f"{sites['Qinghai']:.1f}",
        f"{sites['Xinjiang']:.1f}",
    ]
    for lang in ("en", "zh"):
        page = (CASE_STUDY / f"western-development.{lang}.md").read_text(encoding="utf-8")
        missing = [n for n in expected if n not in page]
        assert not missing, f"{lang} page lacks the demo's {missing}"
        assert str(len(moved)) in page or {"en": "Nineteen", "zh": "十九"}[lang] in page
        entries = s["backtest_entries"]
        assert f"{entries['n_entries']} " in page and str(entries["n_candidates"]) in page
