"""Whole-process measurements for the file-to-file benchmarks: wall time and peak memory.

Each command runs as a child process; its wall time is measured around it and its peak
resident memory (max RSS) is the one the kernel reports for that child alone (``wait4``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def run_measured(argv: Sequence[str], *, cwd: Path | None = None) -> tuple[float, float]:
    """Run ``argv``; return (seconds, peak RSS in MB). A failing command raises."""
    start = time.perf_counter()
    child = subprocess.Popen(list(argv), cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}): {err.decode()[-800:]}")
    return seconds, usage.ru_maxrss / 1024.0


def alternate(cases: dict[str, Callable[[], Sequence[str]]], repeat: int,
              *, warmup: bool = True) -> dict[str, dict[str, object]]:
    """Run the cases' commands in turn, ``repeat`` rounds (after one warm-up round).

    Alternating makes the cases share whatever load the machine has, so their ratios hold
    on a busy machine. Returns per case the times, the median, and the largest peak RSS.
    """
    times: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, list[float]] = {name: [] for name in cases}
    for round_ in range(repeat + (1 if warmup else 0)):
        for name, argv in cases.items():
            seconds, peak = run_measured(argv())
            if warmup and round_ == 0:
                continue
            times[name].append(seconds)
            peaks[name].append(peak)
            print(f"  {name}: {seconds:.2f} s, peak {peak:.0f} MB", flush=True)
    return {name: {"times_s": times[name], "median_s": statistics.median(times[name]),
                   "peak_mb": max(peaks[name])} for name in cases}
