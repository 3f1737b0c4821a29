"""``advantage indicators``: the core indicator set of a panel, written as three tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
    ConventionOpt,
    DuplicatesOpt,
    LangOpt,
    MissingOpt,
    RegionOpt,
    TimeOpt,
    ValueOpt,
    progress,
    read_panel,
    write_table,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage indicators exports.csv --region origin --activity hs92 --value export_val
  --time year --convention stata --out results/
"""


def indicators(
    input: Annotated[Path, typer.Argument(help="CSV or Parquet file, one row per cell.")],
    region: RegionOpt,
    activity: ActivityOpt,
    value: ValueOpt,
    out: Annotated[Path, typer.Option("--out", help="Folder for the three tables.")],
    time: TimeOpt = None,
    convention: ConventionOpt = "default",
    threshold: Annotated[float, typer.Option(help="RCA presence threshold.")] = 1.0,
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
    lang: LangOpt = "en",
) -> None:
    """Compute RCA, presence, ECI/PCI, fitness, density, COI and COG for every year.

    Writes OUT/cells.csv, OUT/regions.csv and OUT/activities.csv.
    """
    from advantage.measures.indicators import compute_indicators

    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    with progress("computing indicators") as advance:
        result = compute_indicators(panel, convention=convention,  # type: ignore[arg-type]
                                    threshold=threshold)
        advance()
    written = [
        write_table(result.cells(), out / "cells.csv", lang=lang),
        write_table(result.regions(), out / "regions.csv", lang=lang),
        write_table(result.activities(), out / "activities.csv", lang=lang),
    ]
    n_t, n_r, n_a = panel.shape
    typer.echo(f"{n_t} periods x {n_r} regions x {n_a} activities; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("indicators", help=(indicators.__doc__ or "") + EXAMPLE)(indicators)
