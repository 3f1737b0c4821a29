r"""The Growth Lab's Atlas strategies for new-activity opportunities, and the PCI ceiling.

The Growth Lab's growth-opportunity strategies weigh distance (:math:`1 -` density), PCI and
COG; a weight on low distance is a weight on high density, so here they are density / PCI /
COG weights (endowment and momentum get 0), used as presets of
:func:`~advantage.planning.opportunities.opportunities`:

======================  =======  ====  ====  =============================================
preset                  density  pci   cog   source
======================  =======  ====  ====  =============================================
low_hanging_fruit        0.60    0.15  0.25  Growth Lab technical notes
long_jump                0.45    0.20  0.35  Growth Lab technical notes
balanced_portfolio       by the region's strategic approach (below)
======================  =======  ====  ====  =============================================

The Atlas picks Balanced Portfolio's weights by the country's strategic approach. The notes
we follow publish weights only for the two other strategies, so **ours** are: light touch
-> the Low-Hanging Fruit weights, strategic bets and technological frontier -> the Long
Jump weights, parsimonious industrial policy -> their mean (0.525 / 0.175 / 0.30); the
approach comes from the ``auto`` rule of :mod:`advantage.planning.opportunities` and is
named in each reason.

*PCI ceiling.* When income per head is supplied (``income=``) at or below
``income_threshold``, candidates with :math:`PCI \ge ECI_r + 2.0` (``long_jump``: + 2.5)
are left out, as the Atlas does for countries below its income threshold. Where ours
differ from the Atlas: the threshold is the caller's (the package does not bundle the
Growth Lab's number, which is in US dollars of a given year; give it in the income's own
units); PCI and ECI are compared on the scale of the chosen convention (under ``"stata"``
they share one scale as in the Atlas; under ``"default"`` each is a z-score over its own
axis); scores are z-scored per region over its candidates instead of the Atlas's
normalisation; and candidates are the region's activities below the RCA threshold, not
the Atlas's export-value filters.

References
----------
Hausmann, R., Hidalgo, C. A. et al. (2014) *The Atlas of Economic Complexity*, MIT Press.
Growth Lab at Harvard University, *Atlas of Economic Complexity*, growth opportunities:
technical notes (strategies and their weights, the PCI ceiling).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, AdvantageWarning
from advantage.panel import Panel
from advantage.reasons import Label, Reason

__all__ = ["ATLAS_WEIGHTS", "BALANCED_WEIGHTS", "CEILING_MARGIN", "STRATEGIES", "ceiling_parts",
           "ceiling_regions"]

#: The Growth Lab's Atlas strategies (module notes).
STRATEGIES = ("low_hanging_fruit", "balanced_portfolio", "long_jump")

#: Published weights on density (low distance), PCI and COG.
ATLAS_WEIGHTS: dict[str, dict[str, float]] = {
    "low_hanging_fruit": {"density": 0.60, "pci": 0.15, "cog": 0.25, "endowment": 0.0,
                          "momentum": 0.0},
    "long_jump": {"density": 0.45, "pci": 0.20, "cog": 0.35, "endowment": 0.0,
                  "momentum": 0.0},
}

#: Balanced Portfolio's weights by strategic approach (ours; module notes).
BALANCED_WEIGHTS: dict[str, dict[str, float]] = {
    "light_touch": ATLAS_WEIGHTS["low_hanging_fruit"],
    "parsimonious": {"density": 0.525, "pci": 0.175, "cog": 0.30, "endowment": 0.0,
                     "momentum": 0.0},
    "strategic_bets": ATLAS_WEIGHTS["long_jump"],
    "frontier": ATLAS_WEIGHTS["long_jump"],
}

#: How far above the region's ECI a candidate's PCI may go under the ceiling rule.
CEILING_MARGIN = {"low_hanging_fruit": 2.0, "balanced_portfolio": 2.0, "long_jump": 2.5}


def ceiling_regions(panel: Panel, r_pos: np.ndarray, preset: str,
                     user: dict[str, float] | None, income: Any,
                     threshold: float | None) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """(applies, income, margin, threshold) per reported region, or None without income.

    ``applies`` marks the regions (positions ``r_pos``) at or below the threshold; the
    arguments are checked here, with one sentence per mistake.
    """
    if income is None:
        if threshold is not None:
            raise AdvantageError("income_threshold= goes with income=: give the regions' "
                                 "income per head too.")
        return None
    if preset not in STRATEGIES or user is not None:
        raise AdvantageError(f"income= applies the PCI ceiling of the Atlas strategies; use "
                             f"preset= one of {list(STRATEGIES)!r} (got preset={preset!r}"
                             f"{' with weights=' if user is not None else ''}).")
    if threshold is None:
        import warnings

        warnings.warn(AdvantageWarning(
            "income= without income_threshold=: no PCI ceiling is applied. The ceiling needs "
            "the income per head at or below which it applies, in the income's own units "
            "(the Growth Lab states its threshold in US dollars; it is not bundled here)."),
            stacklevel=3)
        return None
    limit = float(threshold)
    if not np.isfinite(limit):
        raise AdvantageError(f"income_threshold={threshold!r} is not a finite number.")
    values = np.full(panel.shape[1], np.nan)
    if isinstance(income, Mapping | pd.Series):
        items = dict(income.items())
        if items:
            pos = panel.locate("region", list(items), name="income's regions")
            values[pos] = np.asarray(list(items.values()), dtype=float)
    else:
        try:
            values[:] = float(income)
        except (TypeError, ValueError):
            raise AdvantageError(f"income={income!r} is not a number or a mapping of "
                                 "regions to numbers.") from None
    mine = values[r_pos]
    with np.errstate(invalid="ignore"):
        applies = mine <= limit
    return applies, mine, CEILING_MARGIN[preset], limit


def ceiling_parts(rows: np.ndarray, derived: np.ndarray, ceiling: Any, limit: np.ndarray,
           eci: np.ndarray) -> list[tuple[Reason, ...]]:
    """Clauses after each reason: BP's strategic approach, the PCI ceiling applied."""
    out = []
    for r in rows:
        extra = []
        if derived[r] is not None:
            extra.append(Reason("balanced_by", {"approach": Label("approach", derived[r])}))
        if ceiling is not None and np.isfinite(limit[r]):
            _, income, margin, threshold = ceiling
            extra.append(Reason("pci_ceiling", {
                "ceiling": float(limit[r]), "eci": float(eci[r]), "margin": float(margin),
                "income": float(income[r]), "income_threshold": float(threshold)}))
        out.append(tuple(extra))
    return out
