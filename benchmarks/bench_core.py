"""Core engine benchmark: the full indicator set against ecomplexity 0.5.3 and the matmul floor.

Run with ``make bench-core`` (or ``python benchmarks/bench_core.py``). Each measurement runs
in a fresh subprocess so that its peak memory (max RSS) is its own; medians over repeats.

Cases, all on the same seeded synthetic panel (200 regions x 1,200 activities x 20 years,
lognormal values, about 60% zeros, a few all-zero activity columns in most years):

- ``indicators``: ``compute_indicators`` (RCA, presence, ECI/PCI, fitness, proximity, density,
  COI, COG), from a built panel to the result arrays.
- ``ecomplexity``: the Growth Lab's PyPI ``ecomplexity`` 0.5.3 on the same panel as a long
  table (it is installed into a separate environment by ``make bench-core``).
- ``floor``: the bare matrix products the computation needs: co-occurrence M'M, density M phi,
  the COG product M W, and the eigen-problem's Gram matrix A A', for all years, as batched
  double-precision products (target: indicators <= 1.5 x floor).
- ``floor32``: the same products the way the kernel does them: M'M in single precision
  (exact: integer counts) as one symmetric rank-k update per year, the two M phi products,
  and the Gram matrix as a symmetric update per year. Shown for transparency: the kernel is
  held to ``floor``, and its distance to ``floor32`` is the work beyond the products.
- ``scale``: ``compute_indicators`` on 3,000 regions x 1,000 activities x 20 years.

Cases compared with each other run interleaved in one interpreter, so they share the load of
a busy machine: one warm-up round (BLAS threads, first-touch memory), then the timed rounds,
whose medians are reported with the first run shown beside them. Peak memory (max RSS) is
measured in a separate interpreter that runs one case alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SHAPE = (200, 1200, 20)
SCALE_SHAPE = (3000, 1000, 20)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _work(case: str, panel: object) -> Callable[[], object]:
    """The timed callable of a case, built outside the timing."""
    import numpy as np

    if case in ("indicators", "scale"):
        from advantage.measures.indicators import compute_indicators

        return lambda: compute_indicators(panel)  # type: ignore[arg-type]
    if case == "ecomplexity":
        import warnings

        from ecomplexity import ecomplexity
        from synthetic import long_frame

        frame = long_frame(panel)  # type: ignore[arg-type]
        warnings.simplefilter("ignore")
        cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
        return lambda: ecomplexity(frame, cols, verbose=False)
    if case == "floor":
        from advantage.measures.advantage import presence, rca_cube

        m = presence(rca_cube(panel.cube))  # type: ignore[attr-defined]
        kc = np.maximum(m.sum(axis=2), 1)
        kp = np.maximum(m.sum(axis=1), 1)
        a = m / np.sqrt(kc)[:, :, None] / np.sqrt(kp)[:, None, :]

        def floor() -> None:
            mt = np.ascontiguousarray(m.transpose(0, 2, 1))
            phi = mt @ m                                        # co-occurrence
            m @ phi                                             # density numerator
            m @ phi                                             # COG product
            a @ np.ascontiguousarray(a.transpose(0, 2, 1))     # eigen-problem Gram matrix
        return floor
    if case == "floor32":
        from advantage.measures.advantage import presence, rca_cube

        m = presence(rca_cube(panel.cube))  # type: ignore[attr-defined]
        m32 = m.astype(np.float32)
        kc = np.maximum(m.sum(axis=2), 1)
        kp = np.maximum(m.sum(axis=1), 1)
        b = m / np.sqrt(kp)[:, None, :]
        phi = np.ascontiguousarray(m.transpose(0, 2, 1)) @ m / np.sqrt(kc).sum()

        def floor32() -> None:
            for t in range(m.shape[0]):
                m32[t].T @ m32[t]                               # co-occurrence (ssyrk)
                b[t] @ b[t].T                                   # Gram matrix (dsyrk)
            m @ phi                                             # density numerator
            m @ phi                                             # COG product
        return floor32
    raise SystemExit(f"unknown case {case!r}")


def run_cases(cases: list[str], repeat: int) -> dict[str, object]:
    """Time ``cases`` in this process, interleaved: warm-up each, then ``repeat`` rounds.

    Interleaving makes the cases share whatever load the machine has, so their ratio holds
    even on a busy machine. Peak RSS is that of the whole process.
    """
    from synthetic import synthetic_panel

    shape = SCALE_SHAPE if cases == ["scale"] else SHAPE
    panel = synthetic_panel(*shape, seed=42)
    work = {case: _work(case, panel) for case in cases}
    times: dict[str, list[float]] = {case: [] for case in cases}
    first = {}
    for round_ in range(repeat + 1):  # round 0 warms up BLAS threads and the allocator
        for case in cases:
            start = time.perf_counter()
            work[case]()
            elapsed = time.perf_counter() - start
            if round_ == 0:
                first[case] = elapsed
            else:
                times[case].append(elapsed)
    return {"first": first, "times": times,
            "median": {c: statistics.median(t) for c, t in times.items()},
            "peak_mb": _peak_mb()}


def measure(cases: list[str], repeat: int, python: str,
            threads: int | None = None) -> dict[str, object]:
    """Run ``cases`` in a fresh interpreter and print each timing.

    With ``threads``, BLAS in that interpreter uses that many threads (OPENBLAS_NUM_THREADS).
    """
    env = dict(os.environ)
    if threads:
        env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(threads)
    out = subprocess.run([python, __file__, "--one", ",".join(cases), "--repeat", str(repeat)],
                         check=True, capture_output=True, text=True, env=env)
    run = json.loads(out.stdout.strip().splitlines()[-1])
    for case in cases:
        shown = ", ".join(f"{t:.3f}" for t in run["times"][case])
        print(f"  {case}: first {run['first'][case]:.3f} s, then [{shown}] s", flush=True)
    print(f"  (process peak {run['peak_mb']:.0f} MB)", flush=True)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--one", help="comma-separated cases to run in this process")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--ecomplexity-repeat", type=int, default=3)
    parser.add_argument("--ecomplexity-python", default=sys.executable,
                        help="interpreter that has ecomplexity 0.5.3 and advantage installed")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-single-thread", action="store_true",
                        help="skip the pair measured again with one BLAS thread")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_cases(args.one.split(","), args.repeat)))
        return

    print("indicators and floors, interleaved in one process:")
    pair = measure(["indicators", "floor", "floor32"], args.repeat, sys.executable)
    med = dict(pair["median"])  # type: ignore[call-overload]
    single: dict[str, float] = {}
    if not args.skip_single_thread:
        # On a busy machine the threads of OpenBLAS wait for each other at every call; one
        # thread shows the work itself, for the kernel and the floor alike.
        print("indicators and floors, one BLAS thread, interleaved:")
        single = measure(["indicators", "floor", "floor32"], args.repeat, sys.executable,
                         threads=1)["median"]  # type: ignore[assignment]
    peak = {}
    for case in ("indicators", "floor", "floor32"):
        print(f"{case} alone (peak memory):")
        peak[case] = float(measure([case], 1, sys.executable)["peak_mb"])  # type: ignore[arg-type]
    if args.ecomplexity_repeat:
        # Not interleaved: ecomplexity leaves a large, fragmented heap behind that slows any
        # computation run after it in the same process, which would flatter the ratio.
        print("ecomplexity 0.5.3, in its own process:")
        ecx = measure(["ecomplexity"], args.ecomplexity_repeat, args.ecomplexity_python)
        med["ecomplexity"] = ecx["median"]["ecomplexity"]  # type: ignore[index]
        peak["ecomplexity"] = float(ecx["peak_mb"])  # type: ignore[arg-type]
    if not args.skip_scale:
        print("scale run:")
        scale = measure(["scale"], 1, sys.executable)
        med["scale"] = scale["median"]["scale"]  # type: ignore[index]
        peak["scale"] = float(scale["peak_mb"])  # type: ignore[arg-type]

    print("\nmedians (s):", {k: round(v, 3) for k, v in med.items()})
    print("peaks (MB):", {k: round(v) for k, v in peak.items()})
    print(f"indicators / floor       = {med['indicators'] / med['floor']:.2f}x (target <= 1.5)")
    print(f"indicators / floor32     = {med['indicators'] / med['floor32']:.2f}x")
    if single:
        print(f"one BLAS thread: indicators / floor = "
              f"{single['indicators'] / single['floor']:.2f}x, / floor32 = "
              f"{single['indicators'] / single['floor32']:.2f}x "
              f"(medians {', '.join(f'{k} {v:.3f} s' for k, v in single.items())})")
    if "ecomplexity" in med:
        ratio = med["ecomplexity"] / med["indicators"]
        print(f"ecomplexity / indicators = {ratio:.1f}x (target >= 50)")
    print(f"peak memory, indicators  = {peak['indicators']:.0f} MB (target < 1,536 MB)")
    if "scale" in med:
        print(f"scale run 3000x1000x20   = {med['scale']:.1f} s, {peak['scale']:.0f} MB "
              "(targets < 60 s, < 8,192 MB)")
    if args.json:
        args.json.write_text(json.dumps({"median_s": med, "peak_mb": peak,
                                         "times_s": pair["times"],
                                         "one_blas_thread_median_s": single}, indent=2))


if __name__ == "__main__":
    main()
