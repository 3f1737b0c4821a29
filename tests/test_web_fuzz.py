"""Property-based fuzz of the dashboard API from its own OpenAPI schema (schemathesis 4).

Every operation gets a bounded number of generated requests (valid and invalid); none may
answer with a server error or leak a traceback, and status codes and content types must be
the documented ones.
"""

from __future__ import annotations

import numpy as np
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


def _app():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    cube = rng.lognormal(0, 1, (2, 6, 5)) * (rng.random((2, 6, 5)) > 0.3)
    panel = Panel.from_cube(cube, regions=["Ningxia", "Gansu", "Qinghai", "Guizhou",
                                           "Sichuan", "Chongqing"],
                            activities=[f"C{i}" for i in range(13, 18)], times=[2015, 2020])
    return create_app(panel=panel, name="west", upload_limit=64 * 1024)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


def no_traceback(ctx, response, case) -> None:  # type: ignore[no-untyped-def]
    text = response.text if hasattr(response, "text") else ""
    if "Traceback (most recent call last)" in text or 'File "/' in text:
        raise AssertionError(f"traceback in the response to {case.method} {case.path}")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance],
                           additional_checks=[no_traceback])
