"""China's provincial input-output tables: published GDP, accounting identities, harmonisation.

Reference values: provincial GDP as published in the China Statistical Yearbook 2018
(National Bureau of Statistics of China), table 3-9 "Gross Regional Product (2017)", 100
million yuan; the data folder's own files (``china/provincial_io_42sec_2002_2017_*``); hand
sums in the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError
from advantage.io import read_china_io
from advantage.io.china_io import region_alias
from advantage.measures.linkages import leontief_inverse, technical_coefficients
from advantage.reference.china_io import IO_YEARS, io_concordance

pytestmark = pytest.mark.data

# China Statistical Yearbook 2018, table 3-9, gross regional product 2017 (亿元, 100 million
# yuan, two decimals). Only provinces whose 2017 table adds up to this first release are listed:
# the tables of Guangdong, Zhejiang, Shandong, Inner Mongolia, Anhui and ten others sum to
# other figures (by 0.3% to 8%; presumably other vintages of GDP, not checked here), so they
# are left out rather than compared loosely.
GDP_2017 = {
    "Beijing": 28014.94, "Tianjin": 18549.19, "Hebei": 34016.32, "Shanxi": 15528.42,
    "Liaoning": 23409.24, "Heilongjiang": 15902.68, "Shanghai": 30632.99,
    "Jiangsu": 85869.76, "Henan": 44552.83, "Hubei": 35478.09, "Hunan": 33902.96,
    "Hainan": 4462.54, "Chongqing": 19424.73, "Guizhou": 13540.83, "Yunnan": 16376.34,
    "Qinghai": 2624.83,
}


@pytest.fixture(scope="module")
def tables(shared_data):
    return read_china_io(shared_data / "china" / "provincial_io_42sec_2002_2017_flows.csv.gz")


@pytest.fixture(scope="module")
def totals(shared_data):
    return pd.read_csv(shared_data / "china" / "provincial_io_42sec_2002_2017_totals.csv.gz",
                       dtype={"gb2260": str, "sector_code": str})


def test_value_added_adds_up_to_published_gdp(tables) -> None:
    va = tables.long("value_added", [2017]).groupby("region")["value"].sum() / 1e4  # 亿元
    for region, gdp in GDP_2017.items():
        # the yearbook rounds to 0.01 亿元; the tables' own rounding adds a few 万元
        assert va[region] == pytest.approx(gdp, abs=0.015), region


def test_gross_output_equals_total_input(tables) -> None:
    flows = tables.flows
    sectors = flows["row"].str.fullmatch(r"\d{2}")
    go = flows[sectors & (flows["column"] == "GO")].set_index(["year", "gb2260", "row"])
    ti = flows[(flows["row"] == "TI") & flows["column"].str.fullmatch(r"\d{2}")]
    ti = ti.set_index(["year", "gb2260", "column"])
    joined = pd.DataFrame({"go": go["value"], "ti": ti["value"].rename_axis(go.index.names)})
    by_province = joined.groupby(level=["year", "gb2260"]).sum()
    # province totals agree to 1.2e-8 in the published tables (2002 is the least exact)
    assert_allclose(by_province["go"], by_province["ti"], rtol=2e-8)
    # and no sector's gap exceeds 1e-5 of its province's gross output (Jiangsu 2002 sector
    # 38: 1,790 万元 of 3.3e8)
    gaps = (joined["go"] - joined["ti"]).abs().groupby(level=["year", "gb2260"]).max()
    assert (gaps / by_province["go"]).max() < 1e-5


def test_intermediate_inputs_plus_value_added_equal_total_input(tables) -> None:
    for year in IO_YEARS:
        table = tables.table("Jiangsu", year, harmonised=False)
        inputs = table.flows.sum(axis=0) + table.value_added.sum(axis=0)
        raw = tables.flows[(tables.flows["year"] == year) & (tables.flows["gb2260"] == "320000")
                           & (tables.flows["row"] == "TI")].set_index("column")["value"]
        # VA001-VA004 add up to TVA to within 2 万元 in every published cell
        assert_allclose(inputs.to_numpy(), raw.loc[inputs.index].to_numpy(), atol=3.0)


def test_harmonisation_preserves_every_total(tables, totals) -> None:
    for measure, code in (("gross_output", "gross_output_GO"), ("value_added", "TVA")):
        ours = tables.long(measure).groupby(["time", "region_code"])["value"].sum()
        raw = totals[totals["measure"] == code].groupby(["year", "gb2260"])["value"].sum()
        assert len(ours) == len(raw) == 30 + 30 + 31 + 31
        assert_allclose(ours.to_numpy(), raw.loc[ours.index].to_numpy(), rtol=1e-12)


def test_a_merged_sector_is_the_sum_of_its_parts(tables, totals) -> None:
    # Beijing 2012: harmonised 16 = 通用设备 (16) + 专用设备 (17); 2002: 32 = 34 + 35 (tourism)
    go = tables.long("gross_output").set_index(["time", "region", "activity"])["value"]
    raw = totals[(totals["measure"] == "gross_output_GO") & (totals["gb2260"] == "110000")]
    raw = raw.set_index(["year", "sector_code"])["value"]
    assert go[(2012, "Beijing", "16")] == pytest.approx(raw[(2012, "16")] + raw[(2012, "17")])
    assert go[(2002, "Beijing", "32")] == pytest.approx(raw[(2002, "34")] + raw[(2002, "35")])


def test_the_totals_file_is_the_flows_tables_margins(tables, totals) -> None:
    codes = {"gross_output_GO": ("column", "GO"), "TVA": ("row", "TVA"),
             "EX": ("column", "EX"), "IF": ("column", "IF"), "NOF": ("column", "NOF"),
             "FU302": ("column", "FU302")}
    flows = tables.flows
    for measure, (axis, code) in codes.items():
        mine = flows[flows[axis] == code]
        sector = "column" if axis == "row" else "row"
        mine = mine[mine[sector].str.fullmatch(r"\d{2}")].set_index(["year", "gb2260", sector])
        theirs = totals[totals["measure"] == measure].set_index(["year", "gb2260",
                                                                 "sector_code"])["value"]
        assert len(theirs) == len(mine), measure
        assert_allclose(mine["value"].loc[theirs.index].to_numpy(), theirs.to_numpy(),
                        rtol=1e-12, err_msg=measure)


def test_coverage_and_what_each_year_records(tables) -> None:
    assert tables.years == list(IO_YEARS)
    assert [len(tables.regions(y)) for y in IO_YEARS] == [30, 30, 31, 31]
    assert "540000" not in tables.regions(2002) and "540000" not in tables.regions(2007)
    assert "540000" in tables.regions(2012)
    with pytest.raises(AdvantageError, match=r"Tibet has no table for 2007; its tables cover "
                                             r"2012, 2017"):
        tables.table("西藏", 2007)
    with pytest.raises(AdvantageError, match=r"'outflow' is not recorded in 2002; it is "
                                             r"recorded in 2012, 2017; 2002 records only"):
        tables.long("outflow", [2002])
    with pytest.raises(AdvantageError, match="'exports' is not recorded in 2007.*total_outflow"):
        tables.long("exports", [2007, 2017])
    with pytest.raises(AdvantageError, match="year 2010 has no provincial tables"):
        tables.long("gross_output", [2010])
    with pytest.raises(AdvantageError, match="measure='gdp' is not valid"):
        tables.long("gdp")
    assert sorted(tables.long("exports")["time"].unique()) == [2012, 2017]
    assert sorted(tables.long("total_inflow")["time"].unique()) == [2007, 2012, 2017]
    assert sorted(tables.long("net_outflow")["time"].unique()) == list(IO_YEARS)


def test_negative_cells_are_reported_not_hidden(tables) -> None:
    negative = tables.negative_cells("value_added")
    # the four negative value-added cells of the published tables
    assert sorted(zip(negative["time"], negative["region"], negative["sector_code"],
                      strict=True)) == [(2002, "Inner Mongolia", "24"), (2002, "Jilin", "13"),
                                        (2007, "Xinjiang", "11"), (2017, "Hainan", "18")]
    with pytest.raises(AdvantageError, match="4 harmonised cells of 'value_added' are "
                                             "negative as published"):
        tables.panel("value_added")
    panel = tables.panel("value_added", negative="zero")
    assert panel.shape == (4, 31, 38)
    long = tables.long("value_added")
    kept = long["value"].clip(lower=0).groupby(long["time"]).sum()
    assert_allclose(panel.cube.sum(axis=(1, 2)), kept.to_numpy(), rtol=1e-12)


def test_long_table_columns_and_panel_labels(tables) -> None:
    long = tables.long("gross_output", ["2017"])
    assert list(long.columns) == ["time", "region", "region_code", "region_zh", "activity",
                                  "activity_zh", "activity_en", "value"]
    ningxia = long[long["region_code"] == "640000"]
    assert set(ningxia["region"]) == {"Ningxia"} and set(ningxia["region_zh"]) == {"宁夏"}
    assert ningxia["activity"].tolist() == [f"{i:02d}" for i in range(1, 39)]
    panel = tables.panel("gross_output", [2017])
    for alias in ("宁夏", "Ningxia", "640000", 640000, "宁夏回族自治区"):
        assert panel.match("region", alias, aliases=region_alias) == ["Ningxia"]


def test_a_province_table_balances_and_gives_linkages(tables) -> None:
    for alias in ("宁夏", "Ningxia", "640000"):
        table = tables.table(alias, 2017)
        assert table.region == "Ningxia" and table.flows.shape == (38, 38)
    # row balance: intermediate + final use - (inflow + imports) = gross output
    uses = table.flows.sum(axis=1) + table.final_use.sum(axis=1) - table.outside.sum(axis=1)
    assert_allclose(uses.to_numpy(), table.output.to_numpy(), rtol=1e-6, atol=1.0)
    # Leontief identity on the produced sectors: x = L f, f = x - Z 1
    keep = table.produced()
    z, x = table.flows.loc[keep, keep], table.output.loc[keep]
    inverse = leontief_inverse(technical_coefficients(z, x))
    assert_allclose(inverse.to_numpy() @ (x - z.sum(axis=1)).to_numpy(), x.to_numpy(),
                    rtol=1e-9)
    out = table.linkages()
    assert out["backward"].mean() == pytest.approx(1.0, rel=1e-12)
    local = table.linkages(block="local")
    # buying inputs from outside weakens local backward linkages: the column sums of the
    # local inverse are smaller
    assert (local["output_multiplier"] <= out["output_multiplier"] + 1e-12).all()
    share = table.outside_share()
    assert ((share >= 0) & (share <= 1)).all()
    with pytest.raises(AdvantageError, match="records no inflow or imports by product"):
        tables.table("Ningxia", 2002).outside_share()
    assert list(tables.table("Ningxia", 2007).outside.columns) == ["inflow_and_imports"]


def test_harmonised_table_sums_the_original_one(tables) -> None:
    original = tables.table("Guangdong", 2012, harmonised=False)
    harmonised = tables.table("Guangdong", 2012)
    mapping = io_concordance(2012)
    merged = original.flows.T.groupby(mapping).sum().T.groupby(mapping).sum()
    assert_allclose(harmonised.flows.to_numpy(), merged.to_numpy(), rtol=1e-12)
    assert harmonised.flows.to_numpy().sum() == pytest.approx(original.flows.to_numpy().sum())
    assert np.isclose(harmonised.output.sum(), original.output.sum(), rtol=1e-12)


def test_the_one_empty_published_cell_stays_empty(tables) -> None:
    # Guangxi 2002 has no operating surplus (VA004) for sector 42 in the published table
    original = tables.table("广西", 2002, harmonised=False).value_added
    assert original.isna().sum().sum() == 1 and np.isnan(original.loc["VA004", "42"])
    harmonised = tables.table("广西", 2002).value_added
    assert harmonised.isna().sum().sum() == 1 and np.isnan(harmonised.loc["VA004", "38"])
    assert not tables.table("广西", 2002).flows.isna().any().any()
