"""``advantage doctor``: which optional pieces this installation has, one line each.

It reports the packages of every extra (``pip install 'advantage[EXTRA]'``), a Java runtime
for Spark, Chromium for the browser screenshots, the reference data folder with the
catalogued data sets it holds, and the download cache. It only looks: it imports none of the
optional packages, downloads nothing, and always exits 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import typer

__all__ = ["checks", "register"]

#: Extras reported, in this order (``all`` is summarised from the others).
EXTRAS = ("cli", "web", "ml", "spark", "polars", "docs", "dev")
#: Where Chromium is looked for when ``ADVANTAGE_CHROMIUM`` is not set.
DEFAULT_CHROMIUM = "/usr/bin/chromium"

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_SELF = re.compile(r"^\s*advantage\[([^\]]+)\]")


def _line(piece: str, found: bool, detail: str) -> str:
    return f"{piece:<13} {'present' if found else 'missing':<8} {detail}"


def _requirements() -> dict[str, list[str]]:
    """Extra -> the distributions it installs, from this installation's own metadata."""
    by_extra: dict[str, list[str]] = {}
    for requirement in metadata.requires("advantage") or []:
        extra = _EXTRA.search(requirement)
        if extra is None:
            continue
        own = _SELF.match(requirement)
        if own:  # advantage[cli,web,...]: an extra made of other extras
            names = [f"advantage[{part.strip()}]" for part in own.group(1).split(",")]
        else:
            match = _NAME.match(requirement)
            names = [match.group(1)] if match else []
        by_extra.setdefault(extra.group(1), []).extend(names)
    return by_extra


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _extras() -> Iterator[str]:
    try:
        by_extra = _requirements()
    except metadata.PackageNotFoundError:
        yield _line("extras", False, "the advantage distribution's metadata was not found "
                    "(run from an installed package: pip install -e .)")
        return
    status: dict[str, bool] = {}
    for extra in [e for e in EXTRAS if e in by_extra] + [e for e in by_extra
                                                          if e not in EXTRAS and e != "all"]:
        names = list(dict.fromkeys(by_extra[extra]))
        versions = {name: _version(name) for name in names}
        missing = [name for name, v in versions.items() if v is None]
        status[extra] = not missing
        if missing:
            detail = f"{', '.join(missing)} not installed: pip install 'advantage[{extra}]'"
        else:
            detail = ", ".join(f"{name} {v}" for name, v in versions.items())
        yield _line(f"extra {extra}", not missing, detail)
    if "all" in by_extra:
        parts = [n[len("advantage["):-1] for n in by_extra["all"] if n.startswith("advantage[")]
        lacking = [p for p in parts if not status.get(p, False)]
        yield _line("extra all", not lacking,
                    f"{', '.join(parts)}" if not lacking
                    else f"lacks {', '.join(lacking)}: pip install 'advantage[all]'")


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        return _line("java", False, "no java on PATH; Spark (the spark extra) needs a Java "
                     "runtime, e.g. apt-get install default-jre-headless")
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _line("java", False, f"{java} -version failed: {type(exc).__name__}")
    text = (done.stderr or done.stdout).strip().splitlines()
    if done.returncode != 0 or not text:
        return _line("java", False, f"{java} -version exited {done.returncode}")
    return _line("java", True, f"{text[0].strip()} ({java}; for Spark)")


def _chromium() -> str:
    configured = os.environ.get("ADVANTAGE_CHROMIUM")
    path = Path(configured or DEFAULT_CHROMIUM)
    where = "ADVANTAGE_CHROMIUM" if configured else "default; set ADVANTAGE_CHROMIUM to change"
    found = path.is_file() and os.access(path, os.X_OK)
    detail = f"{path} ({where}; for browser tests and screenshots)"
    return _line("chromium", found, detail if found else f"not found at {detail}")


def _held(folder: Path, files: dict[str, list[tuple[str, str]]]) -> tuple[list[str], list[str]]:
    """Data sets whose every file is in ``folder`` with its checksum, and those that differ."""
    from advantage.io.catalogue import sha256_file

    held: list[str] = []
    differ: list[str] = []
    for name, wanted in files.items():
        paths = [(folder / relative, sha256) for relative, sha256 in wanted]
        if not all(path.is_file() for path, _ in paths):
            continue
        (held if all(sha256_file(p) == s for p, s in paths) else differ).append(name)
    return held, differ


def _summary(held: list[str], differ: list[str], total: int) -> str:
    text = f"{len(held)} of {total} catalogued data sets"
    if held:
        text += f": {', '.join(held)}"
    if differ:
        text += f"; checksum differs: {', '.join(differ)}"
    return text


def _folders() -> Iterator[str]:
    from advantage.config import DATA_ENV, data_dir
    from advantage.io.catalogue import CACHE_ENV, cache_dir, dataset_info, dataset_names

    infos = [dataset_info(name) for name in dataset_names()]
    own = {i["name"]: [(i["file"], i["sha256"])] for i in infos}
    folder = data_dir()
    configured = os.environ.get(DATA_ENV)
    if folder is None:
        reason = (f"{DATA_ENV}={configured!r} is not a folder" if configured else
                  f"{DATA_ENV} is not set and ../shared/data does not exist")
        yield _line("data folder", False, reason)
    else:
        source = DATA_ENV if configured else "default ../shared/data"
        held, differ = _held(folder, own)
        yield _line("data folder", bool(held),
                    f"{folder} ({source}): {_summary(held, differ, len(infos))}")
    cache = cache_dir()
    source = CACHE_ENV if os.environ.get(CACHE_ENV) else f"default; set {CACHE_ENV} to change"
    if not cache.is_dir():
        yield _line("cache folder", False, f"{cache} ({source}) does not exist yet; "
                    "advantage datasets fetch NAME fills it")
        return
    stand_ins = {i["name"]: [(r["path"], r["sha256"]) for r in i["remote"]]
                 for i in infos if i["remote"]}
    held, differ = _held(cache, own)
    more, more_differ = _held(cache, {k: v for k, v in stand_ins.items() if k not in held})
    yield _line("cache folder", True,
                f"{cache} ({source}): {_summary(held + more, differ + more_differ, len(infos))}")


def checks() -> list[str]:
    """Every line ``advantage doctor`` prints, in order."""
    import advantage

    lines = [f"advantage {advantage.__version__}, Python {sys.version.split()[0]} "
             f"({sys.executable})"]
    lines += list(_extras())
    lines.append(_java())
    lines.append(_chromium())
    lines += list(_folders())
    return lines


def register(app: typer.Typer) -> None:
    """Add the command to the application."""

    @app.command("doctor")
    def doctor() -> None:
        """Say which optional pieces are here: extras, Java, Chromium, data and cache folders.

        One line each; it only looks (no import of optional packages, no download) and
        exits 0.

        Example:

          advantage doctor
        """
        for line in checks():
            typer.echo(line)
