"""Where could Guizhou grow next?

Data: China's provincial input-output tables (data set ``china_provincial_io``), gross output
by province and harmonised sector, 2012 and 2017, from the reference data folder
(``ADVANTAGE_DATA``). Every sector Guizhou does not specialise in yet (location quotient
below 1 in 2017) is scored by relatedness density (feasibility), complexity and complexity
outlook gain (strategic value) and national momentum, with the strategic approach the Atlas
of Economic Complexity would pick for Guizhou (``preset="auto"``), and explained.

Run: ``ADVANTAGE_DATA=/path/to/data python examples/guizhou_next.py``
"""

from __future__ import annotations

import sys

import pandas as pd

from advantage.config import data_dir
from advantage.io import read_china_io
from advantage.planning import opportunities
from advantage.reference import china_preset
from advantage.report import display_for

FLOWS = "china/provincial_io_42sec_2002_2017_flows.csv.gz"


def main() -> None:
    """Print Guizhou's ten best-scored new sectors of 2017, with their reasons."""
    folder = data_dir()
    if folder is None or not (folder / FLOWS).is_file():
        sys.exit(f"needs {FLOWS} in the reference data folder: set ADVANTAGE_DATA")
    panel = read_china_io(folder / FLOWS).panel("gross_output", years=[2012, 2017])
    preset = china_preset(list(panel.regions))
    guizhou = panel.match("region", ["贵州"], aliases=preset.alias)
    found = opportunities(panel, preset="auto", top=10, focus=guizhou, times=2017, window=5)
    columns = ["rank", "activity", "score", "density", "pci", "cog", "approach"]
    with pd.option_context("display.width", 160, "display.float_format", "{:.2f}".format):
        print(display_for(panel, "en", preset).table(found[columns], names="replace")
              .to_string(index=False), end="\n\n")
    for lang in ("en", "zh"):
        shown = display_for(panel, lang, preset).table(found[["activity", "reason"]],
                                                       names="replace")
        for row in shown.itertuples(index=False):
            print(f"{row[0]}: {row[1]}")
        print()


if __name__ == "__main__":
    main()
