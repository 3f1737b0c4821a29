"""Doctests run with every warning as an error: users copy the examples, so they must be clean.

Only doctest items get the filter; the test suite has tests that provoke warnings on purpose
and check them with ``pytest.warns``. An example *about* a warning shows it deliberately
(``warnings.catch_warnings(record=True)`` with ``simplefilter("always")``), which this filter
leaves alone. This file sits at the root so that it applies however pytest is started
(``pytest``, ``pytest src/advantage``, ``pytest --doctest-modules some/module.py``).
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every collected doctest with ``filterwarnings("error")``."""
    for item in items:
        if type(item).__name__ == "DoctestItem":  # pytest does not export the class
            item.add_marker(pytest.mark.filterwarnings("error"))
