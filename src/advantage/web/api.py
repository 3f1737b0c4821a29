"""The dashboard's JSON endpoints: a thin layer over the store, the views and the charts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

import plotly.io as pio
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

import advantage
from advantage.i18n import catalogue, t
from advantage.planning.profile import Profile
from advantage.report.sections import figure_for
from advantage.web import views
from advantage.web.store import Dataset, DatasetStore
from advantage.web.upload import (
    MAX_LABEL_LENGTH,
    WorkLimits,
    panel_from_upload,
    parse_multipart,
    read_limited,
)

__all__ = ["ERRORS", "build_router"]

Lang = Annotated[Literal["en", "zh"], Query(description="Language of labels: en or zh.")]
DatasetName = Annotated[str | None, Query(max_length=200,
                                          description="Dataset name (default: the first).")]
Top = Annotated[int, Query(ge=1, le=500, description="Rows to return.")]
#: A comma-separated list of up to 20 labels, each as long as an upload allows.
LIST_LENGTH = 20 * (MAX_LABEL_LENGTH + 1)
LabelQuery = Annotated[str | None, Query(max_length=MAX_LABEL_LENGTH)]
Measure = Literal["eci", "diversity", "coi", "value"]
ChartName = Literal["quadrant", "space", "opportunities", "portfolio", "pswot", "similarity",
                    "shiftshare", "eci", "transfer", "map"]

_ERROR = {"content": {"application/json": {"schema": {
    "type": "object", "properties": {"detail": {"type": "string"}}}}}}
#: Documented error responses: unknown names (404), bad input (422), body too large (413).
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Unknown dataset, region or activity", **_ERROR},
    422: {"description": "Invalid input", **_ERROR},
}

UPLOAD_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file", "region", "activity", "value"],
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "CSV (UTF-8, GBK/GB18030 or Windows-1252), Excel (.xlsx) "
                                    "or Parquet table."},
            "region": {"type": "string", "description": "Column holding the region."},
            "activity": {"type": "string", "description": "Column holding the activity."},
            "value": {"type": "string", "description": "Column holding the value (>= 0)."},
            "time": {"type": "string", "description": "Column holding the year (optional)."},
            "missing": {"type": "string", "enum": ["error", "zero"]},
            "duplicates": {"type": "string", "enum": ["error", "sum"]},
        }}}},
}


def _json(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


def _items(text: str) -> list[str]:
    """The labels of a comma-separated list, as sent.

    A label's own spaces are kept, so the one label rule finds ``" R1"`` exactly and, failing
    that, ``"R1"`` by its text.
    """
    return [item for item in text.split(",") if item.strip()]


def _label(dataset: Dataset, axis: str, text: str) -> Any:
    """The panel label a request names (the one label rule); 404 otherwise."""
    try:
        return dataset.lookup(axis, text)
    except KeyError as exc:
        raise HTTPException(status_code=404, detail=str(exc.args[0])) from None


def build_router(store: DatasetStore, *, upload_limit: int,
                 on_upload: Callable[[Dataset, bytes, str], None] | None = None,
                 work: WorkLimits | None = None) -> APIRouter:
    """The API routes bound to one application's store.

    Parameters
    ----------
    store : DatasetStore
    upload_limit : int
        Largest accepted upload body in bytes (413 beyond).
    on_upload : callable, optional
        Called with the new dataset, the file's bytes and its kind ("csv", "xlsx" or
        "parquet") after an upload is accepted (the workspace keeps it under a generated
        name).
    work : WorkLimits, optional
        Bounds on the work one upload may cause.
    """
    router = APIRouter(prefix="/api", responses=ERRORS)
    helpers = _Helpers(store)
    _meta_routes(router, store, upload_limit)
    _view_routes(router, helpers)
    _chart_routes(router, helpers)
    _upload_route(router, store, upload_limit, on_upload, work)
    return router


class _Helpers:
    """What every view route does: find the dataset, compute off the event loop, cache."""

    def __init__(self, store: DatasetStore) -> None:
        self.store = store

    async def results_of(self, name: str | None, *tables: str) -> tuple[Dataset, Profile]:
        """The dataset and its profile, with the tables a view needs computed (off-loop)."""
        dataset = self.store.get(name)
        if not dataset.ready(*tables):
            await run_in_threadpool(_compute, dataset.profile, tables)
        return dataset, dataset.profile

    async def cached(self, key: tuple[Any, ...], build: Callable[[], bytes]) -> Response:
        """The cached response body for ``key``, built in a worker thread when missing."""
        body = self.store.peek(key)
        if body is None:
            body = await run_in_threadpool(self.store.cached, key, build)
        return _json(body)


def _meta_routes(router: APIRouter, store: DatasetStore, upload_limit: int) -> None:
    """Health, the loaded datasets and the message catalogue."""
    @router.get("/health", summary="Liveness and loaded datasets")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": advantage.__version__,
                "datasets": len(store.names())}

    @router.get("/datasets", summary="Loaded datasets")
    async def datasets() -> dict[str, Any]:
        return {"datasets": [store.get(n).describe() for n in store.names()],
                "default": store.default(), "upload_limit_mb": upload_limit / 2**20,
                "unreadable": [{"name": k, "error": v} for k, v in store.unreadable.items()]}

    @router.get("/i18n", summary="Every interface message in one language")
    async def messages(lang: Lang = "en") -> dict[str, Any]:
        return {"lang": lang, "messages": catalogue(lang)}


def _view_routes(router: APIRouter, helpers: _Helpers) -> None:
    """Regions, activities, one region or activity, opportunities, transfer, comparison."""
    results_of, cached = helpers.results_of, helpers.cached

    @router.get("/regions", summary="Regions with their latest indicators")
    async def regions(dataset: DatasetName = None, lang: Lang = "en") -> Response:
        ds, res = await results_of(dataset, "regions")
        return await cached((ds.name, "regions", lang),
                            lambda: views.dumps(views.regions_view(res, ds.display(lang))))

    @router.get("/activities", summary="Activities with their latest indicators")
    async def activities(dataset: DatasetName = None, lang: Lang = "en") -> Response:
        ds, res = await results_of(dataset, "activities")
        return await cached((ds.name, "activities", lang),
                            lambda: views.dumps(views.activities_view(res, ds.display(lang))))

    @router.get("/region/{region_id:path}", summary="Profile of one region")
    async def region(region_id: str, dataset: DatasetName = None, lang: Lang = "en"
                     ) -> Response:
        ds, res = await results_of(dataset, "regions", "advantages", "opportunities",
                                    "eci", "shiftshare")
        label = _label(ds, "region", region_id)
        return await cached((ds.name, "region", label, lang),
                            lambda: views.dumps(views.region_view(res, label,
                                                                  ds.display(lang))))

    @router.get("/activity/{activity_id:path}", summary="Profile of one activity")
    async def activity(activity_id: str, dataset: DatasetName = None, lang: Lang = "en"
                       ) -> Response:
        ds, res = await results_of(dataset, "activities", "advantages")
        label = _label(ds, "activity", activity_id)
        return await cached((ds.name, "activity", label, lang),
                            lambda: views.dumps(views.activity_view(res, label,
                                                                    ds.display(lang))))

    @router.get("/opportunities", summary="Ranked new-activity opportunities of a region")
    async def opportunities(region: Annotated[str, Query(max_length=MAX_LABEL_LENGTH)],
                            dataset: DatasetName = None, lang: Lang = "en", top: Top = 10
                            ) -> Response:
        ds, res = await results_of(dataset, "opportunities")
        label = _label(ds, "region", region)
        return await cached((ds.name, "opportunities", label, lang, top), lambda: views.dumps(
            views.opportunities_view(res, label, ds.display(lang), top)))

    @router.get("/peers", summary="A region against its peers: PSWOT labels and why")
    async def peers(region: Annotated[str, Query(max_length=MAX_LABEL_LENGTH)],
                    dataset: DatasetName = None, lang: Lang = "en") -> Response:
        ds, res = await results_of(dataset, "indicators")
        label = _label(ds, "region", region)
        return await cached((ds.name, "peers", label, lang), lambda: views.dumps(
            views.peers_view(res, label, ds.display(lang))))

    @router.get("/portfolio", summary="A coherent portfolio of activities for a region")
    async def portfolio(region: Annotated[str, Query(max_length=MAX_LABEL_LENGTH)],
                        dataset: DatasetName = None, lang: Lang = "en",
                        k: Annotated[int, Query(ge=1, le=30, description="Picks.")] = 5
                        ) -> Response:
        ds, res = await results_of(dataset, "indicators")
        label = _label(ds, "region", region)
        return await cached((ds.name, "portfolio", label, lang, k), lambda: views.dumps(
            views.portfolio_view(res, label, ds.display(lang), k)))

    @router.get("/diagnostics", summary="Data quality: validity checks and list stability")
    async def diagnostics(region: Annotated[str, Query(max_length=MAX_LABEL_LENGTH)],
                          dataset: DatasetName = None, lang: Lang = "en") -> Response:
        ds, res = await results_of(dataset, "diagnostics", "ranks")
        label = _label(ds, "region", region)
        return await cached((ds.name, "diagnostics", label, lang), lambda: views.dumps(
            views.diagnostics_view(res, label, ds.display(lang))))

    @router.get("/transfer", summary="Transfer matchmaking: relocating activities and fits")
    async def transfer(dataset: DatasetName = None, lang: Lang = "en",
                       activity: LabelQuery = None,
                       destination: LabelQuery = None,
                       source: LabelQuery = None,
                       top: Top = 50) -> Response:
        ds, res = await results_of(dataset, "transfer")
        dest = _label(ds, "region", destination) if destination else None
        src = _label(ds, "region", source) if source else None
        act = _label(ds, "activity", activity) if activity else None
        return await cached(
            (ds.name, "transfer", act, dest, src, lang, top),
            lambda: views.dumps(views.transfer_view(res, ds.display(lang), activity=act,
                                                    destination=dest, source=src, top=top)))

    @router.get("/compare", summary="Compare regions side by side")
    async def compare(regions: Annotated[str, Query(max_length=LIST_LENGTH,
                                                    description="Comma-separated regions.")],
                      dataset: DatasetName = None, lang: Lang = "en") -> Response:
        ds, res = await results_of(dataset, "regions", "similarity", "advantages")
        wanted = _items(regions)
        if not 1 <= len(wanted) <= 20:
            raise HTTPException(status_code=422, detail="give between 1 and 20 regions, "
                                                        "separated by commas.")
        labels = list(dict.fromkeys(_label(ds, "region", r) for r in wanted))
        return await cached((ds.name, "compare", tuple(labels), lang),
                            lambda: views.dumps(views.compare_view(res, labels,
                                                                   ds.display(lang))))


def _chart_routes(router: APIRouter, helpers: _Helpers) -> None:
    """Charts (as Plotly figures) and the map."""
    results_of, cached = helpers.results_of, helpers.cached

    def chart_body(ds: Dataset, res: Profile, name: str, focus: list[Any], lang: str,
                   measure: str) -> bytes:
        spec = ds.map_spec() if name == "map" else None
        space = ds.space() if name == "space" else None
        figure, note = figure_for(name, res, focus, ds.display(lang), map_spec=spec,
                                  measure=measure, space=space)
        head = views.dumps({"name": name, "heading": t(f"report.section.{name}", lang),
                            "guide": t(f"guide.{name}", lang), "note": note,
                            "available": note is None})
        return head[:-1] + b',"figure":' + pio.to_json(figure, validate=False).encode() + b"}"

    @router.get("/chart/{name}", summary="One chart as a Plotly figure (for the front end)")
    async def chart(name: ChartName, dataset: DatasetName = None, lang: Lang = "en",
                    regions: Annotated[str | None, Query(max_length=LIST_LENGTH)] = None,
                    measure: Measure = "eci") -> Response:
        ds, res = await results_of(dataset, "regions")
        wanted = _items(regions or "")[:8]
        focus = [_label(ds, "region", r) for r in wanted]
        if not focus:
            focus = [res.regions.sort_values("value", ascending=False)["region"].iloc[0]]
        return await cached((ds.name, "chart", name, tuple(focus), lang, measure),
                            lambda: chart_body(ds, res, name, focus, lang, measure))

    @router.get("/map", summary="Choropleth of a regional indicator (when boundaries match)")
    async def region_map(dataset: DatasetName = None, lang: Lang = "en",
                         measure: Measure = "eci") -> Response:
        ds, res = await results_of(dataset, "regions")
        focus: list[Any] = []
        return await cached((ds.name, "map", lang, measure),
                            lambda: chart_body(ds, res, "map", focus, lang, measure))


def _upload_route(router: APIRouter, store: DatasetStore, upload_limit: int,
                  on_upload: Callable[[Dataset, bytes, str], None] | None,
                  work: WorkLimits | None) -> None:
    """The upload: a size-limited body, read through the one road in, stored by name."""
    @router.post("/upload", summary="Upload a CSV or Excel table", status_code=201,
                 openapi_extra={"requestBody": UPLOAD_BODY},
                 responses={413: {"description": "Upload too large", **_ERROR}})
    async def upload(request: Request) -> dict[str, Any]:
        body = await read_limited(request.stream(), upload_limit,
                                  request.headers.get("content-length"))
        form = await run_in_threadpool(parse_multipart, body,
                                       request.headers.get("content-type"))
        panel = await run_in_threadpool(panel_from_upload, form, work)
        kind = ("xlsx" if form.data[:4] == b"PK\x03\x04" else
                "parquet" if form.data[:4] == b"PAR1" else "csv")
        name = f"upload-{uuid.uuid4().hex[:10]}"  # the only name anything is stored under
        base = form.filename.replace("\\", "/").rsplit("/", 1)[-1]
        shown = "".join(ch for ch in base if ch.isprintable())[:80] or name
        dataset = Dataset(name=name, panel=panel, origin="upload", label=shown,
                          **store.settings)
        if on_upload is not None:
            await run_in_threadpool(on_upload, dataset, form.data, kind)
        store.add(dataset)
        return {"dataset": dataset.describe()}


def _compute(profile: Profile, tables: tuple[str, ...]) -> None:
    """Compute the named tables of a profile (each once; run in a worker thread)."""
    for table in tables or ("indicators",):
        getattr(profile, table)
