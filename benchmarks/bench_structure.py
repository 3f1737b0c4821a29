"""Structure benchmark: every structure measure at scale, and Ellison-Glaeser with a null band.

Run with ``python benchmarks/bench_structure.py`` (``--repeats`` to change the 3 runs).

Cases:

- ``structure``: on a seeded synthetic panel of 3,000 regions x 1,000 activities x 20 years
  (lognormal, about 60% zeros; ``benchmarks/synthetic.py``): specialisation, concentration,
  similarity to the nation, structural similarity of all 90 million region pairs (without the
  pairwise Krugman index, whose cost is regions^2 x activities), the pairs at or above 0.9
  with their Krugman index, shift-share (Dunn, Esteban-Marquillas, dynamic over 2000-2019),
  and entries/exits with the list of events. Target: under 60 s and 8 GB.
- ``ellison_glaeser``: gamma with 200 dartboard simulations on 1 million plant records
  (3,000 regions, 400 activities, lognormal sizes). Target: under 60 s.

Each case reports the median wall time of the repeats (first run beside it), the largest
tracemalloc peak of a run (NumPy and pandas allocations), and the process's max RSS at the end.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SHAPE = (3000, 1000, 20)
PLANTS = 1_000_000
SIMULATIONS = 200


def structure_case() -> Callable[[], dict[str, float]]:
    from synthetic import synthetic_panel

    from advantage.measures.concentration import activity_concentration
    from advantage.measures.dynamics import entries_exits, presence_changes
    from advantage.measures.isomorphism import similarity_to_national, structural_similarity
    from advantage.measures.shiftshare import shift_share
    from advantage.measures.specialisation import region_specialisation

    n_r, n_a, n_t = SHAPE
    panel = synthetic_panel(n_r, n_a, n_t, seed=0)
    first, last = panel.times[0], panel.times[-1]
    steps: dict[str, Callable[[], object]] = {
        "specialisation": lambda: region_specialisation(panel),
        "concentration": lambda: activity_concentration(panel),
        "similarity_to_national": lambda: similarity_to_national(panel),
        "pairs_all": lambda: structural_similarity(panel, krugman=False),
        "pairs_0.9_krugman": lambda: structural_similarity(panel, min_similarity=0.9),
        "shift_dunn": lambda: shift_share(panel, first, last, zero_base="competitive"),
        "shift_em": lambda: shift_share(panel, first, last, method="esteban-marquillas",
                                        zero_base="competitive"),
        "shift_dynamic": lambda: shift_share(panel, first, last, method="dynamic",
                                             zero_base="competitive"),
        "entries_exits": lambda: entries_exits(panel),
        "presence_changes": lambda: presence_changes(panel),
    }

    def run() -> dict[str, float]:
        times = {}
        for name, step in steps.items():
            start = time.perf_counter()
            result = step()
            times[name] = time.perf_counter() - start
            del result
            gc.collect()
        return times

    return run


def eg_case() -> Callable[[], dict[str, float]]:
    from advantage.measures.agglomeration import ellison_glaeser

    rng = np.random.default_rng(1)
    plants = pd.DataFrame({"region": rng.integers(0, 3000, PLANTS),
                           "activity": rng.integers(0, 400, PLANTS),
                           "size": rng.lognormal(2.0, 1.0, PLANTS)})

    def run() -> dict[str, float]:
        start = time.perf_counter()
        ellison_glaeser(plants, region="region", activity="activity", size="size",
                        simulations=SIMULATIONS, seed=7)
        return {"ellison_glaeser_200_sims": time.perf_counter() - start}

    return run


def measure(name: str, build: Callable[[], Callable[[], dict[str, float]]],
            repeats: int) -> None:
    run = build()
    runs, peaks = [], []
    for _ in range(repeats):
        tracemalloc.start()
        runs.append(run())
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**30)
        tracemalloc.stop()
    totals = [sum(r.values()) for r in runs]
    print(f"\n{name}: median {statistics.median(totals):.1f} s over {repeats} runs "
          f"(first {totals[0]:.1f} s); tracemalloc peak {max(peaks):.2f} GiB")
    for step in runs[0]:
        values = [r[step] for r in runs]
        print(f"  {step:<24} {statistics.median(values):7.2f} s  (first {values[0]:.2f})")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"  process max RSS so far: {rss:.2f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--case", choices=["structure", "ellison_glaeser", "all"], default="all")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, pandas {pd.__version__}")
    if args.case in ("structure", "all"):
        measure("structure (3,000 x 1,000 x 20)", structure_case, args.repeats)
    if args.case in ("ellison_glaeser", "all"):
        measure(f"Ellison-Glaeser ({PLANTS:,} plants, {SIMULATIONS} simulations)", eg_case,
                args.repeats)


if __name__ == "__main__":
    main()
