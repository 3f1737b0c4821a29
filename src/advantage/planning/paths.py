r"""Upgrade paths for traditional industries and endowment-led siting of new ones.

*Upgrade paths* answer "where can an industry a region is already good at lead?": for each
activity a region has (RCA at or above the threshold), the related activities of higher
complexity it lacks, ranked by proximity :math:`\phi_{ab}` to the activity it has (Hidalgo et
al. 2007), ties broken by the complexity gain :math:`PCI_b - PCI_a`.

*Endowment-led siting* answers "where should an activity that draws on an endowment go?": for
each tagged activity (data centres or electrolysers on surplus solar and wind, smelters on
coal power), the regions strongest in that endowment, optionally blended with relatedness
density where the activity is in the panel:

.. math:: S_{ra} = w_e\, z(\log_2 s_{ra}) + w_d\, z(\omega_{ra})

with z-scores taken across regions for each activity. Regions that already have the
activity (RCA at or above the threshold) are never suggested it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.measures.endowments import EndowmentFit
from advantage.measures.indicators import Indicators
from advantage.panel import Panel
from advantage.planning.common import indicators_for, top_k, zscore
from advantage.reasons import Label, Reason, reason_column

__all__ = ["endowment_siting", "upgrade_paths"]


def upgrade_paths(
    panel: Panel,
    *,
    top: int = 5,
    focus: Any = None,
    time: Any = None,
    threshold: float = 1.0,
    min_proximity: float = 0.0,
    indicators: Indicators | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """Related, more complex activities each advantaged activity of a region could lead to.

    Parameters
    ----------
    panel : Panel
    top : int
        Targets per (region, activity it has).
    focus : label or list, optional
        Regions to report (default all).
    time : label, optional
        Period (default the last).
    threshold : float
        RCA at or above which a region has an activity.
    min_proximity : float
        Leave out targets less related than this.
    indicators : Indicators, optional
        Precomputed indicators of ``panel`` at ``threshold``.
    convention : {"default", "stata"}, optional
        Indicator convention (default: the given indicators' own, else ``"default"``).

    Returns
    -------
    pandas.DataFrame
        region, activity, target, rank, proximity, pci, target_pci, pci_gain, density,
        reason (a :class:`~advantage.reasons.Reason`).

    Examples
    --------
    >>> m = np.array([[1, 1, 0], [1, 1, 1], [0, 1, 1], [1, 0, 0]], dtype=float)
    >>> p = Panel.from_cube(m + 0.01, regions=list("abcd"), activities=["x", "y", "z"])
    >>> upgrade_paths(p, focus="c", top=1)[["activity", "target"]].values.tolist()
    [['y', 'x']]
    """
    check_positive("top", top)
    check_positive("threshold", threshold)
    indicators = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t = panel.shape[0] - 1 if time is None else int(panel.locate("time", time)[0])
    regions = (np.arange(panel.shape[1]) if focus is None
               else np.unique(panel.locate("region", focus, name="focus")))
    phi, pci, dens = indicators.proximity[t], indicators.pci[t], indicators.density[t]
    with np.errstate(invalid="ignore"):
        has = indicators.rca[t] >= threshold
    valid_a = panel.present_activities()[t] & np.isfinite(pci)
    acts = np.asarray(panel.activities, dtype=object)
    frames = []
    for r in regions:
        own = np.nonzero(has[r] & valid_a)[0]
        if own.size == 0:
            continue
        with np.errstate(invalid="ignore"):
            allowed = ((~has[r] & valid_a)[None, :] & (pci[None, :] > pci[own][:, None])
                       & (phi[own] > min_proximity))
        key = phi[own] + 1e-9 * (pci[None, :] - pci[own][:, None])
        rows, cols, rank = top_k(key, allowed, int(top))
        if rows.size == 0:
            continue
        frames.append(pd.DataFrame({
            "region": panel.regions[int(r)], "activity": acts[own[rows]], "target": acts[cols],
            "rank": rank, "proximity": phi[own[rows], cols], "pci": pci[own[rows]],
            "target_pci": pci[cols], "pci_gain": pci[cols] - pci[own[rows]],
            "density": dens[r, cols]}))
    columns = ["region", "activity", "target", "rank", "proximity", "pci", "target_pci",
               "pci_gain", "density"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    out["reason"] = reason_column(out, [
        Reason("upgrade", {"activity": Label("activity", a), "pci": float(p),
                           "target": Label("activity", b), "target_pci": float(q),
                           "gain": float(q - p), "proximity": float(phi_ab),
                           "density": float(d)})
        for a, b, p, q, phi_ab, d in zip(out["activity"], out["target"], out["pci"],
                                         out["target_pci"], out["proximity"], out["density"],
                                         strict=True)])
    return out


def endowment_siting(
    fit: EndowmentFit,
    *,
    panel: Panel | None = None,
    top: int = 10,
    time: Any = None,
    threshold: float = 1.0,
    weights: dict[str, float] | None = None,
    indicators: Indicators | None = None,
    convention: str | None = None,
) -> pd.DataFrame:
    """Rank regions for every activity that draws on an endowment.

    Parameters
    ----------
    fit : EndowmentFit
        From :func:`~advantage.measures.endowments.endowment_fit`; its activities may be
        new ones the panel does not have (then only the endowment counts).
    panel : Panel, optional
        Adds relatedness density and excludes regions that already have the activity.
    top : int
        Regions per activity.
    time : label, optional
        Period of the panel to use (default the last).
    threshold : float
        RCA at or above which a region has an activity.
    weights : dict, optional
        ``{"endowment": w_e, "density": w_d}``; default 0.7 and 0.3 (endowment only when
        the activity is not in the panel).
    indicators : Indicators, optional
        Precomputed indicators of ``panel``.
    convention : {"default", "stata"}, optional
        Indicator convention (default: the given indicators' own, else ``"default"``).

    Returns
    -------
    pandas.DataFrame
        activity, endowment, rank, region, score, strength, density, reason (a
        :class:`~advantage.reasons.Reason`).
    """
    check_positive("top", top)
    w = {"endowment": 0.7, "density": 0.3, **(weights or {})}
    if set(w) - {"endowment", "density"} or min(w.values()) < 0 or sum(w.values()) <= 0:
        raise AdvantageError(f"weights={weights!r} is not valid; expected non-negative "
                             "'endowment' and 'density' weights, not both zero.")
    tagged = np.nonzero((fit.source != "").any(axis=0))[0]
    n_r = len(fit.regions)
    dens = np.full((n_r, len(fit.activities)), np.nan)
    has = np.zeros_like(dens, dtype=bool)
    if panel is not None:
        indicators = indicators_for(panel, indicators, threshold=threshold,
                                    convention=convention)
        t = panel.shape[0] - 1 if time is None else int(panel.locate("time", time)[0])
        r = panel.regions.get_indexer(fit.regions)
        a = panel.activities.get_indexer(fit.activities)
        rr, aa = np.nonzero((r >= 0)[:, None] & (a >= 0)[None, :])
        dens[rr, aa] = indicators.density[t][r[rr], a[aa]]
        with np.errstate(invalid="ignore"):
            has[rr, aa] = indicators.rca[t][r[rr], a[aa]] >= threshold
    known = np.isfinite(fit.values) & ~has
    comp_e = zscore(fit.component().T, known.T)
    comp_d = zscore(dens.T, known.T)
    in_panel = np.isfinite(dens).any(axis=0)[:, None]
    w_d = np.where(in_panel, w["density"], 0.0)
    score = (w["endowment"] * np.nan_to_num(comp_e) + w_d * np.nan_to_num(comp_d)) \
        / (w["endowment"] + w_d)
    score_t, known_t = score[tagged], known.T[tagged]
    rows, regions, rank = top_k(score_t, known_t, int(top))
    acts = tagged[rows]
    out = pd.DataFrame({
        "activity": fit.activities[acts], "endowment": fit.source[regions, acts],
        "rank": rank, "region": fit.regions[regions], "score": score_t[rows, regions],
        "strength": fit.values[regions, acts], "density": dens[regions, acts]})
    out["reason"] = reason_column(out, [
        Reason("siting", {"rank": int(k), "activity": Label("activity", a),
                          "region": Label("region", reg), "strength": float(s),
                          "endowment": Label("endowment", e), "density": float(d)})
        for k, a, reg, s, e, d in zip(out["rank"], out["activity"], out["region"],
                                      out["strength"], out["endowment"], out["density"],
                                      strict=True)])
    return out
