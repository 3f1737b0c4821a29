"""ECI/PCI, the method of reflections, fitness-complexity, PRODY and EXPY, by hand and by
independent reference implementations written here."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from advantage import AdvantageError
from advantage.measures import (
    complexity_vectors,
    eci_pci,
    expy,
    fitness_complexity,
    prody,
    reflections,
)

SQRT3 = np.sqrt(3.0)


# ---------------------------------------------------------------- independent references


def eig_reference(m: np.ndarray, convention: str) -> tuple[np.ndarray, np.ndarray]:
    """ECI and PCI of one (region, activity) matrix, straight from the definitions.

    Hidalgo and Hausmann (2009) and Hausmann et al. (2014): the ECI is the eigenvector of the
    second-largest eigenvalue of Mctilde = D_c^-1 M D_p^-1 M^T, oriented to correlate
    positively with diversity; the PCI is the same eigenvector of
    Mptilde = D_p^-1 M^T D_c^-1 M.  Both are computed with the general (non-symmetric)
    numpy.linalg.eig.  The PCI vector is rescaled so that kc = D_c^-1 M kp, the relation that
    ecipci.ado of the Growth Lab's Stata ecomplexity uses (kc = (M :/ kc0) * kp).
    Standardisation: "stata" as in ecomplexity.ado (mean and sd with n - 1 of the long
    region x activity rows, PCI with ECI's mean and sd); "default" a z-score (sd with n) of
    each vector on its own.
    """
    kc0, kp0 = m.sum(axis=1), m.sum(axis=0)
    d_c, d_p = np.diag(1.0 / kc0), np.diag(1.0 / kp0)
    mc_tilde = d_c @ m @ d_p @ m.T
    mp_tilde = d_p @ m.T @ d_c @ m
    values, vectors = np.linalg.eig(mc_tilde)
    order = np.argsort(-values.real)
    assert values.real[order[0]] - values.real[order[1]] > 1e-6, "disconnected M"
    kc = vectors[:, order[1]].real
    if np.corrcoef(kc, kc0)[0, 1] < 0:
        kc = -kc
    values_p, vectors_p = np.linalg.eig(mp_tilde)
    kp = vectors_p[:, np.argsort(-values_p.real)[1]].real
    image = d_c @ m @ kp  # proportional to kc
    kp = kp * (kc @ kc) / (image @ kc)
    np.testing.assert_allclose(d_c @ m @ kp, kc, atol=1e-12)
    if convention == "stata":
        long = np.repeat(kc, m.shape[1])
        mean, sd = long.mean(), long.std(ddof=1)
        return (kc - mean) / sd, (kp - mean) / sd
    return (kc - kc.mean()) / kc.std(), (kp - kp.mean()) / kp.std()


def loop_fitness(m: np.ndarray, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    """Tacchella et al. (2012), written as plain loops: F~_r = sum_a M_ra Q_a,
    Q~_a = 1 / sum_r (M_ra / F_r), then each divided by its mean."""
    n_r, n_a = m.shape
    f = [1.0] * n_r
    q = [1.0] * n_a
    for _ in range(iterations):
        f_new = [sum(m[r, a] * q[a] for a in range(n_a)) for r in range(n_r)]
        q_new = [1.0 / sum(m[r, a] / f[r] for r in range(n_r)) for a in range(n_a)]
        f = [v / (sum(f_new) / n_r) for v in f_new]
        q = [v / (sum(q_new) / n_a) for v in q_new]
    return np.array(f), np.array(q)


def connected_matrix(seed: int, n_r: int, n_a: int) -> np.ndarray:
    """A random presence matrix with no empty row or column and a clear spectral gap."""
    rng = np.random.default_rng(seed)
    while True:
        m = (rng.random((n_r, n_a)) < 0.45).astype(float)
        if (m.sum(axis=0) == 0).any() or (m.sum(axis=1) == 0).any():
            continue
        if len(set(m.sum(axis=1))) < 2:
            continue
        a = m / np.sqrt(m.sum(axis=1))[:, None] / np.sqrt(m.sum(axis=0))[None, :]
        w = np.sort(np.linalg.eigvalsh(a @ a.T))[::-1]
        if w[0] - w[1] > 1e-2 and w[1] - w[2] > 1e-2:
            return m


# ---------------------------------------------------------------- ECI and PCI


# Upper-triangular (perfectly nested) 3x3: region 0 does everything, region 2 only activity 2.
TRIANGLE = np.array([[1, 1, 1], [0, 1, 1], [0, 0, 1]], dtype=float)


def test_eci_pci_by_hand_on_a_nested_triangle():
    # Hand computation.  kc0 = (3, 2, 1), kp0 = (1, 2, 3).
    # Mctilde = D_c^-1 M D_p^-1 M^T = [[11/18, 5/18, 2/18], [5/12, 5/12, 2/12], [1/3, 1/3, 1/3]].
    # Trying kc = (1, 0, -1) + c (1, 1, 1): Mctilde kc = (1/2 + c, 1/4 + c, c), an eigenvector
    # when lambda = 1/4 and c = -1/3, so kc is proportional to (2, -1, -4) (correlates
    # positively with diversity).  kp = D_p^-1 M^T kc = (2, 1/2, -1), and D_c^-1 M kp =
    # (1/2, -1/4, -1) = kc / 4 on the scale ecipci.ado uses.
    # Default: z-scores, ECI = (3, 0, -3)/sqrt(6), PCI = (3/2, 0, -3/2)/sqrt(3/2).
    eci, pci = eci_pci(TRIANGLE[None])
    np.testing.assert_allclose(eci[0], [np.sqrt(1.5), 0.0, -np.sqrt(1.5)], atol=1e-14)
    np.testing.assert_allclose(pci[0], [np.sqrt(1.5), 0.0, -np.sqrt(1.5)], atol=1e-14)
    # Stata: kc = (1/2, -1/4, -1) has mean -1/4; over the 9 long rows the sd (n - 1) is
    # sqrt(3 * 2 * (3/4)^2 / 8) = 3 sqrt(3) / 8.  ECI = (2/sqrt3, 0, -2/sqrt3) and
    # PCI = ((2, 1/2, -1) + 1/4) / (3 sqrt3 / 8) = (2 sqrt3, 2/sqrt3, -2/sqrt3).
    eci, pci = eci_pci(TRIANGLE[None], convention="stata")
    np.testing.assert_allclose(eci[0], [2 / SQRT3, 0.0, -2 / SQRT3], atol=1e-14)
    np.testing.assert_allclose(pci[0], [2 * SQRT3, 2 / SQRT3, -2 / SQRT3], atol=1e-14)


def test_eci_pci_order_on_a_nested_matrix():
    # Nested: region i does the first d_i activities, d = (6, 5, 3, 2, 1); ubiquity of the
    # activities is (5, 4, 3, 2, 2, 1).  On a nested matrix ECI ranks by diversity and PCI
    # by inverse ubiquity (Hidalgo and Hausmann 2009, Fig. 2); activities 3 and 4 have
    # identical columns, hence equal PCI.
    m = np.zeros((5, 6))
    for i, d in enumerate([6, 5, 3, 2, 1]):
        m[i, :d] = 1.0
    for convention in ("default", "stata"):
        eci, pci = eci_pci(m[None], convention=convention)
        assert np.all(np.diff(eci[0]) < 0)
        assert np.all(np.diff(pci[0, [0, 1, 2, 3, 5]]) > 0)
        assert pci[0, 3] == pytest.approx(pci[0, 4], abs=1e-12)


@pytest.mark.parametrize("convention", ["default", "stata"])
@pytest.mark.parametrize(("seed", "n_r", "n_a"), [(1, 6, 9), (2, 8, 8), (3, 12, 20)])
def test_eci_pci_equal_dense_eig_reference(convention, seed, n_r, n_a):
    m = connected_matrix(seed, n_r, n_a)
    eci, pci = eci_pci(m[None], convention=convention)
    eci_ref, pci_ref = eig_reference(m, convention)
    np.testing.assert_allclose(eci[0], eci_ref, atol=1e-10)
    np.testing.assert_allclose(pci[0], pci_ref, atol=1e-10)


@pytest.mark.parametrize("convention", ["default", "stata"])
@pytest.mark.parametrize(("seed", "n_r", "n_a"), [(4, 9, 5), (5, 20, 7)])
def test_more_regions_than_activities_equal_dense_eig_reference(convention, seed, n_r, n_a):
    # complexity_vectors solves the activity-side problem when regions outnumber activities.
    m = connected_matrix(seed, n_r, n_a)
    eci, pci = eci_pci(m[None], convention=convention)
    eci_ref, pci_ref = eig_reference(m, convention)
    np.testing.assert_allclose(eci[0], eci_ref, atol=1e-10)
    np.testing.assert_allclose(pci[0], pci_ref, atol=1e-10)


def test_transposed_problem_swaps_eci_and_pci():
    # Regions of M^T are the activities of M: the same eigenvector, so default ECI(M^T) is
    # PCI(M) up to sign.  The sign is fixed by diversity(M^T) = ubiquity(M).
    m = connected_matrix(6, 7, 11)
    eci, pci = eci_pci(m[None])
    eci_t, pci_t = eci_pci(m.T[None])
    sign = np.sign(np.corrcoef(eci_t[0], m.sum(axis=0))[0, 1])
    assert sign > 0
    direction = np.sign(eci_t[0] @ pci[0])
    np.testing.assert_allclose(eci_t[0], direction * pci[0], atol=1e-10)
    np.testing.assert_allclose(pci_t[0], direction * eci[0], atol=1e-10)


@pytest.mark.parametrize(("seed", "n_r", "n_a"), [(7, 6, 9), (8, 15, 6), (9, 10, 10)])
def test_sign_coupling(seed, n_r, n_a):
    m = connected_matrix(seed, n_r, n_a)
    diversity = m.sum(axis=1)
    for convention in ("default", "stata"):
        eci, pci = eci_pci(m[None], convention=convention)
        assert np.corrcoef(eci[0], diversity)[0, 1] > 0
        mean_pci = (m @ pci[0]) / diversity
        if convention == "stata":
            # ecipci.ado: kc = (M :/ kc0) * kp, and PCI is standardised with ECI's mean and
            # sd, so a region's ECI is exactly the mean PCI of its activities.
            np.testing.assert_allclose(eci[0], mean_pci, atol=1e-12)
        else:
            # Each is standardised on its own; the relation is affine with positive slope.
            assert np.corrcoef(eci[0], mean_pci)[0, 1] == pytest.approx(1.0, abs=1e-12)


def test_default_standardisation_moments():
    m = connected_matrix(10, 9, 13)
    eci, pci = eci_pci(m[None])
    assert eci[0].mean() == pytest.approx(0.0, abs=1e-12)
    assert eci[0].std() == pytest.approx(1.0, abs=1e-12)
    assert pci[0].mean() == pytest.approx(0.0, abs=1e-12)
    assert pci[0].std() == pytest.approx(1.0, abs=1e-12)
    eci, _ = eci_pci(m[None], convention="stata")
    long = np.repeat(eci[0], m.shape[1])
    assert long.mean() == pytest.approx(0.0, abs=1e-12)
    assert long.std(ddof=1) == pytest.approx(1.0, abs=1e-12)


def test_years_are_independent():
    a, b = connected_matrix(11, 6, 8), connected_matrix(12, 6, 8)
    eci, pci = eci_pci(np.stack([a, b]))
    for k, m in enumerate((a, b)):
        eci_one, pci_one = eci_pci(m[None])
        np.testing.assert_allclose(eci[k], eci_one[0], atol=1e-12)
        np.testing.assert_allclose(pci[k], pci_one[0], atol=1e-12)


def test_zero_diversity_region_and_zero_ubiquity_activity_are_nan_only():
    m = connected_matrix(13, 6, 8)
    padded = np.zeros((7, 9))
    padded[:6, :8] = m
    for convention in ("default", "stata"):
        eci, pci = eci_pci(padded[None], convention=convention)
        assert np.isnan(eci[0, 6]) and np.isnan(pci[0, 8])
        eci_ref, pci_ref = eci_pci(m[None], convention=convention)
        np.testing.assert_allclose(eci[0, :6], eci_ref[0], atol=1e-12)
        np.testing.assert_allclose(pci[0, :8], pci_ref[0], atol=1e-12)
    vectors = complexity_vectors(padded[None])
    np.testing.assert_array_equal(vectors.valid_regions[0], [True] * 6 + [False])
    np.testing.assert_array_equal(vectors.valid_activities[0], [True] * 8 + [False])


# The warning is the bug of test_a_year_without_any_presence_is_nan_without_warnings.
@pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning")
def test_fewer_than_two_regions_gives_nan():
    eci, pci = eci_pci(np.ones((1, 1, 4)))
    assert np.isnan(eci).all() and np.isnan(pci).all()


def test_a_year_without_any_presence_is_nan_without_warnings():
    m = np.stack([connected_matrix(14, 5, 6), np.zeros((5, 6))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        eci, pci = eci_pci(m)
    assert np.isnan(eci[1]).all() and np.isnan(pci[1]).all()
    assert np.isfinite(eci[0]).all()


def test_bad_convention_is_rejected():
    with pytest.raises(AdvantageError, match=r"^convention='atlas' is not valid; expected one "
                                             r"of 'default', 'stata'\.$"):
        eci_pci(TRIANGLE[None], convention="atlas")  # type: ignore[arg-type]


# ---------------------------------------------------------------- method of reflections


def test_reflections_first_two_iterations_by_hand():
    # Hidalgo and Hausmann (2009): k_r,N = mean of k_a,N-1 over r's activities,
    # k_a,N = mean of k_r,N-1 over a's regions.  M = [[1,1,1],[1,1,0],[1,0,0]]:
    #   k_r0 = (3, 2, 1)             k_a0 = (3, 2, 1)
    #   k_r1 = (6/3, 5/2, 3/1)       = (2, 2.5, 3)
    #   k_a1 = (6/3, 5/2, 3/1)       = (2, 2.5, 3)
    #   k_r2 = ((2+2.5+3)/3, (2+2.5)/2, 2) = (2.5, 2.25, 2)
    #   k_a2 = (2.5, 2.25, 2)
    m = np.array([[[1, 1, 1], [1, 1, 0], [1, 0, 0]]], dtype=float)
    kr, ka = reflections(m, iterations=2)
    assert kr.shape == (3, 1, 3) and ka.shape == (3, 1, 3)
    np.testing.assert_allclose(kr[:, 0], [[3, 2, 1], [2, 2.5, 3], [2.5, 2.25, 2]], rtol=1e-15)
    np.testing.assert_allclose(ka[:, 0], [[3, 2, 1], [2, 2.5, 3], [2.5, 2.25, 2]], rtol=1e-15)


def test_reflections_even_iterations_rank_like_eci():
    # Even reflections of k_r converge in direction to the ECI eigenvector (Hausmann et al.
    # 2014): after removing the mean, k_r,2N correlates with ECI ever more closely.
    m = connected_matrix(15, 7, 10)
    kr, _ = reflections(m[None], iterations=40)
    eci, _ = eci_pci(m[None])
    assert np.corrcoef(kr[40, 0], eci[0])[0, 1] > 0.999


def test_reflections_zero_diversity_is_nan_and_negative_iterations_rejected():
    m = np.array([[[1, 1], [1, 0], [0, 0]]], dtype=float)
    kr, _ = reflections(m, iterations=3)
    assert np.isnan(kr[1:, 0, 2]).all()
    assert np.isfinite(kr[1:, 0, :2]).all()
    with pytest.raises(AdvantageError, match="iterations=-1 is not valid"):
        reflections(m, iterations=-1)


# ---------------------------------------------------------------- fitness and complexity


# A non-nested matrix (seed 0 of a 6 x 8 Bernoulli(0.5) draw, fixed here) on which the
# Fitness-Complexity map has a positive fixed point.
FC_MATRIX = np.array([
    [0, 1, 1, 1, 0, 0, 0, 0],
    [0, 0, 0, 1, 0, 1, 0, 1],
    [0, 0, 1, 1, 1, 1, 0, 0],
    [0, 1, 0, 0, 0, 0, 0, 1],
    [1, 0, 0, 1, 1, 0, 0, 1],
    [0, 1, 0, 1, 1, 0, 1, 0],
], dtype=float)


def test_fitness_equals_loop_implementation():
    for iterations in (1, 2, 25):
        f, q = fitness_complexity(FC_MATRIX[None], max_iter=iterations, tol=0.0)
        f_ref, q_ref = loop_fitness(FC_MATRIX, iterations)
        np.testing.assert_allclose(f[0], f_ref, rtol=1e-12)
        np.testing.assert_allclose(q[0], q_ref, rtol=1e-12)


def test_fitness_first_iteration_by_hand():
    # From F = Q = 1: F~ = diversity, Q~_a = 1 / sum_r M_ra = 1 / ubiquity; then divide by
    # the means.  Diversity (3, 3, 4, 2, 4, 4) has mean 20/6.
    f, q = fitness_complexity(FC_MATRIX[None], max_iter=1, tol=0.0)
    np.testing.assert_allclose(f[0], np.array([3, 3, 4, 2, 4, 4]) * 6 / 20, rtol=1e-15)
    inverse_ubiquity = 1.0 / FC_MATRIX.sum(axis=0)
    np.testing.assert_allclose(q[0], inverse_ubiquity / inverse_ubiquity.mean(), rtol=1e-15)


def test_fitness_converges_to_a_fixed_point():
    f, q = fitness_complexity(FC_MATRIX[None])
    f, q = f[0], q[0]
    assert np.all(f > 0) and np.all(q > 0)
    assert f.mean() == pytest.approx(1.0, rel=1e-12)
    assert q.mean() == pytest.approx(1.0, rel=1e-12)
    # One more step of the map leaves both where they are.
    f_next = FC_MATRIX @ q
    q_next = 1.0 / (FC_MATRIX.T @ (1.0 / f))
    np.testing.assert_allclose(f_next / f_next.mean(), f, rtol=1e-8)
    np.testing.assert_allclose(q_next / q_next.mean(), q, rtol=1e-8)


def test_fitness_ranking_on_a_nested_matrix():
    # On a nested matrix fitness follows diversity and complexity inverse ubiquity
    # (Tacchella et al. 2012); identical columns get identical complexity.
    m = np.zeros((5, 6))
    for i, d in enumerate([6, 5, 3, 2, 1]):
        m[i, :d] = 1.0
    f, q = fitness_complexity(m[None])
    assert np.all(np.diff(f[0]) < 0)
    assert np.all(np.diff(q[0, [0, 1, 2, 3, 5]]) > 0)
    assert q[0, 3] == q[0, 4]


def test_fitness_survives_underflow_of_the_weakest_regions():
    # A star: region 0 does every activity; regions 1-3 only activity 0.  The fixed point
    # has F = (4, 0, 0, 0) and Q = (0, 4/3, 4/3, 4/3) (mean-1 normalisation), which the map
    # approaches geometrically; within max_iter the small values underflow.
    m = np.zeros((4, 4))
    m[0] = 1.0
    m[:, 0] = 1.0
    f, q = fitness_complexity(m[None])
    assert q[0].mean() == pytest.approx(1.0, rel=1e-12)
    assert f[0].mean() == pytest.approx(1.0, rel=1e-12)
    np.testing.assert_allclose(q[0, 1:], 4 / 3, rtol=1e-9)
    np.testing.assert_allclose(f[0, 0], 4.0, rtol=1e-9)


def test_fitness_nan_for_absent_region_and_activity():
    padded = np.zeros((7, 9))
    padded[:6, :8] = FC_MATRIX
    f, q = fitness_complexity(padded[None])
    assert np.isnan(f[0, 6]) and np.isnan(q[0, 8])
    f_ref, q_ref = fitness_complexity(FC_MATRIX[None])
    np.testing.assert_allclose(f[0, :6], f_ref[0], rtol=1e-12)
    np.testing.assert_allclose(q[0, :8], q_ref[0], rtol=1e-12)


# ---------------------------------------------------------------- PRODY and EXPY


def test_prody_and_expy_by_hand():
    # Hausmann, Hwang and Rodrik (2007):
    #   PRODY_a = sum_r [(x_ra / X_r) / sum_r' (x_r'a / X_r')] Y_r
    #   EXPY_r = sum_a (x_ra / X_r) PRODY_a
    # x = [[10, 30], [40, 20]], Y = (1000, 4000).  Shares: A (1/4, 3/4), B (2/3, 1/3).
    #   PRODY_1 = (1000/4 + 4000*2/3) / (1/4 + 2/3) = (8750/3) / (11/12) = 35000/11
    #   PRODY_2 = (1000*3/4 + 4000/3) / (3/4 + 1/3) = (6250/3) / (13/12) = 25000/13
    #   EXPY_A = 35000/44 + 3*25000/52 = 320000/143
    #   EXPY_B = 2*35000/33 + 25000/39 = 1185000/429
    x = np.array([[[10.0, 30.0], [40.0, 20.0]]])
    income = np.array([1000.0, 4000.0])
    p = prody(x, income)
    np.testing.assert_allclose(p, [[35000 / 11, 25000 / 13]], rtol=1e-14)
    np.testing.assert_allclose(expy(x, p), [[320000 / 143, 1185000 / 429]], rtol=1e-14)
    # Income given per (time, region) is the same thing.
    np.testing.assert_allclose(prody(x, income[None]), p, rtol=1e-15)


def test_prody_leaves_out_regions_without_income():
    # Region C has no income figure: PRODY is computed from A and B alone.
    x = np.array([[[10.0, 30.0], [40.0, 20.0], [5.0, 5.0]]])
    p = prody(x, np.array([1000.0, 4000.0, np.nan]))
    np.testing.assert_allclose(p, [[35000 / 11, 25000 / 13]], rtol=1e-14)


def test_eci_orientation_does_not_depend_on_an_absent_region_when_diversities_tie():
    # Every region has diversity 3, so the correlation with diversity cannot orient ECI; the
    # tie-break (PCI correlating negatively with ubiquity) must. Adding an all-zero region
    # changes nothing about the others (reviewer's reproducer, kept as a regression test).
    m = np.array([[1, 1, 1, 0, 0, 0], [1, 0, 1, 0, 1, 0], [0, 0, 1, 0, 1, 1],
                  [0, 1, 0, 1, 0, 1]], dtype=float)
    with_zero = np.vstack([m[:2], np.zeros((1, 6)), m[2:]])
    eci_a, pci_a = eci_pci(m[None])
    eci_b, pci_b = eci_pci(with_zero[None])
    np.testing.assert_allclose(eci_b[0, [0, 1, 3, 4]], eci_a[0], atol=1e-12)
    np.testing.assert_allclose(pci_b, pci_a, atol=1e-12)
    ubiquity = m.sum(axis=0)
    assert np.corrcoef(pci_a[0], ubiquity)[0, 1] < 0
