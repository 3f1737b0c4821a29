"""Reference metadata: China's provinces, US states and world countries, region presets.

Maps for each region set are built in; GB/T 4754 is the industry classification of China.
"""

from advantage.reference.chains import EXAMPLES, value_chains
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
from advantage.reference.names import fold
from advantage.reference.presets import (
    CHINA_ENERGY_TAGS,
    RegionPreset,
    china_preset,
    resolve_preset,
)
from advantage.reference.us import STATES, State, normalise_states, us_states_geojson
from advantage.reference.world import countries, normalise_countries, world_geojson

__all__ = [
    "CHINA_ENERGY_TAGS",
    "EXAMPLES",
    "MACRO_REGIONS",
    "STATES",
    "WESTERN_DEVELOPMENT",
    "Province",
    "RegionPreset",
    "State",
    "china_geojson",
    "china_preset",
    "countries",
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
    "resolve_preset",
    "sections",
    "truncate_codes",
    "us_states_geojson",
    "value_chains",
    "world_geojson",
]
