"""The documentation site builds with warnings as errors and works offline.

The site is built once per session with ``mkdocs build --strict`` into a temporary folder
(the command ``make docs`` runs), then read: no page loads a script, style sheet, font, image
or frame from outside the site; the API reference, the formulas, the generated backtest
report, the examples and the sample reports are there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("mkdocs", reason="the docs extra is not installed: pip install -e '.[docs]'")

#: Attributes through which a page makes the browser fetch something.
FETCHING = {"script": ["src"], "link": ["href"], "img": ["src", "srcset"],
            "iframe": ["src"], "source": ["src", "srcset"], "video": ["src", "poster"],
            "audio": ["src"], "embed": ["src"], "object": ["data"], "image": ["href"],
            "use": ["href"]}
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
                     re.IGNORECASE)


class Fetches(HTMLParser):
    """Every (tag, attribute, value) that makes a browser fetch, and the inline CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in FETCHING.get(tag, []):
                self.found.append((tag, name, value))
            if name == "style":
                self.css.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def external_fetches(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = Fetches()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attribute, value in parser.found:
            urls = [v.strip().split(" ")[0] for v in value.split(",")] \
                if attribute == "srcset" else [value]
            problems += [f"{page.relative_to(site)}: <{tag} {attribute}={u!r}>"
                         for u in urls if EXTERNAL.match(u)]
        problems += [f"{page.relative_to(site)}: CSS {u}" for css in parser.css
                     for u in CSS_URL.findall(css)]
    for sheet in sorted(site.rglob("*.css")):
        problems += [f"{sheet.relative_to(site)}: {u}"
                     for u in CSS_URL.findall(sheet.read_text(encoding="utf-8"))]
    return problems


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--site-dir", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "WARNING" not in done.stderr, done.stderr[-4000:]
    # mkdocs reports a link to a page left out of the site only as INFO, yet it is a dead link
    dead = [line for line in done.stderr.splitlines() if "excluded from the built site" in line]
    assert dead == []
    return out


def test_the_checker_finds_external_fetches(tmp_path: Path) -> None:
    # The check itself, on a page that loads a CDN script, a web font and an image, and
    # links (an anchor, which fetches nothing) to an outside page.
    (tmp_path / "page.html").write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/css?family=Roboto">'
        "<style>@font-face { src: url('https://fonts.example.org/r.woff2') }</style></head>"
        '<body><img srcset="local.png 1x, http://img.example.org/a.png 2x">'
        '<a href="https://example.org/">outside</a><script>var u = "https://x";</script>'
        "</body></html>", encoding="utf-8")
    (tmp_path / "extra.css").write_text("@import 'http://example.org/a.css';",
                                        encoding="utf-8")
    assert external_fetches(tmp_path) == [
        "page.html: <script src='https://cdn.example.org/x.js'>",
        "page.html: <link href='//fonts.example.org/css?family=Roboto'>",
        "page.html: <img srcset='http://img.example.org/a.png'>",
        "page.html: CSS https://fonts.example.org/r.woff2",
        "extra.css: http://example.org/a.css",
    ]


def test_no_page_fetches_anything_from_outside_the_site(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) > 20
    assert external_fetches(site) == []


def test_every_public_module_has_its_api_page(site: Path) -> None:
    wanted = {
        "panel": "advantage.panel.Panel",
        "io": "advantage.io.read_panel",
        "reference": "advantage.reference.resolve_preset",
        "measures": "advantage.measures.indicators.compute_indicators",
        "planning": "advantage.planning.profile.profile",
        "report": "advantage.report.display_for",
        "i18n": "advantage.i18n.render_reason",
        "reasons": "advantage.reasons.Reason",
    }
    for page, anchor in wanted.items():
        text = (site / "api" / page / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in text, (page, anchor)


def test_formulas_are_mathml_and_no_rest_is_left(site: Path) -> None:
    pages = [site / "methods" / name / "index.html"
             for name in ("advantage", "complexity", "relatedness", "structure", "linkages",
                          "planning")]
    pages += sorted((site / "api").rglob("index.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for leftover in (".. math::", ":math:`", ":func:`", ":class:`", "```math", "<autoref"):
            assert leftover not in text, (page, leftover)
    assert (site / "methods" / "complexity" / "index.html").read_text(
        encoding="utf-8").count("<math") >= 8


def test_backtest_page_includes_the_generated_report(site: Path) -> None:
    generated = (ROOT / "docs" / "backtest.md").read_text(encoding="utf-8")
    title = generated.splitlines()[0].lstrip("# ").strip()
    text = (site / "methods" / "backtest" / "index.html").read_text(encoding="utf-8")
    assert title in text
    assert not (site / "backtest").exists()  # shown inside the methods page only


def test_examples_page_shows_every_example(site: Path) -> None:
    text = (site / "examples" / "index.html").read_text(encoding="utf-8")
    for script in sorted((ROOT / "examples").glob("*.py")):
        assert f"examples/{script.name}" in text, script.name


def test_sample_reports_are_self_contained(site: Path) -> None:
    for lang in ("en", "zh"):
        report = site / "gallery" / f"sample-report-{lang}.html"
        text = report.read_text(encoding="utf-8")
        assert "Plotly" in text and "<script src" not in text
    assert "宁夏" in (site / "gallery" / "sample-report-zh.html").read_text(encoding="utf-8")


def test_case_studies_hold_their_results() -> None:
    # the numbers themselves are checked against a run of the demo in tests/test_demo.py
    for lang, heading in (("en", "## Results"), ("zh", "## 结果")):
        text = (ROOT / "docs" / "case-study" / f"western-development.{lang}.md").read_text(
            encoding="utf-8")
        assert heading in text and "STUDY RESULTS" not in text
