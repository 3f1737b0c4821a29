"""The peer's file-to-file run: read a CSV, compute with ecomplexity 0.5.3, write a CSV.

Usage: ``python ecomplexity_peer.py INPUT.csv OUTPUT.csv`` in an environment that has
``ecomplexity==0.5.3`` (``make bench-core`` builds ``.venv-bench``). The input is the long
table ``year, loc, prod, val`` with every cell, as ``ecomplexity`` expects; the output is the
table it returns (the input columns plus diversity, ubiquity, mcp, eci, pci, density, coi,
cog, rca), written by pandas.
"""

from __future__ import annotations

import sys
import warnings


def main() -> None:
    import pandas as pd
    from ecomplexity import ecomplexity

    source, target = sys.argv[1], sys.argv[2]
    warnings.simplefilter("ignore")
    frame = pd.read_csv(source)
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    result = ecomplexity(frame, cols, verbose=False)
    result.to_csv(target, index=False)


if __name__ == "__main__":
    main()
