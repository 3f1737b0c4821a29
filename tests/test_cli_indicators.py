"""``advantage indicators``: the three tables it writes, and one-line errors for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from advantage import Panel
from advantage.cli import main
from advantage.measures import compute_indicators

CELLS = ["time", "region", "activity", "value", "rca", "mcp", "density", "distance", "cog"]
REGIONS = ["time", "region", "diversity", "eci", "coi", "fitness"]
ACTIVITIES = ["time", "activity", "ubiquity", "pci", "complexity"]
# The console script next to the interpreter running the tests (.venv/bin/advantage), or the
# package's __main__ when the script is not installed there.
_SCRIPT = Path(sys.executable).parent / "advantage"
ADVANTAGE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "advantage"]


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    code = excinfo.value.code
    return 0 if code is None else int(code)


def write_input(folder: Path) -> Path:
    """A small two-year table (connected presence, varying diversity)."""
    rng = np.random.default_rng(7)
    cube = rng.lognormal(size=(2, 6, 7))
    panel = Panel.from_cube(cube, regions=[f"R{i}" for i in range(6)],
                            activities=[f"A{j}" for j in range(7)], times=[2019, 2020])
    frame = panel.to_long().rename(columns={"time": "year", "region": "prov",
                                            "activity": "ind", "value": "emp"})
    path = folder / "input.csv"
    frame.to_csv(path, index=False)
    return path


def assert_one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    return lines[0]


def test_writes_three_tables_matching_the_library(tmp_path, capsys):
    source = write_input(tmp_path)
    out = tmp_path / "out"
    code = run(["indicators", str(source), "--region", "prov", "--activity", "ind",
                "--value", "emp", "--time", "year", "--out", str(out)])
    assert code == 0
    assert "2 periods x 6 regions x 7 activities" in capsys.readouterr().out
    cells = pd.read_csv(out / "cells.csv")
    regions = pd.read_csv(out / "regions.csv")
    activities = pd.read_csv(out / "activities.csv")
    assert list(cells.columns) == CELLS
    assert list(regions.columns) == REGIONS
    assert list(activities.columns) == ACTIVITIES
    assert (len(cells), len(regions), len(activities)) == (2 * 6 * 7, 2 * 6, 2 * 7)

    panel = Panel.from_long(pd.read_csv(source), region="prov", activity="ind", value="emp",
                            time="year")
    expected = compute_indicators(panel)
    for written, table in ((cells, expected.cells()), (regions, expected.regions()),
                           (activities, expected.activities())):
        numeric = [c for c in written.columns if c not in ("region", "activity")]
        np.testing.assert_allclose(written[numeric].to_numpy(float),
                                   table[numeric].to_numpy(float), rtol=1e-12, atol=1e-14)
        for label in ("region", "activity"):
            if label in written:
                assert written[label].tolist() == table[label].tolist()


def test_convention_and_threshold_are_passed_through(tmp_path):
    source = write_input(tmp_path)
    common = ["indicators", str(source), "--region", "prov", "--activity", "ind",
              "--value", "emp", "--time", "year"]
    assert run([*common, "--convention", "stata", "--threshold", "1.3",
                "--out", str(tmp_path / "s")]) == 0
    panel = Panel.from_long(pd.read_csv(source), region="prov", activity="ind", value="emp",
                            time="year")
    expected = compute_indicators(panel, convention="stata", threshold=1.3)
    cells = pd.read_csv(tmp_path / "s" / "cells.csv")
    regions = pd.read_csv(tmp_path / "s" / "regions.csv")
    np.testing.assert_array_equal(cells["mcp"], expected.mcp.reshape(-1))
    np.testing.assert_allclose(regions["eci"], expected.eci.reshape(-1), rtol=1e-12)
    # The threshold really changed presence.
    assert not np.array_equal(expected.mcp, compute_indicators(panel, convention="stata").mcp)


def test_single_period_without_time(tmp_path):
    frame = pd.read_csv(write_input(tmp_path)).query("year == 2020").drop(columns="year")
    source = tmp_path / "one.csv"
    frame.to_csv(source, index=False)
    out = tmp_path / "out"
    assert run(["indicators", str(source), "--region", "prov", "--activity", "ind",
                "--value", "emp", "--out", str(out)]) == 0
    assert list(pd.read_csv(out / "cells.csv").columns) == CELLS[1:]
    assert list(pd.read_csv(out / "regions.csv").columns) == REGIONS[1:]
    assert list(pd.read_csv(out / "activities.csv").columns) == ACTIVITIES[1:]


@pytest.mark.data
def test_stata_convention_on_the_reference_sample(shared_data, tmp_path):
    # ECI of Austria in 1995 from the Growth Lab's Stata ecomplexity, as quoted in the shared
    # data folder's README.md.
    out = tmp_path / "out"
    assert run(["indicators", str(shared_data / "pyecomplexity_trade_data_sample.csv"),
                "--region", "origin", "--activity", "hs92", "--value", "export_val",
                "--time", "year", "--convention", "stata", "--out", str(out)]) == 0
    regions = pd.read_csv(out / "regions.csv").set_index(["time", "region"])
    assert regions.loc[(1995, "aut"), "eci"] == pytest.approx(1.073207217992253, abs=1e-12)


def bad_inputs(folder: Path) -> dict[str, tuple[list[str], str]]:
    good = write_input(folder)
    negative = folder / "negative.csv"
    frame = pd.read_csv(good)
    frame.loc[3, "emp"] = -5.0
    frame.to_csv(negative, index=False)
    roles = ["--region", "prov", "--activity", "ind", "--value", "emp", "--time", "year"]
    out = ["--out", str(folder / "out")]
    return {
        "missing column": (
            ["indicators", str(good), "--region", "province", "--activity", "ind", "--value",
             "emp", "--time", "year", *out],
            f"error: {str(good)!r}: column 'province' (given as region=) is not in the table; "
            "columns are: 'year', 'prov', 'ind', 'emp'."),
        "negative values": (
            ["indicators", str(negative), *roles, *out],
            f"error: {str(negative)!r}: column 'emp' must hold finite values >= 0; 1 do not. "
            "First: line 5: "),
        "no such file": (
            ["indicators", str(folder / "nope.csv"), *roles, *out],
            f"error: input file {str(folder / 'nope.csv')!r} does not exist."),
        "unknown convention": (
            ["indicators", str(good), *roles, "--convention", "atlas", *out],
            "error: Invalid value for '--convention': Value error, 'atlas' is not one of "
            "'default', 'stata'."),
        "negative threshold": (
            ["indicators", str(good), *roles, "--threshold", "-1", *out],
            "error: threshold=-1.0 is not valid; expected a non-negative number."),
        "missing option": (
            ["indicators", str(good), "--region", "prov", "--activity", "ind", *out],
            "error: give --value: the columns of "),
    }


@pytest.mark.parametrize("case", ["missing column", "negative values", "no such file",
                                  "unknown convention", "negative threshold",
                                  "missing option"])
def test_bad_input_gives_one_error_line(tmp_path, capsys, case):
    argv, expected = bad_inputs(tmp_path)[case]
    code = run(argv)
    assert code != 0
    line = assert_one_error_line(capsys)
    assert line.startswith(expected), line
    assert not (tmp_path / "out" / "cells.csv").exists()


def test_no_arguments_shows_help_without_an_empty_error(capsys):
    run([])
    captured = capsys.readouterr()
    assert "Usage" in captured.out
    assert captured.err.strip() != "error:"


def test_installed_entry_point(tmp_path):
    # The console script, in a fresh process: a real error exit and a real success.
    argv, expected = bad_inputs(tmp_path)["negative values"]
    done = subprocess.run([*ADVANTAGE, *argv], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert done.stderr.splitlines()[0].startswith(expected)
    assert len(done.stderr.splitlines()) == 1
    source = write_input(tmp_path)
    done = subprocess.run([*ADVANTAGE, "indicators", str(source), "--region", "prov",
                           "--activity", "ind", "--value", "emp", "--time", "year",
                           "--out", str(tmp_path / "ok")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # One line says which kernel ran and what the cells table holds; nothing else.
    assert done.stderr.splitlines() == [
        "kernel: dense (100.0% of 84 cells non-zero); cells table: 84 cells"]
    assert (tmp_path / "ok" / "cells.csv").exists()


def test_lang_zh_writes_chinese_headers(tmp_path, shared_data):
    from advantage.cli import main as cli_main

    out = tmp_path / "zh"
    with pytest.raises(SystemExit) as exc:
        cli_main(["indicators", str(shared_data / "pyecomplexity_trade_data_sample.csv"),
                  "--region", "origin", "--activity", "hs92", "--value", "export_val",
                  "--time", "year", "--lang", "zh", "--out", str(out)])
    assert exc.value.code == 0
    header = (out / "regions.csv").read_text(encoding="utf-8").splitlines()[0]
    # The catalogue's Chinese labels (advantage.i18n) for time, region and ECI.
    assert header.startswith("年份,地区,")
    assert "经济复杂度 (ECI)" in header


def coded_input(folder: Path) -> Path:
    """A Parquet table whose activity codes have leading zeros and some cells are zero."""
    rng = np.random.default_rng(11)
    cube = rng.lognormal(size=(2, 7, 9)) * (rng.random((2, 7, 9)) > 0.4)
    cube[:, :, 0] += 1.0
    panel = Panel.from_cube(cube, regions=[f"R{i}" for i in range(7)],
                            activities=[f"{j:04d}" for j in range(9)], times=[2019, 2020])
    frame = panel.to_long().rename(columns={"time": "year", "region": "prov",
                                            "activity": "ind", "value": "emp"})
    path = folder / "coded.parquet"
    frame.to_parquet(path, index=False)
    return path


def roles(source: Path) -> list[str]:
    return ["indicators", str(source), "--region", "prov", "--activity", "ind",
            "--value", "emp", "--time", "year"]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_every_format_matches_the_library(tmp_path, fmt):
    source = coded_input(tmp_path)
    out = tmp_path / fmt
    assert run([*roles(source), "--format", fmt, "--out", str(out)]) == 0
    expected = compute_indicators(Panel.from_long(pd.read_parquet(source), region="prov",
                                                  activity="ind", value="emp", time="year"))
    read = {"csv": lambda p: pd.read_csv(p, dtype={"region": str, "activity": str}),
            "parquet": pd.read_parquet,
            "xlsx": lambda p: pd.read_excel(p, dtype={"region": str, "activity": str})}[fmt]
    for name, table in (("cells", expected.cells()), ("regions", expected.regions()),
                        ("activities", expected.activities())):
        written = read(out / f"{name}.{fmt}")
        assert list(written.columns) == list(table.columns)
        for label in ("region", "activity"):
            if label in table:  # codes are text, leading zeros kept ("0003")
                assert written[label].astype(str).tolist() == table[label].tolist()
        numeric = [c for c in table.columns if c not in ("region", "activity")]
        np.testing.assert_allclose(written[numeric].to_numpy(float),
                                   table[numeric].to_numpy(float), rtol=1e-13, atol=1e-15)
    assert "0003" in (out / f"cells.{fmt}").read_bytes().decode("latin-1") or fmt != "csv"


def test_sparse_kernel_writes_the_dense_kernel_numbers(tmp_path, capsys):
    source = coded_input(tmp_path)
    tables = {}
    for kernel in ("dense", "sparse"):
        assert run([*roles(source), "--kernel", kernel, "--cells", "all", "--format",
                    "parquet", "--out", str(tmp_path / kernel)]) == 0
        assert capsys.readouterr().err.startswith(f"kernel: {kernel} (")
        tables[kernel] = {name: pd.read_parquet(tmp_path / kernel / f"{name}.parquet")
                          for name in ("cells", "regions", "activities")}
    for name, dense in tables["dense"].items():
        sparse = tables["sparse"][name]
        assert sparse.columns.tolist() == dense.columns.tolist()
        numeric = [c for c in dense.columns if c not in ("region", "activity")]
        np.testing.assert_allclose(sparse[numeric].to_numpy(float),
                                   dense[numeric].to_numpy(float), rtol=1e-9, atol=1e-12)


def test_cells_nonzero_holds_the_non_zero_rows_and_says_so(tmp_path, capsys):
    source = coded_input(tmp_path)
    assert run([*roles(source), "--cells", "all", "--out", str(tmp_path / "all")]) == 0
    assert run([*roles(source), "--cells", "nonzero", "--out", str(tmp_path / "nz")]) == 0
    err = capsys.readouterr().err.splitlines()
    every = pd.read_csv(tmp_path / "all" / "cells.csv", dtype={"activity": str})
    nonzero = pd.read_csv(tmp_path / "nz" / "cells.csv", dtype={"activity": str})
    assert len(nonzero) == int((every["value"] != 0).sum()) < len(every)
    assert err[-1].endswith(f"cells table: {len(nonzero)} non-zero cells "
                            "(--cells all writes every cell)")
    pd.testing.assert_frame_equal(nonzero, every[every["value"] != 0].reset_index(drop=True))


def test_lang_zh_headers_in_parquet(tmp_path):
    from advantage.i18n import column_label

    source = coded_input(tmp_path)
    assert run([*roles(source), "--format", "parquet", "--lang", "zh",
                "--out", str(tmp_path / "zh")]) == 0
    columns = pd.read_parquet(tmp_path / "zh" / "regions.parquet").columns.tolist()
    assert columns == [column_label(c, "zh") for c in REGIONS]


@pytest.mark.parametrize("argv, expected", [
    (["--format", "feather"], "error: Invalid value for '--format': Value error, 'feather' "
                              "is not one of 'csv', 'parquet', 'xlsx'."),
    (["--kernel", "gpu"], "error: Invalid value for '--kernel': Value error, 'gpu' is not "
                          "one of 'auto', 'dense', 'sparse'."),
    (["--cells", "some"], "error: Invalid value for '--cells': Value error, 'some' is not "
                          "one of 'auto', 'all', 'nonzero'."),
    (["--kernel", "sparse", "--threshold", "0"], "error: threshold=0.0 makes every cell of "
                                                 "a present region and activity present"),
])
def test_bad_output_options_give_one_error_line(tmp_path, capsys, argv, expected):
    source = coded_input(tmp_path)
    assert run([*roles(source), *argv, "--out", str(tmp_path / "out")]) != 0
    assert assert_one_error_line(capsys).startswith(expected)
    assert not (tmp_path / "out").exists()
