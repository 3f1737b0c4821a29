"""The charts of a report (or a dashboard page) for a region or a group of regions.

:func:`figure_for` builds one named chart from a :class:`~advantage.planning.profile.Profile`;
:func:`build_sections` builds all of them, each with its heading and one-line reading guide.
Both the HTML report and the web dashboard use these, so the two always show the same thing.
Names and sentences come from a :class:`~advantage.report.display.Display` in the reader's
language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from advantage._checks import AdvantageError, check_choice
from advantage.i18n import column_label, t
from advantage.planning.profile import Profile
from advantage.reasons import Reason
from advantage.report import charts
from advantage.report.display import Display
from advantage.report.layout import NetworkLayout, network_layout
from advantage.report.maps import MapSpec, choropleth

__all__ = ["MAP_MEASURES", "Section", "activity_space", "build_sections", "figure_for",
           "named"]

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


def named(frame: pd.DataFrame, display: Display, **columns: str) -> pd.DataFrame:
    """A copy of ``frame`` with the given label columns shown by name (column=axis)."""
    out = frame.copy()
    for column, axis in columns.items():
        if column in out.columns:
            out[column] = [display.show(axis, v) for v in out[column]]
    return out


def activity_space(profile: Profile, seed: int = 0) -> NetworkLayout:
    """Positions and links of the activity space (latest proximity), seeded."""
    return network_layout(np.nan_to_num(profile.indicators.proximity[-1]), seed=seed)


def _title(focus: Sequence[Any], display: Display) -> str:
    sep = "、" if display.lang == "zh" else ", "
    return sep.join(display.show("region", r) for r in focus)


def _similar_subset(similarity: pd.DataFrame, focus: Sequence[Any], limit: int) -> list[Any]:
    labels = list(similarity.index)
    if len(labels) <= limit:
        return labels
    score = similarity.loc[list(focus)].max(axis=0).drop(list(focus), errors="ignore")
    others = list(score.sort_values(ascending=False).index[: max(limit - len(focus), 0)])
    return list(focus) + others


def figure_for(name: str, profile: Profile, focus: Sequence[Any], display: Display, *,
               map_spec: MapSpec | None = None, measure: str = "eci",
               space: NetworkLayout | None = None,
               top: int = 15) -> tuple[go.Figure, str | None]:
    """Build one chart for the focus regions.

    Parameters
    ----------
    name : str
        One of :data:`~advantage.report.charts.CHARTS`.
    profile : Profile
    focus : sequence
        Region labels (already matched to the panel).
    display : Display
        Language and names.
    map_spec : MapSpec, optional
        Boundaries for the map; without them the map says it is not available.
    measure : str
        Region-level value on the map (:data:`MAP_MEASURES`).
    space : NetworkLayout, optional
        The activity-space layout (default: computed, seed 0).
    top : int
        Opportunities shown per region.

    Returns
    -------
    figure, note : plotly Figure and the reason it is empty (None when it is not)
    """
    check_choice("chart", name, charts.CHARTS)
    lang = display.lang
    title = _title(focus, display)
    heading = t(f"report.section.{name}", lang)
    focus = list(focus)

    def empty(reason: Reason | str) -> tuple[go.Figure, str]:
        text = display.reasons([reason])[0] if isinstance(reason, Reason) else t(reason, lang)
        return charts.empty_chart(heading, t("report.no_data", lang, reason=text)), text

    if name in ("quadrant", "opportunities"):
        table = getattr(profile, _TABLE[name])  # computing it records a note if it fails
        if _TABLE[name] in profile.notes:
            return empty(profile.notes[_TABLE[name]])
        del table
    if name == "quadrant":
        rows = named(profile.region_rows("advantages", focus), display, region="region",
                     activity="activity")
        return charts.quadrant_chart(rows, lang, title), None
    if name == "space":
        rows = profile.indicators.rca[-1][profile.panel.locate("region", focus)]
        rca = np.nanmax(np.nan_to_num(rows, nan=0.0), axis=0)
        fig = charts.space_chart(space if space is not None else activity_space(profile),
                                 [display.show("activity", a) for a in profile.panel.activities],
                                 rca, profile.indicators.pci[-1], lang, title)
        return fig, None
    if name == "opportunities":
        rows = profile.region_rows("opportunities", focus)
        rows = named(rows[rows["rank"] <= top], display, region="region", activity="activity")
        return charts.opportunities_chart(rows, lang, title), None
    if name == "similarity":
        subset = _similar_subset(profile.similarity, focus, 25)
        square = profile.similarity.loc[subset, subset]
        shown = [display.show("region", r) for r in subset]
        return charts.similarity_chart(pd.DataFrame(square.to_numpy(), index=shown,
                                                    columns=shown), lang), None
    if name == "pswot":
        first = focus[:1]
        table = profile.pswot_of(first)
        if f"pswot:{first[0]}" in profile.notes:
            return empty(profile.notes[f"pswot:{first[0]}"])
        rows = named(table, display, activity="activity")
        return charts.pswot_chart(rows, lang, _title(first, display)), None
    if name == "portfolio":
        first = focus[:1]
        picks = profile.portfolio_of(first)
        note = profile.notes.get(f"portfolio:{first[0]}")
        if note is not None:
            return empty(note)
        candidates = named(profile.attractiveness_of(first), display, activity="activity")
        picks = named(picks, display, activity="activity", cluster_hub="activity")
        return charts.portfolio_chart(candidates, picks, lang, _title(first, display)), None
    if name == "shiftshare":
        table = profile.shiftshare
        if "shiftshare" in profile.notes:
            return empty(profile.notes["shiftshare"])
        rows = named(table[table["region"].isin(focus)], display, region="region")
        return charts.shiftshare_chart(rows.reset_index(drop=True), lang, title), None
    if name == "eci":
        if not profile.panel.has_time or profile.panel.shape[0] < 2:
            return empty(Reason("note_no_time"))
        rows = named(profile.eci, display, region="region")
        return charts.eci_chart(rows, [display.show("region", f) for f in focus], lang), None
    if name == "transfer":
        rows = profile.transfer
        if "transfer" in profile.notes:
            return empty(profile.notes["transfer"])
        mine = rows[rows["destination"].isin(focus)
                    | rows["source"].map(lambda losing: any(f in losing for f in focus))]
        rows = display.table(mine if len(mine) else rows, headers=False)
        rows = named(rows, display, destination="region", activity="activity")
        shown = [c for c in ("activity", "source", "destination", "rank", "score", "density",
                             "lq", "distance_km") if c in rows.columns
                 and rows[c].notna().any()]
        return charts.transfer_table(rows[shown], lang), None
    # map
    if map_spec is None:
        return empty("report.no_map")
    check_choice("measure", measure, MAP_MEASURES)
    values = dict(zip(profile.regions["region"], profile.regions[measure], strict=True))
    values = {k: v for k, v in values.items() if np.isfinite(v)}
    names = {r: display.show("region", r) for r in profile.panel.regions}
    fig = choropleth(values, map_spec, lang, measure=column_label(measure, lang),
                     year=profile.latest, focus=focus, names=names)
    return fig, None


def build_sections(profile: Profile, focus: Sequence[Any], display: Display, *,
                   map_spec: MapSpec | None = None, map_measure: str = "eci",
                   space: NetworkLayout | None = None) -> list[Section]:
    """Every chart of :data:`~advantage.report.charts.CHARTS` for the focus regions."""
    focus = list(focus)
    if not focus:
        raise AdvantageError("focus needs at least one region.")
    space = space if space is not None else activity_space(profile)
    sections = []
    for name in charts.CHARTS:
        figure, note = figure_for(name, profile, focus, display, map_spec=map_spec,
                                  measure=map_measure, space=space)
        sections.append(Section(name, t(f"report.section.{name}", display.lang),
                                t(f"guide.{name}", display.lang), figure, note))
    return sections
