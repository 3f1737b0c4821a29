"""How similar are the industrial structures of China's western provinces (产业同构)?

Data: China's provincial input-output tables (data set ``china_provincial_io``), gross output
by province and harmonised sector, 2007 and 2017, from the reference data folder
(``ADVANTAGE_DATA``). The structural similarity coefficient (UNIDO 1979) is the cosine of two
provinces' output vectors: 1 for proportional structures; pairs at or above 0.9 are flagged
as duplicated structures. The western provinces are the 12 of the western development
strategy (西部大开发), named by their GB/T 2260 codes and found through the China preset.

Run: ``ADVANTAGE_DATA=/path/to/data python examples/western_similarity.py``
"""

from __future__ import annotations

import sys

import pandas as pd

from advantage.config import data_dir
from advantage.io import read_china_io
from advantage.measures import structural_similarity
from advantage.reference import WESTERN_DEVELOPMENT, china_preset
from advantage.report import display_for

FLOWS = "china/provincial_io_42sec_2002_2017_flows.csv.gz"


def main() -> None:
    """Print the mean similarity per year and the most similar western pairs of 2017."""
    folder = data_dir()
    if folder is None or not (folder / FLOWS).is_file():
        sys.exit(f"needs {FLOWS} in the reference data folder: set ADVANTAGE_DATA")
    panel = read_china_io(folder / FLOWS).panel("gross_output", years=[2007, 2017])
    preset = china_preset(list(panel.regions))
    west = panel.match("region", list(WESTERN_DEVELOPMENT), aliases=preset.alias)
    pairs = structural_similarity(panel.select(regions=west), threshold=0.9)
    summary = pairs.groupby("time")["similarity"].agg(["count", "mean", "min", "max"])
    summary["flagged"] = pairs.groupby("time")["flagged"].sum()
    print("Pairwise structural similarity of the western provinces (Tibet has no table "
          "in 2007):")
    print(summary.round(3).to_string(), end="\n\n")
    latest = pairs[pairs["time"] == 2017].sort_values("similarity", ascending=False)
    columns = ["region_a", "region_b", "similarity", "krugman_pair", "flagged"]
    for lang in ("en", "zh"):
        shown = display_for(panel, lang, preset).table(latest[columns].head(10),
                                                       names="replace")
        with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
            print(shown.to_string(index=False), end="\n\n")


if __name__ == "__main__":
    main()
