"""Shift-share analysis: national, industry-mix and competitive components of regional change.

The change of every region x activity cell between a base and a final period is split into
what national growth, the activity's national growth and the region's own performance explain.
The nation is the sum of all regions in the panel. The components add up to the observed change
(up to floating-point rounding).

Zero national totals
--------------------
When an activity's national total is zero at the start of a period, its national growth rate is
undefined. With ``zero_base="error"`` (the default) this raises, naming the activities. With
``zero_base="competitive"`` the convention is explicit: every region's value of that activity
was zero too, so the national and industry-mix components are 0 and the whole change (the new
value) is competitive; the cells are marked ``base_zero=True``. A zero total of all activities
at the start of a period always raises.

Peers
-----
Matches REAT's ``shift`` (``shift.method = "Dunn"`` and ``"Esteban"``) and ``shiftd``. REAT
takes the nation as separate data; here it is the sum of the regions unless ``nation=`` gives
it (e.g. a published national total). REAT reports region totals, this module reports each
cell (``level="region"`` sums them).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.panel import Panel

__all__ = ["shift_share", "time_position"]


def time_position(panel: Panel, label: Any, name: str) -> int:
    """Position of a time label by the one label rule (:meth:`advantage.Panel.locate`)."""
    if not panel.has_time:
        raise AdvantageError("shift-share needs a panel with a time axis; build it with time=.")
    return int(panel.locate("time", label, name=name)[0])


def _nation_totals(nation: Panel, panel: Panel, positions: list[int]) -> np.ndarray:
    """The external nation's activity totals (period, activity) at the panel's positions."""
    if not nation.activities.equals(panel.activities):
        raise AdvantageError("nation= must have the panel's activities, in the same order.")
    times = list(panel.times)
    rows = [time_position(nation, times[k], "nation time") for k in positions]
    return np.concatenate([nation.cube_block(slice(k, k + 1)).sum(axis=1) for k in rows])


def _dunn(start: np.ndarray, end: np.ndarray, nation_i0: np.ndarray, nation_i1: np.ndarray,
          times: list[Any], zero_base: str) -> dict[str, np.ndarray]:
    """Classic components for steps shaped (step, region, activity); nation (step, activity)."""
    nation0, nation1 = nation_i0.sum(axis=1), nation_i1.sum(axis=1)
    if (nation0 <= 0).any():
        bad = [times[k] for k in np.flatnonzero(nation0 <= 0)]
        raise AdvantageError(f"the national total is zero in {bad!r}: growth from there is "
                             f"undefined.")
    inconsistent = (nation_i0 <= 0) & (start.sum(axis=1) > 0)
    if inconsistent.any():
        steps, cols = np.nonzero(inconsistent)
        raise AdvantageError(f"the nation has a zero total for activity #{cols[0]} in "
                             f"{times[steps[0]]!r} while regions have positive values there.")
    growth = nation1 / nation0
    zero = nation_i0 <= 0
    if zero.any() and zero_base == "error":
        steps, cols = np.nonzero(zero)
        shown = ", ".join(f"activity #{c} in {times[s]!r}" for s, c in zip(steps[:5], cols[:5],
                                                                             strict=True))
        raise AdvantageError(
            f"{len(steps)} activities have a national total of zero at the start of a period "
            f"({shown}), so their growth rate is undefined; pass zero_base='competitive' to "
            f"count their whole change as competitive."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(zero, growth[:, None], nation_i1 / nation_i0)
    national = start * (growth - 1.0)[:, None, None]
    mix = start * (ratio - growth[:, None])[:, None, :]
    competitive = end - start * ratio[:, None, :]
    return {"national": national, "industry_mix": mix, "competitive": competitive,
            "ratio": ratio, "zero": zero}


def shift_share(
    panel: Panel,
    base: Any,
    final: Any,
    *,
    method: Literal["dunn", "esteban-marquillas", "dynamic"] = "dunn",
    zero_base: Literal["error", "competitive"] = "error",
    level: Literal["cell", "region"] = "cell",
    nation: Panel | None = None,
) -> pd.DataFrame:
    r"""Shift-share decomposition of the change from ``base`` to ``final``.

    With :math:`E_{ra}` the region's value, :math:`N_a` the national value of the activity and
    :math:`N` the national total, at base (0) and final (1), :math:`g = N^1/N^0 - 1`,
    :math:`g_a = N_a^1/N_a^0 - 1` and :math:`r_{ra} = E_{ra}^1/E_{ra}^0 - 1`:

    .. math::

        E^1_{ra} - E^0_{ra} = \underbrace{E^0_{ra}\, g}_{national}
        + \underbrace{E^0_{ra} (g_a - g)}_{industry\ mix}
        + \underbrace{E^1_{ra} - E^0_{ra} (1 + g_a)}_{competitive}

    (Dunn 1960). ``"esteban-marquillas"`` (Esteban-Marquillas 1972) splits the competitive
    part with the homothetic value :math:`\hat E_{ra} = E^0_r N^0_a / N^0`, the value the
    region would have with the national structure:

    .. math::

        \hat E_{ra} (r_{ra} - g_a) \;(competitive) \; + \;
        (E^0_{ra} - \hat E_{ra})(r_{ra} - g_a) \;(allocation).

    Where :math:`E^0_{ra} = 0` the regional rate is undefined: the whole competitive part
    (:math:`E^1_{ra}`) stays in ``competitive``, ``allocation`` is 0 and ``new_cell`` is True.
    ``"dynamic"`` (Barff and Knight 1988) applies the classic split to each pair of consecutive
    periods of the panel between base and final and sums the components.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity) with a time axis.
    base, final : time labels
        The base and final periods (final after base).
    method : {"dunn", "esteban-marquillas", "dynamic"}
        The decomposition.
    zero_base : {"error", "competitive"}
        What to do when an activity's national total is zero at the start of a period (see
        the module notes): raise (default), or count its whole change as competitive and mark
        the cells ``base_zero``.
    level : {"cell", "region"}
        One row per region x activity (default) or per region (sums; flags become "any").
    nation : Panel, optional
        The reference economy's values (its regions are summed), with the panel's activities
        in the same order and the needed periods, e.g. a published national total as REAT's
        ``shift`` takes it. By default the nation is the sum of the panel's regions; with an
        external nation the competitive components need not net to zero over the regions.

    Returns
    -------
    pandas.DataFrame
        ``region, activity, base_value, final_value, change, national, industry_mix,
        competitive`` (+ ``allocation, new_cell`` for Esteban-Marquillas) and ``base_zero``.

    References
    ----------
    Dunn, E. S. (1960) A statistical and analytical technique for regional analysis, *Papers
    of the Regional Science Association* 6. Esteban-Marquillas, J. M. (1972) A reinterpretation
    of shift-share analysis, *Regional and Urban Economics* 2(3). Barff, R. A. and Knight,
    P. L. (1988) Dynamic shift-share analysis, *Growth and Change* 19(2).

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[[20.0, 10.0], [10.0, 10.0]], [[30.0, 10.0],
    ...                     [30.0, 10.0]]]), regions=["a", "b"], activities=["x", "y"],
    ...                     times=[2000, 2001])
    >>> out = shift_share(p, 2000, 2001, level="region")
    >>> out = out[["region", "change", "national", "industry_mix", "competitive"]]
    >>> out.round(9).values.tolist()
    [['a', 10.0, 18.0, 2.0, -10.0], ['b', 20.0, 12.0, -2.0, 10.0]]
    """
    check_choice("method", method, ["dunn", "esteban-marquillas", "dynamic"])
    check_choice("zero_base", zero_base, ["error", "competitive"])
    check_choice("level", level, ["cell", "region"])
    i0, i1 = time_position(panel, base, "base"), time_position(panel, final, "final")
    if i1 <= i0:
        raise AdvantageError(f"final={final!r} must come after base={base!r}.")
    times = list(panel.times)
    positions = list(range(i0, i1 + 1)) if method == "dynamic" else [i0, i1]
    cube = np.concatenate([panel.cube_block(slice(k, k + 1)) for k in positions])
    start, end, step_times = cube[:-1], cube[1:], [times[k] for k in positions[:-1]]
    totals = cube.sum(axis=1) if nation is None else _nation_totals(nation, panel, positions)
    parts = _dunn(start, end, totals[:-1], totals[1:], step_times, zero_base)
    base_value, final_value = start[0], end[-1]
    columns: dict[str, np.ndarray] = {
        "base_value": base_value, "final_value": final_value,
        "change": final_value - base_value,
        "national": parts["national"].sum(axis=0),
        "industry_mix": parts["industry_mix"].sum(axis=0),
        "competitive": parts["competitive"].sum(axis=0),
    }
    if method == "esteban-marquillas":
        nation_i0 = totals[0]
        homothetic = base_value.sum(axis=1, keepdims=True) * (nation_i0 / nation_i0.sum())
        new_cell = base_value <= 0
        with np.errstate(divide="ignore", invalid="ignore"):
            shift_rate = np.where(new_cell, 0.0, final_value / base_value - parts["ratio"][0])
        columns["competitive"] = np.where(new_cell, columns["competitive"],
                                          homothetic * shift_rate)
        columns["allocation"] = (base_value - homothetic) * shift_rate
        columns["new_cell"] = new_cell
    n_r, n_a = base_value.shape
    columns["base_zero"] = np.broadcast_to(parts["zero"].any(axis=0), (n_r, n_a))
    frame = pd.DataFrame({
        "region": np.repeat(np.asarray(panel.regions), n_a),
        "activity": np.tile(np.asarray(panel.activities), n_r),
        **{name: np.asarray(array).reshape(-1) for name, array in columns.items()},
    })
    if level == "region":
        frame = frame.drop(columns="activity").groupby("region", sort=False).agg(
            {c: ("any" if frame[c].dtype == bool else "sum") for c in columns}).reset_index()
    return frame
