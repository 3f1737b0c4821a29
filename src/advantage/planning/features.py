r"""Backtest targets and leakage-checked features for predicting which activities regions enter.

**Target** (Tacchella, Mazzilli and Pietronero 2018; Albora, Zaccaria and Contucci 2022,
*Machine learning to assess relatedness: the advantage of using firm-level data*; Albora,
Pietronero, Tacchella and Zaccaria 2023, *Product progression*): a candidate is a
(region, activity) cell *clearly absent* up to the base period, :math:`RCA_{ra,t'} < 0.25`
for every observed :math:`t' \le t`; it is *positive* when the activity becomes present,
:math:`RCA \ge 1`, in a target period (any period in :math:`(t, t+h]` with
``target="any"``, the last one with ``target="end"``).

**Features** of a cell at base period :math:`t` (and the period before, :math:`t^-`), every one
built from periods at or before :math:`t` only, each recorded with the latest period it reads:
RCA now and before and its change, the highest RCA so far, relatedness density (binary and
continuous) and its change, COG, PCI, ubiquity, diversity, ECI, COI, the region's and the
activity's size, the activity's national growth, and whether the cell has any value (the
raw feature set of the first learned scorer; the current one reads the period-invariant
features of :mod:`~advantage.planning.signals` through the same :class:`Reader`).
:func:`check_leakage` refuses any feature that reads the first target period or later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.measures.advantage import symmetric_rca
from advantage.measures.indicators import Indicators
from advantage.measures.relatedness import density

__all__ = [
    "FEATURES",
    "LeakageError",
    "Reader",
    "Split",
    "build_features",
    "check_leakage",
    "history",
    "make_splits",
    "targets",
]

FEATURES = (
    "rca", "rca_prev", "rca_change", "rca_max_past", "density", "density_prev",
    "density_change", "density_continuous", "cog", "pci", "ubiquity", "diversity", "eci",
    "coi", "log_region_size", "log_activity_size", "activity_growth", "has_value",
)


class LeakageError(AdvantageError):
    """A feature reads a period at or after the first period it is meant to predict."""


@dataclass(frozen=True)
class Split:
    """One prediction problem: features at ``base``, outcome over ``targets`` (positions)."""

    base: int
    targets: tuple[int, ...]


def make_splits(times: pd.Index, horizon: int | str) -> list[Split]:
    """Pair each base period with the periods of the next ``horizon`` years.

    With ``horizon="next"`` each period is paired with the next available one (irregular
    panels such as census years). With a number ``h`` and numeric times, the targets are
    the periods in :math:`(t, t+h]` and a base is used only when the panel reaches
    :math:`t+h`; non-numeric times count periods.

    Examples
    --------
    >>> [(s.base, s.targets) for s in make_splits(pd.Index([2011, 2016, 2021]), "next")]
    [(0, (1,)), (1, (2,))]
    >>> [(s.base, s.targets) for s in make_splits(pd.Index([2000, 2001, 2002, 2003]), 2)]
    [(0, (1, 2)), (1, (2, 3))]
    """
    n = len(times)
    if horizon == "next":
        return [Split(i, (i + 1,)) for i in range(n - 1)]
    try:
        h = float(horizon)
    except (TypeError, ValueError):
        raise AdvantageError(f"horizon={horizon!r} is not valid; expected a positive number "
                             "of years or 'next'.") from None
    if not h > 0:
        raise AdvantageError(f"horizon={horizon!r} is not valid; expected a positive number "
                             "of years or 'next'.")
    if not pd.api.types.is_numeric_dtype(times):
        step = int(h)
        return [Split(i, tuple(range(i + 1, i + step + 1))) for i in range(n - step)]
    values = np.asarray(times, dtype=float)
    out = []
    for i in range(n):
        inside = np.nonzero((values > values[i]) & (values <= values[i] + h))[0]
        if inside.size and values[-1] >= values[i] + h:
            out.append(Split(i, tuple(int(j) for j in inside)))
    return out


def targets(rca: np.ndarray, split: Split, *, absent: float = 0.25, present: float = 1.0,
            target: Literal["any", "end"] = "any") -> tuple[np.ndarray, np.ndarray]:
    """Candidate mask and outcome (region, activity) for one split (module docs).

    Cells whose region or activity is missing (NaN RCA) in the base period or in the last
    target period are not candidates: their outcome cannot be observed.
    """
    check_choice("target", target, ["any", "end"])
    past = rca[: split.base + 1]
    with np.errstate(invalid="ignore"):
        clearly_absent = np.where(np.isnan(past), True, past < absent).all(axis=0)
        future = rca[list(split.targets)]
        hits = future >= present
    observed = np.isfinite(rca[split.base]) & np.isfinite(rca[split.targets[-1]])
    label = hits.any(axis=0) if target == "any" else hits[-1]
    return clearly_absent & observed, label & clearly_absent & observed


def history(ind: Indicators, base: int) -> Indicators:
    """The indicators of periods up to ``base`` only.

    Every indicator of :func:`~advantage.measures.compute_indicators` is computed period by
    period, so slicing equals recomputing on the truncated panel.
    """
    keep = slice(0, base + 1)
    panel = ind.panel.select(times=list(ind.panel.times[keep]))
    arrays = {name: getattr(ind, name)[keep] for name in (
        "rca", "mcp", "density", "cog", "proximity", "diversity", "eci", "coi", "fitness",
        "ubiquity", "pci", "complexity")}
    return replace(ind, panel=panel, **arrays)


class Reader:
    """Reads indicator arrays by period and remembers the latest period read.

    ``reader(name, when)`` returns ``getattr(ind, name)[when]`` (``"value"`` reads the
    panel's values) for a position or a slice of positions, and ``reader.latest`` is the
    latest position read so far: what :func:`check_leakage` tests.
    """

    def __init__(self, ind: Indicators) -> None:
        self.ind = ind
        self.latest = -1

    def __call__(self, name: str, when: int | slice) -> np.ndarray:
        """The array ``name`` at position(s) ``when``, recording the latest position read."""
        last = when if isinstance(when, int) else when.stop - 1
        if (when if isinstance(when, int) else when.start or 0) < 0:
            raise AdvantageError("feature periods must be given as non-negative positions.")
        self.latest = max(self.latest, last)
        if name == "value":
            block = slice(when, when + 1) if isinstance(when, int) else when
            cube = self.ind.panel.cube_block(block)
            return cube[0] if isinstance(when, int) else cube
        return np.asarray(getattr(self.ind, name)[when])


def _broadcast(v: np.ndarray, shape: tuple[int, ...], axis: int) -> np.ndarray:
    return np.broadcast_to(v[:, None] if axis == 0 else v[None, :], shape)


_Reader = Reader  # the name the leakage tests patch around


def _feature(name: str, g: Reader, b: int) -> np.ndarray:
    shape = g.ind.rca.shape[1:]
    prev = b - 1
    if name in ("rca_prev", "rca_change", "density_prev", "density_change",
                "activity_growth") and prev < 0:
        return np.full(shape, np.nan)
    if name == "rca":
        return g("rca", b)
    if name == "rca_prev":
        return g("rca", prev)
    if name == "rca_change":
        return g("rca", b) - g("rca", prev)
    if name == "rca_max_past":
        past = g("rca", slice(0, b + 1))
        return np.where(np.isnan(past), -np.inf, past).max(axis=0)
    if name in ("density", "cog"):
        return g(name, b)
    if name == "density_prev":
        return g("density", prev)
    if name == "density_change":
        return g("density", b) - g("density", prev)
    if name == "density_continuous":
        levels = (symmetric_rca(np.nan_to_num(g("rca", slice(b, b + 1)))) + 1.0) / 2.0
        return density(levels, g("proximity", slice(b, b + 1)))[0]
    if name == "pci":
        return _broadcast(g("pci", b), shape, 1)
    if name == "ubiquity":
        return _broadcast(g("ubiquity", b) / max(np.isfinite(g("eci", b)).sum(), 1), shape, 1)
    if name == "diversity":
        return _broadcast(g("diversity", b) / max(np.isfinite(g("pci", b)).sum(), 1), shape, 0)
    if name == "eci":
        return _broadcast(g("eci", b), shape, 0)
    if name == "coi":
        coi = g("coi", b)
        return _broadcast((coi - np.nanmean(coi)) / np.nanstd(coi), shape, 0)
    if name == "log_region_size":
        return _broadcast(np.log(g("value", b).sum(axis=1)), shape, 0)
    if name == "log_activity_size":
        return _broadcast(np.log(g("value", b).sum(axis=0)), shape, 1)
    if name == "activity_growth":
        return _broadcast(np.log(g("value", b).sum(axis=0) / g("value", prev).sum(axis=0)),
                          shape, 1)
    if name == "has_value":
        return (g("value", b) > 0).astype(float)
    raise AdvantageError(f"unknown feature {name!r}; expected one of {list(FEATURES)!r}.")


def build_features(ind: Indicators, base: int, names: tuple[str, ...] = FEATURES
                   ) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Features (region, activity) at period ``base`` and the latest period each one reads.

    Every feature reads the indicators through a recorder, so ``reads`` is what the code
    actually touched, not what it promises; :func:`check_leakage` tests it.

    Parameters
    ----------
    ind : Indicators
        Indicators of the panel (periods after ``base`` are never read).
    base : int
        Position of the base period.
    names : tuple of str
        Features to build (default :data:`FEATURES`).

    Returns
    -------
    features, reads : dict, dict
        Name -> array (region, activity), and name -> the latest period position read.
    """
    feats, reads = {}, {}
    for name in names:
        reader = Reader(ind)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = _feature(name, reader, base)
        feats[name] = np.where(np.isfinite(value), value, np.nan)
        reads[name] = reader.latest
    return feats, reads


def check_leakage(reads: dict[str, int], split: Split, times: pd.Index | None = None) -> None:
    """Raise :class:`LeakageError` if a feature reads the first target period or later.

    Examples
    --------
    >>> check_leakage({"rca": 0}, Split(0, (1,)))  # reads period 0 to predict period 1: fine
    >>> check_leakage({"rca": 1}, Split(0, (1,)))
    Traceback (most recent call last):
    ...
    advantage.planning.features.LeakageError: feature 'rca' reads period 1, at or after the ...
    """
    first = min(split.targets)
    for name, used in reads.items():
        if used >= first:
            label = (lambda i: times[i]) if times is not None else (lambda i: i)
            raise LeakageError(f"feature {name!r} reads period {label(used)}, at or after the "
                               f"first predicted period {label(first)}.")
