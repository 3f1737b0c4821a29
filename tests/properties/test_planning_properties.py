"""Guarantees of the planning layer, checked on small random panels (hypothesis).

Each panel comes from a seed drawn by hypothesis and a NumPy generator, so a failing example
is reproduced exactly from the seed that hypothesis prints.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from advantage import AdvantageError, Panel
from advantage.measures import compute_indicators, rca_cube
from advantage.planning import (
    PRESETS,
    classify_advantages,
    opportunities,
    relocating_activities,
    upgrade_paths,
)

PROPERTY = settings(max_examples=30, deadline=None, derandomize=True)


def random_panel(seed: int, n_t: int = 2, zeros: float = 0.4) -> Panel:
    rng = np.random.default_rng(seed)
    n_r, n_a = int(rng.integers(3, 8)), int(rng.integers(3, 9))
    cube = rng.lognormal(0, 1, (n_t, n_r, n_a)) * (rng.random((n_t, n_r, n_a)) > zeros)
    cube[:, :, 0] += 0.1  # every region has some value
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(n_r)],
                           activities=[f"a{j}" for j in range(n_a)],
                           times=list(range(2000, 2000 + 5 * n_t, 5)))


@PROPERTY
@given(seed=st.integers(0, 10_000), threshold=st.sampled_from([0.5, 1.0, 1.5]),
       preset=st.sampled_from([*PRESETS, "auto"]))
def test_a_region_is_never_suggested_what_it_has(seed: int, threshold: float,
                                                 preset: str) -> None:
    panel = random_panel(seed)
    try:
        out = opportunities(panel, preset=preset, top=None, threshold=threshold)
    except AdvantageError as exc:  # refused only when nothing could rank the candidates
        assert "every term of the score" in str(exc)
        assert np.isnan(compute_indicators(panel, threshold=threshold).pci[-1]).all()
        return
    rca = rca_cube(panel.cube)[-1]
    r = panel.regions.get_indexer(out["region"])
    a = panel.activities.get_indexer(out["activity"])
    with np.errstate(invalid="ignore"):
        assert not (rca[r, a] >= threshold).any()
    # and every candidate (valid, below the threshold) is ranked exactly once
    with np.errstate(invalid="ignore"):
        expected = int((np.isfinite(rca) & ~(rca >= threshold)).sum())
    assert len(out) == expected
    assert not out.duplicated(["region", "activity"]).any()


@PROPERTY
@given(seed=st.integers(0, 10_000))
def test_upgrade_targets_are_absent_and_more_complex(seed: int) -> None:
    panel = random_panel(seed)
    out = upgrade_paths(panel, top=3)
    rca = rca_cube(panel.cube)[-1]
    r = panel.regions.get_indexer(out["region"])
    assert (rca[r, panel.activities.get_indexer(out["target"])] < 1).all()
    assert (rca[r, panel.activities.get_indexer(out["activity"])] >= 1).all()
    assert (out["target_pci"] > out["pci"]).all()


@PROPERTY
@given(seed=st.integers(0, 10_000), loss=st.sampled_from(["level", "share"]),
       n_sources=st.integers(1, 2))
def test_an_activity_no_source_loses_is_never_relocating(seed: int, loss: str,
                                                         n_sources: int) -> None:
    panel = random_panel(seed, zeros=0.2)
    rng = np.random.default_rng(seed + 1)
    cube = panel.cube.copy()
    sources = list(panel.regions[:n_sources])
    kept = rng.random(panel.shape[2]) < 0.5  # activities no source loses
    if loss == "level":
        cube[1, :n_sources][:, kept] = np.maximum(cube[1, :n_sources][:, kept],
                                                  cube[0, :n_sources][:, kept])
    else:  # each source keeps at least its share: others shrink to make room
        cube[1][:, kept] = cube[0][:, kept]
        cube[1, n_sources:][:, kept] *= 0.5
    changed = Panel.from_cube(cube, regions=list(panel.regions),
                              activities=list(panel.activities), times=list(panel.times))
    out = relocating_activities(changed, sources, from_year=2000, to_year=2005, loss=loss)
    assert not out["relocating"].to_numpy()[kept].any()
    flagged = out[out["relocating"]]
    assert flagged["losing_sources"].map(len).gt(0).all()
    assert (flagged["source_share_to"] < flagged["source_share_from"]).all()


@PROPERTY
@given(seed=st.integers(0, 10_000), scale=st.floats(0.01, 100.0))
def test_classes_do_not_depend_on_units(seed: int, scale: float) -> None:
    panel = random_panel(seed)
    scaled = Panel.from_cube(panel.cube * scale, regions=list(panel.regions),
                             activities=list(panel.activities), times=list(panel.times))
    a = classify_advantages(panel)
    b = classify_advantages(scaled)
    assert (a["class"] == b["class"]).all()
    assert ((a["value"] == 0) == (a["class"] == "not present")).all()
