"""Numerical and labelling helpers shared by the planning modules (and their command lines).

Everything here is vectorised over the last axis of a stack of rows (one row per region-year or
per activity), so the planning modules never loop over regions in their scoring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError

__all__ = [
    "base_periods",
    "indicators_for",
    "check_weights",
    "parse_weights",
    "period_gaps",
    "top_k",
    "zscore",
]


def base_periods(times: pd.Index, window: float | None) -> np.ndarray:
    """For each period, the position of the base period ``window`` years earlier (or -1).

    With numeric times the base is the latest period at or before ``time - window``, so that
    irregular panels (census years) work; ``window=None`` (or non-numeric times) takes the
    previous period.

    Examples
    --------
    >>> base_periods(pd.Index([2011, 2016, 2021]), 5).tolist()
    [-1, 0, 1]
    >>> base_periods(pd.Index([2000, 2001, 2002, 2003]), 2).tolist()
    [-1, -1, 0, 1]
    """
    n = len(times)
    if window is None or not pd.api.types.is_numeric_dtype(times):
        return np.arange(n) - 1
    values = np.asarray(times, dtype=float)
    out = np.searchsorted(values, values - float(window), side="right") - 1
    return np.where(values - values[np.maximum(out, 0)] >= float(window), out, -1)


def period_gaps(times: pd.Index, base: np.ndarray) -> np.ndarray:
    """Length in years (or periods, for non-numeric times) between each period and its base."""
    n = len(times)
    if pd.api.types.is_numeric_dtype(times):
        values = np.asarray(times, dtype=float)
        gap = values - values[np.maximum(base, 0)]
    else:
        gap = (np.arange(n) - base).astype(float)
    return np.where(base >= 0, gap, np.nan)


def indicators_for(panel: Any, indicators: Any = None, *, threshold: float = 1.0,
                   convention: str | None = None, with_fitness: bool = False) -> Any:
    """The indicators to plan with: the ones given, checked, or computed at ``threshold``.

    Precomputed indicators must belong to ``panel`` and use the same presence threshold (and
    convention, when one is asked for): planning on indicators computed with other settings
    would mix two definitions of "has an activity", so a mismatch is an error.
    """
    from advantage.measures.indicators import compute_indicators

    if indicators is None:
        return compute_indicators(panel, threshold=threshold,
                                  convention=convention or "default",  # type: ignore[arg-type]
                                  with_fitness=with_fitness)
    if indicators.panel is not panel and indicators.panel.shape != panel.shape:
        raise AdvantageError(f"indicators were computed for a panel of shape "
                             f"{indicators.panel.shape}, not this one {panel.shape}.")
    if float(indicators.threshold) != float(threshold):
        raise AdvantageError(f"threshold={threshold!r} differs from the threshold the "
                             f"indicators were computed with ({indicators.threshold!r}); "
                             "pass the same threshold or recompute the indicators.")
    if convention is not None and indicators.convention != convention:
        raise AdvantageError(f"convention={convention!r} differs from the convention the "
                             f"indicators were computed with ({indicators.convention!r}).")
    return indicators


def zscore(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    r"""Standardise along the last axis over the entries in ``mask``.

    .. math:: z = (v - \\bar v) / s

    with the mean and the population standard deviation over the masked, finite entries of
    each row. Entries outside the mask are NaN; a row with no spread gets 0 (no information);
    NaN values inside the mask become 0 (neutral) after standardising.
    """
    v = np.asarray(values, dtype=float)
    use = mask & np.isfinite(v)
    n = use.sum(axis=-1, keepdims=True)
    v0 = np.where(use, v, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = v0.sum(axis=-1, keepdims=True) / n
        var = (np.where(use, v - mean, 0.0) ** 2).sum(axis=-1, keepdims=True) / n
        sd = np.sqrt(var)
        z = (v - mean) / sd
    z = np.where(use & (sd > 1e-12), z, 0.0)
    return np.where(mask, z, np.nan)


def top_k(score: np.ndarray, mask: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of the ``k`` highest scores of every row among the masked entries.

    Returns
    -------
    rows, cols, rank : numpy.ndarray
        Flat arrays: the row, the column and the 1-based rank within the row, best first.
        Rows with fewer than ``k`` masked entries give fewer results. Ties keep column order.
    """
    finite = np.nan_to_num(np.asarray(score, dtype=float), nan=-1e300, posinf=1e300,
                           neginf=-1e300)
    s = np.where(mask, finite, -np.inf)
    n_rows, n_cols = s.shape
    k = int(min(k, n_cols))
    if k <= 0 or n_rows == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty, empty
    if k < n_cols:
        part = np.argpartition(-s, k - 1, axis=1, kind="introselect")[:, :k]
    else:
        part = np.tile(np.arange(n_cols), (n_rows, 1))
    part_scores = np.take_along_axis(s, part, axis=1)
    order = np.lexsort((part, -part_scores), axis=1)
    cols = np.take_along_axis(part, order, axis=1)
    keep = np.take_along_axis(mask, cols, axis=1)
    rows = np.repeat(np.arange(n_rows), k).reshape(n_rows, k)
    rank = np.tile(np.arange(1, k + 1), (n_rows, 1))
    # masked entries come first in each row, so dropping the rest keeps ranks 1..n
    return rows[keep], cols[keep], rank[keep]


def parse_weights(text: str | Mapping[str, float] | None) -> dict[str, float] | None:
    """Weights from ``{"density": 0.5}`` or the string ``"density=0.5,pci=0.5"``."""
    if text is None:
        return None
    if isinstance(text, Mapping):
        return {str(k): float(v) for k, v in text.items()}
    out: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, number = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(number)
        except ValueError:
            raise AdvantageError(f"weights={text!r} is not valid; expected name=number pairs "
                                 "separated by commas, e.g. 'density=0.5,pci=0.5'.") from None
    return out


def check_weights(weights: Mapping[str, float], allowed: Sequence[str]) -> dict[str, float]:
    """Validate weights (known names, non-negative, positive sum) and scale them to sum 1."""
    unknown = [k for k in weights if k not in allowed]
    if unknown:
        raise AdvantageError(f"weights has unknown components {unknown!r}; expected some of "
                             f"{list(allowed)!r}.")
    bad = {k: v for k, v in weights.items() if not np.isfinite(v) or v < 0}
    if bad:
        raise AdvantageError(f"weights must be finite and >= 0; got {bad!r}.")
    total = float(sum(weights.values()))
    if total <= 0:
        raise AdvantageError(f"weights must not all be zero; got {dict(weights)!r}.")
    return {k: float(weights.get(k, 0.0)) / total for k in allowed}
