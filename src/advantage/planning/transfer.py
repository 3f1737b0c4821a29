r"""Industrial transfer: activities leaving a set of source regions, and where they fit best.

**Relocation** (:func:`relocating_activities`). Over a window ``from_year -> to_year``, an
activity :math:`a` is *relocating* out of the source group :math:`S` when all of these hold:

1. at least one source region *loses* it: its level falls (``loss="level"``,
   :math:`x_{sa,1} < x_{sa,0}`) or its share of the national activity falls
   (``loss="share"``);
2. the group's share of the national activity falls by more than ``min_share_drop``:
   :math:`\\sum_{s \\in S} x_{sa} / X_a` drops;
3. the group's location quotient in the activity falls:
   :math:`LQ_{Sa} = (\\sum_S x_{sa} / \\sum_S X_s) / (X_a / X)` drops;
4. the activity grows elsewhere: :math:`\\sum_{r \notin S} x_{ra}` rises.

An activity no source region loses is never called relocating (rule 1).

**Matching** (:func:`match_destinations`). Destinations are ranked for every relocating
activity by a weighted sum of components, each z-scored across the destinations of that
activity (missing values count as 0):

==============  ===================================================================  =====
component       value (higher is better after the sign shown)                        w
==============  ===================================================================  =====
``density``     relatedness density of the destination in the activity (to_year)     0.4
``endowment``   log2 strength of the endowment the activity draws on                  0.2
``cost``        minus the mean z-score of the user's cost columns (wages, land, ...)  0.2
``distance``    minus log great-circle distance from the losing sources, weighted     0.2
                by how much each lost
``flows``       the destination's flow of the activity per unit of its own value      0.2
                (e.g. inflow from other regions: demand served from elsewhere), at
                the latest flow period up to ``to_year``
                (:func:`~advantage.planning.transfer_flows.flow_intensity`)
==============  ===================================================================  =====

Components without data (no costs, centroids, endowments or flows given) are left out and
the remaining weights rescaled to sum to 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive, plain
from advantage.measures.endowments import EndowmentFit
from advantage.measures.geography import distance_matrix
from advantage.measures.indicators import Indicators
from advantage.panel import Panel, to_pandas
from advantage.planning.common import check_weights, indicators_for, top_k, zscore
from advantage.planning.transfer_flows import flow_intensity
from advantage.reasons import Label, Reason, reason_column

__all__ = [
    "MATCH_COMPONENTS",
    "default_transfer_groups",
    "match_destinations",
    "relocating_activities",
]

MATCH_COMPONENTS = ("density", "endowment", "cost", "distance", "flows")
DEFAULT_WEIGHTS = {"density": 0.4, "endowment": 0.2, "cost": 0.2, "distance": 0.2,
                   "flows": 0.2}


def default_transfer_groups(
    panel: Panel,
    indicators: Indicators | None = None,
    *,
    groups: tuple[Sequence[Any], Sequence[Any]] | None = None,
    share: float = 0.25,
) -> tuple[list[Any], list[Any]]:
    """The source and destination regions used when a user names none: one rule for all.

    With ``groups`` (a region preset's, e.g. China's eastern provinces as sources and the
    central, western and north-eastern ones as destinations) those are used, matched to the
    panel's labels. Otherwise the sources are the ``share`` of regions (at least one, never
    all) with the highest economic complexity (ECI) in the *first* period whose ECI is
    defined (a period with a repeated eigenvalue has none, see
    :func:`~advantage.measures.spectral.is_degenerate`), the developed regions activities
    could be leaving, and every other region is a destination.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[5, 5, 7, 9], [1, 2, 8, 9], [3, 3, 8, 4], [3, 8, 3, 4]])
    >>> p = Panel.from_cube(m, regions=list("abcd"), activities=list("wxyz"))
    >>> default_transfer_groups(p)
    (['d'], ['a', 'b', 'c'])
    """
    if groups is not None:
        src = panel.match("region", list(groups[0]), name="sources")
        dst = panel.match("region", list(groups[1]), name="destinations")
        return src, dst
    check_positive("share", share)
    indicators = indicators_for(panel, indicators, threshold=indicators.threshold
                                if indicators is not None else 1.0)
    defined = np.flatnonzero(np.isfinite(indicators.eci).any(axis=1))
    if not len(defined):
        raise AdvantageError("the default transfer sources are the regions of highest ECI, and "
                             "ECI is undefined in every period of this panel (its regions "
                             "are structurally alike); name the sources and destinations.")
    eci0 = np.nan_to_num(indicators.eci[defined[0]], nan=-np.inf)
    count = min(max(1, int(panel.shape[1] * share)), panel.shape[1] - 1)
    if count < 1:
        raise AdvantageError("transfer needs at least two regions.")
    order = np.argsort(-eci0, kind="stable")
    src = sorted(order[:count].tolist())
    dst = sorted(order[count:].tolist())
    return [panel.regions[i] for i in src], [panel.regions[i] for i in dst]


def relocating_activities(
    panel: Panel,
    sources: Sequence[Any],
    *,
    from_year: Any,
    to_year: Any,
    loss: Literal["level", "share"] = "level",
    min_share_drop: float = 0.0,
) -> pd.DataFrame:
    """Test every activity for relocation out of ``sources`` (rules in the module docs).

    Parameters
    ----------
    panel : Panel
    sources : sequence
        Source region labels.
    from_year, to_year : label
        The window's first and last periods (``from_year`` earlier).
    loss : {"level", "share"}
        What a single source region losing the activity means (rule 1).
    min_share_drop : float
        Smallest fall of the group's share of the national activity (0.01 = one point).

    Returns
    -------
    pandas.DataFrame
        One row per activity: activity, relocating, source_share_from, source_share_to,
        source_lq_from, source_lq_to, elsewhere_growth, losing_sources (a list of the source
        regions that lose it, largest loss first), source_loss, reason (a
        :class:`~advantage.reasons.Reason`).
    """
    check_choice("loss", loss, ["level", "share"])
    check_positive("min_share_drop", min_share_drop, strict=False)
    t0, t1 = _window(panel, from_year, to_year)
    s_pos = _sources(panel, sources)
    x0, x1 = panel.cube[t0], panel.cube[t1]
    in_s = np.zeros(panel.shape[1], dtype=bool)
    in_s[s_pos] = True
    nat0, nat1 = x0.sum(axis=0), x1.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share0, share1 = x0[in_s].sum(axis=0) / nat0, x1[in_s].sum(axis=0) / nat1
        lq0 = share0 / (x0[in_s].sum() / x0.sum())
        lq1 = share1 / (x1[in_s].sum() / x1.sum())
        own0, own1 = x0[in_s] / nat0, x1[in_s] / nat1
        out0, out1 = x0[~in_s].sum(axis=0), x1[~in_s].sum(axis=0)
        growth = out1 / out0 - 1.0
    drop = (x0[in_s] - x1[in_s]) if loss == "level" else (own0 - own1)
    drop = np.where(np.isfinite(drop), drop, 0.0)
    losers = drop > 0
    present = (nat0 > 0) & (nat1 > 0)
    relocating = (present & losers.any(axis=0) & (share1 < share0 - min_share_drop)
                  & (lq1 < lq0) & (out1 > out0))
    names = np.asarray(panel.regions, dtype=object)[s_pos]
    losing = np.empty(panel.shape[2], dtype=object)
    for j in range(panel.shape[2]):
        order = np.argsort(-drop[:, j], kind="stable")
        losing[j] = [names[i] for i in order if losers[i, j]]
    frame = pd.DataFrame({
        "activity": panel.activities, "relocating": relocating,
        "source_share_from": share0, "source_share_to": share1,
        "source_lq_from": lq0, "source_lq_to": lq1, "elsewhere_growth": growth,
        "losing_sources": losing,
        "source_loss": np.where(losers, drop, 0.0).sum(axis=0),
    })
    y0, y1 = plain(panel.times[t0]), plain(panel.times[t1])
    frame["reason"] = reason_column(frame, [
        Reason("relocating" if r else "not_relocating", {
            "start": y0, "end": y1, "share_from": float(a), "share_to": float(b),
            "lq_from": float(c), "lq_to": float(d), "growth": float(g),
            "lost_by": tuple(Label("region", w) for w in who),
            "no_loss": None if who else Reason("no_loss")})
        for r, a, b, c, d, g, who in zip(relocating, share0, share1, lq0, lq1, growth, losing,
                                         strict=True)])
    return frame


def match_destinations(
    panel: Panel,
    sources: Sequence[Any],
    *,
    from_year: Any,
    to_year: Any,
    destinations: Sequence[Any] | None = None,
    costs: Any = None,
    centroids: Any = None,
    endowment: EndowmentFit | None = None,
    flows: Panel | None = None,
    weights: Mapping[str, float] | None = None,
    top: int | None = None,
    loss: Literal["level", "share"] = "level",
    min_share_drop: float = 0.0,
    threshold: float = 1.0,
    indicators: Indicators | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """Matchmaking table: for each relocating activity, destinations ranked by fit.

    Parameters
    ----------
    panel, sources, from_year, to_year, loss, min_share_drop
        As in :func:`relocating_activities`.
    destinations : sequence, optional
        Candidate destinations (default every region not in ``sources``).
    costs : DataFrame, optional
        ``region`` (regions of the panel, once each) and cost columns of finite numbers
        >= 0 (wages, land, electricity price...); lower is better. Each column is z-scored
        across destinations and the mean negated; destinations without a row get no cost
        component (NaN cost).
    centroids : DataFrame, optional
        ``region, lon, lat`` in degrees, for the distance component.
    endowment : EndowmentFit, optional
    flows : Panel, optional
        Flows of each activity into (or out of) each region, for the ``flows`` component
        (regions and activities matched by label; only periods up to ``to_year`` are read).
    weights : mapping, optional
        Over :data:`MATCH_COMPONENTS` (default 0.4, 0.2, 0.2, 0.2, 0.2).
    top : int, optional
        Destinations per activity (default all).
    threshold : float
        RCA presence threshold used for density.
    indicators : Indicators, optional
        Precomputed indicators of ``panel`` (all periods) at ``threshold``.
    convention : {"default", "stata"}, optional
        Indicator convention (default: the given indicators' own, else ``"default"``).

    Returns
    -------
    pandas.DataFrame
        activity, source, destination, rank, score, density, lq, endowment, endowment_name,
        cost, distance_km, reason (and ``flow``, :math:`f_{da}`, when ``flows`` are given);
        ``source`` lists the losing source regions, largest loss first (a list).
    """
    t0, t1 = _window(panel, from_year, to_year)
    reloc = relocating_activities(panel, sources, from_year=from_year, to_year=to_year,
                                  loss=loss, min_share_drop=min_share_drop)
    s_pos = _sources(panel, sources)
    if destinations is None:
        d_pos = np.setdiff1d(np.arange(panel.shape[1]), s_pos)
    else:
        d_pos = np.unique(panel.locate("region", list(destinations), name="destinations"))
    if d_pos.size == 0:
        raise AdvantageError("there are no destination regions: every region is a source.")
    both = panel.regions[np.intersect1d(s_pos, d_pos)]
    if len(both):
        raise AdvantageError(f"regions {[plain(r) for r in both]!r} are both sources and "
                             "destinations; a region cannot send an activity to itself.")
    acts = np.nonzero(reloc["relocating"].to_numpy())[0]
    if indicators is None:
        indicators = indicators_for(panel.select(times=[panel.times[t1]]), None,
                                    threshold=threshold, convention=convention)
        t_ind = 0
    else:
        indicators = indicators_for(panel, indicators, threshold=threshold,
                                    convention=convention)
        t_ind = t1
    values: dict[str, np.ndarray] = {
        "density": indicators.density[t_ind][np.ix_(d_pos, acts)].T}
    lq = indicators.rca[t_ind][np.ix_(d_pos, acts)].T
    if endowment is not None:
        fit = endowment.align(panel.regions, panel.activities)
        values["endowment"] = fit.component()[np.ix_(d_pos, acts)].T
        e_raw, e_src = fit.values[np.ix_(d_pos, acts)].T, fit.source[np.ix_(d_pos, acts)].T
    cost_raw = _costs(costs, panel, d_pos) if costs is not None else None
    if cost_raw is not None:
        values["cost"] = np.broadcast_to(-cost_raw, (len(acts), len(d_pos)))
    if centroids is not None:
        x0, x1 = panel.cube[t0][np.ix_(s_pos, acts)], panel.cube[t1][np.ix_(s_pos, acts)]
        dist = distance_matrix(centroids, list(panel.regions[s_pos]),
                               list(panel.regions[d_pos]))
        lost = np.clip(x0 - x1, 0.0, None) if loss == "level" else np.clip(
            x0 / x0.sum(axis=0) - x1 / x1.sum(axis=0), 0.0, None)
        w_loss = np.where(lost.sum(axis=0) > 0, lost / np.where(lost.sum(axis=0) > 0,
                                                                lost.sum(axis=0), 1.0), 0.0)
        km = np.einsum("sa,sd->ad", np.nan_to_num(w_loss), dist)
        values["distance"] = -np.log(np.maximum(km, 1.0))
    if flows is not None:
        values["flows"] = flow_intensity(flows, panel.cube[t1][np.ix_(d_pos, acts)],
                                         panel.regions[d_pos], panel.activities[acts],
                                         panel.times[t1])
    asked = dict(weights) if weights is not None else dict(DEFAULT_WEIGHTS)
    check_weights(asked, MATCH_COMPONENTS)
    usable = {k: v for k, v in asked.items() if k in values}
    if sum(usable.values()) <= 0:
        raise AdvantageError(f"weights={asked!r} give no weight to a component with data; "
                             f"available: {sorted(values)}.")
    w = check_weights(usable, MATCH_COMPONENTS)
    mask = np.ones((len(acts), len(d_pos)), dtype=bool)
    score = sum(w[k] * np.nan_to_num(zscore(v, mask)) for k, v in values.items())
    score = np.broadcast_to(score, mask.shape)
    rows, cols, rank = top_k(score, mask, int(top) if top is not None else len(d_pos))
    a_idx = acts[rows]
    out = pd.DataFrame({
        "activity": panel.activities[a_idx],
        "source": reloc["losing_sources"].to_numpy()[a_idx],
        "destination": panel.regions[d_pos[cols]], "rank": rank,
        "score": score[rows, cols], "density": values["density"][rows, cols],
        "lq": lq[rows, cols],
        "endowment": e_raw[rows, cols] if endowment is not None else np.nan,
        "endowment_name": (e_src[rows, cols] if endowment is not None
                           else np.full(len(rows), "", dtype=object)),
        "cost": cost_raw[cols] if cost_raw is not None else np.nan,
        "distance_km": km[rows, cols] if centroids is not None else np.nan,
    })
    if flows is not None:
        out["flow"] = values["flows"][rows, cols]
    out["reason"] = reason_column(out, [_reason(r) for r in out.itertuples(index=False)])
    return out


def _reason(row: Any) -> Reason:
    """The destination's rank for the activity and the components behind it."""
    cost = float(row.cost)
    return Reason("destination", {
        "rank": int(row.rank), "activity": Label("activity", row.activity),
        "source": tuple(Label("region", r) for r in row.source),
        "density": float(row.density), "lq": float(row.lq),
        "endowment": Label("endowment", row.endowment_name) if row.endowment_name else None,
        "strength": float(row.endowment) if row.endowment_name else None,
        "cost_below": -cost if cost < 0 else None, "cost_above": cost if cost >= 0 else None,
        "distance_km": float(row.distance_km),
        "flow": float(row.flow) if hasattr(row, "flow") else None})


def _window(panel: Panel, from_year: Any, to_year: Any) -> tuple[int, int]:
    t0, t1 = panel.locate("time", [from_year, to_year], name="from_year/to_year")
    if t0 >= t1:
        raise AdvantageError(f"from_year={plain(from_year)!r} must come before "
                             f"to_year={plain(to_year)!r}.")
    return int(t0), int(t1)


def _sources(panel: Panel, sources: Sequence[Any]) -> np.ndarray:
    s_pos = np.unique(panel.locate("region", list(sources), name="sources"))
    if s_pos.size == 0:
        raise AdvantageError("sources is empty: name at least one source region.")
    if s_pos.size == panel.shape[1]:
        raise AdvantageError("every region is a source; leave some regions out of sources.")
    return s_pos


def _costs(costs: Any, panel: Panel, d_pos: np.ndarray) -> np.ndarray:
    """Mean z-score of the cost columns for each destination (NaN where not given).

    Every row must name a region of the panel (by the one label rule) once, and every
    column besides ``region`` must hold finite numbers >= 0: a typo in a region or a blank
    cell is an error, never a cost silently left out.
    """
    frame = to_pandas(costs)
    if "region" not in frame.columns:
        raise AdvantageError(f"costs needs a 'region' column; it has {list(frame.columns)!r}.")
    columns = [c for c in frame.columns if c != "region"]
    if not columns:
        raise AdvantageError("costs needs at least one numeric cost column besides 'region'.")
    positions = panel.locate("region", list(frame["region"]), name="costs regions")
    counts = np.bincount(positions, minlength=panel.shape[1])
    repeated = [plain(r) for r in panel.regions[counts > 1]]
    if repeated:
        raise AdvantageError(f"costs lists regions {repeated[:5]!r} more than once; give one "
                             "row per region.")
    values = frame[columns].apply(pd.to_numeric, errors="coerce")
    bad = ~(np.isfinite(values.to_numpy(dtype=float)) & (values.to_numpy(dtype=float) >= 0))
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        raise AdvantageError(f"costs column {columns[col]!r} of region "
                             f"{plain(frame['region'].iloc[row])!r} is "
                             f"{plain(frame[columns[col]].iloc[row])!r}; cost columns hold "
                             "finite numbers >= 0 (lower is better) for every region listed.")
    table = np.full((len(columns), panel.shape[1]), np.nan)
    table[:, positions] = values.to_numpy(dtype=float).T
    table = table[:, d_pos]
    z = zscore(table, np.ones(table.shape, dtype=bool))
    known = np.isfinite(table)
    with np.errstate(invalid="ignore"):
        mean = np.where(known, z, 0.0).sum(axis=0) / known.sum(axis=0)
    return np.where(known.any(axis=0), mean, np.nan)
