"""Workbench benchmark: the trust layer and the planner's tables, at two scales.

Run with ``python benchmarks/bench_workbench.py`` (``--repeats`` to change the 3 runs,
``--skip-large`` for the China tables only). Results go to
``benchmarks/results/workbench.json``.

Cases, each timed as the median of the repeats (first run beside it):

- ``china_*``: the China provincial tables (31 x 38 x 4; reference data): ``diagnostics``
  (every period), ``stability`` (top-10 opportunities and advantages of every province under
  the 6 default variants and each province's macro-region), ``bootstrap`` (200 replicates:
  ECI, PCI, and density and COG ranks of 5 provinces), ``pswot`` (every province against its
  macro-region), ``portfolio`` (k = 5 for every province) and ``monitor`` (2012 -> 2017).
- ``large_*``: a seeded synthetic panel of 3,000 regions x 1,000 activities x 6 years
  (``benchmarks/synthetic.py``): ``indicators`` (the shared base cost), ``opportunities`` (top
  10 of every region), ``stability`` (the opportunities list of every region under the 6
  default variants: seven lists), ``bootstrap20`` (20 replicates, ECI + PCI + cells of 5
  regions; the cost grows linearly with the replicates), ``diagnostics`` and ``pswot``.

Targets: the China cases under 10 s each; ``large_stability`` under 10x
``large_opportunities`` + ``large_indicators`` (it recomputes the indicators of two periods
for each of 6 variants); ``large_bootstrap20`` reported, with its cost per replicate.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_panel  # noqa: E402

from advantage.config import data_dir  # noqa: E402
from advantage.measures import compute_indicators  # noqa: E402
from advantage.planning import (  # noqa: E402
    diagnostics,
    monitor,
    opportunities,
    peers_by_similarity,
    portfolio,
    pswot,
    rank_intervals,
    stability,
)


def timed(func: Callable[[], object], repeats: int) -> dict[str, object]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return {"first": times[0], "median": statistics.median(times), "times": times}


def china_cases() -> dict[str, Callable[[], object]]:
    from advantage.io.catalogue import load_panel
    from advantage.reference.presets import resolve_preset

    panel, _ = load_panel("china_provincial_io")
    preset = resolve_preset(list(panel.regions))
    table = preset.table
    groups = {r: table.loc[table["group"] == g, "region"].tolist()
              for r, g in zip(table["region"], table["group"], strict=True)}
    peers = {r: [q for q in g if q != r] for r, g in groups.items()}
    peers = {r: q for r, q in peers.items() if q}
    five = ["Ningxia", "Gansu", "Qinghai", "Guizhou", "Sichuan"]
    return {
        "china_diagnostics": lambda: diagnostics(panel),
        "china_stability": lambda: stability(panel, references={"macro-region": groups}),
        "china_bootstrap": lambda: rank_intervals(panel, n=200, focus=five),
        "china_pswot": lambda: pswot(panel, peers),
        "china_portfolio": lambda: portfolio(panel, list(panel.regions), k=5),
        "china_monitor": lambda: monitor(panel, before_time=2012, after_time=2017),
    }


def large_cases() -> dict[str, Callable[[], object]]:
    panel = synthetic_panel(3000, 1000, 6, seed=42)
    ind = compute_indicators(panel, with_fitness=False)
    five = list(panel.regions[:5])
    peers = peers_by_similarity(panel, 5)
    return {
        "large_indicators": lambda: compute_indicators(panel, with_fitness=False),
        "large_opportunities": lambda: opportunities(panel, indicators=ind),
        "large_stability": lambda: stability(panel, lists=["opportunities"]),
        "large_bootstrap20": lambda: rank_intervals(panel, n=20, focus=five, indicators=ind),
        "large_diagnostics": lambda: diagnostics(panel),
        "large_pswot": lambda: pswot(panel, peers, indicators=ind),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    cases: dict[str, Callable[[], object]] = {}
    if data_dir() is not None:
        cases.update(china_cases())
    if not args.skip_large:
        cases.update(large_cases())
    results = {}
    for name, func in cases.items():
        repeats = 1 if name in ("large_bootstrap20", "large_stability", "large_diagnostics") \
            else args.repeats
        results[name] = timed(func, repeats)
        print(f"{name}: median {results[name]['median']:.2f} s "
              f"(first {results[name]['first']:.2f} s, {repeats} runs)", flush=True)
    if "large_stability" in results:
        base = results["large_indicators"]["median"] + results["large_opportunities"]["median"]
        ratio = results["large_stability"]["median"] / base  # type: ignore[operator]
        print(f"large_stability / (indicators + opportunities) = {ratio:.1f}x (target < 10)")
        results["stability_ratio"] = {"median": ratio}
    if "large_bootstrap20" in results:
        per = results["large_bootstrap20"]["median"] / 20  # type: ignore[operator]
        print(f"large bootstrap: {per:.2f} s per replicate")
        results["bootstrap_per_replicate"] = {"median": per}
    out = HERE / "results" / "workbench.json"
    out.write_text(json.dumps({"machine": platform.platform(), "python": sys.version.split()[0],
                               "results": results}, indent=2), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
