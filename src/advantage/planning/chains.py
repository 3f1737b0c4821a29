r"""Supply-chain gaps (强链补链): inputs a region's pillar industries buy from outside it.

For one region and year, from the region's own input-output table and a panel of every
region's output (the same activities):

1. **Pillars.** The region's activities with a location quotient of at least ``min_lq``,
   ranked by their share of the region's output; the first ``pillars`` (or those named).
2. **Inputs.** For each pillar :math:`j`, every input :math:`i` with a technical coefficient
   :math:`a_{ij} = z_{ij} / x_j` of at least ``min_input_share`` (``input_share``: the value
   of input :math:`i` per unit of the pillar's output, from the region's own table).
3. **Bought outside.** ``sourced_outside_share`` :math:`s_i = m_i / (x_i + m_i)`, with
   :math:`m_i` the region's inflow from other regions plus imports from abroad of product
   :math:`i` and :math:`x_i` its output (:meth:`RegionalIOTable.outside_share`).
   **Assumption:** the tables record inflow and imports per *product*, not per using sector,
   so they are apportioned in proportion to use: every user of product :math:`i`, the pillar
   included, is assumed to buy the same share :math:`s_i` from outside. Each row's reason
   carries this assumption as its ``chain_sourcing`` clause.
4. **Crossed with capabilities.** The region's relatedness density to the input and the
   input's complexity (PCI), both from :func:`advantage.measures.compute_indicators` on the
   panel's year (Hidalgo et al. 2007; Hausmann et al. 2014).

The score ranks the gaps worth closing, largest first:

.. math::

    \mathrm{score}_{ij} = a_{ij}\, s_i \cdot \tfrac12 \left(\rho^{d}_{i} + \rho^{pci}_{i}\right)

:math:`a_{ij} s_i` is the pillar's spending on the input bought outside, per unit of its
output; :math:`\rho^{d}_i` and :math:`\rho^{pci}_i` are the percentile ranks (in (0, 1]) of the
region's density to :math:`i` and of :math:`i`'s PCI among the year's activities: a large
outside purchase of an input the region is close to and that is complex scores highest. A
gap is *fill* (补链) when the region does not specialise in the input (LQ below ``min_lq``),
*strengthen* (强链) when it does but still buys much of it from outside.

References
----------
Miller, R. E. and Blair, P. D. (2009) *Input-Output Analysis*, 2nd ed., Cambridge, ch. 3 and 8
(regional tables, regional supply shares). Hidalgo, C. A., Klinger, B., Barabási, A.-L. and
Hausmann, R. (2007) The product space conditions the development of nations, *Science* 317.
Hausmann, R., Hidalgo, C. A. et al. (2014) *The Atlas of Economic Complexity*, MIT Press.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.measures.indicators import compute_indicators
from advantage.measures.linkages import RegionalIOTable
from advantage.panel import Panel
from advantage.planning.reasons import Label, Reason

__all__ = ["COLUMNS", "supply_chain_gaps"]

#: Columns of the result, in order.
COLUMNS = ["time", "region", "pillar", "input_activity", "input_share",
           "sourced_outside_share", "density", "pci", "score", "reason"]


def _ranks(values: np.ndarray) -> np.ndarray:
    """Percentile ranks in (0, 1] (ties share the mean rank; NaN stays NaN)."""
    series = pd.Series(values)
    return np.asarray(series.rank(method="average", pct=True), dtype=float)


def supply_chain_gaps(
    table: RegionalIOTable,
    panel: Panel,
    *,
    focus: Any = None,
    pillars: int | Sequence[Any] = 3,
    min_lq: float = 1.0,
    min_input_share: float = 0.01,
    aliases: Mapping[Any, Any] | Callable[[Any], Any] | None = None,
) -> pd.DataFrame:
    """The inputs of a region's pillar industries that it buys from outside, scored.

    Parameters
    ----------
    table : RegionalIOTable
        The region's input-output table for one year, with inflow and imports by product
        (``table.outside``); its sectors are activities of ``panel``.
    panel : Panel
        Every region's output by activity (e.g. gross output), including ``table.time``.
    focus : label, optional
        The region in ``panel`` (default ``table.region``), matched by the one label rule.
    pillars : int or sequence of labels
        How many pillars to take (by share of the region's output among activities with
        LQ >= ``min_lq``), or the pillar activities themselves.
    min_lq : float
        Location quotient at or above which an activity counts as specialised (pillar
        candidates; fill versus strengthen).
    min_input_share : float
        Smallest technical coefficient :math:`a_{ij}` reported.
    aliases : mapping or callable, optional
        Other names for the panel's regions (a region preset's), for ``focus``.

    Returns
    -------
    pandas.DataFrame
        ``time, region, pillar, input_activity, input_share, sourced_outside_share, density,
        pci, score, reason`` (:data:`COLUMNS`), one row per pillar and input bought at least
        partly outside (inputs all made in the region are no gap), by score; the
        ``reason`` is a :class:`~advantage.planning.reasons.Reason`: ``chain_fill`` or
        ``chain_strengthen`` with parts ``chain_pillar`` and ``chain_sourcing``.

    Examples
    --------
    >>> import pandas as pd
    >>> from advantage.measures.linkages import RegionalIOTable
    >>> cells = pd.DataFrame({"t": 2017, "r": list("AAABBBCCC"), "a": list("xyzxyzxyz"),
    ...                       "v": [90.0, 10.0, 0.0, 10.0, 80.0, 10.0, 60.0, 30.0, 10.0]})
    >>> panel = Panel.from_long(cells, region="r", activity="a", value="v", time="t")
    >>> sectors = pd.Index(["x", "y"], name="sector")
    >>> table = RegionalIOTable(
    ...     "A", 2017, pd.DataFrame([[9.0, 0.0], [27.0, 1.0]], sectors, sectors),
    ...     pd.DataFrame({"use": [81.0, 12.0]}, sectors), pd.DataFrame([[54.0, 9.0]]),
    ...     pd.Series([90.0, 10.0], sectors),
    ...     outside=pd.DataFrame({"inflow": [0.0, 30.0]}, sectors))
    >>> gaps = supply_chain_gaps(table, panel, pillars=1)  # x: 27 / 90; y: 30 / (10 + 30)
    >>> gaps[["pillar", "input_activity", "input_share", "sourced_outside_share"]].values
    array([['x', 'y', 0.3, 0.75]], dtype=object)
    >>> gaps["reason"].iloc[0].key
    'chain_fill'
    """
    check_positive("min_lq", min_lq, strict=False)
    check_positive("min_input_share", min_input_share, strict=False)
    region = panel.match("region", table.region if focus is None else focus, name="focus",
                         aliases=aliases)[0]
    if str(region) != str(table.region):
        raise AdvantageError(f"focus={focus!r} is {region!r}, but the table is of "
                             f"{table.region!r}; give that region's table.")
    time = plain(panel.match("time", table.time, name="the table's year")[0])
    year = panel.select(times=[time])
    sectors = list(table.output.index)
    positions = year.locate("activity", sectors, name="the table's sectors")
    indicators = compute_indicators(year)
    r = int(year.locate("region", region)[0])
    lq = indicators.rca[0, r][positions]
    density = indicators.density[0, r][positions]
    pci = indicators.pci[0][positions]
    values = year.cube[0, r][positions]
    output_share = values / values.sum()
    chosen = _pillars(pillars, sectors, lq, output_share, min_lq, year)
    outside = table.outside_share().to_numpy(dtype=float)
    rank_d, rank_p = _ranks(density), _ranks(pci)
    flows = table.flows.to_numpy(dtype=float)
    output = table.output.to_numpy(dtype=float)
    sourcing = Reason("chain_sourcing", {"rule": "proportional_to_use"})
    rows = []
    for j in chosen:
        share = flows[:, j] / output[j]
        pillar_reason = Reason("chain_pillar", {
            "pillar": Label("activity", sectors[j]), "lq": float(lq[j]),
            "output_pct": 100.0 * float(output_share[j])})
        for i in np.flatnonzero(share >= max(min_input_share, 1e-15)):
            if not np.isfinite(outside[i]) or outside[i] <= 0:
                continue
            score = share[i] * outside[i] * 0.5 * (rank_d[i] + rank_p[i])
            key = "chain_strengthen" if lq[i] >= min_lq else "chain_fill"
            reason = Reason(key, {
                "time": time, "pillar": Label("activity", sectors[j]),
                "input": Label("activity", sectors[i]),
                "input_pct": 100.0 * float(share[i]), "outside_pct": 100.0 * float(outside[i]),
                "lq": float(lq[i]), "density": float(density[i]), "pci": float(pci[i])},
                (pillar_reason, sourcing))
            rows.append((time, region, sectors[j], sectors[i], float(share[i]),
                         float(outside[i]), float(density[i]), float(pci[i]), float(score),
                         reason))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["assumption"] = ("inflow and imports are recorded by product; each user of a "
                               "product is assumed to buy the same share of it from outside "
                               "the region (proportional to use)")
    return out


def _pillars(pillars: int | Sequence[Any], sectors: list[Any], lq: np.ndarray,
             output_share: np.ndarray, min_lq: float, year: Panel) -> list[int]:
    """Positions (in ``sectors``) of the pillars, largest share of output first."""
    if isinstance(pillars, str | bool):
        raise AdvantageError(f"pillars={pillars!r} is not valid; expected a positive number "
                             f"or a list of activities.")
    if isinstance(pillars, int | np.integer):
        if pillars < 1:
            raise AdvantageError(f"pillars={pillars!r} is not valid; expected a positive "
                                 f"number or a list of activities.")
        candidates = np.flatnonzero(lq >= min_lq)
        order = candidates[np.argsort(-output_share[candidates], kind="stable")]
        if len(order) == 0:
            raise AdvantageError(f"the region has no activity with LQ >= {min_lq}; lower "
                                 f"min_lq or name the pillars.")
        return [int(p) for p in order[:pillars]]
    labels = year.match("activity", list(pillars), name="pillars")
    return [sectors.index(label) for label in labels]
