"""Which US states have the most complex economies (ECI), and how did that change?

Data: US gross value added by state and BEA industry line (data set ``us_gva``, BEA via
USEPA stateior), read from the reference data folder (``ADVANTAGE_DATA``) through the data
set catalogue, at its most detailed level (the 65 BEA lines that add up to the all-industry
total). 2018 and 2019 are left out: at this level BEA suppressed most of their cells. The
Economic Complexity Index comes from the presence matrix (RCA >= 1) of every year; the
``stata`` convention would reproduce the Growth Lab's Stata ``ecomplexity`` instead. With
65 broad industry lines the index says which states specialise in the lines that few states
specialise in; it is not a measure of income.

Run: ``ADVANTAGE_DATA=/path/to/data python examples/us_states_eci.py``
"""

from __future__ import annotations

import sys

import pandas as pd

from advantage.config import data_dir
from advantage.io import dataset_info, load
from advantage.measures import compute_indicators


def main() -> None:
    """Print the ten most and least complex states of 2017 and their ECI rank in 2007."""
    folder = data_dir()
    if folder is None or not (folder / dataset_info("us_gva")["file"]).is_file():
        sys.exit("needs the us_gva file in the reference data folder: set ADVANTAGE_DATA")
    panel = load("us_gva", level="detail")
    panel = panel.select(times=panel.match("time", list(range(2007, 2018))))
    regions = compute_indicators(panel).regions()
    wide = regions.pivot(index="region", columns="time", values="eci")
    table = pd.DataFrame({"eci_2017": wide[2017], "rank_2017": wide[2017].rank(ascending=False),
                          "rank_2007": wide[2007].rank(ascending=False),
                          "diversity_2017": regions[regions["time"] == 2017]
                          .set_index("region")["diversity"]})
    table = table.sort_values("eci_2017", ascending=False).astype(
        {"rank_2017": int, "rank_2007": int, "diversity_2017": int})
    with pd.option_context("display.float_format", "{:.2f}".format):
        print(f"ECI of {len(table)} regions (50 states and DC) over "
              f"{len(panel.activities)} BEA lines")
        print(table.head(10).to_string(), end="\n\n")
        print(table.tail(10).to_string())


if __name__ == "__main__":
    main()
