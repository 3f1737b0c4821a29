r"""New-activity opportunities: which activities a region could realistically grow next.

Every activity a region does not yet have (RCA below the threshold) is a *candidate*. Five
components describe it:

=============  ===========================================================================
component      meaning
=============  ===========================================================================
``density``    feasibility: relatedness density, the share of the activity's neighbours
               (by proximity) the region already has (Hidalgo et al. 2007)
``pci``        strategic value: the activity's complexity (Hausmann et al. 2014)
``cog``        strategic value: complexity outlook gain, the new nearby complex activities
               it would open (Hausmann et al. 2014)
``endowment``  endowment fit: log2 of the region's strength in the endowment the activity
               draws on (0 when untagged; :class:`~advantage.measures.endowments.EndowmentFit`)
``momentum``   national momentum: the activity's national compound annual growth over
               ``window`` years
=============  ===========================================================================

Each component is standardised over the candidates of the same region and year,
:math:`z_{ra,k} = (v_{ra,k} - \bar v_{r,k}) / s_{r,k}` (missing values become 0, a component
with no spread contributes 0), and the score is :math:`S_{ra} = \\sum_k w_k z_{ra,k}` with
weights scaled to sum to 1. Standardising per region-year makes weights comparable across
components and means a score ranks a region's own candidates against each other.

Presets follow the four strategic approaches of the Growth Lab's *Atlas of Economic
Complexity* (Hausmann, Hidalgo et al. 2014; Hausmann and Chauvin 2015), as this project's
reading of them (the weights are ours):

==================  =======  ====  ====  =========  ========  ================================
preset              density  pci   cog   endowment  momentum  when (``"auto"``, per region)
==================  =======  ====  ====  =========  ========  ================================
light_touch          0.60    0.10  0.10    0.10       0.10    COI >= 0 and ECI >= 0
parsimonious         0.35    0.20  0.20    0.15       0.10    COI >= 0 and ECI < 0
strategic_bets       0.15    0.35  0.30    0.10       0.10    COI < 0 and ECI < 0
frontier             0.00    1.00  0.00    0.00       0.00    COI < 0 and ECI >= 0
==================  =======  ====  ====  =========  ========  ================================

(COI is z-scored across regions for the ``auto`` rule; the Atlas uses an ECI controlled for
income and natural resources, which a regional panel does not have.)

The Growth Lab's Atlas strategies (``low_hanging_fruit``, ``balanced_portfolio``,
``long_jump``) and their PCI ceiling are documented in :mod:`advantage.planning.atlas`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, AdvantageWarning, check_choice, check_positive, plain
from advantage.measures.endowments import EndowmentFit
from advantage.measures.indicators import Indicators
from advantage.panel import Panel
from advantage.planning.atlas import (
    ATLAS_WEIGHTS,
    BALANCED_WEIGHTS,
    CEILING_MARGIN,
    STRATEGIES,
    ceiling_parts,
    ceiling_regions,
)
from advantage.planning.common import (
    base_periods,
    check_weights,
    indicators_for,
    period_gaps,
    top_k,
    zscore,
)
from advantage.reasons import Label, Reason, reason_column

__all__ = ["BALANCED_WEIGHTS", "CEILING_MARGIN", "COMPONENTS", "PRESETS", "STRATEGIES",
           "opportunities", "related_present", "strategic_approach"]

COMPONENTS = ("density", "pci", "cog", "endowment", "momentum")

PRESETS: dict[str, dict[str, float]] = {
    "light_touch": {"density": 0.60, "pci": 0.10, "cog": 0.10, "endowment": 0.10,
                    "momentum": 0.10},
    "parsimonious": {"density": 0.35, "pci": 0.20, "cog": 0.20, "endowment": 0.15,
                     "momentum": 0.10},
    "strategic_bets": {"density": 0.15, "pci": 0.35, "cog": 0.30, "endowment": 0.10,
                       "momentum": 0.10},
    "frontier": {"density": 0.0, "pci": 1.0, "cog": 0.0, "endowment": 0.0, "momentum": 0.0},
    **ATLAS_WEIGHTS,
}
_APPROACHES = ("light_touch", "parsimonious", "strategic_bets", "frontier")

def strategic_approach(eci: np.ndarray, coi: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """The Atlas quadrant of every region-year (the module table's ``auto`` rule).

    Returns 0 light touch, 1 parsimonious, 2 strategic bets, 3 frontier; ``valid`` marks the
    regions present that year (COI is z-scored over them).
    """
    coi_z = zscore(coi, valid)
    high_coi = np.nan_to_num(coi_z) >= 0
    high_eci = np.nan_to_num(eci) >= 0
    return np.where(high_coi, np.where(high_eci, 0, 1), np.where(high_eci, 3, 2))


def opportunities(
    panel: Panel,
    *,
    preset: str = "parsimonious",
    weights: Mapping[str, float] | None = None,
    top: int | None = 10,
    focus: Any = None,
    times: Any = None,
    threshold: float = 1.0,
    window: float | None = 5,
    endowment: EndowmentFit | None = None,
    indicators: Indicators | None = None,
    related: int = 3,
    convention: str | None = None,
    scorer: str = "preset",
    seed: int = 0,
    income: float | Mapping[Any, float] | pd.Series | None = None,
    income_threshold: float | None = None,
) -> pd.DataFrame:
    """Rank the activities each region does not have yet, with a reason for each suggestion.

    Parameters
    ----------
    panel : Panel
    preset : str
        Weights of a strategic approach (``light_touch``, ``parsimonious``,
        ``strategic_bets``, ``frontier``; ``auto`` picks one per region-year) or an Atlas
        strategy (``low_hanging_fruit``, ``balanced_portfolio``, ``long_jump``); see the
        module tables.
    weights : mapping, optional
        User weights over :data:`COMPONENTS`; they replace the preset (missing ones are 0).
    top : int or None
        Suggestions per region and year (``None`` for every candidate; reasons are built
        only for the rows returned).
    focus : label or list, optional
        Regions to report (default all); the scores do not depend on it.
    times : label or list, optional
        Periods to score (default the last one).
    threshold : float
        RCA at or above which a region *has* an activity; those are never suggested.
    window : float or None
        Years for national momentum (``None``: the previous period).
    endowment : EndowmentFit, optional
        Endowment fit (aligned to the panel by labels); without it the endowment component
        is 0 everywhere.
    indicators : Indicators, optional
        Precomputed :func:`~advantage.measures.compute_indicators` of ``panel`` at
        ``threshold`` (saves the work when scoring several presets).
    related : int
        How many related activities the region already has to name in each reason.
    convention : {"default", "stata"}, optional
        Indicator convention (default: the given indicators' own, else ``"default"``).
    scorer : {"preset", "learned", "density", "auto"}
        How candidates are ranked: by the preset's (or ``weights``') score (default); by
        the calibrated entry probability of the learned scorer
        (:func:`~advantage.planning.scoring.learned_scores`, trained on the panel's own
        history); by relatedness density alone; or ``auto``, the best-tested ranking: the
        learned scorer when the panel supports it, else density over every candidate, as
        the backtests in ``docs/backtest.md`` rank them. The learned scorer only ranks cells
        clearly absent so far (RCA below 0.25 in every period), the cells it learned to
        predict; asked for explicitly on a panel with too few periods or entries, it says
        so in each reason and ranks those cells by density.
    seed : int
        Seed of the learned scorer.
    income : float or mapping, optional
        Income per head, one number for every region or region -> number (labels matched
        by the one label rule). With an Atlas strategy, regions at or below
        ``income_threshold`` get the PCI ceiling (module notes); regions without a value
        get none.
    income_threshold : float, optional
        The income per head at or below which the ceiling applies, in the income's units;
        required with ``income``.

    Returns
    -------
    pandas.DataFrame
        time, region, activity, rank, score, density, pci, cog, endowment, endowment_name,
        momentum, rca, pci_lift, approach, related (a list of the related activities the
        region has, closest first), scorer, probability (learned scorer only, else NaN),
        reason (a :class:`~advantage.reasons.Reason`); sorted by time, region and rank.
        With ``income``, a ``ceiling`` column (the PCI ceiling applied, NaN where none)
        comes before ``reason``.

    Examples
    --------
    Two periods, so that national momentum is defined; in both, ``a`` is specialised in
    ``x`` and ``y``, ``b`` in ``y`` and ``z``, ``c`` in ``z``:

    >>> cube = np.array([[[2, 1, 0], [1, 1, 1], [1, 1, 2]],
    ...                  [[2, 1, 0], [1, 1, 2], [1, 1, 4]]], dtype=float)
    >>> p = Panel.from_cube(cube, regions=["a", "b", "c"], activities=["x", "y", "z"],
    ...                     times=[2015, 2020])
    >>> opp = opportunities(p, top=1, focus="a")
    >>> opp[["time", "region", "activity", "related"]].values.tolist()
    [[2020, 'a', 'z', ['y']]]
    """
    approaches = (*_APPROACHES, "auto", *STRATEGIES)
    check_choice("preset", preset, approaches)
    check_choice("scorer", scorer, ["preset", "learned", "density", "auto"])
    check_positive("threshold", threshold)
    if top is not None and int(top) < 1:
        raise AdvantageError(f"top={top!r} is not valid; expected a positive integer or None.")
    user = check_weights(weights, COMPONENTS) if weights is not None else None
    indicators = indicators_for(panel, indicators, threshold=threshold, convention=convention)
    t_pos = (np.array([panel.shape[0] - 1]) if times is None
             else np.unique(panel.locate("time", times, name="times")))
    r_pos = (np.arange(panel.shape[1]) if focus is None
             else np.unique(panel.locate("region", focus, name="focus")))
    ceiling = ceiling_regions(panel, r_pos, preset, user, income, income_threshold)
    momentum = _momentum(panel, window)
    if endowment is not None:
        endowment = endowment.align(panel.regions, panel.activities)
    endow = endowment.component() if endowment is not None else np.zeros(panel.shape[1:])
    if scorer == "density":
        user = {k: float(k == "density") for k in COMPONENTS}
    learned = None
    if scorer in ("learned", "auto"):
        from advantage.planning.scoring import learned_scores

        learned = {int(t): learned_scores(indicators, time=panel.times[t], seed=seed,
                                          threshold=threshold) for t in t_pos}
        if scorer == "auto" and any(r.scorer != "learned" for r in learned.values()):
            # the panel does not support the learned scorer: rank every candidate by
            # density (the best untrained baseline) rather than its clearly-absent cells only
            learned, scorer = None, "density"
            user = {k: float(k == "density") for k in COMPONENTS}
    frames = [_score_year(panel, indicators, t, r_pos, preset, user, top, threshold,
                          momentum[t], endow, endowment, related,
                          learned[int(t)] if learned is not None else None, ceiling)
              for t in t_pos]
    out = pd.concat(frames, ignore_index=True)
    if learned is None:
        at = list(out.columns).index("reason")
        out.insert(at, "scorer", "density" if scorer == "density" else "preset")
        out.insert(at + 1, "probability", np.nan)
    if ceiling is None:
        out = out.drop(columns="ceiling")
    else:
        out.insert(list(out.columns).index("reason"), "ceiling", out.pop("ceiling"))
    return out


def related_present(phi: np.ndarray, m: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                    n: int, chunk: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """For each (region row, activity col) pair, the ``n`` closest activities the region has.

    Parameters
    ----------
    phi : numpy.ndarray
        Proximity (activity, activity) of one year.
    m : numpy.ndarray
        Presence (region, activity) of the same year.
    rows, cols : numpy.ndarray
        Pairs to explain.
    n : int

    Returns
    -------
    index, proximity : numpy.ndarray
        Shaped (pairs, n): activity positions (-1 where the region has fewer) and proximities.
    """
    n = int(min(n, phi.shape[0]))
    out_i = np.full((len(rows), n), -1)
    out_p = np.zeros((len(rows), n))
    for start in range(0, len(rows), chunk):
        sl = slice(start, start + chunk)
        block = phi[cols[sl]] * m[rows[sl]]
        r, c, k = top_k(block, block > 0, n)
        out_i[start + r, k - 1] = c
        out_p[start + r, k - 1] = block[r, c]
    return out_i, out_p


def _check_defined(values: dict[str, Any], candidate: np.ndarray, weighted: list[str],
                   when: Any) -> None:
    """Refuse a score none of whose weighted terms is defined; warn for each term that is not.

    A term undefined for every candidate of the period (PCI and COG in a period whose ECI is
    undefined, density where no activity is related) adds nothing; ranking on what is left
    is said aloud, and ranking on nothing (ties in row order) is refused.
    """
    import warnings

    if not candidate.any():
        return
    missing = [k for k in weighted
               if not np.isfinite(np.asarray(values[k])[candidate]).any()]
    period = f" in {plain(when)}" if when is not None else ""
    if missing and len(missing) == len(weighted):
        raise AdvantageError(f"every term of the score ({', '.join(weighted)}) is undefined"
                             f"{period}, so nothing ranks the candidates; choose other "
                             "weights or another period.")
    if missing:
        warnings.warn(AdvantageWarning(
            f"{', '.join(missing)} undefined{period}: the score ranks on "
            f"{', '.join(k for k in weighted if k not in missing)} alone."), stacklevel=4)


def _momentum(panel: Panel, window: float | None) -> np.ndarray:
    """National compound annual growth of every activity over ``window`` (time, activity)."""
    nat = panel.activity_totals()
    base = base_periods(panel.times, window)
    gap = period_gaps(panel.times, base)
    prev = np.where((base >= 0)[:, None], nat[np.maximum(base, 0)], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (nat / prev) ** (1.0 / gap)[:, None] - 1.0
    return np.where((prev > 0) & (nat > 0), growth, np.nan)


def _weights(ind: Indicators, t: int, r_pos: np.ndarray, valid_r: np.ndarray, preset: str,
             user: dict[str, float] | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights (regions, components), the approach column and BP's derived approach."""
    n = len(r_pos)
    derived = np.full(n, None, dtype=object)
    if user is not None:
        return (np.array([[user[k] for k in COMPONENTS]] * n),
                np.full(n, "custom", dtype=object), derived)
    if preset in ("auto", "balanced_portfolio"):
        code = strategic_approach(ind.eci[t][None], ind.coi[t][None], valid_r[None])[0][r_pos]
        source = PRESETS if preset == "auto" else BALANCED_WEIGHTS
        table = np.array([[source[p][k] for k in COMPONENTS] for p in _APPROACHES])
        names = np.asarray(_APPROACHES, dtype=object)[code]
        if preset == "auto":
            return table[code], names, derived
        return table[code], np.full(n, preset, dtype=object), names
    row = [PRESETS[preset][k] for k in COMPONENTS]
    return np.array([row] * n), np.full(n, preset, dtype=object), derived


def _score_year(panel: Panel, ind: Indicators, t: int, r_pos: np.ndarray, preset: str,
                user: dict[str, float] | None, top: int | None, threshold: float,
                momentum: np.ndarray, endow: np.ndarray, fit: EndowmentFit | None,
                n_related: int, learned: Any = None, ceiling: Any = None) -> pd.DataFrame:
    valid_r = panel.present_regions()[t]
    valid_a = panel.present_activities()[t]
    rca = ind.rca[t][r_pos]
    with np.errstate(invalid="ignore"):
        candidate = (valid_r[r_pos][:, None] & valid_a[None, :]) & ~(rca >= threshold)
    values = {
        "density": ind.density[t][r_pos],
        "pci": np.broadcast_to(ind.pci[t], candidate.shape),
        "cog": ind.cog[t][r_pos],
        "endowment": endow[r_pos],
        "momentum": np.broadcast_to(momentum, candidate.shape),
    }
    w, approach, derived = _weights(ind, t, r_pos, valid_r, preset, user)
    limit = np.full(len(r_pos), np.nan)
    if ceiling is not None:
        applies, _, margin, _ = ceiling
        limit = np.where(applies, ind.eci[t][r_pos] + margin, np.nan)
    with np.errstate(invalid="ignore"):
        capped = values["pci"] >= limit[:, None]
    score = np.zeros(candidate.shape)
    probability = np.full(candidate.shape, np.nan)
    learned_reason = np.full(candidate.shape, None, dtype=object)
    if learned is not None:
        table = learned.table
        r_idx = pd.Index(r_pos).get_indexer(panel.regions.get_indexer(table["region"]))
        a_idx = panel.activities.get_indexer(table["activity"])
        inside = r_idx >= 0
        candidate = np.zeros(candidate.shape, dtype=bool)
        candidate[r_idx[inside], a_idx[inside]] = True
        score[r_idx[inside], a_idx[inside]] = table["score"].to_numpy(dtype=float)[inside]
        probability[r_idx[inside], a_idx[inside]] = \
            table["probability"].to_numpy(dtype=float)[inside]
        learned_reason[r_idx[inside], a_idx[inside]] = table["reason"].to_numpy()[inside]
        candidate &= ~capped
    else:
        candidate &= ~capped
        weighted = [key for j, key in enumerate(COMPONENTS) if np.any(w[:, j] != 0)]
        _check_defined(values, candidate, weighted, panel.times[t] if panel.has_time else None)
        for j, key in enumerate(COMPONENTS):
            if np.any(w[:, j] != 0):
                score += w[:, j][:, None] * np.nan_to_num(zscore(values[key], candidate))
    k = top if top is not None else candidate.shape[1]
    rows, cols, rank = top_k(score, candidate, k)
    regions = r_pos[rows]
    pick = {key: np.asarray(v)[rows, cols] for key, v in values.items()}
    m = ind.mcp[t]
    rel_i, rel_p = related_present(ind.proximity[t], m, regions, cols, n_related)
    acts = np.asarray(panel.activities, dtype=object)
    related = np.empty(len(rows), dtype=object)
    related[:] = [[acts[i] for i in ri if i >= 0] for ri in rel_i]
    n_has = m.sum(axis=1)
    pci = np.nan_to_num(ind.pci[t])
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_pci = (m @ pci) / n_has
    lift = (pick["pci"] - np.nan_to_num(mean_pci[regions])) / (n_has[regions] + 1.0)
    frame = pd.DataFrame({
        "time": panel.times[t] if panel.has_time else None,
        "region": np.asarray(panel.regions, dtype=object)[regions],
        "activity": acts[cols], "rank": rank, "score": score[rows, cols],
        "density": pick["density"], "pci": pick["pci"], "cog": pick["cog"],
        "endowment": fit.values[regions, cols] if fit is not None else np.nan,
        "endowment_name": (fit.source[regions, cols] if fit is not None
                           else np.full(len(rows), "", dtype=object)),
        "momentum": pick["momentum"], "rca": rca[rows, cols], "pci_lift": lift,
        "approach": approach[rows], "related": related, "ceiling": limit[rows],
    })
    if learned is not None:
        frame["scorer"] = learned.scorer
        frame["probability"] = probability[rows, cols]
        frame["reason"] = reason_column(frame, [
            Reason("ranked", {"rank": int(k), "scorer": Label("scorer", learned.scorer)},
                   (why,)) for k, why in zip(rank, learned_reason[rows, cols], strict=True)])
    else:
        parts = ceiling_parts(rows, derived, ceiling, limit, ind.eci[t][r_pos])
        frame["reason"] = reason_column(frame, [
            _reason(f, p, extra) for f, p, extra in zip(frame.itertuples(index=False), rel_p,
                                                        parts, strict=True)])
    if not panel.has_time:
        frame = frame.drop(columns="time")
    return frame


def _reason(row: Any, proximity: np.ndarray, parts: tuple[Reason, ...] = ()) -> Reason:
    """The suggestion's rank and approach, what it is close to, and its components."""
    related = tuple(Reason("related_item", {"activity": Label("activity", a),
                                            "proximity": float(p)})
                    for a, p in zip(row.related, proximity, strict=False))
    source = row.endowment_name
    return Reason("opportunity", {
        "rank": int(row.rank), "approach": Label("approach", row.approach),
        "related": related, "long_jump": None if related else Reason("long_jump"),
        "density": float(row.density), "pci": float(row.pci), "lift": float(row.pci_lift),
        "cog": float(row.cog), "momentum": float(row.momentum),
        "endowment": Label("endowment", source) if source else None,
        "strength": float(row.endowment) if source else None,
    }, parts)
