"""The dashboard keeps its computed tables in the workspace: a restart reads them back.

Issue 11 (dashboard first response): results are computed once per data set and kept in the
workspace, so a restart does not recompute them, and changed data or settings never reuse a
stale table.
"""

from __future__ import annotations

import importlib
import json

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from advantage import Panel
from advantage.io.workspace import Workspace
from advantage.reasons import Label, Reason, decode_value, encode_value
from advantage.web import create_app
from advantage.web.cache import WorkspaceTables

profile_module = importlib.import_module("advantage.planning.profile")


def _panel() -> Panel:
    rng = np.random.default_rng(11)
    cube = rng.gamma(1.0, 10.0, (3, 9, 12)) * (rng.random((3, 9, 12)) > 0.35)
    return Panel.from_cube(cube, regions=[f"R{i}" for i in range(9)],
                           activities=[f"{i:04d}" for i in range(12)], times=[2010, 2015, 2020])


def _client(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1")


def test_reasons_labels_and_lists_survive_the_codec() -> None:
    value = Reason("ranked", {"rank": 3, "near": [Label("activity", "0101"),
                                                Label("region", 640000)], "share": 0.25},
                   (Reason("note", {"x": None}),))
    assert decode_value(encode_value(value)) == value
    assert decode_value(encode_value([Label("activity", "0101")])) == [Label("activity", "0101")]


def test_tables_round_trip_through_the_workspace(tmp_path) -> None:
    ws = Workspace(tmp_path / "ws.duckdb")
    ws.ingest_panel("p", _panel())
    computed = profile_module.profile(ws.panel("p"))
    cache = WorkspaceTables(ws, "p", {"content": "x"})
    for name in ("advantages", "opportunities", "regions"):
        table = getattr(computed, name)
        cache.save(name, table)
        back = cache.load(name)
        assert back is not None and list(back.columns) == list(table.columns)
        assert len(back) == len(table)
        for column in table.columns:
            if table[column].dtype == object:  # compared as JSON, where NaN equals NaN
                assert [json.dumps(encode_value(v)) for v in back[column]] == \
                    [json.dumps(encode_value(v)) for v in table[column]], column
                assert type(back[column].iloc[0]) is type(table[column].iloc[0])
            else:
                assert np.allclose(back[column].to_numpy(float), table[column].to_numpy(float),
                                   equal_nan=True) if table[column].dtype.kind == "f" \
                    else back[column].astype(str).tolist() == table[column].astype(str).tolist()
    # another key (changed data or settings) never reads the stored table
    assert WorkspaceTables(ws, "p", {"content": "y"}).load("advantages") is None


def test_a_restarted_dashboard_reads_its_tables_instead_of_computing(tmp_path,
                                                                     monkeypatch) -> None:
    ws_path = tmp_path / "ws.duckdb"
    Workspace(ws_path).ingest_panel("p", _panel())
    first = _client(create_app(ws_path)).get("/api/regions", params={"dataset": "p"})
    assert first.status_code == 200
    stored = Workspace(ws_path).results()
    assert "profile:p:regions" in set(stored["name"])

    # a restart: the tables come from the workspace, so computing indicators is never needed
    def refuse(*args, **kwargs):
        raise AssertionError("the restarted dashboard recomputed a stored table")

    monkeypatch.setattr(profile_module, "indicators_for", refuse)
    again = _client(create_app(ws_path)).get("/api/regions", params={"dataset": "p"})
    assert again.status_code == 200
    assert again.json() == first.json()


def test_changed_data_under_the_same_name_is_recomputed(tmp_path) -> None:
    ws_path = tmp_path / "ws.duckdb"
    ws = Workspace(ws_path)
    ws.ingest_panel("p", _panel())
    before = _client(create_app(ws_path)).get("/api/regions", params={"dataset": "p"}).json()
    ws.ingest_panel("p", _panel().select(regions=[f"R{i}" for i in range(8)]))
    after = _client(create_app(ws_path)).get("/api/regions", params={"dataset": "p"}).json()
    assert after != before


def test_removing_a_data_set_removes_its_tables(tmp_path) -> None:
    ws_path = tmp_path / "ws.duckdb"
    ws = Workspace(ws_path)
    ws.ingest_panel("p", _panel())
    _client(create_app(ws_path)).get("/api/regions", params={"dataset": "p"})
    assert any(n.startswith("profile:p:") for n in ws.results()["name"])
    ws.drop("p")
    assert not any(n.startswith("profile:p:") for n in ws.results()["name"])
    with pytest.raises(Exception, match="no data set"):
        ws.panel("p")
    assert isinstance(ws.datasets(), pd.DataFrame)
