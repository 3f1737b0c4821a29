"""Sparse-panel benchmark: ``advantage indicators`` on 3,000 regions x 5,000 activities x 5
periods, Parquet in and Parquet out, as a whole process, plus where its time goes.

Run with ``python benchmarks/bench_sparse.py`` (``make bench-sparse``). The panel is a seeded
long table of ``synthetic.sparse_long_table`` (zero cells left out, activity codes as
zero-padded text):

- ``1pct``: 1% of the 75 million cells non-zero (750,000 rows): the sparse kernel is chosen
  automatically (targets: < 90 s and < 6 GB as a whole process), ``--repeat`` runs;
- ``10pct``: 10% non-zero (7.5 million rows), one run with ``--kernel sparse`` (the
  automatic rule would pick the dense kernel above 5%), to show the input path at that size.

For each, the whole process is timed (wall clock around it, peak RSS from ``wait4``), and
then the same steps are timed one by one in a child process: reading the file
(``advantage.cli._common.read_table``), ``Panel.from_long``, ``compute_indicators`` and
writing the three tables, so that a slow input path shows up with its numbers. With
``--all-cells`` the 1% case is also run with ``--cells all`` (75 million rows written).
Results go to ``benchmarks/results/sparse.json`` with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from processes import run_measured  # noqa: E402

SHAPE = (3000, 5000, 5)
ROLES = ["--region", "region", "--activity", "activity", "--value", "value", "--time", "year"]


def _write_input(path: Path, share: float) -> None:
    from synthetic import sparse_long_table

    n_r, n_a, n_t = SHAPE
    sparse_long_table(n_r, n_a, n_t, share=share, seed=7).to_parquet(path, index=False)


def _steps(path: Path, out: Path, kernel: str) -> None:
    """Time each step in this process and print them as JSON."""
    import resource
    import time

    import pyarrow as pa

    start = time.perf_counter()
    from advantage.io import read_table, write_batches
    from advantage.measures.indicators import compute_indicators
    from advantage.panel import Panel

    marks = {"import": time.perf_counter() - start}
    t = time.perf_counter()
    frame = read_table(path).frame
    marks["read_table"] = time.perf_counter() - t
    rows = len(frame)
    t = time.perf_counter()
    panel = Panel.from_long(frame, region="region", activity="activity", value="value",
                            time="year")
    marks["from_long"] = time.perf_counter() - t
    del frame
    pa.default_memory_pool().release_unused()
    t = time.perf_counter()
    result = compute_indicators(panel, kernel=kernel)  # type: ignore[arg-type]
    marks["compute"] = time.perf_counter() - t
    t = time.perf_counter()
    write_batches(result.cell_batches(), out / "cells.parquet")
    write_batches(result.region_batches(), out / "regions.parquet")
    write_batches(result.activity_batches(), out / "activities.parquet")
    marks["write"] = time.perf_counter() - t
    print(json.dumps({"seconds": marks, "rows": rows, "kernel": result.kernel,
                      "storage": "sparse" if panel.is_sparse else "dense",
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(name: str, source: Path, folder: Path, kernel: str, repeat: int,
            extra: list[str]) -> dict[str, object]:
    argv = [sys.executable, "-m", "advantage", "indicators", str(source), *ROLES,
            "--format", "parquet", "--kernel", kernel, "--out", str(folder / name), *extra]
    runs = [run_measured(argv) for _ in range(repeat)]
    for seconds, peak in runs:
        print(f"  {name}: whole process {seconds:.1f} s, peak {peak:.0f} MB", flush=True)
    out: dict[str, object] = {"whole_s": sorted(s for s, _ in runs)[len(runs) // 2],
                              "whole_peak_mb": max(p for _, p in runs)}
    if not extra:
        done = subprocess.run([sys.executable, __file__, "--steps", str(source),
                               str(folder / f"{name}-steps"), kernel],
                              check=True, capture_output=True, text=True)
        steps = json.loads(done.stdout.strip().splitlines()[-1])
        shown = ", ".join(f"{k} {v:.1f} s" for k, v in steps["seconds"].items())
        print(f"  {name} steps ({steps['rows']:,} rows, {steps['storage']} storage, "
              f"{steps['kernel']} kernel): {shown}", flush=True)
        out["steps"] = steps
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-10pct", action="store_true")
    parser.add_argument("--all-cells", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--steps", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--write-input", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps:
        _steps(Path(args.steps[0]), Path(args.steps[1]), args.steps[2])
        return
    if args.write_input:
        _write_input(Path(args.write_input[0]), float(args.write_input[1]))
        return
    summary: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [("1pct", 0.01, "auto")] + ([] if args.skip_10pct else
                                           [("10pct", 0.10, "sparse")])
        for name, share, kernel in cases:
            source = folder / f"{name}.parquet"
            # Written by a child: a child forked from a large parent would count the
            # parent's pages in its peak memory.
            subprocess.run([sys.executable, __file__, "--write-input", str(source), str(share)],
                           check=True)
            print(f"{name}: {SHAPE[0]:,} x {SHAPE[1]:,} x {SHAPE[2]}, {share:.0%} non-zero:")
            repeat = args.repeat if name == "1pct" else 1
            summary[name] = measure(name, source, folder, kernel, repeat, [])
            if name == "1pct" and args.all_cells:
                summary["1pct-all-cells"] = measure("1pct-all", source, folder, kernel, 1,
                                                    ["--cells", "all"])
    print()
    for name, result in summary.items():
        print(f"{name:15s} whole process {result['whole_s']:6.1f} s, "  # type: ignore[index]
              f"peak {result['whole_peak_mb']:6.0f} MB")  # type: ignore[index]
    print("targets (1pct): < 90 s, < 6,144 MB")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
