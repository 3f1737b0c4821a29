r"""How much to trust a ranking: bootstrap intervals of ECI, PCI, density and COG ranks.

**Bootstrap intervals** (:func:`rank_intervals`). Complexity and relatedness are estimated
from one sample of regions and activities; resampling the other axis shows how much a rank
depends on it. For ``n`` seeded replicates, on the presence matrix :math:`M` of one period:

* ECI ranks of regions: activities drawn with replacement, ECI recomputed;
* PCI ranks of activities: regions drawn with replacement, PCI recomputed;
* density and COG ranks of a focus region's candidates: regions drawn with replacement,
  proximity, PCI and COG recomputed from them, density and COG taken for the focus
  region's own row (its presence is kept);

each rank is 1 for the highest value among the valid ones of its replicate, and the
interval is the ``level`` percentile interval of the replicates (Efron and Tibshirani
1993). Replicates are stacked along the time axis of the measures, so each batch is one
call; batches are bounded by ``max_cells``.

The stability of top-k lists under other analyst choices is measured by
:mod:`advantage.planning.stability`.

References
----------
Efron, B. and Tibshirani, R. (1993) *An Introduction to the Bootstrap*, Chapman & Hall.
Hidalgo, C. A. et al. (2007) *Science* 317. Hausmann, R., Hidalgo, C. A. et al. (2014)
*The Atlas of Economic Complexity*, MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, plain
from advantage.measures.complexity import eci_pci
from advantage.measures.indicators import Indicators
from advantage.measures.relatedness import complexity_outlook, density_and_weights, proximity
from advantage.panel import Panel
from advantage.planning.common import indicators_for

__all__ = ["RankIntervals", "rank_intervals", "ranks_desc"]


def ranks_desc(values: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Ranks along the last axis, 1 for the largest; ties share the best; NaN where invalid.

    Examples
    --------
    >>> ranks_desc(np.array([[0.5, np.nan, 2.0, 1.0, 2.0]])).tolist()
    [[4.0, nan, 1.0, 3.0, 1.0]]
    """
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v) if valid is None else (np.isfinite(v) & valid)
    key = np.where(ok, -v, np.inf)
    order = np.argsort(key, axis=-1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=-1)
    n = v.shape[-1]
    start = np.ones(ordered.shape, dtype=bool)
    start[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    position = np.broadcast_to(np.arange(n), ordered.shape)
    best = np.maximum.accumulate(np.where(start, position, 0), axis=-1) + 1.0
    ranks = np.empty(v.shape)
    np.put_along_axis(ranks, order, best, axis=-1)
    return np.where(ok, ranks, np.nan)


@dataclass(frozen=True)
class RankIntervals:
    """Bootstrap rank intervals of one period (see :func:`rank_intervals`).

    Attributes
    ----------
    regions : DataFrame
        ``region, eci, rank, rank_low, rank_high``.
    activities : DataFrame
        ``activity, pci, rank, rank_low, rank_high``.
    cells : DataFrame
        ``region, activity, density, density_rank, density_low, density_high, cog,
        cog_rank, cog_low, cog_high`` for the focus regions' candidates.
    n, seed, level, time
        The settings used.
    """

    regions: pd.DataFrame
    activities: pd.DataFrame
    cells: pd.DataFrame
    n: int
    seed: int
    level: float
    time: Any


def _interval(boot: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    tail = 50.0 * (1.0 - level)
    with np.errstate(invalid="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
            low, high = np.nanpercentile(boot, [tail, 100.0 - tail], axis=0)
    return low, high


def rank_intervals(panel: Panel, *, n: int = 200, seed: int = 0, level: float = 0.9,
                   time: Any = None, focus: Any = None, threshold: float = 1.0,
                   convention: str = "default", indicators: Indicators | None = None,
                   max_cells: int = 20_000_000) -> RankIntervals:
    """Bootstrap intervals of ECI, PCI, density and COG ranks (module notes).

    Parameters
    ----------
    panel : Panel
    n : int
        Replicates.
    seed : int
        Seed of the resampling.
    level : float
        Coverage of the percentile intervals, in (0, 1).
    time : label, optional
        Period (default the last).
    focus : label or list, optional
        Regions whose density and COG ranks are reported (default none: cells are empty).
    threshold, convention, indicators
        Presence threshold and convention; precomputed indicators of ``panel``.
    max_cells : int
        Largest number of cells one batch of replicates may hold.

    Returns
    -------
    RankIntervals

    Examples
    --------
    >>> m = np.array([[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]], float)
    >>> p = Panel.from_cube(m * 10 + 0.01, regions=list("abcd"), activities=list("wxyz"))
    >>> out = rank_intervals(p, n=50, seed=1)
    >>> out.regions["rank"].tolist()
    [1.0, 2.0, 3.0, 4.0]
    """
    if int(n) < 1:
        raise AdvantageError(f"n={n!r} is not valid; expected a positive number of replicates.")
    if not 0.0 < float(level) < 1.0:
        raise AdvantageError(f"level={level!r} is not valid; expected a number in (0, 1).")
    check_choice("convention", convention, ["default", "stata"])
    ind = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t = panel.shape[0] - 1 if time is None else int(panel.locate("time", [time],
                                                                   name="time")[0])
    m = np.nan_to_num(ind.mcp[t])
    vr, va = m.sum(axis=1) > 0, m.sum(axis=0) > 0
    rows, cols = np.flatnonzero(vr), np.flatnonzero(va)
    rng = np.random.default_rng(seed)
    n_r, n_a = m.shape
    draws_a = rng.integers(0, len(cols), (int(n), len(cols))) if len(cols) else None
    draws_r = rng.integers(0, len(rows), (int(n), len(rows))) if len(rows) else None
    eci_boot = np.full((int(n), n_r), np.nan)
    pci_boot = np.full((int(n), n_a), np.nan)
    f_pos = (np.unique(panel.locate("region", focus, name="focus")) if focus is not None
             else np.zeros(0, dtype=int))
    dens_boot = np.full((int(n), len(f_pos), n_a), np.nan)
    cog_boot = np.full((int(n), len(f_pos), n_a), np.nan)
    step = max(1, int(max_cells) // max(1, n_r * n_a, n_a * n_a))
    for start in range(0, int(n), step):
        sl = slice(start, min(start + step, int(n)))
        if draws_a is not None:
            sample = np.moveaxis(m[:, cols[draws_a[sl]]], 1, 0)  # (batch, region, drawn)
            eci_boot[sl] = eci_pci(sample, convention)[0]  # type: ignore[arg-type]
        if draws_r is not None:
            sample = m[rows[draws_r[sl]]]  # (batch, drawn, activity)
            _, pci = eci_pci(sample, convention)  # type: ignore[arg-type]
            pci_boot[sl] = pci
            if len(f_pos):
                phi = proximity(sample)
                own = np.broadcast_to(m[f_pos], (sample.shape[0], len(f_pos), n_a)).copy()
                dens, sums = density_and_weights(own, phi)
                va_b = sample.sum(axis=1) > 0
                _, cog = complexity_outlook(own, dens, phi, pci, va_b, row_sums=sums)
                dens_boot[sl], cog_boot[sl] = dens, cog
    level = float(level)
    regions = _axis_table(panel.regions, "region", "eci", ind.eci[t], vr,
                          ranks_desc(eci_boot), level)
    activities = _axis_table(panel.activities, "activity", "pci", ind.pci[t], va,
                             ranks_desc(pci_boot), level)
    cells = _cell_table(panel, ind, t, f_pos, m, va, dens_boot, cog_boot, level)
    return RankIntervals(regions, activities, cells, int(n), int(seed), level,
                         plain(panel.times[t]))


def _axis_table(labels: pd.Index, axis: str, name: str, values: np.ndarray, valid: np.ndarray,
                boot: np.ndarray, level: float) -> pd.DataFrame:
    low, high = _interval(boot, level)
    return pd.DataFrame({axis: list(labels), name: values,
                         "rank": ranks_desc(values[None], valid[None])[0],
                         "rank_low": low, "rank_high": high})


def _cell_table(panel: Panel, ind: Indicators, t: int, f_pos: np.ndarray, m: np.ndarray,
                va: np.ndarray, dens_boot: np.ndarray, cog_boot: np.ndarray,
                level: float) -> pd.DataFrame:
    if not len(f_pos):
        return pd.DataFrame(columns=["region", "activity", "density", "density_rank",
                                     "density_low", "density_high", "cog", "cog_rank",
                                     "cog_low", "cog_high"])
    cand = (m[f_pos] == 0) & va[None, :]
    out: dict[str, Any] = {}
    for name, point, boot in (("density", ind.density[t][f_pos], dens_boot),
                              ("cog", ind.cog[t][f_pos], cog_boot)):
        low, high = _interval(ranks_desc(boot, cand[None]), level)
        out[name] = point
        out[f"{name}_rank"] = ranks_desc(point, cand)
        out[f"{name}_low"], out[f"{name}_high"] = low, high
    r, a = np.nonzero(cand)
    frame = pd.DataFrame({"region": np.asarray(panel.regions, dtype=object)[f_pos[r]],
                          "activity": np.asarray(panel.activities, dtype=object)[a]})
    for key, array in out.items():
        frame[key] = array[r, a]
    return frame.sort_values(["region", "density_rank"], kind="stable").reset_index(drop=True)
