"""The sparse kernel gives the dense kernel's numbers on random sparse panels (hypothesis).

Panels are drawn from a seed (reproduced exactly from the seed hypothesis prints), with many
zero cells and, in some years, a region or an activity absent altogether.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_core_properties import well_posed

from advantage import Panel
from advantage.measures import compute_indicators

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True)
# Numbers that depend on presence and proximity only.
STRUCTURAL = ("rca", "mcp", "diversity", "ubiquity", "proximity", "density")
# Numbers that also depend on the second eigenvector, defined when the year is well posed.
SPECTRAL = ("eci", "pci", "coi", "cog")


@st.composite
def sparse_cubes(draw) -> np.ndarray:
    n_t = draw(st.integers(1, 3))
    n_r = draw(st.integers(2, 12))
    n_a = draw(st.integers(2, 15))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    share = draw(st.sampled_from([0.1, 0.25, 0.5]))
    cube = rng.lognormal(sigma=1.5, size=(n_t, n_r, n_a)) * (rng.random((n_t, n_r, n_a))
                                                              < share)
    if draw(st.booleans()):  # a region with nothing in one year
        cube[rng.integers(n_t), rng.integers(n_r)] = 0.0
    if draw(st.booleans()):  # an activity nobody has in one year
        cube[rng.integers(n_t), :, rng.integers(n_a)] = 0.0
    cube[0, 0, 0] += 1.0  # never an empty panel
    return cube


def labelled(cube: np.ndarray) -> Panel:
    n_t, n_r, n_a = cube.shape
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(n_r)],
                           activities=[f"{j:03d}" for j in range(n_a)],
                           times=list(range(2000, 2000 + n_t)))


@PROPERTY
@given(cube=sparse_cubes(), convention=st.sampled_from(["default", "stata"]))
def test_sparse_kernel_equals_dense_kernel(cube, convention):
    panel = labelled(cube)
    dense = compute_indicators(panel, convention=convention, kernel="dense")
    sparse = compute_indicators(panel, convention=convention, kernel="sparse")
    for name in STRUCTURAL:
        left, right = np.asarray(getattr(dense, name)), np.asarray(getattr(sparse, name))
        np.testing.assert_allclose(right, left, rtol=1e-12, atol=1e-12, equal_nan=True,
                                   err_msg=name)
    for t in range(cube.shape[0]):
        if not well_posed(dense.mcp[t:t + 1]):
            continue
        for name in SPECTRAL:
            np.testing.assert_allclose(np.asarray(getattr(sparse, name))[t],
                                       np.asarray(getattr(dense, name))[t], rtol=1e-9,
                                       atol=1e-9, equal_nan=True, err_msg=name)
        np.testing.assert_allclose(sparse.fitness[t], dense.fitness[t], rtol=1e-6,
                                   equal_nan=True)


@PROPERTY
@given(cube=sparse_cubes(), max_rows=st.integers(1, 400))
def test_cells_by_blocks_and_non_zero_rows_agree_with_the_whole_table(cube, max_rows):
    import pyarrow as pa

    for kernel in ("dense", "sparse"):
        result = compute_indicators(labelled(cube), kernel=kernel)
        whole = result.cells(rows="all")
        blocks = pa.Table.from_batches(list(result.cell_batches("all", max_rows=max_rows)))
        assert blocks.num_rows == cube.size
        np.testing.assert_array_equal(blocks.column("activity").to_pylist(),
                                      whole["activity"].tolist())
        np.testing.assert_array_equal(blocks.column("density").to_numpy(zero_copy_only=False),
                                      whole["density"].to_numpy())
        nonzero = result.cells(rows="nonzero")
        kept = whole[whole["value"] != 0].reset_index(drop=True)
        assert len(nonzero) == np.count_nonzero(cube)
        np.testing.assert_allclose(nonzero.iloc[:, 3:].to_numpy(float),
                                   kept.iloc[:, 3:].to_numpy(float), rtol=1e-12, atol=1e-12)
