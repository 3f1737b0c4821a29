"""``advantage structure``: specialisation, concentration, isomorphism and shift-share tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
    DuplicatesOpt,
    LangOpt,
    MissingOpt,
    RegionOpt,
    TimeOpt,
    ValueOpt,
    progress,
    read_panel,
    read_table,
    write_table,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage structure employment.csv --region province --activity industry --value emp
  --time year --hierarchy gbt4754.csv --base-year 2015 --final-year 2020 --out results/
"""


def structure(
    input: Annotated[Path, typer.Argument(help="CSV or Parquet file, one row per cell.")],
    region: RegionOpt,
    activity: ActivityOpt,
    value: ValueOpt,
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    time: TimeOpt = None,
    hierarchy: Annotated[Path | None, typer.Option(
        "--hierarchy", help="CSV with columns code,parent (detailed code -> coarser group); "
        "further columns are further levels.")] = None,
    threshold: Annotated[float, typer.Option(
        help="Similarity at or above which a pair of regions is flagged.")] = 0.9,
    min_similarity: Annotated[float | None, typer.Option(
        "--min-similarity", help="Write only pairs at least this similar (for many regions).")
    ] = None,
    base_year: Annotated[str | None, typer.Option(
        "--base-year", help="Base period of the shift-share analysis.")] = None,
    final_year: Annotated[str | None, typer.Option(
        "--final-year", help="Final period of the shift-share analysis.")] = None,
    shift_method: Annotated[str, typer.Option(
        "--shift-method", help="'dunn', 'esteban-marquillas' or 'dynamic'.")] = "dunn",
    zero_base: Annotated[str, typer.Option(
        "--zero-base", help="Activity with national total zero in the base period: 'error' "
        "or 'competitive' (its whole change is competitive, flagged).")] = "error",
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
    lang: LangOpt = "en",
) -> None:
    """Specialisation of regions, concentration of activities, similarity of regions' structures.

    Writes OUT/regions.csv, OUT/activities.csv, OUT/pairs.csv and, with --base-year and
    --final-year, OUT/shiftshare.csv.
    """
    from advantage.measures.concentration import activity_concentration
    from advantage.measures.isomorphism import (
        hierarchy_from_frame,
        similarity_by_level,
        similarity_to_national,
        structural_similarity,
    )
    from advantage.measures.shiftshare import shift_share
    from advantage.measures.specialisation import region_specialisation

    if (base_year is None) != (final_year is None):
        raise CommandError("give both --base-year and --final-year for the shift-share table, "
                           "or neither.")
    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    levels = None
    if hierarchy is not None:
        found = hierarchy_from_frame(read_table(hierarchy))
        levels = {}
        for name, mapping in found.items():
            by_text = {str(code): group for code, group in mapping.items()}
            levels[name] = {label: by_text[str(label)] for label in panel.activities
                            if str(label) in by_text}
    with progress("computing structure") as advance:
        regions = region_specialisation(panel)
        national = similarity_to_national(panel, threshold=threshold)
        regions["similarity_national"] = national["similarity"].to_numpy()
        regions["flagged_national"] = national["flagged"].to_numpy()
        advance()
        activities = activity_concentration(panel)
        advance()
        if levels is None:
            pairs = structural_similarity(panel, threshold=threshold,
                                          min_similarity=min_similarity)
        else:
            pairs = similarity_by_level(panel, levels, threshold=threshold,
                                        min_similarity=min_similarity)
        advance()
        tables: dict[str, pd.DataFrame] = {"regions": regions, "activities": activities,
                                           "pairs": pairs}
        if base_year is not None:
            tables["shiftshare"] = shift_share(
                panel, base_year, final_year, method=shift_method,  # type: ignore[arg-type]
                zero_base=zero_base)  # type: ignore[arg-type]
    written = [write_table(frame, out / f"{name}.csv", lang=lang) for name, frame in tables.items()]
    n_t, n_r, n_a = panel.shape
    typer.echo(f"{n_t} periods x {n_r} regions x {n_a} activities; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("structure", help=(structure.__doc__ or "") + EXAMPLE)(structure)
