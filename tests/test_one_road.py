"""Issue 12's inconsistencies, each fixed once at its root and checked here.

One label rule, one reader for every entry point (including a GBK upload), one default for
transfer groups, convention and threshold passed through every entry point (a mismatch with
precomputed indicators is an error), comma-named regions, one distance.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from advantage import AdvantageError, Panel
from advantage.cli import main
from advantage.io import read_panel, read_table
from advantage.measures import compute_indicators
from advantage.measures.shiftshare import shift_share
from advantage.planning import (
    classify_advantages,
    match_destinations,
    opportunities,
    profile,
    upgrade_paths,
)
from advantage.web import create_app


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    return int(excinfo.value.code or 0)


def panel() -> Panel:
    rng = np.random.default_rng(7)
    cube = rng.lognormal(2, 1, size=(2, 6, 8)) * (rng.random((2, 6, 8)) < 0.7)
    cube[:, :, 0] += 1.0  # every region has something every year
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(6)],
                           activities=[f"a{i}" for i in range(8)], times=[2015, 2020])


# ------------------------------------------------------------------ one label rule
def test_every_function_takes_a_time_as_its_text() -> None:
    # Before: opportunities(panel, times="2020") failed while shift_share(panel, "2015",
    # "2020") worked; both go through Panel.locate now.
    p = panel()
    assert set(opportunities(p, times="2020")["time"]) == {2020}
    assert len(shift_share(p, "2015", "2020")) == len(shift_share(p, 2015, 2020))
    assert set(classify_advantages(p, times="2015")["time"]) == {2015}
    assert not upgrade_paths(p, time="2020").empty
    for call in (lambda: opportunities(p, times="2030"),
                 lambda: shift_share(p, "2015", "2030")):
        with pytest.raises(AdvantageError, match=r"'2030' is not in the panel; it has "
                                                 r"2015, 2020"):
            call()


def test_codes_keep_their_leading_zeros_on_every_road(tmp_path: Path) -> None:
    # SR4: "0101" and "101" are two activities whether read by a command or uploaded.
    text = b"t,r,a,v\n2020,A,0101,1\n2020,A,101,2\n2020,B,0101,3\n2020,B,101,1\n"
    panel_, _ = read_panel(text, name="codes.csv", region="r", activity="a", value="v",
                           time="t")
    assert list(panel_.activities) == ["0101", "101"]
    path = tmp_path / "codes.csv"
    path.write_bytes(text)
    assert run(["indicators", str(path), "--region", "r", "--activity", "a", "--value", "v",
                "--time", "t", "--out", str(tmp_path / "o")]) == 0
    cells = pd.read_csv(tmp_path / "o" / "cells.csv", dtype={"activity": str})
    assert sorted(set(cells["activity"])) == ["0101", "101"]


# ------------------------------------------------------------------ one reader
def test_a_gbk_file_is_accepted_by_the_command_line_and_the_dashboard(tmp_path: Path) -> None:
    # Before: the CLI read GBK, the dashboard upload refused anything but UTF-8.
    text = ("年份,省份,行业,产值\n2020,宁夏,煤炭,5\n2020,甘肃,煤炭,3\n2020,宁夏,电力,3\n"
            "2020,甘肃,电力,1\n").encode("gbk")
    roles = {"region": "省份", "activity": "行业", "value": "产值", "time": "年份"}
    from_file = tmp_path / "gbk.csv"
    from_file.write_bytes(text)
    cli_panel, report = read_panel(from_file, **roles)
    assert report.encoding == "gb18030"
    app = create_app()
    client = TestClient(app, base_url="http://127.0.0.1",
                        headers={"Origin": "http://127.0.0.1",
                                 "X-Advantage-Token": app.state.security.token})
    response = client.post("/api/upload", files={"file": ("gbk.csv", text)}, data=roles)
    assert response.status_code == 201, response.text
    name = response.json()["dataset"]["name"]
    web_panel = app.state.store.get(name).panel
    assert list(web_panel.regions) == list(cli_panel.regions) == ["宁夏", "甘肃"]
    np.testing.assert_array_equal(web_panel.cube, cli_panel.cube)


def test_the_same_bad_file_gets_the_same_message_everywhere(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture
                                                             ) -> None:
    text = b"year,reg,act,val\n2020,R1,A1,5\n2020,R2,A1,-3\n"
    path = tmp_path / "neg.csv"
    path.write_bytes(text)
    with pytest.raises(AdvantageError) as library:
        read_panel(path, region="reg", activity="act", value="val", time="year")
    assert run(["report", str(path), "--region", "reg", "--activity", "act", "--value", "val",
                "--time", "year", "--focus", "R1", "--out", str(tmp_path / "r.html")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {library.value}"
    assert "line 3" in str(library.value)


def test_read_table_reads_bytes_like_files(tmp_path: Path) -> None:
    text = "year,reg,v\n2020,Zürich,1\n".encode("cp1252")
    path = tmp_path / "l1.csv"
    path.write_bytes(text)
    a, b = read_table(path), read_table(text, name="l1.csv")
    assert a.frame.equals(b.frame) and a.encoding == b.encoding == "cp1252"


# ------------------------------------------------------------------ one default for transfer
def test_transfer_defaults_are_the_same_in_the_command_and_the_profile(tmp_path: Path) -> None:
    # Before: report/results.py chose "the most complex quarter" and the CLI required
    # --sources; both now call planning.transfer.default_transfer_groups.
    from advantage.planning import default_transfer_groups, relocating_activities

    p = panel()
    path = tmp_path / "p.csv"
    p.to_long().to_csv(path, index=False)
    out, relocation = tmp_path / "t.csv", tmp_path / "reloc.csv"
    assert run(["transfer", str(path), "--region", "region", "--activity", "activity",
                "--value", "value", "--time", "time", "--from-year", "2015", "--to-year",
                "2020", "--out", str(out), "--relocation", str(relocation)]) == 0
    sources, destinations = default_transfer_groups(p)
    assert profile(p).transfer_groups == (sources, destinations)
    expected = relocating_activities(p, sources, from_year=2015, to_year=2020)
    written = pd.read_csv(relocation)
    assert written["relocating"].tolist() == expected["relocating"].tolist()
    np.testing.assert_allclose(written["source_share_to"], expected["source_share_to"])


# ------------------------------------------------------------------ settings pass through
def test_convention_and_threshold_reach_every_table() -> None:
    p = panel()
    stata = profile(p, convention="stata", threshold=1.2)
    assert stata.indicators.convention == "stata" and stata.indicators.threshold == 1.2
    expected = compute_indicators(p, convention="stata", threshold=1.2)
    np.testing.assert_allclose(stata.regions["eci"], expected.eci[-1])
    # opportunities never suggest what a region has at the profile's threshold
    has = expected.rca[-1] >= 1.2
    for row in stata.opportunities.itertuples():
        assert not has[p.regions.get_loc(row.region), p.activities.get_loc(row.activity)]


def test_indicators_with_other_settings_are_refused() -> None:
    # Before: a planning function's threshold was never compared with the indicators'.
    p = panel()
    ind = compute_indicators(p, threshold=1.0)
    with pytest.raises(AdvantageError, match=r"threshold=1.5 differs from the threshold the "
                                             r"indicators were computed with \(1.0\)"):
        opportunities(p, threshold=1.5, indicators=ind)
    with pytest.raises(AdvantageError, match="convention='stata' differs"):
        classify_advantages(p, indicators=ind, convention="stata")
    with pytest.raises(AdvantageError, match="threshold"):
        match_destinations(p, ["r0"], from_year=2015, to_year=2020, indicators=ind,
                           threshold=2.0)
    with pytest.raises(AdvantageError, match="threshold"):
        profile(p, threshold=2.0, indicators=ind)


def test_the_command_line_passes_the_convention_through(tmp_path: Path) -> None:
    p = panel()
    path = tmp_path / "p.csv"
    p.to_long().to_csv(path, index=False)
    roles = ["--region", "region", "--activity", "activity", "--value", "value", "--time",
             "time"]
    tables = {}
    for convention in ("default", "stata"):
        out = tmp_path / f"{convention}.csv"
        assert run(["opportunities", str(path), *roles, "--convention", convention,
                    "--weights", "cog=1", "--top", "3", "--out", str(out)]) == 0
        tables[convention] = pd.read_csv(out)
    # COG differs between the conventions (docs/methods/index.md), so the scores do too
    assert not np.allclose(tables["default"]["cog"], tables["stata"]["cog"])
