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

Kernels
-------
The numbers come from one of two kernels, which agree to rounding: the dense kernel
(:mod:`~advantage.measures.dense_kernel`, cubes of blocks of years) and the sparse kernel
(:mod:`~advantage.measures.sparse_kernel`, scipy sparse matrices, never a dense cube of
cells). ``kernel="auto"`` picks by :func:`choose_kernel`: sparse when at most 5% of at least
a million cells are non-zero. After the sparse kernel the cells table holds the non-zero
cells by default (``rows="auto"``); ``rows="all"`` gives every cell
(:meth:`Indicators.resolve_rows` says why). ``docs/performance.md`` has the details.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, AdvantageWarning, check_choice, check_positive, plain
from advantage.measures.advantage import population_array
from advantage.measures.dense_kernel import DenseCells, dense_block
from advantage.panel import SPARSE_MIN_CELLS, SPARSE_SHARE, Panel, axis_frame, is_sparse_shape

if TYPE_CHECKING:
    import pyarrow as pa

    from advantage.measures.sparse_kernel import SparseCells

__all__ = ["SPARSE_MIN_CELLS", "SPARSE_SHARE", "Indicators", "choose_kernel",
           "compute_indicators"]

Rows = Literal["auto", "all", "nonzero"]


@dataclass(frozen=True, eq=False)
class Indicators:
    """Every core indicator of a panel, aligned with the panel's axes.

    Region arrays are shaped (time, region), activity arrays (time, activity). The cell
    indicators (``rca``, ``mcp``, ``density``, ``cog``) are cubes shaped (time, region,
    activity) and ``proximity`` is shaped (time, activity, activity). Cells of a region or
    activity absent in a year are NaN in the tidy tables.

    ``kernel`` says how they were computed. After the ``"dense"`` kernel the cubes are
    arrays in memory. After the ``"sparse"`` kernel only the non-zero cells and the
    proximity are held (in ``store``), and each cube is a
    :class:`~advantage.measures.sparse_kernel.LazyCube` that computes the periods it is
    indexed by (``ind.density[t]``) or the whole cube when converted (``np.asarray``); the
    tidy tables (:meth:`cell_batches`, :meth:`cells`) stay sparse.
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
    kernel: str = "dense"
    store: SparseCells | None = None

    def cell_store(self) -> DenseCells | SparseCells:
        """Where the cell indicators live: the sparse kernel's store, or the cubes."""
        if self.store is not None and not isinstance(self.rca, np.ndarray):  # lazy cubes
            return self.store
        return DenseCells(*(np.asarray(getattr(self, name)) for name in
                            ("rca", "mcp", "density", "cog", "proximity")))

    @property
    def valid_cells(self) -> np.ndarray:
        """Boolean (time, region, activity): both the region and the activity are present."""
        vr = self.panel.present_regions()
        va = self.panel.present_activities()
        return vr[:, :, None] & va[:, None, :]

    def resolve_rows(self, rows: Rows = "auto") -> Literal["all", "nonzero"]:
        """Which cells the tidy cells table holds: ``"all"`` or ``"nonzero"``.

        ``"auto"`` gives every cell after the dense kernel and the non-zero cells after the
        sparse kernel: a sparse panel's full table is mostly rows of zeros, one to two
        orders of magnitude larger than its input. ``"all"`` always gives every cell.
        """
        check_choice("rows", rows, ["auto", "all", "nonzero"])
        if rows == "auto":
            return "nonzero" if self.kernel == "sparse" else "all"
        return "nonzero" if rows == "nonzero" else "all"

    def cells(self, rows: Rows = "auto") -> pd.DataFrame:
        """Tidy table: time, region, activity, value, rca, mcp, density, distance, cog.

        ``rows`` chooses the cells (see :meth:`resolve_rows`): after the dense kernel the
        default is every cell of the panel, as always.
        """
        from advantage.measures.tidy_batches import cell_frames

        frames = list(cell_frames(self, self.resolve_rows(rows)))
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    def regions(self) -> pd.DataFrame:
        """Tidy table: time, region, diversity, eci, coi, fitness."""
        return axis_frame(self.panel, "region", self._region_columns())

    def activities(self) -> pd.DataFrame:
        """Tidy table: time, activity, ubiquity, pci, complexity."""
        return axis_frame(self.panel, "activity", self._activity_columns())

    def _region_columns(self) -> dict[str, np.ndarray]:
        vr = self.panel.present_regions()
        return {"diversity": np.where(vr, self.diversity, np.nan), "eci": self.eci,
                "coi": self.coi, "fitness": self.fitness}

    def _activity_columns(self) -> dict[str, np.ndarray]:
        va = self.panel.present_activities()
        return {"ubiquity": np.where(va, self.ubiquity, np.nan), "pci": self.pci,
                "complexity": self.complexity}

    def cell_batches(self, rows: Rows = "auto", *,
                     max_rows: int = 250_000) -> Iterator[pa.RecordBatch]:
        """The cells table as Arrow record batches, one block of periods at a time.

        Each batch holds whole periods (a period larger than ``max_rows`` rows is split by
        regions), so the table never exists whole in memory. Labels keep the panel's types:
        text codes stay text. Missing values are Arrow nulls.
        """
        from advantage.measures.tidy_batches import cell_batches

        return cell_batches(self, self.resolve_rows(rows), max_rows=max_rows)

    def region_batches(self) -> Iterator[pa.RecordBatch]:
        """The regions table as Arrow record batches (see :meth:`cell_batches`)."""
        from advantage.measures.tidy_batches import axis_batches

        return axis_batches(self.panel, "region", self._region_columns())

    def activity_batches(self) -> Iterator[pa.RecordBatch]:
        """The activities table as Arrow record batches (see :meth:`cell_batches`)."""
        from advantage.measures.tidy_batches import axis_batches

        return axis_batches(self.panel, "activity", self._activity_columns())


def choose_kernel(panel: Panel, *, threshold: float = 1.0, strict: bool = False,
                  presence_cube: np.ndarray | None = None,
                  rpop_threshold: float | None = None) -> str:
    """The kernel ``kernel="auto"`` uses: ``"sparse"`` or ``"dense"``.

    The rule: **sparse** when at most :data:`~advantage.panel.SPARSE_SHARE` (5%) of the
    panel's cells are non-zero and the panel has at least
    :data:`~advantage.panel.SPARSE_MIN_CELLS` (one million) cells (the rule by which
    :meth:`~advantage.panel.Panel.from_long` stores a panel sparse), and
    presence cannot hold a zero cell (a threshold of 0 with ``>=`` makes every cell of a
    present region and activity present, so presence would not be sparse); **dense**
    otherwise. A user-supplied presence cube is dense already, so it keeps the dense kernel.
    """
    zero_present = not strict and (threshold <= 0 or (rpop_threshold is not None
                                                       and rpop_threshold <= 0))
    if zero_present or presence_cube is not None:
        return "dense"
    return "sparse" if is_sparse_shape(panel.shape, panel.nonzero_count()) else "dense"


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
    kernel: Literal["auto", "dense", "sparse"] = "auto",
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
        With the dense kernel, work on blocks of years holding at most this many cells at
        once (default: the panel's dense-storage limit). Years are independent, so the
        result does not depend on it.
    kernel : {"auto", "dense", "sparse"}
        ``"dense"`` computes on dense arrays, one block of years at a time; ``"sparse"`` on
        scipy sparse matrices, one year at a time, never building a dense cube of the cells
        (density and COG of a cell are computed when a table asks for them). Both give the
        same numbers. ``"auto"`` picks by :func:`choose_kernel`; the choice is
        ``Indicators.kernel``.

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
    check_choice("kernel", kernel, ["auto", "dense", "sparse"])
    if kernel == "auto":
        kernel = choose_kernel(panel, threshold=threshold, strict=convention == "stata",  # type: ignore[assignment]
                               presence_cube=presence_cube, rpop_threshold=rpop_threshold)
    settings: dict[str, Any] = {"convention": convention, "threshold": float(threshold),
                "rpop_threshold": rpop_threshold, "method": proximity_method,
                "with_fitness": with_fitness}
    if kernel == "sparse":
        # Imported here: scipy.sparse is slow to import and the dense kernel does not need it.
        from advantage.measures.sparse_kernel import LazyCube, sparse_indicators

        store, vectors = sparse_indicators(panel, pop=pop, given=presence_cube, **settings)
        cubes: dict[str, Any] = {name: LazyCube(store, name) for name in
                                 ("rca", "mcp", "density", "cog")}
        cubes["proximity"] = store.proximity
        result = Indicators(panel=panel, convention=convention, threshold=float(threshold),
                            kernel="sparse", store=store, **cubes, **vectors)
        warn_undefined_eci(result)
        return result
    parts = [dense_block(panel.cube_block(block),
                         pop=None if pop is None else pop[block],
                         given=None if presence_cube is None else presence_cube[block],
                         **settings)
             for block in (panel.blocks(block_cells) if block_cells else panel.blocks())]
    joined: dict[str, Any] = parts[0] if len(parts) == 1 else {
        key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    result = Indicators(panel=panel, convention=convention, threshold=float(threshold),
                        kernel="dense", **joined)
    warn_undefined_eci(result)
    return result


def warn_undefined_eci(result: Indicators) -> None:
    """Warn (:class:`~advantage._checks.AdvantageWarning`) for each year without an ECI.

    A year with at least two regions and two activities present whose ECI is NaN for every
    region has a repeated second eigenvalue (:func:`~advantage.measures.spectral.is_degenerate`):
    its regions are structurally alike, so no ranking exists and none is invented.
    """
    import warnings

    present_r = (result.diversity > 0).sum(axis=1)
    present_a = (result.ubiquity > 0).sum(axis=1)
    undefined = np.isnan(result.eci).all(axis=1) & (present_r >= 2) & (present_a >= 2)
    for t in np.flatnonzero(undefined):
        when = f" in {plain(result.panel.times[int(t)])}" if result.panel.has_time else ""
        warnings.warn(AdvantageWarning(
            f"ECI and PCI are undefined{when}: the second eigenvalue of the region-activity "
            "network is repeated (the regions are structurally alike, e.g. each holds "
            "activities nobody else has, or the same number on a ring), so they are left "
            "empty (NaN) instead of ranking an artefact of the eigen-solver."), stacklevel=3)
