"""``advantage indicators``: the core indicator set of a panel, written as three tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import (
    ActivityOpt,
    Convention,
    ConventionOpt,
    Duplicates,
    DuplicatesOpt,
    InputArg,
    Lang,
    LangOpt,
    MeasureOpt,
    Missing,
    MissingOpt,
    Normalise,
    NormaliseOpt,
    Preset,
    PresetOpt,
    RegionOpt,
    ThresholdOpt,
    TimeOpt,
    Unmatched,
    UnmatchedOpt,
    ValueOpt,
    open_input,
    progress,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage indicators exports.csv --region origin --activity hs92 --value export_val
  --time year --convention stata --out results/
"""


class Format(StrEnum):
    """Output format of the three tables."""

    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


class Kernel(StrEnum):
    """Which indicator kernel runs."""

    auto = "auto"
    dense = "dense"
    sparse = "sparse"


class Cells(StrEnum):
    """Which rows the cells table holds."""

    auto = "auto"
    all = "all"
    nonzero = "nonzero"


def indicators(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the three tables.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    convention: ConventionOpt = Convention.default,
    threshold: ThresholdOpt = 1.0,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
    fmt: Annotated[Format, typer.Option(
        "--format", help="Format of the tables written: csv, parquet or xlsx (Excel, small "
                         "tables only).")] = Format.csv,
    kernel: Annotated[Kernel, typer.Option(
        "--kernel", help="auto (sparse when at most 5% of at least a million cells are "
                         "non-zero), dense or sparse.")] = Kernel.auto,
    cells: Annotated[Cells, typer.Option(
        "--cells", help="Rows of the cells table: auto (every cell, or only the non-zero "
                        "cells after the sparse kernel), all or nonzero.")] = Cells.auto,
) -> None:
    """Compute RCA, presence, ECI/PCI, fitness, density, COI and COG for every year.

    Writes OUT/cells, OUT/regions and OUT/activities in the chosen format, with region and
    activity names beside the labels where the input or its preset has them. One line on
    stderr says which kernel ran and which cells the cells table holds.
    """
    from advantage.i18n import column_label
    from advantage.io.writers import write_batches
    from advantage.measures.indicators import compute_indicators

    suffix = fmt.value
    files = [out / f"{n}.{suffix}" for n in ("cells", "regions", "activities")]
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang, outputs=files,
                     measure=measure)
    _return_freed_memory()
    panel = inp.panel
    n_t, n_r, n_a = panel.shape
    with progress("computing indicators") as advance:
        result = compute_indicators(panel, convention=convention.value, threshold=threshold,
                                    kernel=kernel.value)
        advance()
    rows = result.resolve_rows(cells.value)
    total, nonzero = n_t * n_r * n_a, panel.nonzero_count()
    count = total if rows == "all" else nonzero
    headers = None if lang is Lang.en else {
        name: column_label(name, lang.value) for name in (
            "time", "region", "activity", "value", "rca", "mcp", "density", "distance", "cog",
            "diversity", "eci", "coi", "fitness", "ubiquity", "pci", "complexity",
            "region_name", "activity_name")}
    share = nonzero / total if total else 0.0
    typer.echo(f"kernel: {result.kernel} ({share:.1%} of {total:,} cells non-zero); "
               f"cells table: {count:,} {'' if rows == 'all' else 'non-zero '}cells"
               + (" (--cells all writes every cell)" if rows != "all" else ""), err=True)
    names = inp.display.names if inp.display is not None else {}
    tables = ((result.cell_batches(rows), count), (result.region_batches(), n_t * n_r),
              (result.activity_batches(), n_t * n_a))
    with progress("writing tables") as advance:
        written = [write_batches(_with_names(batches, names), path, fmt=suffix,
                                 names=headers, rows=size)
                   for (batches, size), path in zip(tables, files, strict=True)]
        advance()
    typer.echo(f"{n_t} periods x {n_r} regions x {n_a} activities; wrote "
               + ", ".join(str(p) for p in written))


def _with_names(batches: Iterable[Any], names: Any) -> Iterator[Any]:
    """Each batch with a ``<label>_name`` column beside region and activity, where named."""
    import pyarrow as pa

    # decided once per axis, so every batch has the same columns
    named = {axis: known for axis in ("region", "activity")
             if (known := (names or {}).get(axis))
             and any(str(shown) != str(label) for label, shown in known.items())}
    for batch in batches:
        columns, arrays = list(batch.schema.names), list(batch.columns)
        for axis, known in named.items():
            if axis not in columns:
                continue
            labels = batch.column(axis).to_pylist()
            shown = [known.get(v, str(v)) for v in labels]
            at = columns.index(axis) + 1
            columns.insert(at, f"{axis}_name")
            arrays.insert(at, pa.array(shown, type=pa.string()))
        yield pa.RecordBatch.from_arrays(arrays, names=columns)


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
