"""The API documentation pages (Swagger UI at ``/docs``, ReDoc at ``/redoc``), offline.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start them with an inline
script, which neither works without a network nor passes the dashboard's
Content-Security-Policy. These pages load the same libraries from this server instead: the
files shipped by the ``fastapi-offline`` package (Swagger UI, Apache-2.0; ReDoc, MIT; the
package, MIT), and start them from small scripts in ``web/static``.
"""

from __future__ import annotations

import hashlib
import html
from importlib import resources

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from advantage.web.security import embed_token

__all__ = ["DOC_ASSETS", "add_docs"]

#: name -> (package, file, media type) of every file the two pages load.
DOC_ASSETS: dict[str, tuple[str, str, str]] = {
    "swagger-ui-bundle.js": ("fastapi_offline", "static/swagger-ui-bundle.js",
                             "text/javascript; charset=utf-8"),
    "swagger-ui.css": ("fastapi_offline", "static/swagger-ui.css", "text/css; charset=utf-8"),
    "redoc.standalone.js": ("fastapi_offline", "static/redoc.standalone.js",
                            "text/javascript; charset=utf-8"),
    "docs-swagger.js": ("advantage.web", "static/docs-swagger.js",
                        "text/javascript; charset=utf-8"),
    "docs-redoc.js": ("advantage.web", "static/docs-redoc.js",
                      "text/javascript; charset=utf-8"),
}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="advantage-token" content="__ADVANTAGE_TOKEN__">
<title>{title}</title>
{head}
</head>
<body>
{body}
</body>
</html>
"""


def _read(package: str, name: str) -> bytes:
    return resources.files(package).joinpath(name).read_bytes()


def add_docs(app: FastAPI, token: str) -> None:
    """Serve ``/docs``, ``/redoc`` and their files (``/docs/<file>``) from this process.

    The application must be created with ``docs_url=None, redoc_url=None``. The pages
    carry the application's token so that Swagger UI's "Try it out" can upload.
    """
    title = html.escape(app.title)
    swagger = _PAGE.format(
        title=f"{title} - Swagger UI",
        head='<link rel="stylesheet" href="/docs/swagger-ui.css">',
        body='<div id="swagger-ui"></div>\n<script src="/docs/swagger-ui-bundle.js"></script>'
             '\n<script src="/docs/docs-swagger.js"></script>').encode()
    redoc = _PAGE.format(
        title=f"{title} - ReDoc", head="",
        body='<div id="redoc"></div>\n<script src="/docs/redoc.standalone.js"></script>'
             '\n<script src="/docs/docs-redoc.js"></script>').encode()
    pages = {"docs": embed_token(swagger, token), "redoc": embed_token(redoc, token)}
    files: dict[str, tuple[bytes, str, str]] = {}

    def asset(name: str) -> tuple[bytes, str, str]:
        if name not in files:  # read on first use: the bundles are large
            package, path, media = DOC_ASSETS[name]
            body = _read(package, path)
            files[name] = (body, media, hashlib.sha256(body).hexdigest()[:16])
        return files[name]

    @app.get("/docs", include_in_schema=False)
    async def swagger_page() -> HTMLResponse:
        return HTMLResponse(pages["docs"], headers={"Cache-Control": "no-cache"})

    @app.get("/redoc", include_in_schema=False)
    async def redoc_page() -> HTMLResponse:
        return HTMLResponse(pages["redoc"], headers={"Cache-Control": "no-cache"})

    @app.get("/docs/{filename}", include_in_schema=False)
    async def docs_file(filename: str, request: Request) -> Response:
        if filename not in DOC_ASSETS:
            raise HTTPException(status_code=404, detail="not found")
        body, media, etag = asset(filename)
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304)
        return Response(body, media_type=media,
                        headers={"ETag": etag, "Cache-Control": "no-cache"})
