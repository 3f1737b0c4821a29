"""Property-based fuzz of the dashboard API from its own OpenAPI schema (schemathesis 4).

Every operation gets a bounded number of generated requests (valid and invalid); none may
answer with a server error or leak a traceback, and status codes and content types must be
the documented ones. The same generated requests sent with a foreign ``Host`` (DNS
rebinding) must all be refused, and every write sent from a foreign ``Origin`` or without
the page's token too (findings SE2, SE3 of ``shared/reviews/reliability.md``); a zip-bomb
``.xlsx`` upload must be refused within a bounded time (SE1).
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    status_code_conformance,
)

from advantage.panel import Panel
from advantage.web import create_app
from advantage.web.security import TOKEN_HEADER

#: The host name of the ASGI test client, allowed like a configured host name would be.
TEST_HOST = "testserver"
REGIONS = ["Ningxia", "Gansu", "Qinghai", "Guizhou", "Sichuan", "Chongqing"]


def _app():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    cube = rng.lognormal(0, 1, (2, 6, 5)) * (rng.random((2, 6, 5)) > 0.3)
    panel = Panel.from_cube(cube, regions=REGIONS,
                            activities=[f"C{i}" for i in range(13, 18)], times=[2015, 2020])
    return create_app(panel=panel, name="west", upload_limit=64 * 1024,
                      allowed_hosts=[TEST_HOST])


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
#: What the dashboard's own page sends with a change.
OWN_PAGE = {"Origin": f"http://{TEST_HOST}", TOKEN_HEADER: APP.state.security.token}


def no_traceback(ctx, response, case) -> None:  # type: ignore[no-untyped-def]
    text = response.text if hasattr(response, "text") else ""
    if "Traceback (most recent call last)" in text or 'File "/' in text:
        raise AssertionError(f"traceback in the response to {case.method} {case.path}")


def not_refused_by_the_origin_checks(ctx, response, case) -> None:  # type: ignore[no-untyped-def]
    """The fuzz sends what the page sends, so it must reach the handlers, not stop at 403."""
    if response.status_code == 403:
        raise AssertionError(f"{case.method} {case.path} refused: {response.text[:200]}")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=OWN_PAGE,
                           checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance],
                           additional_checks=[no_traceback, not_refused_by_the_origin_checks])


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:80",
                                  "127.0.0.1.nip.example"])
def test_api_fuzz_foreign_host_reads_nothing(case, host: str) -> None:  # type: ignore[no-untyped-def]
    """DNS rebinding (SE3): whatever the request, a foreign Host gets 400 and no data."""
    response = case.call(headers={**OWN_PAGE, "Host": host})
    assert response.status_code == 400, (case.method, case.path, response.status_code)
    assert not any(region in response.text for region in REGIONS)
    assert "west" not in response.text


@pytest.mark.slow
@schema.include(method="POST").parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://evil.example", TOKEN_HEADER: APP.state.security.token},
    {"Origin": "null", TOKEN_HEADER: APP.state.security.token},
    {"Referer": "http://evil.example/page", TOKEN_HEADER: APP.state.security.token},
    {"Origin": f"http://{TEST_HOST}"},
    {"Origin": f"http://{TEST_HOST}", TOKEN_HEADER: "forged"},
], ids=["cross-site", "foreign-origin-with-token", "null-origin", "foreign-referer",
        "no-token", "forged-token"])
def test_api_fuzz_writes_need_own_origin_and_token(case, headers) -> None:  # type: ignore[no-untyped-def]
    """Cross-site writes (SE2, SE3): every generated POST is refused, nothing is stored."""
    before = len(APP.state.store.names())
    response = case.call(headers=headers)
    # schemathesis also tries other methods on the path: reads are not writes (405 here)
    expected = 405 if case.method.upper() in ("GET", "HEAD", "OPTIONS") else 403
    assert response.status_code == expected, (case.method, case.path, response.status_code,
                                              response.text)
    assert len(APP.state.store.names()) == before


# ------------------------------------------------------------------ zip bomb (SE1)

#: Only a guard against a hung test, not a speed target: the refusal must come from the size
#: check made before any sheet XML is parsed (the message says so).
HANG_GUARD = 120.0


def _zip_bomb(rows: int) -> bytes:
    """An .xlsx of ``rows`` identical rows: ~120 bytes of sheet XML per row, ~0.4 zipped."""
    buffer = io.BytesIO()
    pd.DataFrame({"year": [2020], "reg": ["R1"], "act": ["A1"], "val": [1]}).to_excel(
        buffer, index=False)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    row = (b'<row><c><v>2020</v></c><c t="inlineStr"><is><t>R1</t></is></c>'
           b'<c t="inlineStr"><is><t>A1</t></is></c><c><v>1</v></c></row>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, source.read(item.filename))
                continue
            with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for _ in range(rows // 10_000):
                    sheet.write(row * 10_000)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_zip_bomb_upload_is_refused_before_parsing(tmp_path: Path) -> None:
    """A 430,000-row sheet zipped to ~180 KB (50 MB of XML) gets a 4xx from the unpacked size.

    The server runs in its own process, killed at the end, so a slow answer costs the test
    run only the budget.
    """
    bomb = _zip_bomb(430_000)
    assert len(bomb) < 300_000
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "advantage", "serve", "--port",
                                str(port)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(f"{base}/", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        token = re.search(r'name="advantage-token" content="([^"]+)"', page.text).group(1)
        try:
            response = httpx.post(f"{base}/api/upload", timeout=HANG_GUARD,
                                  headers={"Origin": base, TOKEN_HEADER: token},
                                  files={"file": ("bomb.xlsx", bomb)},
                                  data={"region": "reg", "activity": "act", "value": "val",
                                        "time": "year"})
        except httpx.TimeoutException:
            pytest.fail(f"no answer to a {len(bomb) // 1024} KB zip bomb within "
                        f"{HANG_GUARD:g} s")
        assert 400 <= response.status_code < 500, response.text[:200]
        # refused from the archive's directory (50 MB of sheet XML), not after parsing it
        assert "unpacks to" in response.json()["detail"], response.text[:200]
    finally:
        process.terminate()
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:  # still parsing the bomb in a worker thread
            process.kill()
            process.wait(timeout=10)
