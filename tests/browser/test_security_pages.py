"""In real Chromium: the API docs work offline under the dashboard's CSP, and labels holding
Plotly markup (finding SE6) are shown as text in the dashboard and the HTML report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from advantage.panel import Panel
from advantage.planning import profile
from advantage.report import write_html
from advantage.web import create_app

from ._support import LiveServer, local_only, wait_until

pytestmark = pytest.mark.browser

LINK = '<a href="https://evil.example/phish">Click here</a>'


def _links_table() -> pd.DataFrame:
    rows = []
    for year, k in ((2019, 1), (2020, 2)):
        for i, region in enumerate((LINK, "R2", "R3", "<b style='color:red'>R4</b>")):
            for j, activity in enumerate(("A1", LINK, "A3", "A4")):
                rows.append((year, region, activity, float((i + 1) * (j + 2) * k + i * j % 3)))
    return pd.DataFrame(rows, columns=["year", "reg", "act", "val"])


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    panel = Panel.from_long(_links_table(), region="reg", activity="act", value="val",
                            time="year")
    with LiveServer(create_app(panel=panel, name="links")) as server:
        yield server


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.blocked, page.refused, page.errors = [], [], []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda m: page.refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    local_only(page, page.blocked)
    yield page
    assert page.blocked == [], f"requests left the machine: {page.blocked}"
    assert page.refused == [], f"the page broke its own CSP: {page.refused}"
    assert page.errors == [], page.errors
    context.close()


def test_swagger_ui_renders_offline(page: Any, live: LiveServer, artifacts: Path) -> None:
    page.goto(f"{live.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    assert "/api/upload" in page.locator(".swagger-ui").inner_text()
    page.screenshot(path=artifacts / "docs-swagger.png")


def test_redoc_renders_offline(page: Any, live: LiveServer, artifacts: Path) -> None:
    page.goto(f"{live.url}/redoc")
    wait_until(page, "document.body.innerText.includes('Upload a CSV or Excel table')")
    page.screenshot(path=artifacts / "docs-redoc.png")
    # ReDoc's bundle always adds its maker's logo from a CDN to the menu footer; the CSP
    # stops it before any request is made (and the image hides itself on error)
    logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
    assert all(logo in text for text in page.refused), page.refused
    page.refused.clear()


def _no_live_links(page: Any) -> None:
    links = page.evaluate("""Array.from(document.querySelectorAll('.js-plotly-plot a'))
        .map((a) => (a.getAttribute('href') || '') + ' ' +
             (a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || ''))
        .filter((h) => h.includes('evil.example'))""")
    assert links == []
    assert page.locator(".js-plotly-plot [style*='color:red'], .js-plotly-plot "
                        "[style*='color: red']").count() == 0


def test_se6_dashboard_charts_show_markup_as_text(page: Any, live: LiveServer,
                                                  artifacts: Path) -> None:
    link = page.evaluate(f"encodeURIComponent({LINK!r})")
    for route in ("region/" + link, "opportunities/" + link, f"compare/{link},R2",
                  "activity/" + link):
        page.goto(f"{live.url}/#/{route}")
        page.wait_for_selector(f'#view[data-page="{route.split("/")[0]}"][data-ready="1"]',
                               timeout=20_000)
        assert page.locator("#error").is_hidden(), page.locator("#error").inner_text()
        _no_live_links(page)
    page.goto(f"{live.url}/#/compare/{link},R2")
    page.wait_for_selector('#view[data-page="compare"][data-ready="1"]', timeout=20_000)
    assert LINK in page.locator("#chart-compare").inner_text()  # the legend shows it as text
    assert LINK in page.locator("#chart-similarity").inner_text()
    page.screenshot(path=artifacts / "dashboard-se6-links.png", full_page=True)


def test_se6_report_charts_show_markup_as_text(page: Any, tmp_path: Path) -> None:
    panel = Panel.from_long(_links_table(), region="reg", activity="act", value="val",
                            time="year")
    path = write_html(profile(panel), [LINK, "R2"], tmp_path / "r.html")
    page.goto(path.as_uri())
    wait_until(page, "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7")
    _no_live_links(page)
    assert LINK in page.locator("#chart-quadrant").inner_text()
