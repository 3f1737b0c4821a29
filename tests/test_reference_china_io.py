"""The harmonised sector list of China's provincial input-output tables.

Reference facts: the four years' 42-sector lists (the data folder's
``china/provincial_io_42sec_names_by_year.csv``, from CHNIO's raw workbooks) and the merges
documented in :mod:`advantage.reference.china_io`.
"""

from __future__ import annotations

import pandas as pd
import pytest

from advantage import AdvantageError
from advantage.reference.china_io import (
    IO_YEARS,
    io_concordance,
    io_concordance_table,
    io_sector_names,
    io_sectors,
)


def test_every_year_maps_its_42_sectors_onto_all_38() -> None:
    sectors = io_sectors()
    assert sectors["code"].tolist() == [f"{i:02d}" for i in range(1, 39)]
    assert sectors["name_zh"].is_unique and sectors["name_en"].is_unique
    for year in IO_YEARS:
        mapping = io_concordance(year)
        assert sorted(mapping) == [f"{i:02d}" for i in range(1, 43)]
        assert set(mapping.values()) == set(sectors["code"])  # every group is reached


@pytest.mark.parametrize("year, merged", [
    (2002, [("16",), ("21", "22"), ("27", "28"), ("34", "35"), ("36", "37"), ("38",)]),
    (2007, [("16",), ("21", "22"), ("27", "28"), ("34",), ("35", "36"), ("37", "38")]),
    (2012, [("16", "17"), ("22", "23", "24"), ("30",), ("35",), ("36",), ("37", "38")]),
    (2017, [("16", "17"), ("22", "23"), ("29",), ("34",), ("35", "36"), ("37", "38")]),
])
def test_documented_merges(year: int, merged: list[tuple[str, ...]]) -> None:
    # The six groups of the module's table, in order: machinery (16), other manufacturing and
    # repair (21), transport and post (27), business services (32), research and technical
    # services (33), public facilities and resident services (34).
    mapping = io_concordance(year)
    for group, code in zip(merged, ["16", "21", "27", "32", "33", "34"], strict=True):
        assert {mapping[s] for s in group} == {code}, (year, group)
        assert sorted(s for s, c in mapping.items() if c == code) == sorted(group)


def test_names_and_errors() -> None:
    assert io_sector_names("en")["21"].startswith("Other manufacturing")
    assert io_sector_names("zh")["27"] == "交通运输、仓储和邮政"
    table = io_concordance_table()
    assert table.loc[(table["year"] == 2002) & (table["sector_code"] == "35"),
                     "sector_name_zh"].item() == "旅游业"
    with pytest.raises(AdvantageError, match="year=2010 is not a year of China's provincial"):
        io_concordance(2010)
    with pytest.raises(AdvantageError, match="lang='fr'"):
        io_sector_names("fr")


@pytest.mark.data
def test_year_names_are_the_tables_own(shared_data) -> None:
    names = pd.read_csv(shared_data / "china" / "provincial_io_42sec_names_by_year.csv",
                        dtype=str).set_index("sector_code")
    table = io_concordance_table()
    for year in IO_YEARS:
        ours = table[table["year"] == year].set_index("sector_code")["sector_name_zh"]
        pd.testing.assert_series_equal(ours, names[str(year)], check_names=False)


@pytest.mark.data
def test_the_folders_41_sector_map_refines_ours(shared_data) -> None:
    # Each of the data folder's 41 harmonised 2012/2017 sectors falls inside one of ours.
    to41 = pd.read_csv(shared_data / "china" / "provincial_io_42sec_2012_2017_to_41.csv",
                       dtype=str)
    ours = [io_concordance(int(y))[s] for y, s in zip(to41["year"], to41["sector_code"],
                                                       strict=True)]
    groups = pd.Series(ours).groupby(to41["harmonised_code"].to_numpy()).nunique()
    assert (groups == 1).all()
