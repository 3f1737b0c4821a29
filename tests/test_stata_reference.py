"""The Growth Lab's Stata ``ecomplexity`` reproduced, and the default convention's documented
differences from it.

Reference: ``stata_ecomplexity_ground_truth_default.csv`` in the shared data folder, the
output of ``ecomplexity export_val, i(origin) p(hs92) t(year)`` (Growth Lab Stata package) on
``pyecomplexity_trade_data_sample.csv`` (both from the py-ecomplexity test fixtures, MIT; see
the folder's README.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

from advantage import Panel
from advantage.measures import compute_indicators, rca_cube

pytestmark = pytest.mark.data

SAMPLE = "pyecomplexity_trade_data_sample.csv"
GROUND_TRUTH = "stata_ecomplexity_ground_truth_default.csv"


def load_panel(folder: Path, storage: str = "auto", engine: str = "pandas") -> Panel:
    path = folder / SAMPLE
    frame = pl.read_csv(path) if engine == "polars" else pd.read_csv(path)
    return Panel.from_long(frame, region="origin", activity="hs92", value="export_val",
                           time="year", storage=storage)  # type: ignore[arg-type]


def merged(folder: Path, result) -> pd.DataFrame:
    """Ground truth rows joined to our cells, regions and activities (suffix _ours)."""
    ours = (result.cells()
            .merge(result.regions(), on=["time", "region"])
            .merge(result.activities(), on=["time", "activity"])
            .rename(columns={"time": "year", "region": "origin", "activity": "hs92"}))
    truth = pd.read_csv(folder / GROUND_TRUTH)
    both = truth.merge(ours, on=["year", "origin", "hs92"], suffixes=("", "_ours"),
                       validate="one_to_one")
    assert len(both) == len(truth) == 600
    return both


@pytest.mark.parametrize(("storage", "engine"),
                         [("auto", "pandas"), ("sparse", "pandas"), ("dense", "polars")])
def test_every_column_matches_stata(shared_data, storage, engine):
    result = compute_indicators(load_panel(shared_data, storage, engine), convention="stata")
    both = merged(shared_data, result)
    assert sorted(both["year"].unique()) == [1995, 1996]
    # RCA: the ground truth's export_val column is Stata's float (single precision)
    # rounding of the input, e.g. 43653866.43 -> 43653868, which is what Stata computed
    # RCA from; the two agree to ~1.4e-7, within the 1e-6.
    np.testing.assert_allclose(both["rca_ours"], both["rca"], rtol=0, atol=1e-6)
    # Everything else depends on the presence matrix M only, which is integer and
    # identical, so agreement is at rounding level (observed < 2e-14).
    np.testing.assert_array_equal(both["mcp"], both["M"])
    np.testing.assert_array_equal(both["diversity_ours"], both["diversity"])
    np.testing.assert_array_equal(both["ubiquity_ours"], both["ubiquity"])
    for column in ("density", "eci", "pci", "coi", "cog"):
        np.testing.assert_allclose(both[f"{column}_ours"], both[column], rtol=0, atol=1e-10,
                                   err_msg=column)


def test_readme_quoted_1995_values(shared_data):
    # Quoted in the shared data folder's README.md ("Known conventions of the Growth Lab's
    # Stata ecomplexity"), checked there on the ground-truth rows.  Densities are quoted to
    # 4-6 decimals, ECIs to full double precision.
    result = compute_indicators(load_panel(shared_data), convention="stata")
    cells = result.cells().set_index(["time", "region", "activity"])["density"]
    quoted_density = {("aut", 1704): 0.4625, ("blx", 3917): 0.442838,
                      ("che", 9403): 0.437637, ("deu", 8474): 0.562986,
                      ("dnk", 1704): 0.4125}
    for (region, activity), value in quoted_density.items():
        assert cells[(1995, region, activity)] == pytest.approx(value, abs=5e-7)
    eci = result.regions().set_index(["time", "region"])["eci"]
    quoted_eci = {"aut": 1.073207217992253, "blx": -0.3159764634559932,
                  "che": 1.06773721349865, "deu": 1.200861157616729,
                  "dnk": -0.9777046345252988}
    for region, value in quoted_eci.items():
        assert eci[(1995, region)] == pytest.approx(value, abs=1e-12)


def zscore(values: np.ndarray) -> np.ndarray:
    """Per-year z-score with the population standard deviation (n)."""
    mean = values.mean(axis=1, keepdims=True)
    return (values - mean) / values.std(axis=1, keepdims=True)


def test_default_differs_from_stata_only_where_documented(shared_data):
    # measures/indicators.py lists the differences: presence >= vs >, the ECI and PCI
    # standardisation, and the COI/COG terms.  Everything else must be identical.
    panel = load_panel(shared_data)
    stata = compute_indicators(panel, convention="stata")
    default = compute_indicators(panel)
    # Precondition: no RCA equals the threshold exactly, so >= and > agree on this data.
    assert not (rca_cube(panel.cube) == 1.0).any()
    for name in ("rca", "mcp", "diversity", "ubiquity", "proximity", "density", "fitness",
                 "complexity"):
        np.testing.assert_array_equal(getattr(default, name), getattr(stata, name),
                                      err_msg=name)
    # Same eigenvector, standardised differently: default ECI is the z-score of stata ECI
    # over regions, default PCI the z-score of stata PCI over activities (exact affine maps,
    # correlation 1), and stata ECI is not itself a z-score over regions.
    np.testing.assert_allclose(default.eci, zscore(stata.eci), atol=1e-12)
    np.testing.assert_allclose(default.pci, zscore(stata.pci), atol=1e-12)
    for t in range(2):
        assert np.corrcoef(default.eci[t], stata.eci[t])[0, 1] == pytest.approx(1.0, abs=1e-12)
        assert np.corrcoef(default.pci[t], stata.pci[t])[0, 1] == pytest.approx(1.0, abs=1e-12)
    assert np.abs(stata.eci.std(axis=1) - 1.0).max() > 1e-3
    assert np.abs(stata.pci.mean(axis=1)).max() > 1e-3

    # Default COI and COG follow the Atlas formulas (Hausmann et al. 2014) on the default
    # PCI, written out here with loops:
    #   COI_r = sum_a omega_ra (1 - M_ra) PCI_a
    #   COG_ra = (1 - M_ra) [sum_a' phi_a'a / sum_a'' phi_a'a'' (1 - M_ra') PCI_a'
    #                        - omega_ra PCI_a]
    m, phi, omega, pci = default.mcp, default.proximity, default.density, default.pci
    n_t, n_r, n_a = m.shape
    for t in range(n_t):
        row_sum = phi[t].sum(axis=1)
        for r in range(n_r):
            coi = sum(omega[t, r, a] * (1 - m[t, r, a]) * pci[t, a] for a in range(n_a))
            assert default.coi[t, r] == pytest.approx(coi, abs=1e-12)
            for a in range(n_a):
                gain = sum(phi[t, b, a] / row_sum[b] * (1 - m[t, r, b]) * pci[t, b]
                           for b in range(n_a))
                cog = (1 - m[t, r, a]) * (gain - omega[t, r, a] * pci[t, a])
                assert default.cog[t, r, a] == pytest.approx(cog, abs=1e-12)
    # And the stata COG, which leaves out the - omega PCI term, is not that.
    assert np.abs(default.cog - stata.cog).max() > 1e-2


def test_presence_differs_when_rca_equals_threshold_exactly():
    # Region a holds half of every activity, so its RCA is exactly 1 everywhere; default
    # (RCA >= 1) counts those cells as present, stata (RCA > 1, ecomplexity.ado
    # "M = (RCA :> `rca')") does not.
    frame = pd.DataFrame({"r": list("aaabbbccc"), "i": list("xyzxyzxyz"),
                          "v": [4.0, 4.0, 4.0, 3.0, 1.0, 0.0, 1.0, 3.0, 4.0]})
    panel = Panel.from_long(frame, region="r", activity="i", value="v")
    np.testing.assert_array_equal(rca_cube(panel.cube)[0, 0], 1.0)
    default = compute_indicators(panel)
    stata = compute_indicators(panel, convention="stata")
    np.testing.assert_array_equal(default.mcp[0, 0], [1, 1, 1])
    np.testing.assert_array_equal(stata.mcp[0, 0], [0, 0, 0])
    np.testing.assert_array_equal(default.mcp[0, 1:], stata.mcp[0, 1:])
