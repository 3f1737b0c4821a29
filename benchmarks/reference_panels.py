"""The reference panels of the backtest report, with every cleaning decision stated.

Used by ``benchmarks/backtest_report.py``, ``benchmarks/bench_planning.py`` and the
reference-data tests. The files are read in place from the reference data folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from advantage.panel import Panel

#: BEA line codes of the most detailed level that partitions "All industry total" (line 1):
#: the leaves of the hierarchy (65 industries).
US_GVA_LEAVES = (
    [4, 5, 7, 8, 9, 10, 11] + list(range(14, 25)) + list(range(26, 34)) + [34, 35]
    + list(range(37, 45)) + list(range(46, 50)) + list(range(52, 56))
    + [57, 58, 61, 62, 63, 64, 66, 67, 69, 71, 72, 73, 74, 77, 78, 80, 81, 82, 84, 85, 86]
)


@dataclass(frozen=True)
class ReferencePanel:
    """A loaded panel, its backtest horizon and what was done to the raw file."""

    name: str
    file: str
    panel: Panel
    horizon: int | str
    notes: tuple[str, ...]


def us_state_gva(folder: Path) -> ReferencePanel:
    """US state value added by BEA industry, 65 leaf line codes, 2007-2017."""
    raw = pd.read_csv(folder / "us_state_x_bea_industry_gva_2007_2019.csv.gz")
    states = raw[~raw["geo"].str.startswith("United States")]
    leaves = states[states["linecode"].isin(US_GVA_LEAVES) & (states["year"] <= 2017)]
    suppressed = float(leaves["gva_usd"].isna().mean())
    panel = Panel.from_long(leaves, region="geo", activity="linecode", value="gva_usd",
                            time="year", missing="zero")
    notes = (
        "activities: the 65 leaf BEA line codes, which add up to line 1 (all industry total)",
        "2018 and 2019 dropped: at this level they publish only ~22% of the total "
        "(the rest is suppressed), so they would be mostly zeros",
        f"remaining suppressed cells ({100 * suppressed:.2f}% of 2007-2017) treated as zero "
        "(missing='zero')",
        "regions: 50 states + DC (the US total row dropped)",
    )
    return ReferencePanel("US state value added (BEA)", "us_state_x_bea_industry_gva_2007_2019"
                          ".csv.gz", panel, 3, notes)


def us_state_exports(folder: Path) -> ReferencePanel:
    """US state goods exports at 4-digit NAICS, 2013-2018."""
    raw = pd.read_csv(folder / "us_state_x_naics_exports_2013_2018.csv.gz",
                      dtype={"NAICS": str})
    four = raw[raw["NAICS"].str.fullmatch(r"\d{4}")]
    panel = Panel.from_long(four, region="State", activity="NAICS", value="Value", time="Year")
    notes = ("activities: the 107 4-digit NAICS codes (the file mixes 2-, 3- and 4-digit rows; "
             "the 4-digit rows add up to the same total as the 2-digit ones)",)
    return ReferencePanel("US state exports (Census, NAICS4)", "us_state_x_naics_exports_"
                          "2013_2018.csv.gz", panel, 2, notes)


def aus_state_exports(folder: Path) -> ReferencePanel:
    """Australian state goods exports by HS4, 1988-2023, without the RX and CND rows."""
    raw = pd.read_csv(folder / "aus_state_x_hs4_exports_1988_2023.csv.gz", dtype={"hs4": str})
    kept = raw[~raw["state"].isin(["RX", "CND"])]
    panel = Panel.from_long(kept, region="state", activity="hs4", value="export_aud",
                            time="year")
    notes = ("dropped the pseudo-states RX (re-exports) and CND (confidential, which also "
             "holds every negative value)", "8 states and territories; HS4 = first 4 digits "
             "of AHECC (including 9999, commodities not elsewhere specified)")
    return ReferencePanel("Australian state exports (HS4)", "aus_state_x_hs4_exports_1988_2023"
                          ".csv.gz", panel, 5, notes)


def aus_sa3_employment(folder: Path) -> ReferencePanel:
    """Australian SA3 employment by 3-digit ANZSIC, census years 2011, 2016, 2021."""
    raw = pd.read_csv(folder / "aus_sa3_x_anzsic3_employment_2011_2016_2021.csv.gz")
    residual = raw["indp"].str.contains(r", nfd$|not stated|inadequately described",
                                        case=False, regex=True)
    kept = raw[~residual]
    panel = Panel.from_long(kept, region="sa3", activity="indp", value="count", time="year")
    notes = (f"dropped {raw.loc[residual, 'indp'].nunique()} residual labels ('..., nfd' = not "
             "further defined) that are not industries", "census years: horizon 'next' pairs "
             "2011->2016 and 2016->2021")
    return ReferencePanel("Australian SA3 employment (ANZSIC3)", "aus_sa3_x_anzsic3_employment_"
                          "2011_2016_2021.csv.gz", panel, "next", notes)


def us_state_employment(folder: Path) -> ReferencePanel:
    """US state employment by BEA industry, the 91 line codes of stateior's crosswalk."""
    raw = pd.read_csv(folder / "us_state_x_bea_industry_employment_2009_2018.csv.gz",
                      dtype={"geofips": str})
    crosswalk = pd.read_csv(
        folder / "us_stateior_Crosswalk_StateEmploymenttoBEASummaryIO2012Schema.csv")
    leaves = set(crosswalk["LineCode"]) & set(raw["linecode"])
    # 00000 is the US total; 91000-98000 are the eight BEA regions
    states = raw[(raw["geofips"] != "00000") & (raw["geofips"] < "60000")]
    kept = states[states["linecode"].isin(leaves)]
    suppressed = float(kept["employment"].isna().mean())
    panel = Panel.from_long(kept, region="geo", activity="linecode", value="employment",
                            time="year", missing="zero")
    notes = (
        f"activities: the {len(leaves)} line codes that stateior's crosswalk maps to BEA "
        "summary industries (the leaves of the hierarchy; about 93% of total employment, "
        "the rest being proprietors' and other rows outside the crosswalk)",
        f"suppressed cells ({100 * suppressed:.2f}%) treated as zero (missing='zero')",
        "regions: 50 states + DC (the US total and the eight BEA regions dropped)",
    )
    return ReferencePanel("US state employment (BEA)", "us_state_x_bea_industry_employment_"
                          "2009_2018.csv.gz", panel, 3, notes)


def aus_exports_decades(folder: Path) -> ReferencePanel:
    """Australian state HS4 exports in 1988, 2003 and 2018 only: three periods 15 years apart.

    A stand-in for world-trade and census-style planning data, where a few periods decades
    apart are all there is.
    """
    full = aus_state_exports(folder)
    panel = full.panel.select(times=[1988, 2003, 2018])
    notes = (*full.notes, "only 1988, 2003 and 2018 kept (three periods 15 years apart); "
             "horizon 'next' pairs 1988->2003 and 2003->2018")
    return ReferencePanel("Australian state exports (HS4), three periods 15 years apart",
                          full.file, panel, "next", notes)


def china_provincial_io(folder: Path) -> ReferencePanel:
    """China's provincial gross output by 38 harmonised sectors, 2002/2007/2012/2017.

    Read with :func:`advantage.io.catalogue.load_panel` from the data folder; regions are the
    provinces' English names.
    """
    from advantage.io.catalogue import load_panel

    del folder  # the catalogue finds the data folder itself
    panel, notes = load_panel("china_provincial_io", measure="gross_output")
    notes = [*notes, "38 sectors harmonised across the four years "
             "(advantage.reference.china_io); Tibet's 2002 and 2007 tables are missing; "
             "horizon 'next' pairs 2007->2012 and 2012->2017"]
    return ReferencePanel("China provincial gross output (38 IO sectors)",
                          "china/provincial_io", panel, "next", tuple(notes))


LOADERS = (us_state_gva, us_state_exports, aus_state_exports, aus_sa3_employment)
