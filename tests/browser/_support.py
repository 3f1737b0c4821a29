"""Helpers for the browser tests: a live uvicorn server, a request guard, a test table."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: Screenshots the documentation site shows (scripts/docs_hooks.py copies them in).
GALLERY = ARTIFACTS / "gallery"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app in a thread on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the dashboard did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def gallery_shot(target: Any, name: str) -> Path:
    """Save a screenshot of what a person first sees (the viewport, or one element) for the
    documentation's gallery, as ``test-artifacts/gallery/<name>``."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    path = GALLERY / name
    target.screenshot(path=path)
    return path


def wait_until(page: Any, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression until it is true.

    ``page.wait_for_function`` compiles its predicate with ``eval`` inside the page, which
    the dashboard's Content-Security-Policy (rightly) forbids; ``page.evaluate`` runs through
    the DevTools protocol instead, so the tests keep the real policy on.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout:g} s: {expression}")
        time.sleep(0.05)


def local_only(page: Any, blocked: list[str]) -> None:
    """Abort (and record) every request that does not go to 127.0.0.1 or a local file."""
    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)


def china_table(seed: int = 7) -> Any:
    """A two-year table of 31 provinces (Chinese names) x 24 industries with seeded values."""
    import numpy as np
    import pandas as pd

    from advantage.reference.china import provinces

    rng = np.random.default_rng(seed)
    rows = []
    for year in (2015, 2020):
        for name in provinces()["name_zh"]:
            for j in range(24):
                if rng.random() < 0.75:
                    rows.append((year, name, f"C{13 + j}", round(float(rng.lognormal(3, 1.4)), 2)))
    return pd.DataFrame(rows, columns=["year", "province", "industry", "output"])
