"""The second eigenvector of ECI and PCI: which solver, on how many threads.

:func:`~advantage.measures.complexity.complexity_vectors` (dense) and the sparse kernel solve
one symmetric Gram matrix per year for the eigenvector of its second-largest eigenvalue;
this module decides how, by size.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np

__all__ = ["BATCHED_EIGEN_LIMIT", "DENSE_EIGEN_LIMIT", "SINGLE_THREAD_LIMIT", "inverse_root",
           "second_eigenvector", "single_threaded"]

#: Above this size the second eigenvector comes from a Lanczos solver instead of a dense one.
DENSE_EIGEN_LIMIT = 1500
#: Up to this size the eigen-problems run on one BLAS thread (:func:`single_threaded`).
SINGLE_THREAD_LIMIT = 500
#: Up to this size the eigen-problems of all years are solved by one batched call.
BATCHED_EIGEN_LIMIT = 128


def single_threaded(wanted: bool = True) -> AbstractContextManager[Any]:
    """A context in which BLAS and LAPACK use one thread (when ``wanted``), then restore.

    Small eigen-problems and matrix-vector products are calls too short for threads to
    pay: the threads of OpenBLAS wait for each other at every call, and on a busy machine
    each wait can last a scheduler time slice (measured here: the eigen-problems of the
    200 x 1,200 x 20 benchmark panel took 4.1 s with two threads on a loaded machine and
    0.19 s with one). Nothing global changes: the previous setting is restored on exit.
    """
    if not wanted:
        return nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def second_eigenvector(gram: Any) -> np.ndarray:
    """Unit eigenvector of the second-largest eigenvalue of a symmetric matrix.

    Up to :data:`DENSE_EIGEN_LIMIT` rows the dense symmetric solver computes that one
    eigenvector (LAPACK ``syevr`` on an index subset, so the others are never built); above
    it, ARPACK's Lanczos iteration (``eigsh``) finds the two largest to machine precision
    from a fixed start vector, on a dense array or a scipy sparse matrix alike.
    """
    n = gram.shape[0]
    if n <= DENSE_EIGEN_LIMIT:
        import scipy.linalg as sla

        dense = gram.toarray() if hasattr(gram, "toarray") else gram
        _, vector = sla.eigh(dense, subset_by_index=[n - 2, n - 2], driver="evr",
                             check_finite=False)
        return vector[:, 0]
    from scipy.sparse.linalg import eigsh

    start = np.random.default_rng(0).random(n) + 0.5  # fixed: the result is reproducible
    values, vectors = eigsh(gram, k=2, which="LA", v0=start, tol=0.0)
    return vectors[:, int(np.argsort(values)[0])]


def inverse_root(k: np.ndarray) -> np.ndarray:
    """:math:`k^{-1/2}` where ``k > 0``, else 0 (diversity or ubiquity of absent entries)."""
    k = np.asarray(k, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(k > 0, 1.0 / np.sqrt(np.where(k > 0, k, 1.0)), 0.0)
