r"""Value chains as tags (强链补链延链): which links of a chain a region has, and what next.

A *chain* is a set of activities a user names (光伏, 锂电/储能, 新能源汽车, 算力/数据中心),
either *tagged* (a set) or *ordered* (each link has a ``stage``, upstream first; links may
share a stage). For every region and chain:

* a link is *present* when the region has it (RCA >= threshold); the **share of links
  present** is :math:`|\{a \in C: RCA_{ra} \ge \tau\}| / |C|`;
* the **missing links are ranked by feasibility**, the region's relatedness density
  :math:`\omega_{ra}` (Hidalgo et al. 2007), most feasible first;
* the **key nodes** are the links most central to the chain: by default their proximity to
  the chain's other links in the activity space, :math:`c_a = \sum_{b \in C, b \ne a}
  \phi_{ab}`; with an input-output table, their direct linkages with the other links,
  :math:`c_a = \sum_{b \in C, b \ne a} (a_{ab} + a_{ba})` from the technical coefficients
  :math:`a_{ij} = z_{ij} / x_j` (Miller and Blair 2009); :math:`c` is divided by its
  largest value in the chain, and the top third (at least one) are key nodes.

Each link gets an action. Present links: *strengthen* (强链). Missing links of an ordered
chain: *fill* (补链) when the region has links both upstream and downstream of its stage,
else *extend* (延链, beyond the stretch of the chain it holds); missing links of a tagged
chain: *fill*.

A chain on broad sectors is coarse: on China's 38 harmonised input-output sectors one node
such as "electrical machinery" holds batteries, motors and PV modules together; the worked
examples in ``reference/data/value_chains_china_io.csv`` say what each link stands for.

References
----------
Hidalgo, C. A. et al. (2007) The product space conditions the development of nations,
*Science* 317. Miller, R. E. and Blair, P. D. (2009) *Input-Output Analysis*, 2nd ed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.measures.indicators import Indicators
from advantage.panel import Panel, to_pandas
from advantage.planning.common import indicators_for
from advantage.reasons import Label, Reason, reason_column

__all__ = ["ACTIONS", "ChainStatus", "chain_status", "chain_table", "io_coefficients"]

ACTIONS = ("strengthen", "fill", "extend")


@dataclass(frozen=True)
class ChainStatus:
    """The result of :func:`chain_status`.

    Attributes
    ----------
    summary : DataFrame
        ``region, chain, links, present, share_present, next_link, missing_links,
        key_nodes, reason``: one row per region and chain.
    links : DataFrame
        ``region, chain, stage, activity, present, rca, density, pci, feasibility_rank,
        centrality, key_node, action, share_present``, the chain table's other columns
        (link names, notes), ``reason``: one row per region and link.
    """

    summary: pd.DataFrame
    links: pd.DataFrame


def chain_table(panel: Panel, chains: Any) -> pd.DataFrame:
    """Chain definitions checked against the panel: ``chain, activity, stage`` (+ extras).

    ``chains`` has columns ``chain`` and ``activity`` (matched by the one label rule, so
    ``"0101"`` never finds ``101``) and optionally ``stage`` (numbers, upstream first). A
    chain has stages on every link or on none.
    """
    frame = to_pandas(chains).copy()
    missing = [c for c in ("chain", "activity") if c not in frame.columns]
    if missing:
        raise AdvantageError(f"chains needs columns 'chain' and 'activity'; it lacks "
                             f"{missing!r} (it has {list(map(str, frame.columns))!r}).")
    if frame.empty:
        raise AdvantageError("chains is empty; define at least one chain.")
    frame["activity"] = panel.match("activity", frame["activity"].tolist(),
                                    name="chains' activities")
    if frame.duplicated(["chain", "activity"]).any():
        dup = frame.loc[frame.duplicated(["chain", "activity"]), ["chain", "activity"]]
        raise AdvantageError(f"chains lists a link twice: {dup.values.tolist()[:3]!r}.")
    if "stage" not in frame.columns:
        frame["stage"] = np.nan
    stage = pd.to_numeric(frame["stage"], errors="coerce")
    bad = stage.isna() & frame["stage"].notna() & (frame["stage"].astype(str).str.strip() != "")
    if bad.any():
        raise AdvantageError(f"chains column 'stage' holds non-numbers, e.g. "
                             f"{frame.loc[bad, 'stage'].tolist()[:3]!r}.")
    frame["stage"] = stage
    mixed = frame.groupby("chain")["stage"].agg(lambda s: 0 < s.notna().sum() < len(s))
    if mixed.any():
        raise AdvantageError(f"chains {mixed[mixed].index.tolist()!r} give a stage for some "
                             "links only; give every link a stage, or none (a tagged chain).")
    return frame.reset_index(drop=True)


def io_coefficients(flows: pd.DataFrame, output: pd.Series) -> pd.DataFrame:
    """Technical coefficients :math:`a_{ij} = z_{ij} / x_j` for key nodes (0 for no output).

    A sector a region does not produce buys nothing, so its column is 0 here (for the
    Leontief model :func:`~advantage.measures.technical_coefficients` refuses it instead).

    Examples
    --------
    >>> z = pd.DataFrame([[1.0, 0.0], [2.0, 0.0]], index=["x", "y"], columns=["x", "y"])
    >>> io_coefficients(z, pd.Series([4.0, 0.0], index=["x", "y"])).values.tolist()
    [[0.25, 0.0], [0.5, 0.0]]
    """
    x = output.reindex(flows.columns).to_numpy(dtype=float)
    z = flows.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(x[None, :] > 0, z / np.where(x > 0, x, 1.0)[None, :], 0.0)
    return pd.DataFrame(a, index=flows.index, columns=flows.columns)


def _centrality(weights: np.ndarray) -> np.ndarray:
    """Within-chain strength of each link, divided by the chain's largest."""
    w = np.nan_to_num(np.asarray(weights, dtype=float))
    w = w + w.T  # proximity is symmetric; input-output coefficients count both directions
    np.fill_diagonal(w, 0.0)
    strength = w.sum(axis=1)
    top = strength.max() if strength.size else 0.0
    return strength / top if top > 0 else np.zeros_like(strength)


def chain_status(panel: Panel, chains: Any, *, focus: Any = None, time: Any = None,
                 threshold: float = 1.0, indicators: Indicators | None = None,
                 convention: str | None = None,
                 linkages: pd.DataFrame | Mapping[Any, pd.DataFrame] | None = None,
                 key_share: float = 1 / 3) -> ChainStatus:
    """Links present, missing links by feasibility and key nodes of every chain (module notes).

    Parameters
    ----------
    panel : Panel
    chains : DataFrame
        ``chain, activity[, stage]`` (see :func:`chain_table`).
    focus : label or list, optional
        Regions (default all).
    time : label, optional
        Period (default the last).
    threshold, indicators, convention
        Presence threshold, precomputed indicators, convention.
    linkages : DataFrame or mapping, optional
        Technical coefficients (activity x activity, ``a[i, j]`` input of ``i`` per unit of
        ``j``'s output), or region -> such a table, for centrality by input-output linkage
        (activities missing from a table count as unlinked).
    key_share : float
        Share of each chain's links marked key nodes (at least one).

    Returns
    -------
    ChainStatus

    Examples
    --------
    >>> df = pd.DataFrame({"r": list("aabbbccc"), "i": list("xyxyzxyz"),
    ...                    "v": [2.0, 1, 1, 1, 1, 1, 1, 2]})
    >>> p = Panel.from_long(df, region="r", activity="i", value="v")
    >>> chains = pd.DataFrame({"chain": "demo", "activity": ["x", "y", "z"],
    ...                        "stage": [1, 2, 3]})
    >>> out = chain_status(p, chains, focus="a")
    >>> out.links[["activity", "present", "action"]].values.tolist()
    [['x', True, 'strengthen'], ['y', True, 'strengthen'], ['z', False, 'extend']]
    """
    check_positive("threshold", threshold)
    if not 0.0 < float(key_share) <= 1.0:
        raise AdvantageError(f"key_share={key_share!r} is not valid; expected (0, 1].")
    table = chain_table(panel, chains)
    ind = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t = panel.shape[0] - 1 if time is None else int(panel.locate("time", [time],
                                                                   name="time")[0])
    r_pos = (np.flatnonzero(panel.present_regions()[t]) if focus is None
             else np.unique(panel.locate("region", focus, name="focus")))
    phi = np.nan_to_num(ind.proximity[t])
    summaries, links = [], []
    for chain, group in table.groupby("chain", sort=False):
        pos = panel.locate("activity", group["activity"].tolist())
        stage = group["stage"].to_numpy(dtype=float)
        for r in r_pos:
            label = panel.regions[int(r)]
            weights = _weights(panel, linkages, label, pos, phi)
            central = _centrality(weights)
            n_key = max(1, ceil(len(pos) * float(key_share)))
            key = np.zeros(len(pos), dtype=bool)
            key[np.argsort(-central, kind="stable")[:n_key]] = True
            frame = _links(panel, ind, t, int(r), str(chain), group, pos, stage, central, key,
                           threshold, linkages is not None and not isinstance(linkages,
                                                                             pd.DataFrame)
                           and label not in linkages)
            links.append(frame)
            summaries.append(_summary(frame, plain(panel.times[t]) if panel.has_time else None))
    joined = pd.concat(links, ignore_index=True)
    extra = [c for c in table.columns if c not in ("chain", "activity", "stage")]
    if extra:  # the user's own columns (link names, notes) travel with each link
        at = list(joined.columns).index("reason")
        joined = joined.merge(table[["chain", "activity", *extra]], on=["chain", "activity"],
                              how="left")
        joined = joined[[*joined.columns[:at], *extra, "reason"]]
    return ChainStatus(pd.DataFrame(summaries), joined)


def _weights(panel: Panel, linkages: Any, region: Any, pos: np.ndarray,
             phi: np.ndarray) -> np.ndarray:
    if linkages is None:
        return phi[np.ix_(pos, pos)]
    matrix = linkages if isinstance(linkages, pd.DataFrame) else linkages.get(region)
    if matrix is None:
        return phi[np.ix_(pos, pos)]
    labels = [str(a) for a in panel.activities[pos]]
    index = {str(k): i for i, k in enumerate(matrix.index)}
    cols = {str(k): i for i, k in enumerate(matrix.columns)}
    values = matrix.to_numpy(dtype=float)
    out = np.zeros((len(pos), len(pos)))
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            if a in index and b in cols:
                out[i, j] = values[index[a], cols[b]]
    return out


def _links(panel: Panel, ind: Indicators, t: int, r: int, chain: str, group: pd.DataFrame,
           pos: np.ndarray, stage: np.ndarray, central: np.ndarray, key: np.ndarray,
           threshold: float, fell_back: bool) -> pd.DataFrame:
    rca = ind.rca[t][r, pos]
    present = np.nan_to_num(rca) >= threshold
    density = ind.density[t][r, pos]
    ordered = np.isfinite(stage).all()
    held = stage[present] if ordered else np.zeros(0)
    action = np.where(present, "strengthen", "fill").astype(object)
    if ordered:
        inside = (stage > (held.min() if held.size else np.inf)) & \
            (stage < (held.max() if held.size else -np.inf))
        action[~present & ~inside] = "extend"
    rank = np.full(len(pos), np.nan)
    missing = np.flatnonzero(~present)
    order = missing[np.argsort(-np.nan_to_num(density[missing], nan=-1.0), kind="stable")]
    rank[order] = np.arange(1, len(order) + 1)
    share = float(present.mean())
    frame = pd.DataFrame({
        "region": panel.regions[r], "chain": chain, "stage": stage,
        "activity": group["activity"].to_numpy(), "present": present, "rca": rca,
        "density": density, "pci": ind.pci[t][pos], "feasibility_rank": rank,
        "centrality": central, "key_node": key, "action": action, "share_present": share})
    frame["reason"] = reason_column(frame, [
        Reason(f"link_{a}", {"chain": chain, "stage": _stage(s),
                             "rca": float(x), "threshold": threshold, "density": float(d),
                             "rank": int(k) if np.isfinite(k) else None,
                             "missing": int(len(missing)), "centrality": float(c)},
               (Reason("link_key" if not fell_back else "link_key_space"),) if kn else ())
        for a, s, x, d, k, c, kn in zip(action, stage, rca, density, rank, central, key,
                                        strict=True)])
    return frame.sort_values(["stage", "feasibility_rank"], kind="stable",
                             na_position="last").reset_index(drop=True) if ordered else \
        frame.sort_values(["present", "feasibility_rank"], ascending=[False, True],
                          kind="stable").reset_index(drop=True)


def _stage(value: float) -> Any:
    """A stage as it reads: 2, not 2.0 (None for a tagged chain)."""
    if not np.isfinite(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _summary(frame: pd.DataFrame, time: Any) -> dict[str, Any]:
    missing = frame[~frame["present"]].sort_values("feasibility_rank")
    key = frame[frame["key_node"]]
    nxt = missing["activity"].iloc[0] if len(missing) else None
    present = int(frame["present"].sum())
    return {
        "region": frame["region"].iat[0], "chain": frame["chain"].iat[0],
        "links": len(frame), "present": present, "share_present": present / len(frame),
        "next_link": nxt, "missing_links": list(missing["activity"]),
        "key_nodes": list(key["activity"]),
        "reason": Reason("chain_summary", {
            "region": Label("region", frame["region"].iat[0]),
            "chain": frame["chain"].iat[0], "time": time, "present": present,
            "links": len(frame), "share": present / len(frame),
            "next": Label("activity", nxt) if nxt is not None else None,
            "density": float(missing["density"].iloc[0]) if len(missing) else None,
            "key": tuple(Label("activity", a) for a in key["activity"])}),
    }
