"""Where the provincial IO tables come from: CHNIO's .rda files, and the catalogue's mirrors.

The real ``.rda`` files are GitHub common2016/CHNIO's ``data/io{2002,...,2017}.rda`` at commit
2878da3; they are not in the data folder, so the parity test skips unless they are here. The
download path is tested with a small ``.rda`` file built in the test and served by a local
HTTP server and a ``file://`` mirror.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import http.server
import os
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError
from advantage.io import catalogue, read_china_io
from advantage.io._catalogue_entries import RemoteFile
from advantage.io.chnio_rda import RDA_FILES, read_chnio_rda
from advantage.reference.china_io import io_concordance


def _rda_folder() -> Path | None:
    folder = os.environ.get("ADVANTAGE_CHNIO_RDA")
    candidates = [Path(folder)] if folder else []
    candidates.append(catalogue.cache_dir() / "china" / "chnio")
    for path in candidates:
        if all((path / f).is_file() for f in RDA_FILES.values()):
            return path
    return None


@pytest.mark.data
def test_rda_files_convert_to_the_data_folders_flows(shared_data) -> None:
    folder = _rda_folder()
    if folder is None:
        pytest.skip("CHNIO's io2002.rda ... io2017.rda are not available locally (they are "
                    "not in the data folder): set ADVANTAGE_CHNIO_RDA to a folder holding them "
                    "(GitHub common2016/CHNIO, data/, commit 2878da3)")
    entry = catalogue._entry("china_provincial_io")
    for remote in entry.remote:  # the files are the catalogued ones
        digest = hashlib.sha256((folder / Path(remote.path).name).read_bytes()).hexdigest()
        assert digest == remote.sha256, remote.path
    converted = read_chnio_rda([folder / f for f in RDA_FILES.values()])
    csv = pd.read_csv(shared_data / entry.file, dtype={"gb2260": str, "row": str,
                                                       "column": str})
    keys = ["year", "gb2260", "row", "column"]
    assert len(converted) == len(csv) == 294_755  # data folder README: 294,755 rows
    mine = converted.set_index(keys).sort_index()
    theirs = csv.set_index(keys).sort_index()
    assert mine.index.equals(theirs.index)
    assert (mine["province"] == theirs["province"]).all()
    assert_allclose(mine["value"], theirs["value"], rtol=1e-12, atol=0)
    from_rda = read_china_io(folder).long("gross_output")
    from_csv = read_china_io(shared_data / entry.file).long("gross_output")
    pd.testing.assert_frame_equal(from_rda, from_csv, check_exact=False, rtol=1e-12)


# ---------------------------------------------------------------- a small table built here
def _table_2017(rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """A balanced 42-sector table in CHNIO's layout: Z, final use, trade, value added."""
    z = rng.uniform(0, 10, (42, 42))
    final = rng.uniform(50, 100, (42, 5))
    ex, of, im, inflow = (rng.uniform(0, 20, 42) for _ in range(4))
    go = z.sum(axis=1) + final.sum(axis=1) + ex + of - im - inflow
    va = go - z.sum(axis=0)
    sectors = [f"sec{i:02d}" for i in range(1, 43)]
    rows = pd.DataFrame(z, columns=sectors)
    for k, code in enumerate(["FU101", "FU102", "FU103", "FU201", "FU202"]):
        rows[code] = final[:, k]
    for code, values in (("EX", ex), ("OF", of), ("IM", im), ("IF", inflow),
                         ("ERR", np.zeros(42)), ("GO", go)):
        rows[code] = values
    bottom = pd.DataFrame(np.nan, index=range(6), columns=rows.columns)
    bottom.loc[:, sectors] = np.vstack([va * 0.5, va * 0.1, va * 0.1, va * 0.3, va, go])
    frame = pd.concat([rows, bottom], ignore_index=True)
    labels = sectors + ["VA001", "VA002", "VA003", "VA004", "TVA", "TI"]
    frame.insert(0, "sec", pd.array(labels, dtype="string[python]"))
    return frame, go


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    import rdata

    rng = np.random.default_rng(7)
    ningxia, go_nx = _table_2017(rng)
    jiangsu, go_js = _table_2017(rng)
    served = tmp_path / "mirror"
    (served / "china" / "chnio").mkdir(parents=True)
    path = served / "china" / "chnio" / "io2017.rda"
    rdata.write_rda(path, {"io2017": {"宁夏": ningxia, "江苏": jiangsu}})
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = dataclasses.replace(
        catalogue._entry("china_provincial_io"),
        remote=(RemoteFile("china/chnio/io2017.rda", "http://127.0.0.1:9/nothing", sha),))
    monkeypatch.setitem(catalogue._BY_NAME, "china_provincial_io", entry)
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("ADVANTAGE_DATA", str(data))
    monkeypatch.setenv("ADVANTAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVANTAGE_MIRROR", raising=False)
    return served, {"Ningxia": go_nx, "Jiangsu": go_js}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _expected(go: np.ndarray) -> np.ndarray:
    mapping = io_concordance(2017)
    return pd.Series(go, index=[f"{i:02d}" for i in range(1, 43)]).groupby(mapping).sum()


def test_fetch_downloads_verifies_and_converts_the_rda_files(mirror, monkeypatch) -> None:
    served, output = mirror
    handler = functools.partial(_Quiet, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("ADVANTAGE_MIRROR", f"http://127.0.0.1:{httpd.server_address[1]}")
        files = catalogue.fetch_files("china_provincial_io", progress=False)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert files == [catalogue.cache_dir() / "china" / "chnio" / "io2017.rda"]
    monkeypatch.delenv("ADVANTAGE_MIRROR")
    tables = read_china_io()  # now from the cache, without any mirror
    long = tables.long("gross_output").set_index(["region", "activity"])["value"]
    for region, go in output.items():
        assert_allclose(long.loc[region].to_numpy(), _expected(go).to_numpy(), rtol=1e-12)
    assert catalogue.load_table("china_provincial_io")["gb2260"].nunique() == 2


def test_a_file_mirror_works_and_a_bad_checksum_is_refused(mirror, monkeypatch) -> None:
    served, output = mirror
    monkeypatch.setenv("ADVANTAGE_MIRROR", served.as_uri())
    path = catalogue.fetch("china_provincial_io", progress=False)
    assert path == catalogue.cache_dir() / "china" / "chnio"
    table = read_china_io().table("江苏", 2017)
    assert_allclose(table.output.to_numpy(), _expected(output["Jiangsu"]).to_numpy())
    (path / "io2017.rda").unlink()
    entry = catalogue._entry("china_provincial_io")
    wrong = dataclasses.replace(entry, remote=(dataclasses.replace(entry.remote[0],
                                                                   sha256="0" * 64),))
    monkeypatch.setitem(catalogue._BY_NAME, "china_provincial_io", wrong)
    with pytest.raises(AdvantageError) as info:
        catalogue.fetch("china_provincial_io", progress=False)
    message = str(info.value)
    assert "checksum mismatch for data set 'china_provincial_io'" in message
    assert "china/chnio/io2017.rda (sha256 " + "0" * 64 in message
    assert "provincial_io_42sec_2002_2017_flows.csv.gz" in message
    assert not any((catalogue.cache_dir() / "china").rglob("*.rda"))
