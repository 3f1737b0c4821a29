"""The charts of a report (or a dashboard page) for a region or a group of regions.

:func:`figure_for` builds one named chart from :class:`~advantage.report.results.Results`;
:func:`build_sections` builds all of them, each with its heading and one-line reading guide.
Both the HTML report and the web dashboard use these, so the two always show the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from advantage._checks import AdvantageError, check_choice
from advantage.i18n import CATALOGUE, column_label, t
from advantage.report import charts
from advantage.report.maps import MapSpec, choropleth
from advantage.report.results import Results

__all__ = ["MAP_MEASURES", "Section", "build_sections", "display_names", "figure_for"]

_TABLE = {"quadrant": "advantages", "opportunities": "opportunities"}

#: Region-level values a map can show.
MAP_MEASURES = ("eci", "diversity", "coi", "value")


@dataclass(frozen=True)
class Section:
    """One chart with its heading and reading guide (``note`` says why a chart is empty)."""

    name: str
    heading: str
    guide: str
    figure: go.Figure
    note: str | None = None


def display_names(results: Results, lang: str) -> dict[Any, str]:
    """Region label -> display name.

    When most regions are China's provinces (any alias the reference module knows), they
    are shown by their short Chinese names under ``zh`` and English names under ``en``.
    """
    from advantage.reference import china  # noqa: PLC0415

    labels = list(results.panel.regions)
    names = {r: str(r) for r in labels}
    if china.match_share(labels) < 0.5:
        return names
    codes, _ = china.normalise_regions(labels)
    table = china.provinces(include_hk_mo_tw=True).set_index("code")
    column = "short_zh" if lang == "zh" else "name_en"
    for label, code in zip(labels, codes, strict=True):
        if code is not None:
            names[label] = str(table.loc[code, column])
    return names


def _title(focus: Sequence[Any], names: Mapping[Any, str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(names.get(r, str(r)) for r in focus)


def _named(frame: pd.DataFrame, names: Mapping[Any, str], *columns: str) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = [names.get(v, str(v)) for v in out[column]]
    return out


def _similar_subset(similarity: pd.DataFrame, focus: Sequence[Any], limit: int) -> list[Any]:
    labels = list(similarity.index)
    if len(labels) <= limit:
        return labels
    score = similarity.loc[list(focus)].max(axis=0).drop(list(focus), errors="ignore")
    others = list(score.sort_values(ascending=False).index[: max(limit - len(focus), 0)])
    return list(focus) + others


def figure_for(name: str, results: Results, focus: Sequence[Any], lang: str, *,
               map_spec: MapSpec | None = None, measure: str = "eci",
               names: Mapping[Any, str] | None = None, top: int = 15) -> tuple[go.Figure,
                                                                                 str | None]:
    """Build one chart for the focus regions.

    Parameters
    ----------
    name : str
        One of :data:`~advantage.report.charts.CHARTS`.
    results : Results
    focus : sequence
        Region labels (already checked against the panel).
    lang : {"en", "zh"}
    map_spec : MapSpec, optional
        Boundaries for the map; without them the map says it is not available.
    measure : str
        Region-level value on the map (:data:`MAP_MEASURES`).
    names : mapping, optional
        Display names of regions (default :func:`display_names`).
    top : int
        Opportunities shown per region.

    Returns
    -------
    figure, note : plotly Figure and the reason it is empty (None when it is not)
    """
    check_choice("chart", name, charts.CHARTS)
    names = dict(names) if names is not None else display_names(results, lang)
    title = _title(focus, names, lang)
    heading = t(f"report.section.{name}", lang)
    focus = list(focus)

    def empty(reason_key: str) -> tuple[go.Figure, str]:
        reason = t(reason_key, lang) if reason_key in CATALOGUE else reason_key
        return charts.empty_chart(heading, t("report.no_data", lang, reason=reason)), reason

    if name in ("quadrant", "opportunities") and _TABLE[name] in results.notes:
        return empty(results.notes[_TABLE[name]])
    if name == "quadrant":
        rows = _named(results.region_rows("advantages", focus), names, "region")
        return charts.quadrant_chart(rows, lang, title), None
    if name == "space":
        rows = results.indicators.rca[-1][results.panel.regions.get_indexer(pd.Index(focus))]
        rca = np.nanmax(np.nan_to_num(rows, nan=0.0), axis=0)
        fig = charts.space_chart(results.space, [str(a) for a in results.panel.activities],
                                 rca, results.indicators.pci[-1], lang, title)
        return fig, None
    if name == "opportunities":
        rows = results.region_rows("opportunities", focus)
        rows = _named(rows[rows["rank"] <= top], names, "region")
        return charts.opportunities_chart(rows, lang, title), None
    if name == "similarity":
        subset = _similar_subset(results.similarity, focus, 25)
        square = results.similarity.loc[subset, subset]
        shown = [names.get(r, str(r)) for r in subset]
        return charts.similarity_chart(pd.DataFrame(square.to_numpy(), index=shown,
                                                    columns=shown), lang), None
    if name == "shiftshare":
        if "shiftshare" in results.notes:
            return empty(results.notes["shiftshare"])
        rows = _named(results.region_rows("shiftshare", focus), names, "region")
        return charts.shiftshare_chart(rows, lang, title), None
    if name == "eci":
        if "eci" in results.notes:
            return empty(results.notes["eci"])
        rows = _named(results.eci, names, "region")
        return charts.eci_chart(rows, [names.get(f, str(f)) for f in focus], lang), None
    if name == "transfer":
        if "transfer" in results.notes:
            return empty(results.notes["transfer"])
        rows = results.transfer
        as_source = rows["source"].astype(str).str.split(", ").map(
            lambda losing: any(str(f) in losing for f in focus))
        mine = rows[rows["destination"].isin(focus) | as_source]
        rows = _named(mine if len(mine) else rows, names, "destination")
        rows["source"] = [", ".join(names.get(v, v) for v in str(s).split(", ") if v)
                          for s in rows["source"]]
        shown = [c for c in ("activity", "source", "destination", "rank", "score", "density",
                             "lq", "distance_km") if c in rows.columns
                 and rows[c].notna().any()]
        return charts.transfer_table(rows[shown], lang), None
    # map
    if map_spec is None:
        return empty("report.no_map")
    check_choice("measure", measure, MAP_MEASURES)
    values = dict(zip(results.regions["region"], results.regions[measure], strict=True))
    values = {k: v for k, v in values.items() if np.isfinite(v)}
    fig = choropleth(values, map_spec, lang, measure=column_label(measure, lang),
                     year=results.latest, focus=focus, names=names)
    return fig, None


def build_sections(results: Results, focus: Sequence[Any], lang: str, *,
                   map_spec: MapSpec | None = None, names: Mapping[Any, str] | None = None,
                   map_measure: str = "eci") -> list[Section]:
    """Every chart of :data:`~advantage.report.charts.CHARTS` for the focus regions."""
    focus = results.check_regions(list(focus))
    if not focus:
        raise AdvantageError("focus needs at least one region.")
    names = dict(names) if names is not None else display_names(results, lang)
    sections = []
    for name in charts.CHARTS:
        figure, note = figure_for(name, results, focus, lang, map_spec=map_spec, names=names,
                                  measure=map_measure)
        sections.append(Section(name, t(f"report.section.{name}", lang),
                                t(f"guide.{name}", lang), figure, note))
    return sections
