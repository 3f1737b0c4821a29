r"""Features of the learned scorer that mean the same thing whatever the panel and period gap.

The learned scorer (:mod:`~advantage.planning.learned`) pools every origin of a panel, so a
feature must be comparable between a base year with one year of history and one with thirty,
and between origins 1 or 15 years before their outcome. Three devices make it so:

* **ranks within the period**: levels whose scale drifts (densities, sizes, complexity) are
  replaced by their percentile among the valid cells (regions, activities) of that period,
  :math:`\mathrm{rank}(x) \in (0, 1]`, ties sharing their mean rank;
* **changes per year elapsed**: a change between the previous observed period and the base
  is divided by the years between them (1 per period when times are not numbers);
* **dimensionless levels**: RCA is a ratio of shares and keeps its scale.

=========================  ================================================================
feature                    definition at base :math:`t` (cell :math:`r, a`)
=========================  ================================================================
``rca``                    :math:`RCA_{ra,t}`
``rca_max_past``           :math:`\max_{s \le t} RCA_{ra,s}`
``rca_trend``              :math:`(RCA_{ra,t} - RCA_{ra,t'}) / (t - t')`, :math:`t'` the
                           previous period
``value_trend``            :math:`\frac{x_{ra,t} - x_{ra,t'}}{(x_{ra,t} + x_{ra,t'})(t - t')}`
``presence_share``         share of periods :math:`s \le t` with :math:`x_{ra,s} > 0`
``density_<p>``            rank of the density :math:`\sum_{a'} M_{ra'}\phi_{a'a} /
                           \sum_{a'}\phi_{a'a}` under proximity ``p``: ``min``, ``max``,
                           ``geometric`` (Hidalgo et al. 2007), ``association`` (van Eck and
                           Waltman 2009), ``continuous`` (correlation of RCA, levels
                           :math:`(\tilde R + 1)/2` with :math:`\tilde R` the symmetric
                           RCA), ``cosine`` (cosine of RCA profiles)
``region_neighbours``      rank of :math:`\sum_{r'} s_{rr'} M_{r'a} / \sum_{r'} s_{rr'}`,
                           :math:`s` the cosine similarity of the regions' presence rows
``activity_neighbours``    rank of :math:`\max_{a'} M_{ra'} \phi^{min}_{a'a}`, the closest
                           activity the region already has
``region_<x>``             rank among regions of size, diversity, ECI, growth per year
                           (log), volatility (mean :math:`|\Delta \tilde R|` per year)
``activity_<x>``           rank among activities of size, ubiquity, PCI, growth per year,
                           volatility
=========================  ================================================================

Every array is read through :class:`~advantage.planning.features.Reader`, so the latest
period each feature touched is recorded and :func:`~advantage.planning.features.check_leakage`
can refuse a feature that reads the future.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from advantage._checks import AdvantageError
from advantage.measures.advantage import symmetric_rca
from advantage.measures.indicators import Indicators
from advantage.measures.relatedness import (
    association_strength,
    continuous_proximity,
    cosine_relatedness,
    density,
    proximity,
)
from advantage.planning.features import Reader

__all__ = ["MONOTONE", "SIGNALS", "build_signals", "period_rank"]

SIGNALS = (
    "rca", "rca_max_past", "rca_trend", "value_trend", "presence_share",
    "density_min", "density_max", "density_geometric", "density_association",
    "density_continuous", "density_cosine", "region_neighbours", "activity_neighbours",
    "region_size", "region_diversity", "region_eci", "region_growth", "region_volatility",
    "activity_size", "activity_ubiquity", "activity_pci", "activity_growth",
    "activity_volatility",
)

#: Features whose effect on the chance of entry theory signs: +1 (more is likelier).
#: Relatedness (Hidalgo et al. 2007; Neffke et al. 2011) and the cell's own RCA history.
MONOTONE = {name: 1 for name in (
    "rca", "rca_max_past", "presence_share", "density_min", "density_max",
    "density_geometric", "density_association", "density_continuous", "density_cosine",
    "region_neighbours", "activity_neighbours")}


def period_rank(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Percentile rank in (0, 1] of the finite ``valid`` entries; NaN elsewhere.

    Examples
    --------
    >>> period_rank(np.array([3.0, 1.0, 2.0, np.nan]), np.array([True, True, True, True]))
    array([1.        , 0.33333333, 0.66666667,        nan])
    """
    out = np.full(values.shape, np.nan)
    keep = valid & np.isfinite(values)
    if keep.any():
        from scipy.stats import rankdata  # imported here: scipy.stats is slow to import

        out[keep] = rankdata(values[keep]) / keep.sum()
    return out


def _years(ind: Indicators, b: int) -> float:
    times = ind.panel.times
    try:
        return float(times[b]) - float(times[b - 1])
    except (TypeError, ValueError):
        return 1.0


def _valid(g: Reader, b: int) -> tuple[np.ndarray, np.ndarray]:
    value = g("value", b)
    return value.sum(axis=1) > 0, value.sum(axis=0) > 0


def _cells(x: np.ndarray, g: Reader, b: int) -> np.ndarray:
    vr, va = _valid(g, b)
    return period_rank(x, vr[:, None] & va[None, :])


def _by_region(x: np.ndarray, g: Reader, b: int) -> np.ndarray:
    vr, va = _valid(g, b)
    return np.broadcast_to(period_rank(x, vr)[:, None], (len(vr), len(va)))


def _by_activity(x: np.ndarray, g: Reader, b: int) -> np.ndarray:
    vr, va = _valid(g, b)
    return np.broadcast_to(period_rank(x, va)[None, :], (len(vr), len(va)))


def _density(kind: str, g: Reader, b: int) -> np.ndarray:
    m = np.nan_to_num(g("mcp", slice(b, b + 1)))
    if kind == "min":
        return g("density", b)
    if kind == "continuous":
        levels = (symmetric_rca(np.nan_to_num(g("rca", slice(b, b + 1)))) + 1.0) / 2.0
        return density(levels, continuous_proximity(levels))[0]
    if kind == "cosine":
        phi = cosine_relatedness(np.nan_to_num(g("rca", slice(b, b + 1))))
    elif kind == "association":
        phi = association_strength(m)
    else:
        phi = proximity(m, kind)  # type: ignore[arg-type]
    return density(m, phi)[0]


def _volatility(g: Reader, b: int, axis: int) -> np.ndarray:
    change = np.abs(symmetric_rca(g("rca", b)) - symmetric_rca(g("rca", b - 1)))
    known = np.isfinite(change)
    # mean over the known cells (NaN where none is known), without nanmean's warning
    return (np.where(known, change, 0.0).sum(axis=axis) / known.sum(axis=axis)
            / _years(g.ind, b))


def _signal(name: str, g: Reader, b: int) -> np.ndarray:
    shape = g.ind.rca.shape[1:]
    if b == 0 and name in ("rca_trend", "value_trend", "region_growth", "region_volatility",
                           "activity_growth", "activity_volatility"):
        return np.full(shape, np.nan)
    if name == "rca":
        return g("rca", b)
    if name == "rca_max_past":
        past = g("rca", slice(0, b + 1))
        return np.where(np.isnan(past), -np.inf, past).max(axis=0)
    if name == "rca_trend":
        return (g("rca", b) - g("rca", b - 1)) / _years(g.ind, b)
    if name == "value_trend":
        now, before = g("value", b), g("value", b - 1)
        return (now - before) / (now + before) / _years(g.ind, b)
    if name == "presence_share":
        return (g("value", slice(0, b + 1)) > 0).mean(axis=0)
    if name.startswith("density_"):
        return _cells(_density(name.removeprefix("density_"), g, b), g, b)
    if name == "region_neighbours":
        m = np.nan_to_num(g("mcp", b))
        norm = np.sqrt((m**2).sum(axis=1))
        sim = (m @ m.T) / np.outer(norm, norm)
        np.fill_diagonal(sim, 0.0)
        sim = np.nan_to_num(sim)
        return _cells((sim @ m) / sim.sum(axis=1, keepdims=True), g, b)
    if name == "activity_neighbours":
        m = np.nan_to_num(g("mcp", b))
        phi = g("proximity", b)
        return _cells((m[:, :, None] * phi[None, :, :]).max(axis=1), g, b)
    if name == "region_size":
        return _by_region(g("value", b).sum(axis=1), g, b)
    if name == "region_diversity":
        return _by_region(g("diversity", b), g, b)
    if name == "region_eci":
        return _by_region(g("eci", b), g, b)
    if name == "region_growth":
        return _by_region(np.log(g("value", b).sum(axis=1) / g("value", b - 1).sum(axis=1))
                          / _years(g.ind, b), g, b)
    if name == "region_volatility":
        return _by_region(_volatility(g, b, 1), g, b)
    if name == "activity_size":
        return _by_activity(g("value", b).sum(axis=0), g, b)
    if name == "activity_ubiquity":
        return _by_activity(g("ubiquity", b), g, b)
    if name == "activity_pci":
        return _by_activity(g("pci", b), g, b)
    if name == "activity_growth":
        return _by_activity(np.log(g("value", b).sum(axis=0) / g("value", b - 1).sum(axis=0))
                            / _years(g.ind, b), g, b)
    if name == "activity_volatility":
        return _by_activity(_volatility(g, b, 0), g, b)
    raise AdvantageError(f"unknown feature {name!r}; expected one of {list(SIGNALS)!r}.")


def build_signals(ind: Indicators, base: int, names: tuple[str, ...] = SIGNALS,
                  signal: Callable[[str, Reader, int], np.ndarray] | None = None,
                  ) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Features (region, activity) at period position ``base`` and the latest period each read.

    Parameters
    ----------
    ind : Indicators
        Indicators of the panel; periods after ``base`` are never read.
    base : int
        Position of the base period.
    names : tuple of str
        Features to build (default :data:`SIGNALS`).
    signal : callable, optional
        Replaces the module's feature function (tests use it to plant a leaky feature).

    Returns
    -------
    features, reads : dict, dict
        Name -> array (region, activity) with NaN where undefined, and name -> the latest
        period position read.

    Examples
    --------
    >>> from advantage import Panel
    >>> from advantage.measures import compute_indicators
    >>> cube = np.array([[[2.0, 1.0, 0.0], [1.0, 1.0, 1.0], [1.0, 1.0, 2.0]],
    ...                  [[2.0, 1.0, 0.0], [1.0, 1.0, 2.0], [1.0, 1.0, 4.0]]])
    >>> panel = Panel.from_cube(cube, regions=["r0", "r1", "r2"],
    ...                         activities=["a0", "a1", "a2"], times=[2000, 2002])
    >>> ind = compute_indicators(panel, with_fitness=False)
    >>> feats, reads = build_signals(ind, 1, ("rca", "rca_trend"))
    >>> reads
    {'rca': 1, 'rca_trend': 1}
    """
    make = signal or _signal
    feats, reads = {}, {}
    for name in names:
        reader = Reader(ind)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.asarray(make(name, reader, base), dtype=float)
        feats[name] = np.where(np.isfinite(value), value, np.nan)
        reads[name] = reader.latest
    return feats, reads
