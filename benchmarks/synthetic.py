"""Seeded synthetic panels shaped like real region x activity data, for the benchmarks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from advantage.panel import Panel


def synthetic_cube(n_regions: int, n_activities: int, n_years: int, *, zero_share: float = 0.6,
                   dead_activities: int = 5, seed: int = 0) -> np.ndarray:
    """Lognormal values with about ``zero_share`` zeros and a few all-zero activity columns.

    Region sizes and activity sizes vary (lognormal scale factors) and the pattern drifts a
    little from year to year, as real panels do. In most years (not all) ``dead_activities``
    columns are zero everywhere.
    """
    rng = np.random.default_rng(seed)
    region_size = rng.lognormal(0.0, 1.0, n_regions)
    activity_size = rng.lognormal(0.0, 1.0, n_activities)
    base = rng.random((n_regions, n_activities))
    cube = np.empty((n_years, n_regions, n_activities))
    for t in range(n_years):
        keep = (base + 0.05 * rng.standard_normal(base.shape)) > zero_share
        values = rng.lognormal(0.0, 1.5, (n_regions, n_activities))
        cube[t] = keep * values * region_size[:, None] * activity_size[None, :]
        if t % 5 != 4:  # most years, not all
            cube[t, :, rng.choice(n_activities, dead_activities, replace=False)] = 0.0
    return cube


def synthetic_panel(n_regions: int, n_activities: int, n_years: int, **kwargs: object) -> Panel:
    cube = synthetic_cube(n_regions, n_activities, n_years, **kwargs)  # type: ignore[arg-type]
    return Panel.from_cube(cube, regions=[f"r{i:04d}" for i in range(n_regions)],
                           activities=[f"a{j:04d}" for j in range(n_activities)],
                           times=list(range(2000, 2000 + n_years)))


def long_frame(panel: Panel) -> pd.DataFrame:
    """The panel as a long table with every cell (zeros included), as ecomplexity expects."""
    frame = panel.to_long(zeros=True)
    return frame.rename(columns={"time": "year", "region": "loc", "activity": "prod",
                                 "value": "val"})
