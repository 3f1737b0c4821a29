"""The dashboard in real headless Chromium: every page, a region click-through, uploads, zh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from advantage.panel import Panel
from advantage.web import create_app

from ._support import LiveServer, china_table, gallery_shot, local_only, wait_until

pytestmark = pytest.mark.browser

PAGES = ["overview", "region", "activity", "opportunities", "peers", "portfolio", "transfer",
         "compare", "diagnostics", "upload"]


@pytest.fixture(scope="module")
def live(shared_data: Path) -> Iterator[LiveServer]:
    frame = pd.read_csv(shared_data / "reat_G.regions.emp.csv")
    panel = Panel.from_long(frame, region="region", activity="industry", value="emp",
                            time="year")
    with LiveServer(create_app(panel=panel, name="germany")) as server:
        yield server


@pytest.fixture()
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.blocked = []
    page.errors = []
    page.refused = []  # Content-Security-Policy violations (Chromium logs them)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda m: page.refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    local_only(page, page.blocked)
    yield page
    assert page.blocked == [], f"requests left the machine: {page.blocked}"
    assert page.refused == [], f"the page broke its own CSP: {page.refused}"
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    context.close()


def open_route(page: Any, live: LiveServer, route: str) -> None:
    page.goto(f"{live.url}/#/{route}")
    page.wait_for_selector(f'#view[data-page="{route.split("/")[0]}"][data-ready="1"]',
                           timeout=20_000)


def test_every_page_renders_without_errors(page: Any, live: LiveServer, artifacts: Path
                                           ) -> None:
    for route in PAGES:
        open_route(page, live, route)
        assert page.locator("#error").is_hidden(), page.locator("#error").inner_text()
        for chart in page.locator("#view .chart").all():
            assert chart.locator(".main-svg").count() > 0, f"empty chart on {route}"
        page.screenshot(path=artifacts / f"dashboard-{route}.png", full_page=True)
        if route == "overview":
            gallery_shot(page, "dashboard-overview.png")
    open_route(page, live, "compare")
    assert page.locator("#chart-compare .main-svg").count() > 0
    assert page.locator("#chart-similarity .main-svg").count() > 0


def test_click_through_a_region(page: Any, live: LiveServer, artifacts: Path) -> None:
    open_route(page, live, "overview")
    link = page.locator("#view table a", has_text="Bayern").first
    link.click()
    page.wait_for_selector('#view[data-page="region"][data-ready="1"]', timeout=20_000)
    assert "Bayern" in page.locator("#region-name").inner_text()
    for chart in ("quadrant", "space", "eci", "shiftshare"):
        assert page.locator(f"#chart-{chart} .main-svg").count() > 0, chart
    assert page.locator("#view table.data tbody tr").count() > 0
    page.screenshot(path=artifacts / "dashboard-region-bayern.png", full_page=True)
    gallery_shot(page, "dashboard-region.png")
    page.select_option("#picker", "Hamburg")
    wait_until(page, "document.querySelector('#region-name') && "
                           "document.querySelector('#region-name').textContent"
                           ".includes('Hamburg')", timeout=20)


def upload(page: Any, live: LiveServer, path: Path, roles: dict[str, str]) -> str:
    open_route(page, live, "upload")
    page.set_input_files("#upload-file", str(path))
    for role, column in roles.items():
        page.fill(f"#upload-{role}", column)
    page.click("#upload-submit")
    wait_until(page, "!['', '…', 'Loading...', '加载中……'].includes("
                           "document.querySelector('#upload-status').textContent)",
               timeout=30)
    return str(page.locator("#upload-status").inner_text())


def test_bad_upload_shows_the_panels_message(page: Any, live: LiveServer, artifacts: Path,
                                             tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("year,province,industry,output\n2020,A,x,1\n2020,B,x,-5\n", encoding="utf-8")
    message = upload(page, live, bad, {"region": "province", "activity": "industry",
                                       "value": "output", "time": "year"})
    assert "must hold finite values >= 0" in message
    assert "line 3" in message  # the line of the file a spreadsheet shows
    assert "must hold finite values >= 0" in page.locator("#error").inner_text()
    page.screenshot(path=artifacts / "dashboard-upload-error.png", full_page=True)
    message = upload(page, live, bad, {"region": "prov", "activity": "industry",
                                       "value": "output"})
    assert "column 'prov'" in message


def test_upload_then_switch_to_chinese(page: Any, live: LiveServer, artifacts: Path,
                                       tmp_path: Path) -> None:
    good = tmp_path / "provinces.csv"
    china_table().to_csv(good, index=False)
    message = upload(page, live, good, {"region": "province", "activity": "industry",
                                        "value": "output", "time": "year"})
    assert "31" in message, message
    page.select_option("#lang", "zh")
    wait_until(page, "document.querySelector('h1').textContent.includes('仪表板')")
    open_route(page, live, "overview")
    assert page.locator("#nav a[data-route=region]").inner_text() == "地区"
    assert page.locator("#chart-map .choroplethlocation").count() >= 31
    assert "宁夏" in page.locator("#view table").inner_text()
    page.screenshot(path=artifacts / "dashboard-zh-overview.png", full_page=True)
    gallery_shot(page, "dashboard-zh-overview.png")
    page.select_option("#map-measure", "value")
    wait_until(page, "document.querySelector('#map-measure') && "
                           "document.querySelector('#map-measure').value === 'value' && "
                           "document.querySelector('#view').dataset.ready === '1'")
    assert "数值" in page.locator("#chart-map").inner_text()
    open_route(page, live, "region/" + "宁夏回族自治区")
    assert "宁夏" in page.locator("#region-name").inner_text()
    assert "比较优势与增长" in page.locator("#view").inner_text()
    page.screenshot(path=artifacts / "dashboard-zh-region.png", full_page=True)
    page.select_option("#lang", "en")
