r"""Learned entry probabilities for the opportunities ranking, explained, with an honest fallback.

:func:`learned_scores` answers, for the candidate cells of one period (regions' activities
with RCA below ``absent`` in every period up to it), *how likely is an entry (RCA >=
threshold) within the horizon?* It trains a :class:`~advantage.planning.learned.LearnedScorer`
on every earlier origin whose outcome is observed by that period, and returns the calibrated
probability of each cell, its rank in its region, and a :class:`~advantage.planning.reasons.
Reason` with the largest feature contributions.

Reasons (message keys without the ``reason.`` prefix):

* ``learned``: facts ``probability``, ``base_rate`` (training share of entries),
  ``log_odds`` and ``reference_log_odds``; its parts are the ``n_reasons`` largest
  contributions by size, each ``raises`` or ``lowers`` with facts ``feature`` (a nested
  ``signal.<name>`` reason, for the interfaces), ``name`` (the feature's name, for
  programs), ``value`` (the feature's value for the cell) and ``log_odds`` (its
  contribution). **All** contributions of a cell (the ``contributions`` frame) add up
  to ``log_odds - reference_log_odds``
  (:meth:`~advantage.planning.learned.LearnedScorer.contributions`).
* ``fallback``: the learned scorer could not be trained; its part says why
  (``too_few_periods`` with ``periods``, or ``too_few_entries`` with ``entries``, ``cells``
  and ``needed``). The cells are then ranked by relatedness density (min-conditional
  proximity, Hidalgo et al. 2007): the strongest untrained baseline in the reference
  backtests (``docs/backtest.md``). Density is not a probability, so ``probability`` is NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.measures.indicators import Indicators, compute_indicators
from advantage.panel import Panel
from advantage.planning.features import Split, make_splits
from advantage.planning.learned import LearnedScorer, cell_matrix
from advantage.planning.reasons import Reason

__all__ = ["LearnedScores", "candidate_cells", "learned_scores"]


@dataclass
class LearnedScores:
    """Scores of one period's candidate cells and how they were made.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per candidate: region, activity, probability (calibrated, in [0, 1]; NaN
        under the fallback), score (the probability, or density under the fallback), rank
        (1 = highest score within the region) and reason (a :class:`Reason`).
    scorer : str
        ``"learned"`` or ``"density"`` (the fallback).
    fallback : Reason or None
        Why the learned scorer was not used.
    contributions : pandas.DataFrame or None
        Region, activity and one column of log-odds per feature, for the explained cells
        (learned scorer only).
    model : LearnedScorer or None
    notes : list of str
    """

    table: pd.DataFrame
    scorer: str
    fallback: Reason | None = None
    contributions: pd.DataFrame | None = None
    model: LearnedScorer | None = None
    notes: list[str] = field(default_factory=list)


def candidate_cells(ind: Indicators, base: int, absent: float = 0.25) -> np.ndarray:
    """Cells observed at ``base`` whose RCA is below ``absent`` in every period up to it."""
    past = ind.rca[: base + 1]
    with np.errstate(invalid="ignore"):
        clearly_absent = np.where(np.isnan(past), True, past < absent).all(axis=0)
    return np.asarray(clearly_absent & np.isfinite(ind.rca[base]))


def learned_scores(
    data: Panel | Indicators,
    *,
    time: Any = None,
    horizon: int | str = "next",
    seed: int = 0,
    absent: float = 0.25,
    threshold: float = 1.0,
    target: Literal["any", "end"] = "any",
    min_entries: int = 20,
    n_reasons: int = 3,
    explain: int | None = 10,
    permutations: int = 8,
    calibration: Literal["platt", "isotonic"] = "platt",
    model_params: Mapping[str, Any] | None = None,
) -> LearnedScores:
    """Calibrated entry probabilities of one period's candidate cells, with their reasons.

    Parameters
    ----------
    data : Panel or Indicators
        The panel, or its indicators (``compute_indicators(panel, with_fitness=False)``).
    time : label, optional
        The period to score (default: the last).
    horizon : int or "next"
        The horizon the probabilities refer to, as in
        :func:`~advantage.planning.backtest.backtest`; training origins are the splits
        whose whole horizon is observed by ``time``.
    seed : int
        Seed of the model, its folds and the explanation orders.
    absent, threshold : float
        RCA below which a cell is a candidate, and at which it counts as entered.
    target : {"any", "end"}
    min_entries : int
        Fewest training entries to train on; with fewer, the announced fallback is used.
    n_reasons : int
        Contributions named in each reason.
    explain : int or None
        Explain the top ``explain`` cells of each region (``None``: every cell); the reason
        of a cell not explained has no parts.
    permutations : int
        Feature orders averaged by the explanations.
    calibration : {"platt", "isotonic"}
    model_params : mapping, optional
        Overrides of :data:`~advantage.planning.learned.MODEL_DEFAULTS`.

    Returns
    -------
    LearnedScores
    """
    check_positive("min_entries", min_entries)
    check_positive("n_reasons", n_reasons)
    ind = data if isinstance(data, Indicators) else compute_indicators(
        data, threshold=threshold, with_fitness=False)
    panel = ind.panel
    base = (panel.shape[0] - 1 if time is None
            else int(panel.locate("time", time)[0]))
    rows, cols = np.nonzero(candidate_cells(ind, base, absent))
    train = [s for s in make_splits(panel.times, horizon) if max(s.targets) <= base]
    frame = pd.DataFrame({"region": panel.regions[rows], "activity": panel.activities[cols]})
    # The period to score has no observed successor: check reads against base + 1.
    scoring = Split(base, (base + 1,))
    if not train:
        why = Reason("too_few_periods", {"periods": base + 1})
        return _fallback(ind, base, rows, cols, frame, why,
                         f"no period before {panel.times[base]} has its outcome observed "
                         f"within horizon={horizon!r}")
    scorer = LearnedScorer(seed=seed, absent=absent, threshold=threshold, target=target,
                           calibration=calibration, model_params=model_params)
    _, y, *_ = scorer.training_rows(ind, train)
    if int(y.sum()) < min_entries or int(y.sum()) == len(y):
        why = Reason("too_few_entries", {"entries": int(y.sum()), "cells": len(y),
                                         "needed": min_entries})
        return _fallback(ind, base, rows, cols, frame, why,
                         f"{int(y.sum())} entries in {len(y)} training cells; "
                         f"min_entries={min_entries}")
    scorer.fit(ind, train)
    x, _ = cell_matrix(ind, scoring, rows, cols, scorer.features_)
    logit = scorer.decision_function(x)
    reference = float(scorer.decision_function(scorer.reference_[None, :])[0])
    frame["probability"] = scorer.calibrator_.predict(logit, scorer.history(ind, base))
    frame["score"] = frame["probability"]
    frame["rank"] = _ranks(frame)
    chosen = np.nonzero(np.ones(len(frame), bool) if explain is None
                        else frame["rank"].to_numpy() <= explain)[0]
    parts = np.full((len(frame), len(scorer.features_)), np.nan)
    parts[chosen] = scorer.contributions(x[chosen], permutations=permutations)
    frame["reason"] = [  # type: ignore[assignment]  # a column of Reason objects
        _reason(p, scorer, lo, reference, x[i], parts[i], n_reasons)
        for i, (p, lo) in enumerate(zip(frame["probability"], logit, strict=True))]
    contributions = pd.concat(
        [frame[["region", "activity"]], pd.DataFrame(parts, columns=scorer.features_)],
        axis=1).iloc[chosen].reset_index(drop=True)
    note = (f"learned: trained on bases {', '.join(str(b) for b in scorer.origins_)} "
            f"({scorer.n_rows_} cells, {scorer.n_entries_} entries); shape {scorer.shape_}, "
            f"density blend {scorer.blend_:g}{scorer.wider_note()}")
    return LearnedScores(frame, "learned", None, contributions, scorer, [note])


def _ranks(frame: pd.DataFrame) -> np.ndarray:
    return np.asarray(frame.groupby("region", sort=False)["score"]
                      .rank(ascending=False, method="first").astype(int))


def _reason(probability: float, scorer: LearnedScorer, log_odds: float, reference: float,
            x: np.ndarray, parts: np.ndarray, n: int) -> Reason:
    top: list[int] = ([] if np.isnan(parts).any()
                      else np.argsort(-np.abs(parts), kind="stable")[:n].tolist())
    clauses = tuple(
        Reason("raises" if parts[j] > 0 else "lowers",
               {"feature": Reason(f"signal.{scorer.features_[j]}"),
                "name": scorer.features_[j], "value": float(x[j]),
                "log_odds": float(parts[j])})
        for j in top)
    return Reason("learned", {"probability": float(probability),
                              "base_rate": scorer.base_rate_, "log_odds": float(log_odds),
                              "reference_log_odds": reference}, clauses)


def _fallback(ind: Indicators, base: int, rows: np.ndarray, cols: np.ndarray,
              frame: pd.DataFrame, why: Reason, note: str) -> LearnedScores:
    if not np.isfinite(ind.density[base]).any():
        raise AdvantageError("relatedness density is undefined in the period to score; "
                             "neither the learned scorer nor its fallback can rank it.")
    frame["probability"] = np.nan
    frame["score"] = np.nan_to_num(ind.density[base][rows, cols])
    frame["rank"] = _ranks(frame)
    fallback = Reason("fallback", {"scorer": "density"}, (why,))
    reasons = [Reason("fallback", {"scorer": "density"},
                      (why, Reason("density", {"density": float(d)}))) for d in frame["score"]]
    frame["reason"] = reasons  # type: ignore[assignment]  # a column of Reason objects
    return LearnedScores(frame, "density", fallback, None, None,
                         [f"learned scorer not used ({note}); ranked by relatedness density"])
