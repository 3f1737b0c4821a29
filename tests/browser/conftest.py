"""Real headless Chromium (Debian's, via Playwright) and a live dashboard on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advantage.config import require_data

from ._support import ARTIFACTS, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Chromium from ADVANTAGE_CHROMIUM or /usr/bin/chromium; skip (or fail in CI) if absent."""
    path = os.environ.get("ADVANTAGE_CHROMIUM") or "/usr/bin/chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the browser tests need the playwright package"
    else:
        reason = "" if Path(path).exists() else (
            f"Chromium not found at {path!r}: install Debian's chromium or set "
            "ADVANTAGE_CHROMIUM")
    if reason:
        if require_data():
            pytest.fail(reason + " (ADVANTAGE_REQUIRE_DATA=1 forbids skipping)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
