"""Reports: self-contained HTML with every chart, the Excel workbook, maps, layout, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from advantage._checks import AdvantageError
from advantage.cli import app
from advantage.cli._common import run_app
from advantage.panel import Panel
from advantage.planning import profile
from advantage.reference.china import provinces
from advantage.reference.presets import resolve_preset
from advantage.report import display_for, resolve_map, write_excel, write_html
from advantage.report.charts import CHARTS
from advantage.report.excel import SHEETS, sheet_title
from advantage.report.layout import maximum_spanning_tree, network_layout
from advantage.report.maps import match_regions, rewind


def china_table(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for year in (2015, 2018, 2020):
        for name in provinces()["name_zh"]:
            for j in range(20):
                if rng.random() < 0.75:
                    rows.append((year, name, f"C{13 + j}", float(rng.lognormal(3, 1.4))))
    return pd.DataFrame(rows, columns=["year", "province", "industry", "output"])


@pytest.fixture(scope="module")
def china_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "provinces.csv"
    china_table().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def china_results():  # type: ignore[no-untyped-def]
    panel = Panel.from_long(china_table(), region="province", activity="industry",
                            value="output", time="year")
    return profile(panel)


def display(result, lang):  # type: ignore[no-untyped-def]
    return display_for(result.panel, lang, resolve_preset(list(result.panel.regions)))


@pytest.fixture(scope="module")
def reports(china_results, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("reports")
    spec = resolve_map(list(china_results.panel.regions))
    out = {}
    for lang, focus in (("en", ["宁夏回族自治区"]), ("zh", ["宁夏回族自治区", "甘肃省"])):
        shown = display(china_results, lang)
        html_path = write_html(china_results, focus, folder / f"r_{lang}.html",
                               display=shown, map_spec=spec)
        xlsx = write_excel(china_results, focus, folder / f"r_{lang}.xlsx", display=shown)
        out[lang] = (html_path.read_text(encoding="utf-8"), xlsx)
    return out


def test_html_is_self_contained(reports) -> None:  # type: ignore[no-untyped-def]
    for document, _ in reports.values():
        # no outside script, style sheet, image or font
        assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?:""",
                             document, re.I)
        assert not re.search(r"@import|url\(\s*['\"]?https?:", document)
        # plotly.js inlined exactly once, no CDN
        assert document.count("plotly.js v") == 1
        assert "cdn.plot.ly/plotly" not in document.split("plotly.js v")[0]
        assert "PlotlyGeoAssets" in document.split("plotly.js v")[0]


def test_html_has_every_chart_and_guide(reports) -> None:  # type: ignore[no-untyped-def]
    en, zh = reports["en"][0], reports["zh"][0]
    for name in CHARTS:
        assert f'id="chart-{name}"' in en and f'id="chart-{name}"' in zh
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert "地区比较优势报告：宁夏、甘肃" in zh
    assert "Regional advantage report: Ningxia" in en
    assert "横轴大于1表示本地区专业化" in zh
    assert "Right of 1: the region is specialised" in en


def test_excel_workbook(reports) -> None:  # type: ignore[no-untyped-def]
    for lang, (_, path) in reports.items():
        book = load_workbook(path, read_only=True)
        assert book.sheetnames == [sheet_title(s, lang) for s in SHEETS]
        sheet = book[sheet_title("advantages", lang)]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert ("地区" if lang == "zh" else "Region") in header
        assert sheet.max_row > 5
    zh = load_workbook(reports["zh"][1], read_only=True)
    rows = list(zh[sheet_title("advantages", "zh")].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"宁夏", "甘肃"}


def test_custom_geojson_map(tmp_path: Path) -> None:
    cube = np.arange(1, 25, dtype=float).reshape(2, 3, 4)
    panel = Panel.from_cube(cube, regions=["North", "South", "East"],
                            activities=list("wxyz"), times=[2019, 2020])
    features = [{"type": "Feature", "properties": {"NAME": n},
                 "geometry": {"type": "Polygon", "coordinates": [[
                     [x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}}
                for x, n in enumerate(["north", "South", "West"])]
    geojson = {"type": "FeatureCollection", "features": features}
    spec = resolve_map(list(panel.regions), geojson, "NAME")
    assert spec is not None and spec.locations == {"North": "north", "South": "South"}
    results = profile(panel)
    document = write_html(results, ["East"], tmp_path / "r.html", map_spec=spec).read_text()
    assert "choropleth" in document
    with pytest.raises(AdvantageError, match="--geo-key"):
        resolve_map(["a"], geojson, None)
    assert resolve_map(["Narnia", "Gondor"]) is None  # not China's provinces: no map


def test_rewind_makes_exteriors_clockwise() -> None:
    ccw = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    gj = {"type": "FeatureCollection", "features": [
        {"properties": {"k": "a"}, "geometry": {"type": "Polygon", "coordinates": [ccw]}}]}
    ring = rewind(gj)["features"][0]["geometry"]["coordinates"][0]
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
    assert area < 0  # clockwise, as d3-geo expects
    assert gj["features"][0]["geometry"]["coordinates"][0] == ccw  # input untouched
    assert match_regions(["A "], gj, "k") == {"A ": "a"}


def test_layout_tree_and_seed() -> None:
    rng = np.random.default_rng(0)
    w = rng.random((30, 30))
    w = (w + w.T) / 2
    tree = maximum_spanning_tree(w)
    assert len(tree) == 29
    assert len({tuple(e) for e in tree}) == 29
    one, two = network_layout(w, seed=4), network_layout(w, seed=4)
    np.testing.assert_array_equal(one.xy, two.xy)
    assert np.abs(one.xy).max() == pytest.approx(1.0)
    assert len(one.edges) == 29 + 30


def test_results_are_labelled(china_results) -> None:  # type: ignore[no-untyped-def]
    r = china_results
    assert set(r.similarity.index) == set(r.panel.regions)
    assert {"national", "industry_mix", "competitive", "total"} <= set(r.shiftshare.columns)
    parts = r.shiftshare[["national", "industry_mix", "competitive"]].sum(axis=1)
    np.testing.assert_allclose(parts, r.shiftshare["total"], rtol=1e-9, atol=1e-6)
    assert {"feasibility", "strategic_value", "rank"} <= set(r.opportunities.columns)
    with pytest.raises(AdvantageError, match="'Atlantis' is not in the panel"):
        write_html(r, ["Atlantis"], Path("never-written.html"))


def test_report_command(china_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                        ) -> None:
    out, xlsx = tmp_path / "n.html", tmp_path / "n.xlsx"
    argv = ["report", str(china_csv), "--region", "province", "--activity", "industry",
            "--value", "output", "--time", "year", "--focus", "宁夏回族自治区,甘肃省",
            "--lang", "zh", "--out", str(out), "--excel", str(xlsx)]
    assert run_app(app, argv) == 0
    printed = capsys.readouterr().out
    assert "已写入" in printed and out.exists() and xlsx.exists()
    bad = argv[:12] + ["--focus", "Atlantis"] + argv[14:]
    assert run_app(app, bad) == 2
    assert "--focus 'Atlantis' is not in the panel" in capsys.readouterr().err
    geo = tmp_path / "g.geojson"
    geo.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    assert run_app(app, argv + ["--geojson", str(geo)]) == 2
    assert "--geo-key" in capsys.readouterr().err


def test_single_period_report_says_what_is_missing(tmp_path: Path) -> None:
    frame = china_table()
    frame = frame[frame["year"] == 2020].drop(columns="year")
    panel = Panel.from_long(frame, region="province", activity="industry", value="output")
    results = profile(panel)
    document = write_html(results, ["宁夏回族自治区"], tmp_path / "one.html",
                          display=display(results, "zh")).read_text(encoding="utf-8")
    assert results.notes["shiftshare"].key == "note_no_time"
    for name in CHARTS:
        assert f'id="chart-{name}"' in document
    assert "数据只有一个时期" in document  # why shift-share, ECI over time and transfer are empty
    write_excel(results, ["宁夏回族自治区"], tmp_path / "one.xlsx")


def test_make_report_one_call(china_results, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from advantage.report import make_report

    # "Ningxia" finds the panel's "宁夏回族自治区" only through the China preset's aliases.
    with pytest.raises(AdvantageError, match="'Ningxia' is not in the panel"):
        make_report(china_results, ["Ningxia"], html=tmp_path / "a.html")
    written = make_report(china_results, ["宁夏回族自治区"], html=tmp_path / "a.html",
                          excel=tmp_path / "a.xlsx", display=display(china_results, "en"))
    assert [p.name for p in written] == ["a.html", "a.xlsx"]
    with pytest.raises(AdvantageError, match="html= or excel="):
        make_report(china_results, ["宁夏回族自治区"])
    with pytest.raises(AdvantageError, match="the same file"):
        make_report(china_results, ["宁夏回族自治区"], html=tmp_path / "b.x",
                    excel=tmp_path / "b.x")


def test_chinese_report_has_chinese_reasons(china_csv: Path, tmp_path: Path) -> None:
    from advantage.report import make_report

    panel = Panel.from_long(pd.read_csv(china_csv), region="province", activity="industry",
                            value="output", time="year")
    xlsx = tmp_path / "zh.xlsx"
    result = profile(panel)
    make_report(result, ["宁夏回族自治区"], excel=xlsx, display=display(result, "zh"))
    book = load_workbook(xlsx, read_only=True)
    for name, start in (("advantages", ("支柱产业", "优势产业", "新兴产业", "非专业化产业",
                                         "优势但衰退")), ("opportunities", ("第",))):
        rows = list(book[sheet_title(name, "zh")].iter_rows(values_only=True))
        column = rows[0].index("原因")
        reasons = [str(r[column]) for r in rows[1:]]
        assert reasons and all(r.startswith(start) for r in reasons), reasons[:3]


def test_spanning_tree_has_the_largest_total_weight() -> None:
    # Reference: Kruskal's algorithm written here (sort edges by weight, join components),
    # against the csgraph-based tree; ties broken by random weights being distinct.
    rng = np.random.default_rng(11)
    w = rng.random((25, 25))
    w = np.triu(w, 1) + np.triu(w, 1).T
    w[w < 0.3] = 0.0  # some missing links, possibly a forest
    parent = list(range(25))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best = 0.0
    for i, j in sorted(zip(*np.nonzero(np.triu(w, 1)), strict=True), key=lambda e: -w[e]):
        a, b = find(int(i)), find(int(j))
        if a != b:
            parent[a] = b
            best += w[i, j]
    tree = maximum_spanning_tree(w)
    assert w[tree[:, 0], tree[:, 1]].sum() == pytest.approx(best, rel=1e-12)


def test_every_report_has_a_data_quality_section(reports) -> None:  # type: ignore[no-untyped-def]
    en, zh = reports["en"][0], reports["zh"][0]
    assert '<section id="quality">' in en and '<a href="#quality">' in en
    quality = en.split('<section id="quality">')[1].split("</section>")[0]
    for heading in ("Validity checks, latest period", "Stability of the top lists",
                    "ECI rank with its bootstrap interval"):
        assert heading in quality
    assert "the ECI eigenvector is separated by" in quality and "kept in " in quality
    assert "数据质量与可信度" in zh and "有效性检查（最近一期）" in zh
    assert "Portfolio" in en.split('id="summary"')[1].split("</section>")[0]


def test_workbench_sheets_and_charts(china_results, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from advantage.report.sections import figure_for

    shown = display(china_results, "en")
    for name in ("pswot", "portfolio"):
        figure, note = figure_for(name, china_results, ["宁夏回族自治区"], shown)
        assert note is None and len(figure.data) >= 2, name
    xlsx = write_excel(china_results, ["宁夏回族自治区"], tmp_path / "w.xlsx", display=shown)
    book = load_workbook(xlsx, read_only=True)
    rows = list(book[sheet_title("portfolio", "en")].iter_rows(values_only=True))
    assert rows[0][:3] == ("Region", "Rank", "Activity") and len(rows) == 6
    rows = list(book[sheet_title("stability", "en")].iter_rows(values_only=True))
    assert "Stability (0-1)" in rows[0] and len(rows) > 10
