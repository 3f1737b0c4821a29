"""Dashboard hardening: Host allow-list (SE3), same-origin token for writes (SE2, SE3),
security headers (SE7), offline API docs, gzip.

Finding ids are those of the reliability review (``shared/reviews/reliability.md``).
"""

from __future__ import annotations

import gzip
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient

from advantage.panel import Panel
from advantage.web import create_app
from advantage.web.security import TOKEN_HEADER, SecurityPolicy, split_host

CSV = b"year,reg,act,val\n2020,R1,A1,5\n2020,R1,A2,3\n2020,R2,A1,1\n2020,R2,A2,4\n"
ROLES = {"region": "reg", "activity": "act", "value": "val", "time": "year"}
# what 1e308 + 1e308 would store (finding SE2's poisoned upload)
OVERFLOW = b"year,reg,act,val\n2020,R1,A1,1e308\n2020,R1,A1,1e308\n2020,R2,A1,1\n"


def _app(**options):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    panel = Panel.from_cube(rng.lognormal(0, 1, (1, 4, 3)), regions=["R1", "R2", "R3", "R4"],
                            activities=["A", "B", "C"], times=[2020])
    return create_app(panel=panel, name="secret-data", **options)


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    return _app()


def client(app, host: str = "127.0.0.1") -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, base_url=f"http://{host}")


def upload(app, headers: dict[str, str], body: bytes = CSV):  # type: ignore[no-untyped-def]
    return client(app).post("/api/upload", files={"file": ("t.csv", body)}, data=ROLES,
                            headers=headers)


def own(app, host: str = "127.0.0.1") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Origin": f"http://{host}", TOKEN_HEADER: app.state.security.token}


# ------------------------------------------------------------------ Host (DNS rebinding)

@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000",
                                  "127.0.0.1.attacker.example", "localhost.evil", "",
                                  "127.0.0.1:abc", "[::1]x"])
def test_se3_a_rebinding_host_cannot_read(app, host: str) -> None:  # type: ignore[no-untyped-def]
    response = TestClient(app).get("/api/datasets", headers={"Host": host})
    assert response.status_code == 400
    assert "secret-data" not in response.text
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/api/regions", "/static/app.js", "/docs",
                                  "/openapi.json"])
def test_se3_every_route_checks_the_host(app, path: str) -> None:  # type: ignore[no-untyped-def]
    assert TestClient(app).get(path, headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:1234", "[::1]:8000"])
def test_loopback_names_are_served(app, host: str) -> None:  # type: ignore[no-untyped-def]
    response = TestClient(app).get("/api/datasets", headers={"Host": host})
    assert response.status_code == 200 and "secret-data" in response.text


def test_configured_host_and_port_are_enforced() -> None:
    bound = TestClient(_app(host="dash.lan", port=8123, allowed_hosts=["planner-pc"]))
    for host, status in (("dash.lan:8123", 200), ("127.0.0.1:8123", 200),
                         ("planner-pc:8123", 200), ("127.0.0.1:9999", 400),
                         ("127.0.0.1", 400), ("other.lan:8123", 400)):
        assert bound.get("/api/health", headers={"Host": host}).status_code == status, host


def test_wildcard_bind_does_not_allow_every_host() -> None:
    policy = SecurityPolicy.create("0.0.0.0", 8000)
    assert policy.hosts == {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
    assert policy.host_allowed("0.0.0.0:8000")  # the URL `serve` prints
    assert not policy.host_allowed("192.168.1.5:8000")
    assert SecurityPolicy.create("0.0.0.0", 8000, ["192.168.1.5"]).host_allowed(
        "192.168.1.5:8000")
    assert split_host("[::1]:8000") == ("::1", 8000)


# ------------------------------------------------------------------ Origin and token (CSRF)

def test_the_page_carries_a_per_app_token(app) -> None:  # type: ignore[no-untyped-def]
    page = client(app).get("/").text
    token = re.search(r'<meta name="advantage-token" content="([^"]+)">', page).group(1)
    assert token == app.state.security.token and len(token) >= 32
    assert _app().state.security.token != token  # one per application


def test_se3_the_page_own_origin_with_token_can_upload(app) -> None:  # type: ignore[no-untyped-def]
    assert upload(app, own(app)).status_code == 201
    referer = {"Referer": "http://127.0.0.1/#/upload", TOKEN_HEADER: app.state.security.token}
    assert upload(app, referer).status_code == 201  # no Origin: the Referer's origin counts


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:9",
                                    "https://127.0.0.1", "http://localhost"])
def test_se3_a_foreign_origin_cannot_upload(app, origin: str) -> None:  # type: ignore[no-untyped-def]
    before = client(app).get("/api/datasets").json()["datasets"]
    headers = {"Origin": origin, "Sec-Fetch-Site": "cross-site",
               TOKEN_HEADER: app.state.security.token}
    response = upload(app, headers)
    assert response.status_code == 403
    assert "own page" in response.json()["detail"]
    assert client(app).get("/api/datasets").json()["datasets"] == before


def test_se3_no_origin_no_referer_cannot_upload(app) -> None:  # type: ignore[no-untyped-def]
    assert upload(app, {TOKEN_HEADER: app.state.security.token}).status_code == 403


@pytest.mark.parametrize("token", [None, "", "wrong", "x" * 43])
def test_se2_without_the_token_nothing_is_stored(app, token) -> None:  # type: ignore[no-untyped-def]
    headers = {"Origin": "http://127.0.0.1"}
    if token is not None:
        headers[TOKEN_HEADER] = token
    response = upload(app, headers, OVERFLOW)
    assert response.status_code == 403
    assert TOKEN_HEADER in response.json()["detail"]


def test_se2_a_cross_site_poison_upload_never_reaches_the_workspace(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from advantage.io.workspace import Workspace

    ws_path = tmp_path / "ws.duckdb"
    app = create_app(workspace=ws_path)
    headers = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
    response = client(app).post("/api/upload", files={"file": ("p.csv", OVERFLOW)},
                                data={**ROLES, "duplicates": "sum"}, headers=headers)
    assert response.status_code == 403
    assert list(Workspace(ws_path).datasets()["name"]) == []


def test_every_write_method_is_checked(app) -> None:  # type: ignore[no-untyped-def]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = client(app).request(method, "/api/health")
        assert response.status_code == 403, method


# ------------------------------------------------------------------ headers, gzip, docs

def test_se7_security_headers_on_pages_api_and_errors(app) -> None:  # type: ignore[no-untyped-def]
    c = client(app)
    for response in (c.get("/"), c.get("/api/regions"), c.get("/static/nothing"),
                     c.get("/api/region/Atlantis"), upload(app, {})):
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "default-src 'self'" in csp and "unsafe-eval" not in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "access-control-allow-origin" not in headers


def test_responses_are_gzipped_when_accepted(app) -> None:  # type: ignore[no-untyped-def]
    c = client(app)
    zipped = c.get("/static/plotly.min.js", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(zipped.content) / 3  # decoded body
    plain = c.get("/static/plotly.min.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == zipped.content
    raw = c.get("/static/app.js", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert gzip.compress(raw.content)  # the client decoded a valid stream


@pytest.mark.parametrize("path, script", [("/docs", "/docs/swagger-ui-bundle.js"),
                                          ("/redoc", "/docs/redoc.standalone.js")])
def test_api_docs_reference_no_external_url(app, path: str, script: str) -> None:  # type: ignore[no-untyped-def]
    c = client(app)
    page = c.get(path)
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assert script in urls
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "http" not in page.text.lower().replace('http-equiv', '')
    assert "<script>" not in page.text  # no inline script: the CSP allows none
    for url in urls:
        asset = c.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100, url
    assert c.get("/docs/../app.py").status_code == 404
    assert c.get("/docs/nothing.js").status_code == 404
