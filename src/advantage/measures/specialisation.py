"""Specialisation of regions: Krugman, Hachman, entropy, Theil and Herfindahl, all years at once.

Each region's structure is its vector of activity shares :math:`s_{ra} = x_{ra} / x_r`, compared
with the reference structure :math:`s_a = x_a / x` of the sum of all regions in the panel.
A region whose total is zero in a year is NaN for that year only.

Conventions and peers
---------------------
- ``krugman`` equals EconGeo's ``krugman_index`` and REAT's ``krugman.spec`` with the sum of
  all regions as the second region; ``specialisation`` (= krugman / 2) equals EconGeo's
  ``spec_coeff`` (Hoover and Giarratani 1985).
- ``hachman`` equals EconGeo's ``hachman`` (an activity absent nationally contributes 0).
- ``entropy`` uses the natural logarithm; EconGeo's ``entropy`` uses base 2 and rounds to three
  decimals: pass ``log_base=2`` to match it (then round).
- ``hhi_norm`` normalises the Herfindahl index over the activities *present in the region*
  that year, :math:`(H - 1/N_r) / (1 - 1/N_r)`; REAT's ``herf`` normalisation counts every
  activity of its input, zeros included, so the two differ whenever a region lacks an
  activity (pass the region's present activities only to REAT to compare).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.panel import Panel, axis_frame

__all__ = ["krugman_pairwise", "pair_krugman", "pairs_table", "region_shares",
           "region_specialisation"]


def region_shares(x: np.ndarray) -> np.ndarray:
    """Activity shares of each region, (time, region, activity); NaN rows for absent regions."""
    total = x.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, x / total, np.nan)


def _specialisation_cube(x: np.ndarray, log_base: float | None) -> dict[str, np.ndarray]:
    """Every specialisation index of a cube (time, region, activity) as (time, region) arrays."""
    present = x.sum(axis=2) > 0
    shares = region_shares(x)
    national = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        reference = national / national.sum(axis=1, keepdims=True)
        inverse_ref = np.where(reference > 0, 1.0 / reference, 0.0)
        log_ref = np.where(reference > 0, np.log(reference), 0.0)
    diff = shares - reference[:, None, :]
    krugman = np.abs(diff, out=diff).sum(axis=2)
    del diff
    squared = shares * shares
    hhi = squared.sum(axis=2)
    hachman_inverse = np.matmul(squared, inverse_ref[:, :, None])[:, :, 0]
    del squared
    from scipy.special import entr  # imported here: scipy.special is slow to import

    entropy = entr(shares).sum(axis=2)
    # sum s ln(s / s_ref) = -entropy - sum s ln s_ref (s_ref > 0 wherever s > 0)
    relative = -entropy - np.matmul(np.nan_to_num(shares), log_ref[:, :, None])[:, :, 0]
    n_present = (x > 0).sum(axis=2).astype(float)
    n_national = (national > 0).sum(axis=1).astype(float)[:, None]
    theil = np.log(n_national) - entropy
    with np.errstate(divide="ignore", invalid="ignore"):
        hachman = 1.0 / hachman_inverse
        hhi_norm = np.where(n_present >= 2, (hhi - 1.0 / n_present) / (1.0 - 1.0 / n_present),
                            np.nan)
    if log_base is not None:
        scale = math.log(log_base)
        entropy, theil, relative = entropy / scale, theil / scale, relative / scale
    out = {
        "krugman": krugman, "specialisation": krugman / 2.0, "hachman": hachman,
        "entropy": entropy, "theil": theil, "theil_relative": relative, "hhi": hhi,
        "hhi_norm": hhi_norm, "n_activities": n_present,
    }
    for array in out.values():
        array[~present] = np.nan
    return out


def region_specialisation(panel: Panel, *, log_base: float | None = None) -> pd.DataFrame:
    r"""Specialisation indices of every region in every year.

    With :math:`s_{ra}` the region's activity shares, :math:`s_a` the shares of the sum of all
    regions, :math:`LQ_{ra} = s_{ra}/s_a` and :math:`N_r` the number of activities with a
    positive value in the region:

    .. math::

        K_r = \sum_a |s_{ra} - s_a|, \qquad
        HI_r = \frac{1}{\sum_a s_{ra} LQ_{ra}} = \frac{1}{\sum_a s_{ra}^2 / s_a}, \\
        H_r = -\sum_a s_{ra} \ln s_{ra}, \qquad
        T_r = \ln N - H_r, \qquad
        T^{ref}_r = \sum_a s_{ra} \ln \frac{s_{ra}}{s_a}, \\
        HHI_r = \sum_a s_{ra}^2, \qquad
        HHI^{norm}_r = \frac{HHI_r - 1/N_r}{1 - 1/N_r}.

    ``krugman`` (Krugman 1991) lies in [0, 2]; ``specialisation`` is half of it, in [0, 1].
    ``hachman`` (Hachman 1995; Mack, Grubb et al.) lies in (0, 1], 1 for a region shaped like
    the reference. ``theil`` measures the distance from an even spread over the :math:`N`
    activities present nationally that year; ``theil_relative`` is the Theil (Kullback-Leibler)
    distance from the reference structure. ``hhi`` is the raw sum of squared shares;
    ``hhi_norm`` rescales it to [0, 1] over the :math:`N_r` activities present *in the region*
    (so it measures unevenness among what the region has); it is NaN when :math:`N_r = 1`,
    where the rescaling is 0/0.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity).
    log_base : float, optional
        Base of the logarithm for ``entropy``, ``theil`` and ``theil_relative`` (default e).

    Returns
    -------
    pandas.DataFrame
        ``time, region, krugman, specialisation, hachman, entropy, theil, theil_relative,
        hhi, hhi_norm, n_activities``; NaN where the region's total is zero that year.

    References
    ----------
    Krugman, P. (1991) *Geography and Trade*, MIT Press. Hachman, F. (1995) *Economic report to
    the Governor*, State of Utah. Mack, E., Grubb, T. et al. (2007), *Economic Development
    Quarterly* 21(2). Theil, H. (1967) *Economics and Information Theory*.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[1.0, 1.0], [0.0, 2.0]]), regions=["a", "b"],
    ...                     activities=["x", "y"])
    >>> region_specialisation(p)[["region", "krugman", "hhi"]].round(3).to_dict("list")
    {'region': ['a', 'b'], 'krugman': [0.5, 0.5], 'hhi': [0.5, 1.0]}
    """
    if log_base is not None:
        check_positive("log_base", log_base)
        if log_base == 1:
            raise AdvantageError("log_base=1 is not valid; expected a positive number other "
                                 "than 1.")
    parts = [_specialisation_cube(panel.cube_block(block), log_base) for block in panel.blocks()]
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    frame = axis_frame(panel, "region", columns)
    frame["n_activities"] = frame["n_activities"].astype("Int64")
    return frame


def pair_krugman(shares: np.ndarray, t: np.ndarray, a: np.ndarray, b: np.ndarray,
                  chunk_cells: int = 20_000_000) -> np.ndarray:
    """Krugman distance between share rows ``(t, a)`` and ``(t, b)``, in chunks of pairs."""
    out = np.empty(len(t))
    step = max(1, chunk_cells // max(shares.shape[2], 1))
    for start in range(0, len(t), step):
        part = slice(start, start + step)
        diff = shares[t[part], a[part]] - shares[t[part], b[part]]
        out[part] = np.abs(diff, out=diff).sum(axis=1)
    return out


def krugman_pairwise(panel: Panel) -> pd.DataFrame:
    r"""The Krugman dissimilarity index between every pair of regions, every year.

    .. math:: K_{rq} = \sum_a |s_{ra} - s_{qa}| \in [0, 2]

    as REAT's ``krugman.spec`` (Krugman 1991). The work grows as regions\ :sup:`2` x
    activities; for thousands of regions use
    :func:`advantage.measures.isomorphism.structural_similarity` with ``min_similarity`` to
    get it for the similar pairs only.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity).

    Returns
    -------
    pandas.DataFrame
        ``time, region_a, region_b, krugman_pair`` for region_a before region_b in the panel's
        order; NaN where either region's total is zero that year.

    References
    ----------
    Krugman, P. (1991) *Geography and Trade*, MIT Press, Appendix D.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[1.0, 1.0], [0.0, 2.0]]), regions=["a", "b"],
    ...                     activities=["x", "y"])
    >>> krugman_pairwise(p)["krugman_pair"].tolist()
    [1.0]
    """
    n_t, n_r, _ = panel.shape
    iu, ju = np.triu_indices(n_r, 1)
    columns: dict[str, list[np.ndarray]] = {"t": [], "a": [], "b": [], "krugman_pair": []}
    for block in panel.blocks():
        shares = region_shares(panel.cube_block(block))
        tb = shares.shape[0]
        t = np.repeat(np.arange(tb), len(iu))
        a, b = np.tile(iu, tb), np.tile(ju, tb)
        columns["krugman_pair"].append(pair_krugman(shares, t, a, b))
        for name, array in (("t", t + (block.start or 0)), ("a", a), ("b", b)):
            columns[name].append(array)
    return pairs_table(panel, columns)


def pairs_table(panel: Panel, columns: dict[str, list[np.ndarray]]) -> pd.DataFrame:
    """A (time, region_a, region_b, ...) frame from per-block arrays.

    ``t`` holds time positions and ``a``, ``b`` region positions; the region columns become
    categoricals and each column is assembled once, to bound memory for millions of pairs.
    """
    data: dict[str, object] = {}
    t = np.concatenate(columns.pop("t")) if columns["a"] else np.zeros(0, dtype=int)
    if panel.has_time:
        data["time"] = np.asarray(panel.times)[t]
    del t
    for side in ("a", "b"):
        codes = np.concatenate(columns.pop(side)) if columns[side] else np.zeros(0, dtype=int)
        data[f"region_{side}"] = pd.Categorical.from_codes(codes, categories=panel.regions)
    for name in list(columns):
        data[name] = np.concatenate(columns.pop(name))
    return pd.DataFrame(data, copy=False)
