r"""Cooperation pairs (东西部协作): which source region complements which destination.

Transfer matching (:mod:`~advantage.planning.transfer`) answers "where should this relocating
activity go?". A cooperation programme pairs *regions*: an eastern province with the western
provinces that fit what it is losing. For every (source :math:`s`, destination :math:`d`):

1. the activities relocating out of the sources over the window are found by
   :func:`~advantage.planning.transfer.relocating_activities`;
2. the source's *losses* :math:`\ell_{sa}` (its level fall, or its national-share fall with
   ``loss="share"``) in those activities become weights
   :math:`w_{sa} = \ell_{sa} / \sum_{a'} \ell_{sa'}`;
3. each destination's *fit* :math:`f_{da} \in [0, 1]` for each relocating activity is its
   percentile among all destinations in the matching score of
   :func:`~advantage.planning.transfer.match_destinations` (relatedness density, endowment,
   cost; distance is left out here because it belongs to the pair), 1 for the best;
4. the *complementarity* is :math:`C_{sd} = \sum_a w_{sa} f_{da}`: the loss-weighted fit of
   the destination for what the source is losing (1: the best destination for all of it);
5. with centroids, the *proximity* :math:`P_{sd} = 1 - (r_{sd} - 1) / (n - 1)`, with
   :math:`r_{sd}` the rank of the pair's great-circle distance among the :math:`n` pairs
   (1 for the nearest pair, 0 for the farthest);
6. the score is :math:`S_{sd} = (1 - \lambda) C_{sd} + \lambda P_{sd}` with
   :math:`\lambda` = ``distance_weight`` (0 without centroids).

Pairs are ranked for each destination (its best partners first). A source that loses none
of the relocating activities has no pairs. The activities to match for a pair are those
with the largest :math:`w_{sa} f_{da}`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive
from advantage.measures.endowments import EndowmentFit
from advantage.measures.geography import distance_matrix
from advantage.measures.indicators import Indicators
from advantage.panel import Panel
from advantage.planning.common import indicators_for
from advantage.planning.transfer import match_destinations
from advantage.reasons import Label, Reason, reason_column

__all__ = ["PAIR_COLUMNS", "cooperation_pairs", "pair_activities"]

#: Columns of the pairs table.
PAIR_COLUMNS = ["source", "destination", "rank", "score", "complementarity", "proximity",
                "distance_km", "source_loss", "activities", "reason"]


def pair_activities(
    panel: Panel,
    sources: Sequence[Any],
    destinations: Sequence[Any],
    *,
    from_year: Any,
    to_year: Any,
    costs: Any = None,
    endowment: EndowmentFit | None = None,
    weights: Mapping[str, float] | None = None,
    loss: Literal["level", "share"] = "level",
    min_share_drop: float = 0.0,
    threshold: float = 1.0,
    indicators: Indicators | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """For every (source, destination, relocating activity): the loss, the fit, the match.

    Parameters
    ----------
    panel, sources, from_year, to_year, loss, min_share_drop
        As in :func:`~advantage.planning.transfer.relocating_activities`.
    destinations : sequence
        Destination regions (not sources).
    costs, endowment, threshold, indicators, convention
        As in :func:`~advantage.planning.transfer.match_destinations`.
    weights : mapping, optional
        Weights of the fit over ``density``, ``endowment`` and ``cost`` (default 0.4, 0.2,
        0.2 rescaled over the components with data).

    Returns
    -------
    pandas.DataFrame
        source, destination, activity, loss, loss_share (:math:`w_{sa}`), fit
        (:math:`f_{da}`), match (:math:`w_{sa} f_{da}`), density, lq; rows of a source that
        loses the activity only, sorted by source, destination and match (largest first).
    """
    src = panel.match("region", list(sources), name="sources")
    dst = panel.match("region", list(destinations), name="destinations")
    both = sorted(map(str, set(src) & set(dst)))
    if both:
        raise AdvantageError(f"regions {both} are both sources and destinations.")
    check_choice("loss", loss, ["level", "share"])
    indicators = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    fit_weights = dict(weights) if weights is not None else {
        "density": 0.4, "endowment": 0.2, "cost": 0.2}
    if "distance" in fit_weights:
        raise AdvantageError("weights of the fit cover density, endowment and cost; distance "
                             "belongs to the pair (distance_weight=).")
    match = match_destinations(panel, src, from_year=from_year, to_year=to_year,
                               destinations=dst, costs=costs, endowment=endowment,
                               weights=fit_weights, loss=loss, min_share_drop=min_share_drop,
                               threshold=threshold, indicators=indicators)
    columns = ["source", "destination", "activity", "loss", "loss_share", "fit", "match",
               "density", "lq"]
    if match.empty:
        return pd.DataFrame(columns=columns)
    n_dst = len(dst)
    fit = 1.0 - (match["rank"].to_numpy(dtype=float) - 1.0) / max(n_dst - 1, 1)
    match = match.assign(fit=fit)
    t0, t1 = panel.locate("time", [from_year, to_year], name="from_year/to_year")
    acts = pd.Index(match["activity"].unique())
    a_pos = panel.locate("activity", list(acts))
    s_pos = panel.locate("region", src)
    x0, x1 = panel.cube[t0][np.ix_(s_pos, a_pos)], panel.cube[t1][np.ix_(s_pos, a_pos)]
    if loss == "level":
        lost = x0 - x1
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            lost = x0 / x0.sum(axis=0) - x1 / x1.sum(axis=0)
    lost = np.where(np.isfinite(lost) & (lost > 0), lost, 0.0)
    share = np.divide(lost, lost.sum(axis=1, keepdims=True),
                      out=np.zeros_like(lost), where=lost.sum(axis=1, keepdims=True) > 0)
    rows = []
    by_activity = {a: g for a, g in match.groupby("activity", sort=False)}
    for i, source in enumerate(src):
        for j, activity in enumerate(acts):
            if lost[i, j] <= 0:
                continue
            group = by_activity[activity]
            for row in group.itertuples(index=False):
                rows.append((source, row.destination, activity, lost[i, j], share[i, j],
                             row.fit, share[i, j] * row.fit, row.density, row.lq))
    out = pd.DataFrame(rows, columns=columns)
    order = np.lexsort((-out["match"].to_numpy(), out["destination"].astype(str).to_numpy(),
                        out["source"].astype(str).to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def cooperation_pairs(
    panel: Panel,
    sources: Sequence[Any],
    destinations: Sequence[Any],
    *,
    from_year: Any,
    to_year: Any,
    costs: Any = None,
    centroids: Any = None,
    endowment: EndowmentFit | None = None,
    weights: Mapping[str, float] | None = None,
    distance_weight: float = 0.2,
    top_activities: int = 5,
    loss: Literal["level", "share"] = "level",
    min_share_drop: float = 0.0,
    threshold: float = 1.0,
    indicators: Indicators | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    r"""Score every (source, destination) pair by complementarity (module docs).

    Parameters
    ----------
    panel, sources, destinations, from_year, to_year, costs, endowment, weights, loss,
    min_share_drop, threshold, indicators, convention
        As in :func:`pair_activities`.
    centroids : DataFrame, optional
        ``region, lon, lat`` for the pair's distance (the proximity term).
    distance_weight : float
        :math:`\lambda` in [0, 1], the weight of proximity (used only with centroids).
    top_activities : int
        Activities to name per pair (largest :math:`w_{sa} f_{da}` first).

    Returns
    -------
    pandas.DataFrame
        :data:`PAIR_COLUMNS`: ``rank`` orders the sources for each destination (1 = its
        best partner); ``activities`` lists the activities to match, best first; ``reason``
        is a :class:`~advantage.reasons.Reason`. Sorted by destination and rank.

    Examples
    --------
    E1 loses textiles (9 to 4); E2 loses nothing, so it has no pairs:

    >>> cube = np.array([[[9, 1, 1], [8, 4, 1], [1, 5, 4], [1, 1, 5]],
    ...                  [[4, 1, 1], [8, 4, 1], [4, 5, 4], [2, 1, 5]]], dtype=float)
    >>> p = Panel.from_cube(cube, regions=["E1", "E2", "W1", "W2"],
    ...                     activities=["tex", "chips", "food"], times=[2010, 2020])
    >>> out = cooperation_pairs(p, ["E1", "E2"], ["W1", "W2"], from_year=2010, to_year=2020)
    >>> out[["source", "destination", "rank", "score"]].values.tolist()
    [['E1', 'W1', 1, 1.0], ['E1', 'W2', 1, 0.0]]
    """
    check_positive("top_activities", top_activities)
    check_positive("distance_weight", distance_weight, strict=False)
    if distance_weight > 1:
        raise AdvantageError(f"distance_weight={distance_weight!r} is not valid; expected a "
                             "number in [0, 1].")
    parts = pair_activities(panel, sources, destinations, from_year=from_year,
                            to_year=to_year, costs=costs, endowment=endowment,
                            weights=weights, loss=loss, min_share_drop=min_share_drop,
                            threshold=threshold, indicators=indicators,
                            convention=convention)
    if parts.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    grouped = parts.groupby(["source", "destination"], sort=False)
    pairs = grouped.agg(complementarity=("match", "sum"), source_loss=("loss", "sum"),
                        n=("activity", "size")).reset_index()
    pairs["activities"] = [list(g["activity"].head(int(top_activities)))
                           for _, g in grouped]
    items = [tuple(Reason("pair_item", {"activity": Label("activity", a), "loss_share": w,
                                        "fit": f})
                   for a, w, f in zip(g["activity"].head(int(top_activities)),
                                      g["loss_share"].head(int(top_activities)).astype(float),
                                      g["fit"].head(int(top_activities)).astype(float),
                                      strict=True))
             for _, g in grouped]
    if centroids is not None:
        km = distance_matrix(centroids, list(pairs["source"]), list(pairs["destination"]))
        pairs["distance_km"] = np.diag(km) if len(pairs) else []
        ranks = pd.Series(pairs["distance_km"]).rank(method="average").to_numpy()
        pairs["proximity"] = 1.0 - (ranks - 1.0) / max(len(pairs) - 1, 1)
        lam = float(distance_weight)
    else:
        pairs["distance_km"] = np.nan
        pairs["proximity"] = np.nan
        lam = 0.0
    proximity = np.nan_to_num(pairs["proximity"].to_numpy(dtype=float))
    pairs["score"] = (1.0 - lam) * pairs["complementarity"] + lam * proximity
    pairs["rank"] = pairs.groupby("destination")["score"].rank(
        method="first", ascending=False).astype(int)
    facts = pairs[["rank", "complementarity", "n", "distance_km"]].to_numpy(dtype=float)
    pairs["reason"] = reason_column(pairs, [
        Reason("pair", {"source": Label("region", s), "destination": Label("region", d),
                        "rank": int(f[0]), "complementarity": float(f[1]), "n": int(f[2]),
                        "distance_km": float(f[3]), "items": item})
        for s, d, f, item in zip(pairs["source"], pairs["destination"], facts, items,
                                 strict=True)])
    order = np.lexsort((pairs["rank"].to_numpy(), pairs["destination"].astype(str).to_numpy()))
    return pairs.iloc[order][PAIR_COLUMNS].reset_index(drop=True)
