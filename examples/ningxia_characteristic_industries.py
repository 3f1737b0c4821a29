"""Which are Ningxia's characteristic industries, and why?

Data: China's provincial input-output tables (data set ``china_provincial_io``), gross output
by province and harmonised sector, 2012 and 2017, read from the reference data folder
(``ADVANTAGE_DATA``). Every sector Ningxia specialises in (location quotient >= 1) in 2017 is
classified by the first rule that fires (pillar, endowment-based, declining, advantaged), with
the reason in English and Chinese.

Run: ``ADVANTAGE_DATA=/path/to/data python examples/ningxia_characteristic_industries.py``
"""

from __future__ import annotations

import sys

import pandas as pd

from advantage.config import data_dir
from advantage.io import read_china_io
from advantage.planning import classify_advantages
from advantage.reference import china_preset
from advantage.report import display_for

FLOWS = "china/provincial_io_42sec_2002_2017_flows.csv.gz"


def main() -> None:
    """Print Ningxia's specialised sectors of 2017 with their class and reason."""
    folder = data_dir()
    if folder is None or not (folder / FLOWS).is_file():
        sys.exit(f"needs {FLOWS} in the reference data folder: set ADVANTAGE_DATA")
    panel = read_china_io(folder / FLOWS).panel("gross_output", years=[2012, 2017])
    classes = classify_advantages(panel, window=5, times=2017)
    preset = china_preset(list(panel.regions))  # China: names, aliases, groups, map
    ningxia = panel.match("region", ["宁夏"], aliases=preset.alias)[0]  # or Ningxia, 640000
    strong = classes[(classes["region"] == ningxia) & (classes["lq"] >= 1)]
    strong = strong.sort_values("lq", ascending=False)
    numbers = ["activity", "class", "lq", "share_of_region", "growth_vs_nation"]
    with pd.option_context("display.width", 160, "display.max_colwidth", 160,
                           "display.float_format", "{:.3f}".format):
        english = display_for(panel, "en", preset).table(strong[numbers], names="replace")
        print(english.to_string(index=False), end="\n\n")
        chinese = display_for(panel, "zh", preset).table(strong[["activity", "reason"]],
                                                         names="replace")
        for row in chinese.itertuples(index=False):
            print(f"{row[0]}: {row[1]}")


if __name__ == "__main__":
    main()
