r"""Benchmarking against reference economies and peers (对标): relative presence and PSWOT.

**Reference economies.** The location quotient compares a region with a *reference*: by
default the nation (the sum of the panel's regions), here also a macro-region (the western
provinces), a named peer set, or another data set with the same activities (a published
national total). The *relative presence* of region :math:`r` in activity :math:`a` against
reference :math:`R` is

.. math:: RP_{ra} = \frac{x_{ra} / \sum_{a'} x_{ra'}}{X^R_a / \sum_{a'} X^R_{a'}},
          \qquad X^R_a = \sum_{q \in R} x_{qa},

which is Balassa's RCA when :math:`R` is the nation (Balassa 1965). It is NaN where the
region's total or the reference's activity total is zero. :func:`reference_indicators`
carries a reference through every planning output: presence becomes :math:`RP \ge` the
threshold, and relatedness density, ECI, PCI and COG follow from that presence.

**Peers.** :func:`peers_by_size` (nearest total value, in logs), :func:`peers_by_similarity`
(highest structural similarity, the UNIDO cosine of :func:`~advantage.measures.
structural_similarity`) and :func:`peers_by_indicator` (nearest value of a user indicator
such as income per head, in logs when every value is positive) give each region its ``k``
peers.

**PSWOT** (:func:`pswot`). Following the Growth Lab's Metroverse, each region x activity is
placed by its presence relative to its peers (x axis, line at 1) and its *technological fit*
relative to them (y axis, line at 0), with possible entrants (zero presence) apart:

.. math:: fit_{ra} = \omega_{ra} - \frac{1}{|P_r|}\sum_{p \in P_r} \omega_{pa}

with :math:`\omega` the relatedness density (Hidalgo et al. 2007) and :math:`P_r` the
region's peers (the region itself excluded). The rule, tried in order:

=====================  ==================================================================
label                  rule (``m`` = ``growth_margin``, ``g`` = growth vs peers, per year)
=====================  ==================================================================
``possible entrant``   the region has no value in the activity
``threat``             RP >= 1 and (fit < 0, or g <= -m: larger than peers but losing ground)
``strength``           RP >= 1 (otherwise)
``opportunity``        RP < 1 and (fit >= 0, or g >= +m: smaller than peers but gaining)
``weakness``           RP < 1 (otherwise)
=====================  ==================================================================

Growth vs peers is the difference of compound annual growth rates over ``window`` years,
:math:`g = (x_{ra,t}/x_{ra,b})^{1/(t-b)} - (X^P_{a,t}/X^P_{a,b})^{1/(t-b)}` (NaN without a
base period, when the rule falls back on fit alone). Metroverse uses presence and fit
only; the growth clauses are ours, so that a large activity shrinking faster than at the
peers is flagged as a threat and a small one catching up as an opportunity.

References
----------
Balassa, B. (1965) Trade liberalisation and revealed comparative advantage, *The Manchester
School* 33(2). Hidalgo, C. A., Klinger, B., Barabási, A.-L. and Hausmann, R. (2007) The
product space conditions the development of nations, *Science* 317. Growth Lab at Harvard
University, *Metroverse* (2021), PSWOT chart. UNIDO (1979) *Structural Changes in Industry*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.measures.indicators import Indicators, compute_indicators
from advantage.panel import Panel
from advantage.planning.common import base_periods, indicators_for, period_gaps
from advantage.reasons import Reason, reason_column

__all__ = ["PSWOT", "peers_by_indicator", "peers_by_similarity", "peers_by_size", "pswot",
           "reference_indicators", "relative_presence", "relative_presence_cube"]

#: The PSWOT labels.
PSWOT = ("strength", "opportunity", "weakness", "threat", "possible entrant")


def _reference_totals(panel: Panel, reference: Any) -> np.ndarray:
    """Activity totals of the reference, shaped (time, activity), aligned with ``panel``."""
    if reference is None:
        return panel.activity_totals()
    if isinstance(reference, Panel):
        acts = reference.locate("activity", list(panel.activities),
                                name="the reference's activities")
        if not reference.has_time:  # one period: the reference of every period
            return np.repeat(reference.activity_totals()[:1, acts], panel.shape[0], axis=0)
        times = reference.locate("time", list(panel.times), name="the reference's periods")
        return reference.activity_totals()[np.ix_(times, acts)]
    labels = [reference] if isinstance(reference, str) else list(reference)
    if not labels:
        raise AdvantageError("reference is an empty list of regions; name at least one.")
    rows = np.unique(panel.locate("region", labels, name="reference"))
    return panel.cube[:, rows, :].sum(axis=1)


def relative_presence_cube(panel: Panel, reference: Any = None) -> np.ndarray:
    """:math:`RP` (module formula) of every cell, shaped like the cube.

    Parameters
    ----------
    panel : Panel
    reference : None, sequence of region labels, or Panel
        The nation (default), a set of the panel's regions, or another data set with the
        panel's activities and periods (its regions are summed; a data set without time
        is the reference of every period).

    Returns
    -------
    numpy.ndarray
        NaN where the region's total or the reference's activity total is zero.

    Examples
    --------
    >>> p = Panel.from_cube(np.array([[3.0, 1.0], [1.0, 1.0], [0.0, 2.0]]),
    ...                     regions=["a", "b", "c"], activities=["x", "y"])
    >>> relative_presence_cube(p, ["a", "b"])[0].round(3).tolist()  # against a and b only
    [[1.125, 0.75], [0.75, 1.5], [0.0, 3.0]]
    """
    x = panel.cube
    ref = _reference_totals(panel, reference)
    region_total = x.sum(axis=2, keepdims=True)
    ref_total = ref.sum(axis=1)[:, None, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (x / region_total) / (ref[:, None, :] / ref_total)
    undefined = (region_total <= 0) | (ref[:, None, :] <= 0) & (x <= 0)
    return np.where(undefined, np.nan, out)


def relative_presence(panel: Panel, reference: Any = None, *, times: Any = None) -> pd.DataFrame:
    """Tidy relative presence: ``time, region, activity, value, relative_presence``.

    See :func:`relative_presence_cube`; ``times`` restricts the periods reported.
    """
    from advantage.panel import cells_frame

    frame = cells_frame(panel, {"value": panel.cube,
                                "relative_presence": relative_presence_cube(panel, reference)})
    if times is not None and panel.has_time:
        wanted = panel.match("time", times, name="times")
        frame = frame[frame["time"].isin(wanted)].reset_index(drop=True)
    return frame


def reference_indicators(panel: Panel, reference: Any = None, *, threshold: float = 1.0,
                         convention: str = "default",
                         proximity_method: str = "min") -> Indicators:
    """Indicators whose presence is relative presence against ``reference`` >= threshold.

    The returned :class:`~advantage.measures.Indicators` hold :math:`RP` in ``rca`` and the
    density, ECI, PCI and COG that follow from that presence, so every planning function
    that accepts ``indicators=`` (advantages, opportunities, transfer) plans against the
    reference. With ``reference=None`` they equal :func:`~advantage.measures.
    compute_indicators` of the panel.
    """
    check_positive("threshold", threshold, strict=False)
    rp = relative_presence_cube(panel, reference)
    with np.errstate(invalid="ignore"):
        above = rp > threshold if convention == "stata" else rp >= threshold
    m = np.where(np.isnan(rp), 0.0, above.astype(float))
    ind = compute_indicators(panel, convention=convention,  # type: ignore[arg-type]
                             threshold=threshold, presence_cube=m,
                             proximity_method=proximity_method)  # type: ignore[arg-type]
    return replace(ind, rca=rp)


def _nearest(panel: Panel, distance: np.ndarray, k: int) -> dict[Any, list[Any]]:
    """Each region's ``k`` nearest others by a (region, region) distance (ties: panel order)."""
    if int(k) < 1:
        raise AdvantageError(f"k={k!r} is not valid; expected a positive number of peers.")
    d = np.array(distance, dtype=float)
    np.fill_diagonal(d, np.inf)
    d = np.where(np.isnan(d), np.inf, d)
    labels = list(panel.regions)
    out = {}
    for i, label in enumerate(labels):
        order = np.argsort(d[i], kind="stable")
        out[label] = [labels[j] for j in order[:int(k)] if np.isfinite(d[i, j])]
    return out


def _period(panel: Panel, time: Any) -> int:
    if time is None:
        return panel.shape[0] - 1
    return int(panel.locate("time", [time], name="time")[0])


def peers_by_size(panel: Panel, k: int = 5, *, time: Any = None) -> dict[Any, list[Any]]:
    r"""Each region's ``k`` peers nearest in total size, :math:`|\log x_r - \log x_q|`.

    Examples
    --------
    >>> p = Panel.from_cube(np.array([[1.0], [2.0], [9.0], [10.0]]),
    ...                     regions=["a", "b", "c", "d"], activities=["x"])
    >>> peers_by_size(p, 1)
    {'a': ['b'], 'b': ['a'], 'c': ['d'], 'd': ['c']}
    """
    totals = panel.region_totals()[_period(panel, time)]
    with np.errstate(divide="ignore"):
        logs = np.where(totals > 0, np.log(np.where(totals > 0, totals, 1.0)), np.nan)
    return _nearest(panel, np.abs(logs[:, None] - logs[None, :]), k)


def peers_by_similarity(panel: Panel, k: int = 5, *, time: Any = None) -> dict[Any, list[Any]]:
    """Each region's ``k`` peers with the most similar structure (UNIDO cosine, highest first).

    Examples
    --------
    >>> p = Panel.from_cube(np.array([[1.0, 2.0], [2.0, 4.1], [3.0, 0.0]]),
    ...                     regions=["a", "b", "c"], activities=["x", "y"])
    >>> peers_by_similarity(p, 1)
    {'a': ['b'], 'b': ['a'], 'c': ['a']}
    """
    x = panel.cube[_period(panel, time)]
    norm = np.sqrt((x * x).sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(norm[:, None] > 0, x / norm[:, None], np.nan)
    return _nearest(panel, 1.0 - unit @ unit.T, k)


def peers_by_indicator(panel: Panel, values: Mapping[Any, float] | pd.Series,
                       k: int = 5) -> dict[Any, list[Any]]:
    r"""Each region's ``k`` peers nearest in a user indicator (e.g. income per head).

    Distances are :math:`|\log v_r - \log v_q|` when every value is positive, else
    :math:`|v_r - v_q|`. Regions without a value have no peers and are nobody's peer.
    Labels are matched by :meth:`~advantage.Panel.locate` (unknown ones are an error).
    """
    items = dict(values.items()) if isinstance(values, pd.Series) else dict(values)
    v = np.full(panel.shape[1], np.nan)
    if items:
        pos = panel.locate("region", list(items), name="the indicator's regions")
        v[pos] = np.asarray(list(items.values()), dtype=float)
    known = v[np.isfinite(v)]
    if known.size and (known > 0).all():
        v = np.log(v)
    return _nearest(panel, np.abs(v[:, None] - v[None, :]), k)


def _peer_map(panel: Panel, peers: Any, focus: Any) -> dict[int, np.ndarray]:
    """Region position -> positions of its peers (itself excluded)."""
    if isinstance(peers, Mapping):
        keys = list(peers)
        pos = panel.locate("region", keys, name="peers")
        out = {int(p): panel.locate("region", list(peers[key]), name="peers")
               for p, key in zip(pos, keys, strict=True)}
    else:
        common = panel.locate("region", list(peers), name="peers")
        out = {r: common for r in range(panel.shape[1])}
    if focus is not None:
        wanted = set(int(p) for p in panel.locate("region", focus, name="focus"))
        missing = wanted - set(out)
        if missing:
            names = [plain(panel.regions[i]) for i in sorted(missing)]
            raise AdvantageError(f"focus regions {names!r} have no peers; give them peers.")
        out = {r: v for r, v in out.items() if r in wanted}
    out = {r: np.unique(v[v != r]) for r, v in out.items()}
    empty = [plain(panel.regions[r]) for r, v in out.items() if v.size == 0]
    if empty:
        raise AdvantageError(f"regions {empty!r} have no peers other than themselves; "
                             "name at least one other region.")
    return out


def pswot(panel: Panel, peers: Sequence[Any] | Mapping[Any, Sequence[Any]], *,
          focus: Any = None, times: Any = None, window: float | None = 5,
          growth_margin: float = 0.01, threshold: float = 1.0,
          indicators: Indicators | None = None, convention: str | None = None) -> pd.DataFrame:
    """Label every region x activity strength, opportunity, weakness, threat or entrant.

    Parameters
    ----------
    panel : Panel
    peers : sequence or mapping
        One peer set for every region (a region is never its own peer), or region -> its
        peers (from :func:`peers_by_size`, :func:`peers_by_similarity`, ...).
    focus : label or list, optional
        Regions to report (default every region with peers).
    times : label or list, optional
        Periods to report (default the last).
    window : float or None
        Years over which growth vs peers is measured (``None``: the previous period).
    growth_margin : float
        Annual growth gap vs peers that turns a strength into a threat or a weakness into
        an opportunity (0.01 = one percentage point a year).
    threshold : float
        RCA presence threshold of the density behind ``fit``.
    indicators : Indicators, optional
        Precomputed indicators of ``panel`` at ``threshold`` (for density).
    convention : {"default", "stata"}, optional

    Returns
    -------
    pandas.DataFrame
        ``time, region, activity, pswot, value, relative_presence, density, peer_density,
        fit, growth_vs_peers, peers, reason`` (the rule that fired, a
        :class:`~advantage.reasons.Reason`). Regions absent in a period are left out.

    Examples
    --------
    >>> cube = np.array([[[1.0, 4.0, 2.0, 0.0], [0.0, 2.0, 0.0, 0.0], [1.0, 0.0, 1.0, 1.0]]])
    >>> p = Panel.from_cube(cube, regions=["a", "b", "c"], activities=["w", "x", "y", "z"],
    ...                     times=[2020])
    >>> out = pswot(p, ["b", "c"], focus="a")
    >>> out[["activity", "pswot"]].values.tolist()
    [['w', 'weakness'], ['x', 'strength'], ['y', 'threat'], ['z', 'possible entrant']]
    """
    check_positive("growth_margin", growth_margin, strict=False)
    peer_pos = _peer_map(panel, peers, focus)
    ind = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t_pos = (np.array([panel.shape[0] - 1]) if times is None
             else np.unique(panel.locate("time", times, name="times")))
    x = panel.cube
    base = base_periods(panel.times, window)
    gap = period_gaps(panel.times, base)
    frames = [_pswot_year(panel, ind, x, int(t), int(base[t]), gap[t], peer_pos, growth_margin)
              for t in t_pos]
    out = pd.concat(frames, ignore_index=True)
    out["pswot"] = pd.Categorical(out["pswot"], categories=list(PSWOT))
    if not panel.has_time:
        out = out.drop(columns="time")
    return out


def _cagr(now: np.ndarray, then: np.ndarray, gap: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (now / then) ** (1.0 / gap) - 1.0
    return np.where((then > 0) & (now >= 0), g, np.nan)


def _pswot_year(panel: Panel, ind: Indicators, x: np.ndarray, t: int, b: int, gap: float,
                peer_pos: dict[int, np.ndarray], margin: float) -> pd.DataFrame:
    regions = np.array(sorted(peer_pos))
    regions = regions[x[t, regions].sum(axis=1) > 0]
    n_a = panel.shape[2]
    rows_r = np.repeat(regions, n_a)
    rows_a = np.tile(np.arange(n_a), len(regions))
    peer_x = np.stack([x[t, peer_pos[r]].sum(axis=0) for r in regions]) if len(regions) \
        else np.zeros((0, n_a))
    dens = np.nan_to_num(ind.density[t])
    peer_d = np.stack([dens[peer_pos[r]].mean(axis=0) for r in regions]) if len(regions) \
        else np.zeros((0, n_a))
    own = x[t, regions]
    with np.errstate(divide="ignore", invalid="ignore"):
        rp = (own / own.sum(axis=1, keepdims=True)) / (peer_x / peer_x.sum(axis=1,
                                                                          keepdims=True))
    rp = np.where((peer_x <= 0) & (own <= 0), np.nan, rp)
    fit = dens[regions] - peer_d
    if b >= 0:
        peer_then = np.stack([x[b, peer_pos[r]].sum(axis=0) for r in regions]) \
            if len(regions) else np.zeros((0, n_a))
        growth = _cagr(own, x[b, regions], gap) - _cagr(peer_x, peer_then, gap)
    else:
        growth = np.full(own.shape, np.nan)
    entrant = own <= 0
    large = np.nan_to_num(rp, nan=0.0, posinf=np.inf) >= 1.0
    with np.errstate(invalid="ignore"):
        losing, gaining = growth <= -margin, growth >= margin
    code = np.select([entrant, large & (fit < 0), large & losing, large,
                      (fit >= 0), gaining], [4, 3, 3, 0, 1, 1], default=2)
    rule = np.select([entrant, large & (fit < 0), large & losing, large, fit >= 0, gaining],
                     ["entrant", "threat", "threat_growth", "strength", "opportunity",
                      "opportunity_growth"], default="weakness")
    labels = np.asarray(PSWOT, dtype=object)[code.reshape(-1)]
    acts = np.asarray(panel.activities, dtype=object)
    names = np.asarray(panel.regions, dtype=object)
    peers_list = np.empty(len(regions), dtype=object)
    peers_list[:] = [[names[p] for p in peer_pos[r]] for r in regions]
    frame = pd.DataFrame({
        "time": panel.times[t] if panel.has_time else None,
        "region": names[rows_r], "activity": acts[rows_a], "pswot": labels,
        "value": own.reshape(-1), "relative_presence": rp.reshape(-1),
        "density": dens[rows_r, rows_a], "peer_density": peer_d.reshape(-1),
        "fit": fit.reshape(-1), "growth_vs_peers": growth.reshape(-1),
        "peers": np.repeat(peers_list, n_a) if len(regions) else [],
    })
    since = plain(panel.times[b]) if b >= 0 else None
    frame["reason"] = reason_column(frame, [
        Reason(f"pswot_{r}", {
            "time": plain(panel.times[t]), "rp": float(p), "fit": float(f),
            "density": float(d), "peer_density": float(pd_), "growth": float(g),
            "base": since if np.isfinite(g) else None, "n_peers": len(peer_pos[reg]),
            "margin": margin})
        for r, p, f, d, pd_, g, reg in zip(
            rule.reshape(-1), frame["relative_presence"], frame["fit"], frame["density"],
            frame["peer_density"], frame["growth_vs_peers"], rows_r, strict=True)])
    return frame
