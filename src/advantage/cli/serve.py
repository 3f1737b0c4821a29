"""``advantage serve``: the web dashboard on this machine (127.0.0.1 by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import CommandError, DuplicatesOpt, MissingOpt, read_panel

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage serve --input provinces.csv --region province --activity industry
  --value output --time year --port 8000
"""


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workspace: Annotated[Path | None, typer.Option("--workspace", help="Workspace whose "
                                                   "datasets to serve; uploads go there.")
                         ] = None,
    input: Annotated[Path | None, typer.Option("--input", help="A table to serve.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Column holding the region "
                                                                "(with --input).")] = None,
    activity: Annotated[str | None, typer.Option("--activity", help="Column holding the "
                                                                    "activity.")] = None,
    value: Annotated[str | None, typer.Option("--value", help="Column holding the value.")
                     ] = None,
    time: Annotated[str | None, typer.Option("--time", help="Column holding the year.")
                    ] = None,
    geojson: Annotated[Path | None, typer.Option("--geojson", help="GeoJSON boundaries for "
                                                                   "the map.")] = None,
    geo_key: Annotated[str | None, typer.Option("--geo-key", help="GeoJSON property holding "
                                                                  "region identifiers.")
                       ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of messages: en or zh.")
                    ] = "en",
    missing: MissingOpt = "error",
    duplicates: DuplicatesOpt = "error",
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Another host name the dashboard answers to (repeatable); "
                             "127.0.0.1, localhost and --host always are.")] = None,
) -> None:
    """Start the dashboard: map, region and activity profiles, opportunities, transfer.

    With no data it still starts and invites an upload (CSV or Excel, up to 20 MB).
    """
    import uvicorn

    from advantage.i18n import check_lang, t
    from advantage.report.maps import load_geojson
    from advantage.web import create_app

    check_lang(lang)
    panel = None
    if input is not None:
        if not (region and activity and value):
            raise CommandError("--input needs --region, --activity and --value.")
        panel = read_panel(input, region=region, activity=activity, value=value, time=time,
                           missing=missing, duplicates=duplicates)
    elif any((region, activity, value, time)):
        raise CommandError("--region, --activity, --value and --time need --input.")
    if geojson is not None and not geo_key:
        raise CommandError("--geojson needs --geo-key.")
    shapes = load_geojson(geojson) if geojson is not None else None
    app = create_app(workspace, panel, name=input.stem if input is not None else "data",
                     geojson=shapes, geo_key=geo_key, host=host, port=port,
                     allowed_hosts=allow_host or ())
    if panel is None and workspace is None:
        typer.echo(t("cli.no_data", lang))
    typer.echo(t("cli.serving", lang, url=f"http://{host}:{port}/"))
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("serve", help=(serve.__doc__ or "") + EXAMPLE)(serve)
