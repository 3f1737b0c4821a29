r"""The dense kernel of the indicator set: every cell of a block of years held as arrays.

:func:`dense_block` computes RCA, presence, ECI/PCI, fitness, proximity, density, COI and COG
for a dense cube of years with as few passes over memory as the matrix products allow:

- co-occurrence :math:`M^\top M` in single precision (exact: the counts are integers), one
  symmetric rank-k update per year (:func:`~advantage.measures.relatedness.binary_proximity`);
- density :math:`M \phi` with the column sums of :math:`\phi` from a row of ones stored
  under the presence cube, so that they ride along in the same product;
- the COG product :math:`(M \mathrm{diag}(s)) \phi` with the valid-activity row likewise;
- the Gram matrix of the eigen-problem on the smaller side, and only its second eigenvector;
- fitness iterated on one sparse block-diagonal matrix of all years.

The numbers are those of the formulas in :mod:`~advantage.measures.advantage`,
:mod:`~advantage.measures.complexity` and :mod:`~advantage.measures.relatedness`;
:mod:`~advantage.measures.indicators` documents the conventions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from advantage.measures.advantage import presence, rca_cube, rpop_cube
from advantage.measures.complexity import complexity_vectors, long_row_moments, standardise
from advantage.measures.fitness import (
    block_diagonal,
    dense_products,
    fitness_iterate,
    sparse_products,
)
from advantage.measures.relatedness import binary_proximity, outlook_terms
from advantage.measures.spectral import SINGLE_THREAD_FLOPS, single_threaded

__all__ = ["DENSE_FITNESS_CELLS", "DenseCells", "dense_block", "outlook_inputs"]

#: Up to this many cells, fitness iterates on dense products.
DENSE_FITNESS_CELLS = 1_000_000


@dataclass(frozen=True, eq=False)
class DenseCells:
    """Cell indicators of a dense computation: cubes shaped (time, region, activity)."""

    rca: np.ndarray
    mcp: np.ndarray
    density: np.ndarray
    cog: np.ndarray
    proximity: np.ndarray

    def block(self, periods: slice, regions: slice) -> dict[str, np.ndarray]:
        """RCA, presence, density and COG of some periods and regions (views)."""
        return {name: getattr(self, name)[periods, regions]
                for name in ("rca", "mcp", "density", "cog")}

    def nonzero_cells(self, t: int, panel: Any) -> tuple[np.ndarray, np.ndarray,
                                                       dict[str, np.ndarray]]:
        """Positions and cell indicators of year ``t``'s non-zero cells.

        Returns region positions, activity positions (in region, activity order) and the
        columns value, rca, mcp, density and cog.
        """
        x = panel.cube_block(slice(t, t + 1))[0]
        r, a = np.nonzero(x)
        out = {"value": x[r, a]}
        out.update({name: getattr(self, name)[t, r, a]
                    for name in ("rca", "mcp", "density", "cog")})
        return r, a, out


def outlook_inputs(convention: str, pci: np.ndarray, kp: np.ndarray, va: np.ndarray,
                   column_sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The complexity ``k`` that COI and COG weigh by, and ``s = k / row sums of phi``.

    The default convention uses the standardised PCI, Stata's the unstandardised ``kp``
    (see :func:`~advantage.measures.relatedness.complexity_outlook`); both are 0 for absent
    activities. Proximity is symmetric, so its row sums are its column sums.
    """
    k = np.where(va, np.nan_to_num(kp if convention == "stata" else pci), 0.0)
    scale = np.divide(k, column_sums, out=np.zeros_like(k), where=column_sums > 0)
    return k, scale


def undefined_years(pci: np.ndarray, va: np.ndarray) -> np.ndarray:
    """Years whose PCI is undefined (NaN for a present activity): their COI and COG are too.

    COI and COG weigh activities by their complexity; without one (a repeated eigenvalue,
    :func:`~advantage.measures.spectral.is_degenerate`) they are NaN, not zero.
    """
    return (va & ~np.isfinite(pci)).any(axis=1)


def dense_block(x: np.ndarray, *, convention: str, threshold: float, pop: np.ndarray | None,
                rpop_threshold: float | None, given: np.ndarray | None, method: Any,
                with_fitness: bool) -> dict[str, np.ndarray]:
    """Every indicator of a dense block of years.

    The per-year products run on one BLAS thread when each is short
    (:data:`~advantage.measures.spectral.SINGLE_THREAD_FLOPS`): a 100 x 600 year is a few
    milliseconds of work, and on a busy two-core machine two threads made the whole set
    ten times slower than one (0.75 s against 0.06 s for 100 x 600 x 10).

    Returns
    -------
    dict
        The cubes (rca, mcp, density, cog) shaped (time, region, activity), proximity
        (time, activity, activity), region arrays (diversity, eci, coi, fitness) shaped
        (time, region) and activity arrays (ubiquity, pci, complexity) shaped
        (time, activity).
    """
    _, n_r, n_a = x.shape
    with single_threaded(2 * (n_r + 1) * n_a * n_a <= SINGLE_THREAD_FLOPS):
        return _dense_block(x, convention=convention, threshold=threshold, pop=pop,
                            rpop_threshold=rpop_threshold, given=given, method=method,
                            with_fitness=with_fitness)


def _dense_block(x: np.ndarray, *, convention: str, threshold: float, pop: np.ndarray | None,
                 rpop_threshold: float | None, given: np.ndarray | None, method: Any,
                 with_fitness: bool) -> dict[str, np.ndarray]:
    n_t, n_r, n_a = x.shape
    strict = convention == "stata"
    r = rca_cube(x)
    # Presence sits above a row of ones: the density product then also yields the column
    # sums of proximity, with no copy of the cube.
    stacked = np.empty((n_t, n_r + 1, n_a))
    stacked[:, n_r] = 1.0
    m = stacked[:, :n_r]
    if given is not None:
        m[...] = given
    elif pop is not None and rpop_threshold is not None:
        m[...] = presence(r, threshold, strict=strict, rpop_values=rpop_cube(x, pop),
                          rpop_threshold=rpop_threshold)
    else:
        with np.errstate(invalid="ignore"):
            (np.greater if strict else np.greater_equal)(r, threshold, out=m, casting="unsafe")
    present = m > 0
    # One scratch cube serves three passes in turn: the eigen-problem's scaled copy of M,
    # the COG product's weighted M (with its extra row), and the density-times-PCI term.
    weighted = np.empty((n_t, n_r + 1, n_a))
    vectors = complexity_vectors(m, work=weighted[:, :n_r])
    vr, va = vectors.valid_regions, vectors.valid_activities
    eci, pci, sd_eci, _ = standardise(vectors, convention)  # type: ignore[arg-type]
    phi = binary_proximity(m, method)
    products = stacked @ phi
    del stacked
    column_sums = products[:, n_r]
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.divide(products[:, :n_r], column_sums[:, None, :], out=products[:, :n_r])
    k, scale = outlook_inputs(convention, pci, vectors.kp, va, column_sums)
    np.multiply(m, scale[:, None, :], out=weighted[:, :n_r])
    weighted[:, n_r] = np.where(va, scale, 0.0)
    gains = weighted @ phi
    coi, cog = outlook_terms(dens, gains[:, :n_r], k, gains[:, n_r], present, va,
                             subtract_density=not strict, work=weighted[:, :n_r])
    del weighted
    if strict:
        mean, sd = long_row_moments(coi, vr, va)
        with np.errstate(invalid="ignore", divide="ignore"):
            cog /= sd_eci[:, None, None]
            coi = (coi - mean[:, None]) / sd[:, None]
    coi = np.where(vr, coi, np.nan)
    undefined = undefined_years(pci, va)
    coi[undefined] = np.nan
    cog[undefined] = np.nan
    if with_fitness:
        # Small cubes iterate on dense products (no sparse set-up); larger ones on one
        # sparse block-diagonal matrix, whose products read a fraction of the memory.
        products = (dense_products(m) if m.size <= DENSE_FITNESS_CELLS else
                    sparse_products(block_diagonal(present), n_t))
        fitness, fc_complexity = fitness_iterate(products, vr, va)
    else:
        fitness = np.full(vr.shape, np.nan)
        fc_complexity = np.full(va.shape, np.nan)
    return {"rca": r, "mcp": m, "density": dens, "cog": cog, "proximity": phi,
            "diversity": m.sum(axis=2), "eci": eci, "coi": coi, "fitness": fitness,
            "ubiquity": m.sum(axis=1), "pci": pci, "complexity": fc_complexity}
