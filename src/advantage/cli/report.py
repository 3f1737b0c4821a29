"""``advantage report``: a self-contained HTML report (and an Excel workbook) for regions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
    DuplicatesOpt,
    MissingOpt,
    RegionOpt,
    TimeOpt,
    ValueOpt,
    progress,
    read_panel,
)
from advantage.cli._planning import labels

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage report provinces.csv --region province --activity industry --value output
  --time year --focus Ningxia,Gansu --lang zh --out ningxia.html --excel ningxia.xlsx
"""


def report(
    input: Annotated[Path, typer.Argument(help="CSV, Parquet or Excel file, one row per cell.")],
    region: RegionOpt,
    activity: ActivityOpt,
    value: ValueOpt,
    focus: Annotated[str, typer.Option("--focus", help="Region, or regions separated by "
                                                       "commas, the report is about.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    time: TimeOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="Language: 'en' or 'zh'.")] = "en",
    excel: Annotated[Path | None, typer.Option("--excel", help="Also write this Excel "
                                                               "workbook.")] = None,
    geojson: Annotated[Path | None, typer.Option("--geojson", help="GeoJSON boundaries for "
                                                 "the map (China's provinces, US states and "
                                                 "world countries are built in).")
                       ] = None,
    geo_key: Annotated[str | None, typer.Option("--geo-key", help="GeoJSON feature property "
                                                "holding the region identifiers.")] = None,
    sources: Annotated[str | None, typer.Option("--sources", help="Regions industries may be "
                                                "leaving (comma-separated), for transfer "
                                                "matchmaking.")] = None,
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
) -> None:
    """Write a bilingual HTML report with every chart and reading guide, offline.

    Charts: LQ vs growth, the activity space, opportunities, structural similarity,
    shift-share, complexity over time, transfer matchmaking and a map.
    """
    from advantage.i18n import check_lang, t
    from advantage.report import compute_results, make_report
    from advantage.report.maps import load_geojson

    check_lang(lang)
    if geojson is not None and not geo_key:
        raise CommandError("--geojson needs --geo-key: the feature property holding the "
                           "region identifiers.")
    regions = [r.strip() for r in focus.split(",") if r.strip()]
    if not regions:
        raise CommandError("--focus needs at least one region.")
    panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                       missing=missing, duplicates=duplicates)
    source_labels = labels(sources, panel.regions, "--sources") if sources else None
    with progress(t("cli.computing", lang)) as advance:
        results = compute_results(panel, sources=source_labels, lang=lang)
        advance()
    shapes = load_geojson(geojson) if geojson is not None else None
    written = make_report(panel, regions, html=out, excel=excel, lang=lang, geojson=shapes,
                          geo_key=geo_key, results=results)
    n_t, n_r, n_a = panel.shape
    typer.echo(t("cli.panel", lang, n_times=n_t, n_regions=n_r, n_activities=n_a))
    for path in written:
        typer.echo(t("cli.wrote", lang, path=path))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("report", help=(report.__doc__ or "") + EXAMPLE)(report)
