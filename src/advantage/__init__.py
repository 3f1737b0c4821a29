"""Advantage: regional industrial planning from region x activity x time data."""

from advantage._checks import AdvantageError
from advantage.panel import Panel

__all__ = ["AdvantageError", "Panel", "__version__"]

__version__ = "0.1.0"
