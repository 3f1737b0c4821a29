r"""Sampled products: chosen entries of :math:`M \phi`, without the whole product.

The sparse kernel needs density and COG only at the cells a table asks for (and, for COI,
at the present cells): each entry of :math:`M \phi` is a sum over the region's present
activities, far cheaper than a full row when few cells of the region are wanted.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["GATHER_COST", "PAIRS_PER_CHUNK", "ROW_BLOCK", "sampled_products"]

#: At most this many (cell, present activity) pairs are expanded at once by the sampled
#: products, which bounds their temporary memory (about 40 bytes a pair).
PAIRS_PER_CHUNK = 4_000_000


def sampled_products(m: sp.csr_array, phi: np.ndarray, r: np.ndarray, a: np.ndarray,
                     weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    r"""The entries (r, a) of :math:`M \phi` and :math:`M \mathrm{diag}(w) \phi` alone.

    Each is a sum over the region's present activities, :math:`\sum_{a' \in M_r}
    \phi_{a'a}` (and the same weighted by :math:`w_{a'}`), so the cost is the region's
    diversity per cell instead of a full row of the product. ``phi`` must be symmetric: the
    terms are read along row ``a`` (:math:`\phi_{aa'}`), where they lie close together.
    A region asked for more than one cell in :data:`GATHER_COST` of its row gets its whole
    row instead (a sparse-times-dense product), which streams through memory and is then
    cheaper than gathering term by term. Without ``weights`` only the first is computed
    (the second is returned as zeros).
    """
    n = len(r)
    plain, weighted = np.zeros(n), np.zeros(n)
    asked = np.bincount(r, minlength=m.shape[0])
    whole = asked * GATHER_COST > phi.shape[1]
    by_row = whole[r]
    if by_row.any():
        _whole_rows(m, phi, r, a, weights, np.flatnonzero(whole), np.flatnonzero(by_row),
                    plain, weighted)
    cells = np.flatnonzero(~by_row)
    if len(cells) == n:
        _gathered(m, phi, r, a, weights, plain, weighted)
    elif len(cells):
        near, far = np.zeros(len(cells)), np.zeros(len(cells))
        _gathered(m, phi, r[cells], a[cells], weights, near, far)
        plain[cells], weighted[cells] = near, far
    return plain, weighted


#: A term gathered from a scattered place costs about this many streamed multiply-adds.
GATHER_COST = 16
#: Whole rows of the products are computed this many entries at a time.
ROW_BLOCK = 2**22


def _whole_rows(m: sp.csr_array, phi: np.ndarray, r: np.ndarray, a: np.ndarray,
                weights: np.ndarray | None, rows: np.ndarray, cells: np.ndarray,
                plain: np.ndarray, weighted: np.ndarray) -> None:
    """Fill ``plain`` and ``weighted`` at ``cells`` from whole rows of the products."""
    step = max(1, ROW_BLOCK // max(1, phi.shape[1]))
    where = np.full(m.shape[0], -1)
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        where[chunk] = np.arange(len(chunk))
        sub = m[chunk]
        picked = cells[where[r[cells]] >= 0]
        local = where[r[picked]]
        plain[picked] = (sub @ phi)[local, a[picked]]
        if weights is not None:
            scaled = sp.csr_array((weights[sub.indices], sub.indices, sub.indptr),
                                  shape=sub.shape)
            weighted[picked] = (scaled @ phi)[local, a[picked]]
        where[chunk] = -1


def _gathered(m: sp.csr_array, phi: np.ndarray, r: np.ndarray, a: np.ndarray,
              weights: np.ndarray | None, plain: np.ndarray, weighted: np.ndarray) -> None:
    """Fill ``plain`` and ``weighted`` term by term (see :func:`sampled_products`)."""
    n = len(r)
    counts = np.diff(m.indptr)[r]
    starts = m.indptr[r].astype(np.int64)
    ends = np.cumsum(counts)
    flat = phi.reshape(-1)
    n_a = phi.shape[1]
    start = 0
    while start < n:
        done = ends[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + PAIRS_PER_CHUNK, "right")))
        count = counts[start:stop]
        cell = np.repeat(np.arange(stop - start), count)
        # Positions in m.indices of every (cell, present activity) pair, without a loop.
        first = np.cumsum(count) - count
        pairs = np.arange(int(count.sum()), dtype=np.int64)
        pairs -= np.repeat(first - starts[start:stop], count)
        columns = m.indices[pairs]
        near = flat[a[start:stop].astype(np.int64)[cell] * n_a + columns]
        plain[start:stop] = np.bincount(cell, near, minlength=stop - start)
        if weights is not None:
            weighted[start:stop] = np.bincount(cell, near * weights[columns],
                                               minlength=stop - start)
        start = stop
