"""Fitness and complexity (Tacchella et al. 2012), iterated for every year at once.

The map needs two products per step, ``M q`` and ``v M``; they are batched dense products
for a cube (:func:`dense_products`) or products with one sparse block-diagonal matrix of all
years (:func:`block_diagonal`, :func:`sparse_products`), whichever the caller has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from advantage.measures.spectral import single_threaded

__all__ = ["block_diagonal", "dense_products", "fitness_complexity", "fitness_iterate",
           "sparse_products"]

Products = tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]


def fitness_complexity(
    m: np.ndarray, *, max_iter: int = 1000, tol: float = 1e-10
) -> tuple[np.ndarray, np.ndarray]:
    r"""Fitness of regions and complexity of activities (Tacchella et al. 2012).

    .. math::

        \tilde F_r^{(n)} = \sum_a M_{ra} Q_a^{(n-1)}, \qquad
        \tilde Q_a^{(n)} = \frac{1}{\sum_r M_{ra} / F_r^{(n-1)}},

    each normalised to mean 1 over the regions (activities) present that year, iterated from
    ones until the largest relative change is below ``tol`` in every year (or ``max_iter``).
    Regions with zero diversity and activities with zero ubiquity are NaN.

    Examples
    --------
    >>> m = np.array([[[1, 1, 1], [1, 1, 0], [1, 0, 0]]], dtype=float)
    >>> f, q = fitness_complexity(m)
    >>> bool(f[0, 0] > f[0, 1] > f[0, 2]), bool(q[0, 2] > q[0, 1] > q[0, 0])
    (True, True)
    """
    m = np.asarray(m, dtype=float)
    return fitness_iterate(dense_products(m), m.sum(axis=2) > 0, m.sum(axis=1) > 0,
                           max_iter=max_iter, tol=tol)


def dense_products(m: np.ndarray) -> Products:
    """The two products of :func:`fitness_iterate` for a cube ``m``, batched over years.

    They are ``q -> M q`` and ``v -> v M``, as batched matrix-vector products.
    """
    return (lambda q: _right(m, q)), (lambda v: _left(v, m))


def sparse_products(blocks: Any, n_periods: int) -> Products:
    """The two products of :func:`fitness_iterate` on :func:`block_diagonal` matrices."""
    transposed = blocks.T.tocsr()
    n_r, n_a = blocks.shape[0] // n_periods, blocks.shape[1] // n_periods
    return ((lambda q: (blocks @ q.reshape(-1)).reshape(n_periods, n_r)),
            (lambda v: (transposed @ v.reshape(-1)).reshape(n_periods, n_a)))


def block_diagonal(m: Any, n_periods: int = 1) -> Any:
    """Every year's presence matrix on the diagonal of one sparse matrix.

    The result is shaped (time x region, time x activity), so that one sparse product
    serves all years at once.

    ``m`` is a presence cube (time, region, activity), or a scipy sparse matrix of
    ``n_periods`` years stacked by rows, shaped (time x region, activity).
    """
    import scipy.sparse as sp

    if isinstance(m, np.ndarray):
        # Straight from the cube's non-zero positions, which come in row order.
        n_periods, n_r, n_a = m.shape
        where = np.flatnonzero(m)
        row, column = np.divmod(where, n_a)
        indptr = np.zeros(n_periods * n_r + 1, dtype=np.int64)
        np.cumsum(np.bincount(row, minlength=n_periods * n_r), out=indptr[1:])
        column += (row // max(n_r, 1)) * n_a
        data = np.asarray(m.reshape(-1)[where], dtype=np.float64)
        return sp.csr_array((data, column, indptr), shape=(n_periods * n_r, n_periods * n_a))
    else:
        rows = sp.csr_array(m)
        n_r, n_a = rows.shape[0] // n_periods, rows.shape[1]
    if rows.dtype != np.float64:
        rows = rows.astype(np.float64)
    year = np.repeat(np.arange(rows.shape[0]) // max(n_r, 1), np.diff(rows.indptr))
    return sp.csr_array((rows.data, rows.indices + year * n_a, rows.indptr),
                        shape=(rows.shape[0], n_periods * n_a))


def fitness_iterate(products: Products, vr: np.ndarray, va: np.ndarray, *,
                    max_iter: int = 1000, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """The fitness-complexity map of :func:`fitness_complexity`, on given products.

    ``products`` are the functions ``q -> M q`` (time, activity) -> (time, region) and
    ``v -> v M`` (time, region) -> (time, activity) (:func:`dense_products` or
    :func:`sparse_products`); ``vr`` and ``va`` are the (time, region) and (time, activity)
    masks of positive diversity and ubiquity.
    """
    with single_threaded():  # short matrix-vector products: one thread is faster
        return _iterate(products, vr, va, max_iter=max_iter, tol=tol)


def _iterate(products: Products, vr: np.ndarray, va: np.ndarray, *, max_iter: int,
             tol: float) -> tuple[np.ndarray, np.ndarray]:
    right, left = products
    n_t = vr.shape[0]
    f = vr.astype(float)
    q = va.astype(float)
    n_r = np.maximum(vr.sum(axis=1, keepdims=True), 1)
    n_a = np.maximum(va.sum(axis=1, keepdims=True), 1)
    tiny = np.finfo(float).tiny
    active = np.ones(n_t, dtype=bool)  # years still iterating
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(max_iter):
            f_new = right(q)
            # A fitness that underflowed to 0 stands for a tiny positive one (1/F huge, not 0).
            inv_f = np.where(vr, 1.0 / np.maximum(f, tiny), 0.0)
            q_new = np.where(va, 1.0 / left(inv_f), 0.0)
            f_new /= f_new.sum(axis=1, keepdims=True) / n_r
            q_new /= q_new.sum(axis=1, keepdims=True) / n_a
            f_new, q_new = np.nan_to_num(f_new), np.nan_to_num(q_new)
            change = np.maximum(_year_change(f_new, f), _year_change(q_new, q))
            f = np.where(active[:, None], f_new, f)
            q = np.where(active[:, None], q_new, q)
            active &= change >= tol
            if not active.any():
                break
    return np.where(vr, f, np.nan), np.where(va, q, np.nan)


def _left(v: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Batched vector-matrix product ``v[t] @ m[t]``: (time, region) x cube -> (time, activity)."""
    return (v[:, None, :] @ m)[:, 0, :]


def _right(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Batched matrix-vector product ``m[t] @ v[t]``: cube x (time, activity) -> (time, region)."""
    return (m @ v[:, :, None])[:, :, 0]


def _year_change(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    if new.shape[1] == 0:
        return np.zeros(new.shape[0])
    scale = np.maximum(np.abs(old), 1e-300)
    return np.max(np.abs(new - old) / scale, axis=1)
