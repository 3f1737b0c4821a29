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


def sparse_long_table(n_regions: int, n_activities: int, n_years: int, *, share: float = 0.01,
                      seed: int = 0) -> pd.DataFrame:
    """A long table (year, region, activity, value) of a sparse panel, zeros left out.

    About ``share`` of the cells are non-zero each year. Cells are drawn with probabilities
    proportional to lognormal region and activity sizes (large regions do many things, large
    activities are done in many places), and 90% of a year's cells carry over to the next.
    Activity codes are zero-padded text ("000042"), as classification codes are.
    """
    rng = np.random.default_rng(seed)
    region_p = rng.lognormal(0.0, 1.0, n_regions)
    activity_p = rng.lognormal(0.0, 1.0, n_activities)
    region_p /= region_p.sum()
    activity_p /= activity_p.sum()
    wanted = int(share * n_regions * n_activities)

    def draw(count: int, taken: np.ndarray) -> np.ndarray:
        cells = taken
        while len(cells) < len(taken) + count:
            more = (rng.choice(n_regions, 2 * count, p=region_p).astype(np.int64) * n_activities
                    + rng.choice(n_activities, 2 * count, p=activity_p))
            cells = np.unique(np.concatenate([cells, more]))
        extra = np.setdiff1d(cells, taken)
        return np.concatenate([taken, rng.choice(extra, count, replace=False)])

    frames = []
    cells = draw(wanted, np.empty(0, dtype=np.int64))
    for t in range(n_years):
        if t:
            kept = rng.choice(cells, int(0.9 * wanted), replace=False)
            cells = draw(wanted - len(kept), np.sort(kept))
        r, a = np.divmod(np.sort(cells), n_activities)
        value = rng.lognormal(0.0, 1.5, len(r)) * (1 + 50 * region_p[r] * n_regions)
        frames.append(pd.DataFrame({"year": 2001 + t, "region": r, "activity": a,
                                    "value": value}))
    frame = pd.concat(frames, ignore_index=True)
    frame["region"] = np.char.add("R", np.char.zfill(frame["region"].to_numpy().astype(str), 5))
    frame["activity"] = np.char.zfill(frame["activity"].to_numpy().astype(str), 6)
    return frame
