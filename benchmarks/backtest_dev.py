"""The development panels of the backtest protocol (``docs/backtest.md``), run side by side.

Settings of the learned scorer are chosen here, never on the reported panels: Australian
state HS4 exports in four decade-apart triples whose outcomes end by 2013 (stand-ins for
panels with a few periods decades apart) and the yearly exports cut at 2013. Each row gives
the learned/density PR-AUC ratio with its 90% paired bootstrap interval, last split and
leave-region-out.

Run ``python benchmarks/backtest_dev.py`` for the current settings, or ``--rule`` with an
earlier rule: ``narrow`` (a single origin trains on the candidates only, before the wider
single-origin population) or ``selection`` (before the single-origin ensemble: selection
among the additive and interacting trees on region folds).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from reference_panels import aus_state_exports  # noqa: E402

from advantage.config import data_dir  # noqa: E402
from advantage.planning import backtest  # noqa: E402

#: name -> (years kept, horizon)
PANELS = {
    "1988/1998/2008": ([1988, 1998, 2008], "next"),
    "1990/2000/2010": ([1990, 2000, 2010], "next"),
    "1989/2001/2013": ([1989, 2001, 2013], "next"),
    "1988/2000/2012": ([1988, 2000, 2012], "next"),
    "yearly to 2013": (list(range(1988, 2014)), 5),
}
#: earlier rules, as ``scorer_params`` of :func:`advantage.planning.backtest`
RULES: dict[str, dict[str, object] | None] = {
    "current": None,
    "narrow": {"single_absent": None},
    "selection": {"shapes": ("additive", "trees"), "single": None, "single_absent": None},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rule", choices=sorted(RULES), default="current",
                        help="the scorer's rule (module docs)")
    parser.add_argument("--boot", type=int, default=100, help="bootstrap resamples")
    args = parser.parse_args()
    folder = data_dir()
    if folder is None:
        raise SystemExit("reference data folder not found: set ADVANTAGE_DATA.")
    full = aus_state_exports(folder).panel
    params = RULES[args.rule]
    print("| panel | run | entries | density | learned | learned/density [90%] | time (s) |")
    print("|---|---|---|---|---|---|---|")
    for name, (years, horizon) in PANELS.items():
        panel = full.select(times=years)
        for holdout in ("none", "regions"):
            if horizon != "next" and holdout == "regions":
                continue  # many origins: the reported yearly panel already has this run
            start = time.perf_counter()
            result = backtest(panel, horizon=horizon, methods=("density", "learned"),
                              holdout=holdout, n_boot=args.boot, scorer_params=params)
            m = result.metrics.set_index("method")
            r = result.ratios.iloc[0]
            print(f"| {name} | {'leave-region-out' if holdout == 'regions' else 'last split'}"
                  f" | {int(m.loc['learned', 'n_positive'])} | {m.loc['density', 'pr_auc']:.4f}"
                  f" | {m.loc['learned', 'pr_auc']:.4f} | {r['ratio']:.2f} "
                  f"[{r['ratio_low']:.2f}, {r['ratio_high']:.2f}] | "
                  f"{time.perf_counter() - start:.1f} |", flush=True)


if __name__ == "__main__":
    main()
