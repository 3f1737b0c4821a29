"""Tidy tables of an :class:`~advantage.measures.indicators.Indicators`, built column-wise.

The cells table is produced in chunks of whole periods (a period too large for one chunk is
split by regions), straight from the kernel's arrays: each chunk becomes an Arrow record
batch (:func:`cell_batches`) or a pandas frame (:func:`cell_frames`), and no chunk outlives
its turn, so a writer that consumes the batches never holds the whole table.

Which cells a table holds (``rows``):

- ``"all"``: every (time, region, activity) cell of the panel. Cells of a region or an
  activity absent that year keep their value and RCA (NaN) and have no presence, density,
  distance or COG (missing).
- ``"nonzero"``: the cells whose value is not zero, the rows the input had (less any zero
  rows). Their region and activity are always present. Every other cell has value, RCA and
  presence 0; its density and COG are in the ``"all"`` table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pyarrow as pa

    from advantage.measures.indicators import Indicators
    from advantage.panel import Panel

__all__ = ["CELL_COLUMNS", "axis_batches", "cell_batches", "cell_chunks", "cell_frames",
           "label_array"]

#: The columns of the cells table after its labels, in order.
CELL_COLUMNS = ("value", "rca", "mcp", "density", "distance", "cog")

Chunk = tuple[np.ndarray | None, np.ndarray, np.ndarray, dict[str, np.ndarray]]


def cell_chunks(ind: Indicators, rows: str, *, max_rows: int = 250_000) -> Iterator[Chunk]:
    """Chunks of the cells table: time, region and activity positions, and the columns."""
    panel, store = ind.panel, ind.cell_store()
    n_t, n_r, n_a = panel.shape
    if rows == "nonzero":
        for t in range(n_t):
            r, a, columns = store.nonzero_cells(t, panel)
            columns["distance"] = 1.0 - columns["density"]
            yield (np.full(len(r), t) if panel.has_time else None, r, a,
                   {name: columns[name] for name in CELL_COLUMNS})
        return
    present_r, present_a = panel.present_regions(), panel.present_activities()
    per_period = max(1, n_r * n_a)
    step_t = max(1, max_rows // per_period)
    step_r = n_r if per_period <= max_rows else max(1, max_rows // max(1, n_a))
    for t0 in range(0, n_t, step_t):
        periods = slice(t0, min(t0 + step_t, n_t))
        for r0 in range(0, n_r, step_r):
            regions = slice(r0, min(r0 + step_r, n_r))
            nt, nr = periods.stop - t0, regions.stop - r0
            block = store.block(periods, regions)
            valid = present_r[periods, regions][:, :, None] & present_a[periods][:, None, :]
            density = np.where(valid, block["density"], np.nan)
            columns = {
                "value": _values(panel, periods, regions), "rca": block["rca"],
                "mcp": np.where(valid, block["mcp"], np.nan), "density": density,
                "distance": 1.0 - density, "cog": np.where(valid, block["cog"], np.nan)}
            yield (np.repeat(np.arange(t0, periods.stop), nr * n_a) if panel.has_time else None,
                   np.tile(np.repeat(np.arange(r0, regions.stop), n_a), nt),
                   np.tile(np.arange(n_a), nt * nr),
                   {name: np.ascontiguousarray(array).reshape(-1)
                    for name, array in columns.items()})


def cell_frames(ind: Indicators, rows: str, *,
                max_rows: int = 250_000) -> Iterator[pd.DataFrame]:
    """The cells table as pandas frames, one per chunk of :func:`cell_chunks`."""
    panel = ind.panel
    for t, r, a, columns in cell_chunks(ind, rows, max_rows=max_rows):
        data: dict[str, Any] = {}
        if t is not None:
            data["time"] = np.asarray(panel.times)[t]
        data["region"] = np.asarray(panel.regions)[r]
        data["activity"] = np.asarray(panel.activities)[a]
        data.update(columns)
        yield pd.DataFrame(data)


def cell_batches(ind: Indicators, rows: str, *,
                 max_rows: int = 250_000) -> Iterator[pa.RecordBatch]:
    """The cells table as Arrow record batches, one per chunk of :func:`cell_chunks`."""
    import pyarrow as pa

    panel = ind.panel
    labels = {axis: label_array(panel.axis(axis)) for axis in ("time", "region", "activity")}
    for t, r, a, columns in cell_chunks(ind, rows, max_rows=max_rows):
        arrays: dict[str, pa.Array] = {}
        if t is not None:
            arrays["time"] = labels["time"].take(pa.array(t))
        arrays["region"] = labels["region"].take(pa.array(r))
        arrays["activity"] = labels["activity"].take(pa.array(a))
        for name, values in columns.items():
            arrays[name] = pa.array(values, type=pa.float64(), from_pandas=True)
        yield pa.RecordBatch.from_pydict(arrays)


def axis_batches(panel: Panel, axis: str, columns: dict[str, np.ndarray], *,
                 max_rows: int = 250_000) -> Iterator[pa.RecordBatch]:
    """A (time, region) or (time, activity) table as record batches of whole periods.

    ``columns`` are arrays shaped (time, axis); NaN becomes null.
    """
    import pyarrow as pa

    n_t, n = len(panel.times), len(panel.axis(axis))  # type: ignore[arg-type]
    times, labels = label_array(panel.times), label_array(panel.axis(axis))  # type: ignore[arg-type]
    step = max(1, max_rows // max(1, n))
    for t0 in range(0, n_t, step):
        t1 = min(t0 + step, n_t)
        arrays: dict[str, pa.Array] = {}
        if panel.has_time:
            arrays["time"] = times.take(pa.array(np.repeat(np.arange(t0, t1), n)))
        arrays[axis] = labels.take(pa.array(np.tile(np.arange(n), t1 - t0)))
        for name, values in columns.items():
            arrays[name] = pa.array(np.asarray(values[t0:t1], dtype=float).reshape(-1),
                                    from_pandas=True)
        yield pa.RecordBatch.from_pydict(arrays)


def label_array(index: pd.Index) -> pa.Array:
    """The labels of an axis as an Arrow array of their own type (text stays text)."""
    import pyarrow as pa

    try:
        return pa.array(index.to_numpy(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: their text
        return pa.array([None if pd.isna(v) else str(v) for v in index], type=pa.string())


def _values(panel: Panel, periods: slice, regions: slice) -> np.ndarray:
    """Dense values of some periods and regions, without densifying whole years."""
    if not panel.is_sparse:
        return panel.cube_block(periods)[:, regions]
    n_r, n_a = panel.shape[1], panel.shape[2]
    rows = panel.sparse_rows(periods)
    picked = [rows[t * n_r + regions.start: t * n_r + regions.stop].toarray()
              for t in range(periods.stop - periods.start)]
    return np.stack(picked).reshape(len(picked), regions.stop - regions.start, n_a)
