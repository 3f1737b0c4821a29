"""Named reference data sets: metadata, checksums, local / mirror / download resolution, loading.

Where a data set's file is looked for, in order:

1. the local data folder, :func:`advantage.config.data_dir` (``ADVANTAGE_DATA``, default
   ``../shared/data``);
2. the cache folder, ``ADVANTAGE_CACHE`` (default the user cache folder, ``~/.cache/advantage``
   on Linux);
3. only by :func:`fetch` (and :func:`load`, which calls it): a mirror, ``ADVANTAGE_MIRROR``
   (a base URL, ``http(s)://`` or ``file://``; the file's path under the data folder is
   appended), then the publisher's stable download address when one exists.

A data set whose own file has no public address may name *remote* stand-ins (for
``china_provincial_io``, the CHNIO package's ``.rda`` files, converted on reading): they are
looked for in the cache, then under the mirror, then at their publisher's address.

Downloads go through `pooch <https://www.fatiando.org/pooch>`_, which writes to a temporary
file and keeps it only when its SHA-256 matches the catalogue's. Every local file is checked
against its recorded SHA-256 before use. Nothing is ever invented: a data set that cannot be
found fails with a message saying exactly what is missing and how to provide it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.config import data_dir
from advantage.io._catalogue_china import CHINA_IO_ENTRIES
from advantage.io._catalogue_entries import ENTRIES, Dataset
from advantage.io._download import CACHE_ENV, cache_dir, download, sha256_file
from advantage.io.prepare import to_panel
from advantage.io.tables import Table
from advantage.panel import Panel

__all__ = ["CACHE_ENV", "Dataset", "cache_dir", "dataset_info", "dataset_names", "fetch",
           "fetch_files", "list_datasets", "load", "load_panel", "load_table", "locate",
           "sha256_file"]

MIRROR_ENV = "ADVANTAGE_MIRROR"
_ALL = (*ENTRIES, *CHINA_IO_ENTRIES)
_BY_NAME = {entry.name: entry for entry in _ALL}


def dataset_names() -> list[str]:
    """Names of every catalogued data set."""
    return [entry.name for entry in _ALL]


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
        "remote": [{"path": r.path, "url": r.url, "sha256": r.sha256} for r in entry.remote],
    }


def list_datasets() -> pd.DataFrame:
    """One row per data set: name, title, units, licence, file, and where it is available."""
    rows = []
    for entry in _ALL:
        found = locate(entry.name, verify=False)
        downloadable = entry.url or entry.remote or os.environ.get(MIRROR_ENV)
        rows.append({"name": entry.name, "title": entry.title, "units": entry.units,
                     "licence": entry.licence, "file": entry.file,
                     "available": "local" if found is not None else (
                         "download" if downloadable else "missing")})
    return pd.DataFrame(rows)


def _verified(name: str, path: Path, expected: str) -> Path:
    actual = sha256_file(path)
    if actual != expected:
        raise AdvantageError(
            f"{str(path)!r} (data set {name!r}) has sha256 {actual}, but the catalogue "
            f"records {expected}: the file differs from the reference version; restore it "
            f"or remove it so that it is fetched again."
        )
    return path


def locate(name: str, *, verify: bool = True) -> Path | None:
    """The verified local path of data set ``name`` (data folder, then cache), or None."""
    entry = _entry(name)
    for folder in (data_dir(), cache_dir()):
        if folder is None:
            continue
        path = Path(folder) / entry.file
        if path.is_file():
            return _verified(name, path, entry.sha256) if verify else path
    return None


def _cached_remote(entry: Dataset) -> list[Path] | None:
    """The data set's remote stand-ins, all verified in the cache, or None."""
    paths = [cache_dir() / r.path for r in entry.remote]
    if not entry.remote or not all(p.is_file() for p in paths):
        return None
    return [_verified(entry.name, p, r.sha256) for p, r in zip(paths, entry.remote,
                                                                strict=True)]


def _try(name: str, urls: list[str], relative: str, sha256: str, attempts: list[str], *,
         progress: bool) -> Path | None:
    import requests

    for url in urls:
        try:
            return download(name, url, relative, sha256, progress=progress)
        except (OSError, AdvantageError, requests.RequestException) as exc:
            attempts.append(f"{url}: {exc}")
    return None


def fetch_files(name: str, *, progress: bool = True) -> list[Path]:
    """The verified local files of data set ``name``, downloading them if needed.

    Usually one file, the data set's own; for a data set rebuilt from remote stand-ins
    (``china_provincial_io`` without the data folder), those files, in the catalogue's order.

    Raises
    ------
    AdvantageError
        When the files are in no local folder and cannot be downloaded: the message names the
        files, their checksums, the folders searched and the settings that would provide them.
    """
    entry = _entry(name)
    found = locate(name)
    if found is not None:
        return [found]
    cached = _cached_remote(entry)
    if cached is not None:
        return cached
    attempts: list[str] = []
    mirror = (os.environ.get(MIRROR_ENV) or "").rstrip("/")
    urls = ([f"{mirror}/{entry.file}"] if mirror else []) + ([entry.url] if entry.url else [])
    got = _try(name, urls, entry.file, entry.sha256, attempts, progress=progress)
    if got is not None:
        return [got]
    remote: list[Path | None] = []
    for part in entry.remote:
        urls = ([f"{mirror}/{part.path}"] if mirror else []) + [part.url]
        cached_part = cache_dir() / part.path
        if cached_part.is_file():
            remote.append(_verified(name, cached_part, part.sha256))
            continue
        remote.append(_try(name, urls, part.path, part.sha256, attempts, progress=progress))
    if entry.remote and all(p is not None for p in remote):
        return [p for p in remote if p is not None]
    raise AdvantageError(_missing(entry, attempts, remote))


def _missing(entry: Dataset, attempts: list[str], remote: list[Path | None]) -> str:
    folder = data_dir()
    configured = os.environ.get("ADVANTAGE_DATA")
    no_folder = (f"no data folder (ADVANTAGE_DATA={configured!r} is not a folder)" if configured
                 else "no data folder (ADVANTAGE_DATA unset and ../shared/data absent)")
    searched = [str(Path(folder) / entry.file) if folder else no_folder,
                str(cache_dir() / entry.file)]
    tried = ("; tried " + "; ".join(attempts)) if attempts else ""
    how = "" if entry.url or entry.remote else (
        f" The publisher offers no stable download address ({entry.origin}).")
    lacking = [r for r, p in zip(entry.remote, remote, strict=True) if p is None]
    stand_ins = (" Nor could its stand-ins be had: " + ", ".join(
        f"{r.path} (sha256 {r.sha256})" for r in lacking) + ".") if lacking else ""
    return (
        f"data set {entry.name!r} is not available: file {entry.file!r} (sha256 "
        f"{entry.sha256}) was not found in {' or '.join(searched)}{tried}.{stand_ins}{how} "
        f"Provide it by setting ADVANTAGE_DATA to a folder holding {entry.file!r}, by copying "
        f"the file to {str(cache_dir() / entry.file)!r}, or by setting ADVANTAGE_MIRROR to a "
        f"base URL that serves it."
    )


def fetch(name: str, *, progress: bool = True) -> Path:
    """The verified local path of data set ``name``, downloading it into the cache if needed.

    For a data set rebuilt from its remote stand-ins, the folder that holds them (see
    :func:`fetch_files`).

    Raises
    ------
    AdvantageError
        When the file is in no local folder and cannot be downloaded: the message names the
        file, its checksum, the folders searched and the settings that would provide it.
    """
    files = fetch_files(name, progress=progress)
    own = files[0].name == Path(_entry(name).file).name
    return files[0] if own else files[0].parent


def load_table(name: str) -> pd.DataFrame:
    """The data set's file as a pandas frame, unchanged (codes kept as text where recorded)."""
    entry = _entry(name)
    files = fetch_files(name, progress=False)
    if files[0].name != Path(entry.file).name:
        from advantage.io.chnio_rda import read_chnio_rda

        return read_chnio_rda(files)  # the remote stand-ins, in the file's own layout
    return pd.read_csv(files[0], dtype=entry.dtype or None, comment=entry.comment)


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
    if entry.kind == "io_tables":
        raise AdvantageError(f"data set {name!r} holds input-output tables, not a panel; read "
                             f"it with advantage.io.read_china_io() (its .panel(measure) gives "
                             f"panels).")
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


def load_panel(name: str, *, measure: str | None = None,
               level: str | None = None) -> tuple[Panel, list[str]]:
    """Any catalogued data set as a panel, with notes on what was done to it.

    Panels load with :func:`load` (``measure`` picks a value column). Input-output tables
    (``china_provincial_io``) give the panel of one measure (default ``gross_output``)
    with display names; published cells below zero are counted as zero and the notes say
    how many.

    Returns
    -------
    (Panel, list of str)
    """
    entry = _entry(name)
    if entry.kind != "io_tables":
        return load(name, level=level, value=measure), []
    from advantage.io.china_io import read_china_io

    if level is not None:
        raise AdvantageError(f"level= does not apply to {name!r}; its sectors are harmonised "
                             "to one list.")
    tables = read_china_io()
    chosen = measure or "gross_output"
    long = tables.long(chosen)
    below = int((long["value"] < 0).sum())
    notes = ([f"{below} published cells of {chosen} are negative and were counted as zero"]
             if below else [])
    return tables.panel(chosen, negative="zero"), notes


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
