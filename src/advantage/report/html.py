"""A self-contained HTML report: every chart, its reading guide and summary tables, offline.

Plotly's JavaScript is inlined once (``include_plotlyjs=True`` for the first chart only) and
the base-map stub of :mod:`advantage.report.maps` is inlined in the head, so the file opens
with no network access and refers to no outside script, style sheet or font.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio

import advantage
from advantage.i18n import check_lang, t
from advantage.planning.profile import Profile
from advantage.report.display import Display
from advantage.report.maps import OFFLINE_GEO_SCRIPT
from advantage.report.sections import Section, build_sections

__all__ = ["quality_tables", "render_html", "render_page", "summary_tables", "write_html",
           "write_page"]

CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",Arial,
sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3b63;color:#fff;padding:24px 32px}header h1{margin:0 0 6px;font-size:26px}
header p{margin:0;opacity:.85}nav{padding:8px 32px;background:#e8eef7;font-size:14px}
nav a{margin-right:14px;color:#1f3b63}main{padding:8px 32px 32px;max-width:1200px}
section{background:#fff;margin:18px 0;padding:16px 20px;border-radius:6px;
box-shadow:0 1px 3px rgba(0,0,0,.08)}h2{margin:0 0 4px;font-size:20px}
p.guide{margin:0 0 8px;color:#555;font-size:14px}p.note{color:#a33}
table.data{border-collapse:collapse;font-size:13px;margin:6px 0 14px}
table.data th,table.data td{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}
table.data th{background:#f0f3f8}footer{padding:16px 32px;color:#777;font-size:12px}
"""

#: Classes a summary lists as advantages (the planning module's names; unknown ones are shown).
_SPECIALISED = ("pillar", "endowment-based characteristic", "advantaged", "declining", "star",
                "mature")


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, classes="data", border=0, escape=True,
                         float_format=lambda v: f"{v:,.3f}", na_rep="")


def summary_tables(profile: Profile, focus: Sequence[Any], display: Display,
                   rows: int = 10) -> list[tuple[str, pd.DataFrame]]:
    """The report's summary: top advantageous activities and top opportunities per region.

    Tables come out readable (names, translated classes and headers) in the display's
    language.
    """
    adv = profile.region_rows("advantages", list(focus))
    adv = adv[adv["class"].astype(str).isin(_SPECIALISED)]
    adv = adv.sort_values(["region", "lq"], ascending=[True, False]).groupby("region").head(rows)
    keep = [c for c in ("region", "activity", "class", "lq", "share_of_region",
                        "growth_vs_nation") if c in adv.columns]
    opp = profile.region_rows("opportunities", list(focus))
    opp = opp[opp["rank"] <= rows]
    opp = opp[[c for c in ("region", "rank", "activity", "feasibility", "strategic_value",
                           "score") if c in opp.columns]]
    out = [(t("report.top_advantages", display.lang), _shown(adv[keep], display)),
           (t("report.top_opportunities", display.lang), _shown(opp, display))]
    picks = profile.portfolio_of(list(focus))
    if len(picks):
        out.append((t("report.portfolio", display.lang),
                    _shown(picks[["region", "rank", "activity", "feasibility",
                                  "attractiveness", "cluster", "reason"]], display)))
    peers = profile.pswot_of(list(focus))
    if len(peers):
        peers = peers[peers["pswot"].astype(str).isin(["strength", "threat"])]
        peers = peers.sort_values(["region", "pswot", "relative_presence"],
                                  ascending=[True, True, False]).groupby(
            ["region", "pswot"], observed=True).head(5)
        out.append((t("report.top_pswot", display.lang),
                    _shown(peers[["region", "activity", "pswot", "relative_presence", "fit",
                                  "reason"]], display)))
    return out


def quality_tables(profile: Profile, focus: Sequence[Any],
                   display: Display) -> list[tuple[str, pd.DataFrame]]:
    """The data-quality section: validity checks, list stability and ECI rank intervals."""
    lang = display.lang
    checks = profile.diagnostics
    if len(checks) and "time" in checks.columns and checks["time"].notna().any():
        checks = checks[checks["time"] == checks["time"].iloc[-1]]
    out = [(t("report.quality.checks", lang),
            _shown(checks[["check", "value", "verdict", "detail"]], display))]
    stable = profile.stability_of(list(focus))
    if len(stable):
        out.append((t("report.quality.stability", lang),
                    _shown(stable[["list", "region", "rank", "activity", "stability",
                                   "reason"]], display)))
    ranks = profile.ranks
    if len(ranks):
        ranks = ranks[ranks["region"].isin(list(focus))]
        out.append((t("report.quality.ranks", lang),
                    _shown(ranks[["region", "eci", "rank", "rank_low", "rank_high"]],
                           display)))
    return out


def _shown(frame: pd.DataFrame, display: Display) -> pd.DataFrame:
    """Names in place of labels, then the display's translations (classes, headers)."""
    out = frame.reset_index(drop=True).copy()
    for column, axis in (("region", "region"), ("activity", "activity")):
        if column in out.columns:
            out[column] = [display.show(axis, v) for v in out[column]]
    out = out.astype({c: object for c in out.columns if str(out[c].dtype) == "category"})
    return display.table(out, headers=True)


def render_page(title: str, subtitle: str, sections: Sequence[Section], lang: str, *,
                intro: Sequence[tuple[str, str]] = (),
                quality: Sequence[tuple[str, str]] = ()) -> str:
    """A complete self-contained HTML page: header, navigation, optional intro, charts.

    Parameters
    ----------
    title, subtitle : str
        Page heading and the line under it.
    sections : sequence of Section
        Charts in order (plotly.js is inlined with the first).
    lang : {"en", "zh"}
    intro : sequence of (heading, html)
        Blocks shown before the charts (already escaped HTML, e.g. tables).
    quality : sequence of (heading, html)
        Blocks of the data-quality section, shown after the charts.
    """
    check_lang(lang)
    esc = html.escape
    nav = [f'<a href="#summary">{esc(t("report.section.summary", lang))}</a>'] if intro else []
    nav += [f'<a href="#sec-{s.name}">{esc(s.heading)}</a>' for s in sections]
    if quality:
        nav.append(f'<a href="#quality">{esc(t("report.section.quality", lang))}</a>')
    body = []
    if intro:
        body += ['<section id="summary">', f'<h2>{esc(t("report.section.summary", lang))}</h2>']
        for heading, block in intro:
            body += [f"<h3>{esc(heading)}</h3>", block]
        body.append("</section>")
    config = {"displaylogo": False, "responsive": True}
    for i, section in enumerate(sections):
        div = pio.to_html(section.figure, full_html=False, include_plotlyjs=(i == 0),
                          div_id=f"chart-{section.name}", config=config)
        note = f'<p class="note">{esc(section.note)}</p>' if section.note else ""
        body += [f'<section id="sec-{section.name}" class="chart">',
                 f"<h2>{esc(section.heading)}</h2>",
                 f'<p class="guide">{esc(section.guide)}</p>', note, div, "</section>"]
    if quality:
        body += ['<section id="quality">', f'<h2>{esc(t("report.section.quality", lang))}</h2>',
                 f'<p class="guide">{esc(t("report.quality.guide", lang))}</p>']
        for heading, block in quality:
            body += [f"<h3>{esc(heading)}</h3>", block]
        body.append("</section>")
    footer = esc(t("report.generated", lang, version=advantage.__version__))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{html_lang}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>", f"<style>{CSS}</style>",
        f"<script>{OFFLINE_GEO_SCRIPT}</script>", "</head>", "<body>",
        f"<header><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>",
        f"<nav>{''.join(nav)}</nav>", "<main>", *body, "</main>",
        f"<footer>{footer}</footer>", "</body>", "</html>",
    ])


def render_html(profile: Profile, focus: Sequence[Any], display: Display,
                sections: list[Section]) -> str:
    """The complete HTML report for the given sections, with the summary tables first."""
    panel, lang = profile.panel, display.lang
    region_title = ("、" if lang == "zh" else ", ").join(display.show("region", r)
                                                        for r in focus)
    years = (f"{panel.times[0]}–{panel.times[-1]}" if panel.has_time
             else t("report.single_year", lang))
    title = t("report.title", lang, region=region_title)
    subtitle = t("report.subtitle", lang, n_regions=panel.shape[1],
                 n_activities=panel.shape[2], years=years)
    intro = [(heading, _table(frame))
             for heading, frame in summary_tables(profile, focus, display)]
    quality = [(heading, _table(frame))
               for heading, frame in quality_tables(profile, focus, display)]
    return render_page(title, subtitle, sections, lang, intro=intro, quality=quality)


def write_page(path: Path, title: str, subtitle: str, sections: Sequence[Section],
               lang: str = "en") -> Path:
    """Write a self-contained page of charts (see :func:`render_page`) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(title, subtitle, sections, lang), encoding="utf-8")
    return path


def write_html(profile: Profile, focus: Sequence[Any], path: Path, *,
               display: Display | None = None, map_spec: Any = None,
               map_measure: str = "eci") -> Path:
    """Write the self-contained HTML report for the focus regions to ``path``.

    Parameters
    ----------
    profile : Profile
    focus : sequence
        One region or a group of regions (panel labels).
    path : pathlib.Path
        Output file (its folder is created).
    display : Display, optional
        Language and names (default English, labels as they are).
    map_spec : MapSpec, optional
        Boundaries for the choropleth (see :func:`~advantage.report.maps.resolve_map`).
    map_measure : str
        Region-level value on the map (:data:`~advantage.report.sections.MAP_MEASURES`).

    Returns
    -------
    pathlib.Path
    """
    display = display if display is not None else Display()
    focus = profile.panel.match("region", list(focus), name="focus")
    sections = build_sections(profile, focus, display, map_spec=map_spec,
                              map_measure=map_measure)
    document = render_html(profile, focus, display, sections)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document, encoding="utf-8")
    return path
