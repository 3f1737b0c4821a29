"""The package as a user gets it: ``python -m build`` makes an sdist and a wheel, the wheel
installs into a clean virtual environment, and the command line runs there.

The wheel carries every file of ``src/advantage`` (code, boundaries, classifications, message
catalogues, dashboard files) and nothing of the reference data folder: no file with the name
or the content (sha256) of a catalogued data set, nor of any file in the folder when it is
present. Building and installing take a minute or two (pip fetches the build backend and the
dependencies from the package index), so the test is marked slow; ``make test`` runs it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import advantage
from advantage.config import data_dir
from advantage.io.catalogue import dataset_info, dataset_names

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "advantage"


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, check=False,
                          **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist and, built from it, a wheel of this worktree."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], timeout=900)
    return out


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def source_files() -> set[str]:
    """Every file of the package source, as wheel paths (advantage/...)."""
    return {str(p.relative_to(SRC.parent)) for p in SRC.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def data_fingerprints() -> tuple[set[str], set[str]]:
    """Names and sha256 of the reference data: the catalogue's, and the folder's files."""
    names, hashes = set(), set()
    for name in dataset_names():
        info = dataset_info(name)
        names.add(Path(info["file"]).name)
        hashes.add(info["sha256"])
        for remote in info["remote"]:
            names.add(Path(remote["path"]).name)
            hashes.add(remote["sha256"])
    folder = data_dir()
    if folder is not None:
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "README.md":
                names.add(path.name)
                hashes.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return names, hashes


def test_build_makes_an_sdist_and_a_wheel_of_this_version(dist: Path) -> None:
    version = advantage.__version__
    assert only(dist, "*.tar.gz").name == f"advantage-{version}.tar.gz"
    assert only(dist, "*.whl").name == f"advantage-{version}-py3-none-any.whl"


def test_wheel_holds_the_package_data_and_no_reference_data(dist: Path) -> None:
    with zipfile.ZipFile(only(dist, "*.whl")) as wheel:
        members = {i.filename: wheel.read(i) for i in wheel.infolist() if not i.is_dir()}
    package = {name for name in members if name.startswith("advantage/")}
    assert package == source_files()
    for wanted in ("advantage/py.typed", "advantage/reference/data/china_provinces.geojson",
                   "advantage/reference/data/us_states.geojson",
                   "advantage/reference/data/world_countries.geojson",
                   "advantage/reference/data/gbt4754_2017.csv",
                   "advantage/reference/data/ATTRIBUTION.md",
                   "advantage/i18n/en/reasons.json", "advantage/i18n/zh/reasons.json",
                   "advantage/web/static/app.js", "advantage/web/static/index.html"):
        assert wanted in package, wanted
    info = f"advantage-{advantage.__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in members
    assert f"{info}/licenses/LICENSES/Apache-2.0.txt" in members
    assert set(members) - package <= {n for n in members if n.startswith(f"{info}/")}
    names, hashes = data_fingerprints()
    assert len(names) >= len(dataset_names())
    shipped = [n for n, content in members.items()
               if Path(n).name in names or hashlib.sha256(content).hexdigest() in hashes]
    assert shipped == []


def test_sdist_holds_the_sources_and_no_reference_data(dist: Path) -> None:
    version = advantage.__version__
    with tarfile.open(only(dist, "*.tar.gz")) as sdist:
        files = {m.name.removeprefix(f"advantage-{version}/"): sdist.extractfile(m).read()
                 for m in sdist.getmembers() if m.isfile()}  # type: ignore[union-attr]
    for wanted in ("pyproject.toml", "README.md", "LICENSE", "src/advantage/__init__.py",
                   "src/advantage/i18n/zh/columns.json"):
        assert wanted in files, wanted
    names, hashes = data_fingerprints()
    assert [n for n, content in files.items()
            if Path(n).name in names or hashlib.sha256(content).hexdigest() in hashes] == []


def test_wheel_installs_into_a_clean_environment_and_runs(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    python = venv / "bin" / "python"
    # The environment sees only what is installed into it.
    done = run([str(python), "-c", "import sys; print(sys.prefix != sys.base_prefix)"])
    assert done.stdout.strip() == "True"
    wheel = only(dist, "*.whl")
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"{wheel}[cli]"], timeout=1500)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ADVANTAGE_", "PYTHON", "VIRTUAL_ENV"))}
    env["ADVANTAGE_CACHE"] = str(tmp_path / "cache")
    command = str(venv / "bin" / "advantage")
    where = {"cwd": tmp_path, "env": env, "timeout": 300}
    # The installed package is the wheel's, not this worktree's source.
    done = run([str(python), "-c", "import advantage; print(advantage.__file__)"], **where)
    assert done.stdout.strip().startswith(str(venv))

    help_text = run([command, "--help"], **where).stdout
    for name in ("indicators", "report", "serve", "datasets", "doctor"):
        assert name in help_text, name
    assert run([command, "--version"], **where).stdout.strip() == \
        f"advantage {advantage.__version__}"
    listed = run([command, "datasets", "list"], **where).stdout
    assert [line.split()[0] for line in listed.splitlines()] == dataset_names()

    doctor = {line[:13].strip(): line[13:].strip()
              for line in run([command, "doctor"], **where).stdout.splitlines()[1:]}
    assert doctor["extra cli"].startswith("present")
    assert doctor["extra ml"].startswith("missing")  # installed with [cli] only
    # The bundled boundaries and message catalogues load from the installed package.
    done = run([str(python), "-c",
                "from advantage.reference import china_geojson; from advantage.i18n import t; "
                "print(len(china_geojson()['features']), t('col.region', 'zh'))"], **where)
    count, label = done.stdout.split()
    assert int(count) == 34 and label != "col.region"


def test_one_version_everywhere() -> None:
    # pyproject.toml reads the version from advantage.__version__ (setuptools dynamic attr);
    # the citation file and the changelog name the same one.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text
    assert 'version = { attr = "advantage.__version__" }' in text
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{advantage.__version__}"' in citation.splitlines()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {advantage.__version__} " in changelog
