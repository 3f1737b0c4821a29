"""The dashboard's API: every endpoint, uploads (limits, validation, no files), caching."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from advantage.panel import Panel
from advantage.reference.china import provinces
from advantage.report.charts import CHARTS
from advantage.web import create_app


def china_table(seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for year in (2015, 2020):
        for name in provinces()["name_zh"]:
            for j in range(16):
                if rng.random() < 0.8:
                    rows.append((year, name, f"C{13 + j}", float(rng.lognormal(3, 1.4))))
    return pd.DataFrame(rows, columns=["year", "province", "industry", "output"])


ROLES = {"region": "province", "activity": "industry", "value": "output", "time": "year"}


def local(app) -> TestClient:  # type: ignore[no-untyped-def]
    """A client that acts like the dashboard's own page: Host 127.0.0.1, same Origin, token."""
    return TestClient(app, base_url="http://127.0.0.1",
                      headers={"Origin": "http://127.0.0.1",
                               "X-Advantage-Token": app.state.security.token})


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return china_table()


@pytest.fixture(scope="module")
def client(table: pd.DataFrame) -> TestClient:
    panel = Panel.from_long(table, **ROLES)
    return local(create_app(panel=panel, name="china"))


def ok(client: TestClient, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return response.json()


def test_health_datasets_i18n(client: TestClient) -> None:
    assert ok(client, "/api/health")["status"] == "ok"
    listed = ok(client, "/api/datasets")
    assert listed["default"] == "china"
    assert listed["datasets"][0]["regions"] == 31
    assert ok(client, "/api/i18n?lang=zh")["messages"]["web.nav.region"] == "地区"


def test_regions_and_activities(client: TestClient) -> None:
    regions = ok(client, "/api/regions?lang=zh")["regions"]
    assert len(regions) == 31
    ningxia = next(r for r in regions if r["id"] == "宁夏回族自治区")
    assert ningxia["name"] == "宁夏"
    assert {"value", "diversity", "eci", "coi"} <= set(ningxia)
    assert ok(client, "/api/regions?lang=en")["regions"][0]["name"].isascii()
    activities = ok(client, "/api/activities")["activities"]
    assert len(activities) == 16 and {"id", "pci", "ubiquity"} <= set(activities[0])


def test_region_profile(client: TestClient) -> None:
    profile = ok(client, "/api/region/宁夏回族自治区?lang=zh")
    assert profile["name"] == "宁夏" and profile["year"] == 2020
    assert profile["summary"]["regions"] == 31 and 1 <= profile["summary"]["eci_rank"] <= 31
    assert profile["advantages"] and "class_label" in profile["advantages"][0]
    assert profile["opportunities"][0]["rank"] == 1
    assert [p["time"] for p in profile["eci"]] == [2015, 2020]
    assert profile["shiftshare"]["region"] == "宁夏回族自治区"
    missing = client.get("/api/region/Atlantis")
    assert missing.status_code == 404 and "Atlantis" in missing.json()["detail"]


def test_activity_opportunities_transfer_compare(client: TestClient) -> None:
    activity = ok(client, "/api/activity/C14?lang=zh")
    assert activity["regions"] and activity["regions"][0]["region_name"]
    assert [p["time"] for p in activity["series"]] == [2015, 2020]
    assert client.get("/api/activity/nothing").status_code == 404
    opp = ok(client, "/api/opportunities?region=甘肃省&top=5")
    assert [r["rank"] for r in opp["rows"]] == [1, 2, 3, 4, 5]
    assert all(r["reason"] for r in opp["rows"])
    zh = ok(client, "/api/opportunities?region=甘肃省&top=5&lang=zh")
    assert zh["rows"][0]["reason"].startswith("第1名")  # reasons in the UI language
    assert [r["score"] for r in zh["rows"]] == [r["score"] for r in opp["rows"]]
    for lang, head in (("zh", "第1名"), ("en", "#1")):
        profile = ok(client, f"/api/region/甘肃省?lang={lang}")
        assert profile["opportunities"][0]["reason"].startswith(head)
    transfer = ok(client, "/api/transfer?top=5")
    assert len(transfer["rows"]) <= 5
    if transfer["rows"]:
        first = transfer["rows"][0]
        filtered = ok(client, f"/api/transfer?activity={first['activity']}")
        assert {r["activity"] for r in filtered["rows"]} == {first["activity"]}
        by_dest = ok(client, f"/api/transfer?destination={first['destination']}")
        assert {r["destination"] for r in by_dest["rows"]} == {first["destination"]}
    compare = ok(client, "/api/compare?regions=甘肃省,宁夏回族自治区&lang=zh")
    assert compare["names"] == ["甘肃", "宁夏"]
    assert compare["similarity"][0][0] == pytest.approx(1.0)
    assert len(compare["lq"][0]["lq"]) == 2
    assert client.get("/api/compare?regions=,").status_code == 422
    assert client.get("/api/compare?regions=甘肃省,Atlantis").status_code == 404


def test_map_and_every_chart(client: TestClient) -> None:
    data = ok(client, "/api/map?lang=zh&measure=diversity")
    assert data["available"] and data["figure"]["data"][0]["type"] == "choropleth"
    assert len(data["figure"]["data"][0]["locations"]) == 31
    for name in CHARTS:
        chart = ok(client, f"/api/chart/{name}?regions=宁夏回族自治区&lang=zh")
        assert chart["name"] == name and chart["guide"] and chart["heading"]
        assert "data" in chart["figure"] and "layout" in chart["figure"]
    assert client.get("/api/chart/pie").status_code == 422
    assert client.get("/api/map?measure=bogus").status_code == 422


def test_validation_errors_are_json_without_tracebacks(client: TestClient) -> None:
    for url in ("/api/opportunities", "/api/opportunities?region=甘肃省&top=0",
                "/api/regions?lang=fr", "/api/regions?dataset=nope"):
        response = client.get(url)
        assert response.status_code in (404, 422), url
        assert "Traceback" not in response.text and "detail" in response.json()


def test_front_end_and_static_files(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "/static/app.js" in index.text
    assert "http://" not in index.text and "https://" not in index.text
    plotly_js = client.get("/static/plotly.min.js")
    assert plotly_js.status_code == 200 and len(plotly_js.content) > 1_000_000
    etag = plotly_js.headers["etag"]
    assert client.get("/static/plotly.min.js", headers={"If-None-Match": etag}).status_code \
        == 304
    assert client.get("/static/app.js").status_code == 200
    for bad in ("/static/nope.js", "/static/index.html", "/static/..%2fapp.py",
                "/static/%2e%2e/web/app.py"):
        assert client.get(bad).status_code == 404, bad
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/health", "/api/regions", "/api/activities", "/api/region/{region_id}",
            "/api/activity/{activity_id}", "/api/opportunities", "/api/transfer",
            "/api/compare", "/api/map", "/api/upload"} <= paths


def test_upload_csv_and_excel(client: TestClient, table: pd.DataFrame, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    csv = table.to_csv(index=False).encode()
    response = client.post("/api/upload", files={"file": ("../../etc/passwd", csv)},
                           data=ROLES)
    assert response.status_code == 201, response.text
    name = response.json()["dataset"]["name"]
    assert name.startswith("upload-") and "passwd" not in name
    assert response.json()["dataset"]["label"] == "passwd"  # shown, never used as a path
    assert ok(client, f"/api/region/宁夏回族自治区?dataset={name}")["name"] == "Ningxia"
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False)
    response = client.post("/api/upload", files={"file": ("t.xlsx", buffer.getvalue())},
                           data=ROLES)
    assert response.status_code == 201, response.text
    assert os.listdir(tmp_path) == []  # nothing written


def test_upload_errors_show_the_panels_message(client: TestClient) -> None:
    bad = b"year,province,industry,output\n2020,A,x,1\n2020,B,x,-5\n"
    response = client.post("/api/upload", files={"file": ("b.csv", bad)}, data=ROLES)
    assert response.status_code == 422
    assert "must hold finite values >= 0" in response.json()["detail"]
    response = client.post("/api/upload", files={"file": ("b.csv", bad)},
                           data={**ROLES, "region": "prov"})
    assert "column 'prov' (given as region=)" in response.json()["detail"]
    response = client.post("/api/upload", files={"file": ("b.csv", bad)}, data={})
    assert "say which columns hold region, activity, value" in response.json()["detail"]
    for body in (b"", b"\x00\x01\x02PK", "年份\n".encode("gbk")):
        response = client.post("/api/upload", files={"file": ("x.csv", body)}, data=ROLES)
        assert response.status_code == 422, body
    response = client.post("/api/upload", content=b"not a form",
                           headers={"content-type": "text/plain"})
    assert response.status_code == 422 and "multipart/form-data" in response.text


def test_upload_size_limit() -> None:
    small = local(create_app(upload_limit=1000))
    response = small.post("/api/upload", files={"file": ("big.csv", b"x" * 5000)},
                          data=ROLES)
    assert response.status_code == 413 and "larger than" in response.json()["detail"]


def test_empty_dashboard_invites_an_upload() -> None:
    empty = local(create_app())
    assert empty.get("/api/health").json()["datasets"] == 0
    assert empty.get("/").status_code == 200
    response = empty.get("/api/regions")
    assert response.status_code == 404 and "upload" in response.json()["detail"]


def test_results_are_computed_once_and_shared_by_languages(table: pd.DataFrame) -> None:
    # Issue 12: one computation per data set; the language is applied when views render.
    app = create_app(panel=Panel.from_long(table, **ROLES))
    client = local(app)
    dataset = app.state.store.get(None)
    assert not dataset.ready("advantages")  # nothing is computed before a view asks
    en = ok(client, "/api/region/甘肃省?lang=en")
    first, advantages = dataset.profile, dataset.profile.advantages
    zh = ok(client, "/api/region/甘肃省?lang=zh")
    assert dataset.profile is first and dataset.profile.advantages is advantages
    assert [r["lq"] for r in en["advantages"]] == [r["lq"] for r in zh["advantages"]]
    assert en["name"] == "Gansu" and zh["name"] == "甘肃"
    assert en["advantages"][0]["reason"] != zh["advantages"][0]["reason"]
    assert app.state.store.peek(("data", "region", "甘肃省", "zh")) is not None  # cached
    other = local(create_app(panel=Panel.from_long(table, **ROLES)))
    ok(other, "/api/region/甘肃省")  # a second app has its own store


def test_workspace_datasets_and_uploads(table: pd.DataFrame, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from advantage.io.workspace import Workspace

    monkeypatch.chdir(tmp_path)
    ws_path = tmp_path / "ws" / "work.duckdb"
    Workspace(ws_path).ingest_panel("stored", Panel.from_long(table, **ROLES))
    client = local(create_app(workspace=ws_path))
    assert [d["name"] for d in ok(client, "/api/datasets")["datasets"]] == ["stored"]
    assert ok(client, "/api/region/甘肃省?dataset=stored")["name"] == "Gansu"
    csv = table.to_csv(index=False).encode()
    response = client.post("/api/upload", files={"file": ("../evil.csv", csv)}, data=ROLES)
    assert response.status_code == 201
    name = response.json()["dataset"]["name"]
    assert name in Workspace(ws_path).datasets()["name"].tolist()
    assert sorted(os.listdir(tmp_path)) == ["ws"]  # only the workspace folder
    assert not (tmp_path / "evil.csv").exists() and not (tmp_path.parent / "evil.csv").exists()


def test_serve_command_starts_on_localhost(tmp_path: Path, table: pd.DataFrame) -> None:
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    csv = tmp_path / "t.csv"
    table.to_csv(csv, index=False)
    command = [sys.executable, "-m", "advantage", "serve", "--port", str(port), "--input",
               str(csv), "--region", "province", "--activity", "industry", "--value",
               "output", "--time", "year"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert health.json()["datasets"] == 1
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"]
        assert "/static/app.js" in httpx.get(f"{base}/").text
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
    bad = subprocess.run([sys.executable, "-m", "advantage", "serve", "--region", "x"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "need --input" in bad.stderr


@pytest.mark.data
def test_china_tables_are_named_in_the_dashboards_language(shared_data: Path) -> None:
    # Issue 13: the Chinese dashboard showed the data's English names.
    from advantage.io.catalogue import load_panel

    panel, _ = load_panel("china_provincial_io")
    client = local(create_app(panel=panel, name="china_provincial_io"))
    zh = ok(client, "/api/region/Ningxia?lang=zh")
    en = ok(client, "/api/region/宁夏?lang=en")  # the preset's aliases find the province
    assert zh["name"] == "宁夏" and en["name"] == "Ningxia"
    first_zh, first_en = zh["advantages"][0], en["advantages"][0]
    assert first_zh["activity"] == first_en["activity"]  # the same label ...
    assert first_zh["activity_name"] != first_en["activity_name"]  # ... named per language
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first_zh["activity_name"])
    regions = ok(client, "/api/regions?lang=zh")["regions"]
    assert {r["name"] for r in regions} >= {"宁夏", "贵州", "甘肃"}
    activities = ok(client, "/api/activities?lang=zh")["activities"]
    assert next(a for a in activities if a["id"] == "02")["name"] == "煤炭采选产品"


def test_peers_portfolio_and_diagnostics(client: TestClient) -> None:
    peers = ok(client, "/api/peers?region=宁夏&lang=zh")
    assert peers["name"] == "宁夏" and peers["rows"]
    # with the China preset the peers are the other western provinces
    assert "甘肃" in peers["peers"] and "广东" not in peers["peers"]
    assert {r["pswot_label"] for r in peers["rows"]} <= {"优势", "机会", "劣势", "威胁",
                                                          "潜在进入"}
    portfolio = ok(client, "/api/portfolio?region=Ningxia&k=3")
    assert [r["rank"] for r in portfolio["rows"]] == [1, 2, 3]
    assert portfolio["rows"][0]["reason"].startswith("#1 in the portfolio")
    quality = ok(client, "/api/diagnostics?region=Ningxia")
    assert [r["check"] for r in quality["latest"]][:2] == ["eigengap", "eci_fitness"]
    assert quality["stability"] and 0 <= quality["stability"][0]["stability"] <= 1
    assert quality["rank"]["rank_low"] <= quality["rank"]["rank_high"]
    assert client.get("/api/peers?region=Atlantis").status_code == 404
