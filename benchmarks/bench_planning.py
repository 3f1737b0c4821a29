"""Planning benchmark: opportunities and transfer matching at scale, and a full backtest.

Run with ``python benchmarks/bench_planning.py`` (``--repeats`` to change the 3 runs,
``--skip-backtest`` without the reference data).

Cases:

- ``opportunities``: a seeded synthetic panel of 3,000 regions x 1,000 activities x 6 years
  (lognormal, about 60% zeros; ``benchmarks/synthetic.py``): the core indicators of every
  year, then the top 10 suggestions with reasons for every region in the last year (balanced
  preset, national momentum over 5 years). Target: under 30 s.
- ``transfer``: on the same panel, relocation out of 600 source regions over 2000-2005 and
  every destination (2,400) ranked for every relocating activity by density, costs (three
  random cost columns) and loss-weighted distance from random centroids. Target: under 30 s.
- ``backtest_sa3``: the full backtest (random, persistence, density, COG, learned) on the
  Australian SA3 employment panel (reference data; residual 'nfd' labels dropped), reading
  the file included. Target: under 5 minutes.

Each case reports the median wall time of the repeats (the first run beside it). Results are
written to ``benchmarks/results/planning.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from reference_panels import aus_sa3_employment  # noqa: E402
from synthetic import synthetic_panel  # noqa: E402

from advantage.config import data_dir  # noqa: E402
from advantage.planning import backtest, match_destinations, opportunities  # noqa: E402

SHAPE = (3000, 1000, 6)  # regions, activities, years
TARGETS = {"opportunities": 30.0, "transfer": 30.0, "backtest_sa3": 300.0}


def timed(func: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-backtest", action="store_true")
    args = parser.parse_args()

    panel = synthetic_panel(*SHAPE, seed=0)
    n_r = SHAPE[0]
    rng = np.random.default_rng(1)
    regions = list(panel.regions)
    costs = pd.DataFrame({"region": regions, "wages": rng.lognormal(0, 0.3, n_r),
                          "land": rng.lognormal(0, 0.5, n_r),
                          "electricity": rng.lognormal(0, 0.2, n_r)})
    centroids = pd.DataFrame({"region": regions, "lon": rng.uniform(75, 135, n_r),
                              "lat": rng.uniform(18, 50, n_r)})
    sources = regions[:600]
    results: dict[str, dict[str, object]] = {}

    cases: dict[str, Callable[[], object]] = {
        "opportunities": lambda: opportunities(panel, top=10),
        "transfer": lambda: match_destinations(panel, sources, from_year=2000, to_year=2005,
                                               costs=costs, centroids=centroids),
    }
    folder = data_dir()
    if not args.skip_backtest and folder is not None:
        cases["backtest_sa3"] = lambda: backtest(aus_sa3_employment(folder).panel,
                                                 horizon="next")
    for name, func in cases.items():
        times, out = timed(func, 1 if name == "backtest_sa3" else args.repeats)
        size = (len(out) if isinstance(out, pd.DataFrame)
                else len(getattr(out, "metrics", [])))
        median = statistics.median(times)
        results[name] = {"median_s": round(median, 2), "first_s": round(times[0], 2),
                         "runs": len(times), "rows": size, "target_s": TARGETS[name],
                         "ok": median < TARGETS[name]}
        print(f"{name:14s} median {median:7.2f} s (first {times[0]:.2f} s, {len(times)} runs),"
              f" {size} rows; target < {TARGETS[name]:.0f} s: "
              f"{'ok' if median < TARGETS[name] else 'MISSED'}", flush=True)
    meta = {"shape": {"regions": SHAPE[0], "activities": SHAPE[1], "years": SHAPE[2]},
            "python": platform.python_version(), "machine": platform.machine(),
            "cpus": __import__("os").cpu_count()}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "planning.json").write_text(
        json.dumps({"meta": meta, "cases": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
