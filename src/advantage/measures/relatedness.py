"""Relatedness: proximity, density, distance, and the complexity outlook (COI, COG).

Every function works on cubes shaped (time, region, activity) and on proximity stacks shaped
(time, activity, activity), for all years at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from advantage._checks import check_choice

__all__ = [
    "association_strength",
    "binary_proximity",
    "complexity_outlook",
    "continuous_proximity",
    "cooccurrence",
    "cosine_relatedness",
    "density",
    "density_and_weights",
    "distance",
    "normalise_cooccurrence",
    "outlook_terms",
    "proximity",
]

ProximityMethod = Literal["min", "max", "geometric"]


def cooccurrence(m: np.ndarray) -> np.ndarray:
    r"""Co-occurrence counts :math:`U_{aa'} = \sum_r M_{ra} M_{ra'}`, shaped (time, a, a)."""
    m = np.asarray(m, dtype=float)
    # A contiguous transpose lets the batched product go to BLAS (a strided one does not).
    return np.ascontiguousarray(m.transpose(0, 2, 1)) @ m


def proximity(
    m: np.ndarray, method: ProximityMethod = "min", *, diagonal: bool = False
) -> np.ndarray:
    r"""Proximity between activities from co-occurrence of presence.

    .. math::

        \phi^{min}_{aa'} = \frac{U_{aa'}}{\max(k_a, k_{a'})},\quad
        \phi^{max}_{aa'} = \frac{U_{aa'}}{\min(k_a, k_{a'})},\quad
        \phi^{geo}_{aa'} = \frac{U_{aa'}}{\sqrt{k_a k_{a'}}}

    ``min`` is the minimum of the two conditional probabilities (Hidalgo et al. 2007, *The
    product space conditions the development of nations*); ``max`` the maximum; ``geometric``
    their geometric mean, which equals the cosine similarity of the binary columns.

    Parameters
    ----------
    m : numpy.ndarray
        Presence cube (time, region, activity).
    method : {"min", "max", "geometric"}
    diagonal : bool
        Keep the diagonal (1 for activities present anywhere). By default it is 0, so that
        an activity is not counted as related to itself in density (as in the Growth Lab's
        Stata ``ecomplexity``).

    Returns
    -------
    numpy.ndarray
        Symmetric, in [0, 1], shaped (time, activity, activity); 0 for rows of activities
        with zero ubiquity.

    Examples
    --------
    >>> m = np.array([[[1, 1], [1, 0], [1, 0]]], dtype=float)
    >>> proximity(m)[0].tolist()
    [[0.0, 0.3333333333333333], [0.3333333333333333, 0.0]]
    """
    check_choice("method", method, ["min", "max", "geometric"])
    u = cooccurrence(m)
    for year in u:
        normalise_cooccurrence(year, year, method, diagonal=diagonal)
    return u


def binary_proximity(m: np.ndarray, method: ProximityMethod = "min") -> np.ndarray:
    """:func:`proximity` (zero diagonal) of a presence cube known to hold only 0 and 1.

    The co-occurrence counts are integers below :math:`2^{24}` (the number of regions), so
    single precision holds them exactly: the product runs in ``float32`` (twice the speed
    of ``float64``), one year at a time as a symmetric rank-k update, and each year is
    normalised into the ``float64`` result straight away.
    """
    check_choice("method", method, ["min", "max", "geometric"])
    m32 = np.asarray(m).astype(np.float32)
    n_t, _, n_a = m32.shape
    out = np.empty((n_t, n_a, n_a))
    for t in range(n_t):
        normalise_cooccurrence(m32[t].T @ m32[t], out[t], method)
    return out


def normalise_cooccurrence(u: np.ndarray, out: np.ndarray, method: ProximityMethod = "min",
                           *, diagonal: bool = False) -> None:
    """Write the proximity of one year's co-occurrence matrix ``u`` into ``out``.

    ``out`` may be ``u`` itself. The ubiquities are the diagonal of ``u``.
    """
    k = np.diagonal(u).astype(float)  # a strided view broadcasts slowly
    # An activity with zero ubiquity has zero co-occurrence: an infinite denominator keeps
    # its proximity at 0 without a masked division.
    k[k == 0] = np.inf
    combine: Callable[[np.ndarray, np.ndarray], np.ndarray]
    if method == "min":
        combine = np.maximum
    elif method == "max":
        combine = np.minimum
    else:
        def combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return np.sqrt(a * b)
    # Column blocks keep the denominator's temporary small: a full-size one would cost as
    # much as the co-occurrence product itself in fresh memory.
    step = max(1, 2**18 // max(1, len(k)))
    for start in range(0, len(k), step):
        block = slice(start, start + step)
        np.divide(u[:, block], combine(k[:, None], k[None, block]), out=out[:, block])
    np.fill_diagonal(out, np.isfinite(k).astype(float) if diagonal else 0.0)


def continuous_proximity(levels: np.ndarray) -> np.ndarray:
    r"""Continuous proximity from the correlation of RCA levels across regions.

    .. math:: \phi_{aa'} = \tfrac{1}{2}\left(1 + \rho(RCA_{\cdot a}, RCA_{\cdot a'})\right)

    with a zero diagonal, as in ``proxcontinous.ado`` of the Growth Lab's ``ecomplexity``.
    Regions with NaN levels that year are left out of the correlation; an activity with no
    variation across regions has proximity 0 to every other.
    """
    x = np.asarray(levels, dtype=float)
    # An activity absent this year is NaN for every region: ignore such columns when deciding
    # which regions are known (they end up with no variation, hence proximity 0).
    present = np.isfinite(x).any(axis=1, keepdims=True)
    known = (np.isfinite(x) | ~present).all(axis=2, keepdims=True)
    n = known.sum(axis=1, keepdims=True).astype(float)
    x = np.where(known, x, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        centred = np.where(known, x - x.sum(axis=1, keepdims=True) / n, 0.0)
        scale = np.sqrt((centred**2).sum(axis=1, keepdims=True))
        z = centred / scale
    z[~np.isfinite(z)] = 0.0
    corr = z.transpose(0, 2, 1) @ z
    phi = np.clip(0.5 * (1.0 + corr), 0.0, 1.0)
    constant = (scale[:, 0, :] == 0) | ~np.isfinite(scale[:, 0, :])
    phi[np.broadcast_to(constant[:, :, None], phi.shape)] = 0.0
    phi[np.broadcast_to(constant[:, None, :], phi.shape)] = 0.0
    _set_diagonal(phi, 0.0)
    return phi


def cosine_relatedness(levels: np.ndarray) -> np.ndarray:
    r"""Cosine similarity of activities' profiles across regions, zero diagonal.

    .. math:: r_{aa'} = \frac{\sum_r x_{ra} x_{ra'}}{\|x_{\cdot a}\| \, \|x_{\cdot a'}\|}

    The cosine measure of vector-space similarity (Salton and McGill 1983) applied to any
    non-negative levels (values, shares, RCA); on a binary presence cube it equals the
    ``geometric`` proximity. EconGeo's ``relatedness(method = "cosine")`` is a different
    quantity (co-occurrence normalised by co-occurrence row sums). NaN levels count as zero.
    """
    x = np.nan_to_num(np.asarray(levels, dtype=float))
    norm = np.sqrt((x**2).sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (x.transpose(0, 2, 1) @ x) / (norm[:, :, None] * norm[:, None, :])
    out[~np.isfinite(out)] = 0.0
    _set_diagonal(out, 0.0)
    return out


def association_strength(m: np.ndarray) -> np.ndarray:
    r"""Association strength: co-occurrence relative to what chance would give.

    .. math:: AS_{aa'} = \frac{C_{aa'} \, T}{S_a S_{a'}}

    with :math:`C` the co-occurrence matrix with a zero diagonal, :math:`S_a = \sum_{a'}
    C_{aa'}` and :math:`T = \sum_a S_a` (van Eck and Waltman 2009, *How to normalize
    co-occurrence data*; EconGeo's ``relatedness(method = "association")``). Values above 1
    mean more co-occurrence than expected.
    """
    c = cooccurrence(m)
    _set_diagonal(c, 0.0)
    s = c.sum(axis=2)
    total = s.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = c * total[:, None, None] / (s[:, :, None] * s[:, None, :])
    out[~np.isfinite(out)] = 0.0
    return out


def density(levels: np.ndarray, phi: np.ndarray) -> np.ndarray:
    r"""Relatedness density of every region-activity cell.

    .. math:: \omega_{ra} = \frac{\sum_{a'} M_{ra'} \phi_{a'a}}{\sum_{a'} \phi_{a'a}}

    (Hidalgo et al. 2007). ``levels`` is usually the presence cube; RCA levels give the
    continuous density. NaN levels count as zero; NaN where the activity has no proximity
    to any other.

    Examples
    --------
    >>> m = np.array([[[1, 0], [1, 1]]], dtype=float)
    >>> phi = np.array([[[0, 0.5], [0.5, 0]]])
    >>> density(m, phi)[0].tolist()
    [[0.0, 1.0], [1.0, 1.0]]
    """
    return density_and_weights(levels, phi)[0]


def density_and_weights(levels: np.ndarray, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Density (as :func:`density`) and the column sums of ``phi``, from one product.

    A row of ones appended to the levels yields the column sums of ``phi`` inside the same
    matrix product, instead of another pass over the activity x activity stack.
    """
    x = np.nan_to_num(np.asarray(levels, dtype=float))
    n_t, n_r, n_a = x.shape
    stacked = np.concatenate([x, np.ones((n_t, 1, n_a))], axis=1) @ phi
    out, column_sums = stacked[:, :n_r], stacked[:, n_r]
    with np.errstate(divide="ignore", invalid="ignore"):
        out /= column_sums[:, None, :]
    return out, column_sums


def distance(levels: np.ndarray, phi: np.ndarray) -> np.ndarray:
    r"""Distance :math:`d_{ra} = 1 - \omega_{ra}` (Hausmann et al. 2014)."""
    return 1.0 - density(levels, phi)


def complexity_outlook(
    m: np.ndarray,
    dens: np.ndarray,
    phi: np.ndarray,
    pci: np.ndarray,
    valid_activities: np.ndarray,
    *,
    convention: Literal["default", "stata"] = "default",
    row_sums: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Complexity outlook index (COI) of regions and complexity outlook gain (COG) of cells.

    .. math::

        COI_r = \sum_a \omega_{ra} (1 - M_{ra}) PCI_a

        COG_{ra} = (1 - M_{ra}) \Big[\sum_{a'} \frac{\phi_{a'a}}{\sum_{a''} \phi_{a'a''}}
                   (1 - M_{ra'}) PCI_{a'} - \omega_{ra} PCI_a \Big]

    (Hausmann et al. 2014, *The Atlas of Economic Complexity*, where :math:`1 - d_{ra} =
    \omega_{ra}`). Under ``convention="stata"`` the last term is left out, as in
    ``coicog.ado``, and ``pci`` is expected on the Stata scale (the caller standardises COI
    and divides COG by the ECI standard deviation).

    Parameters
    ----------
    m, dens : numpy.ndarray
        Presence and density cubes (time, region, activity).
    phi : numpy.ndarray
        Proximity (time, activity, activity) with a zero diagonal.
    pci : numpy.ndarray
        Activity complexity (time, activity); NaN for absent activities.
    valid_activities : numpy.ndarray
        Boolean (time, activity): activities present that year.
    convention : {"default", "stata"}
    row_sums : numpy.ndarray, optional
        The row sums of ``phi`` (time, activity) when already known (for a symmetric
        proximity they are the column sums :func:`density_and_weights` returns).

    Returns
    -------
    coi, cog : numpy.ndarray
        COI (time, region) and COG (time, region, activity); COG is 0 where the region
        already has the activity.
    """
    check_choice("convention", convention, ["default", "stata"])
    k = np.where(valid_activities, np.nan_to_num(pci), 0.0)
    row_sum = phi.sum(axis=2) if row_sums is None else row_sums
    scale = np.divide(k, row_sum, out=np.zeros_like(k), where=row_sum > 0)
    # With W = diag(scale) phi, (1 - M) W = (valid * scale) phi - (M * scale) phi: scaling
    # the small cube instead of the activity x activity matrix saves a pass over it, and the
    # (valid * scale) row rides along in the same product.
    n_r = m.shape[1]
    stacked = np.concatenate([m * scale[:, None, :],
                              np.where(valid_activities, scale, 0.0)[:, None, :]], axis=1) @ phi
    return outlook_terms(np.nan_to_num(dens), stacked[:, :n_r], k, stacked[:, n_r], m > 0,
                         valid_activities, subtract_density=convention == "default")


def outlook_terms(dens: np.ndarray, product: np.ndarray, k: np.ndarray, vrow: np.ndarray,
                  present: np.ndarray, valid_activities: np.ndarray, *,
                  subtract_density: bool,
                  work: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    r"""COI and COG from the two matrix products they need, in a few passes over the cells.

    With :math:`s_a = k_a / \sum_{a'} \phi_{aa'}`, ``product`` is :math:`(M\,\mathrm{diag}(s))
    \phi` and ``vrow`` is :math:`(v \odot s)^\top \phi` for the valid activities
    :math:`v`, so that :math:`\sum_{a'} \phi_{a'a} (1 - M_{ra'}) s_{a'} = vrow_a -
    product_{ra}` (see :func:`complexity_outlook` for the formulas).

    Parameters
    ----------
    dens : numpy.ndarray
        Density (time, region, activity); NaN where the activity has no proximity at all.
    product : numpy.ndarray
        (time, region, activity); **overwritten** with COG.
    k : numpy.ndarray
        (time, activity) complexity, 0 for absent activities.
    vrow : numpy.ndarray
        (time, activity).
    present : numpy.ndarray
        Boolean presence (time, region, activity).
    valid_activities : numpy.ndarray
        Boolean (time, activity).
    subtract_density : bool
        Subtract :math:`\omega_{ra} k_a` inside COG (the default convention, not Stata's).
    work : numpy.ndarray, optional
        A float array shaped like ``dens`` to use as scratch memory (its contents are lost).

    Returns
    -------
    coi, cog : numpy.ndarray
        COI before any standardisation (time, region) and COG (``product`` itself).
    """
    dk = np.multiply(dens, k[:, None, :], out=work)
    # Density is NaN only in whole columns (an activity with no proximity): zero there.
    years, columns = np.nonzero(~np.isfinite(dens[:, 0, :])) if dens.shape[1] else ((), ())
    dk[years, :, columns] = 0.0
    np.copyto(dk, 0.0, where=present)
    coi = dk.sum(axis=2)
    np.subtract(vrow[:, None, :], product, out=product)
    if subtract_density:
        product -= dk
    del dk
    np.copyto(product, 0.0, where=present)  # no -0.0 where the region has the activity
    years, columns = np.nonzero(~valid_activities)
    product[years, :, columns] = 0.0
    return coi, product


def _set_diagonal(stack: np.ndarray, value: float | np.ndarray) -> None:
    """Set the diagonal of every matrix in a (time, n, n) stack, in place."""
    n = stack.shape[1]
    idx = np.arange(n)
    stack[:, idx, idx] = value
