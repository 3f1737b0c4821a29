"""Geographic concentration of activities: Hoover, locational Gini, Gini and Herfindahl.

For activity :math:`a`, :math:`s_{ar} = x_{ra} / x_a` is region :math:`r`'s share of the
activity and :math:`w_r = x_r / x` the region's share of the total of all activities (the
reference distribution). All years are computed at once; an activity whose total is zero in a
year is NaN for that year only, and regions whose total is zero that year are left out.

Conventions and peers
---------------------
- ``hoover`` equals REAT's ``hoover(x, weighting = region totals)``. REAT and EconGeo
  (``hoover_index``) compare with an *even* spread over regions when no weighting is given;
  ``reference="uniform"`` is that even spread over the regions *present* that year. It equals
  EconGeo's default only when no region is empty: EconGeo divides by the number of all rows
  of its matrix, so a region with no activity that year still takes a share of the even
  spread there and not here. EconGeo also reports Hoover x 100, rounded to two decimals.
- ``locational_gini`` is Krugman's (1991) Gini of the Lorenz curve of the activity's regional
  shares against the total's, with regions sorted by location quotient; it lies in [0, 1).
  EconGeo's ``locational_gini`` reports the area between that curve and the diagonal, which
  is half of it (limit 0.5). REAT's ``gini.conc`` is an unweighted Gini of the location
  quotients, a different index.
- ``convention="econgeo"`` returns EconGeo's scaling: Hoover x 100 rounded to two decimals and
  the locational Gini halved.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from advantage._checks import check_choice
from advantage.panel import Panel, axis_frame

__all__ = ["activity_concentration"]

#: Cells per block of years: bounds the memory of the sorts the Gini indices need.
BLOCK_CELLS = 30_000_000


def _concentration_cube(x: np.ndarray, reference: str) -> dict[str, np.ndarray]:
    """Concentration indices of a cube (time, region, activity) as (time, activity) arrays."""
    n_t, n_r, _ = x.shape
    region_total = x.sum(axis=2)
    present_r = region_total > 0
    activity_total = x.sum(axis=1)
    present_a = activity_total > 0
    n_regions = present_r.sum(axis=1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(present_a[:, None, :], x / activity_total[:, None, :], 0.0)
        if reference == "total":
            weight = region_total / region_total.sum(axis=1, keepdims=True)
        else:
            weight = present_r / n_regions[:, None]
    weight = np.nan_to_num(weight)

    diff = shares - weight[:, :, None]
    hoover = 0.5 * np.abs(diff, out=diff).sum(axis=1)
    del diff
    herfindahl = np.einsum("tra,tra->ta", shares, shares)

    # Gini across regions (unweighted): regions absent that year hold zeros, which sort first
    # and add nothing, so ranks are counted from the first present region.
    ordered = np.sort(x, axis=1)
    ranks = np.arange(1, n_r + 1)[None, :] - (n_r - n_regions)[:, None]
    weighted = np.einsum("tra,tr->ta", ordered, ranks)
    del ordered
    with np.errstate(divide="ignore", invalid="ignore"):
        gini = (2.0 * weighted / (n_regions[:, None] * activity_total)
                - (n_regions[:, None] + 1.0) / n_regions[:, None])

    # Krugman's locational Gini: Lorenz curve of (cumulative w, cumulative s) in LQ order,
    # G = 1 - sum_k w_(k) (S_k + S_(k-1)) = 1 - sum_k w_(k) (2 S_k - s_(k)).
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = np.where(weight[:, :, None] > 0, shares / weight[:, :, None], 0.0)
    order = np.argsort(lq, axis=1)
    del lq
    s_sorted = np.take_along_axis(shares, order, axis=1)
    w_sorted = np.take_along_axis(np.broadcast_to(weight[:, :, None], x.shape), order, axis=1)
    del order
    cumulative = np.cumsum(s_sorted, axis=1)
    cumulative *= 2.0
    cumulative -= s_sorted
    locational = 1.0 - np.einsum("tra,tra->ta", w_sorted, cumulative)

    out = {"hoover": hoover, "locational_gini": locational, "gini": gini,
           "herfindahl": herfindahl, "n_regions": np.broadcast_to(n_regions[:, None],
                                                                  hoover.shape).copy()}
    for array in out.values():
        array[~present_a] = np.nan
    return out


def activity_concentration(
    panel: Panel,
    *,
    reference: Literal["total", "uniform"] = "total",
    convention: Literal["default", "econgeo"] = "default",
) -> pd.DataFrame:
    r"""Concentration indices of every activity across regions, every year.

    With :math:`s_{ar}` region :math:`r`'s share of activity :math:`a`, :math:`w_r` its share of
    the reference, :math:`n` the number of regions present that year and :math:`S_k, W_k` the
    cumulative sums of :math:`s, w` over regions sorted by location quotient
    :math:`LQ_{ra} = s_{ar} / w_r` (ascending):

    .. math::

        \mathrm{Hoover}_a = \tfrac12 \sum_r |s_{ar} - w_r|, \qquad
        G^{loc}_a = 1 - \sum_k (W_k - W_{k-1})(S_k + S_{k-1}), \\
        G_a = \frac{\sum_r \sum_q |x_{ra} - x_{qa}|}{2 n^2 \bar x_a}, \qquad
        \mathrm{HHI}_a = \sum_r s_{ar}^2.

    ``hoover`` (Hoover 1936) lies in [0, 1]; ``locational_gini`` (Krugman 1991, Appendix D) in
    [0, 1), 0 when the activity is spread like the reference; ``gini`` is the plain Gini of
    the activity's values across the present regions (maximum :math:`(n-1)/n`, as EconGeo's
    ``Gini``), ignoring region size; ``herfindahl`` is the sum of squared regional shares.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity).
    reference : {"total", "uniform"}
        Reference distribution :math:`w`: each region's share of the total (default) or an even
        spread over the regions present that year (REAT's default Hoover; EconGeo's too
        when no region is empty, see the module notes).
    convention : {"default", "econgeo"}
        ``"econgeo"`` reports Hoover x 100 rounded to two decimals and half the locational Gini,
        as EconGeo's ``hoover_index`` and ``locational_gini`` do.

    Returns
    -------
    pandas.DataFrame
        ``time, activity, hoover, locational_gini, gini, herfindahl, n_regions``.

    References
    ----------
    Hoover, E. M. (1936) The measurement of industrial localization, *Review of Economics and
    Statistics* 18(4). Krugman, P. (1991) *Geography and Trade*, MIT Press.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[2.0, 0.0], [1.0, 1.0]]), regions=["a", "b"],
    ...                     activities=["x", "y"])
    >>> out = activity_concentration(p)
    >>> out[["activity", "hoover", "locational_gini"]].round(3).to_dict("list")
    {'activity': ['x', 'y'], 'hoover': [0.167, 0.5], 'locational_gini': [0.167, 0.5]}
    """
    check_choice("reference", reference, ["total", "uniform"])
    check_choice("convention", convention, ["default", "econgeo"])
    parts = [_concentration_cube(panel.cube_block(block), reference)
             for block in panel.blocks(BLOCK_CELLS)]
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    if convention == "econgeo":
        columns["hoover"] = np.round(columns["hoover"] * 100.0, 2)
        columns["locational_gini"] = columns["locational_gini"] / 2.0
    frame = axis_frame(panel, "activity", columns)
    frame["n_regions"] = frame["n_regions"].astype("Int64")
    return frame
