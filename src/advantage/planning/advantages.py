"""Characteristic and advantageous industries: which activities a region is strong in, and why.

Every (time, region, activity) cell gets one class by the first rule that fires, together with
the numbers behind it and a ``reason`` sentence a planner can quote:

=================================  ============================================================
class                              rule (``t`` = ``threshold``, ``m`` = ``growth_margin``)
=================================  ============================================================
``not present``                    the region has no value in the activity that year
``pillar``                         LQ >= t and the activity is >= ``pillar_share`` of the region
``endowment-based characteristic`` LQ >= t and the region's strength in an endowment the
                                   activity draws on is >= ``endowment_threshold``
``declining``                      LQ >= t and growth vs the nation <= -m (per year)
``advantaged``                     LQ >= t (otherwise)
``emerging``                       LQ < t and growth vs the nation >= m, or new in the window
``present, not specialised``       LQ < t (otherwise)
=================================  ============================================================

Growth vs the nation is the difference of compound annual growth rates over ``window`` years,

.. math:: g^{rel}_{ra} = (x_{ra,t}/x_{ra,b})^{1/(t-b)} - (X_{a,t}/X_{a,b})^{1/(t-b)},

and the competitive (regional share) component of shift-share analysis (Dunn 1960, from
:func:`~advantage.measures.shiftshare.shift_share`) is
:math:`c_{ra} = x_{ra,t} - x_{ra,b} X_{a,t}/X_{a,b}`, the change beyond what the activity's
national growth would have given. The ``quadrant`` column places each
present cell in the LQ-vs-growth chart (see :func:`quadrant_data`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive, plain
from advantage.measures.endowments import EndowmentFit
from advantage.measures.indicators import Indicators
from advantage.measures.shiftshare import shift_share
from advantage.panel import Panel, cells_frame
from advantage.planning.common import base_periods, indicators_for, period_gaps
from advantage.reasons import Label, Reason

__all__ = ["CLASSES", "QUADRANTS", "classify_advantages", "quadrant_data", "relative_growth"]

#: The classes, in the order their rules are tried.
CLASSES = ("not present", "pillar", "endowment-based characteristic", "declining", "advantaged",
           "emerging", "present, not specialised")

#: Quadrants of the LQ-vs-growth chart (x: LQ against the threshold, y: growth vs nation >= 0).
QUADRANTS = ("specialised, gaining", "specialised, losing ground", "not specialised, gaining",
             "not specialised, losing ground")


def relative_growth(
    panel: Panel, window: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Growth vs the nation, the competitive shift-share component, and the base period.

    The competitive component comes from :func:`advantage.measures.shiftshare.shift_share`
    (Dunn's classic split, ``zero_base="competitive"``) between each period and its base.

    Parameters
    ----------
    panel : Panel
    window : float or None
        Years back to the base period (numeric times); ``None`` takes the previous period.

    Returns
    -------
    growth_vs_nation, competitive, new, base : numpy.ndarray
        The first three shaped like the cube (NaN without a base period; ``new`` is True
        where the cell was zero in the base period and positive now), ``base`` (time,)
        positions (-1 where none).
    """
    x = panel.cube
    base = base_periods(panel.times, window)
    gap = period_gaps(panel.times, base)
    has = base >= 0
    x_base = np.where(has[:, None, None], x[np.maximum(base, 0)], np.nan)
    nat = x.sum(axis=1, keepdims=True)
    nat_base = np.where(has[:, None, None], nat[np.maximum(base, 0)], np.nan)
    power = (1.0 / gap)[:, None, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        g_region = (x / x_base) ** power - 1.0
        g_nation = (nat / nat_base) ** power - 1.0
        rel = np.where((x_base > 0) & (nat_base > 0), g_region - g_nation, np.nan)
    competitive = np.full(x.shape, np.nan)
    for t in np.nonzero(has & (x.sum(axis=(1, 2)) > 0))[0]:
        if x[base[t]].sum() <= 0:
            continue
        split = shift_share(panel, panel.times[int(base[t])], panel.times[int(t)],
                            zero_base="competitive")
        competitive[t] = split["competitive"].to_numpy().reshape(x.shape[1:])
    new = has[:, None, None] & (x_base == 0) & (x > 0)
    return rel, competitive, new, base


def classify_advantages(
    panel: Panel,
    *,
    threshold: float = 1.0,
    window: float | None = 5,
    pillar_share: float = 0.05,
    growth_margin: float = 0.01,
    endowment: EndowmentFit | None = None,
    endowment_threshold: float = 1.5,
    indicators: Indicators | None = None,
    times: Any = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """Classify every region x activity cell into characteristic / advantageous classes.

    Parameters
    ----------
    panel : Panel
    threshold : float
        LQ (RCA) at or above which the region is specialised (1 by default).
    window : float or None
        Years over which growth and the competitive component are measured (5 by default;
        ``None`` for the previous period). Periods without a base that far back get NaN
        growth and cannot be ``declining`` or ``emerging``.
    pillar_share : float
        Share of the region's total that makes a specialised activity a pillar (0.05; in
        (0, 1]).
    growth_margin : float
        Annual growth difference vs the nation that counts as gaining or losing (0.01 =
        one percentage point a year).
    endowment : EndowmentFit, optional
        From :func:`~advantage.measures.endowments.endowment_fit`; aligned by labels.
    endowment_threshold : float
        Endowment strength (1 = national amount per person) that makes a specialised
        activity endowment-based (1.5).
    indicators : Indicators, optional
        Precomputed :func:`~advantage.measures.compute_indicators` of ``panel`` (for PCI).
    times : label or list, optional
        Periods to report (default all).
    convention : {"default", "stata"}, optional
        Indicator convention (default: the given indicators' own, else ``"default"``).

    Returns
    -------
    pandas.DataFrame
        time, region, activity, class, lq, value, share_of_region, share_of_nation,
        growth_vs_nation, competitive, pci, endowment, endowment_name, quadrant (missing
        where the cell has no growth figure), reason (a :class:`~advantage.reasons.Reason`:
        the rule that fired and its numbers; the interfaces render it in the user's language
        with :func:`advantage.i18n.render_reason`).

    Examples
    --------
    >>> df = pd.DataFrame({"r": list("aabbbccc"), "i": list("xyxyzxyz"),
    ...                    "v": [2.0, 1, 1, 1, 1, 1, 1, 2]})
    >>> out = classify_advantages(Panel.from_long(df, region="r", activity="i", value="v"))
    >>> out.loc[out["region"] == "c", ["activity", "class"]].values.tolist()
    [['x', 'present, not specialised'], ['y', 'present, not specialised'], ['z', 'pillar']]
    """
    check_positive("threshold", threshold)
    if check_positive("pillar_share", pillar_share) > 1:
        raise AdvantageError(f"pillar_share={plain(pillar_share)!r} is not valid; it is a share "
                             "of the region's total, so at most 1 (0.05 = 5%).")
    check_positive("growth_margin", growth_margin, strict=False)
    check_positive("endowment_threshold", endowment_threshold)
    if window is not None:
        check_positive("window", window)
    x = panel.cube
    indicators = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    lq = indicators.rca
    with np.errstate(divide="ignore", invalid="ignore"):
        share_region = x / x.sum(axis=2, keepdims=True)
        share_nation = x / x.sum(axis=1, keepdims=True)
    rel, competitive, new, base = relative_growth(panel, window)
    pci = np.broadcast_to(indicators.pci[:, None, :], x.shape)
    if endowment is not None:
        fit = endowment.align(panel.regions, panel.activities)
        strength = np.broadcast_to(fit.values, x.shape)
        source = np.broadcast_to(fit.source, x.shape)
    else:
        strength = np.full(x.shape, np.nan)
        source = np.full(x.shape, "", dtype=object)

    present = x > 0
    spec = present & (np.nan_to_num(lq) >= threshold)
    with np.errstate(invalid="ignore"):
        rules = [
            ~present,
            spec & (share_region >= pillar_share),
            spec & (np.nan_to_num(strength) >= endowment_threshold),
            spec & (rel <= -growth_margin),
            spec,
            present & ((rel >= growth_margin) | new),
            present,
        ]
    code = np.select(rules, list(range(len(CLASSES))), default=0)
    gaining = np.where(np.isnan(rel), new, rel >= 0)
    quadrant = np.where(spec, np.where(gaining, 0, 1), np.where(gaining, 2, 3))
    frame = cells_frame(panel, {
        "lq": lq, "value": x, "share_of_region": share_region,
        "share_of_nation": share_nation, "growth_vs_nation": rel, "competitive": competitive,
        "pci": pci, "endowment": strength,
    })
    frame.insert(list(frame.columns).index("lq"), "class",
                 pd.Series(pd.Categorical.from_codes(code.reshape(-1),
                                                     categories=pd.Index(CLASSES))))
    frame["endowment_name"] = np.asarray(source, dtype=object).reshape(-1)
    # A cell without a growth figure (no earlier period, or absent then and still not
    # new) has no place on the growth axis: its quadrant is missing, not "losing ground".
    placed = present & np.isfinite(lq) & (np.isfinite(rel) | new)
    quad = np.where(placed, quadrant, -1).reshape(-1)
    frame["quadrant"] = pd.Categorical.from_codes(quad, categories=pd.Index(QUADRANTS))
    base_label = np.asarray(panel.times, dtype=object)[np.maximum(base, 0)]
    base_label = np.where(base >= 0, base_label, None)
    limits = {"threshold": threshold, "pillar_share": pillar_share, "margin": growth_margin,
              "endowment_threshold": endowment_threshold}
    frame["reason"] = _reasons(frame, code.reshape(-1), np.repeat(base_label, x[0].size),
                               new.reshape(-1), limits)
    if times is not None:
        wanted = panel.match("time", times, name="times")
        frame = frame[frame["time"].isin(wanted)].reset_index(drop=True)
    return frame


def quadrant_data(result: pd.DataFrame, *, time: Any = None, region: Any = None) -> pd.DataFrame:
    """Rows for the LQ-vs-growth bubble chart: present cells with a known growth.

    x = ``lq`` (a line at the threshold), y = ``growth_vs_nation`` (a line at 0), bubble size
    = ``value``, colour = ``class``; ``quadrant`` names the quadrant.
    """
    rows = result[result["quadrant"].notna() & result["growth_vs_nation"].notna()]
    if time is not None and "time" in rows.columns:
        rows = rows[rows["time"] == time]
    if region is not None:
        rows = rows[rows["region"] == region]
    cols = [c for c in ("time", "region", "activity", "lq", "growth_vs_nation", "value",
                        "share_of_region", "class", "quadrant") if c in rows.columns]
    return rows[cols].reset_index(drop=True)


def _reasons(frame: pd.DataFrame, code: np.ndarray, base: np.ndarray, new: np.ndarray,
             rules: dict[str, float]) -> np.ndarray:
    """One :class:`~advantage.reasons.Reason` per cell: the rule that fired and its numbers."""
    keys = ("not_present", "pillar", "endowment", "declining", "advantaged", "emerging",
            "not_specialised")
    out = np.empty(len(frame), dtype=object)
    times = frame["time"].to_numpy() if "time" in frame.columns else np.full(len(frame), None)
    cols = {c: frame[c].to_numpy() for c in ("lq", "share_of_region", "share_of_nation",
                                             "growth_vs_nation", "pci", "endowment",
                                             "endowment_name", "competitive")}
    for i in range(len(frame)):
        c = int(code[i])
        facts: dict[str, Any] = {"time": plain(times[i])}
        if c > 0:
            g = float(cols["growth_vs_nation"][i])
            facts.update(
                lq=float(cols["lq"][i]), share_of_region=float(cols["share_of_region"][i]),
                share_of_nation=float(cols["share_of_nation"][i]), growth=g,
                base=plain(base[i]) if np.isfinite(g) else None,
                new_since=plain(base[i]) if (new[i] and not np.isfinite(g)) else None,
                competitive=float(cols["competitive"][i]), pci=float(cols["pci"][i]), **rules)
            if c == 2:
                facts.update(endowment=Label("endowment", cols["endowment_name"][i]),
                             strength=float(cols["endowment"][i]))
        out[i] = Reason(keys[c], facts)
    return out
