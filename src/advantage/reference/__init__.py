"""Reference metadata: China's provincial divisions and maps, region presets, GB/T 4754."""

from advantage.reference.china import (
    MACRO_REGIONS,
    WESTERN_DEVELOPMENT,
    Province,
    china_geojson,
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
from advantage.reference.presets import (
    CHINA_ENERGY_TAGS,
    RegionPreset,
    china_preset,
    resolve_preset,
)

__all__ = [
    "CHINA_ENERGY_TAGS",
    "MACRO_REGIONS",
    "WESTERN_DEVELOPMENT",
    "Province",
    "RegionPreset",
    "china_preset",
    "china_geojson",
    "division_to_section",
    "divisions",
    "macro_region_mapping",
    "match_share",
    "normalise_regions",
    "province_aliases",
    "provinces",
    "resolve_preset",
    "sections",
    "truncate_codes",
]
