"""Catalogue entries of China's provincial input-output tables (2002, 2007, 2012, 2017).

The data folder holds four files made from the CHNIO R package (GitHub ``common2016/CHNIO``,
GPL >= 3) at commit 2878da3; those files have no public download address. Where the folder is
absent, ``china_provincial_io`` is rebuilt from the package's own ``.rda`` files at that
commit (checksums below; sha256 of the blobs at that commit), read by
:mod:`advantage.io.chnio_rda`.
"""

from __future__ import annotations

from advantage.io._catalogue_entries import Dataset, RemoteFile

__all__ = ["CHINA_IO_ENTRIES", "CHNIO_COMMIT"]

#: The CHNIO commit the reference data were made from.
CHNIO_COMMIT = "2878da32500274f853c68d5b65dafc86d83b3c89"
_RAW = f"https://raw.githubusercontent.com/common2016/CHNIO/{CHNIO_COMMIT}/data"
_CITATION = ("Chen, P.: CHNIO, input-output tables of China's provinces (R package, GPL >= 3), "
             f"https://github.com/common2016/CHNIO, commit {CHNIO_COMMIT}; tables compiled by "
             "the provincial statistical bureaus, published in 中国地区投入产出表")
_SOURCE = ("provincial input-output tables compiled by China's provincial statistical bureaus "
           "(中国地区投入产出表), via the CHNIO R package")
_LICENCE = "GPL >= 3 (CHNIO); official statistics of the provincial statistical bureaus"
_NO_URL = ("no stable public download address for this exact file (made from CHNIO by the "
           "reference data folder's maintainers)")
_RDA = {2002: "a50ec29d0dbe7311679d05775130580d55998dc00be0d6af50db4dab958d70ae",
        2007: "bcfaed1dbaf845df860591296ae8cca08bc339e3d12326a96d1e8d6b29d88823",
        2012: "7f4271a4356fa21f611309786e6e388accecfeb02c8903e360e86dd0c223b164",
        2017: "50e3143480d4287d9802c3120da81c8be0fe7ee8ee2ab91f2f1027c15ae965d2"}
_UNITS = "10,000 yuan (万元), current producer prices"

CHINA_IO_ENTRIES = (
    Dataset(
        name="china_provincial_io", file="china/provincial_io_42sec_2002_2017_flows.csv.gz",
        title="China's provincial input-output tables, 31 provinces x 42 sectors, 2002, 2007, "
        "2012, 2017", source=_SOURCE, licence=_LICENCE, citation=_CITATION, units=_UNITS,
        region_type="China province (GB/T 2260 code, six digits)",
        activity_type="NBS 42-sector IO code of each year (01-42), harmonised to 38 sectors by "
        "advantage.reference.china_io", roles={}, kind="io_tables",
        dtype={"gb2260": str, "row": str, "column": str},
        sha256="30357f513cc64e803bcb8b84fcb94e7c596b6e65d09f779414bd2b2902cf8e80",
        origin=(f"CHNIO at commit {CHNIO_COMMIT[:7]}, data/io2002.rda ... io2017.rda; "
                f"{_NO_URL}; without the data folder, fetch downloads CHNIO's four .rda files "
                "(see remote) and reads them with the rdata package"),
        remote=tuple(RemoteFile(f"china/chnio/io{year}.rda", f"{_RAW}/io{year}.rda", sha)
                     for year, sha in _RDA.items()),
        notes=("The tables whole, long: year, province, gb2260, row, column, value. Read them "
               "with advantage.io.read_china_io (measures as harmonised long tables and panels, "
               "one province-year table for linkages), or `advantage datasets panel "
               "china_provincial_io --measure ...`. Tibet has no table in 2002 and 2007; 2002 "
               "records only net outflow (NOF), 2007 outflow and inflow including foreign trade "
               "(FU302, FU304), 2012 and 2017 exports, imports, outflow and inflow (EX, IM, OF, "
               "IF). Four value-added cells and two tiny 2002 gross-output cells are negative "
               "as published.")),
    Dataset(
        name="china_provincial_io_totals", file="china/provincial_io_42sec_2002_2017_totals.csv.gz",
        title="China's provincial input-output tables: totals per province and sector",
        source=_SOURCE, licence=_LICENCE, citation=_CITATION, units=_UNITS,
        region_type="China province (short Chinese name, English name, GB/T 2260 code)",
        activity_type="NBS 42-sector IO code of each year (01-42)", roles={}, kind="table",
        dtype={"gb2260": str, "sector_code": str},
        sha256="9e8f8a64ed50640630c2064014174ee47189f0a9d2c6c1d31582517bf4045094",
        origin=f"CHNIO at commit {CHNIO_COMMIT[:7]}; {_NO_URL}",
        notes=("Columns year, province, province_en, gb2260, sector_code, sector_name_zh, "
               "measure, value, unit: the GO column and the TI, TVA and VA rows of "
               "china_provincial_io, and its trade columns, per sector. Every value equals the "
               "corresponding cell of china_provincial_io.")),
    Dataset(
        name="china_provincial_io_names", file="china/provincial_io_42sec_names_by_year.csv",
        title="Sector names of China's provincial input-output tables by year",
        source=_SOURCE + " (the raw provincial workbooks at the same commit)",
        licence=_LICENCE, citation=_CITATION, units="", region_type="",
        activity_type="NBS 42-sector IO code (01-42) -> Chinese name in 2002, 2007, 2012, 2017",
        roles={}, kind="table", dtype={"sector_code": str},
        sha256="a9b80dfaa9d3498464e9e9ebc549ccacbb6f2bf78ca9643c83ddc1eb1a7197aa",
        origin=f"CHNIO at commit {CHNIO_COMMIT[:7]}; {_NO_URL}",
        notes=("The same names as the year columns of advantage.reference.china_io's "
               "concordance (checked by the tests).")),
    Dataset(
        name="china_provincial_io_to_41", file="china/provincial_io_42sec_2012_2017_to_41.csv",
        title="2012 and 2017 provincial IO sectors to 41 harmonised sectors",
        source="made by the reference data folder's maintainers from the two years' names",
        licence="as the reference data folder (no separate licence stated)",
        citation="reference data folder README", units="", region_type="",
        activity_type="NBS 42-sector IO code of 2012 or 2017 -> 41 harmonised codes",
        roles={}, kind="crosswalk", dtype={"sector_code": str, "harmonised_code": str},
        sha256="49a2fd4b72ba42aa3f0eadab81a8469fd0435a7ac982f276d65484b787a5bbb3",
        origin=_NO_URL, notes=(
            "Covers 2012 and 2017 only (2017 merges 2012's 22 and 23; 2012's 36 maps to "
            "2017's 35 and 36). advantage.reference.china_io harmonises all four years to 38 "
            "sectors instead; its 2012/2017 part is a coarsening of this one (tested).")),
)
