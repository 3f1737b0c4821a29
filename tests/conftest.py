"""Shared fixtures: the reference data folder, skipped or required by ADVANTAGE_REQUIRE_DATA."""

from __future__ import annotations

from pathlib import Path

import pytest

from advantage.config import data_dir, require_data


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference data folder (``ADVANTAGE_DATA``, default ``../shared/data``).

    Skips the test when the folder is missing, unless ``ADVANTAGE_REQUIRE_DATA=1`` (CI), in
    which case the test fails instead.
    """
    folder = data_dir()
    if folder is None:
        message = ("reference data folder not found: set ADVANTAGE_DATA or place it at "
                   "../shared/data")
        if require_data():
            pytest.fail(message + " (ADVANTAGE_REQUIRE_DATA=1 forbids skipping)")
        pytest.skip(message)
    return folder
