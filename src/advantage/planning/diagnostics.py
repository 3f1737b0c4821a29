r"""Validity diagnostics: whether a panel is fit for complexity and relatedness, by period.

Each check gives a number, a verdict (``ok``, ``warn`` or ``fail``) and a reason with the
numbers behind it. The limits are ours, chosen to flag what a reader should look at; they
are parameters.

=====================  ====================================================================
check                  value and verdict
=====================  ====================================================================
``eigengap``           :math:`\delta = \min(\lambda_1 - \lambda_2, \lambda_2 - \lambda_3)`
                       of the region-region matrix :math:`\tilde M^C = D_c^{-1} M D_p^{-1}
                       M^\top` (eigenvalues from the largest). ECI is its second
                       eigenvector; by the Davis-Kahan theorem a perturbation of norm
                       :math:`\epsilon` turns it by an angle of order :math:`\epsilon /
                       \delta`, so a small gap means an unstable ECI. ``fail`` below 1e-9
                       (the vector is not unique: a disconnected activity space gives
                       :math:`\lambda_2 = 1`), ``warn`` below ``gap_warn`` (0.05).
``eci_fitness``        Spearman correlation of ECI with the (log) fitness of Tacchella et al.
                       (2012); ``warn`` below ``agree_warn`` (0.5): the two measures of the
                       same idea disagree.
``eci_diversity``      Spearman correlation of ECI with diversity; ``warn`` below
                       ``agree_warn``.
``sign_anchor``        the statistic that fixes ECI's sign: the Pearson correlation of ECI
                       with diversity, made positive by orientation (Hausmann et al. 2014;
                       the Growth Lab's Stata ``ecomplexity``); ``warn`` below
                       ``anchor_warn`` (0.1): a small change could flip every sign.
``zero_diversity``     regions with a positive total but no activity at RCA >= threshold
                       (no ECI); ``warn`` when any.
``zero_ubiquity``      activities with a positive national total that no region has at
                       RCA >= threshold (no PCI); ``warn`` when any.
``tiny_regions``       regions below ``tiny_share`` (0.1%) of the national total, whose RCA
                       swings with small changes; ``warn`` when any.
``absent_regions``     regions with a zero total that period (left out of it); ``warn``
                       when any.
=====================  ====================================================================

References
----------
Davis, C. and Kahan, W. M. (1970) The rotation of eigenvectors by a perturbation. III,
*SIAM Journal on Numerical Analysis* 7(1). Tacchella, A. et al. (2012) A new metrics for
countries' fitness and products' complexity, *Scientific Reports* 2. Hausmann, R., Hidalgo,
C. A. et al. (2014) *The Atlas of Economic Complexity*, MIT Press. Mealy, P., Farmer, J. D.
and Teytelboym, A. (2019) Interpreting economic complexity, *Science Advances* 5.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import check_positive, plain
from advantage.measures.indicators import Indicators
from advantage.panel import Panel
from advantage.planning.common import indicators_for
from advantage.reasons import Label, Reason, reason_column

__all__ = ["CHECKS", "VERDICTS", "diagnostics", "spectrum"]

#: The checks, in the order they are reported.
CHECKS = ("eigengap", "eci_fitness", "eci_diversity", "sign_anchor", "zero_diversity",
          "zero_ubiquity", "tiny_regions", "absent_regions")
VERDICTS = ("ok", "warn", "fail")


def spectrum(m: np.ndarray) -> np.ndarray:
    r"""Eigenvalues of :math:`\tilde M^C` for one period's presence matrix, largest first.

    Computed from the symmetric :math:`A A^\top` (or :math:`A^\top A`, whichever is
    smaller) with :math:`A = D_c^{-1/2} M D_p^{-1/2}` over regions and activities present,
    which shares its non-zero eigenvalues with :math:`\tilde M^C`.

    Examples
    --------
    >>> m = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0]], dtype=float)
    >>> spectrum(m).round(6).tolist()  # 1, 1/4, 1/9 (derived by hand in the tests)
    [1.0, 0.25, 0.111111]
    """
    x = np.asarray(m, dtype=float)
    x = x[x.sum(axis=1) > 0][:, x.sum(axis=0) > 0]
    if x.size == 0:
        return np.zeros(0)
    a = x / np.sqrt(x.sum(axis=1))[:, None] / np.sqrt(x.sum(axis=0))[None, :]
    gram = a @ a.T if a.shape[0] <= a.shape[1] else a.T @ a
    return np.sort(np.linalg.eigvalsh(gram))[::-1]


def _spearman(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3:
        return float("nan"), int(ok.sum())
    ra = pd.Series(a[ok]).rank().to_numpy()
    rb = pd.Series(b[ok]).rank().to_numpy()
    if ra.std() == 0 or rb.std() == 0:
        return float("nan"), int(ok.sum())
    return float(np.corrcoef(ra, rb)[0, 1]), int(ok.sum())


def _names(panel: Panel, axis: str, mask: np.ndarray, limit: int = 10) -> tuple[Label, ...]:
    labels = panel.regions if axis == "region" else panel.activities
    return tuple(Label(axis, labels[i]) for i in np.flatnonzero(mask)[:limit])


def diagnostics(panel: Panel, *, indicators: Indicators | None = None, threshold: float = 1.0,
                convention: str | None = None, times: Any = None, tiny_share: float = 0.001,
                gap_warn: float = 0.05, agree_warn: float = 0.5,
                anchor_warn: float = 0.1) -> pd.DataFrame:
    """Every check of the module table for every period.

    Parameters
    ----------
    panel : Panel
    indicators : Indicators, optional
        Precomputed indicators of ``panel`` (with fitness for ``eci_fitness``).
    threshold, convention
        Presence threshold and indicator convention.
    times : label or list, optional
        Periods (default all).
    tiny_share, gap_warn, agree_warn, anchor_warn : float
        The limits of the module table.

    Returns
    -------
    pandas.DataFrame
        ``time, check, value, verdict, detail`` (``detail`` a
        :class:`~advantage.reasons.Reason`), one row per period and check.

    Examples
    --------
    >>> m = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=float)
    >>> p = Panel.from_cube(m, regions=list("abcd"), activities=list("wxyz"))
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:  # two blocks: lambda_2 = 1
    ...     warnings.simplefilter("always")
    ...     out = diagnostics(p).set_index("check")
    >>> out.loc["eigengap", "verdict"], out.loc["zero_diversity", "verdict"]
    ('fail', 'ok')
    >>> [(w.category.__name__, str(w.message).split(":")[0]) for w in caught]
    [('AdvantageWarning', 'ECI and PCI are undefined')]
    """
    for name, value in (("tiny_share", tiny_share), ("gap_warn", gap_warn),
                        ("agree_warn", agree_warn), ("anchor_warn", anchor_warn)):
        check_positive(name, value, strict=False)
    if indicators is not None and np.isnan(indicators.fitness).all():
        indicators = None  # computed without fitness: compute again with it
    ind = indicators_for(panel, indicators, threshold=threshold, convention=convention,
                         with_fitness=True)
    t_pos = (np.arange(panel.shape[0]) if times is None
             else np.unique(panel.locate("time", times, name="times")))
    rows = []
    for t in t_pos:
        rows += [(plain(panel.times[int(t)]) if panel.has_time else None, *row)
                 for row in _period(panel, ind, int(t), threshold, tiny_share, gap_warn,
                                    agree_warn, anchor_warn)]
    frame = pd.DataFrame(rows, columns=["time", "check", "value", "verdict", "detail"])
    frame["detail"] = reason_column(frame, frame["detail"].tolist())
    if not panel.has_time:
        frame = frame.drop(columns="time")
    return frame


def _verdict(bad: bool, fail: bool = False) -> str:
    return "fail" if fail else ("warn" if bad else "ok")


def _period(panel: Panel, ind: Indicators, t: int, threshold: float, tiny_share: float,
            gap_warn: float, agree_warn: float, anchor_warn: float) -> list[tuple[Any, ...]]:
    m = np.nan_to_num(ind.mcp[t])
    lam = spectrum(m)
    top = [float(v) for v in lam[:3]] + [float("nan")] * (3 - min(3, len(lam)))
    gaps = [top[i] - top[i + 1] for i in range(2) if np.isfinite(top[i + 1])]
    gap = min(gaps) if gaps else float("nan")
    out: list[tuple[Any, ...]] = [(
        "eigengap", gap, _verdict(not gap >= gap_warn, fail=not gap >= 1e-9),
        Reason("diag_eigengap", {"l1": top[0], "l2": top[1], "l3": top[2], "gap": gap,
                                 "limit": gap_warn}))]
    eci, div = ind.eci[t], np.where(ind.diversity[t] > 0, ind.diversity[t], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        fitness = np.log(np.where(ind.fitness[t] > 0, ind.fitness[t], np.nan))
    for check, other in (("eci_fitness", fitness), ("eci_diversity", div)):
        rho, n = _spearman(eci, other)
        out.append((check, rho, _verdict(not rho >= agree_warn),
                    Reason("diag_agreement", {"rho": rho, "n": n, "limit": agree_warn,
                                              "other": Label("check", check)})))
    ok = np.isfinite(eci) & np.isfinite(div)
    anchor = float(np.corrcoef(eci[ok], div[ok])[0, 1]) if ok.sum() >= 3 and \
        np.std(div[ok]) > 0 and np.std(eci[ok]) > 0 else float("nan")
    out.append(("sign_anchor", anchor, _verdict(not abs(anchor) >= anchor_warn),
                Reason("diag_anchor", {"r": anchor, "limit": anchor_warn})))
    totals = panel.region_totals()[t]
    present = totals > 0
    zero_div = present & (m.sum(axis=1) == 0)
    zero_ubi = panel.activity_totals()[t] > 0
    zero_ubi &= m.sum(axis=0) == 0
    national = totals.sum()
    tiny = present & (totals < tiny_share * national)
    for check, mask, axis, key in (("zero_diversity", zero_div, "region", "diag_zero_diversity"),
                                   ("zero_ubiquity", zero_ubi, "activity", "diag_zero_ubiquity"),
                                   ("tiny_regions", tiny, "region", "diag_tiny"),
                                   ("absent_regions", ~present, "region", "diag_absent")):
        count = int(mask.sum())
        out.append((check, float(count), _verdict(count > 0),
                    Reason(key, {"count": count, "names": _names(panel, axis, mask),
                                 "more": max(0, count - 10) or None, "threshold": threshold,
                                 "share": tiny_share})))
    return out
