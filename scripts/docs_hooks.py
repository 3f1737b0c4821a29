"""MkDocs hooks of the documentation site (``mkdocs.yml``: ``hooks``).

- **Formulas without JavaScript.** ``$...$`` in text and fenced ``math`` blocks are turned
  into MathML when the site is built (``latex2mathml``), which browsers draw natively: no
  MathJax, no CDN, nothing to fetch.
- **A sample report.** The self-contained HTML report, in English and Chinese, of a small
  synthetic panel made here with a fixed seed (31 provinces x 24 manufacturing divisions of
  GB/T 4754, 2015 and 2020), written into the site as ``gallery/sample-report-en.html`` and
  ``gallery/sample-report-zh.html``. Its numbers are random and mean nothing; it shows what a
  report looks like and that it works offline.
- **The gallery.** Screenshots the browser tests save to ``test-artifacts/gallery/``
  (``tests/browser``) are copied into the site; the gallery page lists the ones present.
- **The examples.** The examples page shows every ``examples/*.py`` (its docstring, then the
  code), read when the site is built, so a new example appears without editing the page.
"""

from __future__ import annotations

import ast
import html
import re
import tempfile
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

__all__ = ["GALLERY", "examples_markdown", "on_config", "on_files", "on_page_markdown",
           "on_post_build", "sample_panel"]

ROOT = Path(__file__).resolve().parents[1]
#: Screenshots written by the browser tests, shown on the gallery page.
SHOTS = ROOT / "test-artifacts" / "gallery"
#: Gallery screenshots in page order: file name -> caption.
GALLERY = {
    "dashboard-overview.png": "Dashboard overview of the German states (REAT employment "
                              "data): indicators per region (no map is bundled for them).",
    "dashboard-region.png": "Dashboard region page: Bayern, with the LQ-versus-growth quadrant, "
                            "the activity space, ECI over time and shift-share.",
    "dashboard-zh-overview.png": "仪表板总览（中文）：31 个省份的合成数据，内置中国地图。",
    "dashboard-us-map.png": "Dashboard overview of US state exports (Census via stateior) with "
                            "the bundled state map.",
    "report-zh.png": "The offline HTML report in Chinese (synthetic provinces).",
    "report-world-map.png": "The world map of the offline report (py-ecomplexity trade sample).",
}
MARKER = "<!-- GALLERY IMAGES -->"
EXAMPLES_MARKER = "<!-- EXAMPLES -->"
EXAMPLES = ROOT / "examples"
#: Temporary folders of the current build (removed after it).
_TEMPORARY: list[Path] = []


# ------------------------------------------------------------------------------ formulas
def mathml(tex: str, *, block: bool) -> str:
    """MathML for a TeX formula (``display="block"`` for a block)."""
    from latex2mathml.converter import convert

    text = convert(tex.strip(), display="block" if block else "inline")
    return text.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "")


def math_fence(source: str, language: str, css_class: str, options: Any, md: Markdown,
               **kwargs: Any) -> str:
    """pymdownx.superfences formatter of fenced ``math`` blocks."""
    return f'<div class="advantage-math">{mathml(source, block=True)}</div>'


class _InlineMath(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str  # noqa: N802 (Markdown's API)
                    ) -> tuple[str | etree.Element | None, int | None, int | None]:
        return self.md.htmlStash.store(mathml(m.group(1), block=False)), m.start(0), m.end(0)


class InlineMath(Extension):
    """``$...$`` (no space inside either dollar) as inline MathML."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        """Register the pattern before code spans are escaped."""
        pattern = r"(?<![\\$\w])\$(?![\s$])((?:\\\$|[^$])+?)(?<![\s\\])\$(?![\w$])"
        md.inlinePatterns.register(_InlineMath(pattern, md), "advantage_math", 185)


@event_priority(100)  # before mkdocstrings copies the Markdown configuration
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add the MathML fence and the inline ``$...$`` pattern to every Markdown renderer."""
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences.setdefault("custom_fences", []).append(
        {"name": "math", "class": "advantage-math", "format": math_fence})
    config.markdown_extensions.append(InlineMath())
    return config


# ------------------------------------------------------------------------ sample report
def sample_panel() -> Any:
    """A seeded synthetic panel: 31 provinces x 24 GB/T 4754 divisions (13-36), 2015 and 2020."""
    import numpy as np
    import pandas as pd

    from advantage.panel import Panel
    from advantage.reference import divisions, provinces

    rng = np.random.default_rng(2026)
    divs = divisions()
    divs = divs[divs["code"].between("13", "36")]
    rows = [(year, name, code, float(rng.lognormal(3, 1.4)))
            for year in (2015, 2020) for name in provinces()["name_zh"] for code in divs["code"]
            if rng.random() < 0.8]
    frame = pd.DataFrame(rows, columns=["year", "province", "industry", "output"])
    panel = Panel.from_long(frame, region="province", activity="industry", value="output",
                            time="year")
    for lang in ("en", "zh"):
        panel = panel.with_display("activity", lang,
                                   dict(zip(divs["code"], divs[f"name_{lang}"], strict=True)))
    return panel


def _write_reports(folder: Path) -> dict[str, Path]:
    from advantage.planning import profile
    from advantage.reference import resolve_preset
    from advantage.report import display_for, resolve_map, write_html

    panel = sample_panel()
    preset = resolve_preset(list(panel.regions))
    assert preset is not None
    results = profile(panel, groups=preset.transfer_groups(), centroids=preset.centroids())
    focus = panel.match("region", ["宁夏"], aliases=preset.alias)
    spec = resolve_map(list(panel.regions))
    return {f"gallery/sample-report-{lang}.html":
            write_html(results, focus, folder / f"sample-report-{lang}.html",
                       display=display_for(panel, lang, preset), map_spec=spec)
            for lang in ("en", "zh")}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the sample reports and the browser tests' screenshots to the site."""
    folder = Path(tempfile.mkdtemp(prefix="advantage-docs-"))
    _TEMPORARY.append(folder)
    for uri, path in _write_reports(folder).items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for name in GALLERY:
        if (SHOTS / name).is_file():
            files.append(File.generated(config, f"gallery/{name}",
                                        abs_src_path=str(SHOTS / name)))
    return files


def examples_markdown() -> str:
    """One section per ``examples/*.py``: the question, the docstring, the code."""
    parts = []
    for path in sorted(EXAMPLES.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        doc = ast.get_docstring(tree) or path.stem
        title, _, rest = doc.partition("\n")
        body = tree.body[0]
        if ast.get_docstring(tree) is not None and body.end_lineno is not None:
            source = "\n".join(source.splitlines()[body.end_lineno:]).strip()
        parts.append(f"## {title.strip()}\n\n{rest.strip()}\n\n"
                     f'```python title="examples/{path.name}"\n{source}\n```\n')
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the examples page, and the gallery page with the screenshots present."""
    if EXAMPLES_MARKER in markdown:
        markdown = markdown.replace(EXAMPLES_MARKER, examples_markdown())
    if MARKER not in markdown:
        return markdown
    present = [name for name in GALLERY if files.get_file_from_path(f"gallery/{name}")]
    if not present:
        text = ("!!! note \"No screenshots in this build\"\n    The browser tests write them "
                "to `test-artifacts/gallery/`: run `make test` (it needs Chromium and the "
                "reference data), then `make docs`.\n")
    else:
        text = "\n".join(f'<figure markdown="span">\n  ![{html.escape(GALLERY[n])}]({n})\n'
                         f"  <figcaption>{html.escape(GALLERY[n])}</figcaption>\n</figure>\n"
                         for n in present)
    return markdown.replace(MARKER, text)


def on_post_build(config: MkDocsConfig) -> None:
    """Remove the sample reports' temporary folder (the site has its copies)."""
    import shutil

    while _TEMPORARY:
        shutil.rmtree(_TEMPORARY.pop(), ignore_errors=True)
