"""File-to-file benchmark: ``advantage indicators`` as a whole process against ecomplexity 0.5.3.

Run with ``python benchmarks/bench_file_to_file.py --ecomplexity-python .venv-bench/bin/python``
(``make bench-file`` does both steps). Every measurement is a whole process: start-up,
imports, reading the file, computing, writing the tables. Wall time is measured around the
process and its peak memory is its own max RSS (``wait4``).

Cases (seeded synthetic panels of ``synthetic.py``, long tables with every cell):

- ``small``: 100 regions x 600 activities x 10 years (600,000 rows), CSV in.
  ``advantage-csv`` writes the three tables as CSV, ``advantage-parquet`` as Parquet, and
  ``ecomplexity`` runs ``ecomplexity_peer.py``: read the same CSV with pandas, compute,
  write its result with pandas (targets: ecomplexity / advantage-csv >= 15, Parquet faster
  still). ``floor`` runs ``file_floor.py``, the least any program must do for the same
  tables (read with Arrow, the matrix products, write as many rows and columns of
  full-precision numbers with Arrow; no validation, no pandas): how far the target is
  from what the machine allows.
- ``medium``: 200 x 1,200 x 20 (4.8 million rows), Parquet in, ``--format parquet`` out
  (target: peak RSS < 1 GB), and the same with CSV out.

The cases of one size run alternately, one warm-up round first, so that they share the
machine's load; medians and the largest peak are reported and written to
``benchmarks/results/file_to_file.json`` with ``--json``.
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

from processes import alternate  # noqa: E402

ROLES = ["--region", "loc", "--activity", "prod", "--value", "val", "--time", "year"]


def write_inputs(folder: Path) -> dict[str, Path]:
    """The input files, written by a child process.

    The benchmark's own process stays small: a child forked from a large parent would
    count the parent's pages in its peak memory until it runs the command.
    """
    subprocess.run([sys.executable, __file__, "--write-inputs", str(folder)], check=True)
    return {"small": folder / "small.csv", "medium": folder / "medium.parquet"}


def _write_inputs(folder: Path) -> None:
    from synthetic import long_frame, synthetic_panel

    small = long_frame(synthetic_panel(100, 600, 10, seed=1))
    small.to_csv(folder / "small.csv", index=False)
    medium = long_frame(synthetic_panel(200, 1200, 20, seed=42))
    medium.to_parquet(folder / "medium.parquet", index=False)


def advantage(source: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "advantage", "indicators", str(source), *ROLES,
            "--out", str(out), *extra]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ecomplexity-python", help="interpreter with ecomplexity 0.5.3")
    parser.add_argument("--skip-medium", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--write-inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_inputs:
        _write_inputs(args.write_inputs)
        return
    summary: dict[str, object] = {}
    # Both sides start from bytecode, as an installed package does (pip compiles on install;
    # an editable checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every run).
    import advantage as package

    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    str(Path(package.__file__).parent)], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = write_inputs(folder)
        cases = {
            "advantage-csv": lambda: advantage(inputs["small"], folder / "a"),
            "advantage-parquet": lambda: advantage(inputs["small"], folder / "b",
                                                   "--format", "parquet"),
        }
        cases["floor"] = lambda: [sys.executable, str(HERE / "file_floor.py"),
                                  str(inputs["small"]), str(folder / "f")]
        if args.ecomplexity_python:
            cases["ecomplexity"] = lambda: [args.ecomplexity_python,
                                            str(HERE / "ecomplexity_peer.py"),
                                            str(inputs["small"]), str(folder / "peer.csv")]
        print("small: 100 x 600 x 10, CSV in (alternating):")
        small = alternate(cases, args.repeat)
        summary["small"] = small
        if not args.skip_medium:
            print("medium: 200 x 1,200 x 20, Parquet in (alternating):")
            summary["medium"] = alternate({
                "advantage-parquet": lambda: advantage(inputs["medium"], folder / "c",
                                                       "--format", "parquet"),
                "advantage-csv": lambda: advantage(inputs["medium"], folder / "d"),
            }, max(1, args.repeat // 2))
    print()
    for size, results in summary.items():
        for name, result in results.items():  # type: ignore[attr-defined]
            print(f"{size:7s} {name:18s} median {result['median_s']:6.2f} s, "
                  f"peak {result['peak_mb']:6.0f} MB")
    med = {name: r["median_s"] for name, r in small.items()}
    if "ecomplexity" in med:
        ratios = {"ecomplexity/advantage-csv": med["ecomplexity"] / med["advantage-csv"],
                  "ecomplexity/advantage-parquet":
                      med["ecomplexity"] / med["advantage-parquet"],
                  "ecomplexity/floor": med["ecomplexity"] / med["floor"]}
        summary["ratios"] = ratios
        for key, value in ratios.items():
            print(f"{key} = {value:.1f}x" + ("" if key.endswith("floor") else
                                              " (target >= 15)"))
    print(f"advantage-csv / floor = {med['advantage-csv'] / med['floor']:.2f}")
    if "medium" in summary:
        peak = summary["medium"]["advantage-parquet"]["peak_mb"]  # type: ignore[index]
        print(f"medium, Parquet in and out: peak {peak:.0f} MB (target < 1,024 MB)")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
