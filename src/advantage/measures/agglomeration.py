"""Agglomeration from plant or firm records: Ellison-Glaeser gamma and co-agglomeration.

The input is one row per plant with its region, activity and size (e.g. employment). Unlike
the indices in :mod:`advantage.measures.concentration`, the Ellison-Glaeser index discounts the
concentration that a few large plants produce by themselves, so it compares across activities
with different plant sizes. A seeded "dartboard" simulation gives each activity's null
distribution, so agglomeration can be judged against a confidence band instead of the usual
ad hoc cut-offs (0.02 and 0.05).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, format_rows
from advantage.columns import label_codes, numeric_values
from advantage.panel import to_pandas

__all__ = ["coagglomeration", "ellison_glaeser"]


def _plants(records: Any, region: str, activity: str, size: str,
            reference: Mapping[Any, float] | pd.Series | None) -> dict[str, Any]:
    """Validated plant arrays, region and activity labels, and the reference shares x_r."""
    df = to_pandas(records)
    roles = {"region": region, "activity": activity, "size": size}
    for role, column in roles.items():
        if column not in df.columns:
            shown = ", ".join(repr(str(c)) for c in df.columns)
            raise AdvantageError(f"column {column!r} (given as {role}=) is not in the records; "
                                 f"columns are: {shown}.")
    if len(set(roles.values())) < 3:
        raise AdvantageError(f"each role needs its own column; got {roles}.")
    if len(df) == 0:
        raise AdvantageError("the plant records are empty: they have no rows.")
    df = df[[region, activity, size]].reset_index(drop=True)
    for column in (region, activity):
        null = df[column].isna().to_numpy()
        if null.any():
            raise AdvantageError(f"column {column!r} has missing labels: "
                                 f"{format_rows(df, null, [region, activity])}.")
    sizes = numeric_values(df, size)
    bad = ~np.isfinite(sizes) | (sizes < 0)
    if bad.any():
        raise AdvantageError(f"column {size!r} must hold finite plant sizes >= 0; "
                             f"{int(bad.sum())} do not. First: "
                             f"{format_rows(df, bad, [region, activity, size])}.")
    r_codes, regions = label_codes(df[region])
    a_codes, activities = label_codes(df[activity])
    if reference is None:
        weights = np.bincount(r_codes, weights=sizes, minlength=len(regions))
    else:
        ref = pd.Series(reference, dtype=float)
        missing = [r for r in regions if r not in ref.index]
        if missing:
            raise AdvantageError(f"reference= has no weight for {len(missing)} regions of the "
                                 f"records, e.g. {missing[:5]!r}.")
        if not np.isfinite(ref.to_numpy()).all() or (ref.to_numpy() < 0).any():
            raise AdvantageError("reference= weights must be finite and >= 0.")
        extra = pd.Index([r for r in ref.index if r not in regions])
        regions = regions.append(extra)
        weights = ref.reindex(regions).to_numpy()
    if weights.sum() <= 0:
        raise AdvantageError("the reference total is zero: regional shares are undefined.")
    x = weights / weights.sum()
    if 1.0 - np.sum(x * x) <= 1e-12:
        raise AdvantageError("all reference weight is in one region: Ellison-Glaeser needs "
                             "at least two regions with weight.")
    return {"region": r_codes, "activity": a_codes, "size": sizes, "regions": regions,
            "activities": activities, "x": x}


def _raw_concentration(plants: dict[str, Any], region_codes: np.ndarray) -> np.ndarray:
    """G_a = sum_r (s_ra - x_r)^2 for every activity, given each plant's region."""
    x = plants["x"]
    n_r, n_a = len(x), len(plants["activities"])
    sizes = plants["size"]
    totals = np.bincount(plants["activity"], weights=sizes, minlength=n_a)
    cells = np.bincount(plants["activity"] * n_r + region_codes, weights=sizes,
                        minlength=n_a * n_r).astype(float, copy=False).reshape(n_a, n_r)
    with np.errstate(divide="ignore", invalid="ignore"):
        cells /= totals[:, None]
    cells -= x
    return np.einsum("ar,ar->a", cells, cells)


def _alias_table(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias table for drawing from ``p`` in O(1) per draw (Vose 1991).

    Column ``k`` keeps ``k`` with probability ``prob[k]`` and otherwise gives ``alias[k]``;
    each column is chosen with probability 1/n.
    """
    n = len(p)
    scaled = np.asarray(p, dtype=float) * n
    prob = np.ones(n)
    alias = np.arange(n)
    small = [int(k) for k in np.flatnonzero(scaled < 1.0)]
    large = [int(k) for k in np.flatnonzero(scaled >= 1.0)]
    while small and large:
        low, high = small.pop(), large.pop()
        prob[low], alias[low] = scaled[low], high
        scaled[high] += scaled[low] - 1.0
        (small if scaled[high] < 1.0 else large).append(high)
    return prob, alias  # leftovers keep probability 1 (they are 1 up to rounding)


def _throw(rng: np.random.Generator, prob: np.ndarray, alias: np.ndarray,
           n: int) -> np.ndarray:
    """``n`` independent draws from an alias table: one uniform number per draw."""
    u = rng.random(n) * len(prob)
    column = np.minimum(u.astype(np.intp), len(prob) - 1)
    return np.where(u - column < prob[column], column, alias[column])


def _gamma(g: np.ndarray, h: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Gamma from G and H; NaN where H = 1 (a single plant) or the activity is empty."""
    with np.errstate(divide="ignore", invalid="ignore"):
        gamma = (g / (1.0 - np.sum(x * x)) - h) / (1.0 - h)
    return np.where(h < 1.0, gamma, np.nan)


def ellison_glaeser(
    records: Any,
    *,
    region: str,
    activity: str,
    size: str,
    reference: Mapping[Any, float] | pd.Series | None = None,
    simulations: int = 0,
    seed: int | np.random.Generator | None = None,
    quantiles: Sequence[float] = (0.025, 0.95, 0.975),
) -> pd.DataFrame:
    r"""The Ellison-Glaeser agglomeration index of every activity, with an optional null band.

    With :math:`s_r` region :math:`r`'s share of the activity's total size, :math:`x_r` its
    share of the reference (by default the total size of all records) and :math:`z_k` plant
    :math:`k`'s share of the activity:

    .. math::

        G = \sum_r (s_r - x_r)^2, \qquad H = \sum_k z_k^2, \qquad
        \gamma = \frac{G / (1 - \sum_r x_r^2) - H}{1 - H}.

    Under the dartboard null (each plant lands in region :math:`r` with probability
    :math:`x_r`, independently) :math:`E[\gamma] = 0` (Ellison and Glaeser 1997, Prop. 1).
    With ``simulations > 0`` the plants of every activity are thrown at the dartboard that many
    times (keeping their sizes, so :math:`H` is fixed; regions are drawn with Walker's alias
    method) and :math:`\gamma` is recomputed, giving
    its null mean, standard deviation, quantiles and the one-sided empirical p-value
    :math:`(1 + \#\{\gamma^{sim} \ge \gamma\}) / (1 + n_{sim})` (Davison and Hinkley 1997).
    An activity with a single plant has :math:`H = 1` and an undefined :math:`\gamma` (NaN).

    Parameters
    ----------
    records : pandas.DataFrame, polars.DataFrame or pyarrow.Table
        One row per plant.
    region, activity, size : str
        Names of the columns with those roles; sizes must be finite and >= 0.
    reference : mapping or pandas.Series, optional
        Region -> weight giving :math:`x_r` (e.g. total employment of all industries). It must
        cover every region of the records; default: the records' own total size per region.
    simulations : int
        Number of dartboard simulations (0: none).
    seed : int or numpy.random.Generator, optional
        Seed or generator for the simulations (the global generator is never used).
    quantiles : sequence of float
        Quantiles of the null distribution to report, as columns ``null_q2.5`` etc.

    Returns
    -------
    pandas.DataFrame
        ``activity, plants, size, G, H, gamma`` and, with simulations, ``null_mean, null_sd,
        null_q..., p_value``.

    References
    ----------
    Ellison, G. and Glaeser, E. L. (1997) Geographic concentration in U.S. manufacturing
    industries: a dartboard approach, *Journal of Political Economy* 105(5). Davison, A. C. and
    Hinkley, D. V. (1997) *Bootstrap Methods and their Application*, Cambridge, ch. 4.

    Examples
    --------
    >>> import pandas as pd
    >>> plants = pd.DataFrame({"region": ["a", "a", "b", "b"], "ind": ["x", "x", "y", "y"],
    ...                        "emp": [1.0, 1.0, 1.0, 1.0]})
    >>> ellison_glaeser(plants, region="region", activity="ind", size="emp")[
    ...     ["activity", "G", "H", "gamma"]].values.tolist()
    [['x', 0.5, 0.5, 1.0], ['y', 0.5, 0.5, 1.0]]
    """
    if isinstance(simulations, bool) or not isinstance(simulations, int | np.integer) \
            or simulations < 0:
        raise AdvantageError(f"simulations={simulations!r} is not valid; expected an integer "
                             f">= 0.")
    qs = [float(q) for q in quantiles]
    if any(not 0.0 <= q <= 1.0 for q in qs):
        raise AdvantageError(f"quantiles={list(quantiles)!r} is not valid; expected numbers "
                             f"in [0, 1].")
    plants = _plants(records, region, activity, size, reference)
    n_a = len(plants["activities"])
    sizes = plants["size"]
    totals = np.bincount(plants["activity"], weights=sizes, minlength=n_a)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.bincount(plants["activity"], weights=sizes * sizes, minlength=n_a) / totals**2
    g = _raw_concentration(plants, plants["region"])
    gamma = _gamma(g, h, plants["x"])
    out = pd.DataFrame({
        "activity": np.asarray(plants["activities"]),
        "plants": np.bincount(plants["activity"], minlength=n_a),
        "size": totals, "G": g, "H": h, "gamma": gamma,
    })
    if simulations:
        rng = np.random.default_rng(seed)
        prob, alias = _alias_table(plants["x"])
        null = np.empty((simulations, n_a))
        for k in range(simulations):  # one vectorised throw of every plant per simulation
            thrown = _throw(rng, prob, alias, len(sizes))
            null[k] = _gamma(_raw_concentration(plants, thrown), h, plants["x"])
        out["null_mean"] = null.mean(axis=0)
        out["null_sd"] = null.std(axis=0, ddof=1) if simulations > 1 else np.nan
        for q, values in zip(qs, np.quantile(null, qs, axis=0), strict=True):
            out[f"null_q{100 * q:g}"] = values
        exceed = (null >= gamma[None, :]).sum(axis=0)
        out["p_value"] = np.where(np.isfinite(gamma), (1.0 + exceed) / (1.0 + simulations),
                                  np.nan)
    return out


def coagglomeration(
    records: Any,
    *,
    region: str,
    activity: str,
    size: str,
    reference: Mapping[Any, float] | pd.Series | None = None,
) -> pd.DataFrame:
    r"""The pairwise Ellison-Glaeser co-agglomeration index of every pair of activities.

    .. math::

        \gamma^c_{ab} = \frac{\sum_r (s_{ra} - x_r)(s_{rb} - x_r)}{1 - \sum_r x_r^2}

    (Ellison, Glaeser and Kerr 2010, eq. 1). It is exactly Ellison and Glaeser's (1997, eq. 5)
    group index for a group of two activities: with weights :math:`w_a, w_b` the group's
    :math:`G` and :math:`H` expand so that every own-activity term cancels.

    Parameters
    ----------
    records : pandas.DataFrame, polars.DataFrame or pyarrow.Table
        One row per plant.
    region, activity, size : str
        Names of the columns with those roles.
    reference : mapping or pandas.Series, optional
        Region -> weight giving :math:`x_r`; default the records' own total size per region.

    Returns
    -------
    pandas.DataFrame
        ``activity_a, activity_b, gamma_c`` for activity_a before activity_b (sorted labels).

    References
    ----------
    Ellison, G., Glaeser, E. L. and Kerr, W. R. (2010) What causes industry agglomeration?,
    *American Economic Review* 100(3). Ellison and Glaeser (1997), *JPE* 105(5).

    Examples
    --------
    >>> import pandas as pd
    >>> plants = pd.DataFrame({"region": ["a", "a", "b"], "ind": ["x", "y", "z"],
    ...                        "emp": [1.0, 1.0, 2.0]})
    >>> coagglomeration(plants, region="region", activity="ind", size="emp").values.tolist()
    [['x', 'y', 1.0], ['x', 'z', -1.0], ['y', 'z', -1.0]]
    """
    plants = _plants(records, region, activity, size, reference)
    x = plants["x"]
    n_r, n_a = len(x), len(plants["activities"])
    sizes = plants["size"]
    totals = np.bincount(plants["activity"], weights=sizes, minlength=n_a)
    cells = np.bincount(plants["activity"] * n_r + plants["region"], weights=sizes,
                        minlength=n_a * n_r).reshape(n_a, n_r)
    with np.errstate(divide="ignore", invalid="ignore"):
        deviation = cells / totals[:, None] - x
    cross = deviation @ deviation.T / (1.0 - np.sum(x * x))
    iu, ju = np.triu_indices(n_a, 1)
    labels = np.asarray(plants["activities"])
    return pd.DataFrame({"activity_a": labels[iu], "activity_b": labels[ju],
                         "gamma_c": cross[iu, ju]})
