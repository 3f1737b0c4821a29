"""``advantage doctor`` and ``advantage --version``: what is installed, one line each, exit 0."""

from __future__ import annotations

import importlib.metadata
import stat
from pathlib import Path

import pytest

import advantage
from advantage.cli import main
from advantage.io.catalogue import dataset_info, dataset_names


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    return int(excinfo.value.code or 0)


def lines_of(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The piece (first 13 characters) -> the rest of its line."""
    out = capsys.readouterr().out.splitlines()
    return {line[:13].strip(): line[13:].strip() for line in out[1:]}


def executable(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty data and cache folders, a PATH with only a fake java, a fake Chromium."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # The real `java -version` writes its banner to stderr; so does this stand-in.
    executable(bin_dir / "java", '#!/bin/sh\necho \'openjdk version "99.0.1" test\' >&2\n')
    chromium = executable(tmp_path / "chromium", "#!/bin/sh\n")
    for name in ("data", "cache"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("ADVANTAGE_CHROMIUM", str(chromium))
    monkeypatch.setenv("ADVANTAGE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("ADVANTAGE_CACHE", str(tmp_path / "cache"))
    return tmp_path


def test_version_prints_the_package_version(capsys) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"advantage {advantage.__version__}"
    # The one version: the installed distribution's metadata is read from __version__.
    assert importlib.metadata.version("advantage") == advantage.__version__


def test_doctor_reports_every_piece_and_exits_zero(isolated: Path, capsys) -> None:
    assert run(["doctor"]) == 0
    found = lines_of(capsys)
    assert list(found) == ["extra cli", "extra web", "extra ml", "extra spark", "extra polars",
                           "extra docs", "extra dev", "extra all", "java", "chromium",
                           "data folder", "cache folder"]
    # The command line itself runs, so the cli extra's packages are installed.
    assert found["extra cli"].startswith("present") and "typer" in found["extra cli"]
    assert found["java"].startswith("present")
    assert 'openjdk version "99.0.1" test' in found["java"]
    assert found["chromium"].startswith("present")
    assert str(isolated / "chromium") in found["chromium"]
    assert found["data folder"] == (f"missing  {isolated / 'data'} (ADVANTAGE_DATA): 0 of "
                                    f"{len(dataset_names())} catalogued data sets")
    assert found["cache folder"].startswith(f"present  {isolated / 'cache'} (ADVANTAGE_CACHE)")


def test_doctor_names_what_is_missing(isolated: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PATH", str(isolated / "nothing"))
    monkeypatch.setenv("ADVANTAGE_CHROMIUM", str(isolated / "no-chromium"))
    monkeypatch.setenv("ADVANTAGE_DATA", str(isolated / "no-data"))
    monkeypatch.setenv("ADVANTAGE_CACHE", str(isolated / "no-cache"))
    assert run(["doctor"]) == 0
    found = lines_of(capsys)
    assert found["java"].startswith("missing") and "no java on PATH" in found["java"]
    assert found["chromium"].startswith("missing")
    assert f"not found at {isolated / 'no-chromium'}" in found["chromium"]
    assert found["data folder"] == (f"missing  ADVANTAGE_DATA={str(isolated / 'no-data')!r} "
                                    "is not a folder")
    assert found["cache folder"].startswith("missing") and "does not exist yet" in \
        found["cache folder"]


def test_doctor_names_the_data_sets_held_and_checks_their_checksums(isolated: Path,
                                                                     capsys) -> None:
    # A file under a catalogued name but with other content is reported as differing; a
    # data set is held only when its file has the catalogued sha256.
    wrong = dataset_info("reat_germany_employment")["file"]
    (isolated / "data" / wrong).write_text("not the published table\n", encoding="utf-8")
    assert run(["doctor"]) == 0
    found = lines_of(capsys)
    assert found["data folder"].startswith("missing")
    assert found["data folder"].endswith(f"0 of {len(dataset_names())} catalogued data sets; "
                                         "checksum differs: reat_germany_employment")


@pytest.mark.data
def test_doctor_on_the_reference_folder(shared_data: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ADVANTAGE_DATA", str(shared_data))
    assert run(["doctor"]) == 0
    found = lines_of(capsys)
    # Every catalogued data set whose file is in the folder is listed (the catalogue's
    # checksums were computed on this folder, tests/test_catalogue.py checks them).
    here = [n for n in dataset_names() if (shared_data / dataset_info(n)["file"]).is_file()]
    assert here, "the reference folder holds catalogued files"
    assert found["data folder"] == (
        f"present  {shared_data} (ADVANTAGE_DATA): {len(here)} of {len(dataset_names())} "
        f"catalogued data sets: {', '.join(here)}")


def test_doctor_reports_an_extra_without_its_packages(isolated: Path, monkeypatch,
                                                      capsys) -> None:
    from advantage.cli import doctor

    real = doctor._version

    def without_sklearn(name: str) -> str | None:
        return None if name == "scikit-learn" else real(name)

    monkeypatch.setattr(doctor, "_version", without_sklearn)
    assert run(["doctor"]) == 0
    found = lines_of(capsys)
    assert found["extra ml"] == ("missing  scikit-learn not installed: "
                                 "pip install 'advantage[ml]'")
    assert found["extra all"].startswith("missing  lacks ml")
