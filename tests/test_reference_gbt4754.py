"""GB/T 4754-2017 sections and divisions.

Reference values: the standard GB/T 4754-2017 (20 sections A-T, 97 divisions 01-97; e.g.
manufacturing, section C, is divisions 13-43) and, independently, the Chinese names in the
ionet package's NBS employment table (``ionet_china_employment.csv`` in the reference data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advantage import AdvantageError
from advantage.panel import Panel
from advantage.reference import division_to_section, divisions, sections, truncate_codes

# GB/T 4754-2017: first and last division of each section.
SECTION_RANGES = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 96), "T": (97, 97),
}


def test_twenty_sections_and_ninety_seven_divisions():
    assert sections()["code"].tolist() == list("ABCDEFGHIJKLMNOPQRST")
    assert divisions()["code"].tolist() == [f"{i:02d}" for i in range(1, 98)]
    assert sections().set_index("code").loc["C", "name_zh"] == "制造业"
    assert divisions().set_index("code").loc["36", "name_zh"] == "汽车制造业"


def test_division_to_section_matches_the_standard():
    mapping = division_to_section()
    for section, (first, last) in SECTION_RANGES.items():
        assert [c for c, s in mapping.items() if s == section] == [
            f"{i:02d}" for i in range(first, last + 1)]
    assert division_to_section(keys="int")[6] == "B"


def test_mapping_aggregates_a_panel_to_sections():
    codes = [f"{i:02d}" for i in range(1, 98)]
    panel = Panel.from_cube(np.ones((2, 97)), regions=["640000", "620000"], activities=codes)
    grouped = panel.aggregate(division_to_section(), axis="activity")
    assert list(grouped.activities) == list("ABCDEFGHIJKLMNOPQRST")
    assert grouped.cube[0, 0, 2] == 31.0  # manufacturing: divisions 13-43


def test_truncate_codes():
    assert truncate_codes(["3011", "0111", " 39 "], digits=2) == ["30", "01", "39"]
    with pytest.raises(AdvantageError, match="lose leading zeros"):
        truncate_codes([111], digits=2)
    with pytest.raises(AdvantageError, match="at least 2 digits"):
        truncate_codes(["C30"], digits=2)


# ionet's 2011-edition wording where GB/T 4754-2017 changed a name (ionet left, ours right).
IONET_2011_NAMES = {
    "22": ("造纸及纸制品业", "造纸和纸制品业"),
    "87": ("广播、电视、电影和影视录音制作业", "广播、电视、电影和录音制作业"),
}


@pytest.mark.data
def test_chinese_names_agree_with_the_nbs_employment_table(shared_data):
    table = pd.read_csv(shared_data / "ionet_china_employment.csv", dtype={"Code": str})
    names = dict(zip(table["Code"], table["DescriptionInChinese"], strict=True))
    ours = sections().set_index("code")["name_zh"]
    # section names: ionet adds 业 to some; compare without a trailing 业
    for code in ours.index:
        assert names[code].rstrip("业") == ours[code].rstrip("业"), code
    # ionet numbers divisions within each section (C01 = first manufacturing division = 13)
    ordered = divisions()
    mismatches = {}
    for section, group in ordered.groupby("section"):
        for i, row in enumerate(group.itertuples(index=False), start=1):
            key = f"{section}{i:02d}"
            if key in names and names[key] != row.name_zh:
                mismatches[row.code] = (names[key], row.name_zh)
    assert mismatches == IONET_2011_NAMES
