"""``make demo``: the core indicators on the real US state value-added panel, summarised.

Industry level: the 21 BEA sector line codes that partition "All industry total" (line 1):
3, 6, 10, 11, 13, 25, 34, 35, 36, 45, 51, 56, 60, 64, 65, 69, 70, 76, 79, 82, 83 (checked in
``tests/test_demo.py``: they add up to the total in every state and year except where BEA
suppressed a value). States and DC only; the "United States" row is the reference total and
is left out. Suppressed cells (NaN in the file) are counted, reported and treated as zero.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from advantage.config import data_dir
from advantage.panel import Panel

__all__ = ["US_GVA_FILE", "US_SECTOR_LINES", "load_us_gva_sectors", "main"]

US_GVA_FILE = "us_state_x_bea_industry_gva_2007_2019.csv.gz"
#: BEA line codes of the sectors that partition the all-industry total.
US_SECTOR_LINES = (3, 6, 10, 11, 13, 25, 34, 35, 36, 45, 51, 56, 60, 64, 65, 69, 70, 76, 79,
                   82, 83)


def load_us_gva_sectors(folder: Path) -> tuple[Panel, int]:
    """The US state x BEA sector GVA panel and the number of suppressed cells set to zero."""
    frame = pd.read_csv(folder / US_GVA_FILE)
    frame = frame[frame["linecode"].isin(US_SECTOR_LINES)
                  & ~frame["geo"].str.startswith("United States")]
    suppressed = int(frame["gva_usd"].isna().sum())
    panel = Panel.from_long(frame, region="geo", activity="industry", value="gva_usd",
                            time="year", missing="zero")
    return panel, suppressed


def main(out: Path | None = None) -> int:
    """Run the demo; returns the process exit code."""
    from rich.console import Console
    from rich.table import Table

    from advantage.measures.indicators import compute_indicators

    console = Console()
    folder = data_dir()
    if folder is None or not (folder / US_GVA_FILE).exists():
        console.print(
            f"[red]error:[/red] the reference data file {US_GVA_FILE} was not found. Set "
            "ADVANTAGE_DATA to the folder that holds it (default ../shared/data). It is BEA's "
            "public-domain SAGDP table by state and industry, as packaged by USEPA stateior."
        )
        return 1
    panel, suppressed = load_us_gva_sectors(folder)
    console.print(f"[bold]Advantage demo[/bold]: US state value added by sector, {panel!r}")
    console.print(f"{suppressed} suppressed cells (BEA '(D)') treated as zero, as reported here.")
    result = compute_indicators(panel)
    out = out or Path("demo-output")
    out.mkdir(parents=True, exist_ok=True)
    result.cells().to_csv(out / "cells.csv", index=False)
    result.regions().to_csv(out / "regions.csv", index=False)
    result.activities().to_csv(out / "activities.csv", index=False)

    last = panel.times[-1]
    regions = result.regions().query("time == @last").sort_values("eci", ascending=False)
    table = Table(title=f"Most and least complex economies, {last} (ECI)")
    for column in ("region", "diversity", "eci"):
        table.add_column(column)
    for _, row in pd.concat([regions.head(5), regions.tail(3)]).iterrows():
        table.add_row(str(row["region"]), f"{row['diversity']:.0f}", f"{row['eci']:+.2f}")
    console.print(table)
    console.print("Reading note: with 21 broad sectors ECI mostly separates resource- and "
                  "industry-based states from service hubs; finer classifications identify it "
                  "better.")

    cells = result.cells().query("time == @last")
    for state in ("Wyoming", "Michigan", "New York"):
        mine = cells[cells["region"] == state]
        strong = mine.sort_values("rca", ascending=False).head(3)
        nxt = mine[mine["mcp"] == 0].sort_values("density", ascending=False).head(3)
        console.print(
            f"[bold]{state}[/bold]: strongest "
            + ", ".join(f"{a} (LQ {r:.1f})" for a, r in zip(strong["activity"], strong["rca"],
                                                             strict=True))
            + "; closest next: "
            + ", ".join(f"{a} (density {d:.2f})" for a, d in zip(nxt["activity"],
                                                                  nxt["density"], strict=True))
        )
    console.print(f"Tables written to {out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
