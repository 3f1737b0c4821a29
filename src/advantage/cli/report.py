"""``advantage report``: a self-contained HTML report (and an Excel workbook) for regions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
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
    check_outputs,
    open_input,
    progress,
)
from advantage.cli._planning import transfer_groups
from advantage.cli._workbench import own_groups

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage report provinces.csv --region province --activity industry --value output
  --time year --focus Ningxia,Gansu --lang zh --out ningxia.html --excel ningxia.xlsx
"""


def report(
    input: InputArg,
    focus: Annotated[str, typer.Option("--focus", help="Region, or regions separated by "
                                                       "commas, the report is about.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    lang: LangOpt = Lang.en,
    excel: Annotated[Path | None, typer.Option("--excel", help="Also write this Excel "
                                                               "workbook (.xlsx).")] = None,
    geojson: Annotated[Path | None, typer.Option("--geojson", help="GeoJSON boundaries for "
                                                 "the map (China's provinces, US states and "
                                                 "world countries are built in).")
                       ] = None,
    geo_key: Annotated[str | None, typer.Option("--geo-key", help="GeoJSON feature property "
                                                "holding the region identifiers.")] = None,
    sources: Annotated[str | None, typer.Option("--sources", help="Regions industries may be "
                                                "leaving (comma-separated), for transfer "
                                                "matchmaking.")] = None,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
) -> None:
    """Write a bilingual HTML report with every chart and reading guide, offline.

    Charts: LQ vs growth, the activity space, opportunities, structural similarity,
    shift-share, complexity over time, transfer matchmaking and a map.
    """
    from advantage.i18n import t
    from advantage.planning.profile import profile
    from advantage.report import make_report
    from advantage.report.maps import load_geojson

    if geojson is not None and not geo_key:
        raise CommandError("--geojson needs --geo-key: the feature property holding the "
                           "region identifiers.")
    if out.suffix.lower() not in (".html", ".htm"):
        raise CommandError(f"--out {str(out)!r} must be an .html file.")
    if excel is not None and excel.suffix.lower() != ".xlsx":
        raise CommandError(f"--excel {str(excel)!r} must be an .xlsx file.")
    check_outputs([input, geojson], [out, excel])
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang, outputs=[out, excel],
                     measure=measure)
    regions = inp.labels(focus, "region", "--focus")
    src, dst, groups = transfer_groups(inp, sources, None, use_preset=True)
    peers = {r: [q for q in g if q != r] for r, g in own_groups(inp).items()} \
        if inp.preset is not None else None
    result = profile(inp.panel, convention=convention.value, threshold=threshold,
                     sources=src, destinations=dst, groups=groups,
                     peers={r: g for r, g in peers.items() if g} if peers else None,
                     centroids=inp.preset.centroids() if inp.preset is not None else None)
    shapes = load_geojson(geojson) if geojson is not None else None
    with progress(t("cli.computing", lang.value)):
        written = make_report(result, regions or [], html=out, excel=excel,
                              display=inp.display, geojson=shapes, geo_key=geo_key)
    n_t, n_r, n_a = inp.panel.shape
    typer.echo(t("cli.panel", lang.value, n_times=n_t, n_regions=n_r, n_activities=n_a))
    for path in written:
        typer.echo(t("cli.wrote", lang.value, path=path))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("report", help=(report.__doc__ or "") + EXAMPLE)(report)
