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
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage indicators exports.csv --region origin --activity hs92 --value export_val
  --time year --convention stata --format parquet --out results/
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
    fmt: Annotated[str, typer.Option(
        "--format", help="Format of the tables written: 'csv' (default), 'parquet' or "
                         "'xlsx' (Excel, small tables only).")] = "csv",
    kernel: Annotated[str, typer.Option(
        "--kernel", help="'auto' (default: sparse when at most 5% of at least a million "
                         "cells are non-zero), 'dense' or 'sparse'.")] = "auto",
    cells: Annotated[str, typer.Option(
        "--cells", help="Rows of the cells table: 'auto' (every cell, or only the non-zero "
                        "cells after the sparse kernel), 'all' or 'nonzero'.")] = "auto",
) -> None:
    """Compute RCA, presence, ECI/PCI, fitness, density, COI and COG for every year.

    Writes OUT/cells, OUT/regions and OUT/activities in the chosen format. One line on
    stderr says which kernel ran and which cells the cells table holds.
    """
    from advantage._checks import check_choice
    from advantage.i18n import check_lang, column_label
    from advantage.io.writers import FORMATS, write_batches
    from advantage.measures.indicators import compute_indicators

    check_choice("format", fmt, FORMATS)
    check_choice("kernel", kernel, ["auto", "dense", "sparse"])
    check_choice("cells", cells, ["auto", "all", "nonzero"])
    check_lang(lang)
    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    _return_freed_memory()
    n_t, n_r, n_a = panel.shape
    with progress("computing indicators") as advance:
        result = compute_indicators(panel, convention=convention,  # type: ignore[arg-type]
                                    threshold=threshold, kernel=kernel)  # type: ignore[arg-type]
        advance()
    rows = result.resolve_rows(cells)  # type: ignore[arg-type]
    total, nonzero = n_t * n_r * n_a, panel.nonzero_count()
    count = total if rows == "all" else nonzero
    names = None if lang == "en" else {
        name: column_label(name, lang) for name in (
            "time", "region", "activity", "value", "rca", "mcp", "density", "distance", "cog",
            "diversity", "eci", "coi", "fitness", "ubiquity", "pci", "complexity")}
    share = nonzero / total if total else 0.0
    typer.echo(f"kernel: {result.kernel} ({share:.1%} of {total:,} cells non-zero); "
               f"cells table: {count:,} {'' if rows == 'all' else 'non-zero '}cells"
               + (" (--cells all writes every cell)" if rows != "all" else ""), err=True)
    with progress("writing tables") as advance:
        written = [
            write_batches(result.cell_batches(rows), out / f"cells.{fmt}", fmt=fmt,
                          names=names, rows=count),
            write_batches(result.region_batches(), out / f"regions.{fmt}", fmt=fmt,
                          names=names, rows=n_t * n_r),
            write_batches(result.activity_batches(), out / f"activities.{fmt}", fmt=fmt,
                          names=names, rows=n_t * n_a),
        ]
        advance()
    typer.echo(f"{n_t} periods x {n_r} regions x {n_a} activities; wrote "
               + ", ".join(str(p) for p in written))


def _return_freed_memory() -> None:
    """Hand back to the system what reading the file freed.

    Arrow's allocator keeps freed memory for reuse; the input table is gone once the panel
    is built, and the computation's arrays come from another allocator, so keeping it would
    only add to the peak.
    """
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("indicators", help=(indicators.__doc__ or "") + EXAMPLE)(indicators)
