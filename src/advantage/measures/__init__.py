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
from advantage.measures.indicators import Indicators, compute_indicators
from advantage.measures.relatedness import (
    association_strength,
    complexity_outlook,
    continuous_proximity,
    cooccurrence,
    cosine_relatedness,
    density,
    distance,
    proximity,
)

__all__ = [
    "ComplexityVectors",
    "Indicators",
    "association_strength",
    "complexity_outlook",
    "complexity_vectors",
    "compute_indicators",
    "continuous_proximity",
    "cooccurrence",
    "cosine_relatedness",
    "density",
    "distance",
    "diversity",
    "eci_pci",
    "expy",
    "fitness_complexity",
    "location_quotient",
    "presence",
    "presence_from_panel",
    "prody",
    "proximity",
    "rca",
    "rca_cube",
    "reflections",
    "rpop_cube",
    "standardise",
    "symmetric_rca",
    "ubiquity",
]
