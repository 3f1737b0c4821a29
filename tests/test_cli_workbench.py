"""The workbench commands on files and on the reference data: outputs, options, one-line errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage.cli import main

ROLES = ["--region", "prov", "--activity", "ind", "--value", "output", "--time", "year"]
PROVINCES = ["Guangdong", "Zhejiang", "Jiangsu", "Ningxia", "Gansu", "Sichuan", "Hubei",
             "Jilin"]
CODES = ["01", "02", "13", "17", "26", "38"]


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return int(exit_info.value.code or 0)


@pytest.fixture
def cells(tmp_path: Path) -> Path:
    """Eight provinces x six two-digit codes x 2012, 2017, with an income column."""
    rng = np.random.default_rng(7)
    rows = []
    for year in (2012, 2017):
        for i, prov in enumerate(PROVINCES):
            for j, code in enumerate(CODES):
                value = float(rng.integers(5, 60)) * (1 + (i + j) % 3)
                rows.append((year, prov, code, value, 30000 + 5000 * i))
    path = tmp_path / "cells.csv"
    pd.DataFrame(rows, columns=["year", "prov", "ind", "output", "income"]).to_csv(path,
                                                                                  index=False)
    return path


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"activity": str, "ind": str})


# ------------------------------------------------------------------ advantages --peers
def test_advantages_with_peers(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "adv.csv"
    assert run(["advantages", str(cells), *ROLES, "--peers", "Ningxia,Gansu,Sichuan",
                "--year", "2017", "--out", str(out)]) == 0
    table = read(out)
    assert {"relative_presence", "pswot", "pswot_reason"} <= set(table.columns)
    assert set(table["pswot"].dropna()) <= {"strength", "opportunity", "weakness", "threat",
                                            "possible entrant"}
    # by hand: Guangdong's relative presence in 01 against the three peers
    frame = pd.read_csv(cells, dtype={"ind": str})
    y = frame[frame["year"] == 2017]
    peers = y[y["prov"].isin(["Ningxia", "Gansu", "Sichuan"])]
    gd = y[y["prov"] == "Guangdong"]
    expected = (gd.loc[gd["ind"] == "01", "output"].sum() / gd["output"].sum()) / (
        peers.loc[peers["ind"] == "01", "output"].sum() / peers["output"].sum())
    row = table[(table["region"] == "Guangdong") & (table["activity"] == "01")]
    assert_allclose(row["relative_presence"], expected)


def test_advantages_peers_and_reference_on_the_china_tables(shared_data: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "adv.csv"
    assert run(["advantages", "china_provincial_io", "--peers", "group", "--reference",
                "west", "--year", "2017", "--out", str(out)]) == 0
    table = read(out)
    ningxia = table[table["region"] == "Ningxia"]
    assert len(ningxia) == 38 and ningxia["pswot"].notna().all()
    assert ningxia["pswot_reason"].str.contains("peers").all()


def test_transfer_against_a_reference(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "transfer.csv"
    reference = ["Ningxia", "Gansu", "Sichuan"]
    assert run(["transfer", str(cells), *ROLES, "--sources", "Guangdong,Zhejiang,Jiangsu",
                "--from-year", "2012", "--to-year", "2017", "--reference", ",".join(reference),
                "--out", str(out)]) == 0
    table = read(out)
    assert len(table) > 0
    # the destinations' LQ is against the reference, by hand
    frame = pd.read_csv(cells, dtype={"ind": str})
    y = frame[frame["year"] == 2017]
    ref = y[y["prov"].isin(reference)]
    row = table.iloc[0]
    mine = y[y["prov"] == row["destination"]]
    expected = (mine.loc[mine["ind"] == row["activity"], "output"].sum()
                / mine["output"].sum()) / (ref.loc[ref["ind"] == row["activity"],
                                                   "output"].sum() / ref["output"].sum())
    assert_allclose(row["lq"], expected)


# ------------------------------------------------------------------ opportunities
@pytest.mark.parametrize("strategy", ["low_hanging_fruit", "balanced_portfolio", "long_jump"])
def test_atlas_presets(cells: Path, tmp_path: Path, strategy: str) -> None:
    out = tmp_path / "opp.csv"
    assert run(["opportunities", str(cells), *ROLES, "--preset", strategy, "--top", "3",
                "--out", str(out)]) == 0
    table = read(out)
    assert (table["approach"] == strategy).all() and "ceiling" not in table.columns


def test_income_ceiling_and_stability(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "opp.csv"
    assert run(["opportunities", str(cells), *ROLES, "--preset", "long_jump", "--income",
                "income", "--income-threshold", "45000", "--stability", "--top", "3",
                "--out", str(out)]) == 0
    table = read(out)
    capped = set(table.loc[table["ceiling"].notna(), "region"])
    assert capped == {"Guangdong", "Zhejiang", "Jiangsu", "Ningxia"}  # 30000 + 5000 i <= 45000
    assert table["stability"].between(0, 1).all()
    side = tmp_path / "income.csv"
    pd.DataFrame({"region": PROVINCES, "gdp_pc": [10.0] * 8}).to_csv(side, index=False)
    assert run(["opportunities", str(cells), *ROLES, "--preset", "low_hanging_fruit",
                "--income", f"{side}:gdp_pc", "--income-threshold", "20", "--top", "2",
                "--out", str(out)]) == 0
    assert read(out)["ceiling"].notna().all()


def test_income_without_a_threshold_ranks_without_a_ceiling(cells: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture
                                                          ) -> None:
    out = tmp_path / "opp.csv"
    assert run(["opportunities", str(cells), *ROLES, "--preset", "long_jump", "--income",
                "30000", "--top", "3", "--out", str(out)]) == 0
    assert "warning: income= without income_threshold=: no PCI ceiling" in \
        capsys.readouterr().err
    assert "ceiling" not in read(out).columns


def test_opportunities_on_the_china_tables(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "opp.csv"
    assert run(["opportunities", "china_provincial_io", "--focus", "Gansu", "--preset",
                "long_jump", "--income", "30000", "--income-threshold", "40000", "--stability",
                "--out", str(out)]) == 0
    table = read(out)
    assert len(table) == 10 and table["ceiling"].notna().all()
    assert table["stability"].between(0, 1).all()
    west = tmp_path / "west.csv"
    assert run(["opportunities", "china_provincial_io", "--focus", "Gansu", "--preset",
                "low_hanging_fruit", "--reference", "west", "--stability", "--out",
                str(west)]) == 0
    assert read(west)["stability"].notna().all()  # the base list is the reference's own


# ------------------------------------------------------------------ portfolio
def test_portfolio_with_attributes(cells: Path, tmp_path: Path) -> None:
    attributes = tmp_path / "attributes.csv"
    pd.DataFrame({"activity": CODES, "jobs": [5, 1, 2, 3, 4, 9],
                  "carbon": [1, 9, 8, 2, 5, 1], "investment": [1, 2, 3, 2, 1, 2]}).to_csv(
        attributes, index=False)
    out = tmp_path / "portfolio.csv"
    assert run(["portfolio", str(cells), *ROLES, "--focus", "Ningxia,Gansu", "--k", "2",
                "--attributes", str(attributes), "--weights", "pci=1,jobs=1,carbon=-1",
                "--out", str(out)]) == 0
    table = read(out)
    assert {"region", "activity", "feasibility", "attractiveness", "cluster",
            "reason"} <= set(table.columns)
    assert table.groupby("region").size().tolist() == [2, 2]
    budget = tmp_path / "budget.csv"
    assert run(["portfolio", str(cells), *ROLES, "--focus", "Ningxia", "--budget", "3",
                "--costs", "investment", "--attributes", str(attributes), "--out",
                str(budget)]) == 0
    assert read(budget)["cost"].sum() <= 3


def test_portfolio_on_reference_data(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "gansu.csv"
    assert run(["portfolio", "china_provincial_io", "--focus", "甘肃", "--k", "5",
                "--lang", "zh", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert len(table) == 5 and "吸引力" in table.columns
    us = tmp_path / "california.csv"
    assert run(["portfolio", "us_gva", "--focus", "California", "--k", "3", "--out",
                str(us)]) == 0
    assert len(read(us)) == 3


# ------------------------------------------------------------------ diagnostics
def test_diagnostics_writes_its_tables(cells: Path, tmp_path: Path) -> None:
    folder = tmp_path / "trust"
    assert run(["diagnostics", str(cells), *ROLES, "--focus", "Ningxia", "--boot", "30",
                "--k", "3", "--out", str(folder)]) == 0
    checks = pd.read_csv(folder / "diagnostics.csv")
    assert list(checks.columns) == ["time", "check", "value", "verdict", "detail"]
    assert set(checks["time"]) == {2012, 2017}
    stability = read(folder / "stability.csv")
    assert stability["stability"].between(0, 1).all()
    assert {"opportunities", "advantages", "transfer"} == set(stability["list"])
    for name in ("variants", "eci_ranks", "pci_ranks", "cell_ranks"):
        assert (folder / f"{name}.csv").exists()


def test_diagnostics_on_reference_data(shared_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "china"
    assert run(["diagnostics", "china_provincial_io", "--boot", "50", "--out",
                str(folder)]) == 0
    checks = pd.read_csv(folder / "diagnostics.csv")
    assert len(checks) == 4 * 8
    us = tmp_path / "us"
    assert run(["diagnostics", "us_gva", "--boot", "20", "--k", "5", "--out", str(us)]) == 0
    assert len(pd.read_csv(us / "diagnostics.csv")) == 13 * 8


# ------------------------------------------------------------------ monitor
def test_monitor_two_files_and_a_plan(cells: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(cells, dtype={"ind": str})
    before, after = tmp_path / "2012.csv", tmp_path / "2017.csv"
    frame[frame["year"] == 2012].to_csv(before, index=False)
    frame[frame["year"] == 2017].to_csv(after, index=False)
    plan = tmp_path / "plan.csv"
    pd.DataFrame({"region": ["Ningxia", "Gansu"], "activity": ["01", "38"]}).to_csv(
        plan, index=False)
    folder = tmp_path / "monitor"
    assert run(["monitor", "--before", str(before), "--after", str(after), *ROLES, "--plan",
                str(plan), "--out", str(folder)]) == 0
    for name in ("changes", "suggestions", "hits", "alerts", "scorecard"):
        assert (folder / f"{name}.csv").exists()
    suggestions = read(folder / "suggestions.csv")
    assert suggestions[["region", "activity"]].values.tolist() == [["Ningxia", "01"],
                                                                    ["Gansu", "38"]]


def test_monitor_on_reference_data(shared_data: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "china"
    assert run(["monitor", "--before", "china_provincial_io", "--after",
                "china_provincial_io", "--before-year", "2012", "--after-year", "2017",
                "--out", str(folder)]) == 0
    assert "2012 -> 2017:" in capsys.readouterr().out
    assert len(pd.read_csv(folder / "scorecard.csv")) == 31 * 4
    us = tmp_path / "us"
    assert run(["monitor", "--before", "us_gva", "--after", "us_gva", "--before-year",
                "2014", "--after-year", "2019", "--out", str(us)]) == 0
    assert set(pd.read_csv(us / "alerts.csv")["level"]) <= {"watch", "warning", "alert"}


# ------------------------------------------------------------------ chains (tag mode)
def test_chains_tag_mode_on_a_file(cells: Path, tmp_path: Path) -> None:
    chains = tmp_path / "chains.csv"
    pd.DataFrame({"chain": ["demo"] * 3, "activity": ["01", "13", "38"],
                  "stage": [1, 2, 3]}).to_csv(chains, index=False)
    out, summary = tmp_path / "links.csv", tmp_path / "summary.csv"
    assert run(["chains", str(cells), *ROLES, "--chains", str(chains), "--focus",
                "Ningxia,Gansu", "--summary", str(summary), "--out", str(out)]) == 0
    links = read(out)
    assert links["activity"].tolist()[:3] == ["01", "13", "38"]  # codes keep their zeros
    assert set(links["action"]) <= {"strengthen", "fill", "extend"}
    assert len(pd.read_csv(summary)) == 2


def test_chains_worked_examples(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    assert run(["chains", "china_provincial_io", "--chains", "china_io", "--focus",
                "Ningxia", "--centrality", "io", "--out", str(out)]) == 0
    links = read(out)
    assert set(links["chain"]) == {"光伏", "新能源汽车"} and "link_en" in links.columns


# ------------------------------------------------------------------ leads
def test_ingest_records_then_leads_to_excel(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    rows = [(f"F{i}", f"Firm {i}", ["Guangdong", "Jiangsu"][i % 2], ["3841", "2613"][i % 2],
             year, float(rng.integers(10, 100)) * (1 + 0.1 * (year - 2018)))
            for i in range(12) for year in (2018, 2019, 2020)]
    records = tmp_path / "firms.csv"
    pd.DataFrame(rows, columns=["id", "firm_name", "province", "code", "year",
                                "staff"]).to_csv(records, index=False)
    ws = tmp_path / "ws.duckdb"
    assert run(["ingest", str(records), "--workspace", str(ws), "--name", "firms",
                "--records", "--firm", "id", "--firm-name", "firm_name", "--region",
                "province", "--activity", "code", "--time", "year", "--value", "staff"]) == 0
    out = tmp_path / "leads.xlsx"
    assert run(["leads", "--workspace", str(ws), "--name", "firms", "--activity", "38",
                "--sources", "Guangdong", "--out", str(out)]) == 0
    table = pd.read_excel(out, dtype={"activity": str})
    assert set(table["activity"]) == {"3841"} and table["rank"].tolist()[0] == 1
    assert table["growth_per_year"].notna().all()


# ------------------------------------------------------------------ one-line errors
@pytest.mark.parametrize("argv, message", [
    (["advantages", "{cells}", *ROLES, "--peers", "size:zero", "--out", "{out}.csv"],
     "--peers needs a positive number"),
    (["portfolio", "{cells}", *ROLES, "--focus", "Ningxia", "--budget", "3", "--out",
      "{out}.csv"], "--budget needs --costs"),
    (["diagnostics", "{cells}", *ROLES, "--out", "{cells}"], "is a file; give a folder"),
    (["monitor", "--before", "{cells}", "--after", "{cells}", *ROLES, "--before-year", "2017",
      "--after-year", "2012", "--out", "{out}"], "must come after"),
    (["chains", "{cells}", "--focus", "Ningxia", "--summary", "{out}.csv", "--out",
      "{out}.csv"], "belong to the tag mode"),
    (["leads", "--workspace", "{out}.duckdb", "--name", "x", "--activity", "38", "--sources",
      "A", "--out", "{out}.xlsx"], "does not exist"),
])
def test_errors_are_one_line(cells: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
                             argv: list[str], message: str) -> None:
    filled = [a.replace("{cells}", str(cells)).replace("{out}", str(tmp_path / "out"))
              for a in argv]
    assert run(filled) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err
