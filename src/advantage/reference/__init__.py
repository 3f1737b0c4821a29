"""Reference metadata: China's provincial divisions and maps, the GB/T 4754 classification."""

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

__all__ = [
    "MACRO_REGIONS",
    "WESTERN_DEVELOPMENT",
    "Province",
    "china_geojson",
    "distance_km",
    "division_to_section",
    "divisions",
    "macro_region_mapping",
    "match_share",
    "normalise_regions",
    "province_aliases",
    "provinces",
    "sections",
    "truncate_codes",
]
