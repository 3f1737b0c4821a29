r"""Ranking metrics for backtests, computed on the full candidate set (never a subsample).

Global metrics treat every candidate cell as one binary prediction:

* **PR-AUC** (average precision), :math:`AP = \\sum_n (R_n - R_{n-1}) P_n` over the
  thresholds of the score (scikit-learn's ``average_precision_score``); a random ranking
  scores the share of positives;
* **AUROC**, the probability that a random positive outranks a random negative (0.5 random);
* **best F1**, :math:`\\max_\tau 2 P_\tau R_\tau / (P_\tau + R_\tau)` over thresholds.

Per-group metrics rank each group's candidates (a region's activities, or an activity's
destinations) and average over the groups with at least one positive:

* **precision@K**, the share of positives among the top :math:`\\min(K, n_g)`;
* **MAP@K**, :math:`AP@K_g = \frac{1}{\\min(K, P_g)} \\sum_{i \\le K} P_g(i)\\,[\text{hit}_i]`.

Ties inside a group are broken by a seeded random permutation, so a constant score earns
the random expectation instead of the order of the labels.
"""

from __future__ import annotations

import numpy as np

from advantage._checks import AdvantageError

__all__ = ["METRIC_COLUMNS", "group_precision", "ranking_metrics"]

#: Columns of a metrics table, in order.
METRIC_COLUMNS = ("pr_auc", "auroc", "best_f1", "precision_at_k", "map_at_k", "n_candidates",
                  "n_positive", "n_groups")


def group_precision(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray, k: int = 10,
                    seed: int = 0) -> tuple[float, float, int]:
    """Mean precision@K and MAP@K over groups with at least one positive.

    Parameters
    ----------
    scores, labels, groups : numpy.ndarray
        Flat arrays of equal length: the score, the 0/1 outcome and the group of each
        candidate.
    k : int
    seed : int
        Seed of the tie-breaking permutation.

    Returns
    -------
    precision_at_k, map_at_k, n_groups : float, float, int

    Examples
    --------
    >>> s = np.array([0.9, 0.8, 0.1, 0.7, 0.2])
    >>> y = np.array([1, 0, 1, 0, 1])
    >>> g = np.array([0, 0, 0, 1, 1])
    >>> group_precision(s, y, g, k=1)
    (0.5, 0.5, 2)
    """
    scores = np.nan_to_num(np.asarray(scores, dtype=float), nan=-np.inf)
    labels = np.asarray(labels).astype(bool)
    _, g = np.unique(np.asarray(groups), return_inverse=True)
    tie = np.random.default_rng(seed).permutation(len(scores))
    order = np.lexsort((tie, -scores, g))
    g_sorted, hit = g[order], labels[order]
    starts = np.r_[0, np.nonzero(np.diff(g_sorted))[0] + 1]
    sizes = np.diff(np.r_[starts, len(order)])
    position = np.arange(len(order)) - np.repeat(starts, sizes)  # 0-based rank in group
    n_groups = len(starts)
    pos_per_group = np.bincount(g_sorted, weights=hit, minlength=n_groups)
    size_per_group = np.bincount(g_sorted, minlength=n_groups)
    in_top = position < k
    hits_top = np.bincount(g_sorted, weights=hit & in_top, minlength=n_groups)
    cum_hits = np.cumsum(hit) - np.repeat(np.r_[0, np.cumsum(hit)[starts[1:] - 1]], sizes)
    precision_i = cum_hits / (position + 1.0)
    ap_sum = np.bincount(g_sorted, weights=np.where(hit & in_top, precision_i, 0.0),
                         minlength=n_groups)
    useful = pos_per_group > 0
    if not useful.any():
        return float("nan"), float("nan"), 0
    p_at_k = hits_top[useful] / np.minimum(k, size_per_group[useful])
    ap_at_k = ap_sum[useful] / np.minimum(k, pos_per_group[useful])
    return float(p_at_k.mean()), float(ap_at_k.mean()), int(useful.sum())


def ranking_metrics(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray, *,
                    k: int = 10, seed: int = 0) -> dict[str, float]:
    """Every metric of the module for one scored candidate set.

    Returns
    -------
    dict
        Keys :data:`METRIC_COLUMNS`. PR-AUC, AUROC and best F1 are NaN when the outcome has
        only one class.

    Examples
    --------
    >>> m = ranking_metrics(np.array([0.9, 0.1, 0.8, 0.2]), np.array([1, 0, 1, 0]),
    ...                     np.array([0, 0, 1, 1]), k=1)
    >>> m["pr_auc"], m["auroc"], m["precision_at_k"]
    (1.0, 1.0, 1.0)
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels).astype(int)
    if scores.shape != labels.shape:
        raise AdvantageError(f"scores {scores.shape} and labels {labels.shape} differ in shape.")
    finite = np.where(np.isfinite(scores), scores, np.nanmin(scores, initial=0.0) - 1.0)
    n_pos = int(labels.sum())
    out: dict[str, float] = {"n_candidates": float(len(labels)), "n_positive": float(n_pos)}
    if 0 < n_pos < len(labels):
        out["pr_auc"] = float(average_precision_score(labels, finite))
        out["auroc"] = float(roc_auc_score(labels, finite))
        precision, recall, _ = precision_recall_curve(labels, finite)
        with np.errstate(invalid="ignore", divide="ignore"):
            f1 = 2 * precision * recall / (precision + recall)
        out["best_f1"] = float(np.nanmax(f1))
    else:
        out.update(pr_auc=float("nan"), auroc=float("nan"), best_f1=float("nan"))
    p_k, map_k, n_groups = group_precision(finite, labels, groups, k=k, seed=seed)
    out.update(precision_at_k=p_k, map_at_k=map_k, n_groups=float(n_groups))
    return {key: out[key] for key in METRIC_COLUMNS}
