r"""Monitoring and early warning (监测预警): last year's plan against this year's data.

:func:`monitor` compares two runs, *before* and *after* (two periods of one panel, or two
panels with the same activities: last year's data and this year's):

**Changes.** An activity *entered* a region when its RCA rose from below the threshold to at
or above it, and *left* it on the way down (Neffke, Henning and Boschma 2011; from
:func:`~advantage.measures.presence_changes`).

**Suggestions that came true.** The plan is the ``top`` opportunities of every region in the
*before* period (:func:`~advantage.planning.opportunities.opportunities`), or a plan the
caller gives (``region, activity``). A suggestion *came true* when the region has the
activity (RCA >= threshold) in the *after* period. Per region, the hit rate is compared
with the base rate, the share of all the region's candidates that entered:
:math:`lift = (hits / suggested) / (entries / candidates)`.

**Alerts.** For every activity a region has in the *before* period, three signals of
decline or relocation, each with a limit:

======================  ===================================================  =========
signal                  value                                                trips at
======================  ===================================================  =========
RCA loss                :math:`RCA_1 / RCA_0 - 1`                            <= -0.20
share loss              :math:`s_1 / s_0 - 1`, :math:`s = x_{ra} / X_a`      <= -0.10
competitive component   :math:`c / x_{ra,0}`, :math:`c = x_{ra,1} -          <= -0.10
                        x_{ra,0} X_{a,1} / X_{a,0}` (Dunn 1960)
======================  ===================================================  =========

One signal is a *watch*, two a *warning*, three an *alert*; a cell whose share and
competitive component both trip while the activity grows in the rest of the country is
also marked *relocating*.

**Diversification scorecard.** For each region and lookback :math:`L` (3, 5, 10 and 15
years), the activities it gained (entries) between the latest period at or before
:math:`t - L` and the *after* period :math:`t`. The grade places the region's count among
its peers' (all regions by default): the mid-rank percentile
:math:`p = (\#\{q: n_q < n_r\} + \tfrac12 \#\{q: n_q = n_r\}) / |P|` over its peers
:math:`P`, graded A (:math:`p \ge 0.8`), B (0.6), C (0.4), D (0.2), E. The Atlas grades
diversification too; these percentile grades are ours.

References
----------
Neffke, F., Henning, M. and Boschma, R. (2011) How do regions diversify over time?,
*Economic Geography* 87(3). Dunn, E. S. (1960) A statistical and analytical technique for
regional analysis, *Papers of the Regional Science Association* 6.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.measures.advantage import rca_cube
from advantage.measures.dynamics import presence_changes
from advantage.measures.shiftshare import shift_share
from advantage.panel import Panel, to_pandas
from advantage.planning.common import base_periods
from advantage.reasons import Label, Reason, reason_column

__all__ = ["GRADES", "LOOKBACKS", "Monitoring", "combine_panels", "monitor", "scorecard"]

LOOKBACKS = (3, 5, 10, 15)
GRADES = ("A", "B", "C", "D", "E")
_LEVELS = ("watch", "warning", "alert")


@dataclass(frozen=True)
class Monitoring:
    """The result of :func:`monitor` (each table's ``reason`` holds Reason objects)."""

    changes: pd.DataFrame
    suggestions: pd.DataFrame
    hits: pd.DataFrame
    alerts: pd.DataFrame
    scorecard: pd.DataFrame
    before: Any
    after: Any
    notes: list[Reason] = field(default_factory=list)


def combine_panels(before: Panel, after: Panel) -> tuple[Panel, list[Reason]]:
    """One panel with the periods of both (the *after* panel's values win on shared ones).

    Activities must be the same; regions in only one panel are zero in the other's periods
    (so absent there), and the notes say which.
    """
    b_acts, a_acts = [str(a) for a in before.activities], [str(a) for a in after.activities]
    if set(b_acts) != set(a_acts):
        only = sorted(set(b_acts) ^ set(a_acts))[:5]
        raise AdvantageError(f"before and after must have the same activities; {only!r} are "
                             "in only one of them (compare like with like).")
    notes = []
    regions = list(dict.fromkeys([*before.regions, *after.regions]))
    one_side = [r for r in regions if (r in set(before.regions)) != (r in set(after.regions))]
    if one_side:
        notes.append(Reason("note_regions_one_side", {
            "names": tuple(Label("region", r) for r in one_side[:10])}))
    times = sorted(set(before.times) | set(after.times))
    acts = list(before.activities)
    cube = np.zeros((len(times), len(regions), len(acts)))
    a_order = after.locate("activity", acts)
    for source, order in ((before, np.arange(len(acts))), (after, a_order)):
        t_idx = np.array([times.index(t) for t in source.times])
        r_idx = np.array([regions.index(r) for r in source.regions])
        cube[np.ix_(t_idx, r_idx, np.arange(len(acts)))] = source.cube[:, :, order]
    shared = sorted(set(before.times) & set(after.times))
    if shared and before is not after:
        notes.append(Reason("note_periods_both", {"times": tuple(plain(t) for t in shared)}))
    panel = Panel.from_cube(cube, regions=regions, activities=acts, times=times)
    return panel, notes


def _at(panel: Panel, label: Any, name: str) -> int:
    return int(panel.locate("time", [label], name=name)[0])


def monitor(before: Panel, after: Panel | None = None, *, before_time: Any = None,
            after_time: Any = None, threshold: float = 1.0, plan: Any = None, top: int = 10,
            preset: str = "parsimonious", rca_loss: float = 0.2, share_loss: float = 0.1,
            competitive_loss: float = 0.1, lookbacks: Sequence[float] = LOOKBACKS,
            peers: Mapping[Any, Sequence[Any]] | None = None, focus: Any = None) -> Monitoring:
    """Compare two runs: changes, suggestions that came true, alerts and the scorecard.

    Parameters
    ----------
    before : Panel
        The earlier data (or one panel holding both periods when ``after`` is None).
    after : Panel, optional
        The later data, with the same activities.
    before_time, after_time : labels, optional
        The compared periods (default: the last period of each panel; with one panel, its
        last two periods).
    threshold : float
        RCA presence threshold.
    plan : DataFrame, optional
        Last year's suggestions (``region, activity`` and optionally ``rank``); default the
        ``top`` opportunities of the *before* period under ``preset``.
    rca_loss, share_loss, competitive_loss : float
        The alert limits (module table).
    lookbacks : sequence of float
        Years back for the scorecard.
    peers : mapping, optional
        Region -> peers for the grades (default: every region).
    focus : label or list, optional
        Regions reported in the alerts (default all).

    Returns
    -------
    Monitoring
    """
    for name, value in (("rca_loss", rca_loss), ("share_loss", share_loss),
                        ("competitive_loss", competitive_loss)):
        check_positive(name, value, strict=False)
    check_positive("threshold", threshold)
    if after is None:
        panel, notes = before, list[Reason]()
        if panel.shape[0] < 2:
            raise AdvantageError("monitoring needs two periods: give after= or a panel with "
                                 "at least two periods.")
        t0 = _at(panel, before_time, "before_time") if before_time is not None \
            else panel.shape[0] - 2
        t1 = _at(panel, after_time, "after_time") if after_time is not None \
            else panel.shape[0] - 1
    else:
        b0 = before.times[_at(before, before_time, "before_time")] if before_time is not None \
            else before.times[-1]
        a1 = after.times[_at(after, after_time, "after_time")] if after_time is not None \
            else after.times[-1]
        panel, notes = combine_panels(before, after)
        t0, t1 = _at(panel, b0, "before_time"), _at(panel, a1, "after_time")
    if t1 <= t0:
        raise AdvantageError(f"the after period {plain(panel.times[t1])!r} must come after the "
                             f"before period {plain(panel.times[t0])!r}.")
    y0, y1 = panel.times[t0], panel.times[t1]
    rca = rca_cube(panel.cube)
    changes = _changes(panel, threshold, y0, y1)
    suggestions, hits = _suggestions(panel, rca, t0, t1, threshold, plan, top, preset)
    alerts = _alerts(panel, rca, t0, t1, threshold, rca_loss, share_loss, competitive_loss,
                     focus)
    card = scorecard(panel, time=y1, threshold=threshold, lookbacks=lookbacks, peers=peers)
    return Monitoring(changes, suggestions, hits, alerts, card, plain(y0), plain(y1), notes)


def _changes(panel: Panel, threshold: float, y0: Any, y1: Any) -> pd.DataFrame:
    table = presence_changes(panel, threshold=threshold, base=y0, final=y1)
    table = table.astype({"region": object, "activity": object, "event": object})
    table["event"] = table["event"].map({"entry": "entered", "exit": "left"})
    table["reason"] = reason_column(table, [
        Reason(e, {"start": plain(y0), "end": plain(y1), "rca_from": float(a),
                   "rca_to": float(b), "threshold": threshold})
        for e, a, b in zip(table["event"], table["rca_from"], table["rca_to"], strict=True)])
    return table.drop(columns=["time_from", "time_to"]).sort_values(
        ["region", "event", "activity"], kind="stable").reset_index(drop=True)


def _suggestions(panel: Panel, rca: np.ndarray, t0: int, t1: int, threshold: float,
                 plan: Any, top: int, preset: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    if plan is None:
        from advantage.planning.opportunities import opportunities

        earlier = panel.select(times=list(panel.times[: t0 + 1]))
        table = opportunities(earlier, preset=preset, top=top, times=[panel.times[t0]],
                              threshold=threshold)[["region", "activity", "rank"]]
    else:
        table = to_pandas(plan)
        missing = [c for c in ("region", "activity") if c not in table.columns]
        if missing:
            raise AdvantageError(f"plan needs columns 'region' and 'activity'; it lacks "
                                 f"{missing!r}.")
        table = table.assign(
            region=panel.match("region", table["region"].tolist(), name="plan's regions"),
            activity=panel.match("activity", table["activity"].tolist(),
                                 name="plan's activities"))
        if "rank" not in table.columns:
            table["rank"] = table.groupby("region").cumcount() + 1
        table = table[["region", "activity", "rank"]]
    r = panel.locate("region", table["region"].tolist())
    a = panel.locate("activity", table["activity"].tolist())
    before, after = rca[t0][r, a], rca[t1][r, a]
    with np.errstate(invalid="ignore"):
        true = after >= threshold
        had = before >= threshold
    out = table.reset_index(drop=True).assign(rca_before=before, rca_after=after,
                                              came_true=true & ~had, already_had=had)
    out["reason"] = reason_column(out, [
        Reason("came_true" if t and not h else ("already_had" if h else "not_yet"),
               {"rank": int(k), "rca_before": float(b), "rca_after": float(x),
                "threshold": threshold, "end": plain(panel.times[t1])})
        for k, b, x, t, h in zip(out["rank"], before, after, true, had, strict=True)])
    with np.errstate(invalid="ignore"):
        defined = np.isfinite(rca[t0]) & np.isfinite(rca[t1])
        candidates = (defined & (rca[t0] < threshold)).sum(axis=1)
        entries = (defined & (rca[t0] < threshold) & (rca[t1] >= threshold)).sum(axis=1)
    rows = []
    for region, group in out.groupby("region", sort=False):
        i = int(panel.locate("region", [region])[0])
        fresh = group[~group["already_had"]]
        n, hits = len(fresh), int(fresh["came_true"].sum())
        rate = hits / n if n else np.nan
        base = entries[i] / candidates[i] if candidates[i] else np.nan
        lift = rate / base if base and np.isfinite(base) and base > 0 else np.nan
        rows.append((region, n, hits, rate, int(entries[i]), int(candidates[i]), base, lift))
    hits_table = pd.DataFrame(rows, columns=["region", "suggested", "came_true", "hit_rate",
                                             "entries", "candidates", "base_rate", "lift"])
    hits_table["reason"] = reason_column(hits_table, [
        Reason("hit_rate", {"hits": int(h), "suggested": int(n), "rate": float(r),
                            "entries": int(e), "candidates": int(c), "base": float(b),
                            "lift": float(lf)})
        for _, n, h, r, e, c, b, lf in hits_table.itertuples(index=False, name=None)])
    return out, hits_table


def _alerts(panel: Panel, rca: np.ndarray, t0: int, t1: int, threshold: float,
            rca_loss: float, share_loss: float, competitive_loss: float,
            focus: Any) -> pd.DataFrame:
    x = panel.cube
    nat = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share0, share1 = x[t0] / nat[t0], x[t1] / nat[t1]
        rca_change = rca[t1] / rca[t0] - 1.0
        share_change = share1 / share0 - 1.0
    split = shift_share(panel, panel.times[t0], panel.times[t1], zero_base="competitive")
    comp = split["competitive"].to_numpy().reshape(x.shape[1:])
    with np.errstate(divide="ignore", invalid="ignore"):
        comp_rel = comp / x[t0]
        elsewhere = (nat[t1] - x[t1]) > (nat[t0] - x[t0])
        had = np.nan_to_num(rca[t0]) >= threshold
        trips = np.stack([np.nan_to_num(rca_change, nan=0.0) <= -rca_loss,
                          np.nan_to_num(share_change, nan=0.0) <= -share_loss,
                          np.nan_to_num(comp_rel, nan=0.0) <= -competitive_loss])
    count = trips.sum(axis=0) * had
    if focus is not None:
        keep = np.zeros(x.shape[1], dtype=bool)
        keep[panel.locate("region", focus, name="focus")] = True
        count = count * keep[:, None]
    r, a = np.nonzero(count > 0)
    relocating = trips[1][r, a] & trips[2][r, a] & elsewhere[r, a]
    out = pd.DataFrame({
        "region": np.asarray(panel.regions, dtype=object)[r],
        "activity": np.asarray(panel.activities, dtype=object)[a],
        "level": [_LEVELS[c - 1] for c in count[r, a]], "signals": count[r, a],
        "rca_before": rca[t0][r, a], "rca_after": rca[t1][r, a],
        "share_before": share0[r, a], "share_after": share1[r, a],
        "competitive": comp[r, a], "competitive_share": comp_rel[r, a],
        "relocating": relocating})
    limits = (rca_loss, share_loss, competitive_loss)
    out["reason"] = reason_column(out, [
        _alert_reason(row, trips[:, ri, ai], limits, plain(panel.times[t0]),
                      plain(panel.times[t1]))
        for row, ri, ai in zip(out.itertuples(index=False), r, a, strict=True)])
    return out.sort_values(["signals", "region", "competitive"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def _alert_reason(row: Any, tripped: np.ndarray, limits: tuple[float, float, float],
                  y0: Any, y1: Any) -> Reason:
    parts = []
    if tripped[0]:
        parts.append(Reason("alert_rca", {"before": float(row.rca_before),
                                          "after": float(row.rca_after), "limit": limits[0]}))
    if tripped[1]:
        parts.append(Reason("alert_share", {"before": float(row.share_before),
                                            "after": float(row.share_after),
                                            "limit": limits[1]}))
    if tripped[2]:
        parts.append(Reason("alert_competitive", {"value": float(row.competitive),
                                                  "share": float(row.competitive_share),
                                                  "limit": limits[2]}))
    if row.relocating:
        parts.append(Reason("alert_relocating"))
    return Reason("alert", {"level": Label("alert", row.level), "start": y0, "end": y1},
                  tuple(parts))


def scorecard(panel: Panel, *, time: Any = None, threshold: float = 1.0,
              lookbacks: Sequence[float] = LOOKBACKS,
              peers: Mapping[Any, Sequence[Any]] | None = None) -> pd.DataFrame:
    """New activities of every region over each lookback, graded against peers.

    Returns
    -------
    pandas.DataFrame
        ``region, lookback, base, new_activities, possible, rate, peer_median, percentile,
        grade, reason``; NaN counts where the panel has no period that far back.

    Examples
    --------
    >>> cube = np.array([[[2.0, 1.0], [1.0, 2.0], [1.0, 1.0]], [[1.0, 2.0], [1.0, 2.0],
    ...                  [2.0, 1.0]]])
    >>> p = Panel.from_cube(cube, regions=["a", "b", "c"], activities=["x", "y"],
    ...                     times=[2015, 2020])
    >>> scorecard(p, lookbacks=[5])[["region", "new_activities", "grade"]].values.tolist()
    [['a', 1.0, 'A'], ['b', 0.0, 'D'], ['c', 0.0, 'D']]
    """
    t = panel.shape[0] - 1 if time is None else _at(panel, time, "time")
    rca = rca_cube(panel.cube)
    labels = list(panel.regions)
    peer_pos = {i: (np.arange(len(labels)) if peers is None or labels[i] not in peers else
                    panel.locate("region", list(peers[labels[i]]), name="peers"))
                for i in range(len(labels))}
    rows = []
    for years in lookbacks:
        check_positive("lookbacks", years)
        b = int(base_periods(panel.times, years)[t]) if panel.has_time else -1
        if b < 0:
            counts = np.full(len(labels), np.nan)
            possible = np.full(len(labels), np.nan)
        else:
            with np.errstate(invalid="ignore"):
                defined = np.isfinite(rca[b]) & np.isfinite(rca[t])
                was_not = defined & (rca[b] < threshold)
                counts = (was_not & (rca[t] >= threshold)).sum(axis=1).astype(float)
                possible = was_not.sum(axis=1).astype(float)
            absent = ~panel.present_regions()[[b, t]].all(axis=0)
            counts[absent], possible[absent] = np.nan, np.nan
        for i, label in enumerate(labels):
            group = counts[np.setdiff1d(peer_pos[i], [i])]
            group = group[np.isfinite(group)]
            mine = counts[i]
            if np.isfinite(mine) and group.size:
                pct = float(((group < mine).sum() + 0.5 * (group == mine).sum()) / group.size)
                grade = GRADES[sum(pct < limit for limit in (0.8, 0.6, 0.4, 0.2))]
                median = float(np.median(group))
            else:
                pct, grade, median = np.nan, None, np.nan
            rows.append((label, years, plain(panel.times[b]) if b >= 0 else None, mine,
                         possible[i], mine / possible[i] if possible[i] else np.nan, median,
                         pct, grade, int(group.size)))
    out = pd.DataFrame(rows, columns=["region", "lookback", "base", "new_activities",
                                      "possible", "rate", "peer_median", "percentile", "grade",
                                      "peers"])
    out["reason"] = reason_column(out, [
        Reason("scorecard" if isinstance(g, str) else "scorecard_none", {
            "lookback": ly, "base": base, "new": n, "possible": p, "median": m,
            "percentile": pc, "grade": Label("grade", g) if isinstance(g, str) else None,
            "peers": k,
            "end": plain(panel.times[t]) if panel.has_time else None})
        for _, ly, base, n, p, _, m, pc, g, k in out.itertuples(index=False, name=None)])
    return out.drop(columns="peers")
