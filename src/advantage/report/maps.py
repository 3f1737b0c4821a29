"""Choropleth maps from GeoJSON, drawn offline.

Regions are matched to GeoJSON features by a property (``--geo-key``), exactly first, then
ignoring case and surrounding spaces, then through an alias table (for China's provinces the
reference module supplies names, short names and GB/T 2260 codes). Polygons are rewound to
the orientation d3-geo (Plotly's map engine) expects, and :data:`OFFLINE_GEO_SCRIPT` stops
Plotly from fetching its base-map topojson from a CDN, so maps render with no network.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go

from advantage._checks import AdvantageError
from advantage.i18n import t
from advantage.report.charts import style

__all__ = ["OFFLINE_GEO_SCRIPT", "MapSpec", "choropleth", "load_geojson", "match_regions",
           "resolve_map", "rewind"]

#: Registers an empty base-map topology so Plotly's geo subplot never downloads one
#: (only GeoJSON traces are drawn; land, coastlines and frames are hidden).
OFFLINE_GEO_SCRIPT = (
    "window.PlotlyGeoAssets=window.PlotlyGeoAssets||{};"
    "window.PlotlyGeoAssets.topojson=window.PlotlyGeoAssets.topojson||{};"
    "['world_110m','world_50m'].forEach(function(n){"
    "window.PlotlyGeoAssets.topojson[n]=window.PlotlyGeoAssets.topojson[n]||"
    "{type:'Topology',objects:{},arcs:[]};});"
)


@dataclass(frozen=True)
class MapSpec:
    """Boundaries matched to a panel's regions.

    Attributes
    ----------
    geojson : dict
        A FeatureCollection, rewound for d3-geo, whose features carry ``key``.
    key : str
        The feature property holding the identifier.
    locations : dict
        region label -> feature identifier, for the regions that matched.
    """

    geojson: dict[str, Any]
    key: str
    locations: dict[Any, str]


def load_geojson(path: Path) -> dict[str, Any]:
    """Read a GeoJSON FeatureCollection from a file, with a clear error if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdvantageError(f"cannot read GeoJSON {str(path)!r}: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AdvantageError(f"{str(path)!r} is not a GeoJSON FeatureCollection.")
    return data


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    xy = np.asarray(ring, dtype=float)[:, :2]
    if len(xy) < 3:
        return 0.0
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def _orient(rings: list[Any]) -> list[Any]:
    """Exterior clockwise, holes counter-clockwise (planar lon/lat), as d3-geo expects."""
    out = []
    for i, ring in enumerate(rings):
        area = _ring_area(ring)
        exterior = i == 0
        if (exterior and area > 0) or (not exterior and area < 0):
            ring = list(reversed(ring))
        out.append(ring)
    return out


def rewind(geojson: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a FeatureCollection with polygon rings in d3-geo's orientation.

    GeoJSON (RFC 7946) winds exteriors counter-clockwise; d3-geo reads that as "everything
    but the polygon" and paints the whole globe. This makes exteriors clockwise.
    """
    out = copy.deepcopy(dict(geojson))
    for feature in out.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            geometry["coordinates"] = _orient(geometry["coordinates"])
        elif geometry.get("type") == "MultiPolygon":
            geometry["coordinates"] = [_orient(p) for p in geometry["coordinates"]]
    return out


def match_regions(regions: Sequence[Any], geojson: Mapping[str, Any], key: str,
                  aliases: Mapping[str, str] | None = None) -> dict[Any, str]:
    """Match region labels to the ``key`` property of the features.

    Parameters
    ----------
    regions : sequence
        Region labels of the panel.
    geojson : mapping
        A FeatureCollection.
    key : str
        Feature property to match on.
    aliases : mapping, optional
        Extra names (lower-cased) -> feature identifier.

    Returns
    -------
    dict
        region -> feature identifier, for the regions that matched.

    Examples
    --------
    >>> gj = {"type": "FeatureCollection", "features": [{"properties": {"n": "Ningxia"}}]}
    >>> match_regions(["ningxia ", "Gansu"], gj, "n")
    {'ningxia ': 'Ningxia'}
    """
    ids = [str((f.get("properties") or {}).get(key)) for f in geojson.get("features", [])
           if (f.get("properties") or {}).get(key) is not None]
    if not ids:
        raise AdvantageError(f"no GeoJSON feature has the property {key!r} (--geo-key).")
    exact = set(ids)
    folded = {i.strip().casefold(): i for i in ids}
    extra = {str(k).strip().casefold(): v for k, v in (aliases or {}).items() if v in exact}
    out: dict[Any, str] = {}
    for region in regions:
        text = str(region)
        if text in exact:
            out[region] = text
        elif text.strip().casefold() in folded:
            out[region] = folded[text.strip().casefold()]
        elif text.strip().casefold() in extra:
            out[region] = extra[text.strip().casefold()]
    return out


def resolve_map(regions: Sequence[Any], geojson: Mapping[str, Any] | None = None,
                key: str | None = None, *, minimum_share: float = 0.5) -> MapSpec | None:
    """Boundaries for ``regions``: the given GeoJSON, else China's provinces if they match.

    Returns None when fewer than ``minimum_share`` of the regions match any boundaries.
    """
    if geojson is not None:
        if not key:
            raise AdvantageError("a GeoJSON map needs --geo-key: the feature property that "
                                 "holds the region identifiers.")
        locations = match_regions(regions, geojson, key)
        if not locations:
            raise AdvantageError(f"no region matches the GeoJSON property {key!r}; e.g. "
                                 f"{[str(r) for r in list(regions)[:3]]!r}.")
        return MapSpec(rewind(geojson), key, locations)
    from advantage.reference import china  # noqa: PLC0415

    if china.match_share(list(regions)) < minimum_share:
        return None
    codes, _ = china.normalise_regions(list(regions))
    locations = {r: c for r, c in zip(regions, codes, strict=True) if c is not None}
    return MapSpec(rewind(china.china_geojson()), "code", locations)


def choropleth(values: Mapping[Any, float], spec: MapSpec, lang: str, *, measure: str,
               year: Any = None, focus: Sequence[Any] = (),
               names: Mapping[Any, str] | None = None) -> go.Figure:
    """A choropleth of one value per region, focus regions outlined.

    Parameters
    ----------
    values : mapping
        region -> value (regions without boundaries are left out).
    spec : MapSpec
    lang : {"en", "zh"}
    measure : str
        Display name of the value (for the title and colour bar).
    year : optional
        Period shown in the title.
    focus : sequence
        Regions to outline.
    names : mapping, optional
        region -> display name for the hover text.
    """
    shown = [r for r in values if r in spec.locations]
    ids = [spec.locations[r] for r in shown]
    labels = [str((names or {}).get(r, r)) for r in shown]
    z = np.asarray([values[r] for r in shown], dtype=float)
    featureidkey = f"properties.{spec.key}"
    fig = go.Figure(go.Choropleth(
        geojson=spec.geojson, featureidkey=featureidkey, locations=ids, z=z, text=labels,
        colorscale="YlGnBu", marker={"line": {"width": 0.5, "color": "#666"}},
        colorbar={"title": {"text": measure}},
        hovertemplate="%{text}: %{z:.2f}<extra></extra>",
    ))
    outlined = [spec.locations[r] for r in focus if r in spec.locations]
    if outlined:
        fig.add_trace(go.Choropleth(
            geojson=spec.geojson, featureidkey=featureidkey, locations=outlined,
            z=[0] * len(outlined), showscale=False, hoverinfo="skip",
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            marker={"line": {"width": 3, "color": "#d62728"}}, name=t("chart.focus", lang),
        ))
    fig.update_geos(visible=False, fitbounds="locations", projection={"type": "mercator"})
    title = t("chart.map.title", lang, measure=measure,
              year=year if year is not None else t("report.single_year", lang))
    return style(fig, title, height=640)
