"""Maps beyond China: bundled US state and world country boundaries, and which one is used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from advantage.cli import main
from advantage.reference import us, world
from advantage.reference.china import normalise_regions
from advantage.report.maps import PRESETS, choropleth, match_presets, resolve_map, rewind

#: The 50 states and DC by two-digit FIPS code (US Census Bureau, ANSI INCITS 38:2009).
STATES_AND_DC = {"01", "02", "04", "05", "06", "08", "09", "10", "11", "12", "13", "15", "16",
                 "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29",
                 "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42",
                 "44", "45", "46", "47", "48", "49", "50", "51", "53", "54", "55", "56"}


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return int(exit_info.value.code or 0)


# ------------------------------------------------------------------ the bundled files

def test_us_file_has_every_state_dc_and_territory() -> None:
    features = us.us_states_geojson()["features"]
    fips = {f["properties"]["fips"] for f in features}
    assert STATES_AND_DC <= fips
    assert fips - STATES_AND_DC == {"60", "66", "69", "72", "78"}  # the five territories
    for f in features:
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_world_file_is_keyed_by_unique_iso_codes() -> None:
    props = [f["properties"] for f in world.world_geojson()["features"]]
    codes = [p["iso_a3"] for p in props]
    assert len(codes) == len(set(codes)) == 235
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert all(re.fullmatch(r"[0-9]{3}", p["iso_n3"]) for p in props if p["iso_a3"] != "XKX")


@pytest.mark.parametrize("name, limit_kb", [("us_states", 400), ("world_countries", 500)])
def test_bundled_maps_stay_small(name: str, limit_kb: int) -> None:
    path = Path(us.__file__).parent / "data" / f"{name}.geojson"
    assert path.stat().st_size < limit_kb * 1024


def test_every_ring_is_closed_and_wound_as_rfc7946_asks() -> None:
    """Exteriors counter-clockwise, holes clockwise (RFC 7946, 3.1.6), rings closed."""
    from advantage.report.maps import _ring_area

    for data in (us.us_states_geojson(), world.world_geojson()):
        for feature in data["features"]:
            geometry = feature["geometry"]
            polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                        else geometry["coordinates"])
            for polygon in polygons:
                for i, ring in enumerate(polygon):
                    assert len(ring) >= 4 and ring[0] == ring[-1]
                    assert (_ring_area(ring) > 0) == (i == 0), feature["properties"]


# ------------------------------------------------------------------ normalisers

def test_state_names_codes_and_dc_variants() -> None:
    names = ["District of Columbia", "Washington DC", "Washington, D.C.", "DC", "US-DC", "11",
             "california", "CA", "06", "Washington", "WA"]
    codes, unmatched = us.normalise_states(names)
    assert codes == ["11"] * 6 + ["06"] * 3 + ["53", "53"]
    assert unmatched == []


def test_a_one_digit_number_is_not_a_fips_code() -> None:
    codes, unmatched = us.normalise_states([6, "6", 36])
    assert codes == [None, None, "36"]  # the text of 36 is two digits; 6 is not "06"
    assert unmatched == ["6"]


def test_country_codes_and_name_variants() -> None:
    names = ["USA", "us", "840", "United States", "Korea, Rep.", "South Korea", "KOR",
             "Iran, Islamic Rep.", "Côte d'Ivoire", "Cote d’Ivoire", "Congo, Dem. Rep.",
             "Dem. Rep. Congo", "Congo, Rep.", "Czechia", "Czech Republic", "Turkiye",
             "Kosovo", "World"]
    codes, unmatched = world.normalise_countries(names)
    assert codes == ["USA"] * 4 + ["KOR"] * 3 + ["IRN", "CIV", "CIV", "COD", "COD", "COG",
                                                "CZE", "CZE", "TUR", "XKX", None]
    assert unmatched == ["World"]


# ------------------------------------------------------------------ choosing the map

def _states_of(path: Path, column: str) -> list[str]:
    return list(pd.read_csv(path, usecols=[column], dtype=str)[column].unique())


def test_us_state_gva_resolves_to_the_state_map(shared_data: Path) -> None:
    regions = _states_of(shared_data / "us_state_x_bea_industry_gva_2007_2019.csv.gz", "geo")
    spec = resolve_map(regions)
    assert spec is not None and spec.preset == "us" and spec.key == "fips"
    assert set(spec.locations.values()) == STATES_AND_DC
    assert set(regions) - set(spec.locations) == {"United States *"}  # the national total
    assert {f["properties"]["fips"] for f in spec.geojson["features"]} == STATES_AND_DC


def test_us_state_exports_resolve_to_the_state_map(shared_data: Path) -> None:
    regions = _states_of(shared_data / "us_state_x_naics_exports_2013_2018.csv.gz", "State")
    spec = resolve_map(regions)
    assert spec is not None and spec.preset == "us"
    assert len(spec.locations) == 51 and set(spec.locations.values()) == STATES_AND_DC


def test_country_codes_of_a_trade_sample_resolve_to_the_world_map(shared_data: Path) -> None:
    regions = _states_of(shared_data / "pyecomplexity_trade_data_sample.csv", "origin")
    spec = resolve_map(regions)
    assert spec is not None and spec.preset == "world" and spec.key == "iso_a3"
    # lower-case ISO alpha-3; "blx" (Belgium-Luxembourg, a trade-statistics code) is not ISO
    assert spec.locations == {r: r.upper() for r in regions if r != "blx"}


def test_a_world_list_of_codes_and_names_resolves_to_the_world_map() -> None:
    regions = ["DEU", "FRA", "Italy", "Spain", "United Kingdom", "POL", "Netherlands",
               "Korea, Rep.", "Japan", "CHN", "Brazil", "IND", "World", "Euro area"]
    spec = resolve_map(regions)
    assert spec is not None and spec.preset == "world"
    assert len(spec.locations) == 12
    assert spec.locations["Korea, Rep."] == "KOR" and spec.locations["CHN"] == "CHN"


def test_unrelated_labels_draw_no_map() -> None:
    assert resolve_map(["R1", "R2", "R3", "R4"]) is None
    assert resolve_map(["North", "South", "East", "West", "Centre"]) is None
    assert resolve_map(["Narnia", "Gondor", "Mordor", "Georgia"]) is None  # 1 of 4 matches


def test_china_stays_first() -> None:
    spec = resolve_map(["Ningxia", "Gansu", "Sichuan", "Hong Kong"])
    assert spec is not None and spec.preset == "china"
    assert PRESETS == ("china", "us", "world")


def test_the_whole_panel_decides_a_shared_name() -> None:
    assert resolve_map(["Georgia", "Alabama", "Florida"]).locations["Georgia"] == "13"
    assert resolve_map(["Georgia", "Armenia", "Azerbaijan"]).locations["Georgia"] == "GEO"


def test_two_digit_fips_codes_resolve_to_states_not_provinces() -> None:
    """US FIPS 11-56 as text: 23 of them are also GB/T 2260 prefixes (finding SR1)."""
    fips = sorted(STATES_AND_DC - {"01", "02", "04", "05", "06", "08", "09", "10"})
    spec = resolve_map(fips)
    assert spec is not None and spec.preset == "us"
    assert spec.locations == {f: f for f in fips}
    assert sum(c is not None for c in normalise_regions(fips)[0]) >= len(fips) / 2


def test_numbers_that_fit_two_systems_match_neither() -> None:
    found = match_presets(["11", "12", "13", "31", "32"])  # FIPS states and GB/T provinces
    assert found["us"] == {} and found["china"] == {}
    assert resolve_map(["11", "12", "13", "31", "32"]) is None


def test_province_prefixes_resolve_to_china() -> None:
    prefixes = ["11", "12", "31", "44", "61", "62", "63", "64", "65"]  # 61-65: no FIPS state
    spec = resolve_map(prefixes)
    assert spec is not None and spec.preset == "china"
    assert spec.locations["64"] == "640000"


def test_integer_fips_lose_one_digit_states_and_draw_nothing() -> None:
    """The number 6 is not the FIPS text "06": no guess, so the US map is not drawn."""
    numbers = [int(f) for f in sorted(STATES_AND_DC)]
    assert match_presets(numbers)["us"] == {}


def test_iso_numeric_codes_resolve_to_the_world_map() -> None:
    spec = resolve_map(["076", "156", "276", "356", "840"])
    assert spec is not None and spec.preset == "world"
    assert spec.locations["076"] == "BRA"


# ------------------------------------------------------------------ drawing

def test_rewind_uses_the_ring_as_it_lies_on_the_globe() -> None:
    """A ring from 179 E east across the antimeridian to 179 W is small, not global."""
    ring = [[179.0, 0.0], [-179.0, 0.0], [-179.0, 1.0], [179.0, 1.0], [179.0, 0.0]]
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"k": "x"},
         "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    out = rewind(data)["features"][0]["geometry"]["coordinates"][0]
    assert out == ring[::-1]  # counter-clockwise on the globe -> clockwise for d3-geo


def test_map_projection_follows_the_preset() -> None:
    spec = resolve_map(["California", "Texas", "<b>Oz</b>"], minimum_share=0.5)
    fig = choropleth({"California": 1.0, "Texas": 2.0}, spec, "en", measure="x")
    assert fig.layout.geo.projection.type == "albers usa"
    world_spec = resolve_map(["DEU", "FRA"])
    fig = choropleth({"DEU": 1.0, "FRA": 2.0}, world_spec, "en", measure="x")
    assert fig.layout.geo.projection.type == "natural earth"
    assert [f["properties"]["iso_a3"] for f in world_spec.geojson["features"]] == ["DEU",
                                                                                  "FRA"]


def test_report_on_us_state_data_draws_the_state_map(shared_data: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "us.html"
    code = run(["report", str(shared_data / "us_state_x_bea_industry_gva_2007_2019.csv.gz"),
                "--region", "geo", "--activity", "industry", "--value", "gva_usd",
                "--time", "year", "--missing", "zero", "--focus", "California",
                "--out", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    start = page.index('id="sec-map"')
    section = page[start:page.index("</section>", start)]
    assert '"type":"choropleth"' in section
    assert '"featureidkey":"properties.fips"' in section
    assert '"albers usa"' in section
    locations = json.loads(re.search(r'"locations":(\[[^\]]*\])', section).group(1))
    assert set(locations) == STATES_AND_DC
