"""``advantage indicators``: the core indicator set of a panel, written as three tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    write_table,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage indicators exports.csv --region origin --activity hs92 --value export_val
  --time year --convention stata --out results/
"""


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
) -> None:
    """Compute RCA, presence, ECI/PCI, fitness, density, COI and COG for every year.

    Writes OUT/cells.csv, OUT/regions.csv and OUT/activities.csv.
    """
    from advantage.measures.indicators import compute_indicators

    files = [out / f"{n}.csv" for n in ("cells", "regions", "activities")]
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang, outputs=files, measure=measure)
    panel = inp.panel
    with progress("computing indicators") as advance:
        result = compute_indicators(panel, convention=convention.value,
                                    threshold=threshold)
        advance()
    written = [write_table(frame, path, display=inp.display) for frame, path in
               zip((result.cells(), result.regions(), result.activities()), files, strict=True)]
    n_t, n_r, n_a = panel.shape
    typer.echo(f"{n_t} periods x {n_r} regions x {n_a} activities; wrote "
               + ", ".join(str(p) for p in written))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("indicators", help=(indicators.__doc__ or "") + EXAMPLE)(indicators)
