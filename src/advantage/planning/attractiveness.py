r"""Attractiveness of the activities a region could add, to chart against their feasibility.

Country tools put *feasibility* (how close an activity is to what a place already does)
against *attractiveness* (what the activity would bring). Here, for every candidate of a
region (an activity it has with RCA below the threshold, present somewhere in the panel):

* **feasibility** is the relatedness density :math:`\omega_{ra}` (Hidalgo et al. 2007);
* **attractiveness** is a weighted sum of standardised components,

.. math:: A_{ra} = \frac{\sum_k w_k z_{ra,k}}{\sum_k |w_k|},

  where :math:`z_{ra,k}` is component :math:`k` z-scored over the region's candidates
  (missing values count as 0, a component without spread contributes 0). The components
  the panel knows are

  ===================  =====================================================  =========
  component            value                                                  reference
  ===================  =====================================================  =========
  ``national_size``    log of the activity's national total (all regions, that year)
  ``national_growth``  the activity's national compound annual growth over ``window``
  ``pci``              the activity's complexity (PCI)                        Atlas 2014
  ``cog``              the region's complexity outlook gain from adding it    Atlas 2014
  ===================  =====================================================  =========

  and any numeric column of a user *attribute table* keyed by ``activity`` (jobs per unit,
  wages, carbon or water intensity, investment propensity, a 0/1 policy list such as
  strategic emerging industries). Weights may be negative (a negative weight on carbon
  intensity prefers cleaner activities); attribute columns without a weight are carried
  along but not scored. The default weighs the four panel components equally.

References
----------
Hidalgo, C. A., Klinger, B., Barabási, A.-L. and Hausmann, R. (2007) The product space
conditions the development of nations, *Science* 317. Hausmann, R., Hidalgo, C. A. et al.
(2014) *The Atlas of Economic Complexity*, MIT Press.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.measures.indicators import Indicators
from advantage.panel import Panel, to_pandas
from advantage.planning.common import base_periods, indicators_for, period_gaps, zscore
from advantage.reasons import Label, Reason, reason_column

__all__ = ["ATTRACTIVENESS", "DEFAULT_WEIGHTS", "attractiveness", "attribute_table"]

#: The components the panel knows.
ATTRACTIVENESS = ("national_size", "national_growth", "pci", "cog")
DEFAULT_WEIGHTS = {"national_size": 0.25, "national_growth": 0.25, "pci": 0.25, "cog": 0.25}


def attribute_table(panel: Panel, attributes: Any) -> pd.DataFrame:
    """A user attribute table aligned with the panel's activities (rows in panel order).

    ``attributes`` has an ``activity`` column (matched by the one label rule: ``"0101"``
    never finds ``101``) and numeric columns; activities it does not list get NaN. Text
    columns are refused, naming them.
    """
    frame = to_pandas(attributes)
    if "activity" not in frame.columns:
        raise AdvantageError(f"attributes needs an 'activity' column; it has "
                             f"{list(map(str, frame.columns))!r}.")
    if frame["activity"].duplicated().any():
        dup = frame.loc[frame["activity"].duplicated(), "activity"].tolist()[:5]
        raise AdvantageError(f"attributes lists activities {dup!r} more than once.")
    pos = panel.locate("activity", frame["activity"].tolist(), name="attributes' activities")
    out = pd.DataFrame(index=pd.RangeIndex(panel.shape[2]))
    for column in frame.columns:
        if column == "activity":
            continue
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = numbers.isna() & frame[column].notna() & (frame[column].astype(str).str.strip()
                                                        != "")
        if bad.any():
            raise AdvantageError(f"attributes column {column!r} holds non-numbers, e.g. "
                                 f"{frame.loc[bad, column].tolist()[:3]!r}; give numbers "
                                 "(0/1 for a policy list).")
        values = np.full(panel.shape[2], np.nan)
        values[pos] = numbers.to_numpy(dtype=float)
        out[str(column)] = values
    return out


def _check_weights(weights: Mapping[str, float] | None, names: list[str]) -> dict[str, float]:
    chosen = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = [k for k in chosen if k not in names]
    if unknown:
        raise AdvantageError(f"weights has unknown components {unknown!r}; expected some of "
                             f"{names!r}.")
    bad = {k: v for k, v in chosen.items() if not np.isfinite(float(v))}
    if bad:
        raise AdvantageError(f"weights must be finite numbers; got {bad!r}.")
    total = sum(abs(float(v)) for v in chosen.values())
    if total <= 0:
        raise AdvantageError(f"weights must not all be zero; got {chosen!r}.")
    return {k: float(chosen.get(k, 0.0)) / total for k in names}


def attractiveness(panel: Panel, *, focus: Any = None, time: Any = None,
                   attributes: Any = None, weights: Mapping[str, float] | None = None,
                   window: float | None = 5, threshold: float = 1.0,
                   indicators: Indicators | None = None,
                   convention: str | None = None) -> pd.DataFrame:
    """Feasibility and attractiveness of every candidate of the focus regions.

    Parameters
    ----------
    panel : Panel
    focus : label or list, optional
        Regions (default all).
    time : label, optional
        Period (default the last).
    attributes : DataFrame, optional
        ``activity`` and numeric attribute columns (module notes).
    weights : mapping, optional
        Component (``national_size``, ``national_growth``, ``pci``, ``cog`` or an attribute
        column) -> weight,
        any sign; scaled so the absolute weights sum to 1. Default: the four panel
        components, 0.25 each.
    window : float or None
        Years of national growth (``None``: the previous period).
    threshold : float
        RCA at or above which a region has an activity (not a candidate).
    indicators : Indicators, optional
        Precomputed indicators of ``panel`` at ``threshold``.
    convention : {"default", "stata"}, optional

    Returns
    -------
    pandas.DataFrame
        ``time, region, activity, feasibility, attractiveness, national_size,
        national_growth, pci, cog``,
        the attribute columns, ``reason`` (the two largest weighted contributions).

    Examples
    --------
    >>> df = pd.DataFrame({"r": list("aabbbccc"), "i": list("xyxyzxyz"),
    ...                    "v": [2.0, 1, 1, 1, 1, 1, 1, 2]})
    >>> p = Panel.from_long(df, region="r", activity="i", value="v")
    >>> attractiveness(p, focus="a")[["region", "activity"]].values.tolist()
    [['a', 'z']]
    """
    check_positive("threshold", threshold)
    ind = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t = panel.shape[0] - 1 if time is None else int(panel.locate("time", [time],
                                                                   name="time")[0])
    r_pos = (np.arange(panel.shape[1]) if focus is None
             else np.unique(panel.locate("region", focus, name="focus")))
    extra = attribute_table(panel, attributes) if attributes is not None else pd.DataFrame()
    names = [*ATTRACTIVENESS, *extra.columns]
    w = _check_weights(weights, names)
    nat = panel.activity_totals()
    with np.errstate(divide="ignore"):
        size = np.where(nat[t] > 0, np.log(np.where(nat[t] > 0, nat[t], 1.0)), np.nan)
    base = base_periods(panel.times, window)[t]
    growth = np.full(panel.shape[2], np.nan)
    if base >= 0:
        gap = period_gaps(panel.times, base_periods(panel.times, window))[t]
        with np.errstate(divide="ignore", invalid="ignore"):
            growth = np.where((nat[base] > 0) & (nat[t] > 0),
                              (nat[t] / nat[base]) ** (1.0 / gap) - 1.0, np.nan)
    valid_r = panel.present_regions()[t][r_pos]
    with np.errstate(invalid="ignore"):
        candidate = (valid_r[:, None] & panel.present_activities()[t][None, :]
                     & ~(ind.rca[t][r_pos] >= threshold))
    shape = candidate.shape
    values = {"national_size": np.broadcast_to(size, shape),
              "national_growth": np.broadcast_to(growth, shape),
              "pci": np.broadcast_to(ind.pci[t], shape), "cog": ind.cog[t][r_pos]}
    for column in extra.columns:
        values[column] = np.broadcast_to(extra[column].to_numpy(dtype=float), shape)
    contrib = {k: w[k] * np.nan_to_num(zscore(values[k], candidate)) for k in names if w[k]}
    score = sum(contrib.values()) if contrib else np.zeros(shape)
    rows, cols = np.nonzero(candidate)
    frame = pd.DataFrame({
        "time": panel.times[t] if panel.has_time else None,
        "region": np.asarray(panel.regions, dtype=object)[r_pos[rows]],
        "activity": np.asarray(panel.activities, dtype=object)[cols],
        "feasibility": ind.density[t][r_pos[rows], cols],
        "attractiveness": np.asarray(score)[rows, cols],
        **{k: np.asarray(values[k])[rows, cols] for k in names},
    })
    frame["reason"] = reason_column(frame, _reasons(frame, contrib, rows, cols, values))
    frame = frame.sort_values(["region", "attractiveness"], ascending=[True, False],
                              kind="stable").reset_index(drop=True)
    if not panel.has_time:
        frame = frame.drop(columns="time")
    frame.attrs["weights"] = {k: v for k, v in w.items() if v}
    return frame


def _reasons(frame: pd.DataFrame, contrib: dict[str, np.ndarray], rows: np.ndarray,
             cols: np.ndarray, values: dict[str, Any]) -> list[Reason]:
    names = list(contrib)
    stack = np.stack([contrib[k][rows, cols] for k in names], axis=1) if names else \
        np.zeros((len(rows), 0))
    out = []
    score = frame["attractiveness"].to_numpy(dtype=float)
    feasibility = frame["feasibility"].to_numpy(dtype=float)
    for i in range(len(rows)):
        order: Any = np.argsort(-np.abs(stack[i]), kind="stable")[:2] if names else []
        parts = tuple(Reason("contribution", {
            "component": Label("attribute", names[j]),
            "value": plain(float(np.asarray(values[names[j]])[rows[i], cols[i]])),
            "contribution": float(stack[i, j])}) for j in order)
        out.append(Reason("attractive", {
            "attractiveness": float(score[i]), "feasibility": float(feasibility[i])}, parts))
    return out
