r"""Duplicated structures (产业同构) between groups of regions, and whether it is rising.

China's planning documents warn against *duplicated construction*: neighbouring provinces
building the same industries. The structural similarity of two regions
(:func:`~advantage.measures.isomorphism.structural_similarity`, the UNIDO cosine of their
output vectors, 1 for identical structures) measures it for a pair; planners ask it of
groups ("are the western provinces becoming more alike?", "how alike are they to the
east?"). For groups :math:`G, H` and period :math:`t`,

.. math::

    \bar S_{GH,t} = \frac{1}{|P_{GH}|} \sum_{(r, q) \in P_{GH}} S_{rq,t}

over the pairs :math:`P_{GH}` of distinct regions with one region in each group (both in
:math:`G` when :math:`G = H`), with the share of those pairs at or above the similarity
``threshold`` (flagged as duplicated). The trend is the change of :math:`\bar S` from the
first to the last period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations_with_replacement
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.measures.isomorphism import structural_similarity
from advantage.panel import Panel

__all__ = ["group_similarity"]


def group_similarity(panel: Panel, groups: Mapping[str, Sequence[Any]], *,
                     threshold: float = 0.9) -> pd.DataFrame:
    """Mean structural similarity within and between groups of regions, every period.

    Parameters
    ----------
    panel : Panel
    groups : mapping
        Group name -> region labels (matched with :meth:`advantage.Panel.match`).
    threshold : float
        Similarity at or above which a pair counts as duplicated (0.9).

    Returns
    -------
    pandas.DataFrame
        ``time, group_a, group_b, mean_similarity, duplicated_share, n_pairs`` for every
        period and pair of groups (``group_a == group_b``: within a group), and
        ``change``: the mean similarity's change since the first period.

    Examples
    --------
    >>> cube = np.array([[[1, 0, 0], [1, 0, 0], [0, 1, 1]], [[1, 1, 0], [1, 0, 1], [0, 1, 1]]])
    >>> p = Panel.from_cube(cube, regions=["w1", "w2", "e1"], activities=list("xyz"),
    ...                     times=[2000, 2010])
    >>> out = group_similarity(p, {"west": ["w1", "w2"], "east": ["e1"]})
    >>> out[out["group_a"] == out["group_b"]][["time", "mean_similarity"]].round(2).values.tolist()
    [[2000.0, 1.0], [2010.0, 0.5]]
    """
    check_positive("threshold", threshold)
    if not groups:
        raise AdvantageError("groups is empty: name at least one group of regions.")
    members = {name: panel.match("region", list(labels), name=f"groups[{name!r}]")
               for name, labels in groups.items()}
    pairs = structural_similarity(panel, krugman=False)
    if not panel.has_time:
        pairs = pairs.assign(time=None)
    rows = []
    for a, b in combinations_with_replacement(list(members), 2):
        ga, gb = set(members[a]), set(members[b])
        inside = ((pairs["region_a"].isin(ga) & pairs["region_b"].isin(gb))
                  | (pairs["region_a"].isin(gb) & pairs["region_b"].isin(ga)))
        for time, part in pairs[inside].groupby("time", sort=True, dropna=False):
            values = part["similarity"].to_numpy(dtype=float)
            values = values[np.isfinite(values)]
            rows.append({"time": time, "group_a": a, "group_b": b,
                         "mean_similarity": float(values.mean()) if len(values) else np.nan,
                         "duplicated_share": float((values >= threshold).mean())
                         if len(values) else np.nan, "n_pairs": int(len(values))})
    out = pd.DataFrame(rows, columns=["time", "group_a", "group_b", "mean_similarity",
                                      "duplicated_share", "n_pairs"])
    first = out.groupby(["group_a", "group_b"])["mean_similarity"].transform("first")
    out["change"] = out["mean_similarity"] - first
    return out.reset_index(drop=True)
