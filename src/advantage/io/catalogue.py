"""Named reference data sets: metadata, checksums, local / mirror / download resolution, loading.

Where a data set's file is looked for, in order:

1. the local data folder, :func:`advantage.config.data_dir` (``ADVANTAGE_DATA``, default
   ``../shared/data``);
2. the cache folder, ``ADVANTAGE_CACHE`` (default ``~/.cache/advantage``);
3. only by :func:`fetch` (and :func:`load`, which calls it): a mirror, ``ADVANTAGE_MIRROR``
   (a base URL; the file's path under the data folder is appended), then the publisher's
   stable download address when one exists.

Every file is checked against its recorded SHA-256 before use; a download that does not match
is discarded. Nothing is ever invented: a data set that cannot be found fails with a message
saying exactly what is missing and how to provide it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.config import data_dir
from advantage.io._catalogue_entries import ENTRIES, Dataset
from advantage.io.prepare import to_panel
from advantage.io.tables import Table
from advantage.panel import Panel

__all__ = ["Dataset", "cache_dir", "dataset_info", "dataset_names", "fetch", "list_datasets",
           "load", "load_table", "locate"]

CACHE_ENV = "ADVANTAGE_CACHE"
MIRROR_ENV = "ADVANTAGE_MIRROR"
_BY_NAME = {entry.name: entry for entry in ENTRIES}
_VERIFIED: dict[tuple[str, int, int], str] = {}


def dataset_names() -> list[str]:
    """Names of every catalogued data set."""
    return [entry.name for entry in ENTRIES]


def _entry(name: str) -> Dataset:
    if name not in _BY_NAME:
        raise AdvantageError(f"no data set called {name!r}; known data sets: "
                             f"{', '.join(dataset_names())}.")
    return _BY_NAME[name]


def dataset_info(name: str) -> dict[str, Any]:
    """The metadata of data set ``name`` as a plain dict."""
    entry = _entry(name)
    return {
        "name": entry.name, "title": entry.title, "file": entry.file, "kind": entry.kind,
        "source": entry.source, "licence": entry.licence, "citation": entry.citation,
        "units": entry.units, "region_type": entry.region_type,
        "activity_type": entry.activity_type, "column_roles": dict(entry.roles),
        "sha256": entry.sha256, "url": entry.url, "origin": entry.origin,
        "levels": list(entry.levels), "default_level": entry.default_level,
        "values": list(entry.values), "missing": entry.missing, "normalise": entry.normalise,
        "notes": entry.notes,
    }


def list_datasets() -> pd.DataFrame:
    """One row per data set: name, title, units, licence, file, and where it is available."""
    rows = []
    for entry in ENTRIES:
        found = locate(entry.name, verify=False)
        rows.append({"name": entry.name, "title": entry.title, "units": entry.units,
                     "licence": entry.licence, "file": entry.file,
                     "available": "local" if found is not None else (
                         "download" if entry.url or os.environ.get(MIRROR_ENV) else "missing")})
    return pd.DataFrame(rows)


def cache_dir() -> Path:
    """The download cache folder (``ADVANTAGE_CACHE``, default ``~/.cache/advantage``)."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "advantage").expanduser()


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, hex (cached by path, size and modification time)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _VERIFIED:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        _VERIFIED[key] = digest.hexdigest()
    return _VERIFIED[key]


def _verified(entry: Dataset, path: Path) -> Path:
    actual = sha256_file(path)
    if actual != entry.sha256:
        raise AdvantageError(
            f"{str(path)!r} (data set {entry.name!r}) has sha256 {actual}, but the catalogue "
            f"records {entry.sha256}: the file differs from the reference version; restore it "
            f"or remove it so that it is fetched again."
        )
    return path


def locate(name: str, *, verify: bool = True) -> Path | None:
    """The verified local path of data set ``name`` (data folder, then cache), or None."""
    entry = _entry(name)
    folders = [data_dir(), cache_dir()]
    for folder in folders:
        if folder is None:
            continue
        path = Path(folder) / entry.file
        if path.is_file():
            return _verified(entry, path) if verify else path
    return None


def _download(entry: Dataset, url: str, *, progress: bool) -> Path:
    """Download ``url`` into the cache, verifying the checksum before the file is kept."""
    target = cache_dir() / entry.file
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(prefix=".part-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=60) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with _bar(progress, f"downloading {entry.name}", total) as advance:
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    digest.update(chunk)
                    advance(len(chunk))
        if digest.hexdigest() != entry.sha256:
            raise AdvantageError(
                f"checksum mismatch for data set {entry.name!r} downloaded from {url}: expected "
                f"sha256 {entry.sha256}, got {digest.hexdigest()}; the download was discarded."
            )
        shutil.move(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


class _bar:
    """A Rich download bar on stderr (a no-op when disabled or not a terminal)."""

    def __init__(self, enabled: bool, description: str, total: int | None) -> None:
        self.enabled, self.description, self.total = enabled, description, total
        self.progress: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda step: None
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
        self.progress.__enter__()
        task = self.progress.add_task(self.description, total=self.total)
        return lambda step: self.progress.advance(task, step)

    def __exit__(self, *exc: Any) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)


def fetch(name: str, *, progress: bool = True) -> Path:
    """The verified local path of data set ``name``, downloading it into the cache if needed.

    Raises
    ------
    AdvantageError
        When the file is in no local folder and cannot be downloaded: the message names the
        file, its checksum, the folders searched and the settings that would provide it.
    """
    entry = _entry(name)
    found = locate(name)
    if found is not None:
        return found
    attempts = []
    mirror = os.environ.get(MIRROR_ENV)
    urls = ([mirror.rstrip("/") + "/" + entry.file] if mirror else []) + (
        [entry.url] if entry.url else [])
    for url in urls:
        try:
            return _download(entry, url, progress=progress)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            attempts.append(f"{url}: {exc}")
    folder = data_dir()
    configured = os.environ.get("ADVANTAGE_DATA")
    no_folder = (f"no data folder (ADVANTAGE_DATA={configured!r} is not a folder)" if configured
                 else "no data folder (ADVANTAGE_DATA unset and ../shared/data absent)")
    searched = [str(Path(folder) / entry.file) if folder else no_folder,
                str(cache_dir() / entry.file)]
    tried = ("; tried " + "; ".join(attempts)) if attempts else ""
    how = "" if entry.url else (f" The publisher offers no stable download address "
                                f"({entry.origin}).")
    raise AdvantageError(
        f"data set {name!r} is not available: file {entry.file!r} (sha256 {entry.sha256}) was "
        f"not found in {' or '.join(searched)}{tried}.{how} Provide it by setting "
        f"ADVANTAGE_DATA to a folder holding {entry.file!r}, by copying the file to "
        f"{str(cache_dir() / entry.file)!r}, or by setting ADVANTAGE_MIRROR to a base URL that "
        f"serves it."
    )


def load_table(name: str) -> pd.DataFrame:
    """The data set's file as a pandas frame, unchanged (codes kept as text where recorded)."""
    entry = _entry(name)
    path = fetch(name, progress=False)
    return pd.read_csv(path, dtype=entry.dtype or None, comment=entry.comment)


def load(name: str, *, level: str | None = None, value: str | None = None) -> Panel:
    """Build the data set's panel with its recorded column roles, filters and missing policy.

    Parameters
    ----------
    name : str
        Data set name (see :func:`dataset_names`).
    level : str, optional
        For hierarchical classifications, which level to keep (see
        ``dataset_info(name)["levels"]``); default the data set's ``default_level``.
    value : str, optional
        For data sets with several measures, which column (``dataset_info(name)["values"]``).

    Returns
    -------
    Panel

    Examples
    --------
    >>> from advantage.config import data_dir
    >>> if data_dir() is not None:  # the reference data folder is present
    ...     load("china_solar_capacity").shape
    ... else:
    ...     (3, 31, 1)
    (3, 31, 1)
    """
    entry = _entry(name)
    if entry.kind != "panel":
        raise AdvantageError(f"data set {name!r} is a {entry.kind}, not a panel; read it with "
                             f"load_table({name!r}).")
    if level is not None and level not in entry.levels:
        allowed = list(entry.levels) or ["(none: this data set has one level)"]
        raise AdvantageError(f"level={level!r} is not valid for {name!r}; expected one of "
                             f"{', '.join(repr(a) for a in allowed)}.")
    if value is not None and value not in (entry.values or (entry.roles.get("value"),)):
        check_choice("value", value, list(entry.values) or [entry.roles.get("value")])
    frame = load_table(name)
    roles = _shape(entry, frame, value)
    frame = roles.pop("_frame")
    chosen = level or entry.default_level
    if chosen is not None:
        keep = frame[roles["activity"]].map(entry.levels[chosen]).astype(bool)
        frame = frame[keep.to_numpy()]
    if entry.exclude_regions:
        frame = frame[~frame[roles["region"]].isin(entry.exclude_regions).to_numpy()]
    if entry.exclude_activities:
        frame = frame[~frame[roles["activity"]].isin(entry.exclude_activities).to_numpy()]
    table = Table(frame.reset_index(drop=True), f"{name} ({entry.file})")
    panel, _ = to_panel(table, region=roles["region"], activity=roles["activity"],
                        value=roles["value"], time=roles.get("time"),
                        normalise=entry.normalise,  # type: ignore[arg-type]
                        unmatched="error", missing=entry.missing)  # type: ignore[arg-type]
    return panel


def _shape(entry: Dataset, frame: pd.DataFrame, value: str | None) -> dict[str, Any]:
    """The frame in long form and its roles, per the entry's layout."""
    roles = dict(entry.roles)
    if value is not None:
        roles["value"] = value
    if entry.layout == "long":
        return {**roles, "_frame": frame}
    if entry.layout == "io_table":
        rows = frame[(frame["Origin"] == "Domestic")
                     & frame["Code"].astype(str).str.fullmatch(r"\d{2}")]
        long = pd.DataFrame({"time": entry.constants["time"], "region": entry.constants["region"],
                             "activity": rows["Code"].astype(str).to_numpy(),
                             "value": rows[roles["value"]].to_numpy()})
        return {"time": "time", "region": "region", "activity": "activity", "value": "value",
                "_frame": long}
    # wide_years: one id column (region or activity), one column per year
    id_role = "region" if "region" in entry.roles else "activity"
    id_column = entry.roles[id_role]
    years = [c for c in frame.columns if str(c).strip().isdigit() and len(str(c).strip()) == 4]
    long = frame.melt(id_vars=[id_column], value_vars=years, var_name="time",
                      value_name="value")
    long["time"] = long["time"].astype(int)
    other = "activity" if id_role == "region" else "region"
    long[other] = entry.constants[other]
    long = long.rename(columns={id_column: id_role})
    return {"time": "time", "region": "region", "activity": "activity", "value": "value",
            "_frame": long}
