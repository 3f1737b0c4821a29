"""Input-output linkages: textbook values, identities, and China's 42-sector tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError
from advantage.io import read_ionet_table
from advantage.measures.linkages import (
    ghosh_inverse,
    leontief_inverse,
    sector_linkages,
    technical_coefficients,
)

# Miller and Blair (2009), Input-Output Analysis, 2nd ed., section 2.3 numerical example:
# Z = [[150, 500], [200, 100]], x = (1000, 2000); A = [[.15, .25], [.2, .05]];
# L = [[1.2541, 0.3300], [0.2640, 1.1221]] (printed to four decimals).
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])


def test_miller_blair_example() -> None:
    a = technical_coefficients(MB_Z, MB_X)
    assert_allclose(a.to_numpy(), [[0.15, 0.25], [0.2, 0.05]], rtol=1e-12)
    inverse = leontief_inverse(a)
    assert_allclose(inverse.to_numpy(), [[1.2541, 0.3300], [0.2640, 1.1221]], atol=5e-5)
    # exact: (I - A)^-1 = [[.95, .25], [.2, .85]] / .7575
    assert_allclose(inverse.to_numpy(), np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575,
                    rtol=1e-12)


def test_linkages_hand_values() -> None:
    out = sector_linkages(MB_Z, MB_X)
    l_matrix = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575
    col, row = l_matrix.sum(axis=0), l_matrix.sum(axis=1)
    mean = l_matrix.sum() / 2
    # Rasmussen (1956): column (row) sums over their average
    assert_allclose(out["backward"], col / mean, rtol=1e-12)
    assert_allclose(out["forward"], row / mean, rtol=1e-12)
    assert_allclose(out["output_multiplier"], col, rtol=1e-12)
    # sector 0: BL = 1.5181/1.4851 > 1, FL = 1.5841/1.4851 > 1 -> key sector
    assert out["key_sector"].tolist() == [True, False]
    assert out["type"].tolist() == ["key", "weak"]


def test_ghosh_inverse_identity() -> None:
    # Miller and Blair (2009), eq. (12.10): G = x^-1 L x (diagonal x)
    g = ghosh_inverse(MB_Z, MB_X).to_numpy()
    l_matrix = leontief_inverse(technical_coefficients(MB_Z, MB_X)).to_numpy()
    assert_allclose(g, np.diag(1 / MB_X) @ l_matrix @ np.diag(MB_X), rtol=1e-12)
    out = sector_linkages(MB_Z, MB_X, forward="ghosh")
    assert_allclose(out["forward"], g.sum(axis=1) / (g.sum() / 2), rtol=1e-12)
    assert_allclose(out["backward"], sector_linkages(MB_Z, MB_X)["backward"], rtol=1e-12)


def test_labels_and_validation() -> None:
    labels = pd.Index(["agr", "ind"])
    flows = pd.DataFrame(MB_Z, index=labels, columns=labels)
    out = sector_linkages(flows, pd.Series(MB_X, index=labels),
                          names=["Agriculture", "Industry"])
    assert out["sector"].tolist() == ["agr", "ind"]
    assert out["name"].tolist() == ["Agriculture", "Industry"]
    with pytest.raises(AdvantageError, match="square"):
        sector_linkages(MB_Z[:, :1], MB_X)
    with pytest.raises(AdvantageError, match="positive; it is not for sectors \\[1\\]"):
        sector_linkages(MB_Z, [1000.0, 0.0])
    with pytest.raises(AdvantageError, match="not productive"):
        sector_linkages(np.array([[80.0, 0.0], [50.0, 10.0]]), [50.0, 100.0])
    with pytest.raises(AdvantageError, match="forward='rows'"):
        sector_linkages(MB_Z, MB_X, forward="rows")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- real data
@pytest.mark.data
@pytest.mark.parametrize("year", [2017, 2020])
def test_china_tables_balance_and_identities(shared_data, year: int) -> None:
    table = read_ionet_table(shared_data / f"ionet_china_{year}_42.csv")
    assert table.flows.shape == (42, 42) and table.imports.shape == (42, 42)
    assert list(table.value_added.index) == ["VA001", "VA002", "VA003", "VA004"]
    assert list(table.final_use.columns) == ["TC", "FU201", "FU202", "EX"]
    # Both accounting identities hold to ~1e-14 in these files (inputs + value added = GO;
    # intermediate + final use of domestic output = GO).
    assert table.balance.abs().max().max() < 1e-12
    raw = pd.read_csv(shared_data / f"ionet_china_{year}_42.csv", dtype={"Code": str})
    domestic = raw[raw["Origin"] == "Domestic"].set_index("Code")
    # the domestic block matches the file's own row totals of intermediate use (TIU)
    assert_allclose(table.flows.sum(axis=1), domestic["TIU"], rtol=1e-12)
    # a_ij for the agriculture column, by hand from the raw file
    a = technical_coefficients(table.flows, table.output)
    assert_allclose(a["01"], domestic["01"] / domestic.loc["01", "GO"], rtol=1e-12)
    # Leontief identity: x = L f, with f the final use of domestic output.
    l_matrix = leontief_inverse(a)
    assert_allclose(l_matrix.to_numpy() @ table.final_use.sum(axis=1).to_numpy(),
                    table.output.to_numpy(), rtol=1e-9)
    assert (np.diag(l_matrix) >= 1).all()
    out = table.linkages()
    assert out["backward"].mean() == pytest.approx(1.0, rel=1e-12)
    assert out["forward"].mean() == pytest.approx(1.0, rel=1e-12)
    # In both tables chemicals (12) and metal smelting (14) are key sectors; public
    # administration (42) is not.
    keys = set(out.loc[out["key_sector"], "sector"])
    assert {"12", "14"} <= keys and "42" not in keys


@pytest.mark.data
def test_reader_uses_data_folder_and_reports_problems(shared_data, tmp_path: Path,
                                                      monkeypatch) -> None:
    monkeypatch.setenv("ADVANTAGE_DATA", str(shared_data))
    table = read_ionet_table("ionet_china_2017_42.csv")
    assert table.names["06"] == "Manufacture of foods and tobacco"
    assert table.names_zh["01"] == "农林牧渔产品和服务"
    raw = pd.read_csv(shared_data / "ionet_china_2017_42.csv", dtype={"Code": str})
    broken = raw.copy()
    broken.loc[0, "GO"] *= 1.01  # agriculture's gross output off by 1%
    broken.to_csv(tmp_path / "broken.csv", index=False)
    with pytest.raises(AdvantageError, match="does not balance"):
        read_ionet_table(tmp_path / "broken.csv")
    raw.drop(columns="Origin").to_csv(tmp_path / "other.csv", index=False)
    with pytest.raises(AdvantageError, match="not an ionet table"):
        read_ionet_table(tmp_path / "other.csv")
    with pytest.raises(AdvantageError, match="does not exist"):
        read_ionet_table("no_such_table.csv")
