r"""Firm leads for investment promotion (招商线索): which firms to call, and why.

For a recommended or relocating activity, :func:`firm_leads` lists the firms of that
activity in the *source* regions (where it is leaving, or where it is strong), ranked by
three components:

==========  ===========================================================================
component   value
==========  ===========================================================================
``size``    the firm's size in its latest year (employees, revenue, ... as recorded)
``growth``  its compound annual growth from its first to its latest year on record,
            :math:`(s_{last} / s_{first})^{1/(t_{last} - t_{first})} - 1`
``fit``     the destination's relatedness density in the firm's activity (Hidalgo et al.
            2007): how well the activity fits the region courting the firm
==========  ===========================================================================

Each component becomes a percentile rank among the listed firms (in (0, 1], ties sharing
the mean rank), and the score is their weighted mean,
:math:`S_f = \sum_k w_k \rho_{f,k} / \sum_{k \in K_f} w_k`, over the components
:math:`K_f` the firm has (growth needs two years on record; fit needs a panel and a
destination): a missing component is left out of that firm's score, and its reason says so.

**The firm records it needs** (user-owned microdata; column names are parameters): one row
per firm and year with

* ``firm`` - a firm identifier (text; kept as given);
* ``region`` - the firm's region, named as the panel names regions (or by an alias the
  caller resolves);
* ``activity`` - its activity code as text (``"3841"``; leading zeros are kept); with
  ``match="prefix"`` a firm matches an activity whose code begins its own (``"38"`` finds
  ``"3841"``) and its panel activity is the longest such code of the panel. When the firm
  codes and the panel use different classifications (GB/T 4754 classes against China's
  input-output sectors, where ``"38"`` is public administration), give a ``concordance``:
  a prefix match across classifications would be wrong, and each reason names the panel
  activity the fit was read from;
* ``time`` - the year (numbers, for growth);
* ``size`` - a non-negative number;
* optionally ``name`` - the firm's name.

A firm with two records in one year is an error (no silent summing).

References
----------
Hidalgo, C. A., Klinger, B., Barabási, A.-L. and Hausmann, R. (2007) The product space
conditions the development of nations, *Science* 317.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, format_rows, plain
from advantage.measures.indicators import Indicators
from advantage.panel import Panel, to_pandas
from advantage.planning.common import indicators_for
from advantage.reasons import Label, Reason, reason_column

__all__ = ["LEAD_COMPONENTS", "ROLES", "firm_leads"]

#: The columns firm records need (``name`` is optional).
ROLES = ("firm", "region", "activity", "time", "size")
LEAD_COMPONENTS = ("size", "growth", "fit")


def _records(firms: Any, columns: Mapping[str, str]) -> pd.DataFrame:
    frame = to_pandas(firms).reset_index(drop=True)
    wanted = {role: columns.get(role, role) for role in (*ROLES, "name")}
    absent = [f"{role} ({col!r})" for role, col in wanted.items()
              if role != "name" and col not in frame.columns]
    if absent:
        raise AdvantageError(f"firm records lack the columns for {', '.join(absent)}; they "
                             f"have {list(map(str, frame.columns))!r}.")
    out = pd.DataFrame({role: frame[col] for role, col in wanted.items() if col in frame.columns})
    size = pd.to_numeric(out["size"], errors="coerce")
    bad = size.isna() | (size < 0)
    if bad.any():
        raise AdvantageError("firm records need a size >= 0 in every row; "
                             + format_rows(out, bad, ["firm", "size"]))
    out["size"] = size.astype(float)
    out["activity"] = out["activity"].astype(str).str.strip()
    out["firm"] = out["firm"].astype(str)
    dup = out.duplicated(["firm", "time"], keep=False)
    if dup.any():
        raise AdvantageError("a firm has two records in one year (sum them first if they are "
                             "parts of one firm); " + format_rows(out, dup, ["firm", "time"]))
    return out


def _panel_activity(code: str, labels: list[str], match: str,
                    concordance: Mapping[str, str] | None) -> str | None:
    """The panel activity of a firm code (None when it has none).

    Through the concordance (longest matching code first), else the panel's own code
    (exact, or the longest prefix).
    """
    if concordance:
        keys = [k for k in concordance
                if code == k or (match == "prefix" and code.startswith(k))]
        if keys:
            found = concordance[max(keys, key=len)]
            return found if found in labels else None
        return None
    if code in labels:
        return code
    if match == "exact":
        return None
    prefixes = [a for a in labels if code.startswith(a)]
    return max(prefixes, key=len) if prefixes else None


def firm_leads(firms: Any, activity: Any, sources: Sequence[Any], *, panel: Panel | None = None,
               destination: Any = None, columns: Mapping[str, str] | None = None,
               match: str = "prefix", time: Any = None,
               weights: Mapping[str, float] | None = None, top: int | None = None,
               threshold: float = 1.0, indicators: Indicators | None = None,
               aliases: Callable[[Any], Any] | Mapping[Any, Any] | None = None,
               concordance: Mapping[Any, Any] | None = None) -> pd.DataFrame:
    """Firms of ``activity`` in ``sources`` ranked by size, growth and fit (module notes).

    Parameters
    ----------
    firms : DataFrame
        Firm records (module notes).
    activity : str or list of str
        Activity code(s) to list firms of.
    sources : sequence
        Regions where the firms are (matched as text, or through ``aliases``).
    panel : Panel, optional
        With ``destination``: the panel whose density gives ``fit``.
    destination : label, optional
        The region courting the firms (matched by the one label rule).
    columns : mapping, optional
        Role -> column name, for records whose columns are named otherwise.
    match : {"prefix", "exact"}
        How firm codes meet ``activity`` and the panel's activities.
    time : label, optional
        Latest year to use (default each firm's latest record).
    weights : mapping, optional
        Over :data:`LEAD_COMPONENTS` (default equal).
    top : int, optional
        Leads to return (default all).
    threshold, indicators
        Presence threshold and precomputed indicators of ``panel``.
    aliases : callable or mapping, optional
        Other names of regions (a region preset's), applied to firm regions and sources.
    concordance : mapping, optional
        Firm code (or code prefix) -> panel activity, when the firm records and the panel
        use different classifications (GB/T 4754 classes against input-output sectors).
        Without it the firm codes are taken to be in the panel's classification.

    Returns
    -------
    pandas.DataFrame
        ``rank, firm, name, region, activity, panel_activity, size, growth_per_year, fit,
        first_year, last_year, score, reason``.

    Examples
    --------
    >>> firms = pd.DataFrame({"firm": ["f1", "f1", "f2", "f3"], "region": ["A", "A", "A", "B"],
    ...                       "activity": ["3841", "3841", "3842", "3841"],
    ...                       "time": [2015, 2020, 2020, 2020], "size": [100, 200, 500, 50]})
    >>> firm_leads(firms, "38", ["A"])[["rank", "firm", "size"]].values.tolist()  # f2: size only
    [[1, 'f2', 500.0], [2, 'f1', 200.0]]
    """
    check_choice("match", match, ["prefix", "exact"])
    records = _records(firms, columns or {})
    wanted = [str(a).strip() for a in ([activity] if isinstance(activity, str | int)
                                       else list(activity))]
    if not wanted:
        raise AdvantageError("activity is empty; name at least one activity code.")
    w = {k: float(v) for k, v in (weights or {k: 1.0 for k in LEAD_COMPONENTS}).items()}
    unknown = [k for k in w if k not in LEAD_COMPONENTS]
    if unknown or any(v < 0 or not np.isfinite(v) for v in w.values()) or sum(w.values()) <= 0:
        raise AdvantageError(f"weights={weights!r} is not valid; expected non-negative numbers "
                             f"over {list(LEAD_COMPONENTS)!r}, not all zero.")

    def alias(text: Any) -> str:
        if aliases is None:
            return str(text)
        found = aliases(text) if callable(aliases) else aliases.get(text)
        return str(found) if found is not None else str(text)

    source_set = {alias(s) for s in sources}
    if not source_set:
        raise AdvantageError("sources is empty; name the regions the firms are in.")
    in_region = records["region"].map(alias).isin(source_set)
    codes = records["activity"]
    if match == "exact":
        in_activity = codes.isin(wanted)
    else:
        in_activity = codes.map(lambda c: any(c.startswith(a) for a in wanted))
    chosen = records[in_region & in_activity].copy()
    if time is not None:
        chosen = chosen[chosen["time"].map(lambda v: _le(v, time))]
    if chosen.empty:
        raise AdvantageError(f"no firm of activity {wanted!r} in sources {sorted(source_set)!r}"
                             f"{'' if time is None else f' up to {time!r}'}; check the codes "
                             "and region names of the firm records.")
    table = {str(k).strip(): str(v).strip() for k, v in (concordance or {}).items()}
    return _rank(chosen, panel, destination, match, w, top, threshold, indicators, aliases,
                 table)


def _le(value: Any, limit: Any) -> bool:
    try:
        return float(value) <= float(limit)
    except (TypeError, ValueError):
        return str(value) <= str(limit)


def _rank(chosen: pd.DataFrame, panel: Panel | None, destination: Any, match: str,
          w: dict[str, float], top: int | None, threshold: float,
          indicators: Indicators | None, aliases: Any,
          concordance: dict[str, str]) -> pd.DataFrame:
    chosen = chosen.assign(_t=pd.to_numeric(chosen["time"], errors="coerce"))
    rows = []
    for firm, group in chosen.groupby("firm", sort=False):
        group = group.sort_values("_t", kind="stable")
        last, first = group.iloc[-1], group.iloc[0]
        span = float(last["_t"] - first["_t"]) if pd.notna(last["_t"]) else np.nan
        growth = ((last["size"] / first["size"]) ** (1.0 / span) - 1.0
                  if span > 0 and first["size"] > 0 and last["size"] > 0 else np.nan)
        rows.append({"firm": firm, "name": last.get("name"), "region": last["region"],
                     "activity": last["activity"], "size": float(last["size"]),
                     "growth_per_year": growth, "first_year": plain(first["time"]),
                     "last_year": plain(last["time"])})
    out = pd.DataFrame(rows)
    out["panel_activity"] = None
    out["fit"] = np.nan
    dest = None
    if panel is not None:
        labels = [str(a) for a in panel.activities]
        by_text = dict(zip(labels, panel.activities, strict=True))
        mapped = [_panel_activity(c, labels, match, concordance) for c in out["activity"]]
        out["panel_activity"] = [by_text[m] if m is not None else None for m in mapped]
        if destination is not None:
            dest = panel.match("region", [destination], name="destination",
                               aliases=aliases)[0]
            ind = indicators_for(panel, indicators, threshold=threshold)
            d = ind.density[-1][int(panel.locate("region", [dest])[0])]
            pos = {a: i for i, a in enumerate(panel.activities)}
            out["fit"] = [float(d[pos[a]]) if a is not None else np.nan
                          for a in out["panel_activity"]]
    column = {"size": "size", "growth": "growth_per_year", "fit": "fit"}
    parts = {k: out[column[k]].rank(method="average", pct=True).to_numpy()
             for k in LEAD_COMPONENTS}
    weight = np.zeros(len(out))
    total = np.zeros(len(out))
    for k in LEAD_COMPONENTS:
        known = np.isfinite(out[column[k]].to_numpy(dtype=float)) & (w.get(k, 0.0) > 0)
        total += np.where(known, w.get(k, 0.0) * np.nan_to_num(parts[k]), 0.0)
        weight += np.where(known, w.get(k, 0.0), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["score"] = np.where(weight > 0, total / weight, np.nan)
    out = out.sort_values(["score", "size"], ascending=False, kind="stable",
                          na_position="last").reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    if top is not None:
        out = out.head(int(top)).reset_index(drop=True)
    out["reason"] = reason_column(out, [_reason(row, dest) for row in out.itertuples()])
    return out[["rank", "firm", "name", "region", "activity", "panel_activity", "size",
                "growth_per_year", "fit", "first_year", "last_year", "score", "reason"]]


def _reason(row: Any, destination: Any) -> Reason:
    parts = []
    if not np.isfinite(row.growth_per_year):
        parts.append(Reason("lead_no_growth"))
    if destination is not None and not np.isfinite(row.fit):
        parts.append(Reason("lead_no_fit", {"activity": row.activity}))
    return Reason("lead", {
        "rank": int(row.rank), "size": float(row.size), "year": row.last_year,
        "growth": float(row.growth_per_year),
        "since": row.first_year if np.isfinite(row.growth_per_year) else None,
        "fit": float(row.fit),
        "destination": Label("region", destination) if destination is not None else None,
        "panel_activity": Label("activity", row.panel_activity)
        if row.panel_activity is not None else None,
        "score": float(row.score)}, tuple(parts))
