"""Downloads for the data set catalogue: the cache folder, checksums and pooch.

:func:`download` fetches one URL (``http(s)://`` through pooch's HTTP downloader with a Rich
progress bar, ``file://`` by copying) into the cache and keeps it only when its SHA-256
matches; :func:`sha256_file` checks files already here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from advantage._checks import AdvantageError

__all__ = ["CACHE_ENV", "cache_dir", "download", "sha256_file"]

CACHE_ENV = "ADVANTAGE_CACHE"
_VERIFIED: dict[tuple[str, int, int], str] = {}


def cache_dir() -> Path:
    """The download cache: ``ADVANTAGE_CACHE``, else ``~/.cache/advantage`` (Linux)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    import pooch

    return Path(pooch.os_cache("advantage"))


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, hex (remembered by path, size and modification time)."""
    import pooch

    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _VERIFIED:
        _VERIFIED[key] = pooch.file_hash(str(path), alg="sha256")
    return _VERIFIED[key]


class _RichBar:
    """Pooch's progress-bar protocol (total, update, reset, close) drawn by Rich on stderr."""

    def __init__(self, description: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        console = Console(stderr=True)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 DownloadColumn(), TransferSpeedColumn(), console=console,
                                 transient=True, disable=not console.is_terminal)
        self.progress.start()
        self.task = self.progress.add_task(description, total=None)

    @property
    def total(self) -> float | None:
        return self.progress.tasks[0].total

    @total.setter
    def total(self, value: float) -> None:
        self.progress.update(self.task, total=value or None)

    def update(self, step: float) -> None:
        self.progress.advance(self.task, step)

    def reset(self) -> None:
        self.progress.reset(self.task)

    def close(self) -> None:
        self.progress.stop()


def _copy_local(url: str, output_file: Any, pooch: Any) -> None:
    """A pooch downloader for ``file://`` mirrors (a folder on this machine or a share)."""
    source = Path(unquote(urlparse(url).path))
    if not source.is_file():
        raise FileNotFoundError(f"no file {str(source)!r}")
    shutil.copyfile(source, output_file)


def download(name: str, url: str, relative: str, sha256: str, *, progress: bool) -> Path:
    """Download ``url`` to ``cache/relative`` with pooch, keeping it only if sha256 matches."""
    import pooch
    import requests

    target = cache_dir() / relative
    if url.startswith("file://"):
        downloader: Any = _copy_local
    else:
        bar = _RichBar(f"downloading {name}") if progress else False
        downloader = pooch.HTTPDownloader(progressbar=bar, timeout=60)
    try:
        pooch.retrieve(url, known_hash=f"sha256:{sha256}", fname=target.name,
                       path=target.parent, downloader=downloader)
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise OSError(f"HTTP Error {status}") from None
    except ValueError as exc:
        got = re.search(r"but got ([0-9a-f]+)", str(exc))
        raise AdvantageError(
            f"checksum mismatch for data set {name!r} downloaded from {url}: expected sha256 "
            f"{sha256}, got {got.group(1) if got else 'another'}; the download was discarded."
        ) from None
    return target


