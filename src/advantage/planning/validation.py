r"""What planners need to trust a score: intervals, calibration, and held-out folds.

* :func:`paired_bootstrap` resamples **regions** with replacement (all of a region's
  candidate cells together, seeded) and recomputes every method's metrics on the same
  resample, so the interval of a ratio such as learned/density accounts for the two being
  measured on the same cells (percentile intervals, Efron and Tibshirani 1993, ch. 13).
* :class:`Calibrator` maps a score to a probability, fitted on held-out predictions: Platt
  scaling, :math:`p = 1 / (1 + e^{-(\alpha s + \beta)})` (Platt 1999), optionally with a
  drift term :math:`\gamma c` for a covariate :math:`c` such as the length of the observed
  history, or isotonic regression (Zadrozny and Elkan 2002).
* :func:`brier_score` is :math:`\frac{1}{n}\sum_i (p_i - y_i)^2`; a constant forecast at the
  base rate :math:`\bar y` scores :math:`\bar y (1 - \bar y)`, the bar a useful probability
  must clear. :func:`reliability_table` bins the predictions and sets the mean prediction of
  each bin beside the observed rate.
* :func:`group_folds` splits labels (regions) into seeded folds for leave-region-out fits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive

__all__ = [
    "INTERVAL_METRICS",
    "Calibrator",
    "brier_score",
    "group_folds",
    "paired_bootstrap",
    "reliability_table",
]


def brier_score(probability: np.ndarray, labels: np.ndarray) -> float:
    """Mean squared difference between probabilities and 0/1 outcomes.

    Examples
    --------
    >>> brier_score(np.array([0.9, 0.2]), np.array([1, 0]))
    0.025
    """
    p = np.asarray(probability, dtype=float)
    y = np.asarray(labels, dtype=float)
    if p.shape != y.shape:
        raise AdvantageError(f"probability {p.shape} and labels {y.shape} differ in shape.")
    return float(np.round(np.mean((p - y) ** 2), 15))


def reliability_table(probability: np.ndarray, labels: np.ndarray, bins: int = 10
                      ) -> pd.DataFrame:
    """Predicted against observed entry rates in bins of equal counts.

    Returns
    -------
    pandas.DataFrame
        One row per bin: bin, low, high (the bin's prediction range), mean_probability,
        observed_rate, n.

    Examples
    --------
    >>> t = reliability_table(np.array([0.1, 0.1, 0.8, 0.9]), np.array([0, 0, 1, 1]), bins=2)
    >>> t[["mean_probability", "observed_rate", "n"]].values.tolist()
    [[0.1, 0.0, 2.0], [0.8500000000000001, 1.0, 2.0]]
    """
    check_positive("bins", bins)
    p = np.asarray(probability, dtype=float)
    y = np.asarray(labels, dtype=float)
    order = np.argsort(p, kind="stable")
    rows = []
    for number, part in enumerate(np.array_split(order, min(bins, max(len(p), 1)))):
        if not len(part):
            continue
        rows.append({"bin": number + 1, "low": float(p[part].min()),
                     "high": float(p[part].max()), "mean_probability": float(p[part].mean()),
                     "observed_rate": float(y[part].mean()), "n": float(len(part))})
    return pd.DataFrame(rows, columns=["bin", "low", "high", "mean_probability",
                                       "observed_rate", "n"])


class Calibrator:
    r"""Score -> probability, fitted on held-out scores and their outcomes.

    Parameters
    ----------
    method : {"platt", "isotonic"}
        Platt scaling (a logistic regression on the score; robust with few entries) or
        isotonic regression (any monotone shape; needs many entries).

    Attributes
    ----------
    coef_, intercept_ : float
        Platt's :math:`\alpha` and :math:`\beta` (``method="platt"``).
    drift_ : float
        :math:`\gamma`, the weight of the covariate (0 when none was given).
    isotonic_ : sklearn.isotonic.IsotonicRegression
        The fitted step function (``method="isotonic"``).

    Examples
    --------
    >>> s = np.array([-2.0, -1.0, 0.0, 1.0, 2.0, 3.0])
    >>> cal = Calibrator().fit(s, np.array([0, 0, 1, 0, 1, 1]))
    >>> p = cal.predict(s)
    >>> bool(((p > 0) & (p < 1)).all() and (np.diff(p) > 0).all())
    True
    """

    def __init__(self, method: Literal["platt", "isotonic"] = "platt") -> None:
        self.method = method

    def fit(self, scores: np.ndarray, labels: np.ndarray,
            covariate: np.ndarray | None = None) -> Calibrator:
        """Fit the mapping; ``labels`` must hold both outcomes.

        ``covariate`` (Platt only) adds a linear drift term, e.g. the log of the years of
        history behind each score, when the share of entries moves with it.
        """
        check_choice("method", self.method, ["platt", "isotonic"])
        s = np.asarray(scores, dtype=float)
        y = np.asarray(labels).astype(int)
        if len(np.unique(y)) < 2:
            raise AdvantageError("calibration needs held-out cells with and without an entry; "
                                 f"the labels hold only {sorted(set(y.tolist()))!r}.")
        self.drift_ = 0.0
        if self.method == "platt":
            from sklearn.linear_model import LogisticRegression

            columns = s[:, None] if covariate is None else np.column_stack([s, covariate])
            model = LogisticRegression(C=1e6, max_iter=1000).fit(columns, y)
            self.coef_ = float(model.coef_[0, 0])
            self.intercept_ = float(model.intercept_[0])
            if covariate is not None:
                self.drift_ = float(model.coef_[0, 1])
        else:
            from sklearn.isotonic import IsotonicRegression

            self.isotonic_ = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip",
                                                increasing=True).fit(s, y)
        return self

    def predict(self, scores: np.ndarray, covariate: np.ndarray | float = 0.0) -> np.ndarray:
        """Probabilities in [0, 1] for ``scores`` (and the covariate, if fitted with one)."""
        s = np.asarray(scores, dtype=float)
        if self.method == "platt":
            z = np.clip(self.coef_ * s + self.intercept_ + self.drift_ * np.asarray(covariate),
                        -500.0, 500.0)
            return np.asarray(1.0 / (1.0 + np.exp(-z)))
        return np.clip(np.asarray(self.isotonic_.predict(s), dtype=float), 0.0, 1.0)


def group_folds(labels: np.ndarray, folds: int, seed: int = 0) -> list[np.ndarray]:
    """Split the distinct ``labels`` into ``folds`` seeded groups (at most one per label).

    Examples
    --------
    >>> [sorted(f.tolist()) for f in group_folds(np.array([0, 1, 2, 3]), 2, seed=0)]
    [[0, 2], [1, 3]]
    """
    check_positive("folds", folds)
    distinct = np.unique(np.asarray(labels))
    shuffled = np.random.default_rng(seed).permutation(distinct)
    return [part for part in np.array_split(shuffled, min(folds, len(distinct))) if len(part)]


#: Metrics that get an interval, as named by :func:`~advantage.planning.metrics.ranking_metrics`.
INTERVAL_METRICS = ("pr_auc", "auroc", "best_f1", "precision_at_k", "map_at_k")


def paired_bootstrap(
    scores: Mapping[str, np.ndarray],
    labels: np.ndarray,
    groups: np.ndarray,
    *,
    metric_groups: np.ndarray | None = None,
    k: int = 10,
    n_boot: int = 200,
    seed: int = 0,
    level: float = 0.9,
    ratios: Sequence[tuple[str, str]] = (("learned", "density"),),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Percentile intervals of every method's metrics and of PR-AUC ratios, over groups.

    Parameters
    ----------
    scores : mapping
        Method -> flat scores of the candidate cells (NaN counts as the lowest score).
    labels, groups : numpy.ndarray
        The 0/1 outcome and the resampled group (region) of every cell.
    metric_groups : numpy.ndarray, optional
        The groups of precision@K and MAP@K (default ``groups``; region x split when
        splits are pooled). A group drawn twice counts twice.
    k : int
        K of precision@K and MAP@K.
    n_boot : int
        Resamples (each draws as many groups as there are, with replacement).
    seed : int
    level : float
        Coverage of the interval (0.9: the 5th and 95th percentiles).
    ratios : sequence of (str, str)
        Pairs (numerator, denominator) whose PR-AUC ratio gets an interval.

    Returns
    -------
    intervals, ratio_table : pandas.DataFrame, pandas.DataFrame
        ``method, pr_auc`` and ``<metric>_low, <metric>_high`` for every metric of
        :data:`INTERVAL_METRICS`; and ``numerator, denominator, ratio, ratio_low,
        ratio_high, share_above_1`` (the share of resamples where the numerator wins).
        Resamples without a positive cell are skipped.
    """
    from advantage.planning.metrics import ranking_metrics

    check_positive("n_boot", n_boot)
    if not 0 < level < 1:
        raise AdvantageError(f"level={level!r} is not valid; expected a number in (0, 1).")
    y = np.asarray(labels).astype(int)
    _, g = np.unique(np.asarray(groups), return_inverse=True)
    _, mg = np.unique(np.asarray(groups if metric_groups is None else metric_groups),
                      return_inverse=True)
    members = np.split(np.argsort(g, kind="stable"), np.cumsum(np.bincount(g))[:-1])
    clean = {name: np.nan_to_num(np.asarray(s, dtype=float), nan=-np.inf, neginf=-1e300)
             for name, s in scores.items()}
    rng = np.random.default_rng(seed)
    draws: dict[str, list[dict[str, float]]] = {name: [] for name in clean}
    for _ in range(n_boot):
        picked = rng.integers(0, len(members), len(members))
        take = np.concatenate([members[i] for i in picked])
        if not y[take].any():
            continue
        copy = np.repeat(np.arange(len(picked)), [len(members[i]) for i in picked])
        sub_groups = copy * (mg.max() + 1) + mg[take]
        for name, s in clean.items():
            draws[name].append(ranking_metrics(s[take], y[take], sub_groups, k=k, seed=seed))
    tail = 100 * (1 - level) / 2
    rows = []
    for name, values in draws.items():
        row: dict[str, Any] = {"method": name, "pr_auc": ranking_metrics(
            clean[name], y, mg, k=k, seed=seed)["pr_auc"]}
        for metric in INTERVAL_METRICS:
            series = np.array([v[metric] for v in values], dtype=float)
            low, high = (np.nanpercentile(series, [tail, 100 - tail])
                         if np.isfinite(series).any() else (np.nan, np.nan))
            row[f"{metric}_low"], row[f"{metric}_high"] = float(low), float(high)
        rows.append(row)
    point = {row["method"]: row["pr_auc"] for row in rows}
    ratio_rows: list[dict[str, Any]] = []
    for top, bottom in ratios:
        if top not in draws or bottom not in draws:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            r = (np.array([v["pr_auc"] for v in draws[top]])
                 / np.array([v["pr_auc"] for v in draws[bottom]]))
        low, high = (np.nanpercentile(r, [tail, 100 - tail]) if np.isfinite(r).any()
                     else (np.nan, np.nan))
        ratio_rows.append({"numerator": top, "denominator": bottom,
                           "ratio": point[top] / point[bottom], "ratio_low": float(low),
                           "ratio_high": float(high),
                           "share_above_1": float(np.mean(r > 1)) if len(r) else np.nan})
    columns = ["method", "pr_auc"] + [f"{m}_{end}" for m in INTERVAL_METRICS
                                      for end in ("low", "high")]
    return (pd.DataFrame(rows, columns=columns),
            pd.DataFrame(ratio_rows, columns=["numerator", "denominator", "ratio", "ratio_low",
                                              "ratio_high", "share_above_1"]))
