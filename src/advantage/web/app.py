"""The dashboard application: JSON API, front end and plotly.js served by one process.

:func:`create_app` builds a FastAPI application around one :class:`DatasetStore` (its own
state; nothing is shared between applications). Static files are served from a fixed list
of names, so no part of a request is ever used as a file path.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

import advantage
from advantage._checks import AdvantageError, check_choice, check_positive
from advantage.panel import Panel
from advantage.web import security
from advantage.web.api import build_router
from advantage.web.docs import add_docs
from advantage.web.store import Dataset, DatasetStore, UnknownDataset
from advantage.web.upload import TooLarge, WorkLimits

__all__ = ["DEFAULT_UPLOAD_LIMIT", "create_app"]

#: Largest accepted upload (bytes).
DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024

log = logging.getLogger("advantage.web")


@dataclass(frozen=True)
class _Asset:
    body: bytes
    media_type: str
    etag: str


def _assets() -> dict[str, _Asset]:
    """The front end's files and the plotly.js bundled with the installed plotly package."""
    import plotly

    static = resources.files("advantage.web").joinpath("static")
    files: dict[str, tuple[Any, str]] = {
        "index.html": (static.joinpath("index.html"), "text/html; charset=utf-8"),
        "app.js": (static.joinpath("app.js"), "text/javascript; charset=utf-8"),
        "style.css": (static.joinpath("style.css"), "text/css; charset=utf-8"),
        "plotly.min.js": (Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
                          "text/javascript; charset=utf-8"),
    }
    out = {}
    for name, (path, media) in files.items():
        body = path.read_bytes()
        out[name] = _Asset(body, media, hashlib.sha256(body).hexdigest()[:16])
    return out


def _open_workspace(workspace: Any) -> Any:
    """A :class:`~advantage.io.workspace.Workspace` from a path (or the workspace itself)."""
    if workspace is None or not isinstance(workspace, str | Path):
        return workspace
    from advantage.io.workspace import Workspace

    return Workspace(workspace)


def _workspace_names(ws: Any) -> list[str]:
    listed = ws.datasets()
    if hasattr(listed, "columns"):
        return [str(n) for n in listed["name"]]
    return [str(n) for n in listed]


def create_app(workspace: Any = None, panel: Panel | None = None, *, name: str = "data",
               upload_limit: int = DEFAULT_UPLOAD_LIMIT, geojson: dict[str, Any] | None = None,
               geo_key: str | None = None, convention: str = "default",
               threshold: float = 1.0, preset: str = "auto",
               work: WorkLimits | None = None, host: str | None = None,
               port: int | None = None, allowed_hosts: Sequence[str] = ()) -> FastAPI:
    """Build the dashboard application.

    Parameters
    ----------
    workspace : str, pathlib.Path or Workspace, optional
        A workspace whose datasets are served; uploads are kept in it (under generated
        names). Without one, uploads live in memory only.
    panel : Panel, optional
        A panel to serve as the dataset ``name``.
    name : str
        Name of ``panel`` in the dashboard.
    upload_limit : int
        Largest accepted upload in bytes (413 beyond; 20 MB by default).
    geojson : dict, optional
        Boundaries for the map (default: the bundled China, US state or world boundaries
        the regions match, :func:`~advantage.report.maps.resolve_map`).
    geo_key : str, optional
        The GeoJSON feature property that holds region identifiers.
    convention, threshold : optional
        Indicator convention and presence threshold of every dataset's analysis.
    preset : {"auto", "china", "none"}
        Region preset for names, groups and maps (``auto``: China when regions are named
        like its provinces).
    work : WorkLimits, optional
        Bounds on the work one upload may cause.
    host, port : optional
        The address the server is bound to: requests must name it (or 127.0.0.1,
        localhost, [::1]) in their ``Host`` header, with this port when given
        (:mod:`advantage.web.security`).
    allowed_hosts : sequence of str
        Further host names to answer to (e.g. this machine's name on a local network).

    Returns
    -------
    fastapi.FastAPI
        With no data the dashboard still starts and invites an upload.

    Examples
    --------
    >>> app = create_app()
    >>> "/api/health" in app.openapi()["paths"]
    True
    """
    check_positive("threshold", threshold)
    check_choice("convention", convention, ["default", "stata"])
    check_choice("preset", preset, ["auto", "china", "none"])
    settings: dict[str, Any] = {"convention": convention, "threshold": threshold,
                                "preset_name": preset}
    store = DatasetStore(settings=settings)
    ws = _open_workspace(workspace)
    if panel is not None:
        store.add(Dataset(name=name, panel=panel, origin="startup", label=name,
                          geojson=geojson, geo_key=geo_key, **settings))
    if ws is not None:
        for ds_name in _workspace_names(ws):
            try:
                stored = ws.panel(ds_name)
            except AdvantageError as exc:  # one damaged data set never blocks the others
                store.unreadable[ds_name] = str(exc)
                continue
            store.add(Dataset(name=ds_name, panel=stored, origin="workspace",
                              label=ds_name, geojson=geojson, geo_key=geo_key,
                              workspace=ws, **settings))

    def keep_upload(dataset: Dataset, data: bytes, kind: str) -> None:
        """Store an accepted upload in the workspace as a panel, under its generated name."""
        del data  # the validated panel is kept, not the file
        ws.ingest_panel(dataset.name, dataset.panel,
                        {"source": f"dashboard upload ({kind}): {dataset.label}"})
        dataset.workspace = ws  # its computed tables are kept beside it

    app = FastAPI(title="Advantage dashboard", version=advantage.__version__,
                  description="Regional advantage, complexity, opportunities and transfer "
                              "matchmaking over a region x activity x time panel. Requests "
                              "must name this machine in Host; uploads need the page's "
                              f"token in {security.TOKEN_HEADER} and the same Origin.",
                  docs_url=None, redoc_url=None)
    policy = security.SecurityPolicy.create(host, port, allowed_hosts)
    app.state.store = store
    app.state.security = policy
    app.include_router(build_router(store, upload_limit=upload_limit,
                                    on_upload=keep_upload if ws is not None else None,
                                    work=work),
                       responses=security.ERRORS)
    add_docs(app, policy.token)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(security.SecurityMiddleware, policy=policy)
    assets = _assets()
    page = security.embed_token(assets["index.html"].body, policy.token)
    assets["index.html"] = _Asset(page, assets["index.html"].media_type,
                                  hashlib.sha256(page).hexdigest()[:16])

    def asset(filename: str, request: Request) -> Response:
        item = assets[filename]
        if request.headers.get("if-none-match") == item.etag:
            return Response(status_code=304)
        return Response(item.body, media_type=item.media_type,
                        headers={"ETag": item.etag, "Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    async def index(request: Request) -> Response:
        return asset("index.html", request)

    @app.get("/static/{filename}", include_in_schema=False)
    async def static(filename: str, request: Request) -> Response:
        if filename not in assets or filename == "index.html":
            raise HTTPException(status_code=404, detail="not found")
        return asset(filename, request)

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.exception_handler(AdvantageError)
    async def bad_input(request: Request, exc: AdvantageError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(UnknownDataset)
    async def unknown(request: Request, exc: UnknownDataset) -> JSONResponse:
        return JSONResponse({"detail": str(exc.args[0] if exc.args else exc)},
                            status_code=404)

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> JSONResponse:
        limit = upload_limit / (1024 * 1024)
        return JSONResponse({"detail": f"the upload is larger than {limit:g} MB."},
                            status_code=413)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, exc: ClientDisconnect) -> Response:
        # the client closed the connection mid-request (an aborted upload): nothing to
        # answer and nothing went wrong here, so one line, no traceback, no 500
        log.info("client went away during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"detail": "internal error; the server log has the details."},
                            status_code=500)

    return app
