"""Convert the us-atlas and world-atlas TopoJSON files into small GeoJSON files for the maps.

Sources (fetch with ``cd /tmp/atlas && npm pack us-atlas@3.0.1 world-atlas@2.0.2`` and unpack
each ``.tgz``; the ISO 3166-1 table comes from the ``pycountry`` wheel,
``pip download --no-deps pycountry==26.2.16`` then unzip it)::

    python scripts/convert_atlas_maps.py \
        --us /tmp/atlas/us/package/states-10m.json \
        --world /tmp/atlas/world/package/countries-50m.json \
        --iso /tmp/atlas/pycountry/pycountry/databases/iso3166-1.json \
        --out src/advantage/reference/data

writes ``us_states.geojson`` and ``world_countries.geojson`` (see ``ATTRIBUTION.md`` there).

TopoJSON (specification 1.0) stores each shared boundary once, as an *arc*: a list of integer
positions, the first absolute and every later one a difference from the one before
(delta encoding), on a grid given by the topology's ``transform``
(``lon = x * scale[0] + translate[0]``, same for latitude). A polygon ring is a list of arc
indices; a negative index ``~i`` (that is ``-i - 1``) means arc ``i`` read backwards, and
consecutive arcs share their end point, which is kept once. The decoder below is this
project's own code written from that description.

Simplification is Douglas-Peucker on each arc separately (the end points of every arc are
kept), so two neighbours still share exactly the same simplified border. Rings left with
fewer than 4 positions are dropped; a feature that would lose every ring keeps its
unsimplified outline instead. Coordinates are rounded to ``--digits`` decimals and rings are
wound as RFC 7946 asks (exteriors counter-clockwise).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from advantage.reference.us import STATES  # noqa: E402

Ring = list[list[float]]

#: Natural Earth features without an ISO 3166-1 numeric code in world-atlas, and what they
#: become: merged into the country ISO 3166-1 counts them in, given a code, or dropped.
NO_CODE = {
    "Somaliland": ("merge", "706"),  # ISO 3166-1 has no code; part of Somalia (SOM)
    "N. Cyprus": ("merge", "196"),  # part of Cyprus (CYP) in ISO 3166-1
    "Kosovo": ("code", "XK"),  # user-assigned XK / XKX, as the EU and World Bank use
    "Siachen Glacier": ("drop", ""),  # disputed glacier, no code
    "Indian Ocean Ter.": ("drop", ""),  # Christmas and Cocos Islands as one shape
}
#: Left out although coded: Antarctica (010), whose world-atlas polygon is a ring around the
#: South Pole with the coast as its hole; no regional economic data describes it.
LEFT_OUT = {"010"}
KOSOVO = {"alpha_2": "XK", "alpha_3": "XKX", "numeric": "", "name": "Kosovo"}


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """Every arc as an (n, 2) array of longitude/latitude (quantised arcs are de-quantised)."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        xy = np.asarray(arc, dtype=float)[:, :2]
        if transform is not None:
            xy = np.cumsum(xy, axis=0)  # delta encoding: running sums give grid positions
            xy = xy * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        out.append(xy)
    return out


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Keep the points farther than ``tolerance`` from the chord (end points always kept)."""
    n = len(points)
    if n <= 2 or tolerance <= 0:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        middle = points[first + 1:last]
        ab = b - a
        length = float(np.hypot(*ab))
        if length == 0.0:  # a closed arc: distance to the point itself
            dist = np.hypot(*(middle - a).T)
        else:
            dist = np.abs(ab[0] * (middle[:, 1] - a[1]) - ab[1] * (middle[:, 0] - a[0])) / length
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            split = first + 1 + i
            keep[split] = True
            stack += [(first, split), (split, last)]
    return points[keep]


def stitch(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """One ring from arc indices (``~i`` reverses arc ``i``; shared end points kept once)."""
    parts = []
    for k, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if k == 0 else arc[1:])
    return np.concatenate(parts)


def _signed_area(ring: np.ndarray) -> float:
    """Planar signed area (counter-clockwise positive) of a closed ring.

    Longitudes are unwrapped first, so that a ring crossing the antimeridian (vertices at
    179.9 and -180) is measured as it lies on the globe.
    """
    x, y = np.unwrap(ring[:, 0], period=360.0), ring[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def finish_ring(ring: np.ndarray, digits: int, *, exterior: bool) -> Ring | None:
    """Round, drop repeated positions, wind as RFC 7946 asks; None if under 4 positions."""
    rounded = np.round(ring, digits)
    same = np.all(rounded[1:] == rounded[:-1], axis=1)
    rounded = np.concatenate([rounded[:1], rounded[1:][~same]])
    if len(rounded) < 4 or not np.array_equal(rounded[0], rounded[-1]):
        return None
    area = _signed_area(rounded)
    if area == 0.0:
        return None
    if (area < 0) == exterior:  # exteriors counter-clockwise, holes clockwise
        rounded = rounded[::-1]
    return [[float(v) for v in p] for p in rounded]


def polygons_of(geometry: dict[str, Any], arcs: list[np.ndarray], digits: int
                ) -> list[list[Ring]]:
    """The geometry's polygons (rings of positions), dropping collapsed rings."""
    if geometry["type"] == "Polygon":
        raw = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["arcs"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']!r}.")
    polygons = []
    for polygon in raw:
        rings = []
        for i, indices in enumerate(polygon):
            ring = finish_ring(stitch(indices, arcs), digits, exterior=i == 0)
            if ring is None and i == 0:
                break
            if ring is not None:
                rings.append(ring)
        if rings:
            polygons.append(rings)
    return polygons


def convert(topology: dict[str, Any], name: str, tolerance: float, digits: int
            ) -> list[tuple[dict[str, Any], list[list[Ring]]]]:
    """(TopoJSON geometry, its simplified polygons) for every geometry of object ``name``."""
    raw = decode_arcs(topology)
    simple = [douglas_peucker(a, tolerance) for a in raw]
    out = []
    for geometry in topology["objects"][name]["geometries"]:
        polygons = polygons_of(geometry, simple, digits)
        if not polygons:  # too small to survive simplification: keep the outline as it was
            polygons = polygons_of(geometry, raw, digits)
        if not polygons:
            raise ValueError(f"{geometry.get('properties')} has no polygon left.")
        out.append((geometry, polygons))
    return out


def feature(properties: dict[str, Any], polygons: list[list[Ring]]) -> dict[str, Any]:
    """A GeoJSON feature (Polygon when there is one polygon, MultiPolygon otherwise)."""
    if len(polygons) == 1:
        geometry = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": polygons}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def us_states(topology: dict[str, Any], tolerance: float, digits: int) -> dict[str, Any]:
    """The 50 states, DC and the five inhabited territories, keyed by two-digit FIPS."""
    table = {s.fips: s for s in STATES}
    features = []
    for geometry, polygons in convert(topology, "states", tolerance, digits):
        state = table[str(geometry["id"])]
        features.append(feature({"fips": state.fips, "postal": state.postal,
                                 "name": state.name}, polygons))
    features.sort(key=lambda f: f["properties"]["fips"])
    if len(features) != len(STATES):
        raise ValueError(f"expected {len(STATES)} states and territories, got {len(features)}.")
    return {"type": "FeatureCollection", "features": features}


def world_countries(topology: dict[str, Any], iso: list[dict[str, str]], tolerance: float,
                    digits: int) -> dict[str, Any]:
    """Natural Earth's countries keyed by ISO 3166-1 alpha-3, with the other codes and names."""
    by_numeric = {c["numeric"]: c for c in iso}
    merged: dict[str, tuple[dict[str, Any], list[list[Ring]]]] = {}
    for geometry, polygons in convert(topology, "countries", tolerance, digits):
        ne_name = geometry["properties"]["name"]
        numeric = geometry.get("id")
        if numeric in LEFT_OUT:
            continue
        if numeric is None:
            action, value = NO_CODE[ne_name]
            if action == "drop":
                continue
            entry = KOSOVO if action == "code" else by_numeric[value]
        else:
            entry = by_numeric[str(numeric)]
        key = entry["alpha_3"]
        if key in merged:  # a second shape of the same ISO country (Ashmore and Cartier Is.)
            merged[key][1].extend(polygons)
            continue
        properties = {"iso_a3": entry["alpha_3"], "iso_a2": entry["alpha_2"],
                      "iso_n3": entry["numeric"], "name": ne_name, "name_iso": entry["name"]}
        for field in ("official_name", "common_name"):
            if entry.get(field):
                properties[field.replace("official_name", "name_official")
                           .replace("common_name", "name_common")] = entry[field]
        merged[key] = (properties, polygons)
    features = [feature(p, polys) for p, polys in merged.values()]
    features.sort(key=lambda f: f["properties"]["iso_a3"])
    return {"type": "FeatureCollection", "features": features}


def _write(data: dict[str, Any], path: Path) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    count = sum(len(r) for f in data["features"] for r in _rings(f["geometry"]))
    print(f"{path}: {len(data['features'])} features, {count} positions, "
          f"{path.stat().st_size / 1024:.0f} KB")


def _rings(geometry: dict[str, Any]) -> list[Ring]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [r for p in geometry["coordinates"] for r in p]


def main(argv: list[str] | None = None) -> int:
    """Command line: read the three sources, write the two GeoJSON files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--us", type=Path, required=True, help="us-atlas states-10m.json")
    parser.add_argument("--world", type=Path, required=True,
                        help="world-atlas countries-50m.json")
    parser.add_argument("--iso", type=Path, required=True,
                        help="pycountry's databases/iso3166-1.json")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--us-tolerance", type=float, default=0.01,
                        help="Douglas-Peucker tolerance for the states, degrees")
    parser.add_argument("--world-tolerance", type=float, default=0.08,
                        help="Douglas-Peucker tolerance for the countries, degrees")
    parser.add_argument("--digits", type=int, default=3, help="decimals kept")
    args = parser.parse_args(argv)
    us = us_states(json.loads(args.us.read_text(encoding="utf-8")), args.us_tolerance,
                   args.digits)
    iso = json.loads(args.iso.read_text(encoding="utf-8"))["3166-1"]
    world = world_countries(json.loads(args.world.read_text(encoding="utf-8")), iso,
                            args.world_tolerance, args.digits)
    args.out.mkdir(parents=True, exist_ok=True)
    _write(us, args.out / "us_states.geojson")
    _write(world, args.out / "world_countries.geojson")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
