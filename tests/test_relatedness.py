"""Relatedness by hand: proximity, continuous proximity, cosine, association strength,
density, distance, COI and COG."""

from __future__ import annotations

import numpy as np
import pytest

from advantage import AdvantageError
from advantage.measures import (
    association_strength,
    complexity_outlook,
    continuous_proximity,
    cooccurrence,
    cosine_relatedness,
    density,
    distance,
    proximity,
    rca_cube,
)

# 3 regions x 3 activities:  r0 = {a0, a1}, r1 = {a0, a2}, r2 = {a0, a1, a2}.
# Ubiquity k = (3, 2, 2); co-occurrence U01 = 2 (r0, r2), U02 = 2 (r1, r2), U12 = 1 (r2).
M3 = np.array([[[1, 1, 0], [1, 0, 1], [1, 1, 1]]], dtype=float)

# 4 regions x 4 activities:  r0 = {a0, a1}, r1 = {a0, a2}, r2 = {a0, a1, a2}, r3 = {a2, a3}.
# Ubiquity k = (3, 2, 3, 1); U01 = 2, U02 = 2, U03 = 0, U12 = 1, U13 = 0, U23 = 1.
M4 = np.array([[[1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [0, 0, 1, 1]]], dtype=float)
# Minimum-conditional-probability proximity U / max(k, k') (Hidalgo et al. 2007), zero
# diagonal: 01 = 2/3, 02 = 2/3, 12 = 1/3, 23 = 1/3, the rest 0.
PHI4 = np.array([[[0, 2 / 3, 2 / 3, 0],
                  [2 / 3, 0, 1 / 3, 0],
                  [2 / 3, 1 / 3, 0, 1 / 3],
                  [0, 0, 1 / 3, 0]]])
# Density omega_ra = sum_a' M_ra' phi_a'a / sum_a' phi_a'a (Hidalgo et al. 2007); column sums
# of PHI4 are (4/3, 1, 4/3, 1/3).  By hand, e.g. r0: a0 (2/3)/(4/3) = 1/2, a1 (2/3)/1,
# a2 (2/3 + 1/3)/(4/3) = 3/4, a3 0/(1/3) = 0.
DENSITY4 = np.array([[[1 / 2, 2 / 3, 3 / 4, 0],
                      [1 / 2, 1, 1 / 2, 1],
                      [1, 1, 3 / 4, 1],
                      [1 / 2, 1 / 3, 1 / 4, 1]]])


def test_cooccurrence_by_hand():
    np.testing.assert_array_equal(cooccurrence(M3)[0], [[3, 2, 2], [2, 2, 1], [2, 1, 2]])


def test_proximity_min_by_hand():
    # phi = U / max(k, k'): 01 = 2/3, 02 = 2/3, 12 = 1/max(2, 2) = 1/2.
    expected = [[0, 2 / 3, 2 / 3], [2 / 3, 0, 1 / 2], [2 / 3, 1 / 2, 0]]
    np.testing.assert_allclose(proximity(M3, "min")[0], expected, rtol=1e-15)
    np.testing.assert_allclose(proximity(M3)[0], expected, rtol=1e-15)
    np.testing.assert_allclose(proximity(M4)[0], PHI4[0], rtol=1e-15)


def test_proximity_max_by_hand():
    # phi = U / min(k, k'): 01 = 2/2, 02 = 2/2, 12 = 1/2.
    expected = [[0, 1, 1], [1, 0, 1 / 2], [1, 1 / 2, 0]]
    np.testing.assert_allclose(proximity(M3, "max")[0], expected, rtol=1e-15)


def test_proximity_geometric_by_hand():
    # phi = U / sqrt(k k'): 01 = 2/sqrt(6), 02 = 2/sqrt(6), 12 = 1/sqrt(4).
    s = 2 / np.sqrt(6)
    expected = [[0, s, s], [s, 0, 1 / 2], [s, 1 / 2, 0]]
    np.testing.assert_allclose(proximity(M3, "geometric")[0], expected, rtol=1e-15)


def test_proximity_diagonal_and_absent_activity():
    # A fourth activity nobody has: its row and column are 0, and with diagonal=True the
    # diagonal is 1 only for activities present somewhere.
    m = np.concatenate([M3, np.zeros((1, 3, 1))], axis=2)
    for method in ("min", "max", "geometric"):
        phi = proximity(m, method)
        np.testing.assert_array_equal(phi[0, 3], 0.0)
        np.testing.assert_array_equal(phi[0, :, 3], 0.0)
        np.testing.assert_allclose(phi[0, :3, :3], proximity(M3, method)[0], rtol=1e-15)
        with_diagonal = proximity(m, method, diagonal=True)
        np.testing.assert_array_equal(np.diagonal(with_diagonal[0]), [1, 1, 1, 0])


def test_proximity_rejects_unknown_method():
    with pytest.raises(AdvantageError, match=r"^method='jaccard' is not valid; expected one "
                                             r"of 'min', 'max', 'geometric'\.$"):
        proximity(M3, "jaccard")  # type: ignore[arg-type]


def test_continuous_proximity_is_half_one_plus_correlation():
    # proxcontinous.ado: proximity = 0.5 :* (1 :+ correlation(levels)) - I.
    rng = np.random.default_rng(2)
    x = rng.lognormal(size=(2, 9, 5))
    levels = rca_cube(x)
    phi = continuous_proximity(levels)
    for t in range(2):
        expected = 0.5 * (1.0 + np.corrcoef(levels[t].T))
        np.fill_diagonal(expected, 0.0)
        np.testing.assert_allclose(phi[t], expected, atol=1e-14)


def test_continuous_proximity_leaves_out_absent_regions():
    rng = np.random.default_rng(3)
    x = rng.lognormal(size=(1, 8, 5))
    x[0, 4] = 0.0  # region 4 absent: its RCA is NaN
    levels = rca_cube(x)
    kept = np.delete(levels[0], 4, axis=0)
    expected = 0.5 * (1.0 + np.corrcoef(kept.T))
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(continuous_proximity(levels)[0], expected, atol=1e-14)


def test_continuous_proximity_with_an_absent_activity():
    rng = np.random.default_rng(4)
    x = rng.lognormal(size=(1, 8, 5))
    x[0, :, 2] = 0.0  # activity 2 absent this year: its RCA is NaN for every region
    levels = rca_cube(x)
    kept = np.delete(levels[0], 2, axis=1)
    expected = 0.5 * (1.0 + np.corrcoef(kept.T))
    np.fill_diagonal(expected, 0.0)
    phi = continuous_proximity(levels)[0]
    np.testing.assert_array_equal(phi[2], 0.0)
    np.testing.assert_allclose(np.delete(np.delete(phi, 2, 0), 2, 1), expected, atol=1e-14)


def test_cosine_relatedness_by_hand():
    # Columns a0 = (1, 2, 0), a1 = (0, 2, 1), a2 = (3, 0, 4); norms sqrt5, sqrt5, 5.
    # cos01 = 4/5, cos02 = 3/(5 sqrt5), cos12 = 4/(5 sqrt5); zero diagonal.
    x = np.array([[[1.0, 0.0, 3.0], [2.0, 2.0, 0.0], [0.0, 1.0, 4.0]]])
    c02, c12 = 3 / (5 * np.sqrt(5)), 4 / (5 * np.sqrt(5))
    expected = [[0, 4 / 5, c02], [4 / 5, 0, c12], [c02, c12, 0]]
    np.testing.assert_allclose(cosine_relatedness(x)[0], expected, rtol=1e-15)
    # On binary columns the cosine is the geometric proximity.
    np.testing.assert_allclose(cosine_relatedness(M3), proximity(M3, "geometric"), rtol=1e-15)


def test_association_strength_by_hand():
    # van Eck and Waltman (2009); EconGeo relatedness(method = "association"):
    # AS = C T / (S_a S_a') with zero-diagonal C.  For M3: C01 = 2, C02 = 2, C12 = 1,
    # S = (4, 3, 3), T = 10.  AS01 = AS02 = 20/12 = 5/3, AS12 = 10/9.
    expected = [[0, 5 / 3, 5 / 3], [5 / 3, 0, 10 / 9], [5 / 3, 10 / 9, 0]]
    np.testing.assert_allclose(association_strength(M3)[0], expected, rtol=1e-15)


def test_density_and_distance_by_hand():
    np.testing.assert_allclose(density(M4, PHI4), DENSITY4, rtol=1e-15)
    # Distance d_ra = 1 - omega_ra (Hausmann et al. 2014).
    np.testing.assert_allclose(distance(M4, PHI4), 1.0 - DENSITY4, rtol=1e-15, atol=1e-15)
    # From the proximity the library computes, too.
    np.testing.assert_allclose(density(M4, proximity(M4)), DENSITY4, rtol=1e-15)


def test_density_of_an_isolated_activity_is_nan():
    # An activity with zero proximity to every other has no defined density.
    m = np.array([[[1, 1, 0], [1, 0, 0], [0, 0, 1]]], dtype=float)
    out = density(m, proximity(m))
    assert np.isnan(out[0, :, 2]).all()
    assert np.isfinite(out[0, :, :2]).all()


# PCI chosen by hand (not derived from M4) for the outlook formulas.
PCI4 = np.array([[-1.0, 0.0, 1.0, 2.0]])
VALID4 = np.ones((1, 4), dtype=bool)


def test_coi_by_hand():
    # COI_r = sum_a omega_ra (1 - M_ra) PCI_a (Hausmann et al. 2014; coicog.ado):
    #   r0 (lacks a2, a3): 3/4 * 1 + 0 * 2 = 3/4
    #   r1 (lacks a1, a3): 1 * 0 + 1 * 2 = 2
    #   r2 (lacks a3):     1 * 2 = 2
    #   r3 (lacks a0, a1): 1/2 * -1 + 1/3 * 0 = -1/2
    for convention in ("default", "stata"):
        coi, _ = complexity_outlook(M4, DENSITY4, PHI4, PCI4, VALID4, convention=convention)
        np.testing.assert_allclose(coi, [[3 / 4, 2, 2, -1 / 2]], rtol=1e-15)


def test_cog_by_hand_both_conventions():
    # G_ra = sum_a' (1 - M_ra') PCI_a' phi_a'a / sum_a'' phi_a'a''.  Row sums of PHI4 are
    # (4/3, 1, 4/3, 1/3), so the weight rows phi_a'. / rowsum are
    #   a0 (0, 1/2, 1/2, 0), a1 (2/3, 0, 1/3, 0), a2 (1/2, 1/4, 0, 1/4), a3 (0, 0, 1, 0).
    # r0 lacks a2 (PCI 1) and a3 (PCI 2): G = 1*(1/2, 1/4, 0, 1/4) + 2*(0, 0, 1, 0)
    #   = (1/2, 1/4, 2, 1/4); COG on the missing a2, a3: stata (2, 1/4), and the Atlas
    #   formula subtracts omega * PCI: a2 2 - 3/4 * 1 = 5/4, a3 1/4 - 0 * 2 = 1/4.
    # r1 lacks a1 (0), a3 (2): G = 2 * (0, 0, 1, 0); stata a1 0, a3 0; default a1 0 - 1*0,
    #   a3 0 - 1*2 = -2.
    # r2 lacks a3: G = (0, 0, 2, 0); stata 0; default 0 - 1*2 = -2.
    # r3 lacks a0 (-1), a1 (0): G = -(0, 1/2, 1/2, 0); stata a0 0, a1 -1/2; default
    #   a0 0 - 1/2 * -1 = 1/2, a1 -1/2 - 1/3 * 0 = -1/2.
    # COG is 0 where the region already has the activity.
    stata = np.array([[[0, 0, 2, 1 / 4], [0, 0, 0, 0], [0, 0, 0, 0], [0, -1 / 2, 0, 0]]])
    default = np.array([[[0, 0, 5 / 4, 1 / 4], [0, 0, 0, -2], [0, 0, 0, -2],
                         [1 / 2, -1 / 2, 0, 0]]])
    _, cog = complexity_outlook(M4, DENSITY4, PHI4, PCI4, VALID4, convention="stata")
    np.testing.assert_allclose(cog, stata, rtol=1e-15, atol=1e-15)
    _, cog = complexity_outlook(M4, DENSITY4, PHI4, PCI4, VALID4, convention="default")
    np.testing.assert_allclose(cog, default, rtol=1e-15, atol=1e-15)


def test_coi_cog_ignore_absent_activities():
    # A fifth activity absent this year (NaN PCI, not valid) changes nothing.
    m = np.concatenate([M4, np.zeros((1, 4, 1))], axis=2)
    phi = proximity(m)
    dens = density(m, phi)
    pci = np.concatenate([PCI4, [[np.nan]]], axis=1)
    valid = np.array([[True] * 4 + [False]])
    for convention in ("default", "stata"):
        coi, cog = complexity_outlook(m, dens, phi, pci, valid, convention=convention)
        coi_ref, cog_ref = complexity_outlook(M4, DENSITY4, PHI4, PCI4, VALID4,
                                              convention=convention)
        np.testing.assert_allclose(coi, coi_ref, rtol=1e-15)
        np.testing.assert_allclose(cog[..., :4], cog_ref, rtol=1e-15, atol=1e-15)
        np.testing.assert_array_equal(cog[..., 4], 0.0)


def test_density_and_weights_match_density_and_column_sums():
    # One product gives both: the appended row of ones yields phi's column sums.
    rng = np.random.default_rng(7)
    m = (rng.random((2, 6, 5)) > 0.5).astype(float)
    from advantage.measures import density_and_weights, proximity

    phi = proximity(m)
    dens, sums = density_and_weights(m, phi)
    np.testing.assert_allclose(dens, density(m, phi), rtol=1e-14, equal_nan=True)
    np.testing.assert_allclose(sums, phi.sum(axis=1), rtol=1e-14)
