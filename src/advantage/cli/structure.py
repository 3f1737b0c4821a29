"""``advantage structure``: specialisation, concentration, isomorphism and shift-share tables."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
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
    TimeOpt,
    Unmatched,
    UnmatchedOpt,
    ValueOpt,
    open_input,
    progress,
    read_input_table,
    write_table,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage structure employment.csv --region province --activity industry --value emp
  --time year --hierarchy gbt4754.csv --base-year 2015 --final-year 2020 --out results/
"""


class ShiftMethod(StrEnum):
    """Shift-share decompositions."""

    dunn = "dunn"
    esteban_marquillas = "esteban-marquillas"
    dynamic = "dynamic"


class ZeroBase(StrEnum):
    """An activity whose national base is zero."""

    error = "error"
    competitive = "competitive"


class SpecConvention(StrEnum):
    """Conventions of the specialisation and concentration indices."""

    default = "default"
    econgeo = "econgeo"


class Reference(StrEnum):
    """Reference distribution of the Hoover and Gini indices."""

    total = "total"
    uniform = "uniform"


def structure(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    hierarchy: Annotated[Path | None, typer.Option(
        "--hierarchy", help="CSV with columns code,parent (detailed code -> coarser group); "
        "further columns are further levels.")] = None,
    threshold: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Similarity at or above which a pair of regions is flagged.")
    ] = 0.9,
    min_similarity: Annotated[float | None, typer.Option(
        "--min-similarity", min=-1.0, max=1.0,
        help="Write only pairs at least this similar (for many regions).")] = None,
    base_year: Annotated[str | None, typer.Option(
        "--base-year", help="Base period of the shift-share analysis.")] = None,
    final_year: Annotated[str | None, typer.Option(
        "--final-year", help="Final period of the shift-share analysis.")] = None,
    shift_method: Annotated[ShiftMethod, typer.Option(
        "--shift-method", help="Shift-share decomposition.")] = ShiftMethod.dunn,
    zero_base: Annotated[ZeroBase, typer.Option(
        "--zero-base", help="Activity with national total zero in the base period: error, "
        "or competitive (its whole change is competitive, flagged).")] = ZeroBase.error,
    convention: Annotated[SpecConvention, typer.Option(
        "--convention", help="default, or econgeo (EconGeo's Hoover over all rows and "
        "entropy in base 2).")] = SpecConvention.default,
    log_base: Annotated[float | None, typer.Option(
        "--log-base", min=1.000001, help="Base of the logarithm of the entropy indices "
        "(> 1; default e; econgeo: 2).")] = None,
    reference: Annotated[Reference | None, typer.Option(
        "--reference", help="Reference of Hoover and the locational Gini: total (each "
        "region's share of the whole, default) or uniform (equal shares; econgeo).")
    ] = None,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
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
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang,
                     outputs=[out / f"{n}.csv" for n in ("regions", "activities", "pairs",
                                                          "shiftshare")], measure=measure)
    panel = inp.panel
    base = inp.one(base_year, "time", "--base-year")
    final = inp.one(final_year, "time", "--final-year")
    econgeo = convention == SpecConvention.econgeo
    base_log = log_base if log_base is not None else (2.0 if econgeo else None)
    ref: Literal["total", "uniform"] = (
        "uniform" if (reference == Reference.uniform
                      or (reference is None and econgeo)) else "total")
    levels = None
    if hierarchy is not None:
        found = hierarchy_from_frame(read_input_table(hierarchy, "--hierarchy"))
        levels = {}
        for name, mapping in found.items():
            by_text = {str(code): group for code, group in mapping.items()}
            levels[name] = {label: by_text[str(label)] for label in panel.activities
                            if str(label) in by_text}
    with progress("computing structure") as advance:
        regions = region_specialisation(panel, **_log(base_log))
        national = similarity_to_national(panel, threshold=threshold)
        regions["similarity_national"] = national["similarity"].to_numpy()
        regions["flagged_national"] = national["flagged"].to_numpy()
        advance()
        activities = activity_concentration(panel, reference=ref,
                                            convention="econgeo" if econgeo else "default")
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
        if base is not None:
            tables["shiftshare"] = shift_share(
                panel, base, final, method=shift_method.value,
                zero_base=zero_base.value)
    written = [write_table(frame, out / f"{name}.csv", display=inp.display)
               for name, frame in tables.items()]
    n_t, n_r, n_a = panel.shape
    typer.echo(f"{n_t} periods x {n_r} regions x {n_a} activities; wrote "
               + ", ".join(str(p) for p in written))


def _log(base: float | None) -> dict[str, float]:
    return {} if base is None else {"log_base": base}


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("structure", help=(structure.__doc__ or "") + EXAMPLE)(structure)
