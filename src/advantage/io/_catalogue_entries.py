"""The reference data sets: provenance, checksums, column roles and how each becomes a panel.

Checksums are the SHA-256 of the files in the project's reference data folder
(``../shared/data``, see its README), computed when the entries were written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ENTRIES", "Dataset", "RemoteFile"]

LevelFilter = Callable[[Any], bool]


@dataclass(frozen=True)
class RemoteFile:
    """A file that stands in for a data set's own file where that cannot be had.

    ``path`` is where it goes under the cache and is looked for under a mirror, ``url`` the
    publisher's address, ``sha256`` its checksum.
    """

    path: str
    url: str
    sha256: str


@dataclass(frozen=True)
class Dataset:
    """One reference data set: where it comes from and how to read it into a panel."""

    name: str
    file: str
    title: str
    source: str
    licence: str
    citation: str
    units: str
    region_type: str
    activity_type: str
    roles: dict[str, str]
    sha256: str
    url: str | None = None
    origin: str = ""
    kind: str = "panel"
    layout: str = "long"
    dtype: dict[str, Any] = field(default_factory=dict)
    comment: str | None = None
    exclude_regions: tuple[str, ...] = ()
    exclude_activities: tuple[str, ...] = ()
    levels: dict[str, LevelFilter] = field(default_factory=dict)
    default_level: str | None = None
    values: tuple[str, ...] = ()
    constants: dict[str, Any] = field(default_factory=dict)
    missing: str = "error"
    normalise: str = "none"
    notes: str = ""
    remote: tuple[RemoteFile, ...] = ()


_GH = "https://raw.githubusercontent.com/cid-harvard/py-ecomplexity"
_PYECX = "Harvard Growth Lab, py-ecomplexity (MIT), https://github.com/cid-harvard/py-ecomplexity"
_STATEIOR = "USEPA stateior (MIT), https://github.com/USEPA/stateior"
_CXD = "amwu-nrc/complexitydata (MIT), https://github.com/amwu-nrc/complexitydata"
_REAT = "Wieland, T.: REAT, Regional Economic Analysis Toolbox, R package on CRAN (GPL >= 2)"
_IONET = "ionet R package on CRAN (GPL >= 3); tables of the National Bureau of Statistics of China"
_PYPSA = "PyPSA-China, https://github.com/PyPSA/PyPSA-China"
_NO_URL = ("no stable public download address for this exact file (it was extracted from "
           "the upstream source by the reference data folder's maintainers)")

# BEA state GVA line codes (first column of the file): 20 that add up to line 1, "All industry
# total" (checked: within 1e-5 where no component is suppressed), and the 65 most detailed.
GVA_SECTOR = (3, 6, 10, 11, 12, 34, 35, 36, 45, 51, 56, 60, 64, 65, 69, 70, 76, 79, 82, 83)
GVA_DETAIL = (4, 5, 7, 8, 9, 10, 11, *range(14, 25), *range(26, 34), 34, 35, *range(37, 45),
              *range(46, 50), *range(52, 56), 57, 58, 61, 62, 63, 64, 66, 67, 69,
              *range(71, 75), 77, 78, 80, 81, 82, 84, 85, 86)
# BEA state employment line codes: farm (70), the 19 private non-farm industries (100-1900) and
# government (2000) add up to line 10, total employment (exactly, where none is suppressed).
EMP_SECTOR = ("70", *(str(100 * i) for i in range(1, 21)))


def _naics(digits: int) -> LevelFilter:
    return lambda code: str(code).isdigit() and len(str(code)) == digits


def _ionet_division(code: Any) -> bool:
    text = str(code)
    return (len(text) == 3 and text[0].isalpha() and text[1:].isdigit()) or text in "KPT"


def _china_capacity(name: str, file: str, tech: str, sha: str, id_column: str = "Region",
                    years: str = "2010, 2015, 2020") -> Dataset:
    return Dataset(
        name=name, file=file, layout="wide_years",
        title=f"Installed {tech} capacity by province, {years} (MW)",
        source="China Electricity Council, via PyPSA-China", licence=(
            "per PyPSA-China's repository (MIT code; data CC-BY-4.0 or CC0 as marked there)"),
        citation=_PYPSA, units="MW", region_type="China province (GB/T 2260 code after "
        "normalisation)", activity_type=f"energy technology (constant: {tech})",
        roles={"region": id_column}, constants={"activity": tech}, sha256=sha,
        origin=_PYPSA + "; " + _NO_URL, normalise="china")


ENTRIES: tuple[Dataset, ...] = (
    Dataset(
        name="pyecomplexity_trade", file="pyecomplexity_trade_data_sample.csv",
        title="Exports of 10 countries x 30 HS92 products, 1995-1996 (py-ecomplexity sample)",
        source="py-ecomplexity test fixture tests/fixtures/trade_data_sample.csv; UN Comtrade "
        "via the Atlas of Economic Complexity", licence="MIT", citation=_PYECX, units="USD",
        region_type="country (ISO 3166-1 alpha-3, lower case; blx = Belgium-Luxembourg)",
        activity_type="HS 1992 4-digit product",
        roles={"time": "year", "region": "origin", "activity": "hs92", "value": "export_val"},
        dtype={"hs92": str}, sha256=(
            "ee2d6a47c248ba6e886e7a3b0d2c1ae273afbedfe585df85aca5837b8a89cbb8"),
        url=f"{_GH}/600401b75c83ff183a7e6e7d9df659695b785e94/tests/fixtures/trade_data_sample.csv",
        origin=_PYECX),
    Dataset(
        name="stata_ecomplexity_ground_truth", file="stata_ecomplexity_ground_truth_default.csv",
        title="Growth Lab Stata ecomplexity output on the py-ecomplexity sample",
        source="py-ecomplexity test fixture tests/fixtures/stata_ground_truth.csv: output of "
        "Stata `ecomplexity export_val, i(origin) p(hs92) t(year)`", licence="MIT",
        citation=_PYECX, units="USD (export_val as Stata stored it, float precision)",
        region_type="country (ISO 3166-1 alpha-3, lower case)",
        activity_type="HS 1992 4-digit product",
        roles={"time": "year", "region": "origin", "activity": "hs92", "value": "export_val"},
        dtype={"hs92": str}, sha256=(
            "0670ce224e6021e6208a5d7848f70e99153cccb4d284ede51afe23e5150d8f6e"),
        url=f"{_GH}/554cc5dc0d9fe5b72adee54b5cd64fb4953d0a20/tests/fixtures/stata_ground_truth.csv",
        origin=_PYECX, notes="The panel holds export_val; the reference columns (rca, M, density, "
        "eci, pci, diversity, ubiquity, coi, cog) are read with load_table()."),
    Dataset(
        name="us_gva", file="us_state_x_bea_industry_gva_2007_2019.csv.gz",
        title="US gross value added by state and BEA industry line, 2007-2019",
        source="US Bureau of Economic Analysis, GDP by state and industry, via USEPA stateior",
        licence="public domain (BEA); stateior MIT", citation=_STATEIOR, units="USD",
        region_type="US state name (50 states and DC)",
        activity_type="BEA state GDP line code (hierarchical; see level=)",
        roles={"time": "year", "region": "geo", "activity": "linecode", "value": "gva_usd"},
        dtype={"linecode": str}, exclude_regions=("United States *",),
        levels={"sector": lambda c: int(c) in GVA_SECTOR,
                "detail": lambda c: int(c) in GVA_DETAIL},
        default_level="sector", missing="zero", sha256=(
            "5ad594d07497f4aa3149a59d156bfa834fe7a273a663e31a7f7eb2475ff1ab2e"),
        origin=_STATEIOR + "; " + _NO_URL, notes=(
            "Line codes are a hierarchy (1 = all industry total, 2 = private industries, ...); "
            "summing all of them double counts. level='sector' keeps the 20 lines that add up "
            "to line 1: 3, 6, 10, 11, 12, 34, 35, 36, 45, 51, 56, 60, 64, 65, 69, 70, 76, 79, 82, "
            "83 (within 1e-5 where none is suppressed; 8 of these cells are suppressed). "
            "level='detail' keeps the 65 most detailed lines (5,944 suppressed cells). "
            "Suppressed values (empty in the file, about 10% of rows) are counted as zero "
            "(missing='zero'), so suppressed cells understate their parent. The national row "
            "'United States *' is left out (it is not a state).")),
    Dataset(
        name="us_employment", file="us_state_x_bea_industry_employment_2009_2018.csv.gz",
        title="US employment by state and BEA industry line, 2009-2018",
        source="US Bureau of Economic Analysis, state employment by industry (line codes as in "
        "BEA's SAEMP25N table), via USEPA stateior", licence="public domain (BEA); stateior MIT",
        citation=_STATEIOR, units="jobs (full-time and part-time)",
        region_type="US state FIPS code (two digits + 000; 50 states and DC)",
        activity_type="BEA employment line code (hierarchical; see level=)",
        roles={"time": "year", "region": "geofips", "activity": "linecode",
               "value": "employment"},
        dtype={"geofips": str, "linecode": str},
        exclude_regions=("00000", "91000", "92000", "93000", "94000", "95000", "96000",
                         "97000", "98000"),
        levels={"sector": lambda c: str(c) in EMP_SECTOR}, default_level="sector",
        missing="zero", sha256="32634d566f5a96671df7de96409940c02ecac29aefbba321b20123c29c3f6e10",
        origin=_STATEIOR + "; " + _NO_URL, notes=(
            "level='sector' keeps farm employment (70), the private non-farm industries "
            "(100-1900) and government (2000), which add up exactly to line 10, total "
            "employment, where none is suppressed (90 suppressed cells, counted as zero). The "
            "national total (00000) and the eight BEA regions (91000-98000) are left out.")),
    Dataset(
        name="us_crosswalk_employment",
        file="us_stateior_Crosswalk_StateEmploymenttoBEASummaryIO2012Schema.csv",
        title="BEA state employment line codes to BEA 2012 summary industries",
        source="USEPA stateior crosswalk", licence="MIT", citation=_STATEIOR, units="",
        region_type="", activity_type="BEA line code -> BEA 2012 summary code", roles={},
        kind="crosswalk", sha256=(
            "1182fb0aa77e1febc93aea78229cac6b52fc582708f3a66967553c3a16934340"),
        origin=_STATEIOR + "; " + _NO_URL,
        notes=("Not one-to-one: line codes 1101, 2001, 2011 and 2012 map to two summary codes "
               "each. Its line 50 'Farm employment' is line 70 in us_employment, where 50 is "
               "farm proprietors (US 2009: line 50 = 1,884,000, line 70 = 2,624,000): check "
               "the numbering before joining.")),
    Dataset(
        name="us_crosswalk_gva", file="us_stateior_Crosswalk_StateGVAtoBEASummaryIO2012Schema.csv",
        title="BEA state GVA line codes to BEA 2012 summary industries",
        source="USEPA stateior crosswalk", licence="MIT", citation=_STATEIOR, units="",
        region_type="", activity_type="BEA line code -> BEA 2012 summary code", roles={},
        kind="crosswalk", sha256="0f8f3796b61f119a33022f9ae9d2e26c150da1d4725abf1ee8c16ccc8a458407",
        origin=_STATEIOR + "; " + _NO_URL),
    Dataset(
        name="us_naics_exports", file="us_state_x_naics_exports_2013_2018.csv.gz",
        title="US state goods exports by NAICS code, 2013-2018",
        source="US Census Bureau state export data, via USEPA stateior",
        licence="public domain (Census); stateior MIT", citation=_STATEIOR, units="USD",
        region_type="US state name (50 states and DC)",
        activity_type="NAICS code (mixed 2/3/4 digits; see level=)",
        roles={"time": "Year", "region": "State", "activity": "NAICS", "value": "Value"},
        dtype={"NAICS": str}, levels={"2": _naics(2), "3": _naics(3), "4": _naics(4)},
        default_level="4",
        sha256="6b78ec092aee316e592f9cc16ab7d3303f392b166b857859aba918ad503b8ffd",
        origin=_STATEIOR + "; " + _NO_URL, notes=(
            "The file mixes levels: '-' (all), '31-33' (manufacturing), 2-, 3- and 4-digit "
            "codes. Each of level='2', '3', '4' (the default) adds up exactly to '-'.")),
    Dataset(
        name="aus_sa3_employment", file="aus_sa3_x_anzsic3_employment_2011_2016_2021.csv.gz",
        title="Australian employment by place of work, SA3 x ANZSIC 3-digit, censuses 2011, "
        "2016, 2021", source="Australian Bureau of Statistics, Census (TableBuilder), via "
        "complexitydata", licence="MIT (complexitydata); ABS data CC BY 4.0",
        citation=_CXD, units="persons employed", region_type="ABS SA3 name",
        activity_type="ANZSIC 3-digit industry name (with 'nfd' and 'not stated' residuals)",
        roles={"time": "year", "region": "sa3", "activity": "indp", "value": "count"},
        sha256="8b2578155e00f89ffbe44a357b5bbaa394393229f5a843063b95abb2482f1678",
        origin=_CXD + " (R data sa3_indp3); " + _NO_URL, notes=(
            "Residual labels ('..., nfd', 'not stated', 'inadequately described') are kept as "
            "activities; drop them with Panel.select if they should not count.")),
    Dataset(
        name="aus_hs4_exports", file="aus_state_x_hs4_exports_1988_2023.csv.gz",
        title="Australian state goods exports by HS4 product, 1988-2023",
        source="ABS / Queensland Government Statistician's Office, via complexitydata",
        licence="MIT (complexitydata); ABS data CC BY 4.0", citation=_CXD, units="AUD",
        region_type="Australian state or territory (abbreviation)",
        activity_type="HS 4-digit (first 4 digits of AHECC)",
        roles={"time": "year", "region": "state", "activity": "hs4", "value": "export_aud"},
        dtype={"hs4": str}, exclude_regions=("RX", "CND"),
        sha256="7a99cbf7860fdb778e7d304cff558afc3f677c8f5f6f2d457e273f732e907deb",
        origin=_CXD + " (R data state_exports_data); " + _NO_URL, notes=(
            "The pseudo-states 'RX' (re-exports) and 'CND' (confidential, not distributed; the "
            "only rows with negative values, on hs4 9999) are left out.")),
    Dataset(
        name="aus_services_exports", file="aus_state_services_exports_1999_2022.csv",
        title="Australian state services exports by category, 1999-2022",
        source="Australian Bureau of Statistics, via complexitydata",
        licence="MIT (complexitydata); ABS data CC BY 4.0", citation=_CXD, units="AUD",
        region_type="Australian state or territory (abbreviation)",
        activity_type="services category (financial, ict, other, transport, travel)",
        roles={"time": "year", "region": "location_code", "activity": "hs_product_code",
               "value": "export_value"},
        sha256="521ca632b993d30659d0356987ffbbc23dad8010b856cd9e305a4c310ff6aa54",
        origin=_CXD + " (R data state_service_data); " + _NO_URL),
    Dataset(
        name="reat_germany_employment", file="reat_G.regions.emp.csv",
        title="German states x 10 sectors, employment 2008-2014",
        source="Destatis (German Federal Statistical Office), via the REAT R package",
        licence="GPL >= 2 (REAT)", citation=_REAT, units="persons employed",
        region_type="German state (Land) name", activity_type="WZ 2008 sector group (German)",
        roles={"time": "year", "region": "region", "activity": "industry", "value": "emp"},
        exclude_regions=("Insgesamt",),
        exclude_activities=("Insgesamt", "Verarbeitendes Gewerbe (C)"),
        sha256="ffcd44d18c76e77219fc7a218b35210e54eb1ea36ec4fc9e518afefe899f3d95",
        origin="REAT on CRAN (data G.regions.emp); " + _NO_URL, notes=(
            "Totals are left out: the region 'Insgesamt' (Germany) and the industry "
            "'Insgesamt'; 'Verarbeitendes Gewerbe (C)' is left out because it is part of "
            "'Produzierendes Gewerbe ohne Baugewerbe (B-E)'. The 10 remaining sectors add up "
            "to the total within 0.13%.")),
    Dataset(
        name="reat_germany_industries", file="reat_G.regions.industries.csv",
        title="German states x 17 WZ 2008 sections: firms and employment, 2015",
        source="Destatis, via the REAT R package", licence="GPL >= 2 (REAT)", citation=_REAT,
        units="persons employed (emp_all) or enterprises (firms)",
        region_type="German state (Land) code", activity_type="WZ 2008 section (WZ08-B ...)",
        roles={"time": "year", "region": "region_code", "activity": "ind_code",
               "value": "emp_all"}, values=("emp_all", "firms"),
        sha256="082b495b19d591bd362c13a6131b0875cfced8b38bec8934cb35cf846944835a",
        origin="REAT on CRAN (data G.regions.industries); " + _NO_URL),
    Dataset(
        name="reat_eu28_employment", file="reat_EU28.emp.csv",
        title="30 European countries x 10 NACE Rev. 2 section groups, employees 2007-2016",
        source="Eurostat (employees, SAL_DC, thousand persons), via the REAT R package",
        licence="GPL >= 2 (REAT); Eurostat data CC BY 4.0", citation=_REAT,
        units="thousand persons", region_type="Eurostat country code (EL = Greece, UK)",
        activity_type="NACE Rev. 2 section group (A, B-E, F, G-I, J, K, L, M_N, O-Q, R-U)",
        roles={"time": "time", "region": "geo", "activity": "nace_r2", "value": "emp1000"},
        missing="zero", sha256="639a88654912a6d2e38ca6ee6fb6dc4af4a0f2a41107384785d26b24a100112a",
        origin="REAT on CRAN (data EU28.emp); " + _NO_URL,
        notes="Iceland 2007 is empty in the file (10 cells, counted as zero: Iceland is absent "
              "that year)."),
    Dataset(
        name="ionet_china_io_2017", file="ionet_china_2017_42.csv", layout="io_table",
        title="China input-output table 2017, 42 sectors: gross output by sector",
        source="National Bureau of Statistics of China, via the ionet R package",
        licence="GPL >= 3 (ionet)", citation=_IONET, units="10,000 yuan (万元)",
        region_type="China (one region, 'CN')", activity_type="NBS 42-sector IO code (01-42)",
        roles={"activity": "Code", "value": "GO"}, constants={"region": "CN", "time": 2017},
        values=("GO", "TIU", "EX", "TC"),
        sha256="aca12093644b82ba4734e0a03c2f9638ac3e7afd2b791ebd8c6e4c60b1dbc2de",
        origin="ionet on CRAN; " + _NO_URL, notes=(
            "The panel is one column of the table (value=: GO gross output by default, TIU "
            "total intermediate use, EX exports, TC total consumption) over the 42 'Domestic' "
            "rows; load_table() gives the whole table (imports rows, value added).")),
    Dataset(
        name="ionet_china_io_2020", file="ionet_china_2020_42.csv", layout="io_table",
        title="China input-output table 2020, 42 sectors: gross output by sector",
        source="National Bureau of Statistics of China, via the ionet R package",
        licence="GPL >= 3 (ionet)", citation=_IONET, units="10,000 yuan (万元)",
        region_type="China (one region, 'CN')", activity_type="NBS 42-sector IO code (01-42)",
        roles={"activity": "Code", "value": "GO"}, constants={"region": "CN", "time": 2020},
        values=("GO", "TIU", "EX", "TC"),
        sha256="856e892cca6771167b3a2ce63b32e98a7cbd0978e623ae418d06afd47d2f5eb4",
        origin="ionet on CRAN; " + _NO_URL),
    Dataset(
        name="ionet_china_employment", file="ionet_china_employment.csv", layout="wide_years",
        title="China employment by GB/T 4754 section and division, 1990-2018",
        source="National Bureau of Statistics of China, via the ionet R package",
        licence="GPL >= 3 (ionet)", citation=_IONET, units="10,000 persons",
        region_type="China (one region, 'CN')",
        activity_type="GB/T 4754 section (A-T) or ionet division code (letter + 2 digits)",
        roles={"activity": "Code"}, constants={"region": "CN"}, dtype={"Code": str},
        levels={"section": lambda c: len(str(c)) == 1, "division": _ionet_division},
        default_level="section",
        sha256="e6893f8a9b3d7063b9715c8c5033bc34ec4d383fe75d5e8050d1111ef81d474e",
        origin="ionet on CRAN; " + _NO_URL, notes=(
            "level='section': the 20 GB/T 4754 sections, which add up to the total (TOT) within "
            "0.01%. level='division': ionet's divisions (A01 ... S06, numbered within each "
            "section, not GB/T's two-digit codes) plus the sections without divisions "
            "(K, P, T).")),
    _china_capacity("china_solar_capacity", "china/solar_capacity_MW_2010_2015_2020.csv",
                    "solar", "0a0e8a94b614e2cbbec7b687c7329d9c11ee97f8719af83bed1053d00dfec2a2"),
    _china_capacity("china_onwind_capacity", "china/onwind_capacity_MW_2010_2015_2020.csv",
                    "onshore wind",
                    "ab0b57980329e2f04ad9b119e99a6af14e96be843992654db00e80a699bed04e"),
    _china_capacity("china_offwind_capacity", "china/offwind_capacity_MW_2010_2015_2020.csv",
                    "offshore wind",
                    "bc6a39b65d3dd2d7e2d7f7d2ab02c44baf6689e39c47b0f081f1c1043d6c97f6"),
    _china_capacity("china_coal_capacity", "china/coal_capacity_MW_1995_2020.csv", "coal",
                    "df404665c0fdc11f7acef6b5cb77eeec8827e40620cea23f9ef05a94266ad855",
                    years="1995-2020 (5-yearly)"),
    _china_capacity("china_chp_capacity", "china/CHP_capacity_MW_1995_2020.csv",
                    "combined heat and power",
                    "60965022128f0f3cfd8f664d830f0d8354512afa50940588bb5e6edafeca53f7",
                    id_column="Province", years="1995-2020 (5-yearly)"),
    Dataset(
        name="china_population_2020", file="china/population_2020_10k.csv", layout="wide_years",
        title="Population by province, 2020", source="NBS China Statistical Yearbook, via "
        "PyPSA-China", licence="not stated in the reference data README (NBS statistics via "
        "PyPSA-China; see that repository)", citation=_PYPSA,
        units="thousand persons (the file name says 10k, but the values are ten times NBS's "
        "10,000-person figures: Beijing 21890 = 21.89 million)",
        region_type="China province (GB/T 2260 code after normalisation)",
        activity_type="population (constant)", roles={"region": "Region"},
        constants={"activity": "population"}, normalise="china",
        sha256="5236444602788d4c5ed05be2b5ad8386d04ec2114c68f8f16caac1d803d40e0c",
        origin=_PYPSA + "; " + _NO_URL),
    Dataset(
        name="china_population_yearbook",
        file="china/China_Statistics_Yearbook_population_10k_2000_2019.csv",
        layout="wide_years", title="Year-end population by province, 2000-2019",
        source="NBS China Statistical Yearbook, via umd-cgs/gcam-china (commit "
        "99a28acdb391c52e880400adf12a079b954e500b)", licence="not stated in the reference "
        "data README (NBS statistics via gcam-china; see that repository)",
        citation="umd-cgs/gcam-china, input/gcamdata/inst/extdata/gcam-china/"
        "China_Statistics_Yearbook.csv", units="10,000 persons",
        region_type="China province (GB/T 2260 code after normalisation)",
        activity_type="population (constant)", roles={"region": "Region"},
        constants={"activity": "population"}, comment="#", exclude_regions=("National Total",),
        normalise="china", sha256=(
            "36424f88f569d309c8d5c10a3a99248b6dcc0295a986fc0e5faffdd806958ba6"),
        origin="https://github.com/umd-cgs/gcam-china; " + _NO_URL,
        notes="The 'National Total' row is left out (it is not a province)."),
)
