"""Economic complexity: ECI and PCI, the method of reflections, fitness, PRODY and EXPY.

All functions take a presence cube ``m`` shaped (time, region, activity) of 0.0/1.0 and work
on every year at once. Regions with zero diversity and activities with zero ubiquity in a year
get NaN for that year; they never make the rest of the year missing. In a year whose second
eigenvalue is repeated (:func:`~advantage.measures.spectral.is_degenerate`: structurally
identical regions, activities on a ring) ECI and PCI are undefined and NaN for every region
and activity, instead of a ranking the eigen-solver would invent;
:func:`~advantage.measures.indicators.compute_indicators` warns when that happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from advantage._checks import AdvantageError, check_choice
from advantage.measures import spectral
from advantage.measures.fitness import fitness_complexity
from advantage.measures.spectral import inverse_root, second_eigenvector, single_threaded

__all__ = [
    "ComplexityVectors",
    "complexity_vectors",
    "eci_pci",
    "expy",
    "fitness_complexity",
    "orientation",
    "oriented_vectors",
    "prody",
    "reflections",
    "standardise",
]

Convention = Literal["default", "stata"]


@dataclass(frozen=True)
class ComplexityVectors:
    """Sign-coupled, unstandardised complexity vectors of every year.

    Attributes
    ----------
    kc : numpy.ndarray
        (time, region): the region eigenvector, scaled so that ``kc = D_c^-1 M kp``
        (a region's value is the mean of its activities' ``kp``).
    kp : numpy.ndarray
        (time, activity): the eigenvector of the activity-activity matrix.
    valid_regions, valid_activities : numpy.ndarray
        Boolean masks of regions with diversity > 0 and activities with ubiquity > 0.
    """

    kc: np.ndarray
    kp: np.ndarray
    valid_regions: np.ndarray
    valid_activities: np.ndarray


def complexity_vectors(m: np.ndarray, *, work: np.ndarray | None = None) -> ComplexityVectors:
    r"""The second eigenvectors behind ECI and PCI, from the smaller side of the problem.

    With :math:`D_c = \mathrm{diag}(k_{c,0})` and :math:`D_p = \mathrm{diag}(k_{p,0})`, the
    matrices :math:`\tilde M^C = D_c^{-1} M D_p^{-1} M^\top` and
    :math:`\tilde M^P = D_p^{-1} M^\top D_c^{-1} M` (Hidalgo and Hausmann 2009; Hausmann et
    al. 2014) share their eigenvalues with the symmetric Gram matrices of
    :math:`A = D_c^{-1/2} M D_p^{-1/2}`. The code takes ``A A^T`` or ``A^T A``, whichever is
    smaller, solves it year by year for the second eigenvector alone
    (:func:`second_eigenvector`), and maps the eigenvector to the other side by one
    matrix-vector product: :math:`k_p \propto D_p^{-1} M^\top k_c` and
    :math:`k_c = D_c^{-1} M k_p`.

    The sign is coupled: :math:`k_c` is oriented to correlate positively with diversity, and
    :math:`k_p` follows from the same eigenvector, so the two never disagree.

    Parameters
    ----------
    m : numpy.ndarray
        Presence cube (time, region, activity) of 0.0 and 1.0.
    work : numpy.ndarray, optional
        A float array shaped like ``m`` to use as scratch memory (its contents are lost).

    Returns
    -------
    ComplexityVectors
    """
    m = np.asarray(m, dtype=float)
    n_t, n_r, n_a = m.shape
    kc0 = m.sum(axis=2)
    kp0 = m.sum(axis=1)
    if min(n_r, n_a) < 2:
        return ComplexityVectors(np.full((n_t, n_r), np.nan), np.full((n_t, n_a), np.nan),
                                 kc0 > 0, kp0 > 0)
    root_c, root_p = inverse_root(kc0), inverse_root(kp0)
    small = n_r <= n_a
    # The Gram matrix of A = D_c^-1/2 M D_p^-1/2 on the smaller side: one scaled copy of the
    # cube, a symmetric product per year, then the other side's scaling on the small matrix.
    b = np.multiply(m, root_p[:, None, :] if small else root_c[:, :, None], out=work)
    side = root_c if small else root_p
    n = n_r if small else n_a
    x = np.empty((n_t, n))
    # Many short LAPACK and BLAS calls for small matrices: one thread is faster.
    with single_threaded(n <= spectral.SINGLE_THREAD_LIMIT):
        grams = np.empty((n_t, n, n)) if n <= spectral.BATCHED_EIGEN_LIMIT else None
        for t in range(n_t):
            gram = b[t] @ b[t].T if small else b[t].T @ b[t]
            gram *= side[t][:, None]
            gram *= side[t][None, :]
            if grams is None:
                x[t] = second_eigenvector(gram) * side[t]
            else:
                grams[t] = gram
        if grams is not None:  # small matrices: one batched call for every year
            values, vectors = np.linalg.eigh(grams)
            x[...] = vectors[..., -2] * side
            for t in range(n_t):  # a repeated second eigenvalue: no ECI that year
                if spectral.is_degenerate(values[t, -3:]):
                    x[t] = np.nan
        del b
        if small:
            with np.errstate(divide="ignore"):
                x = _left(x, m) * np.where(kp0 > 0, 1.0 / np.where(kp0 > 0, kp0, 1.0), 0.0)
        return oriented_vectors(m, x, kc0, kp0)


def oriented_vectors(m: Any, kp: np.ndarray, kc0: np.ndarray,
                     kp0: np.ndarray) -> ComplexityVectors:
    """Complete an activity eigenvector ``kp`` (time, activity) into oriented vectors.

    ``kc = D_c^-1 M kp`` (``m`` is a presence cube, or a matrix-vector operator ``m(kp)``
    returning (time, region)), then both are oriented by :func:`orientation` and masked.
    """
    vr, va = kc0 > 0, kp0 > 0
    product = m(kp) if callable(m) else _right(m, kp)
    with np.errstate(divide="ignore", invalid="ignore"):
        kc = product * np.where(vr, 1.0 / np.where(vr, kc0, 1.0), 0.0)
    sign = orientation(kc, kc0, vr, kp, kp0, va)
    kc *= sign[:, None]
    kp = kp * sign[:, None]
    return ComplexityVectors(np.where(vr, kc, np.nan), np.where(va, kp, np.nan), vr, va)


def standardise(
    vectors: ComplexityVectors, convention: Convention = "default"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Standardise ``kc`` and ``kp`` into ECI and PCI under a convention.

    ``"stata"`` (Growth Lab ``ecomplexity.ado``): the mean and the standard deviation
    (n - 1 denominator) of ECI are taken over the long region x activity rows of the year,
    and PCI is standardised with *the same* mean and standard deviation, so that a region's
    ECI stays the mean PCI of its activities.

    ``"default"``: ECI is a z-score over the regions present that year and PCI a z-score over
    the activities present, each with its own mean and population standard deviation (n).

    Returns
    -------
    eci, pci, scale_eci, scale_pci : numpy.ndarray
        ECI (time, region), PCI (time, activity), and the standard deviations (time,) that
        were divided out of ``kc`` and ``kp`` (used to scale COG and COI consistently).
    """
    check_choice("convention", convention, ["default", "stata"])
    kc, kp = vectors.kc, vectors.kp
    n_r = vectors.valid_regions.sum(axis=1).astype(float)
    n_a = vectors.valid_activities.sum(axis=1).astype(float)
    if convention == "stata":
        mean_c, sd_c = long_row_moments(kc, vectors.valid_regions, vectors.valid_activities)
        with np.errstate(invalid="ignore", divide="ignore"):
            return ((kc - mean_c[:, None]) / sd_c[:, None],
                    (kp - mean_c[:, None]) / sd_c[:, None], sd_c, sd_c)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_c = np.where(vectors.valid_regions, kc, 0.0).sum(axis=1) / np.maximum(n_r, 1)
        dev_c = np.nansum((kc - mean_c[:, None]) ** 2, axis=1)
        sd_c = np.sqrt(dev_c / n_r)
        mean_p = np.where(vectors.valid_activities, kp, 0.0).sum(axis=1) / np.maximum(n_a, 1)
        sd_p = np.sqrt(np.nansum((kp - mean_p[:, None]) ** 2, axis=1) / n_a)
        return ((kc - mean_c[:, None]) / sd_c[:, None],
                (kp - mean_p[:, None]) / sd_p[:, None], sd_c, sd_p)


def long_row_moments(values: np.ndarray, vr: np.ndarray,
                     va: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sd (n - 1) per year of a per-region value repeated over its activity rows.

    This is how Stata's ``sum`` sees a region-level variable in the long region x activity
    data of ``ecomplexity.ado``: each present region counts once per present activity.
    ``vr`` and ``va`` are the (time, region) and (time, activity) presence masks.
    """
    n_r = vr.sum(axis=1).astype(float)
    n_a = va.sum(axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(vr, values, 0.0).sum(axis=1) / np.maximum(n_r, 1)
        dev = np.where(vr, (values - mean[:, None]) ** 2, 0.0).sum(axis=1)
        return mean, np.sqrt(dev * n_a / (n_r * n_a - 1.0))


def eci_pci(m: np.ndarray, convention: Convention = "default") -> tuple[np.ndarray, np.ndarray]:
    """Economic Complexity Index (time, region) and Product Complexity Index (time, activity).

    See :func:`complexity_vectors` for the method and :func:`standardise` for the conventions.

    Examples
    --------
    >>> m = np.array([[[1, 1, 1], [1, 1, 0], [1, 0, 0]]], dtype=float)
    >>> eci, pci = eci_pci(m)
    >>> bool(eci[0, 0] > eci[0, 2]), bool(pci[0, 2] > pci[0, 0])
    (True, True)
    """
    eci, pci, _, _ = standardise(complexity_vectors(m), convention)
    return eci, pci


def reflections(m: np.ndarray, iterations: int = 18) -> tuple[np.ndarray, np.ndarray]:
    r"""The method of reflections (Hidalgo and Hausmann 2009).

    .. math::

        k_{r,N} = \frac{1}{k_{r,0}} \sum_a M_{ra} k_{a,N-1}, \qquad
        k_{a,N} = \frac{1}{k_{a,0}} \sum_r M_{ra} k_{r,N-1}

    Returns
    -------
    kr, ka : numpy.ndarray
        Shaped (iterations + 1, time, region) and (iterations + 1, time, activity); entry 0
        is diversity and ubiquity. NaN where diversity or ubiquity is zero.
    """
    if iterations < 0:
        raise AdvantageError(f"iterations={iterations!r} is not valid; expected >= 0.")
    m = np.asarray(m, dtype=float)
    kc0, kp0 = m.sum(axis=2), m.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_c, inv_p = 1.0 / kc0, 1.0 / kp0
    kr = [kc0]
    ka = [kp0]
    for _ in range(iterations):
        with np.errstate(invalid="ignore"):
            kr_next = _right(m, np.nan_to_num(ka[-1])) * inv_c
            ka_next = _left(np.nan_to_num(kr[-1]), m) * inv_p
        kr.append(np.where(kc0 > 0, kr_next, np.nan))
        ka.append(np.where(kp0 > 0, ka_next, np.nan))
    return np.stack(kr), np.stack(ka)


def prody(x: np.ndarray, income: np.ndarray) -> np.ndarray:
    r"""PRODY: the income level associated with an activity (Hausmann, Hwang, Rodrik 2007).

    .. math::

        PRODY_a = \sum_r \frac{x_{ra}/X_r}{\sum_{r'} x_{r'a}/X_{r'}} Y_r

    Parameters
    ----------
    x : numpy.ndarray
        Values (time, region, activity).
    income : numpy.ndarray
        Income per capita :math:`Y_r`, shaped (time, region) or (region,). Regions with
        missing income are left out of the sums.

    Returns
    -------
    numpy.ndarray
        (time, activity).
    """
    x = np.asarray(x, dtype=float)
    y = np.broadcast_to(np.asarray(income, dtype=float), x.shape[:2])
    known = np.isfinite(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = x / x.sum(axis=2, keepdims=True)
    share = np.where(known[:, :, None], np.nan_to_num(share), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = share / share.sum(axis=1, keepdims=True)
    return np.einsum("tra,tr->ta", weights, np.where(known, y, 0.0))


def expy(x: np.ndarray, prody_values: np.ndarray) -> np.ndarray:
    r"""EXPY: the income level of a region's basket (Hausmann, Hwang, Rodrik 2007).

    .. math:: EXPY_r = \sum_a \frac{x_{ra}}{X_r} PRODY_a

    Activities with NaN PRODY are left out of the sum. Returns (time, region).
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = x / x.sum(axis=2, keepdims=True)
    return np.einsum("tra,ta->tr", share, np.nan_to_num(prody_values))


def orientation(kc: np.ndarray, kc0: np.ndarray, vr: np.ndarray, kp: np.ndarray,
                 kp0: np.ndarray, va: np.ndarray) -> np.ndarray:
    """Sign (+1/-1 per year) that makes ECI correlate positively with diversity.

    Ties (every region equally diverse, so no correlation) are broken by PCI correlating
    negatively with ubiquity, then by a positive skew of ECI, and, for a year symmetric in
    all of these, by a positive PCI for the first activity (in the panel's order) whose PCI
    is not zero, so the sign never depends on the eigen-solver's arbitrary choice.
    """
    sign = np.zeros(kc.shape[0])
    clear = np.where(va, np.abs(np.nan_to_num(kp)), 0.0)
    clear = clear > 1e-9 * clear.max(axis=1, keepdims=True, initial=0.0)
    first = np.argmax(clear, axis=1)
    candidates = (
        _masked_correlation(kc, kc0, vr),
        -_masked_correlation(kp, kp0, va),
        _masked_correlation((kc - _masked_mean(kc, vr)[:, None]) ** 2, kc, vr),
        np.where(clear.any(axis=1), np.nan_to_num(kp[np.arange(len(kp)), first]), 0.0),
    )
    for value in candidates:  # each year decided by the first clear (|r| > 1e-9) candidate
        decided = np.abs(value) > 1e-9
        sign = np.where((sign == 0) & decided, np.sign(value), sign)
    sign[sign == 0] = 1.0
    return sign


def _masked_mean(a: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.where(mask, a, 0.0).sum(axis=1) / np.maximum(mask.sum(axis=1), 1)


def _left(v: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Batched vector-matrix product ``v[t] @ m[t]``: (time, region) x cube -> (time, activity)."""
    return (v[:, None, :] @ m)[:, 0, :]


def _right(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Batched matrix-vector product ``m[t] @ v[t]``: cube x (time, activity) -> (time, region)."""
    return (m @ v[:, :, None])[:, :, 0]


def _masked_correlation(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Pearson correlation of ``a`` and ``b`` along axis 1 over the masked entries (0 if flat)."""
    a0 = np.where(mask, a - _masked_mean(a, mask)[:, None], 0.0)
    b0 = np.where(mask, b - _masked_mean(b, mask)[:, None], 0.0)
    a0 = np.nan_to_num(a0)
    b0 = np.nan_to_num(b0)
    norm = np.sqrt((a0**2).sum(axis=1) * (b0**2).sum(axis=1))
    return np.divide((a0 * b0).sum(axis=1), norm, out=np.zeros(len(norm)), where=norm > 0)
