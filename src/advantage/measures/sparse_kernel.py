r"""The sparse kernel of the indicator set: scipy sparse matrices, one year at a time.

For a panel whose cells are mostly zero, :func:`sparse_indicators` computes the same numbers as
:func:`~advantage.measures.dense_kernel.dense_block` without ever holding a dense
(time, region, activity) cube:

- RCA and presence are computed on the non-zero cells only (a zero cell has RCA 0 and, for a
  positive threshold, no presence);
- diversity and ubiquity are row and column counts of the sparse presence matrix;
- co-occurrence :math:`M^\top M` is a sparse product, normalised into the dense
  activity x activity proximity;
- ECI and PCI come from the Gram matrix of :math:`D_c^{-1/2} M D_p^{-1/2}` on the smaller
  side, built by a sparse product and solved for its second eigenvector alone;
- COI needs no dense product: :math:`\sum_a \omega_{ra} k_a = (M (\phi\, w))_r` with
  :math:`w_a = k_a / \sum_{a'} \phi_{a'a}`, less the same sum over the region's present
  activities, whose densities are sampled products (below);
- density and COG of any cell are computed when a table asks for them, either as sampled
  products :math:`\sum_{a' \in M_r} \phi_{a'a}` at the cells wanted (cost: the region's
  diversity per cell) or, for whole blocks of regions, as a sparse-times-dense product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from advantage._checks import AdvantageError
from advantage.measures import spectral
from advantage.measures.complexity import (
    ComplexityVectors,
    long_row_moments,
    oriented_vectors,
    standardise,
)
from advantage.measures.dense_kernel import outlook_inputs, undefined_years
from advantage.measures.fitness import block_diagonal, fitness_iterate, sparse_products
from advantage.measures.relatedness import normalise_cooccurrence, outlook_terms
from advantage.measures.sampled import ROW_BLOCK, sampled_products
from advantage.measures.spectral import inverse_root, second_eigenvector, single_threaded

if TYPE_CHECKING:
    from advantage.panel import Panel

__all__ = ["DENSE_COOCCURRENCE_SHARE", "LazyCube", "SparseCells", "sparse_indicators"]


@dataclass(frozen=True, eq=False)
class SparseCells:
    """Cell indicators of a sparse computation.

    ``values`` holds the panel's non-zero cells (time x region rows, activity columns),
    ``rca`` and ``present`` are aligned with ``values.data``, and the per-year vectors are
    what density and COG need: proximity, its column sums, the complexity ``k``, the scale
    ``s = k / column sums``, ``vrow = (valid * s) phi``, and the divisor of COG.
    """

    values: sp.csr_array
    rca: np.ndarray
    present: np.ndarray
    presence: sp.csr_array
    proximity: np.ndarray
    column_sums: np.ndarray
    k: np.ndarray
    scale: np.ndarray
    vrow: np.ndarray
    region_present: np.ndarray
    activity_present: np.ndarray
    valid_activities: np.ndarray
    cog_divisor: np.ndarray
    subtract_density: bool
    n_regions: int

    def year(self, t: int) -> sp.csr_array:
        """Presence of year ``t`` (region x activity), sparse, 1.0 where present."""
        return self.presence[t * self.n_regions:(t + 1) * self.n_regions]

    def nonzero_cells(self, t: int, panel: Any = None) -> tuple[np.ndarray, np.ndarray,
                                                                 dict[str, np.ndarray]]:
        """Positions and cell indicators of year ``t``'s non-zero cells.

        Returns region positions, activity positions (in region, activity order) and the
        columns value, rca, mcp, density and cog.
        """
        lo, hi = self.values.indptr[t * self.n_regions], \
            self.values.indptr[(t + 1) * self.n_regions]
        counts = np.diff(self.values.indptr[t * self.n_regions:(t + 1) * self.n_regions + 1])
        r = np.repeat(np.arange(self.n_regions), counts)
        a = self.values.indices[lo:hi]
        present = self.present[lo:hi]
        out = {"value": self.values.data[lo:hi], "rca": self.rca[lo:hi],
               "mcp": present.astype(float)}
        out.update(self.at(t, r, a, present))
        return r, a, out

    def block(self, periods: slice, regions: slice) -> dict[str, np.ndarray]:
        """Dense RCA, presence, density and COG of some periods and regions."""
        n_r, n_a = self.n_regions, self.values.shape[1]
        r0, r1 = regions.start or 0, min(regions.stop, n_r)
        parts: dict[str, list[np.ndarray]] = {"rca": [], "mcp": [], "density": [], "cog": []}
        for t in range(periods.start or 0, periods.stop):
            rows = slice(t * n_r + r0, t * n_r + r1)
            lo, hi = self.values.indptr[rows.start], self.values.indptr[rows.stop]
            indptr = self.values.indptr[rows.start:rows.stop + 1] - lo
            rca = sp.csr_array((self.rca[lo:hi], self.values.indices[lo:hi], indptr),
                               shape=(r1 - r0, n_a)).toarray()
            rca[~self.region_present[t, r0:r1]] = np.nan
            rca[:, ~self.activity_present[t]] = np.nan
            m = self.presence[rows]
            numerator = m @ self.proximity[t]
            with np.errstate(divide="ignore", invalid="ignore"):
                dens = numerator / self.column_sums[t]
            weighted = m.copy()
            weighted.data = self.scale[t][m.indices]
            mcp = m.toarray()
            _, cog = outlook_terms(dens[None], (weighted @ self.proximity[t])[None],
                                   self.k[t][None], self.vrow[t][None], mcp[None] > 0,
                                   self.valid_activities[t][None],
                                   subtract_density=self.subtract_density)
            with np.errstate(invalid="ignore", divide="ignore"):
                cog /= self.cog_divisor[t]
            for name, array in (("rca", rca), ("mcp", mcp), ("density", dens), ("cog", cog[0])):
                parts[name].append(array.reshape(1, r1 - r0, n_a))
        return {name: np.concatenate(arrays) for name, arrays in parts.items()}

    def at(self, t: int, r: np.ndarray, a: np.ndarray,
           present: np.ndarray) -> dict[str, np.ndarray]:
        """Density and COG at the cells (r, a) of year ``t``; ``present`` is their presence."""
        near, weighted = sampled_products(self.year(t), self.proximity[t], r, a, self.scale[t])
        c = self.column_sums[t][a]
        with np.errstate(divide="ignore", invalid="ignore"):
            dens = near / c
        cog = self.vrow[t][a] - weighted
        if self.subtract_density:
            cog -= np.where(c > 0, dens, 0.0) * self.k[t][a]
        cog[present | ~self.valid_activities[t][a]] = 0.0
        with np.errstate(invalid="ignore", divide="ignore"):
            cog /= self.cog_divisor[t]
        return {"density": dens, "cog": cog}


class LazyCube:
    """A (time, region, activity) cube of the sparse kernel, computed when indexed.

    ``cube[t]`` and ``cube[t0:t1]`` (with any further indices) compute those periods only;
    ``np.asarray(cube)`` computes every period. The values are those of the dense kernel.
    """

    ndim = 3
    dtype = np.dtype(float)

    def __init__(self, cells: SparseCells, name: str) -> None:
        self.cells, self.name = cells, name
        self.shape = (cells.proximity.shape[0], cells.n_regions, cells.values.shape[1])

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: Any) -> Any:
        first, rest = (key[0], key[1:]) if isinstance(key, tuple) else (key, ())
        if isinstance(first, int | np.integer):
            t = range(self.shape[0])[first]
            return self._periods(slice(t, t + 1))[0][rest]
        if isinstance(first, slice):
            start, stop, step = first.indices(self.shape[0])
            if step == 1:
                return self._periods(slice(start, max(start, stop)))[(slice(None), *rest)]
        return np.asarray(self)[key]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = self._periods(slice(0, self.shape[0]))
        return out if dtype is None else out.astype(dtype)

    def _periods(self, periods: slice) -> np.ndarray:
        if periods.stop <= periods.start:
            return np.empty((0, *self.shape[1:]))
        return self.cells.block(periods, slice(0, self.shape[1]))[self.name]


def sparse_indicators(panel: Panel, *, convention: str, threshold: float,
                      pop: np.ndarray | None, rpop_threshold: float | None,
                      given: np.ndarray | None, method: Any,
                      with_fitness: bool) -> tuple[SparseCells, dict[str, np.ndarray]]:
    """Every indicator of a panel by the sparse kernel (see the module documentation)."""
    strict = convention == "stata"
    if given is not None:
        raise AdvantageError("presence_cube= is a dense cube; use kernel='dense' (or 'auto') "
                             "with it.")
    if not strict and (threshold <= 0 or (rpop_threshold is not None and rpop_threshold <= 0)):
        raise AdvantageError(f"threshold={threshold!r} makes every cell of a present region "
                             "and activity present, so presence is not sparse; use "
                             "kernel='dense' (or 'auto') with it.")
    n_t, n_r, n_a = panel.shape
    values = panel.sparse_rows(slice(0, n_t))
    row_totals = np.asarray(values.sum(axis=1)).reshape(n_t, n_r)
    year_of = np.repeat(np.arange(n_t * n_r) // n_r, np.diff(values.indptr))
    region_of = np.repeat(np.arange(n_t * n_r) % n_r, np.diff(values.indptr))
    column_totals = np.zeros((n_t, n_a))
    np.add.at(column_totals, (year_of, values.indices), values.data)
    totals = row_totals.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rca = values.data / row_totals[year_of, region_of]
        rca *= (totals[:, None] / column_totals)[year_of, values.indices]
        present = rca > threshold if strict else rca >= threshold
        if pop is not None and rpop_threshold is not None:
            present |= _rpop_present(values.data, pop, row_totals, column_totals, year_of,
                                     region_of, values.indices, rpop_threshold, strict)
    kc0 = np.bincount(year_of[present] * n_r + region_of[present],
                      minlength=n_t * n_r).reshape(n_t, n_r).astype(float)
    kp0 = np.bincount(year_of[present] * n_a + values.indices[present],
                      minlength=n_t * n_a).reshape(n_t, n_a).astype(float)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(
        (year_of * n_r + region_of)[present], minlength=n_t * n_r))])
    presence = sp.csr_array((np.ones(int(indptr[-1])), values.indices[present], indptr),
                            shape=values.shape)
    cells = SparseCells(values=values, rca=rca, present=present, presence=presence,
                        proximity=np.empty((n_t, n_a, n_a)), column_sums=np.empty((n_t, n_a)),
                        k=np.empty((n_t, n_a)), scale=np.empty((n_t, n_a)),
                        vrow=np.empty((n_t, n_a)), region_present=row_totals > 0,
                        activity_present=column_totals > 0, valid_activities=kp0 > 0,
                        cog_divisor=np.ones(n_t), subtract_density=not strict, n_regions=n_r)
    kp = np.zeros((n_t, n_a))
    for t in range(n_t):
        m = cells.year(t)
        if min(n_r, n_a) >= 2:
            with single_threaded(min(n_r, n_a) <= spectral.SINGLE_THREAD_LIMIT):
                kp[t] = _activity_vector(m, kc0[t], kp0[t])
        _cooccurrence(m, out=cells.proximity[t])
        normalise_cooccurrence(cells.proximity[t], cells.proximity[t], method)
        cells.column_sums[t] = cells.proximity[t].sum(axis=0)
    blocks = block_diagonal(presence, n_periods=n_t)
    if min(n_r, n_a) >= 2:
        vectors = oriented_vectors(lambda v: (blocks @ v.reshape(-1)).reshape(n_t, n_r), kp,
                                   kc0, kp0)
    else:
        vectors = ComplexityVectors(np.full((n_t, n_r), np.nan), np.full((n_t, n_a), np.nan),
                                    kc0 > 0, kp0 > 0)
    vr, va = vectors.valid_regions, vectors.valid_activities
    eci, pci, sd_eci, _ = standardise(vectors, convention)  # type: ignore[arg-type]
    k, scale = outlook_inputs(convention, pci, vectors.kp, va, cells.column_sums)
    cells.k[...], cells.scale[...] = k, scale
    coi = np.empty((n_t, n_r))
    for t in range(n_t):
        m, phi = cells.year(t), cells.proximity[t]
        cells.vrow[t] = np.where(va[t], scale[t], 0.0) @ phi
        c = cells.column_sums[t]
        w = np.divide(k[t], c, out=np.zeros(n_a), where=c > 0)
        rows, cols = _coordinates(m)
        near, _ = sampled_products(m, phi, rows, cols, None)
        coi[t] = m @ (phi @ w) - np.bincount(rows, near * w[cols], minlength=n_r)
    if strict:
        cells.cog_divisor[...] = sd_eci
        mean, sd = long_row_moments(coi, vr, va)
        with np.errstate(invalid="ignore", divide="ignore"):
            coi = (coi - mean[:, None]) / sd[:, None]
    undefined = undefined_years(pci, va)
    coi[undefined] = np.nan
    cells.cog_divisor[undefined] = np.nan  # COG of those years is NaN, computed on demand
    if with_fitness:
        fitness, fc_complexity = fitness_iterate(sparse_products(blocks, n_t), vr, va)
    else:
        fitness, fc_complexity = np.full(vr.shape, np.nan), np.full(va.shape, np.nan)
    return cells, {"diversity": kc0, "eci": eci, "coi": np.where(vr, coi, np.nan),
                   "fitness": fitness, "ubiquity": kp0, "pci": pci,
                   "complexity": fc_complexity}


def _activity_vector(m: sp.csr_array, kc0: np.ndarray, kp0: np.ndarray) -> np.ndarray:
    """One year's unoriented activity eigenvector ``kp`` from the smaller Gram matrix."""
    n_r, n_a = m.shape
    root_c, root_p = inverse_root(kc0), inverse_root(kp0)
    rows, cols = _coordinates(m)
    a = sp.csr_array((root_c[rows] * root_p[cols], m.indices, m.indptr), shape=m.shape)
    if n_r <= n_a:
        x = second_eigenvector((a @ a.T).tocsr()) * root_c
        with np.errstate(divide="ignore"):
            return (m.T @ x) * np.where(kp0 > 0, 1.0 / np.where(kp0 > 0, kp0, 1.0), 0.0)
    at = a.T.tocsr()
    return second_eigenvector((at @ a).tocsr()) * root_p


#: Above this share of present cells in a year, co-occurrence is a dense product.
DENSE_COOCCURRENCE_SHARE = 0.03


def _cooccurrence(m: sp.csr_array, *, out: np.ndarray) -> None:
    r"""Co-occurrence :math:`M^\top M` of one year, written into ``out``.

    A sparse product; above :data:`DENSE_COOCCURRENCE_SHARE` of present cells, a
    single-precision dense one in blocks of regions (exact: the counts are integers).
    """
    n_r, n_a = m.shape
    if m.nnz <= DENSE_COOCCURRENCE_SHARE * n_r * n_a:
        (m.T.tocsr() @ m).toarray(out=out)
        return
    step = max(1, ROW_BLOCK // max(1, n_a))
    total = np.zeros((n_a, n_a), dtype=np.float32)
    for start in range(0, n_r, step):
        block = m[start:start + step].toarray().astype(np.float32)
        total += block.T @ block
    out[...] = total


def _coordinates(m: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of every stored entry of a CSR matrix."""
    return np.repeat(np.arange(m.shape[0]), np.diff(m.indptr)), m.indices


def _rpop_present(x: np.ndarray, pop: np.ndarray, row_totals: np.ndarray,
                  column_totals: np.ndarray, year_of: np.ndarray, region_of: np.ndarray,
                  columns: np.ndarray, rpop_threshold: float, strict: bool) -> np.ndarray:
    """The RPOP test of :func:`~advantage.measures.advantage.rpop_cube` on non-zero cells."""
    pop = np.broadcast_to(np.asarray(pop, dtype=float), row_totals.shape)
    usable = np.isfinite(pop) & (pop > 0) & (row_totals > 0)
    pop = np.where(usable, pop, 0.0)
    share = pop / pop.sum(axis=1, keepdims=True)
    rpop = (x / column_totals[year_of, columns]) / share[year_of, region_of]
    rpop[~usable[year_of, region_of]] = np.nan
    return rpop > rpop_threshold if strict else rpop >= rpop_threshold
