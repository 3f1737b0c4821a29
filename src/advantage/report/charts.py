"""Plotly figures for reports and the dashboard, in English or Chinese.

Each builder takes the tidy frames of a :class:`~advantage.planning.profile.Profile` (already
filtered to the regions to show, with display labels) and returns a
:class:`plotly.graph_objects.Figure`. The figures only present; every number comes from the
library. The one-line reading guide of each chart is the ``guide.<name>`` message of
:mod:`advantage.i18n`.

Labels from the data (region and activity names, in titles, legends, hover text, tick
labels and table cells) pass through :func:`~advantage.report.safe.plotly_text` here, so
Plotly shows ``<a href=...>`` or ``<b>`` in a name as text and never as a link or markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from advantage.i18n import column_label, t, translate_values
from advantage.report.layout import NetworkLayout
from advantage.report.safe import plotly_text, plotly_texts

__all__ = [
    "CHARTS",
    "FONT",
    "eci_chart",
    "empty_chart",
    "opportunities_chart",
    "portfolio_chart",
    "pswot_chart",
    "quadrant_chart",
    "shiftshare_chart",
    "similarity_chart",
    "space_chart",
    "style",
    "transfer_table",
]

#: Chart names in the order reports show them (each has ``guide.<name>`` in the catalogue).
CHARTS = ("quadrant", "space", "opportunities", "portfolio", "pswot", "similarity", "shiftshare",
          "eci", "transfer", "map")

#: Fonts that render Latin and CJK text (Noto CJK is what the test machines install).
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, Arial, sans-serif"

#: Colours of the advantage classes (the planning module's classes, then the stand-in's).
CLASS_COLOURS = {"pillar": "#006837", "endowment-based characteristic": "#35978f",
                 "advantaged": "#1a9850", "declining": "#4575b4", "emerging": "#fdae61",
                 "present, not specialised": "#bababa", "star": "#1a9850", "mature": "#4575b4",
                 "marginal": "#bababa"}
#: Colours of the PSWOT labels (Metroverse's order: strength, opportunity, weakness, threat).
PSWOT_COLOURS = {"strength": "#1a9850", "opportunity": "#4575b4", "weakness": "#bababa",
                 "threat": "#d73027", "possible entrant": "#984ea3"}
REGION_COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                  "#e377c2", "#17becf")
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "cross", "star", "x", "hexagon")


def style(fig: go.Figure, title: str, *, height: int = 480) -> go.Figure:
    """Apply the common look: white template, CJK-capable font, title, margins."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        template="plotly_white", font={"family": FONT, "size": 13}, height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
    )
    return fig


def empty_chart(title: str, message: str) -> go.Figure:
    """A figure that says why there is nothing to show."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper", font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return style(fig, title, height=260)


def _bubble_sizes(values: pd.Series, biggest: float = 45.0) -> dict[str, Any]:
    peak = float(np.nanmax(values)) if len(values) and np.nanmax(values) > 0 else 1.0
    return {"size": np.sqrt(np.maximum(values.to_numpy(dtype=float), 0) / peak) * biggest + 4,
            "sizemode": "diameter"}


def quadrant_chart(advantages: pd.DataFrame, lang: str, title_region: str) -> go.Figure:
    """Location quotient against growth relative to the nation, bubbles sized by scale.

    Parameters
    ----------
    advantages : pandas.DataFrame
        Rows of :attr:`Results.advantages` for the regions to show (columns region, activity,
        value, lq, growth_vs_nation, share_of_region, class).
    lang : {"en", "zh"}
    title_region : str
        Name(s) of the region(s) for the title.
    """
    frame = advantages[advantages["lq"] > 0].copy()
    frame["growth"] = frame["growth_vs_nation"].astype(float).fillna(0.0)
    frame["share"] = frame["share_of_region"].astype(float)
    frame["class"] = frame["class"].astype(str)
    regions = list(dict.fromkeys(frame["region"]))
    symbol_of = {r: SYMBOLS[i % len(SYMBOLS)] for i, r in enumerate(regions)}
    fig = go.Figure()
    sizes = _bubble_sizes(frame["value"]) if len(frame) else {"size": []}
    frame["_size"] = sizes["size"]
    for code, colour in CLASS_COLOURS.items():
        part = frame[frame["class"] == code]
        if part.empty:
            continue
        prefix = ([plotly_text(r) + " · " for r in part["region"]] if len(regions) > 1
                  else [""] * len(part))
        fig.add_trace(go.Scatter(
            x=part["lq"], y=part["growth"], mode="markers",
            name=plotly_text(translate_values([code], "class", lang)[0]),
            text=[p + a for p, a in zip(prefix, plotly_texts(part["activity"]), strict=True)],
            customdata=np.column_stack([part["value"], part["share"].fillna(0.0)]),
            marker={"size": part["_size"], "color": colour, "opacity": 0.75,
                    "line": {"width": 0.5, "color": "#333"},
                    "symbol": [symbol_of[r] for r in part["region"]]},
            hovertemplate=("%{text}<br>" + column_label("lq", lang) + ": %{x:.2f}<br>"
                           + column_label("growth", lang) + ": %{y:.2%}<br>"
                           + column_label("value", lang) + ": %{customdata[0]:,.0f}"
                           + "<extra></extra>"),
        ))
    if len(regions) > 1:  # legend entries for the symbols of the regions
        for region in regions:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=plotly_text(region),
                                     marker={"symbol": symbol_of[region], "size": 11,
                                             "color": "#777"}))
    fig.add_vline(x=1, line={"dash": "dot", "color": "#666"})
    fig.add_hline(y=0, line={"dash": "dot", "color": "#666"})
    fig.update_xaxes(type="log", tickvals=[0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
                     title=t("chart.quadrant.x", lang))
    fig.update_yaxes(title=t("chart.quadrant.y", lang), tickformat=".1%")
    return style(fig, t("chart.quadrant.title", lang, region=plotly_text(title_region)),
                 height=520)


def space_chart(space: NetworkLayout, activities: Sequence[str], rca: np.ndarray,
                pci: np.ndarray, lang: str, title_region: str) -> go.Figure:
    """The activity space with the region's activities of RCA >= 1 highlighted.

    Parameters
    ----------
    space : NetworkLayout
        Positions and links (:attr:`Results.space`).
    activities : sequence of str
        Display labels, aligned with the layout's nodes.
    rca : numpy.ndarray
        The region's RCA per activity (NaN for absent activities).
    pci : numpy.ndarray
        Activity complexity, used for the hover text and node colour.
    """
    xy = space.xy
    ex, ey = [], []
    for i, j in space.edges:
        ex += [xy[i, 0], xy[j, 0], None]
        ey += [xy[i, 1], xy[j, 1], None]
    strong = np.nan_to_num(rca) >= 1
    labels = np.asarray(plotly_texts(activities), dtype=object)
    fig = go.Figure(go.Scatter(x=ex, y=ey, mode="lines", hoverinfo="skip", showlegend=False,
                               line={"width": 0.6, "color": "#c8c8c8"}))
    hover = ("%{text}<br>RCA: %{customdata[0]:.2f}<br>" + column_label("pci", lang)
             + ": %{customdata[1]:.2f}<extra></extra>")
    for mask, name, marker in (
        (~strong, t("chart.space.other", lang), {"size": 7, "color": "#d9d9d9",
                                                  "line": {"width": 0.5, "color": "#999"}}),
        (strong, t("chart.space.strong", lang), {"size": 12, "color": pci[strong],
                                                 "colorscale": "Viridis", "showscale": True,
                                                 "colorbar": {"title": {"text": "PCI"}},
                                                 "line": {"width": 1, "color": "#222"}}),
    ):
        fig.add_trace(go.Scatter(
            x=xy[mask, 0], y=xy[mask, 1], mode="markers", name=name, text=labels[mask],
            customdata=np.column_stack([np.nan_to_num(rca[mask]), np.nan_to_num(pci[mask])]),
            marker=marker, hovertemplate=hover,
        ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return style(fig, t("chart.space.title", lang, region=plotly_text(title_region)),
                 height=600)


def opportunities_chart(opportunities: pd.DataFrame, lang: str, title_region: str) -> go.Figure:
    """Feasibility against strategic value of the suggested activities, one colour per region."""
    fig = go.Figure()
    for i, (region, part) in enumerate(opportunities.groupby("region", sort=False)):
        fig.add_trace(go.Scatter(
            x=part["feasibility"], y=part["strategic_value"], mode="markers+text",
            name=plotly_text(region), hovertext=plotly_texts(part["activity"]),
            text=[a if rank <= 5 else "" for a, rank in
                  zip(plotly_texts(part["activity"]), part["rank"], strict=True)],
            textposition="top center", textfont={"size": 10},
            customdata=np.column_stack([part["rank"], part["pci"]]),
            marker={"size": 11, "color": REGION_COLOURS[i % len(REGION_COLOURS)],
                    "opacity": 0.8},
            hovertemplate=("%{hovertext}<br>" + column_label("rank", lang)
                           + ": %{customdata[0]}<br>"
                           + column_label("feasibility", lang) + ": %{x:.3f}<br>"
                           + column_label("strategic_value", lang) + ": %{y:.3f}<br>"
                           + column_label("pci", lang) + ": %{customdata[1]:.2f}"
                           + "<extra></extra>"),
        ))
    fig.update_xaxes(title=t("chart.opportunities.x", lang))
    fig.update_yaxes(title=t("chart.opportunities.y", lang))
    return style(fig, t("chart.opportunities.title", lang, region=plotly_text(title_region)),
                 height=520)


def similarity_chart(similarity: pd.DataFrame, lang: str) -> go.Figure:
    """Heatmap of structural similarity between the regions of a square frame."""
    labels = plotly_texts(similarity.columns)
    z = similarity.to_numpy(dtype=float)
    off = z[~np.eye(len(z), dtype=bool)]
    low = float(np.nanmin(off)) if off.size and np.isfinite(off).any() else 0.0
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, colorscale="Reds", zmin=min(low, 0.99), zmax=1,
        colorbar={"title": {"text": column_label("similarity", lang)}},
        hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    size = max(420, min(900, 22 * len(labels) + 160))
    return style(fig, t("chart.similarity.title", lang), height=size)


def shiftshare_chart(shiftshare: pd.DataFrame, lang: str, title_region: str) -> go.Figure:
    """Stacked shift-share components per region, with the total change as a marker."""
    fig = go.Figure()
    regions = plotly_texts(shiftshare["region"])
    for name, colour in (("national", "#9ecae1"), ("industry_mix", "#fdae6b"),
                         ("competitive", "#31a354")):
        fig.add_trace(go.Bar(x=regions, y=shiftshare[name], name=column_label(name, lang),
                             marker_color=colour))
    fig.add_trace(go.Scatter(x=regions, y=shiftshare["total"], mode="markers",
                             name=column_label("total", lang),
                             marker={"symbol": "diamond", "size": 12, "color": "#222"}))
    fig.update_layout(barmode="relative")
    fig.update_yaxes(title=t("chart.shiftshare.y", lang))
    return style(fig, t("chart.shiftshare.title", lang, region=plotly_text(title_region)))


def eci_chart(eci: pd.DataFrame, focus: Sequence[str], lang: str,
              max_background: int = 60) -> go.Figure:
    """ECI over time: focus regions in colour, up to ``max_background`` others in grey."""
    fig = go.Figure()
    focus_set = {str(f) for f in focus}
    frame = eci.assign(region=eci["region"].astype(str))
    others = [r for r in dict.fromkeys(frame["region"]) if r not in focus_set][:max_background]
    for region in others:
        part = frame[frame["region"] == region]
        fig.add_trace(go.Scatter(x=part["time"], y=part["eci"], mode="lines",
                                 name=plotly_text(region), text=[plotly_text(region)] * len(part),
                                 line={"width": 1, "color": "#d0d0d0"}, showlegend=False,
                                 hovertemplate="%{text} %{x}: %{y:.2f}<extra></extra>"))
    for i, region in enumerate(r for r in dict.fromkeys(frame["region"]) if r in focus_set):
        part = frame[frame["region"] == region]
        fig.add_trace(go.Scatter(x=part["time"], y=part["eci"], mode="lines+markers",
                                 name=plotly_text(region), text=[plotly_text(region)] * len(part),
                                 line={"width": 3, "color": REGION_COLOURS[i % 8]},
                                 hovertemplate="%{text} %{x}: %{y:.2f}<extra></extra>"))
    fig.update_xaxes(title=column_label("time", lang))
    fig.update_yaxes(title=t("chart.eci.y", lang))
    return style(fig, t("chart.eci.title", lang))


def transfer_table(transfer: pd.DataFrame, lang: str, rows: int = 40) -> go.Figure:
    """The matchmaking table (best fits first) as a Plotly table with translated headers."""
    shown = transfer.head(rows)
    cells = []
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_float_dtype(values):
            cells.append([f"{v:.3f}" if pd.notna(v) else "" for v in values])
        else:
            cells.append(plotly_texts(values))
    fig = go.Figure(go.Table(
        header={"values": [column_label(c, lang) for c in shown.columns],
                "fill_color": "#e8eef7", "align": "left", "font": {"size": 13}},
        cells={"values": cells, "align": "left", "height": 24},
    ))
    return style(fig, t("chart.transfer.title", lang), height=min(900, 120 + 26 * len(shown)))


def pswot_chart(rows: pd.DataFrame, lang: str, title_region: str) -> go.Figure:
    """Presence against fit relative to the peers (Metroverse's PSWOT), one colour per label.

    ``rows`` are rows of :meth:`Profile.pswot_of` (activity already shown by name). Possible
    entrants (no presence) sit in a strip at the left edge, below the smallest presence.
    """
    frame = rows.copy()
    rp = frame["relative_presence"].astype(float).replace(np.inf, np.nan)
    positive = rp[rp > 0]
    floor = float(positive.min()) / 2 if len(positive) else 0.1
    frame["_x"] = np.where(frame["pswot"].astype(str) == "possible entrant", floor,
                           rp.clip(lower=floor))
    fig = go.Figure()
    sizes = _bubble_sizes(frame["value"].fillna(0.0), 35.0) if len(frame) else {"size": []}
    frame["_size"] = np.maximum(sizes["size"], 7)
    for code, colour in PSWOT_COLOURS.items():
        part = frame[frame["pswot"].astype(str) == code]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["_x"], y=part["fit"], mode="markers",
            name=plotly_text(translate_values([code], "pswot", lang)[0]),
            text=plotly_texts(part["activity"]),
            customdata=np.column_stack([part["relative_presence"].astype(float),
                                        part["growth_vs_peers"].astype(float)]),
            marker={"size": part["_size"], "color": colour, "opacity": 0.75,
                    "line": {"width": 0.5, "color": "#333"}},
            hovertemplate=("%{text}<br>" + column_label("relative_presence", lang)
                           + ": %{customdata[0]:.2f}<br>" + column_label("fit", lang)
                           + ": %{y:+.3f}<br>" + column_label("growth_vs_peers", lang)
                           + ": %{customdata[1]:+.2%}<extra></extra>"),
        ))
    fig.add_vline(x=1, line={"dash": "dot", "color": "#666"})
    fig.add_hline(y=0, line={"dash": "dot", "color": "#666"})
    fig.update_xaxes(type="log", title=t("chart.pswot.x", lang))
    fig.update_yaxes(title=t("chart.pswot.y", lang))
    return style(fig, t("chart.pswot.title", lang, region=plotly_text(title_region)),
                 height=520)


def portfolio_chart(candidates: pd.DataFrame, picks: pd.DataFrame, lang: str,
                    title_region: str) -> go.Figure:
    """Feasibility against attractiveness of every candidate, the portfolio's picks marked.

    ``candidates`` are rows of :meth:`Profile.attractiveness_of`, ``picks`` of
    :meth:`Profile.portfolio_of` (activities already shown by name).
    """
    fig = go.Figure(go.Scatter(
        x=candidates["feasibility"], y=candidates["attractiveness"], mode="markers",
        name=t("chart.portfolio.candidates", lang), text=plotly_texts(candidates["activity"]),
        marker={"size": 8, "color": "#d0d0d0", "line": {"width": 0.5, "color": "#888"}},
        hovertemplate="%{text}<br>%{x:.3f}, %{y:+.2f}<extra></extra>"))
    for i, (cluster, part) in enumerate(picks.groupby("cluster", sort=True)):
        hub = plotly_text(part["cluster_hub"].iloc[0])
        fig.add_trace(go.Scatter(
            x=part["feasibility"], y=part["attractiveness"], mode="markers+text",
            name=t("chart.portfolio.cluster", lang, cluster=str(cluster), hub=hub),
            text=[f"{r}. {a}" for r, a in zip(part["rank"], plotly_texts(part["activity"]),
                                              strict=True)],
            textposition="top center", textfont={"size": 10},
            marker={"size": 14, "symbol": "star",
                    "color": REGION_COLOURS[i % len(REGION_COLOURS)],
                    "line": {"width": 1, "color": "#222"}},
            hovertemplate="%{text}<br>%{x:.3f}, %{y:+.2f}<extra></extra>"))
    fig.update_xaxes(title=t("chart.portfolio.x", lang))
    fig.update_yaxes(title=t("chart.portfolio.y", lang))
    return style(fig, t("chart.portfolio.title", lang, region=plotly_text(title_region)),
                 height=520)
