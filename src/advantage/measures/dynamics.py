"""Entries and exits: activities a region gains or loses between periods.

An activity is *present* in a region when its revealed comparative advantage (the location
quotient) is at or above a threshold. An *entry* is a cell absent in the earlier period and
present in the later one, an *exit* the reverse (Neffke, Henning and Boschma 2011; EconGeo's
``entry_list`` / ``exit_list`` on RCA-based presence matrices).

Cells whose RCA is undefined in either period (the region's or the activity's total is zero
that year) are neither entries nor exits and do not count as possible ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.measures.advantage import rca_cube
from advantage.measures.shiftshare import time_position
from advantage.panel import Panel

__all__ = ["entries_exits", "presence_changes"]




def _periods(panel: Panel, base: Any, final: Any) -> tuple[np.ndarray, np.ndarray]:
    """Positions (from, to) of the compared periods: base->final, or each consecutive pair."""
    if (base is None) != (final is None):
        raise AdvantageError("give both base= and final=, or neither (consecutive periods).")
    if base is None:
        if not panel.has_time or panel.shape[0] < 2:
            raise AdvantageError("entries and exits need at least two periods.")
        steps = np.arange(panel.shape[0] - 1)
        return steps, steps + 1
    i0, i1 = time_position(panel, base, "base"), time_position(panel, final, "final")
    if i1 <= i0:
        raise AdvantageError(f"final={final!r} must come after base={base!r}.")
    return np.array([i0]), np.array([i1])


def _changes(panel: Panel, threshold: float, base: Any, final: Any) -> dict[str, Any]:
    threshold = check_positive("threshold", threshold, strict=False)
    i_from, i_to = _periods(panel, base, final)
    rca = rca_cube(panel.cube)
    before, after = rca[i_from], rca[i_to]
    defined = np.isfinite(before) & np.isfinite(after)
    was = defined & (before >= threshold)
    now = defined & (after >= threshold)
    return {"from": i_from, "to": i_to, "before": before, "after": after,
            "possible_entry": defined & ~was, "possible_exit": was,
            "entry": ~was & now, "exit": was & ~now, "kept": was & now}


def presence_changes(panel: Panel, *, threshold: float = 1.0, base: Any = None,
                     final: Any = None) -> pd.DataFrame:
    r"""Every entry and exit of an activity in a region between periods.

    .. math::

        \mathrm{entry}_{ra} = [RCA^{0}_{ra} < \tau] \wedge [RCA^{1}_{ra} \ge \tau], \qquad
        \mathrm{exit}_{ra} = [RCA^{0}_{ra} \ge \tau] \wedge [RCA^{1}_{ra} < \tau]

    with :math:`RCA_{ra} = (x_{ra}/x_r)/(x_a/x)` (Balassa 1965) and threshold :math:`\tau`.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity) with at least two periods.
    threshold : float
        Presence threshold on RCA (default 1).
    base, final : time labels, optional
        Compare these two periods; by default each pair of consecutive periods.

    Returns
    -------
    pandas.DataFrame
        ``time_from, time_to, region, activity, event`` (``"entry"`` or ``"exit"``),
        ``rca_from, rca_to``, one row per change, in time, region and activity order. The
        label columns are categoricals (the list can have millions of rows).

    References
    ----------
    Neffke, F., Henning, M. and Boschma, R. (2011) How do regions diversify over time?,
    *Economic Geography* 87(3). Balassa, B. (1965) *The Manchester School* 33(2).

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[[2.0, 1.0], [1.0, 2.0]], [[1.0, 2.0], [2.0, 1.0]]]),
    ...                     regions=["a", "b"], activities=["x", "y"], times=[2000, 2001])
    >>> presence_changes(p)[["region", "activity", "event"]].values.tolist()
    [['a', 'x', 'exit'], ['a', 'y', 'entry'], ['b', 'x', 'entry'], ['b', 'y', 'exit']]
    """
    found = _changes(panel, threshold, base, final)
    step, region, activity = np.nonzero(found["entry"] | found["exit"])
    entry = found["entry"][step, region, activity]
    times = np.asarray(panel.times)
    return pd.DataFrame({
        "time_from": times[found["from"][step]],
        "time_to": times[found["to"][step]],
        "region": pd.Categorical.from_codes(region, categories=panel.regions),
        "activity": pd.Categorical.from_codes(activity, categories=panel.activities),
        "event": pd.Categorical.from_codes(np.where(entry, 0, 1).astype(np.int8),
                                           categories=pd.Index(["entry", "exit"])),
        "rca_from": found["before"][step, region, activity],
        "rca_to": found["after"][step, region, activity],
    })


def entries_exits(panel: Panel, *, threshold: float = 1.0, base: Any = None,
                  final: Any = None) -> pd.DataFrame:
    r"""Counts and rates of entries and exits per region between periods.

    .. math::

        \mathrm{entry\ rate}_r = \frac{\#\mathrm{entries}_r}{\#\{a: RCA^0_{ra} < \tau\}},
        \qquad
        \mathrm{exit\ rate}_r = \frac{\#\mathrm{exits}_r}{\#\{a: RCA^0_{ra} \ge \tau\}}

    counting only cells whose RCA is defined in both periods.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity) with at least two periods.
    threshold : float
        Presence threshold on RCA (default 1).
    base, final : time labels, optional
        Compare these two periods; by default each pair of consecutive periods.

    Returns
    -------
    pandas.DataFrame
        ``time_from, time_to, region, entries, exits, kept, possible_entries,
        possible_exits, entry_rate, exit_rate``; rates are NaN when nothing was possible.

    References
    ----------
    Neffke, F., Henning, M. and Boschma, R. (2011) How do regions diversify over time?,
    *Economic Geography* 87(3).

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[[3.0, 1.0], [1.0, 1.0]], [[3.0, 1.0], [3.0, 1.0]]]),
    ...                     regions=["a", "b"], activities=["x", "y"], times=[2000, 2001])
    >>> entries_exits(p)[["region", "entries", "exits", "kept"]].values.tolist()
    [['a', 1, 0, 1], ['b', 1, 0, 1]]
    """
    found = _changes(panel, threshold, base, final)
    n_steps, n_r = found["entry"].shape[:2]
    counts = {name: found[key].sum(axis=2) for name, key in (
        ("entries", "entry"), ("exits", "exit"), ("kept", "kept"),
        ("possible_entries", "possible_entry"), ("possible_exits", "possible_exit"))}
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["entry_rate"] = counts["entries"] / counts["possible_entries"]
        counts["exit_rate"] = counts["exits"] / counts["possible_exits"]
    times = np.asarray(panel.times)
    return pd.DataFrame({
        "time_from": np.repeat(times[found["from"]], n_r),
        "time_to": np.repeat(times[found["to"]], n_r),
        "region": np.tile(np.asarray(panel.regions), n_steps),
        **{name: array.reshape(-1) for name, array in counts.items()},
    })
