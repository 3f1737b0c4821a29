"""Reference metadata: China's provinces, US states, world countries (with maps), GB/T 4754."""

from advantage.reference.china import (
    MACRO_REGIONS,
    WESTERN_DEVELOPMENT,
    Province,
    china_geojson,
    distance_km,
    macro_region_mapping,
    match_share,
    normalise_regions,
    province_aliases,
    provinces,
)
from advantage.reference.gbt4754 import (
    division_to_section,
    divisions,
    sections,
    truncate_codes,
)
from advantage.reference.names import fold
from advantage.reference.us import STATES, State, normalise_states, us_states_geojson
from advantage.reference.world import countries, normalise_countries, world_geojson

__all__ = [
    "MACRO_REGIONS",
    "STATES",
    "WESTERN_DEVELOPMENT",
    "Province",
    "State",
    "china_geojson",
    "countries",
    "distance_km",
    "division_to_section",
    "divisions",
    "fold",
    "macro_region_mapping",
    "match_share",
    "normalise_countries",
    "normalise_regions",
    "normalise_states",
    "province_aliases",
    "provinces",
    "sections",
    "truncate_codes",
    "us_states_geojson",
    "world_geojson",
]
