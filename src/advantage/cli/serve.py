"""``advantage serve``: the web dashboard on this machine (127.0.0.1 by default)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from advantage.cli._common import (
    CommandError,
    Convention,
    ConventionOpt,
    Duplicates,
    DuplicatesOpt,
    Lang,
    LangOpt,
    MeasureOpt,
    Missing,
    MissingOpt,
    Normalise,
    NormaliseOpt,
    Preset,
    PresetOpt,
    ThresholdOpt,
    Unmatched,
    UnmatchedOpt,
    open_input,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage serve --input provinces.csv --region province --activity industry
  --value output --time year --port 8000
"""


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535,
                                      help="Port to listen on.")] = 8000,
    workspace: Annotated[Path | None, typer.Option("--workspace", help="Workspace whose "
                                                   "datasets to serve; uploads go there.")
                         ] = None,
    input: Annotated[Path | None, typer.Option(
        "--input", help="A table to serve (a file with its column roles, or a data set name). "
        "Default without --workspace: china_provincial_io when its files are available.")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Column holding the region "
                                                                "(with --input).")] = None,
    activity: Annotated[str | None, typer.Option("--activity", help="Column holding the "
                                                                    "activity.")] = None,
    value: Annotated[str | None, typer.Option("--value", help="Column holding the value.")
                     ] = None,
    time: Annotated[str | None, typer.Option("--time", help="Column holding the year.")
                    ] = None,
    measure: MeasureOpt = None,
    geojson: Annotated[Path | None, typer.Option("--geojson", help="GeoJSON boundaries for "
                                                                   "the map.")] = None,
    geo_key: Annotated[str | None, typer.Option("--geo-key", help="GeoJSON property holding "
                                                                  "region identifiers.")
                       ] = None,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    lang: LangOpt = Lang.en,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Another host name the dashboard answers to (repeatable); "
                             "127.0.0.1, localhost and --host always are.")] = None,
) -> None:
    """Start the dashboard: map, region and activity profiles, opportunities, transfer.

    Without --input or --workspace it serves China's provincial input-output tables
    (gross output) when they are available, else it starts empty and invites an upload
    (CSV, Excel or Parquet, up to 20 MB).
    """
    import uvicorn

    from advantage.i18n import t
    from advantage.report.maps import load_geojson
    from advantage.web import create_app

    panel = None
    roles = (region, activity, value, time)
    if input is None and workspace is None and not any(roles) and _default_available():
        input = Path(DEFAULT_DATASET)
    if input is not None:
        panel = open_input(input, region=region, activity=activity, value=value, time=time,
                           missing=missing, duplicates=duplicates, normalise=normalise,
                           unmatched=unmatched, preset=preset, lang=lang,
                           measure=measure).panel
    elif any(roles):
        raise CommandError("--region, --activity, --value and --time need --input.")
    if geojson is not None and not geo_key:
        raise CommandError("--geojson needs --geo-key.")
    if workspace is not None and not workspace.exists():
        raise CommandError(f"--workspace {str(workspace)!r} does not exist; create it with "
                           "`advantage ingest`, or leave the option out.")
    shapes = load_geojson(geojson) if geojson is not None else None
    app = create_app(workspace, panel, name=input.stem if input is not None else "data",
                     geojson=shapes, geo_key=geo_key, convention=convention.value,
                     threshold=threshold, preset=preset.value, host=host, port=port,
                     allowed_hosts=allow_host or ())
    for ds_name, problem in app.state.store.unreadable.items():
        typer.echo(f"warning: not serving {ds_name!r}: {problem}", err=True)
    listener = _bind(host, port)
    if panel is None and workspace is None:
        typer.echo(t("cli.no_data", lang.value))
    typer.echo(t("cli.serving", lang.value, url=f"http://{host}:{port}/"))
    config = uvicorn.Config(app, log_level="warning")
    uvicorn.Server(config).run(sockets=[listener])


#: What the dashboard serves when it is given no data: China's provincial IO tables.
DEFAULT_DATASET = "china_provincial_io"


def _default_available() -> bool:
    """True when the default data set's files are in the data folder or the cache."""
    from advantage.io.catalogue import locate

    try:
        return locate(DEFAULT_DATASET, verify=False) is not None
    except Exception:  # noqa: BLE001 - an unusable catalogue means no default, not a crash
        return False


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, so a busy port or a bad host fails before anything is announced."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise CommandError(f"--host {host!r} does not resolve: {exc.strerror}.") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}.") from None
    sock.listen(128)
    return sock


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("serve", help=(serve.__doc__ or "") + EXAMPLE)(serve)
