"""The whole indicator set of the core engine, computed once per panel with shared work.

:func:`compute_indicators` runs comparative advantage, complexity and relatedness for every
year at once and returns an :class:`Indicators` object whose arrays are labelled by the panel
and whose :meth:`~Indicators.cells`, :meth:`~Indicators.regions` and
:meth:`~Indicators.activities` give tidy tables.

Conventions
-----------
``"stata"`` reproduces the Growth Lab's Stata ``ecomplexity`` (``ecomplexity.ado`` and the
files it calls). ``"default"`` differs from it in exactly these ways:

=====================  ==========================================  ==============================
item                   default                                     stata
=====================  ==========================================  ==============================
presence               RCA >= threshold                            RCA > threshold
ECI standardisation    mean and sd (n) over regions                mean and sd (n-1) over the
                                                                   region x activity rows
PCI standardisation    its own mean and sd (n) over activities     ECI's mean and sd
COI                    sum of density x absence x PCI, as is       the same with Stata's
                                                                   unstandardised PCI, then
                                                                   standardised like ECI
COG                    Atlas formula with the ``- density x PCI``  without that term, divided by
                       term, on the standardised PCI               ECI's sd
=====================  ==========================================  ==============================

Both use the minimum-conditional-probability proximity with a zero diagonal for density, and
the eigenvector of the second-largest eigenvalue for ECI and PCI, with ECI oriented to
correlate positively with diversity and PCI taken from the same eigenvector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive
from advantage.measures.advantage import population_array, presence, rca_cube, rpop_cube
from advantage.measures.complexity import (
    complexity_vectors,
    fitness_complexity,
    long_row_moments,
    standardise,
)
from advantage.measures.relatedness import complexity_outlook, density_and_weights, proximity
from advantage.panel import Panel, axis_frame, cells_frame

__all__ = ["Indicators", "compute_indicators"]


@dataclass(frozen=True, eq=False)
class Indicators:
    """Every core indicator of a panel, as arrays aligned with the panel's axes.

    Cell arrays are shaped (time, region, activity), region arrays (time, region), activity
    arrays (time, activity) and ``proximity`` (time, activity, activity). Cells of a region or
    activity absent in a year are NaN in the tidy tables.
    """

    panel: Panel
    convention: str
    threshold: float
    rca: np.ndarray
    mcp: np.ndarray
    density: np.ndarray
    cog: np.ndarray
    proximity: np.ndarray
    diversity: np.ndarray
    eci: np.ndarray
    coi: np.ndarray
    fitness: np.ndarray
    ubiquity: np.ndarray
    pci: np.ndarray
    complexity: np.ndarray

    @property
    def valid_cells(self) -> np.ndarray:
        """Boolean (time, region, activity): both the region and the activity are present."""
        vr = self.panel.present_regions()
        va = self.panel.present_activities()
        return vr[:, :, None] & va[:, None, :]

    def cells(self) -> pd.DataFrame:
        """Tidy table: time, region, activity, value, rca, mcp, density, distance, cog."""
        valid = self.valid_cells
        def blank(a: np.ndarray) -> np.ndarray:
            return np.where(valid, a, np.nan)
        dens = blank(self.density)
        return cells_frame(self.panel, {
            "value": self.panel.cube, "rca": self.rca, "mcp": blank(self.mcp),
            "density": dens, "distance": 1.0 - dens, "cog": blank(self.cog),
        })

    def regions(self) -> pd.DataFrame:
        """Tidy table: time, region, diversity, eci, coi, fitness."""
        vr = self.panel.present_regions()
        return axis_frame(self.panel, "region", {
            "diversity": np.where(vr, self.diversity, np.nan), "eci": self.eci,
            "coi": self.coi, "fitness": self.fitness,
        })

    def activities(self) -> pd.DataFrame:
        """Tidy table: time, activity, ubiquity, pci, complexity."""
        va = self.panel.present_activities()
        return axis_frame(self.panel, "activity", {
            "ubiquity": np.where(va, self.ubiquity, np.nan), "pci": self.pci,
            "complexity": self.complexity,
        })


def compute_indicators(
    panel: Panel,
    *,
    convention: Literal["default", "stata"] = "default",
    threshold: float = 1.0,
    population: Any = None,
    rpop_threshold: float | None = None,
    presence_cube: np.ndarray | None = None,
    proximity_method: Literal["min", "max", "geometric"] = "min",
    with_fitness: bool = True,
    block_cells: int | None = None,
) -> Indicators:
    """Compute RCA, presence, ECI/PCI, fitness, proximity, density, COI and COG.

    Parameters
    ----------
    panel : Panel
    convention : {"default", "stata"}
        See the module documentation for every difference.
    threshold : float
        RCA presence threshold (1 by default).
    population : array or DataFrame, optional
        With ``rpop_threshold``: presence is RCA or RPOP at or above their thresholds.
    rpop_threshold : float, optional
        RPOP threshold; required with ``population`` and only with it.
    presence_cube : numpy.ndarray, optional
        A user-supplied presence matrix (time, region, activity) of 0/1, used instead of the
        RCA test (see :func:`~advantage.measures.advantage.presence_from_panel`).
    proximity_method : {"min", "max", "geometric"}
        Proximity used for density and COG.
    with_fitness : bool
        Also compute fitness and complexity (Tacchella et al. 2012).
    block_cells : int, optional
        Work on blocks of years holding at most this many cells at once (default: the
        panel's dense-storage limit); bounds memory for sparse panels. Years are independent,
        so the result does not depend on it.

    Returns
    -------
    Indicators

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"r": list("aabbc"), "i": list("xyxzz"), "v": [3., 1., 1., 2., 5.]})
    >>> ind = compute_indicators(Panel.from_long(df, region="r", activity="i", value="v"))
    >>> ind.regions()[["region", "diversity"]].values.tolist()
    [['a', 2.0], ['b', 2.0], ['c', 1.0]]
    """
    check_choice("convention", convention, ["default", "stata"])
    check_positive("threshold", threshold, strict=False)
    if presence_cube is not None:
        presence_cube = np.asarray(presence_cube, dtype=float)
        if presence_cube.shape != panel.shape:
            raise AdvantageError(f"presence_cube has shape {presence_cube.shape}; the panel "
                                 f"has shape {panel.shape} (time, region, activity).")
        if not np.isin(presence_cube, (0.0, 1.0)).all():
            raise AdvantageError("presence_cube must hold only 0 and 1.")
    if (population is None) != (rpop_threshold is None):
        raise AdvantageError("population= and rpop_threshold= go together: presence by RPOP "
                             "needs both (or neither, for presence by RCA alone).")
    pop = population_array(panel, population) if population is not None else None
    parts = [_block(panel.cube_block(block), convention, threshold,
                    None if pop is None else pop[block], rpop_threshold,
                    None if presence_cube is None else presence_cube[block],
                    proximity_method, with_fitness)
             for block in (panel.blocks(block_cells) if block_cells else panel.blocks())]
    joined = parts[0] if len(parts) == 1 else {
        key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    return Indicators(panel=panel, convention=convention, threshold=float(threshold), **joined)


def _block(x: np.ndarray, convention: str, threshold: float, pop: np.ndarray | None,
           rpop_threshold: float | None, given: np.ndarray | None, method: Any,
           with_fitness: bool) -> dict[str, np.ndarray]:
    strict = convention == "stata"
    r = rca_cube(x)
    if given is not None:
        m = np.asarray(given, dtype=float)
    elif pop is not None and rpop_threshold is not None:
        m = presence(r, threshold, strict=strict, rpop_values=rpop_cube(x, pop),
                     rpop_threshold=rpop_threshold)
    else:
        m = presence(r, threshold, strict=strict)
    vectors = complexity_vectors(m)
    eci, pci, sd_eci, _ = standardise(vectors, convention)  # type: ignore[arg-type]
    phi = proximity(m, method)
    dens, sums = density_and_weights(m, phi)  # phi is symmetric: column sums = row sums
    va = vectors.valid_activities
    if convention == "stata":
        coi_raw, cog = complexity_outlook(m, dens, phi, vectors.kp, va, convention="stata",
                                          row_sums=sums)
        cog /= sd_eci[:, None, None]
        mean, sd = long_row_moments(coi_raw, vectors.valid_regions, va)
        with np.errstate(invalid="ignore", divide="ignore"):
            coi = (coi_raw - mean[:, None]) / sd[:, None]
    else:
        coi, cog = complexity_outlook(m, dens, phi, pci, va, convention="default",
                                      row_sums=sums)
    vr = vectors.valid_regions
    coi = np.where(vr, coi, np.nan)
    if with_fitness:
        fitness, fc_complexity = fitness_complexity(m)
    else:
        fitness = np.full(vr.shape, np.nan)
        fc_complexity = np.full(va.shape, np.nan)
    return {"rca": r, "mcp": m, "density": dens, "cog": cog, "proximity": phi,
            "diversity": m.sum(axis=2), "eci": eci, "coi": coi, "fitness": fitness,
            "ubiquity": m.sum(axis=1), "pci": pci, "complexity": fc_complexity}
