"""The ``advantages``, ``opportunities``, ``transfer`` and ``backtest`` commands."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from advantage.cli import main

ROLES = ["--region", "prov", "--activity", "ind", "--value", "output", "--time", "year"]
PROVINCES = ["Guangdong", "Zhejiang", "Jiangsu", "Ningxia", "Gansu", "Sichuan", "Hubei",
             "Jilin"]
INDUSTRIES = ["textiles", "electronics", "chemicals", "food", "metals", "machinery"]


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return int(exit_info.value.code or 0)


@pytest.fixture
def cells(tmp_path: Path) -> Path:
    """Eight provinces x six industries x 2015, 2018, 2020; textiles move east -> west."""
    rng = np.random.default_rng(1)
    rows = []
    for year in (2015, 2018, 2020):
        for i, prov in enumerate(PROVINCES):
            for j, ind in enumerate(INDUSTRIES):
                value = float(rng.integers(5, 60)) * (1 + (i + j) % 3)
                if ind == "textiles":
                    east = i < 3
                    value = (100 - 15 * (year - 2015) / 5 * 3) if east else \
                        10 + 8 * (year - 2015)
                rows.append((year, prov, ind, value))
    path = tmp_path / "cells.csv"
    pd.DataFrame(rows, columns=["year", "prov", "ind", "output"]).to_csv(path, index=False)
    return path


def test_advantages(cells: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "adv.csv"
    assert run(["advantages", str(cells), *ROLES, "--out", str(out), "--year", "2020"]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:5]) == ["time", "region", "activity", "class", "lq"]
    assert {"share_of_region", "share_of_nation", "growth_vs_nation", "competitive", "pci",
            "endowment", "reason"} <= set(table.columns)
    assert set(table["time"]) == {2020} and len(table) == 48
    assert "wrote" in capsys.readouterr().out


def test_advantages_with_china_endowments(cells: Path, tmp_path: Path, shared_data) -> None:
    tags = tmp_path / "tags.csv"
    pd.DataFrame({"activity": ["metals", "chemicals"], "endowment": ["coal", "coal"]}).to_csv(
        tags, index=False)
    out = tmp_path / "adv.parquet"
    code = run(["advantages", str(cells), *ROLES, "--out", str(out), "--endowments", "china",
                "--tags", str(tags), "--present-only"])
    assert code == 0
    table = pd.read_parquet(out)
    ningxia = table[(table["region"] == "Ningxia") & (table["activity"] == "metals")]
    assert (ningxia["endowment"] > 5).all()  # 5.9x the national coal capacity per person
    assert "not present" not in set(table["class"])


def test_opportunities(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "opp.xlsx"
    upgrades = tmp_path / "up.csv"
    code = run(["opportunities", str(cells), *ROLES, "--focus", "Ningxia,Gansu", "--top", "2",
                "--preset", "strategic_bets", "--out", str(out), "--upgrades", str(upgrades)])
    assert code == 0
    table = pd.read_excel(out)
    assert list(table.columns[:8]) == ["time", "region", "activity", "rank", "score",
                                       "density", "pci", "cog"]
    assert "reason" in table.columns
    assert set(table["region"]) <= {"Ningxia", "Gansu"}
    assert table.groupby("region").size().max() <= 2
    assert (table["approach"] == "strategic_bets").all()
    assert pd.read_csv(upgrades).columns[0] == "region"
    weighted = tmp_path / "w.csv"
    assert run(["opportunities", str(cells), *ROLES, "--weights", "density=1",
                "--out", str(weighted)]) == 0
    assert (pd.read_csv(weighted)["approach"] == "custom").all()


def test_transfer(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "match.csv"
    test = tmp_path / "reloc.csv"
    code = run(["transfer", str(cells), *ROLES, "--sources", "Guangdong,Zhejiang,Jiangsu",
                "--destinations", "Ningxia,Gansu,Sichuan", "--from-year", "2015",
                "--to-year", "2020", "--out", str(out), "--relocation", str(test)])
    assert code == 0
    table = pd.read_csv(out)
    assert list(table.columns[:5]) == ["activity", "source", "destination", "rank", "score"]
    assert {"activity", "source", "destination", "rank", "score", "reason"} <= set(table.columns)
    assert "textiles" in set(table["activity"])
    assert set(table["destination"]) <= {"Ningxia", "Gansu", "Sichuan"}
    reloc = pd.read_csv(test).set_index("activity")
    assert bool(reloc.loc["textiles", "relocating"])
    china = tmp_path / "china.csv"
    assert run(["transfer", str(cells), *ROLES, "--preset", "china", "--from-year", "2015",
                "--to-year", "2020", "--out", str(china)]) == 0
    matched = pd.read_csv(china)
    assert set(matched["destination"]) == {"Ningxia", "Gansu", "Sichuan", "Hubei", "Jilin"}
    assert matched["distance_km"].notna().all()


def test_backtest(cells: Path, tmp_path: Path) -> None:
    out = tmp_path / "bt"
    code = run(["backtest", str(cells), *ROLES, "--horizon", "next", "--out", str(out),
                "--absent", "0.5", "--sources", "Guangdong,Zhejiang,Jiangsu",
                "--from-year", "2015", "--to-year", "2018"])
    assert code == 2  # a transfer backtest needs a horizon in years
    code = run(["backtest", str(cells), *ROLES, "--horizon", "2", "--out", str(out),
                "--absent", "0.5", "--predictions", "--sources", "Guangdong,Zhejiang,Jiangsu",
                "--from-year", "2015", "--to-year", "2018"])
    assert code == 0
    metrics = pd.read_csv(out / "metrics.csv")
    assert metrics.columns.tolist() == [
        "method", "pr_auc", "pr_auc_low", "pr_auc_high", "auroc", "auroc_low", "auroc_high",
        "best_f1", "best_f1_low", "best_f1_high", "precision_at_10", "precision_at_10_low",
        "precision_at_10_high", "map_at_10", "map_at_10_low", "map_at_10_high", "brier",
        "n_candidates", "n_positive", "n_groups"]
    assert {"random", "persistence", "density", "cog"} <= set(metrics["method"])
    assert pd.read_csv(out / "leakage.csv")["ok"].all()
    assert (out / "notes.txt").exists()
    predictions = pd.read_csv(out / "predictions.csv")
    if "learned" in set(metrics["method"]):  # trained: calibrated probabilities
        assert predictions["probability"].between(0, 1).all()
        assert metrics.set_index("method").loc["learned", "brier"] >= 0
    assert (out / "transfer_metrics.csv").exists()


@pytest.mark.parametrize("argv, message", [
    (["opportunities", "--focus", "Atlantis"], "--focus 'Atlantis' is not in the panel; it has"),
    (["opportunities", "--preset", "bold"], "'bold' is not one of 'light_touch'"),
    (["opportunities", "--top", "0"], "Invalid value for '--top'"),
    (["opportunities", "--endowments", "china"], "--endowments needs --tags"),
    (["transfer", "--sources", "Guangdong", "--destinations", "Guangdong,Ningxia",
      "--from-year", "2015", "--to-year", "2020"], "both sources and destinations"),
    (["transfer", "--sources", "Guangdong", "--from-year", "2020", "--to-year", "2015"],
     "must come before"),
    (["transfer", "--preset", "mars", "--from-year", "2015", "--to-year", "2020"],
     "'mars' is not one of 'auto', 'china', 'none'"),
    (["backtest", "--horizon", "soon"], "--horizon must be a whole number"),
    (["advantages", "--year", "1999"], "--year '1999' is not in the panel; it has 2015"),
    (["advantages", "--out", "x.txt"], "is not one of .csv, .parquet, .xlsx"),
])
def test_errors_are_one_line(cells: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
                             argv: list[str], message: str) -> None:
    command, *options = argv
    code = run([command, str(cells), *ROLES, "--out", str(tmp_path / "x.csv"), *options])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("error: ") and message in err and "\n" not in err


def test_lang_zh_writes_chinese_reasons(cells: Path, tmp_path: Path) -> None:
    commands = {
        "advantages": ["--year", "2020", "--present-only"],
        "opportunities": ["--focus", "Ningxia", "--top", "2"],
        "transfer": ["--sources", "Guangdong,Zhejiang,Jiangsu", "--from-year", "2015",
                     "--to-year", "2020"],
    }
    for command, extra in commands.items():
        out = tmp_path / f"{command}.csv"
        assert run([command, str(cells), *ROLES, *extra, "--lang", "zh", "--out", str(out)]) == 0
        reasons = pd.read_csv(out)["原因"]
        assert len(reasons) and reasons.str.contains(r"[\u4e00-\u9fff]").all(), command


def test_scorer_learned_writes_the_scorer_and_reasons(tmp_path: Path) -> None:
    from tests.test_planning_opportunities import diffusing_panel

    path = tmp_path / "diffusing.csv"
    diffusing_panel().to_long().to_csv(path, index=False)
    out = tmp_path / "learned.csv"
    roles = ["--region", "region", "--activity", "activity", "--value", "value", "--time",
             "time"]
    assert run(["opportunities", str(path), *roles, "--scorer", "learned", "--top", "3",
                "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert set(table["scorer"]) == {"learned"} and table["probability"].between(0, 1).all()
    assert table["reason"].str.contains("chance of entry").all()
    zh = tmp_path / "learned_zh.csv"
    assert run(["opportunities", str(path), *roles, "--scorer", "learned", "--top", "3",
                "--lang", "zh", "--out", str(zh)]) == 0
    assert pd.read_csv(zh)["原因"].str.contains("学习模型").all()


def test_backtest_transfer_flows(cells: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture) -> None:
    frame = pd.read_csv(cells)
    frame["inflow"] = frame["output"] * 0.5 + np.arange(len(frame)) % 7
    with_flows = tmp_path / "flows.csv"
    frame.to_csv(with_flows, index=False)
    out = tmp_path / "bt"
    code = run(["backtest", str(with_flows), *ROLES, "--horizon", "2", "--out", str(out),
                "--absent", "0.5", "--methods", "density", "--sources",
                "Guangdong,Zhejiang,Jiangsu", "--from-year", "2015", "--to-year", "2018",
                "--transfer-flows", "inflow"])
    assert code == 0
    metrics = pd.read_csv(out / "transfer_metrics.csv")
    assert set(metrics["method"]) == {"matching", "density", "random",
                                      "matching_without_flows"}
    ratios = pd.read_csv(out / "transfer_ratios.csv")
    assert "matching_without_flows" in set(ratios["denominator"])
    code = run(["backtest", str(with_flows), *ROLES, "--horizon", "2", "--out", str(out),
                "--methods", "density", "--sources", "Guangdong", "--from-year", "2015",
                "--to-year", "2018", "--transfer-flows", "nothing_here"])
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --transfer-flows 'nothing_here':") and "\n" not in err
