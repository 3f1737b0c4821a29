"""Indicator families over a panel, vectorised across years.

One module per family; this file only re-exports.
"""

from advantage.measures.advantage import (
    diversity,
    location_quotient,
    presence,
    presence_from_panel,
    rca,
    rca_cube,
    rpop_cube,
    symmetric_rca,
    ubiquity,
)
from advantage.measures.agglomeration import coagglomeration, ellison_glaeser
from advantage.measures.complexity import (
    ComplexityVectors,
    complexity_vectors,
    eci_pci,
    expy,
    fitness_complexity,
    prody,
    reflections,
    standardise,
)
from advantage.measures.concentration import activity_concentration
from advantage.measures.dynamics import entries_exits, presence_changes
from advantage.measures.endowments import (
    ENDOWMENTS,
    EndowmentFit,
    activity_tags,
    endowment_fit,
    endowment_strength,
)
from advantage.measures.geography import EARTH_RADIUS_KM, distance_matrix, great_circle_km
from advantage.measures.indicators import Indicators, compute_indicators
from advantage.measures.isomorphism import (
    hierarchy_from_frame,
    similarity_by_level,
    similarity_to_national,
    structural_similarity,
)
from advantage.measures.linkages import (
    IOTable,
    RegionalIOTable,
    ghosh_inverse,
    leontief_inverse,
    sector_linkages,
    technical_coefficients,
)
from advantage.measures.relatedness import (
    association_strength,
    complexity_outlook,
    continuous_proximity,
    cooccurrence,
    cosine_relatedness,
    density,
    density_and_weights,
    distance,
    proximity,
)
from advantage.measures.shiftshare import shift_share
from advantage.measures.specialisation import krugman_pairwise, region_specialisation

__all__ = [
    "EARTH_RADIUS_KM",
    "ENDOWMENTS",
    "ComplexityVectors",
    "EndowmentFit",
    "IOTable",
    "RegionalIOTable",
    "Indicators",
    "activity_concentration",
    "activity_tags",
    "association_strength",
    "coagglomeration",
    "complexity_outlook",
    "complexity_vectors",
    "compute_indicators",
    "continuous_proximity",
    "cooccurrence",
    "cosine_relatedness",
    "density",
    "density_and_weights",
    "distance",
    "distance_matrix",
    "diversity",
    "eci_pci",
    "ellison_glaeser",
    "endowment_fit",
    "endowment_strength",
    "entries_exits",
    "expy",
    "fitness_complexity",
    "ghosh_inverse",
    "great_circle_km",
    "hierarchy_from_frame",
    "krugman_pairwise",
    "leontief_inverse",
    "location_quotient",
    "presence",
    "presence_changes",
    "presence_from_panel",
    "prody",
    "proximity",
    "rca",
    "rca_cube",
    "reflections",
    "region_specialisation",
    "rpop_cube",
    "sector_linkages",
    "shift_share",
    "similarity_by_level",
    "similarity_to_national",
    "standardise",
    "structural_similarity",
    "symmetric_rca",
    "technical_coefficients",
    "ubiquity",
]
