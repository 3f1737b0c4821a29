"""The bundled US and world maps draw in real Chromium: the dashboard (under its CSP) and the
offline HTML report, with no request leaving the machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from advantage.panel import Panel
from advantage.planning import profile
from advantage.report import resolve_map, write_html
from advantage.web import create_app

from ._support import LiveServer, gallery_shot, local_only, wait_until

pytestmark = pytest.mark.browser


def test_dashboard_draws_the_us_state_map(browser: Any, shared_data: Path,
                                          artifacts: Path) -> None:
    frame = pd.read_csv(shared_data / "us_state_x_naics_exports_2013_2018.csv.gz",
                        dtype={"NAICS": str})
    frame = frame[frame["NAICS"].str.len() == 3]  # one level of the mixed 2/3/4-digit codes
    panel = Panel.from_long(frame, region="State", activity="NAICS", value="Value",
                            time="Year")
    with LiveServer(create_app(panel=panel, name="us")) as live:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        blocked: list[str] = []
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text)
                if "Content Security Policy" in m.text else None)
        local_only(page, blocked)
        page.goto(f"{live.url}/#/overview")
        page.wait_for_selector('#view[data-page="overview"][data-ready="1"]',
                               timeout=60_000)
        assert page.locator("#chart-map .choroplethlocation").count() == 51
        page.screenshot(path=artifacts / "dashboard-us-map.png", full_page=True)
        gallery_shot(page, "dashboard-us-map.png")
        context.close()
    assert blocked == [] and refused == [], (blocked, refused)


def test_report_draws_the_world_map_offline(browser: Any, shared_data: Path,
                                            tmp_path: Path, artifacts: Path) -> None:
    frame = pd.read_csv(shared_data / "pyecomplexity_trade_data_sample.csv",
                        dtype={"hs92": str})
    panel = Panel.from_long(frame, region="origin", activity="hs92", value="export_val",
                            time="year")
    spec = resolve_map(list(panel.regions))
    assert spec is not None and spec.preset == "world"
    path = write_html(profile(panel), ["deu"], tmp_path / "world.html",
                      map_spec=spec)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    blocked: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (blocked.append(r.request.url), r.abort()))
    page.goto(path.as_uri())
    wait_until(page, "document.querySelectorAll('#chart-map .choroplethlocation').length"
                     " >= 9")
    page.locator("#chart-map").screenshot(path=artifacts / "report-world-map.png")
    gallery_shot(page.locator("#chart-map"), "report-world-map.png")
    context.close()
    assert blocked == []
