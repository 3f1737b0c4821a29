"""China's provincial divisions: codes, aliases, macro-regions, centroids, map outlines.

Reference values: GB/T 2260 provincial codes; NBS's 2011 east/central/west/north-east division
(east 10, central 6, west 12, north-east 3); the State Council's western development list
(12 divisions); ECharts 4.9.0 ``map/json/china.json`` for the outlines.
"""

from __future__ import annotations

import pytest

from advantage import AdvantageError
from advantage.reference import (
    MACRO_REGIONS,
    WESTERN_DEVELOPMENT,
    china_geojson,
    macro_region_mapping,
    normalise_regions,
    province_aliases,
    provinces,
)
from advantage.reference.china import PROVINCES, _key

# GB/T 2260: the 31 mainland provincial-level codes.
GBT2260_MAINLAND = {
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
    "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
    "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
    "620000", "630000", "640000", "650000",
}


def test_table_has_31_mainland_divisions_and_three_optional_entries():
    assert set(provinces()["code"]) == GBT2260_MAINLAND
    every = provinces(include_hk_mo_tw=True)
    assert set(every["code"]) - GBT2260_MAINLAND == {"710000", "810000", "820000"}
    assert every["code"].is_unique and every["name_en"].is_unique and every["name_zh"].is_unique


@pytest.mark.parametrize("name, code", [
    ("宁夏回族自治区", "640000"), ("宁夏", "640000"), ("Ningxia", "640000"),
    ("Ningxia Hui Autonomous Region", "640000"), ("ningxia hui", "640000"),
    ("Inner Mongolia", "150000"), ("Nei Mongol", "150000"), ("内蒙古", "150000"),
    ("内蒙古自治区", "150000"), ("InnerMongolia", "150000"),  # as in the PyPSA-China files
    ("Tibet", "540000"), ("Xizang", "540000"), ("西藏自治区", "540000"),
    ("Guangxi Zhuang", "450000"), ("广西壮族自治区", "450000"),
    ("Shanxi", "140000"), ("山西省", "140000"), ("Shaanxi", "610000"), ("陕西", "610000"),
    ("Xinjiang Uygur Autonomous Region", "650000"), ("新疆维吾尔自治区", "650000"),
    ("Beijing Municipality", "110000"), ("北京市", "110000"), ("Hebei Province", "130000"),
    ("CN-NX", "640000"), ("640000", "640000"), (640000, "640000"), (640000.0, "640000"),
    ("Hong Kong SAR", "810000"), ("Macau", "820000"), ("臺灣", "710000"),
])
def test_aliases_map_to_the_gbt2260_code(name, code):
    codes, unmatched = normalise_regions([name])
    assert codes == [code] and unmatched == []


def test_matching_ignores_case_width_and_whitespace():
    # yearbook tables pad two-character names with (full-width) spaces: "北  京", "北　京"
    names = ["北  京", "北　京", " NINGXIA ", "ＮＩＮＧＸＩＡ", "Inner-Mongolia", "inner\tmongolia"]
    codes, unmatched = normalise_regions(names)
    assert codes == ["110000", "110000", "640000", "640000", "150000", "150000"]
    assert unmatched == []


def test_unknown_names_are_reported_never_guessed():
    names = ["Ningxai", "Shanxii", "全国", "National Total", "Ningxia", "Ningxai", None]
    codes, unmatched = normalise_regions(names)
    assert codes == [None, None, None, None, "640000", None, None]
    assert unmatched == ["Ningxai", "Shanxii", "全国", "National Total", "None"]


def test_hong_kong_macao_taiwan_can_be_excluded():
    codes, unmatched = normalise_regions(["香港", "Macao", "Taiwan", "Gansu"],
                                         include_hk_mo_tw=False)
    assert codes == [None, None, None, "620000"]
    assert unmatched == ["香港", "Macao", "Taiwan"]


def test_no_alias_belongs_to_two_divisions():
    owner: dict[str, str] = {}
    for province in PROVINCES:
        for alias in province_aliases(province):
            key = _key(alias)
            assert owner.setdefault(key, province.code) == province.code, alias


def test_macro_regions_follow_nbs():
    assert {k: len(v) for k, v in MACRO_REGIONS.items()} == {
        "east": 10, "central": 6, "west": 12, "north-east": 3}
    assert set().union(*MACRO_REGIONS.values()) == GBT2260_MAINLAND
    assert set(MACRO_REGIONS["north-east"]) == {"210000", "220000", "230000"}
    assert set(MACRO_REGIONS["central"]) == {"140000", "340000", "360000", "410000", "420000",
                                             "430000"}
    # western development: Chongqing, Sichuan, Guizhou, Yunnan, Tibet, Shaanxi, Gansu, Qinghai,
    # Ningxia, Xinjiang, Inner Mongolia, Guangxi
    assert len(WESTERN_DEVELOPMENT) == 12
    assert set(WESTERN_DEVELOPMENT) == set(MACRO_REGIONS["west"])
    mapping = macro_region_mapping(western_development=True)
    assert sum(v == "west" for v in mapping.values()) == 12 and len(mapping) == 31


def test_macro_region_mapping_aggregates_a_panel():
    import numpy as np

    from advantage.panel import Panel

    codes = sorted(GBT2260_MAINLAND)
    panel = Panel.from_cube(np.ones((31, 2)), regions=codes, activities=["a", "b"])
    grouped = panel.aggregate(macro_region_mapping(), axis="region")
    assert list(grouped.regions) == ["central", "east", "north-east", "west"]
    assert grouped.cube[0, :, 0].tolist() == [6.0, 10.0, 3.0, 12.0]


def test_distance_between_capitals_uses_the_one_distance_function():
    # Beijing (116.40 E, 39.90 N) - Shanghai (121.47 E, 31.23 N): haversine by hand with
    # R = 6371 km gives 1067 km (the road/rail distance is longer; this is great-circle).
    # The preset's centroids go through the project's one great-circle function.
    from advantage.measures.geography import distance_matrix
    from advantage.reference.presets import china_preset

    centroids = china_preset(["Beijing", "上海", "宁夏"]).centroids()
    km = distance_matrix(centroids, ["Beijing"], ["上海", "Beijing"])
    assert km[0, 0] == pytest.approx(1067, abs=1) and km[0, 1] == 0.0
    with pytest.raises(AdvantageError, match="no coordinates"):
        distance_matrix(centroids, ["Beijing"], ["Atlantis"])


# ------------------------------------------------------------------ map outlines
def _rings(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else \
        geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon], polygons


def _inside(point, polygons):
    x, y = point
    hit = False
    for polygon in polygons:
        for ring in polygon:  # even-odd rule over all rings handles holes
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    hit = not hit
    return hit


def test_geojson_has_every_province_code_and_closed_rings():
    data = china_geojson()
    codes = [f["properties"]["code"] for f in data["features"]]
    assert sorted(codes) == sorted(GBT2260_MAINLAND | {"710000", "810000", "820000"})
    for feature in data["features"]:
        rings, _ = _rings(feature["geometry"])
        assert rings and all(len(r) >= 4 and r[0] == r[-1] for r in rings)
    mainland = china_geojson(include_hk_mo_tw=False)
    assert {f["properties"]["code"] for f in mainland["features"]} == GBT2260_MAINLAND


def _area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def test_geojson_rings_follow_rfc7946_winding():
    # RFC 7946, 3.1.6: exterior rings counter-clockwise (positive area), holes clockwise
    for feature in china_geojson()["features"]:
        _, polygons = _rings(feature["geometry"])
        for polygon in polygons:
            assert _area(polygon[0]) > 0
            assert all(_area(hole) < 0 for hole in polygon[1:])


def test_geojson_coordinates_fall_in_chinas_box():
    # China spans roughly 73.5-135.1 E and 18.1-53.6 N (Hainan's southern tip to Mohe);
    # the islands of the South China Sea are not in this file.
    lons, lats = [], []
    for feature in china_geojson()["features"]:
        rings, _ = _rings(feature["geometry"])
        lons += [p[0] for r in rings for p in r]
        lats += [p[1] for r in rings for p in r]
    assert 73 < min(lons) < 74 and 134.5 < max(lons) < 135.5
    assert 18 < min(lats) < 19 and 53 < max(lats) < 54


def test_each_capital_lies_in_its_own_province_outline():
    # An independent check of both the decoding and the centroid table: a wrong decoding
    # (or a swapped province) would put capitals outside their outlines.
    features = {f["properties"]["code"]: f["geometry"] for f in china_geojson()["features"]}
    for province in PROVINCES:
        point = (province.lon, province.lat)
        assert _inside(point, _rings(features[province.code])[1]), province.name_en
        others = {c for c in features if c != province.code
                  and _inside(point, _rings(features[c])[1])}
        # ECharts' simplified Guangdong outline also covers the Macao peninsula
        assert others == ({"440000"} if province.code == "820000" else set()), province.name_en
