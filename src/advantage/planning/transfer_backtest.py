r"""Backtest of transfer matching: did the top-ranked destinations gain the activity afterwards.

:func:`backtest_transfer` runs :func:`~advantage.planning.transfer.match_destinations` on the
data up to the window's end and scores its ranking of destinations, per relocating activity,
against what happened next, beside a density-only and a random ranking (and, with flows, the
same matching without its flow component), with paired bootstrap intervals over activities.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.panel import Panel
from advantage.planning.metrics import METRIC_COLUMNS, ranking_metrics
from advantage.planning.transfer import match_destinations
from advantage.planning.validation import paired_bootstrap

__all__ = ["backtest_transfer"]


def backtest_transfer(
    panel: Panel,
    sources: Sequence[Any],
    *,
    from_year: Any,
    to_year: Any,
    horizon: float,
    destinations: Sequence[Any] | None = None,
    seed: int = 0,
    k: int = 5,
    n_boot: int = 200,
    flows: Panel | None = None,
    **match: Any,
) -> pd.DataFrame:
    """Score transfer matching: did top-ranked destinations gain the activity afterwards.

    The matching runs on data up to ``to_year``; a destination *gains* an activity when its
    share of the national activity is higher in the outcome period (the latest period at or
    before ``to_year + horizon``) than in ``to_year``. Metrics are grouped by activity
    (precision@K among each activity's destinations), and their 90 % intervals come from a
    paired bootstrap over the relocating activities
    (:func:`~advantage.planning.validation.paired_bootstrap`, ``n_boot`` resamples).

    With ``flows`` (a panel of flows by region and activity, e.g. inflow from other
    regions) the matching gains the ``flows`` component of
    :func:`~advantage.planning.transfer.match_destinations`, read from the flow periods up to
    ``to_year`` only, and the same matching without it is scored beside it as
    ``matching_without_flows``, with its own paired ratio.

    Returns
    -------
    pandas.DataFrame
        One row per method (matching, density, random; and matching_without_flows with
        ``flows``) with the metric columns and their ``_low``/``_high`` interval bounds;
        ``attrs["ratios"]`` holds the matching/density and matching/random (and
        matching/matching_without_flows) PR-AUC ratios with their intervals.
    """
    check_positive("horizon", horizon)
    t1 = int(panel.locate("time", to_year, name="to_year")[0])
    later = [i for i in range(t1 + 1, panel.shape[0])
             if float(panel.times[i]) <= float(panel.times[t1]) + float(horizon)]
    if not later:
        raise AdvantageError(f"no period after to_year={plain(to_year)!r} within "
                             f"horizon={plain(horizon)!r}.")
    t2 = later[-1]
    history_panel = panel.select(times=list(panel.times[: t1 + 1]))
    table = match_destinations(history_panel, sources, from_year=from_year, to_year=to_year,
                               destinations=destinations, **match)
    pairs = [("matching", "density"), ("matching", "random")]
    without = None
    if flows is not None:
        # only the flow periods up to the window's end are handed over
        known = [t for t in flows.times if float(t) <= float(panel.times[t1])]
        without = table
        table = match_destinations(history_panel, sources, from_year=from_year,
                                   to_year=to_year, destinations=destinations,
                                   flows=flows.select(times=known) if known else flows, **match)
        pairs.append(("matching", "matching_without_flows"))
    x1, x2 = panel.cube[t1], panel.cube[t2]
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = x2 / x2.sum(axis=0) > x1 / x1.sum(axis=0)
    r = panel.regions.get_indexer(pd.Index(table["destination"]))
    a = panel.activities.get_indexer(pd.Index(table["activity"]))
    y = gain[r, a].astype(int)
    groups = a
    rng = np.random.default_rng(seed)
    scores = {"matching": table["score"].to_numpy(), "density": table["density"].to_numpy(),
              "random": rng.random(len(table))}
    if without is not None:
        # the same (activity, destination) rows, in the order of the table with flows
        key = pd.MultiIndex.from_frame(table[["activity", "destination"]])
        order = pd.MultiIndex.from_frame(without[["activity", "destination"]]).get_indexer(key)
        scores["matching_without_flows"] = without["score"].to_numpy()[order]
        # the random ranking draws in the rows' order without flows, so it is the same
        # ranking in both runs
        scores["random"] = scores["random"][order]
    out = []
    for name, s in scores.items():
        metrics = ranking_metrics(np.nan_to_num(s, nan=-np.inf), y, groups, k=k, seed=seed)
        out.append({"method": name, **metrics})
    frame = pd.DataFrame(out, columns=["method", *METRIC_COLUMNS])
    intervals, ratios = paired_bootstrap(
        {n: np.nan_to_num(v, nan=-np.inf) for n, v in scores.items()}, y, groups, k=k,
        n_boot=n_boot, seed=seed, ratios=tuple(pairs))
    frame = frame.merge(intervals.drop(columns=[c for c in intervals.columns
                                                if c in METRIC_COLUMNS]),
                        on="method", how="left")
    frame = frame.rename(columns=lambda c: c.replace("precision_at_k", f"precision_at_{k}")
                         .replace("map_at_k", f"map_at_{k}")).rename(
        columns={"n_groups": "n_activities"})
    frame.attrs["outcome_period"] = panel.times[t2]
    frame.attrs["ratios"] = ratios
    return frame
