"""Choropleth maps from GeoJSON, drawn offline.

With a GeoJSON file, regions are matched to its features by a property (``--geo-key``),
exactly first, then ignoring case and surrounding spaces, then through an alias table.
Without one, :func:`resolve_map` tries the bundled boundaries in a fixed order: China's
provinces, then US states, then world countries (see its docstring for the matching rule).
Polygons are rewound to the orientation d3-geo (Plotly's map engine) expects, and
:data:`OFFLINE_GEO_SCRIPT` stops Plotly from fetching its base-map topojson from a CDN, so
maps render with no network. Labels are escaped (:func:`plotly_text`) before Plotly sees them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go

from advantage._checks import AdvantageError
from advantage.i18n import t
from advantage.report.charts import style
from advantage.report.safe import plotly_texts

__all__ = ["OFFLINE_GEO_SCRIPT", "PRESETS", "MapSpec", "choropleth", "load_geojson",
           "match_presets", "match_regions", "resolve_map", "rewind"]

#: Registers an empty base-map topology so Plotly's geo subplot never downloads one
#: (only GeoJSON traces are drawn; land, coastlines and frames are hidden).
OFFLINE_GEO_SCRIPT = (
    "window.PlotlyGeoAssets=window.PlotlyGeoAssets||{};"
    "window.PlotlyGeoAssets.topojson=window.PlotlyGeoAssets.topojson||{};"
    "['world_110m','world_50m','usa_110m','usa_50m'].forEach(function(n){"
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
    preset : str or None
        The bundled boundaries used (one of :data:`PRESETS`), None for a user's GeoJSON.
    projection : str
        Plotly geo projection: Mercator, Albers USA for the states (Alaska and Hawaii
        inset), Natural Earth for the world.
    """

    geojson: dict[str, Any]
    key: str
    locations: dict[Any, str]
    preset: str | None = None
    projection: str = "mercator"


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
    """Signed planar area in lon/lat (positive: counter-clockwise).

    Longitudes are unwrapped first, so a ring that crosses the antimeridian (Russia's
    Chukotka, Fiji: vertices at 179.9 and -180) gets the orientation it has on the globe.
    """
    xy = np.asarray(ring, dtype=float)[:, :2]
    if len(xy) < 3:
        return 0.0
    x, y = np.unwrap(xy[:, 0], period=360.0), xy[:, 1]
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


#: Bundled boundaries, in the order :func:`resolve_map` tries them.
PRESETS = ("china", "us", "world")

_NUMERIC = re.compile(r"[0-9]+")


def _numeric_text(label: Any) -> str | None:
    """The digits of a label that is a bare number (an integer, or text of ASCII digits)."""
    if isinstance(label, bool | np.bool_):
        return None
    if isinstance(label, int | np.integer):
        return str(int(label))
    if isinstance(label, float | np.floating):
        return str(int(label)) if np.isfinite(label) and float(label).is_integer() else None
    text = str(label).strip()
    return text if _NUMERIC.fullmatch(text) else None


def _preset(name: str) -> tuple[Any, Any, str, str]:
    """(normaliser, boundaries loader, feature key, projection) of a bundled preset."""
    from advantage.reference import china, us, world

    if name == "china":
        return china.normalise_regions, china.china_geojson, "code", "mercator"
    if name == "us":
        return us.normalise_states, us.us_states_geojson, "fips", "albers usa"
    return world.normalise_countries, world.world_geojson, "iso_a3", "natural earth"


def match_presets(regions: Sequence[Any]) -> dict[str, dict[Any, str]]:
    """Each bundled preset's matches (region -> feature id), with the numeric-code rule.

    Names and letter codes are matched by each preset's normaliser. Bare numbers (integers,
    or labels made only of digits) are codes of several systems at once ("36" is New York's
    FIPS code and Jiangxi's GB/T 2260 prefix; "036" is Australia's ISO numeric code), so
    they are read as one system for the whole panel, never one by one: the numeric labels
    count for a preset only when **every** numeric label of the panel is a valid code of
    that preset and of no other. For US states that means two-digit FIPS text ("06", not
    the number 6); for countries, three-digit ISO 3166-1 numeric text ("076"); for China,
    GB/T 2260 codes (two or six digits). When the numeric labels fit two presets (e.g. only
    "11", "12", "13") or none, they match nothing.

    Examples
    --------
    >>> found = match_presets(["06", "36", "48"])
    >>> found["us"], found["china"]
    ({'06': '06', '36': '36', '48': '48'}, {})
    >>> match_presets(["11", "12", "13"])["us"]  # FIPS and GB/T 2260 both: no guess
    {}
    """
    distinct = list(dict.fromkeys(regions))
    numeric = {r for r in distinct if _numeric_text(r) is not None}
    found: dict[str, dict[Any, str]] = {}
    for name in PRESETS:
        normalise = _preset(name)[0]
        codes, _ = normalise(distinct)
        found[name] = {r: c for r, c in zip(distinct, codes, strict=True) if c is not None}
    if numeric:
        fits = [name for name in PRESETS if numeric <= found[name].keys()]
        for name in PRESETS:
            if fits != [name]:
                found[name] = {r: c for r, c in found[name].items() if r not in numeric}
    return found


def resolve_map(regions: Sequence[Any], geojson: Mapping[str, Any] | None = None,
                key: str | None = None, *, minimum_share: float = 2 / 3) -> MapSpec | None:
    """Boundaries for ``regions``: the given GeoJSON, else the first bundled preset that fits.

    Without ``geojson`` the bundled boundaries are tried in the order of :data:`PRESETS`:
    China's provinces, US states (and DC and the territories), world countries. A preset is
    used when a clear majority, at least ``minimum_share`` (two thirds), of the distinct
    region labels match it (names and their variants, US postal and FIPS codes, ISO 3166-1
    alpha-2, alpha-3 and numeric codes, GB/T 2260 codes; the rule for bare numbers is in
    :func:`match_presets`). Labels that match no feature (a national total, "United States
    *") are left off the map.

    Parameters
    ----------
    regions : sequence
        The panel's region labels.
    geojson : mapping, optional
        A FeatureCollection to use instead of the bundled boundaries.
    key : str, optional
        The feature property holding region identifiers (required with ``geojson``).
    minimum_share : float
        Share of distinct labels that must match a bundled preset.

    Returns
    -------
    MapSpec or None
        None when no preset fits.

    Examples
    --------
    >>> resolve_map(["California", "Texas", "New York"]).preset
    'us'
    >>> resolve_map(["DEU", "France", "IT"]).locations
    {'DEU': 'DEU', 'France': 'FRA', 'IT': 'ITA'}
    >>> resolve_map(["Narnia", "Gondor", "Texas"]) is None
    True
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
    distinct = list(dict.fromkeys(regions))
    if not distinct:
        return None
    found = match_presets(distinct)
    for name in PRESETS:
        if len(found[name]) / len(distinct) >= minimum_share:
            _, load, feature_key, projection = _preset(name)
            used = set(found[name].values())
            shapes = load()  # only the matched features: smaller pages, same picture
            shapes["features"] = [f for f in shapes["features"]
                                  if f["properties"][feature_key] in used]
            return MapSpec(rewind(shapes), feature_key, found[name], preset=name,
                           projection=projection)
    return None


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
    labels = plotly_texts((names or {}).get(r, r) for r in shown)
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
    fig.update_geos(visible=False, fitbounds="locations", projection={"type": spec.projection})
    title = t("chart.map.title", lang, measure=measure,
              year=year if year is not None else t("report.single_year", lang))
    return style(fig, title, height=640)
