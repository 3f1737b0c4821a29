"""The dense and sparse kernels of the indicator set give the same numbers, by every road out:
arrays, lazy cubes, tidy tables (whole, by blocks, non-zero rows) and written files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from advantage import AdvantageError, Panel
from advantage.io import write_batches
from advantage.measures import sampled, sparse_kernel, spectral
from advantage.measures.indicators import choose_kernel, compute_indicators
from test_stata_reference import load_panel, merged

ARRAYS = ("rca", "mcp", "density", "cog", "proximity", "diversity", "eci", "coi", "fitness",
          "ubiquity", "pci", "complexity")


def sparse_cube(seed: int, shape: tuple[int, int, int], share: float) -> np.ndarray:
    """Lognormal values on about ``share`` of the cells, with a region absent in year 0 and
    an activity absent in the last year (their totals are zero)."""
    rng = np.random.default_rng(seed)
    cube = rng.lognormal(sigma=1.2, size=shape) * (rng.random(shape) < share)
    cube[:, :, 0] += rng.lognormal(size=shape[:2])  # one widespread activity: connected
    cube[0, 1] = 0.0
    cube[-1, :, 2] = 0.0
    return cube


def labelled(cube: np.ndarray) -> Panel:
    n_t, n_r, n_a = cube.shape
    return Panel.from_cube(cube, regions=[f"r{i:03d}" for i in range(n_r)],
                           activities=[f"{j:05d}" for j in range(n_a)],
                           times=list(range(2001, 2001 + n_t)))


def assert_same(a, b, *, atol: float = 1e-10) -> None:
    for name in ARRAYS:
        left, right = np.asarray(getattr(a, name)), np.asarray(getattr(b, name))
        np.testing.assert_array_equal(np.isnan(left), np.isnan(right), err_msg=name)
        scale = max(1.0, float(np.nanmax(np.abs(left)))) if np.isfinite(left).any() else 1.0
        np.testing.assert_allclose(left, right, rtol=0, atol=atol * scale, equal_nan=True,
                                   err_msg=name)


@pytest.mark.data
def test_sparse_kernel_matches_stata(shared_data):
    # The same reference as tests/test_stata_reference.py: Stata ecomplexity's output on its
    # sample; the sparse kernel must meet it as closely as the dense one does.
    panel = load_panel(shared_data)
    dense = compute_indicators(panel, convention="stata", kernel="dense")
    sparse = compute_indicators(panel, convention="stata", kernel="sparse")
    assert (dense.kernel, sparse.kernel) == ("dense", "sparse")
    assert_same(dense, sparse, atol=1e-12)
    both = merged(shared_data, sparse)
    np.testing.assert_allclose(both["rca_ours"], both["rca"], rtol=0, atol=1e-6)
    np.testing.assert_array_equal(both["mcp"], both["M"])
    for column in ("density", "eci", "pci", "coi", "cog"):
        np.testing.assert_allclose(both[f"{column}_ours"], both[column], rtol=0, atol=1e-10,
                                   err_msg=column)


@pytest.mark.parametrize("convention", ["default", "stata"])
def test_kernels_agree_on_a_sparse_panel_with_absences(convention):
    panel = labelled(sparse_cube(3, (3, 40, 60), 0.08))
    dense = compute_indicators(panel, convention=convention, kernel="dense")
    sparse = compute_indicators(panel, convention=convention, kernel="sparse")
    assert np.isnan(dense.eci[0, 1]) and np.isnan(dense.pci[-1, 2])  # the absences
    assert_same(dense, sparse)
    pd.testing.assert_frame_equal(dense.regions(), sparse.regions(), rtol=1e-9)
    pd.testing.assert_frame_equal(dense.activities(), sparse.activities(), rtol=1e-9)


@pytest.mark.parametrize(("gather_cost", "dense_share"), [(0, 1.0), (10**9, 0.0)])
def test_sampled_products_by_terms_and_by_whole_rows_agree(monkeypatch, gather_cost,
                                                          dense_share):
    # Density and COG of the cells a table asks for come from sums over the region's
    # present activities, or from whole rows of the products when a region asks for many
    # cells; force each road in turn (cost 0: always term by term; huge: always rows), and
    # co-occurrence by the sparse product, then by the dense one.
    panel = labelled(sparse_cube(29, (2, 30, 50), 0.1))
    dense = compute_indicators(panel, kernel="dense")
    monkeypatch.setattr(sampled, "GATHER_COST", gather_cost)
    monkeypatch.setattr(sampled, "ROW_BLOCK", 120)  # rows in blocks of two
    monkeypatch.setattr(sparse_kernel, "DENSE_COOCCURRENCE_SHARE", dense_share)
    sparse = compute_indicators(panel, kernel="sparse")
    assert_same(dense, sparse)
    nonzero = sparse.cells(rows="nonzero")
    whole = dense.cells(rows="all")
    np.testing.assert_allclose(nonzero.iloc[:, 3:].to_numpy(float),
                               whole[whole["value"] != 0].iloc[:, 3:].to_numpy(float),
                               rtol=1e-12, atol=1e-12)


def test_lanczos_eigenvector_matches_the_dense_solver(monkeypatch):
    # Above DENSE_EIGEN_LIMIT rows the second eigenvector comes from ARPACK (eigsh); force
    # that path on a panel small enough for the dense solver and compare.
    panel = labelled(sparse_cube(5, (2, 60, 90), 0.1))
    reference = compute_indicators(panel, kernel="dense")
    monkeypatch.setattr(spectral, "DENSE_EIGEN_LIMIT", 10)
    monkeypatch.setattr(spectral, "BATCHED_EIGEN_LIMIT", 10)
    for kernel in ("dense", "sparse"):
        result = compute_indicators(panel, kernel=kernel)
        np.testing.assert_allclose(result.eci, reference.eci, atol=1e-9, err_msg=kernel)
        np.testing.assert_allclose(result.pci, reference.pci, atol=1e-9, err_msg=kernel)
        np.testing.assert_allclose(result.cog, reference.cog, atol=1e-9, err_msg=kernel)


def test_lazy_cubes_compute_the_periods_asked_for():
    panel = labelled(sparse_cube(7, (3, 20, 30), 0.1))
    dense = compute_indicators(panel, kernel="dense")
    sparse = compute_indicators(panel, kernel="sparse")
    for name in ("rca", "mcp", "density", "cog"):
        lazy, full = getattr(sparse, name), getattr(dense, name)
        assert lazy.shape == full.shape and len(lazy) == 3
        np.testing.assert_allclose(lazy[1], full[1], atol=1e-12, err_msg=name)
        np.testing.assert_allclose(lazy[1:3, 4], full[1:3, 4], atol=1e-12, err_msg=name)
        np.testing.assert_allclose(lazy[-1, 2:5, 7], full[-1, 2:5, 7], atol=1e-12)
        np.testing.assert_allclose(np.asarray(lazy), full, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("kernel", ["dense", "sparse"])
def test_tables_by_blocks_equal_the_whole_table(kernel):
    panel = labelled(sparse_cube(11, (3, 15, 25), 0.15))
    result = compute_indicators(panel, kernel=kernel)
    whole = result.cells(rows="all")
    assert len(whole) == 3 * 15 * 25
    # Blocks smaller than a period split it by regions; the rows come out in the same order.
    for max_rows in (50, 375, 10_000):
        blocks = pa.Table.from_batches(list(result.cell_batches("all", max_rows=max_rows)))
        pd.testing.assert_frame_equal(blocks.to_pandas(), whole, check_dtype=False)
    nonzero = result.cells(rows="nonzero")
    pd.testing.assert_frame_equal(
        nonzero, whole[whole["value"] != 0].reset_index(drop=True), check_dtype=False)
    assert result.resolve_rows() == ("nonzero" if kernel == "sparse" else "all")


def test_written_file_equals_the_in_memory_frame(tmp_path):
    panel = labelled(sparse_cube(13, (2, 12, 18), 0.2))
    result = compute_indicators(panel, kernel="sparse")
    path = write_batches(result.cell_batches("all", max_rows=40), tmp_path / "cells.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(path), result.cells(rows="all"),
                                  check_dtype=False)
    csv = write_batches(result.region_batches(), tmp_path / "regions.csv")
    pd.testing.assert_frame_equal(pd.read_csv(csv), result.regions(), check_dtype=False)


def test_blocks_of_years_do_not_change_the_dense_kernel():
    panel = labelled(sparse_cube(17, (4, 10, 14), 0.3))
    whole = compute_indicators(panel, kernel="dense")
    blocked = compute_indicators(panel, kernel="dense", block_cells=10 * 14)
    assert_same(whole, blocked, atol=0.0)


def test_kernel_choice_rule():
    sparse_panel = labelled(sparse_cube(19, (2, 500, 1100), 0.01))  # 1.1 million cells,
    assert sparse_panel.nonzero_count() < 0.05 * 1_100_000  # about 1.1% of them non-zero
    assert choose_kernel(sparse_panel) == "sparse"
    assert compute_indicators(sparse_panel, with_fitness=False).kernel == "sparse"
    # A threshold of 0 (>=) makes presence dense: the dense kernel, and the sparse one refuses.
    assert choose_kernel(sparse_panel, threshold=0.0) == "dense"
    assert choose_kernel(sparse_panel, threshold=0.0, strict=True) == "sparse"
    with pytest.raises(AdvantageError, match="threshold=0.0 makes every cell"):
        compute_indicators(sparse_panel, threshold=0.0, kernel="sparse")
    small = labelled(sparse_cube(19, (2, 50, 110), 0.01))  # too few cells to bother
    assert choose_kernel(small) == "dense"
    dense_share = labelled(sparse_cube(19, (2, 500, 1100), 0.2))
    assert choose_kernel(dense_share) == "dense"
    with pytest.raises(AdvantageError, match="kernel='ker' is not valid"):
        compute_indicators(small, kernel="ker")  # type: ignore[arg-type]


def test_sparse_storage_rule_of_from_long_keeps_the_numbers():
    cube = sparse_cube(23, (2, 500, 1100), 0.01)
    frame = labelled(cube).to_long()
    auto = Panel.from_long(frame, region="region", activity="activity", value="value",
                           time="time")
    dense = Panel.from_long(frame, region="region", activity="activity", value="value",
                            time="time", storage="dense")
    assert auto.is_sparse and not dense.is_sparse
    np.testing.assert_array_equal(auto.cube, dense.cube)
    assert auto.nonzero_count() == dense.nonzero_count() == np.count_nonzero(cube)
    assert auto.sparse_rows(slice(1, 2)).nnz == np.count_nonzero(cube[1])


def test_a_fully_symmetric_year_is_oriented_by_the_first_activity():
    # A path d - x - a - y - c - z - b reads the same backwards: ECI is uncorrelated with
    # diversity, ubiquities are equal and ECI has no skew, so nothing in the data orients the
    # eigenvector. The last tie-break gives the first activity a positive PCI, whichever
    # kernel (and eigen-solver) ran.
    m = np.array([[1, 1, 0], [0, 0, 1], [0, 1, 1], [1, 0, 0]], dtype=float)
    for activities in (["x", "y", "z"], ["z", "y", "x"]):
        cube = m if activities[0] == "x" else m[:, ::-1]
        panel = Panel.from_cube(cube * 10 + 0.1, regions=list("abcd"), activities=activities)
        for kernel in ("dense", "sparse"):
            pci = compute_indicators(panel, kernel=kernel).pci[0]
            assert pci[0] > 1.0 and pci[2] < -1.0, (activities, kernel, pci)


@pytest.mark.parametrize("convention", ["default", "stata"])
def test_kernels_agree_with_presence_by_rpop(convention):
    # Presence by RCA or RPOP (the ecomplexity "combination" rule) on both kernels.
    cube = sparse_cube(31, (2, 25, 40), 0.15)
    population = np.random.default_rng(31).lognormal(size=(2, 25))
    population[1, 3] = np.nan  # a region without population that year
    panel = labelled(cube)
    dense = compute_indicators(panel, convention=convention, population=population,
                               rpop_threshold=1.5, kernel="dense")
    sparse = compute_indicators(panel, convention=convention, population=population,
                                rpop_threshold=1.5, kernel="sparse")
    by_rca = compute_indicators(panel, convention=convention, kernel="dense")
    assert dense.mcp.sum() > by_rca.mcp.sum()  # RPOP made some cells present
    assert_same(dense, sparse)
