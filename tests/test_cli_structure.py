"""The ``advantage structure`` and ``advantage linkages`` commands."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import Panel
from advantage.cli import main
from advantage.measures.specialisation import region_specialisation


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return int(exit_info.value.code or 0)


@pytest.fixture
def cells(tmp_path: Path) -> Path:
    """Three provinces x four industries (codes 111, 112, 121, 122) x two years."""
    rng = np.random.default_rng(0)
    rows = [(year, prov, code, float(rng.integers(1, 50)))
            for year in (2015, 2020) for prov in ("Gansu", "Ningxia", "Qinghai")
            for code in (111, 112, 121, 122)]
    path = tmp_path / "cells.csv"
    pd.DataFrame(rows, columns=["year", "prov", "ind", "emp"]).to_csv(path, index=False)
    return path


@pytest.fixture
def hierarchy(tmp_path: Path) -> Path:
    path = tmp_path / "hierarchy.csv"
    pd.DataFrame({"code": [111, 112, 121, 122], "parent": [11, 11, 12, 12]}).to_csv(
        path, index=False)
    return path


ROLES = ["--region", "prov", "--activity", "ind", "--value", "emp", "--time", "year"]


def test_structure_writes_tables(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["structure", str(cells), *ROLES, "--out", str(out)]) == 0
    regions = pd.read_csv(out / "regions.csv")
    assert list(regions.columns[:10]) == ["time", "region", "krugman", "specialisation",
                                          "hachman", "entropy", "theil", "theil_relative",
                                          "hhi", "hhi_norm"]
    assert "similarity_national" in regions.columns
    frame = pd.read_csv(cells)
    panel = Panel.from_long(frame, region="prov", activity="ind", value="emp", time="year")
    expected = region_specialisation(panel)
    assert_allclose(regions["krugman"], expected["krugman"], rtol=1e-12)
    activities = pd.read_csv(out / "activities.csv")
    assert list(activities.columns[:6]) == ["time", "activity", "hoover", "locational_gini",
                                            "gini", "herfindahl"]
    pairs = pd.read_csv(out / "pairs.csv")
    assert list(pairs.columns) == ["time", "region_a", "region_b", "similarity",
                                   "krugman_pair", "flagged"]
    assert len(pairs) == 2 * 3
    assert not (out / "shiftshare.csv").exists()


def test_structure_with_hierarchy_and_shift_share(cells: Path, hierarchy: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = run(["structure", str(cells), *ROLES, "--hierarchy", str(hierarchy),
                "--base-year", "2015", "--final-year", "2020", "--threshold", "0.95",
                "--out", str(out)])
    assert code == 0
    pairs = pd.read_csv(out / "pairs.csv")
    assert set(pairs["level"]) == {"detailed", "parent"}
    assert len(pairs) == 2 * 2 * 3
    assert (pairs["flagged"] == (pairs["similarity"] >= 0.95)).all()
    shift = pd.read_csv(out / "shiftshare.csv")
    assert {"region", "activity", "change", "national", "industry_mix",
            "competitive"} <= set(shift.columns)
    assert_allclose(shift[["national", "industry_mix", "competitive"]].sum(axis=1),
                    shift["change"], rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize(("extra", "message"), [
    (["--region", "province"], "column 'province' (given as region=) is not in the table"),
    (["--base-year", "2015"], "give both --base-year and --final-year"),
    (["--base-year", "2015", "--final-year", "2019"],
     "--final-year '2019' is not in the panel; it has 2015, 2020"),
    (["--threshold", "2"], "Invalid value for '--threshold'"),
])
def test_structure_bad_input_one_line_error(cells: Path, tmp_path: Path, capsys,
                                            extra: list[str], message: str) -> None:
    argv = ["structure", str(cells), *ROLES, *extra, "--out", str(tmp_path / "o")]
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_structure_unmapped_hierarchy_code(cells: Path, tmp_path: Path, capsys) -> None:
    partial = tmp_path / "partial.csv"
    pd.DataFrame({"code": [111, 112], "parent": [11, 11]}).to_csv(partial, index=False)
    code = run(["structure", str(cells), *ROLES, "--hierarchy", str(partial),
                "--out", str(tmp_path / "o")])
    assert code == 2
    assert "2 activity labels have no group in the mapping" in capsys.readouterr().err


@pytest.mark.data
def test_linkages_command(shared_data: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "io"
    assert run(["linkages", str(shared_data / "ionet_china_2020_42.csv"), "--out",
                str(out)]) == 0
    table = pd.read_csv(out / "linkages.csv", dtype={"sector": str})
    assert list(table.columns[:8]) == ["sector", "name", "name_zh", "output", "backward",
                                       "forward", "key_sector", "type"]
    assert len(table) == 42
    leontief = pd.read_csv(out / "leontief.csv", dtype={"sector": str}).set_index("sector")
    assert leontief.shape == (42, 42)
    assert_allclose(leontief.sum(axis=0).to_numpy() / leontief.to_numpy().sum() * 42,
                    table["backward"], rtol=1e-9)
    assert "key sectors" in capsys.readouterr().out
    assert run(["linkages", str(tmp_path / "missing.csv"), "--out", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert run(["linkages", str(shared_data / "ionet_china_2020_42.csv"), "--block", "gross",
                "--out", str(out)]) == 2
    assert "block='gross' is not valid" in capsys.readouterr().err
