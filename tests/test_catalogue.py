"""The data set catalogue: checksums, every real file loaded end to end, downloads over HTTP.

Reference values come from the reference data folder itself (its README's table of shapes and
the files' own rows), as noted at each assertion.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import http.server
import shutil
import threading

import numpy as np
import pandas as pd
import pytest

from advantage import AdvantageError
from advantage.io import _catalogue_entries as entries
from advantage.io import catalogue
from advantage.io.catalogue import dataset_info as info
from advantage.io.catalogue import dataset_names as names
from advantage.io.catalogue import fetch, load, load_table, locate

pytestmark = pytest.mark.data


def test_recorded_checksums_match_the_reference_folder(shared_data):
    for name in names():
        entry = catalogue._entry(name)
        digest = hashlib.sha256((shared_data / entry.file).read_bytes()).hexdigest()
        assert digest == entry.sha256, name


def test_every_file_in_the_folder_is_catalogued(shared_data):
    files = {str(p.relative_to(shared_data)) for p in shared_data.rglob("*")
             if p.is_file() and p.name != "README.md"}
    assert files == {catalogue._entry(n).file for n in names()}


def test_metadata_is_complete():
    for name in names():
        meta = info(name)
        for key in ("title", "source", "licence", "citation", "file", "sha256"):
            assert meta[key], (name, key)
        if meta["kind"] == "panel":
            assert meta["units"] and meta["region_type"] and meta["activity_type"], name
        assert meta["url"] or "no stable public download address" in meta["origin"], name


# shape (times, regions, activities) per data set and level; sources in the comments
SHAPES = {
    # README: 10 countries x 30 products x 1995-1996
    ("pyecomplexity_trade", None): (2, 10, 30),
    ("stata_ecomplexity_ground_truth", None): (2, 10, 30),
    # README: 50 states + DC; 2007-2019; 20 sector lines (catalogue notes), 65 detail lines
    ("us_gva", "sector"): (13, 51, 20), ("us_gva", "detail"): (13, 51, 65),
    # README: 2009-2018; 50 states + DC after dropping US and the 8 BEA regions; 21 lines
    ("us_employment", "sector"): (10, 51, 21),
    # README: 51 states, 2013-2018; 9, 31 and 107 codes of 2, 3 and 4 digits in the file
    ("us_naics_exports", "2"): (6, 51, 9), ("us_naics_exports", "3"): (6, 51, 31),
    ("us_naics_exports", "4"): (6, 51, 107),
    # README: ~350 regions x 292 industry labels x 3 census years
    ("aus_sa3_employment", None): (3, 350, 292),
    # README: 8 states/territories (RX, CND left out), 1988-2023
    ("aus_hs4_exports", None): (36, 8, 1272),
    ("aus_services_exports", None): (24, 8, 5),
    # 16 Laender x 10 sectors x 2008-2014; 16 x 17 sections, 2015; 30 countries x 10, 2007-2016
    ("reat_germany_employment", None): (7, 16, 10),
    ("reat_germany_industries", None): (1, 16, 17),
    ("reat_eu28_employment", None): (10, 30, 10),
    # 42 sectors; 20 sections (A-T), the file's 94 divisions + K, P, T; 1990-2018
    ("ionet_china_io_2017", None): (1, 1, 42), ("ionet_china_io_2020", None): (1, 1, 42),
    ("ionet_china_employment", "section"): (29, 1, 20),
    ("ionet_china_employment", "division"): (29, 1, 97),
    # README: 31 provinces
    ("china_solar_capacity", None): (3, 31, 1), ("china_onwind_capacity", None): (3, 31, 1),
    ("china_offwind_capacity", None): (3, 31, 1), ("china_coal_capacity", None): (6, 31, 1),
    ("china_chp_capacity", None): (6, 31, 1), ("china_population_2020", None): (1, 31, 1),
    ("china_population_yearbook", None): (20, 31, 1),
}


def test_shape_table_covers_every_panel_and_level():
    expected = {(n, lv) for n in names() if info(n)["kind"] == "panel"
                for lv in (info(n)["levels"] or [None])}
    assert set(SHAPES) == expected


@pytest.mark.parametrize("name, level", sorted(SHAPES, key=str))
def test_every_data_set_loads_into_a_panel(shared_data, name, level):
    panel = load(name, level=level)
    assert panel.shape == SHAPES[(name, level)]
    assert np.isfinite(panel.cube).all() and (panel.cube >= 0).all()
    assert panel.cube.sum() > 0


def test_crosswalks_are_tables_not_panels(shared_data):
    assert load_table("us_crosswalk_employment").shape == (94, 4)  # README: ~70-94 rows
    assert load_table("us_crosswalk_gva").shape == (71, 4)
    with pytest.raises(AdvantageError, match="is a crosswalk, not a panel"):
        load("us_crosswalk_gva")


def test_values_match_the_files(shared_data):
    trade = load("pyecomplexity_trade")  # file row 2: 1995,aut,1704,43653866.43
    assert trade.cube[0, list(trade.regions).index("aut"), 0] == 43653866.43
    population = load("china_population_yearbook")  # file row 'Ningxia,554,...' (2000)
    assert population.cube[0, list(population.regions).index("Ningxia"), 0] == 554.0
    germany = load("reat_germany_industries", value="firms")  # file row 2: BW, WZ08-B, 290
    assert germany.cube[0, list(germany.regions).index("BW"), 0] == 290.0


def test_china_files_are_normalised_to_english_names(shared_data):
    from advantage.reference import provinces

    solar = load("china_solar_capacity")
    assert "Ningxia" in solar.regions and "Inner Mongolia" in solar.regions  # "InnerMongolia"
    assert set(solar.regions) <= set(provinces()["name_en"])


def _complete_rows(table, region, time, activity, value, lines, total):
    wide = table.pivot_table(index=[region, time], columns=activity, values=value,
                             aggfunc="first", dropna=False)
    complete = wide[lines].notna().all(axis=1)
    return wide.loc[complete, lines].sum(axis=1), wide.loc[complete, total]


def test_us_gva_sector_level_is_a_partition_of_the_total(shared_data):
    table = load_table("us_gva")
    table = table[table["geo"] != "United States *"]
    parts, total = _complete_rows(table, "geo", "year", "linecode", "gva_usd",
                                  [str(c) for c in entries.GVA_SECTOR], "1")
    assert len(parts) == 659  # of 663 state-years, 4 have a suppressed sector cell
    np.testing.assert_allclose(parts, total, rtol=2e-5)
    panel = load("us_gva")  # and the panel's region totals are those sums
    regions = list(panel.regions)
    for (state, year), expected in parts.head(20).items():
        got = panel.region_totals()[list(panel.times).index(year), regions.index(state)]
        assert got == pytest.approx(expected, rel=1e-12)


def test_us_employment_sector_level_is_a_partition_of_the_total(shared_data):
    table = load_table("us_employment")
    parts, total = _complete_rows(table, "geofips", "year", "linecode", "employment",
                                  list(entries.EMP_SECTOR), "10")
    np.testing.assert_allclose(parts, total, rtol=1e-12)


def test_naics_levels_each_add_up_to_the_total(shared_data):
    table = load_table("us_naics_exports")
    total = table[table["NAICS"] == "-"].set_index(["Year", "State"])["Value"].sort_index()
    for level in ("2", "3", "4"):
        panel = load("us_naics_exports", level=level)
        sums = pd.Series(panel.region_totals().reshape(-1),
                         index=pd.MultiIndex.from_product([panel.times, panel.regions]))
        np.testing.assert_allclose(sums.sort_index().to_numpy(), total.to_numpy(), rtol=1e-12)


def test_ionet_sections_add_up_to_the_total(shared_data):
    table = load_table("ionet_china_employment").set_index("Code")
    years = [c for c in table.columns if c.isdigit()]
    panel = load("ionet_china_employment", level="section")
    np.testing.assert_allclose(panel.region_totals()[:, 0], table.loc["TOT", years].to_numpy(
        dtype=float), rtol=1e-4)


def test_level_and_value_arguments_are_checked(shared_data):
    with pytest.raises(AdvantageError, match="level='state' is not valid for 'us_gva'"):
        load("us_gva", level="state")
    with pytest.raises(AdvantageError, match="value='pop' is not valid"):
        load("reat_germany_industries", value="pop")
    with pytest.raises(AdvantageError, match="no data set called 'gdp'"):
        load("gdp")


# ------------------------------------------------------------------ resolution and download
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(shared_data):
    handler = functools.partial(_Quiet, directory=str(shared_data))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def empty_env(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("ADVANTAGE_DATA", str(data))
    monkeypatch.setenv("ADVANTAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVANTAGE_MIRROR", raising=False)
    return tmp_path


def _with(monkeypatch, name, **changes):
    entry = dataclasses.replace(catalogue._entry(name), **changes)
    monkeypatch.setitem(catalogue._BY_NAME, name, entry)
    return entry


def test_download_from_a_mirror_is_verified_and_cached(empty_env, server, monkeypatch):
    monkeypatch.setenv("ADVANTAGE_MIRROR", server + "/")
    assert locate("china_population_yearbook") is None
    path = fetch("china_population_yearbook", progress=False)
    assert path == (empty_env / "cache" / "china"
                    / "China_Statistics_Yearbook_population_10k_2000_2019.csv")
    monkeypatch.delenv("ADVANTAGE_MIRROR")
    assert locate("china_population_yearbook") == path  # now served from the cache
    assert load("china_population_yearbook").shape == (20, 31, 1)


def test_download_from_the_publisher_url(empty_env, server, monkeypatch):
    _with(monkeypatch, "pyecomplexity_trade",
          url=server + "/pyecomplexity_trade_data_sample.csv")
    path = fetch("pyecomplexity_trade", progress=True)
    assert path.parent == empty_env / "cache"
    assert load("pyecomplexity_trade").shape == (2, 10, 30)


def test_checksum_mismatch_is_an_error_and_nothing_is_kept(empty_env, server, monkeypatch):
    _with(monkeypatch, "pyecomplexity_trade", sha256="0" * 64,
          url=server + "/pyecomplexity_trade_data_sample.csv")
    with pytest.raises(AdvantageError, match=r"checksum mismatch for data set "
                                             r"'pyecomplexity_trade'.*expected sha256 0{64}, "
                                             r"got ee2d6a47"):
        fetch("pyecomplexity_trade", progress=False)
    assert not any((empty_env / "cache").rglob("*"))  # no partial or wrong file left


def test_a_missing_file_on_the_server_is_reported(empty_env, server, monkeypatch):
    monkeypatch.setenv("ADVANTAGE_MIRROR", server + "/nothing-here")
    with pytest.raises(AdvantageError) as info:
        fetch("reat_eu28_employment", progress=False)
    message = str(info.value)
    assert "not available" in message and "reat_EU28.emp.csv" in message
    assert "HTTP Error 404" in message and "no stable download address" in message
    assert "ADVANTAGE_DATA" in message and "ADVANTAGE_MIRROR" in message


def test_without_mirror_or_url_fetch_says_what_is_missing(empty_env):
    with pytest.raises(AdvantageError) as info:
        fetch("us_gva", progress=False)
    message = str(info.value)
    assert "us_state_x_bea_industry_gva_2007_2019.csv.gz" in message
    assert catalogue._entry("us_gva").sha256 in message
    assert "publisher offers no stable download address" in message


def test_a_modified_local_file_is_refused(empty_env, shared_data):
    source = shared_data / "reat_G.regions.industries.csv"
    copy = empty_env / "data" / source.name
    shutil.copy(source, copy)
    assert load("reat_germany_industries").shape == (1, 16, 17)
    copy.write_text(source.read_text().replace("290", "291", 1))
    with pytest.raises(AdvantageError, match="differs from the reference version"):
        load("reat_germany_industries")


def test_china_provincial_io_files(shared_data):
    # README: 50,064 rows of totals, 294,755 of flows, 42 sector names, 84 concordance rows
    assert load_table("china_provincial_io_totals").shape == (50_064, 9)
    assert load_table("china_provincial_io").shape == (294_755, 6)
    names_table = load_table("china_provincial_io_names")
    assert names_table.shape == (42, 5) and names_table["sector_code"].iloc[0] == "01"
    assert load_table("china_provincial_io_to_41").shape == (84, 4)
    with pytest.raises(AdvantageError, match="holds input-output tables, not a panel"):
        load("china_provincial_io")
    remote = info("china_provincial_io")["remote"]
    assert [r["path"] for r in remote] == [f"china/chnio/io{y}.rda"
                                           for y in (2002, 2007, 2012, 2017)]
    assert all("2878da32500274f853c68d5b65dafc86d83b3c89" in r["url"] for r in remote)
