"""Comparative advantage: RCA / location quotient, RPOP, presence, diversity and ubiquity.

Array functions take cubes shaped (time, region, activity) and work on every year at once;
the frame functions take a :class:`~advantage.panel.Panel` and return tidy tables.
A region or activity whose total is zero in a year gets NaN for that year only.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive
from advantage.panel import Panel, cells_frame

__all__ = [
    "diversity",
    "location_quotient",
    "presence",
    "population_array",
    "presence_from_panel",
    "rca",
    "rca_cube",
    "rpop_cube",
    "symmetric_rca",
    "ubiquity",
]


def rca_cube(x: np.ndarray) -> np.ndarray:
    r"""Balassa's revealed comparative advantage (the location quotient) of every cell.

    .. math::

        RCA_{ra} = \frac{x_{ra} / \sum_{a'} x_{ra'}}{\sum_{r'} x_{r'a} / \sum_{r'a'} x_{r'a'}}

    Balassa (1965), *Trade liberalisation and revealed comparative advantage*. In regional
    science the same ratio is the location quotient.

    Parameters
    ----------
    x : numpy.ndarray
        Values shaped (time, region, activity), non-negative.

    Returns
    -------
    numpy.ndarray
        Same shape; NaN where the region's or the activity's total that year is zero.

    Examples
    --------
    >>> import numpy as np
    >>> rca_cube(np.array([[[1.0, 1.0], [0.0, 2.0]]])).round(3).tolist()
    [[[2.0, 0.667], [0.0, 1.333]]]
    """
    x = np.asarray(x, dtype=float)
    region_total = x.sum(axis=2, keepdims=True)
    activity_total = x.sum(axis=1, keepdims=True)
    total = region_total.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x / region_total
        out *= total / activity_total
    valid = (region_total > 0) & (activity_total > 0)
    out[~np.broadcast_to(valid, out.shape)] = np.nan
    return out


def rpop_cube(x: np.ndarray, population: np.ndarray) -> np.ndarray:
    r"""Revealed per-capita advantage (RPOP) of every cell.

    .. math::

        RPOP_{ra} = \frac{x_{ra} / \sum_{r'} x_{r'a}}{pop_r / \sum_{r'} pop_{r'}}

    as in the Growth Lab's ``ecomplexity`` (``complexity_rpop.ado``), where the population
    total runs over the regions present that year.

    Parameters
    ----------
    x : numpy.ndarray
        Values shaped (time, region, activity).
    population : numpy.ndarray
        Population shaped (time, region) or (region,), positive where the region is used.

    Returns
    -------
    numpy.ndarray
        NaN where the activity total or the region's population is zero or missing.
    """
    x = np.asarray(x, dtype=float)
    pop = np.broadcast_to(np.asarray(population, dtype=float), x.shape[:2])
    usable = np.isfinite(pop) & (pop > 0) & (x.sum(axis=2) > 0)
    pop = np.where(usable, pop, 0.0)
    activity_total = x.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_of_pop = pop / pop.sum(axis=1, keepdims=True)
        out = (x / activity_total) / share_of_pop[:, :, None]
    valid = usable[:, :, None] & (activity_total > 0)
    return np.where(valid, out, np.nan)


def symmetric_rca(rca_values: np.ndarray) -> np.ndarray:
    r"""The symmetric (continuous) RCA, bounded in [-1, 1].

    .. math:: RSCA = \frac{RCA - 1}{RCA + 1}

    Dalum, Laursen and Villumsen (1998), *Structural change in OECD export specialisation
    patterns*; Laursen (2015).

    Examples
    --------
    >>> symmetric_rca(np.array([0.0, 1.0, 3.0])).tolist()
    [-1.0, 0.0, 0.5]
    """
    rca_values = np.asarray(rca_values, dtype=float)
    return (rca_values - 1.0) / (rca_values + 1.0)


def presence(
    rca_values: np.ndarray,
    threshold: float = 1.0,
    *,
    strict: bool = False,
    rpop_values: np.ndarray | None = None,
    rpop_threshold: float | None = None,
) -> np.ndarray:
    r"""Binary presence :math:`M_{ra}`: RCA at or above a threshold.

    .. math:: M_{ra} = [RCA_{ra} \ge t] \;\lor\; [RPOP_{ra} \ge t_{pop}]

    The RPOP test is used only when ``rpop_values`` is given; with both, a cell is present
    when either test passes (the ``ecomplexity`` "combination" rule). Cells with NaN
    (absent region or activity) are not present.

    Parameters
    ----------
    rca_values : numpy.ndarray
        RCA cube; pass ``None``-like NaNs for absent cells.
    threshold : float
        RCA threshold ``t`` (default 1).
    strict : bool
        Use ``>`` instead of ``>=`` (the Stata ``ecomplexity`` convention).
    rpop_values, rpop_threshold : numpy.ndarray, float, optional
        RPOP cube and its threshold for the OR test.

    Returns
    -------
    numpy.ndarray
        Float array of 0.0 and 1.0 (floats, ready for matrix products).

    Examples
    --------
    >>> presence(np.array([0.5, 1.0, np.nan, 2.0])).tolist()
    [0.0, 1.0, 0.0, 1.0]
    >>> presence(np.array([0.5, 1.0]), strict=True).tolist()
    [0.0, 0.0]
    """
    check_positive("threshold", threshold, strict=False)
    compare = np.greater if strict else np.greater_equal
    with np.errstate(invalid="ignore"):
        m = compare(rca_values, threshold)
        if rpop_values is not None:
            if rpop_threshold is None:
                raise AdvantageError("rpop_threshold is required when rpop_values is given.")
            m |= compare(rpop_values, rpop_threshold)
    return m.astype(float)


def presence_from_panel(panel: Panel, like: Panel) -> np.ndarray:
    """A user-supplied presence matrix (a panel of 0/1 values) aligned to ``like``'s axes.

    Labels missing from ``panel`` count as absent; values other than 0 and 1 raise.
    """
    cube = panel.cube
    if not np.isin(cube, (0.0, 1.0)).all():
        raise AdvantageError("a presence panel must hold only 0 and 1.")
    out = np.zeros(like.shape)
    t = like.times.get_indexer(panel.times)
    r = like.regions.get_indexer(panel.regions)
    a = like.activities.get_indexer(panel.activities)
    if (t < 0).any() or (r < 0).any() or (a < 0).any():
        raise AdvantageError("the presence panel has times, regions or activities that the "
                             "value panel does not have.")
    out[np.ix_(t, r, a)] = cube
    return out


def diversity(m: np.ndarray) -> np.ndarray:
    r"""Diversity :math:`k_{r,0} = \sum_a M_{ra}`, shaped (time, region).

    Hidalgo and Hausmann (2009).
    """
    return np.asarray(m).sum(axis=2)


def ubiquity(m: np.ndarray) -> np.ndarray:
    r"""Ubiquity :math:`k_{a,0} = \sum_r M_{ra}`, shaped (time, activity).

    Hidalgo and Hausmann (2009).
    """
    return np.asarray(m).sum(axis=1)


def rca(
    panel: Panel,
    *,
    threshold: float = 1.0,
    strict: bool = False,
    population: Any = None,
    rpop_threshold: float | None = None,
    kind: Literal["rca", "rpop", "either"] = "rca",
) -> pd.DataFrame:
    """Tidy RCA (and RPOP), presence, diversity-ready table for a panel.

    Parameters
    ----------
    panel : Panel
    threshold : float
        RCA presence threshold.
    strict : bool
        ``>`` instead of ``>=``.
    population : pandas.DataFrame or numpy.ndarray, optional
        Needed for ``kind="rpop"`` or ``"either"``: an array shaped (time, region) or a frame
        with columns ``region``, ``population`` and, for timed panels, ``time``.
    rpop_threshold : float, optional
        RPOP presence threshold (default: ``threshold``).
    kind : {"rca", "rpop", "either"}
        Which test defines presence.

    Returns
    -------
    pandas.DataFrame
        Columns time, region, activity, value, rca, [rpop], mcp.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"r": ["a", "a", "b"], "i": ["x", "y", "x"], "v": [1.0, 1.0, 2.0]})
    >>> rca(Panel.from_long(df, region="r", activity="i", value="v"))["mcp"].tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    check_choice("kind", kind, ["rca", "rpop", "either"])
    x = panel.cube
    r = rca_cube(x)
    columns: dict[str, np.ndarray] = {"value": x, "rca": r}
    if kind == "rca":
        m = presence(r, threshold, strict=strict)
    else:
        if population is None:
            raise AdvantageError(f"kind={kind!r} needs population=.")
        p = rpop_cube(x, population_array(panel, population))
        columns["rpop"] = p
        t_pop = threshold if rpop_threshold is None else rpop_threshold
        if kind == "rpop":
            m = presence(p, t_pop, strict=strict)
        else:
            m = presence(r, threshold, strict=strict, rpop_values=p, rpop_threshold=t_pop)
    columns["mcp"] = m
    return cells_frame(panel, columns)


def location_quotient(panel: Panel) -> pd.DataFrame:
    """Location quotients (the same ratio as :func:`rca_cube`) as a tidy table ``lq``."""
    return cells_frame(panel, {"value": panel.cube, "lq": rca_cube(panel.cube)})


def population_array(panel: Panel, population: Any) -> np.ndarray:
    """Align a population table or array to the panel's (time, region) axes."""
    if isinstance(population, np.ndarray):
        return np.broadcast_to(population.astype(float), panel.shape[:2])
    frame = pd.DataFrame(population)
    needed = ["region", "population"] + (["time"] if panel.has_time else [])
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise AdvantageError(f"the population table needs columns {needed}; missing {missing}.")
    out = np.full(panel.shape[:2], np.nan)
    r = panel.regions.get_indexer(pd.Index(frame["region"]))
    t = (panel.times.get_indexer(pd.Index(frame["time"])) if panel.has_time
         else np.zeros(len(frame), int))
    keep = (r >= 0) & (t >= 0)
    out[t[keep], r[keep]] = frame["population"].to_numpy(dtype=float)[keep]
    return out
