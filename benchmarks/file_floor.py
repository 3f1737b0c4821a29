"""The floor of a file-to-file run: what any program must do to turn the CSV into the tables.

Usage: ``python file_floor.py INPUT.csv OUT_FOLDER`` (``bench_file_to_file.py`` runs it
beside ``advantage indicators``). It is a lower bound, not a tool: no validation, no
messages, no conventions, no pandas. It

1. starts Python and imports numpy and pyarrow;
2. reads the long CSV (``year, loc, prod, val``) with Arrow's multithreaded reader;
3. numbers the labels and fills the (year, region, activity) cube;
4. runs the matrix products the indicator set needs (RCA, presence, co-occurrence M'M,
   density M phi, the COG product, the eigen-problem's Gram matrix), one BLAS thread;
5. writes a cells table with the same rows and columns as ``advantage indicators``
   (time, region, activity, value, rca, mcp, density, distance, cog) and the two small
   tables, through Arrow's CSV writer in two threads.

The numbers it writes are products, not finished indicators; only their amount matters.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv


def codes(column: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Sorted distinct labels of a column and each row's position among them."""
    labels = pc.unique(column)
    labels = labels.take(pc.array_sort_indices(labels))
    return np.asarray(pc.index_in(column, value_set=labels)), labels


def write(table: pa.Table, path: Path, pool: ThreadPoolExecutor) -> None:
    """Arrow's CSV writer on two halves at once, written in order."""
    def part(piece: pa.Table) -> pa.Buffer:
        sink = pa.BufferOutputStream()
        pcsv.write_csv(piece, sink, write_options=pcsv.WriteOptions(include_header=False))
        return sink.getvalue()

    half = -(-table.num_rows // 2)
    pieces = list(pool.map(part, [table.slice(0, half), table.slice(half)]))
    with open(path, "wb") as handle:
        handle.write((",".join(table.column_names) + "\n").encode())
        for piece in pieces:
            handle.write(piece)


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    table = pcsv.read_csv(source, convert_options=pcsv.ConvertOptions(column_types={
        "year": pa.int64(), "loc": pa.string(), "prod": pa.string(), "val": pa.float64()}))
    (t, times), (r, regions), (a, activities) = (codes(table[c]) for c in ("year", "loc",
                                                                           "prod"))
    shape = (len(times), len(regions), len(activities))
    x = np.zeros(shape)
    x[t, r, a] = table["val"].to_numpy()
    del table
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        rows, cols = x.sum(axis=2, keepdims=True), x.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            rca = x / rows / cols * x.sum(axis=(1, 2), keepdims=True)
        m = (rca >= 1).astype(float)
        phi = np.ascontiguousarray(m.transpose(0, 2, 1)) @ m
        column_sums = np.maximum(phi.sum(axis=1), 1)[:, None, :]
        density = m @ phi / column_sums
        cog = m @ (phi / column_sums) - density * np.pi  # any full-precision numbers
        kc = np.maximum(m.sum(axis=2), 1)
        kp = np.maximum(m.sum(axis=1), 1)
        g = m / np.sqrt(kc)[:, :, None] / np.sqrt(kp)[:, None, :]
        gram = g @ np.ascontiguousarray(g.transpose(0, 2, 1))
        np.linalg.eigh(gram)
    n_t, n_r, n_a = shape
    cells = pa.table({
        "time": times.take(pa.array(np.repeat(np.arange(n_t), n_r * n_a))),
        "region": regions.take(pa.array(np.tile(np.repeat(np.arange(n_r), n_a), n_t))),
        "activity": activities.take(pa.array(np.tile(np.arange(n_a), n_t * n_r))),
        "value": x.reshape(-1), "rca": rca.reshape(-1), "mcp": m.reshape(-1),
        "density": density.reshape(-1), "distance": 1.0 - density.reshape(-1),
        "cog": cog.reshape(-1)})
    small = {
        "regions": pa.table({"time": times.take(pa.array(np.repeat(np.arange(n_t), n_r))),
                             "region": regions.take(pa.array(np.tile(np.arange(n_r), n_t))),
                             "diversity": kc.reshape(-1), "eci": kc.reshape(-1) / 2,
                             "coi": kc.reshape(-1) / 3, "fitness": kc.reshape(-1) / 5}),
        "activities": pa.table({"time": times.take(pa.array(np.repeat(np.arange(n_t), n_a))),
                                "activity": activities.take(pa.array(np.tile(np.arange(n_a),
                                                                             n_t))),
                                "ubiquity": kp.reshape(-1), "pci": kp.reshape(-1) / 2,
                                "complexity": kp.reshape(-1) / 3})}
    with ThreadPoolExecutor(2) as pool:
        write(cells, out / "cells.csv", pool)
        for name, frame in small.items():
            write(frame, out / f"{name}.csv", pool)


if __name__ == "__main__":
    main()
