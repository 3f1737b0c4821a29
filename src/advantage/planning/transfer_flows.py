r"""A destination signal for transfer matching from flows between regions.

Input-output tables of regions record what each region buys from the others (inflow) and
sells to them (outflow) in every activity; China's provincial tables do, for instance. A
relocating activity can move towards the demand that other regions serve today (the
"market-seeking" motive of relocation, Dunning 1993, *Multinational enterprises and the
global economy*, ch. 4): a destination that buys much of an activity from elsewhere,
relative to what it makes itself, is a market a relocating producer could serve from inside.

:func:`flow_intensity` gives, for destination :math:`d` and activity :math:`a`,

.. math:: f_{da} = \frac{F_{da, t_f}}{x_{da, t_1}}

where :math:`F` is the flow panel (for example inflow from other regions), :math:`t_f` its
latest period at or before the window's end :math:`t_1` (never later: the flows of the
outcome period are not read), and :math:`x` the activity's value in the destination at
:math:`t_1`. Undefined ratios (no value, no flow recorded) are NaN, which the matcher's
z-scores count as the average destination.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, plain
from advantage.panel import Panel

__all__ = ["flow_intensity", "flow_period"]


def flow_period(flows: Panel, to_year: Any) -> int:
    """Position of the latest period of ``flows`` at or before ``to_year``.

    Examples
    --------
    >>> p = Panel.from_cube(np.ones((3, 1, 1)), regions=["r"], activities=["a"],
    ...                     times=[2007, 2012, 2017])
    >>> int(flow_period(p, 2012)), int(flow_period(p, 2015))
    (1, 1)
    """
    try:
        times = np.asarray(flows.times, dtype=float)
        end = float(to_year)
    except (TypeError, ValueError):
        raise AdvantageError(f"flows need numeric periods to be matched to "
                             f"to_year={plain(to_year)!r}; they have "
                             f"{[plain(t) for t in flows.times]!r}.") from None
    before = np.flatnonzero(times <= end)
    if not len(before):
        raise AdvantageError(f"flows have no period at or before to_year={plain(to_year)!r} "
                             f"(periods {[plain(t) for t in flows.times]!r}).")
    return int(before[np.argmax(times[before])])


def flow_intensity(flows: Panel, values: np.ndarray, regions: pd.Index,
                   activities: pd.Index, to_year: Any) -> np.ndarray:
    """:math:`f_{da}` (module docs) for ``regions`` x ``activities``, shaped (activity, region).

    ``values`` holds :math:`x_{da, t_1}` aligned with ``regions`` (rows) and ``activities``
    (columns). Regions or activities the flows do not list get NaN.

    Examples
    --------
    >>> flows = Panel.from_cube(np.array([[[2.0, 0.0], [6.0, 1.0]]]), regions=["d1", "d2"],
    ...                         activities=["a", "b"], times=[2012])
    >>> x = np.array([[4.0, 1.0], [3.0, 0.0]])
    >>> flow_intensity(flows, x, pd.Index(["d1", "d2"]), pd.Index(["a", "b"]), 2012)
    array([[0.5, 2. ],
           [0. , nan]])
    """
    cube = flows.cube[flow_period(flows, to_year)]
    r = flows.regions.get_indexer(regions)
    a = flows.activities.get_indexer(activities)
    f = np.full((len(regions), len(activities)), np.nan)
    known = np.ix_(r >= 0, a >= 0)
    f[known] = cube[np.ix_(r[r >= 0], a[a >= 0])]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = f / np.asarray(values, dtype=float)
    return np.where(np.isfinite(ratio), ratio, np.nan).T
