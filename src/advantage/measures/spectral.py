"""The second eigenvector of ECI and PCI: which solver, on how many threads.

:func:`~advantage.measures.complexity.complexity_vectors` (dense) and the sparse kernel solve
one symmetric Gram matrix per year for the eigenvector of its second-largest eigenvalue;
this module decides how, by size.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np

__all__ = ["BATCHED_EIGEN_LIMIT", "DENSE_EIGEN_LIMIT", "EIGEN_TIE", "SINGLE_THREAD_FLOPS",
           "SINGLE_THREAD_LIMIT",
           "inverse_root", "is_degenerate", "second_eigenvector", "single_threaded"]

#: Above this size the second eigenvector comes from a Lanczos solver instead of a dense one.
DENSE_EIGEN_LIMIT = 1500
#: Up to this size the eigen-problems run on one BLAS thread (:func:`single_threaded`).
SINGLE_THREAD_LIMIT = 500
#: Matrix products of at most this many floating-point operations per call run on one BLAS
#: thread (:func:`single_threaded`): they last milliseconds, less than the waits of two
#: threads on a busy machine.
SINGLE_THREAD_FLOPS = 500_000_000
#: Up to this size the eigen-problems of all years are solved by one batched call.
BATCHED_EIGEN_LIMIT = 128
#: Eigenvalues closer than this are the same eigenvalue (the largest is 1 for the normalised
#: Gram matrices here, so this is relative); the second eigenvector is then not unique.
EIGEN_TIE = 1e-9


def is_degenerate(top: np.ndarray) -> bool:
    """True when the second-largest eigenvalue ties with the largest or the third.

    ``top`` holds the largest eigenvalues in ascending order (two or three of them). A tie
    leaves the second eigenvector undefined: any unit vector of the repeated eigenvalue's
    space is as valid, so a solver returns an arbitrary one (Hidalgo and Hausmann's ECI is
    then not a ranking of the data but of the solver). Examples: regions with one
    activity each that nobody else has (every eigenvalue is 1); activities on a ring.

    Examples
    --------
    >>> is_degenerate(np.array([0.5, 0.5, 1.0])), is_degenerate(np.array([0.2, 0.5, 1.0]))
    (True, False)
    """
    values = np.sort(np.asarray(top, dtype=float))
    gaps = np.diff(values[-3:])
    return bool((gaps <= EIGEN_TIE * max(1.0, abs(values[-1]))).any())


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

    Up to :data:`DENSE_EIGEN_LIMIT` rows the dense symmetric solver computes the three
    largest eigenvalues and that one eigenvector (LAPACK ``syevr`` on an index subset, so
    the others are never built); above it, ARPACK's Lanczos iteration (``eigsh``) finds the
    three largest to machine precision from a fixed start vector, on a dense array or a
    scipy sparse matrix alike. When the second eigenvalue ties with the first or the third
    (:func:`is_degenerate`) the eigenvector is not defined and the result is all NaN.
    """
    n = gram.shape[0]
    k = min(3, n)
    if n <= DENSE_EIGEN_LIMIT:
        import scipy.linalg as sla

        dense = gram.toarray() if hasattr(gram, "toarray") else gram
        values, vectors = sla.eigh(dense, subset_by_index=[n - k, n - 1], driver="evr",
                                   check_finite=False)
        vector = vectors[:, -2]
    else:
        from scipy.sparse.linalg import eigsh

        start = np.random.default_rng(0).random(n) + 0.5  # fixed: the result is reproducible
        values, vectors = eigsh(gram, k=k, which="LA", v0=start, tol=0.0)
        order = np.argsort(values)
        values, vector = values[order], vectors[:, order[-2]]
    if is_degenerate(values):
        return np.full(n, np.nan)
    return vector


def inverse_root(k: np.ndarray) -> np.ndarray:
    """:math:`k^{-1/2}` where ``k > 0``, else 0 (diversity or ubiquity of absent entries)."""
    k = np.asarray(k, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(k > 0, 1.0 / np.sqrt(np.where(k > 0, k, 1.0)), 0.0)
