"""Every script of ``examples/`` runs on the reference data and prints its answer.

Each example is run as a user would run it: ``python examples/NAME.py`` in a fresh process,
with ``ADVANTAGE_DATA`` pointing at the reference data folder and a time limit. The test skips
when the folder is missing (fails under ``ADVANTAGE_REQUIRE_DATA=1``, as the ``shared_data``
fixture does). The documentation shows these files (docs/examples.md includes each one).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
TIMEOUT = 120  # seconds per example; each takes about 2 s here

#: A line each example must print (labels of the reference data, not computed numbers).
EXPECTED = {
    "ningxia_characteristic_industries": "Electricity and heat supply",
    "guizhou_next": "parsimonious",
    "east_to_west_transfer": "sectors leave the east (10 provinces)",
    "western_similarity": "Pairwise structural similarity of the western provinces",
    "us_states_eci": "ECI of 51 regions (50 states and DC) over 65 BEA lines",
}


def test_there_are_examples_and_each_has_an_expectation() -> None:
    assert sorted(p.stem for p in EXAMPLES) == sorted(EXPECTED)


@pytest.mark.data
@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script: Path, shared_data: Path) -> None:
    env = {**os.environ, "ADVANTAGE_DATA": str(shared_data), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == "", done.stderr[-2000:]
    assert EXPECTED[script.stem] in done.stdout, done.stdout[:2000]


def test_example_says_what_is_missing_without_data(tmp_path: Path) -> None:
    # Without the data folder an example stops with one line naming what it needs.
    env = {**os.environ, "ADVANTAGE_DATA": str(tmp_path / "absent")}
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "guizhou_next.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "needs china/provincial_io_42sec_2002_2017_flows.csv.gz in the reference data folder: "
        "set ADVANTAGE_DATA"]
