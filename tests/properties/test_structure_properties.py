"""Identities of the structure measures, checked on random panels (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from advantage import Panel
from advantage.measures.advantage import rca_cube as _rca
from advantage.measures.concentration import activity_concentration
from advantage.measures.isomorphism import structural_similarity
from advantage.measures.shiftshare import shift_share
from advantage.measures.specialisation import region_specialisation

SETTINGS = settings(max_examples=50, deadline=None)

values = st.one_of(st.just(0.0), st.floats(1e-3, 1e6, allow_nan=False))


@st.composite
def cubes(draw: st.DrawFn, min_times: int = 1) -> np.ndarray:
    shape = (draw(st.integers(min_times, 3)), draw(st.integers(2, 6)), draw(st.integers(2, 6)))
    cube = draw(arrays(np.float64, shape, elements=values))
    cube[:, 0, 0] += 1.0  # every year has a positive total
    return cube


def make_panel(cube: np.ndarray) -> Panel:
    n_t, n_r, n_a = cube.shape
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(n_r)],
                           activities=[f"a{j}" for j in range(n_a)], times=list(range(n_t)))


@SETTINGS
@given(cubes(min_times=2), st.sampled_from(["dunn", "esteban-marquillas", "dynamic"]))
def test_shift_share_components_add_up(cube: np.ndarray, method: str) -> None:
    panel = make_panel(cube)
    out = shift_share(panel, 0, cube.shape[0] - 1, method=method,  # type: ignore[arg-type]
                      zero_base="competitive")
    parts = ["national", "industry_mix", "competitive"]
    if method == "esteban-marquillas":
        parts.append("allocation")
    assert_allclose(out["change"], (cube[-1] - cube[0]).reshape(-1))
    # Exact up to rounding. Each component is computed from the cell's base and final values
    # (the competitive one as x1 - x0 * X_a1 / X_a0), so its rounding error is a few ulps of
    # those values, which can exceed the change and the components by far (two large, nearly
    # equal values). The bound is 1e-12 relative to |x0| + |x1| + sum |component|.
    terms = out[parts].to_numpy()
    gap = np.abs(terms.sum(axis=1) - out["change"].to_numpy())
    scale = (np.abs(cube[0]) + np.abs(cube[-1])).reshape(-1) + np.abs(terms).sum(axis=1)
    assert (gap <= 1e-12 * scale).all()


@SETTINGS
@given(cubes())
def test_value_weighted_mean_location_quotient_is_one(cube: np.ndarray) -> None:
    rca = _rca(cube)
    activity_share = cube.sum(axis=1) / cube.sum(axis=(1, 2))[:, None]  # (time, activity)
    region_share = cube.sum(axis=2) / cube.sum(axis=(1, 2))[:, None]  # (time, region)
    present_r = cube.sum(axis=2) > 0
    present_a = cube.sum(axis=1) > 0
    by_region = np.nansum(rca * activity_share[:, None, :], axis=2)
    by_activity = np.nansum(rca * region_share[:, :, None], axis=1)
    assert_allclose(by_region[present_r], 1.0, rtol=1e-12)
    assert_allclose(by_activity[present_a], 1.0, rtol=1e-12)


@SETTINGS
@given(cubes())
def test_specialisation_ranges_and_hachman_identity(cube: np.ndarray) -> None:
    out = region_specialisation(make_panel(cube)).dropna(subset=["krugman"])
    assert ((out["krugman"] >= 0) & (out["krugman"] <= 2 + 1e-12)).all()
    assert ((out["hachman"] > 0) & (out["hachman"] <= 1 + 1e-12)).all()
    norm = out["hhi_norm"].dropna()
    assert ((norm >= -1e-12) & (norm <= 1 + 1e-12)).all()
    assert (out["theil_relative"] >= -1e-12).all()
    # 1 / Hachman is the share-weighted mean location quotient of the region
    rca = _rca(cube)
    shares = cube / cube.sum(axis=2, keepdims=True).clip(min=1e-300)
    weighted = np.nansum(shares * rca, axis=2)[cube.sum(axis=2) > 0]
    assert_allclose(1 / out["hachman"].to_numpy(), weighted, rtol=1e-10)


@SETTINGS
@given(cubes(), st.sampled_from(["total", "uniform"]))
def test_concentration_ranges(cube: np.ndarray, reference: str) -> None:
    out = activity_concentration(make_panel(cube), reference=reference)  # type: ignore[arg-type]
    out = out.dropna(subset=["hoover"])
    assert ((out["hoover"] >= -1e-12) & (out["hoover"] <= 1 + 1e-12)).all()
    assert ((out["locational_gini"] >= -1e-12) & (out["locational_gini"] < 1)).all()
    assert ((out["gini"] >= -1e-12) & (out["gini"] < 1)).all()
    assert ((out["herfindahl"] > 0) & (out["herfindahl"] <= 1 + 1e-12)).all()


@SETTINGS
@given(cubes(), st.floats(1e-3, 1e3))
def test_similarity_symmetric_scale_invariant_and_one_for_identical(
        cube: np.ndarray, factor: float) -> None:
    n_t, n_r, n_a = cube.shape
    cube = np.concatenate([cube, cube[:, :1] * 3.0], axis=1)  # last region copies the first
    panel = make_panel(cube)
    out = structural_similarity(panel)
    valid = out["similarity"].dropna()
    assert ((valid >= 0) & (valid <= 1)).all()
    copy = out[(out["region_a"] == "r0") & (out["region_b"] == f"r{n_r}")]
    present = cube[:, 0].sum(axis=1) > 0
    assert_allclose(copy["similarity"].to_numpy()[present], 1.0, rtol=1e-12)
    assert_allclose(copy["krugman_pair"].to_numpy()[present], 0.0, atol=1e-12)
    # symmetric: reversing the region order gives the same value for every pair
    reversed_panel = Panel.from_cube(cube[:, ::-1], regions=[f"q{i}" for i in range(n_r + 1)],
                                     activities=list(range(n_a)), times=list(range(n_t)))
    back = structural_similarity(reversed_panel)
    ia = n_r - back["region_a"].cat.codes.to_numpy()
    ib = n_r - back["region_b"].cat.codes.to_numpy()
    key_back = dict(zip(zip(back["time"], ib, ia, strict=True), back["similarity"],
                        strict=True))
    codes_a, codes_b = out["region_a"].cat.codes, out["region_b"].cat.codes
    for t, a, b, value in zip(out["time"], codes_a, codes_b, out["similarity"], strict=True):
        assert_allclose(key_back[(t, a, b)], value, rtol=1e-12, atol=1e-15)
    # scaling one region leaves every similarity unchanged
    scaled = cube.copy()
    scaled[:, 1] *= factor
    assert_allclose(structural_similarity(make_panel(scaled))["similarity"], out["similarity"],
                    rtol=1e-12, atol=1e-15)
