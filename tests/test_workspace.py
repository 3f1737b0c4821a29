"""The DuckDB workspace: round trips, metadata, results, transactions, kills and locks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

import advantage
from advantage import AdvantageError
from advantage.io.workspace import Workspace, content_hash
from advantage.panel import Panel


def make_panel(scale: float = 1.0) -> Panel:
    frame = pd.DataFrame({
        "year": [2019, 2019, 2020, 2020, 2020],
        "prov": ["640000", "620000", "640000", "620000", "620000"],
        "code": [13, 13, 13, 26, 39],
        "v": [1.0, 2.0, 3.0, 4.0, 0.0],
    })
    frame["v"] *= scale
    return Panel.from_long(frame, region="prov", activity="code", value="v", time="year")


def assert_same(a: Panel, b: Panel) -> None:
    assert list(a.times) == list(b.times) and a.has_time == b.has_time
    assert list(a.regions) == list(b.regions)
    assert list(a.activities) == list(b.activities)
    np.testing.assert_array_equal(a.cube, b.cube)


def test_round_trip_keeps_labels_types_and_zero_columns(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    panel = make_panel()
    ws.ingest_panel("emp", panel, {"source": "test", "licence": "CC0", "units": "persons",
                                   "normaliser": "china", "note": "extra"})
    back = ws.panel("emp")
    assert_same(back, panel)
    assert list(back.activities) == [13, 26, 39]  # integers stay integers; 39 is all zero
    assert isinstance(back.times[0], int | np.integer)
    info = ws.datasets().set_index("name").loc["emp"]
    assert info["source"] == "test" and info["licence"] == "CC0" and info["units"] == "persons"
    assert info["normaliser"] == "china" and info["row_count"] == 4  # non-zero cells
    assert info["content_hash"] == content_hash(panel)
    assert json.loads(info["column_roles"]) == {"time": "year", "region": "prov",
                                                "activity": "code", "value": "v"}
    assert json.loads(info["metadata"]) == {"note": "extra"}


def test_single_period_panel(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    panel = Panel.from_long(pd.DataFrame({"r": ["a", "b"], "a": ["x", "y"], "v": [1.0, 2.0]}),
                            region="r", activity="a", value="v")
    ws.ingest_panel("one", panel)
    back = ws.panel("one")
    assert not back.has_time and back.shape == (1, 2, 2)
    np.testing.assert_array_equal(back.cube, panel.cube)


def test_reingest_replaces_and_other_data_sets_stay(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    ws.ingest_panel("a", make_panel())
    ws.ingest_panel("b", make_panel(2.0))
    ws.ingest_panel("a", make_panel(3.0))
    assert_same(ws.panel("a"), make_panel(3.0))
    assert_same(ws.panel("b"), make_panel(2.0))
    assert ws.datasets()["name"].tolist() == ["a", "b"]
    ws.drop("a")
    assert ws.datasets()["name"].tolist() == ["b"]


def test_unknown_names_and_missing_workspace(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    with pytest.raises(AdvantageError, match="does not exist; ingest a data set first"):
        ws.panel("x")
    assert ws.datasets().empty and ws.results().empty
    ws.ingest_panel("emp", make_panel())
    with pytest.raises(AdvantageError, match=r"no data set called 'x'.*it has: 'emp'"):
        ws.panel("x")
    with pytest.raises(AdvantageError, match="no result called 'r'"):
        ws.result("r")
    with pytest.raises(AdvantageError, match="name='' is not valid"):
        ws.ingest_panel("", make_panel())


def test_results_store_kind_parameters_and_version(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    frame = pd.DataFrame({"region": ["640000", "620000"], "eci": [0.5, -0.5]})
    ws.save_result("eci 2020", "complexity", frame, {"convention": "stata", "threshold": 1.0})
    pd.testing.assert_frame_equal(ws.result("eci 2020"), frame, check_dtype=False)
    listing = ws.results().set_index("name").loc["eci 2020"]
    assert listing["kind"] == "complexity" and listing["version"] == advantage.__version__
    assert json.loads(listing["parameters"]) == {"convention": "stata", "threshold": 1.0}
    assert listing["row_count"] == 2
    ws.save_result("eci 2020", "complexity", frame.head(1), {})
    assert len(ws.result("eci 2020")) == 1
    ws.drop("eci 2020")
    assert ws.results().empty


def test_failed_ingest_rolls_back(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    ws.ingest_panel("emp", make_panel())

    def explode(written, total):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        ws.ingest_panel("emp", make_panel(5.0), on_chunk=explode)
    assert_same(ws.panel("emp"), make_panel())
    assert ws.datasets()["content_hash"].tolist() == [content_hash(make_panel())]


HELPER = textwrap.dedent("""
    import sys, time
    import numpy as np
    import advantage.io.workspace as workspace
    from advantage.panel import Panel

    workspace._CHUNK_ROWS = 1000            # several chunks, so the kill lands mid-write
    cube = np.ones((3, 40, 50))
    panel = Panel.from_cube(cube, regions=[f"r{i}" for i in range(40)],
                            activities=[f"a{i}" for i in range(50)], times=[2018, 2019, 2020])

    def pause(written, total):
        if written >= 2000:
            print("WRITING", written, total, flush=True)
            time.sleep(120)

    workspace.Workspace(sys.argv[1]).ingest_panel("emp", panel, {"source": "helper"},
                                                  on_chunk=pause)
""")


def test_killed_ingest_leaves_previous_contents_intact(tmp_path):
    path = tmp_path / "ws.duckdb"
    ws = Workspace(path)
    ws.ingest_panel("emp", make_panel(), {"source": "first"})
    ws.ingest_panel("other", make_panel(2.0))
    script = tmp_path / "helper.py"
    script.write_text(HELPER)
    process = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("WRITING 2000 6000"), process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    reopened = Workspace(path)
    assert_same(reopened.panel("emp"), make_panel())
    assert_same(reopened.panel("other"), make_panel(2.0))
    info = reopened.datasets().set_index("name")
    assert info.loc["emp", "source"] == "first" and info.loc["emp", "row_count"] == 4
    # and the file is writable again
    reopened.ingest_panel("emp", make_panel(3.0))
    assert_same(reopened.panel("emp"), make_panel(3.0))


LOCKER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("LOCKED", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


def test_waits_for_another_process_then_gives_a_clear_error(tmp_path):
    path = tmp_path / "ws.duckdb"
    Workspace(path).ingest_panel("emp", make_panel())
    script = tmp_path / "locker.py"
    script.write_text(LOCKER)
    process = subprocess.Popen([sys.executable, str(script), str(path), "1.5"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "LOCKED"
        with pytest.raises(AdvantageError, match=r"cannot open workspace .*lock"):
            Workspace(path, timeout=0.2).panel("emp")
        start = time.monotonic()
        assert_same(Workspace(path, timeout=20).panel("emp"), make_panel())
        assert time.monotonic() - start > 0.3  # it waited for the lock to go
    finally:
        process.wait(timeout=30)
