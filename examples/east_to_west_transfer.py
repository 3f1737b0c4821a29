"""Which industries left China's east between 2007 and 2017, and where do they fit?

Data: China's provincial input-output tables (data set ``china_provincial_io``), gross output
by province and harmonised sector in 2007 and 2017, from the reference data folder
(``ADVANTAGE_DATA``). The China region preset gives the transfer groups of China's
industrial-transfer guidance (the eastern provinces as sources; central, western and
north-eastern ones as destinations) and the provinces' centroids for the distance part of
the fit. An activity is relocating when an eastern province loses it, the east's share and
location quotient fall and it grows elsewhere; destinations are ranked by relatedness
density and distance to the provinces that lost it.

Run: ``ADVANTAGE_DATA=/path/to/data python examples/east_to_west_transfer.py``
"""

from __future__ import annotations

import sys

import pandas as pd

from advantage.config import data_dir
from advantage.io import read_china_io
from advantage.planning import match_destinations, relocating_activities
from advantage.reference import china_preset
from advantage.report import display_for

FLOWS = "china/provincial_io_42sec_2002_2017_flows.csv.gz"


def main() -> None:
    """Print the relocating sectors and their three best-fitting destinations."""
    folder = data_dir()
    if folder is None or not (folder / FLOWS).is_file():
        sys.exit(f"needs {FLOWS} in the reference data folder: set ADVANTAGE_DATA")
    panel = read_china_io(folder / FLOWS).panel("gross_output", years=[2007, 2017])
    preset = china_preset(list(panel.regions))
    east, elsewhere = preset.transfer_groups()
    leaving = relocating_activities(panel, east, from_year=2007, to_year=2017)
    leaving = leaving[leaving["relocating"]]
    matches = match_destinations(panel, east, from_year=2007, to_year=2017,
                                 destinations=elsewhere,
                                 centroids=preset.centroids(), top=3)
    show = display_for(panel, "en", preset)
    columns = ["activity", "source_share_from", "source_share_to", "losing_sources"]
    with pd.option_context("display.width", 160, "display.max_colwidth", 60,
                           "display.float_format", "{:.3f}".format):
        print(f"{len(leaving)} of {len(panel.activities)} sectors leave the east "
              f"({len(east)} provinces):")
        print(show.table(leaving[columns], names="replace").to_string(index=False), end="\n\n")
        print("Best-fitting destinations:")
        columns = ["activity", "rank", "destination", "score", "density", "distance_km"]
        print(show.table(matches[columns], names="replace").to_string(index=False), end="\n\n")
    first = matches.head(1)
    for lang in ("en", "zh"):
        shown = display_for(panel, lang, preset).table(first[["reason"]])
        print(shown.iloc[0, 0])


if __name__ == "__main__":
    main()
