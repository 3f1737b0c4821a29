"""The HTML report opens offline in real Chromium and renders every chart (maps included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advantage.panel import Panel
from advantage.planning import profile
from advantage.reference.presets import resolve_preset
from advantage.report import display_for, resolve_map, write_html
from advantage.report.charts import CHARTS

from ._support import china_table, gallery_shot

pytestmark = pytest.mark.browser


def test_report_renders_with_all_network_blocked(browser: Any, artifacts: Path,
                                                 tmp_path: Path) -> None:
    panel = Panel.from_long(china_table(), region="province", activity="industry",
                            value="output", time="year")
    results = profile(panel)
    shown = display_for(panel, "zh", resolve_preset(list(panel.regions)))
    path = write_html(results, ["宁夏回族自治区", "甘肃省"], tmp_path / "report.html",
                      display=shown, map_spec=resolve_map(list(panel.regions)))
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  offline=True)
    page = context.new_page()
    requested: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def block(route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            requested.append(url)
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {len(CHARTS)}",
        timeout=30_000)
    for name in CHARTS:
        assert page.locator(f"#chart-{name} .main-svg").count() > 0, name
    assert page.locator("#chart-map .choroplethlocation").count() >= 31
    assert requested == [], f"the report asked the network for {requested}"
    assert errors == [], errors
    page.screenshot(path=artifacts / "report-zh.png", full_page=True)
    gallery_shot(page, "report-zh.png")
    context.close()
