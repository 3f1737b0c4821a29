r"""A coherent portfolio of activities for a region: the best set, not the best list.

A ranked list repeats itself: its top ten often sit in one corner of the activity space.
:func:`portfolio` picks a *set* of activities for one region by mixed-integer linear
programming (``scipy.optimize.milp``, HiGHS):

.. math::

    \max_{y \in \{0,1\}^n} \sum_a s_a y_a \quad \text{s.t.} \quad
    \sum_a y_a = k \;\; (\text{or } \sum_a c_a y_a \le B), \qquad
    \sum_{a \in C_j} y_a \le m \;\; \forall j, \qquad
    \sum_j z_j \ge q, \; z_j \le \sum_{a \in C_j} y_a, \; z_j \in \{0, 1\},

where :math:`s_a = \beta\, z(\omega_{ra}) + (1 - \beta)\, z(A_{ra})` mixes feasibility
(relatedness density :math:`\omega`) and attractiveness :math:`A`
(:func:`~advantage.planning.attractiveness.attractiveness`), each z-scored over the
region's candidates, with :math:`\beta` = ``feasibility_weight``; :math:`c_a` are costs and
:math:`B` the budget; :math:`C_j` are clusters of the activity space; at most :math:`m`
activities come from one cluster (``max_per_cluster``, default :math:`\lceil k/2 \rceil`)
and at least :math:`q` clusters are covered (``min_clusters``). Under a budget without a
count, only candidates with a positive score are worth their cost, so below-average
candidates are never picked.

**Clusters** (:func:`activity_clusters`) are spectral clusters of the proximity network
(Ng, Jordan and Weiss 2001): the rows of the leading eigenvectors of
:math:`D^{-1/2} \phi D^{-1/2}`, normalised, grouped by k-means (``scipy.cluster.vq.kmeans2``,
k-means++ starts, ten restarts drawn from ``seed``). Cluster numbers follow the order of the
activities, and each cluster is named by its *hub*, the activity with the largest proximity
to the rest of its cluster.

Each pick carries a reason: its score, feasibility and attractiveness, its cluster, and,
when a better-scored candidate was left out, which one and why (its cluster was full, or
it did not fit the budget).

References
----------
Ng, A., Jordan, M. and Weiss, Y. (2001) On spectral clustering: analysis and an algorithm,
*NIPS* 14. Hidalgo, C. A. et al. (2007) The product space conditions the development of
nations, *Science* 317. Huangfu, Q. and Hall, J. A. J. (2018) Parallelizing the dual
revised simplex method, *Mathematical Programming Computation* 10 (HiGHS).
"""

from __future__ import annotations

from collections.abc import Mapping
from math import ceil
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.measures.indicators import Indicators
from advantage.panel import Panel
from advantage.planning.attractiveness import attractiveness
from advantage.planning.common import indicators_for, zscore
from advantage.reasons import Label, Reason

__all__ = ["activity_clusters", "cluster_hubs", "portfolio", "select"]


def activity_clusters(phi: np.ndarray, n_clusters: int | None = None, *,
                      seed: int = 0, restarts: int = 10) -> np.ndarray:
    r"""Spectral clusters of a proximity matrix (module notes), numbered in activity order.

    Parameters
    ----------
    phi : numpy.ndarray
        Symmetric (activity, activity) proximity, zero diagonal.
    n_clusters : int, optional
        Default :math:`\mathrm{round}(\sqrt{n/2})`, between 2 and 12.
    seed : int
        Seed of the k-means starts.
    restarts : int
        k-means runs; the one with the smallest within-cluster distance is kept.

    Examples
    --------
    >>> block = np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6)
    >>> activity_clusters(block * 0.5, 2).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    from scipy.cluster.vq import kmeans2

    w = np.nan_to_num(np.asarray(phi, dtype=float))
    n = w.shape[0]
    k = int(n_clusters) if n_clusters is not None else int(min(12, max(2, round(np.sqrt(n / 2)))))
    if k < 1:
        raise AdvantageError(f"n_clusters={n_clusters!r} is not valid; expected >= 1.")
    k = min(k, n)
    if k <= 1:
        return np.zeros(n, dtype=int)
    d = w.sum(axis=1)
    inv = np.where(d > 0, 1.0 / np.sqrt(np.where(d > 0, d, 1.0)), 0.0)
    _, vectors = np.linalg.eigh(inv[:, None] * w * inv[None, :])
    emb = vectors[:, -k:]
    norm = np.linalg.norm(emb, axis=1, keepdims=True)
    emb = np.where(norm > 0, emb / np.where(norm > 0, norm, 1.0), 0.0)
    rng = np.random.default_rng(seed)
    best, best_cost = np.zeros(n, dtype=int), np.inf
    for _ in range(max(1, int(restarts))):
        centres, labels = kmeans2(emb, k, minit="++", missing="raise",
                                  rng=np.random.default_rng(rng.integers(2**32)))
        cost = float(((emb - centres[labels]) ** 2).sum())
        if cost < best_cost - 1e-12:
            best, best_cost = labels, cost
    _, first = np.unique(best, return_index=True)
    order = np.argsort(np.argsort(first))
    return order[best]


def cluster_hubs(phi: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    """For each cluster id, the position of its hub (largest proximity to its cluster)."""
    w = np.nan_to_num(np.asarray(phi, dtype=float))
    same = clusters[:, None] == clusters[None, :]
    strength = (w * same).sum(axis=1)
    hubs = np.zeros(clusters.max() + 1 if clusters.size else 0, dtype=int)
    for c in range(len(hubs)):
        members = np.flatnonzero(clusters == c)
        hubs[c] = members[np.argmax(strength[members])]
    return hubs


def select(score: np.ndarray, clusters: np.ndarray, *, k: int | None = None,
           costs: np.ndarray | None = None, budget: float | None = None,
           max_per_cluster: int | None = None, min_clusters: int | None = None) -> np.ndarray:
    """Positions of the chosen candidates (the MILP of the module notes), best score first.

    Raises
    ------
    AdvantageError
        When the constraints cannot all hold (naming them) or the solver fails.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    s = np.asarray(score, dtype=float)
    n = len(s)
    ids = np.unique(clusters)
    n_c = len(ids)
    onehot = (clusters[None, :] == ids[:, None]).astype(float)  # (clusters, n)
    rows: list[np.ndarray] = []
    low: list[float] = []
    high: list[float] = []
    if budget is None:
        if k is None:
            raise AdvantageError("give k= (how many activities) or budget= (with costs).")
        k = min(int(k), n)
        rows.append(np.concatenate([np.ones(n), np.zeros(n_c)]))
        low.append(k)
        high.append(k)
    else:
        if costs is None:
            raise AdvantageError("budget= needs costs= (the cost of each activity).")
        c = np.asarray(costs, dtype=float)
        if not np.isfinite(c).all() or (c < 0).any():
            raise AdvantageError("costs must be finite and >= 0 for every candidate.")
        rows.append(np.concatenate([c, np.zeros(n_c)]))
        low.append(-np.inf)
        high.append(float(budget))
        if k is not None:
            rows.append(np.concatenate([np.ones(n), np.zeros(n_c)]))
            low.append(0)
            high.append(int(k))
    if max_per_cluster is not None:
        for j in range(n_c):
            rows.append(np.concatenate([onehot[j], np.zeros(n_c)]))
            low.append(-np.inf)
            high.append(int(max_per_cluster))
    if min_clusters is not None and min_clusters > 0:
        for j in range(n_c):  # z_j <= sum of y in cluster j
            rows.append(np.concatenate([-onehot[j], np.eye(n_c)[j]]))
            low.append(-np.inf)
            high.append(0)
        rows.append(np.concatenate([np.zeros(n), np.ones(n_c)]))
        low.append(int(min_clusters))
        high.append(np.inf)
    objective = -np.concatenate([s, np.zeros(n_c)])
    result = milp(objective, integrality=np.ones(n + n_c),
                  bounds=Bounds(np.zeros(n + n_c), np.ones(n + n_c)),
                  constraints=LinearConstraint(np.array(rows), low, high))
    if result.status != 0 or result.x is None:
        raise AdvantageError(f"no portfolio satisfies the constraints (k={k}, "
                             f"max_per_cluster={max_per_cluster}, min_clusters={min_clusters}"
                             f", budget={budget}): {result.message}")
    chosen = np.flatnonzero(np.round(result.x[:n]) > 0.5)
    return chosen[np.argsort(-s[chosen], kind="stable")]


def portfolio(panel: Panel, focus: Any, *, k: int | None = 5, budget: float | None = None,
              costs: str | Mapping[Any, float] | None = None, attributes: Any = None,
              weights: Mapping[str, float] | None = None, feasibility_weight: float = 0.5,
              max_per_cluster: int | None = None, min_clusters: int | None = None,
              n_clusters: int | None = None, seed: int = 0, time: Any = None,
              window: float | None = 5, threshold: float = 1.0,
              indicators: Indicators | None = None,
              convention: str | None = None) -> pd.DataFrame:
    r"""Pick a coherent set of activities for each focus region (module notes).

    Parameters
    ----------
    panel : Panel
    focus : label or list
        The region(s); each gets its own portfolio.
    k : int or None
        How many activities (default 5); with ``budget``, an optional upper bound.
    budget : float, optional
        Total cost allowed (needs ``costs``).
    costs : str or mapping, optional
        An attribute column (e.g. ``"investment"``) or activity -> cost.
    attributes, weights, window
        As in :func:`~advantage.planning.attractiveness.attractiveness`.
    feasibility_weight : float
        :math:`\beta` in [0, 1]: 1 ranks by feasibility alone, 0 by attractiveness alone.
    max_per_cluster : int, optional
        At most this many picks from one cluster (default :math:`\lceil k/2 \rceil`).
    min_clusters : int, optional
        At least this many clusters covered.
    n_clusters : int, optional
        Clusters of the activity space (default see :func:`activity_clusters`).
    seed : int
        Seed of the clustering.
    time, threshold, indicators, convention
        As in :func:`~advantage.planning.opportunities.opportunities`.

    Returns
    -------
    pandas.DataFrame
        ``region, rank, activity, feasibility, attractiveness, score, cluster, cluster_hub,
        cost, reason`` (``cost`` only with costs).

    Examples
    --------
    >>> df = pd.DataFrame({"r": list("aabbbccc"), "i": list("xyxyzxyz"),
    ...                    "v": [2.0, 1, 1, 1, 1, 1, 1, 2]})
    >>> p = Panel.from_long(df, region="r", activity="i", value="v")
    >>> portfolio(p, "a", k=1)[["region", "activity"]].values.tolist()
    [['a', 'z']]
    """
    if not 0.0 <= float(feasibility_weight) <= 1.0:
        raise AdvantageError(f"feasibility_weight={feasibility_weight!r} is not valid; "
                             "expected a number in [0, 1].")
    if k is not None and int(k) < 1:
        raise AdvantageError(f"k={k!r} is not valid; expected a positive number.")
    if budget is not None:
        check_positive("budget", budget)
    ind = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t = panel.shape[0] - 1 if time is None else int(panel.locate("time", [time],
                                                                   name="time")[0])
    phi = np.nan_to_num(ind.proximity[t])
    clusters = activity_clusters(phi, n_clusters, seed=seed)
    hubs = cluster_hubs(phi, clusters)
    table = attractiveness(panel, focus=focus, time=panel.times[t], attributes=attributes,
                           weights=weights, window=window, threshold=threshold,
                           indicators=ind)
    cost_of = _costs(panel, costs, table)
    cap = max_per_cluster if max_per_cluster is not None else (
        ceil(k / 2) if k is not None else None)
    frames = []
    regions = panel.match("region", focus if isinstance(focus, list | tuple) else [focus],
                          name="focus")
    for region in regions:
        rows = table[table["region"] == region].reset_index(drop=True)
        if rows.empty:
            raise AdvantageError(f"region {region!r} has no candidate activities (it has "
                                 "every activity, or no value that period).")
        frames.append(_one(panel, rows, clusters, hubs, cost_of, float(feasibility_weight),
                           k, budget, cap, min_clusters))
    return pd.concat(frames, ignore_index=True)


def _costs(panel: Panel, costs: Any, table: pd.DataFrame) -> np.ndarray | None:
    """Cost per activity position (NaN where unknown), or None."""
    if costs is None:
        return None
    if isinstance(costs, str):
        if costs not in table.columns:
            raise AdvantageError(f"costs={costs!r} is not an attribute column; give one of "
                                 f"the attributes' columns or a mapping.")
        out = np.full(panel.shape[2], np.nan)
        pos = panel.locate("activity", table["activity"].tolist())
        out[pos] = table[costs].to_numpy(dtype=float)
        return out
    items = dict(costs)
    out = np.full(panel.shape[2], np.nan)
    out[panel.locate("activity", list(items), name="costs' activities")] = \
        np.asarray(list(items.values()), dtype=float)
    return out


def _one(panel: Panel, rows: pd.DataFrame, clusters: np.ndarray, hubs: np.ndarray,
         cost_of: np.ndarray | None, beta: float, k: int | None, budget: float | None,
         cap: int | None, min_clusters: int | None) -> pd.DataFrame:
    pos = panel.locate("activity", rows["activity"].tolist())
    feas_raw = rows["feasibility"].to_numpy(dtype=float)
    attr_raw = rows["attractiveness"].to_numpy(dtype=float)
    mask = np.ones((1, len(rows)), dtype=bool)
    feas = np.nan_to_num(zscore(rows["feasibility"].to_numpy(dtype=float)[None], mask)[0])
    attr = np.nan_to_num(zscore(rows["attractiveness"].to_numpy(dtype=float)[None], mask)[0])
    score = beta * feas + (1.0 - beta) * attr
    cl = clusters[pos]
    costs = cost_of[pos] if cost_of is not None else None
    if budget is not None and costs is not None and np.isnan(costs).any():
        missing = rows.loc[np.isnan(costs), "activity"].tolist()[:5]
        raise AdvantageError(f"costs are missing for candidates {missing!r}; give a cost for "
                             "every activity (or leave out budget=).")
    chosen = select(score, cl, k=k, costs=costs, budget=budget, max_per_cluster=cap,
                    min_clusters=min_clusters)
    acts = np.asarray(panel.activities, dtype=object)
    picked = set(chosen.tolist())
    counts = {c: int((cl[chosen] == c).sum()) for c in np.unique(cl)}
    reasons = []
    for rank, i in enumerate(chosen, start=1):
        parts = []
        better = [j for j in np.argsort(-score, kind="stable")
                  if j not in picked and score[j] > score[i]]
        if better:
            j = better[0]
            full = cap is not None and counts[cl[j]] >= cap
            why = "full" if full else ("budget" if budget is not None else "constraints")
            parts.append(Reason(f"portfolio_over_{why}", {
                "activity": Label("activity", acts[pos[j]]), "score": float(score[j]),
                "cluster": int(cl[j]), "cap": cap}))
        reasons.append(Reason("portfolio_pick", {
            "rank": rank, "score": float(score[i]),
            "feasibility": float(feas_raw[i]), "attractiveness": float(attr_raw[i]),
            "cluster": int(cl[i]),
            "hub": Label("activity", acts[hubs[cl[i]]]), "in_cluster": counts[cl[i]],
            "cap": cap, "cost": None if costs is None else float(costs[i]),
            "budget": budget}, tuple(parts)))
    out = pd.DataFrame({
        "region": rows["region"].iat[0], "rank": np.arange(1, len(chosen) + 1),
        "activity": rows["activity"].to_numpy()[chosen],
        "feasibility": rows["feasibility"].to_numpy(dtype=float)[chosen],
        "attractiveness": rows["attractiveness"].to_numpy(dtype=float)[chosen],
        "score": score[chosen], "cluster": cl[chosen],
        "cluster_hub": acts[hubs[cl[chosen]]],
    })
    if costs is not None:
        out["cost"] = costs[chosen]
    out["reason"] = pd.Series(reasons, index=out.index, dtype=object)
    return out
