"""Decode ECharts' compressed ``china.json`` into plain GeoJSON with GB/T 2260 province codes.

Source: the npm package ``echarts@4.9.0`` (Apache-2.0), file ``map/json/china.json``. Fetch it
with ``cd /tmp && npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz``, then run::

    python scripts/decode_echarts_china.py /tmp/package/map/json/china.json \
        src/advantage/reference/data/china_provinces.geojson

ECharts' encoding (``UTF8Encoding: true``; decoder in echarts' ``src/coord/geo/parseGeoJson.js``):
every ring is a string whose characters come in pairs. For each pair the code points minus 64
are zigzag-encoded integer steps ``v -> (v >> 1) ^ -(v & 1)``; the steps are added cumulatively
starting from the ring's ``encodeOffsets`` pair, and the running sums divided by the scale
(``UTF8Scale``, default 1024) are longitude and latitude in degrees.

Rings that do not end on their first vertex are closed by repeating it, as GeoJSON (RFC 7946,
section 3.1.6) requires (in echarts 4.9.0 this affects one ring, Inner Mongolia's outline).
The output keeps every vertex (no simplification is needed: the file stays well under 2 MB);
coordinates are exact multiples of 1/1024 degree, written rounded to 6 decimals (well below the
1/1024 degree step, so no information is lost). Each feature gets properties ``code`` (six-digit
GB/T 2260 code, from the feature's ``id``), ``name_zh`` (ECharts' short Chinese name) and
``cp`` (ECharts' label point).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def decode_ring(encoded: str, offset: list[int], scale: float) -> list[list[float]]:
    """Decode one ring of ECharts' compressed coordinates into ``[lon, lat]`` pairs."""
    if len(encoded) % 2:
        raise ValueError(f"encoded ring has an odd number of characters ({len(encoded)}).")
    x, y = int(offset[0]), int(offset[1])
    ring = []
    for i in range(0, len(encoded), 2):
        dx = ord(encoded[i]) - 64
        dy = ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append([round(x / scale, 6), round(y / scale, 6)])
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))  # GeoJSON (RFC 7946, 3.1.6) needs closed rings
    return ring


def _wind(ring: list[list[float]], *, exterior: bool) -> list[list[float]]:
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise (planar lon/lat)."""
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    return ring[::-1] if (area < 0) == exterior else ring


def decode_geometry(geometry: dict[str, Any], scale: float) -> dict[str, Any]:
    """Decode a Polygon or MultiPolygon geometry; other types are rejected."""
    kind = geometry["type"]
    offsets = geometry["encodeOffsets"]
    coords = geometry["coordinates"]
    if kind == "Polygon":
        polygons = [[decode_ring(r, offsets[i], scale) for i, r in enumerate(coords)]]
    elif kind == "MultiPolygon":
        polygons = [[decode_ring(r, offsets[p][i], scale) for i, r in enumerate(polygon)]
                    for p, polygon in enumerate(coords)]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}.")
    # A ring of fewer than 4 positions (two distinct points: a sliver that the 1/1024 degree
    # quantisation flattened) has no area and is not a valid GeoJSON ring: drop it, and drop
    # a polygon whose exterior ring is dropped.
    kept = [[_wind(ring, exterior=i == 0) for i, ring in enumerate(polygon) if len(ring) >= 4]
            for polygon in polygons if len(polygon[0]) >= 4]
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def decode(source: dict[str, Any]) -> dict[str, Any]:
    """Decode a whole ECharts map file into a GeoJSON FeatureCollection."""
    if not source.get("UTF8Encoding"):
        raise ValueError("the file is not in ECharts' compressed encoding (UTF8Encoding).")
    scale = float(source.get("UTF8Scale") or 1024)
    features = []
    for feature in source["features"]:
        props = feature["properties"]
        code = str(feature.get("id") or props["id"])
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name_zh": props["name"], "cp": props.get("cp")},
            "geometry": decode_geometry(feature["geometry"], scale),
        })
    features.sort(key=lambda f: f["properties"]["code"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    """Read the ECharts file, decode it, write GeoJSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="echarts map/json/china.json")
    parser.add_argument("target", type=Path, help="output GeoJSON file")
    args = parser.parse_args()
    decoded = decode(json.loads(args.source.read_text(encoding="utf-8")))
    text = json.dumps(decoded, ensure_ascii=False, separators=(",", ":"))
    args.target.write_text(text + "\n", encoding="utf-8")
    size = len(text.encode()) / 1e6
    print(f"{len(decoded['features'])} features, {size:.2f} MB -> {args.target}")


if __name__ == "__main__":
    main()
