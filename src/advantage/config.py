"""Settings read from the environment: one data folder for the reference data sets."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "data_dir_problem", "require_data"]

#: Environment variable naming the folder that holds the reference data sets.
DATA_ENV = "ADVANTAGE_DATA"


def data_dir() -> Path | None:
    """The reference data folder, or None when it cannot be found.

    ``ADVANTAGE_DATA`` wins when set. Otherwise ``../shared/data`` is tried relative to the
    working directory and to the source checkout this package was installed from.
    """
    explicit = os.environ.get(DATA_ENV)
    if explicit:
        path = Path(explicit).expanduser()
        return path if path.is_dir() else None
    candidates = [Path.cwd() / ".." / "shared" / "data"]
    checkout = Path(__file__).resolve().parents[2]
    candidates.append(checkout / ".." / "shared" / "data")
    for path in candidates:
        if path.is_dir():
            return path.resolve()
    return None


def data_dir_problem() -> str | None:
    """Why ``ADVANTAGE_DATA`` gives no data folder, when it is set but unusable; else None.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {DATA_ENV: os.devnull}):
    ...     data_dir_problem()  # doctest: +ELLIPSIS
    "ADVANTAGE_DATA='/dev/null' is not a folder; ..."
    """
    explicit = os.environ.get(DATA_ENV)
    if not explicit:
        return None
    path = Path(explicit).expanduser()
    if path.is_dir():
        return None
    what = "does not exist" if not path.exists() else "is not a folder"
    return (f"{DATA_ENV}={explicit!r} {what}; set it to the folder that holds the data "
            "files (or unset it)")


def require_data() -> bool:
    """True when a missing data folder must be an error rather than a skip (CI)."""
    return os.environ.get("ADVANTAGE_REQUIRE_DATA", "") not in ("", "0", "false", "no")
