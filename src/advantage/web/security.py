"""What keeps other web pages away from the dashboard: Host, Origin and token checks, headers.

The dashboard listens on the user's machine, so the threats are web pages the user visits:

- **DNS rebinding** (a page whose host name is made to point at 127.0.0.1 reads the API):
  every request must carry a ``Host`` header naming this server: ``127.0.0.1``,
  ``localhost``, ``[::1]``, the configured host, or an extra allowed name; with a configured
  port, the ``Host`` port must be it. Anything else gets 400.
- **Cross-site writes** (a page's form or ``fetch`` posting an upload): every request that
  is not ``GET``, ``HEAD`` or ``OPTIONS`` needs an ``Origin`` (or, without one, a
  ``Referer``) equal to this server's own origin, and the header ``X-Advantage-Token``
  carrying the application's random token, which the dashboard page receives in
  ``<meta name="advantage-token">``; otherwise 403. A cross-site page can neither read the
  token (same-origin policy) nor send the custom header without a CORS preflight, which
  this server never grants.
- **Framing, sniffing, leaking**: every response carries a Content-Security-Policy that
  allows only this server's own scripts and styles (plus inline styles, which Plotly's
  charts need) and no framing, ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``
  and ``Referrer-Policy: same-origin``.

Everything here is per application (:class:`SecurityPolicy`); nothing is global.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CONTENT_SECURITY_POLICY", "ERRORS", "SECURITY_HEADERS", "TOKEN_HEADER",
           "TOKEN_META", "SecurityMiddleware", "SecurityPolicy", "embed_token", "split_host"]

#: Request header that carries the application's token on state-changing requests.
TOKEN_HEADER = "X-Advantage-Token"
#: Name of the ``<meta>`` element of the dashboard page that holds the token.
TOKEN_META = "advantage-token"
#: Placeholder in ``static/index.html`` (and the docs pages) replaced by the token.
TOKEN_PLACEHOLDER = b"__ADVANTAGE_TOKEN__"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = ("127.0.0.1", "localhost", "::1")

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # Plotly (and Swagger UI, ReDoc) set inline styles
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

#: Headers added to every response.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)

_DETAIL = {"content": {"application/json": {"schema": {
    "type": "object", "properties": {"detail": {"type": "string"}}}}}}
#: Responses every API operation may give because of these checks (for the OpenAPI schema).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The Host header does not name this server", **_DETAIL},
    403: {"description": "A change from another origin, or without the page's token",
          **_DETAIL},
}


def split_host(value: str) -> tuple[str, int | None]:
    """A ``Host`` header (or an address) as a lower-case name and a port (None if absent).

    Examples
    --------
    >>> split_host("LocalHost:8000"), split_host("[::1]:80"), split_host("127.0.0.1")
    (('localhost', 8000), ('::1', 80), ('127.0.0.1', None))
    >>> split_host("evil.example:x")
    ('', None)
    """
    text = value.strip().lower()
    if text.startswith("["):  # [IPv6]:port
        name, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
        if rest and not rest.startswith(":"):
            return "", None
    elif text.count(":") == 1:
        name, _, port_text = text.partition(":")
    else:
        name, port_text = text, ""
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return "", None
        return name, int(port_text)
    return name, None


@dataclass(frozen=True)
class SecurityPolicy:
    """The host names a dashboard answers to, its port, and its token.

    Attributes
    ----------
    hosts : frozenset of str
        Lower-case host names (IPv6 without brackets) accepted in ``Host``.
    port : int or None
        The port the server listens on; None accepts any port (tests, embedding).
    token : str
        The random token state-changing requests must send in :data:`TOKEN_HEADER`.
    """

    hosts: frozenset[str]
    port: int | None
    token: str

    @classmethod
    def create(cls, host: str | None = None, port: int | None = None,
               allowed_hosts: Iterable[str] = (), token: str | None = None
               ) -> SecurityPolicy:
        """Loopback names, the configured ``host`` and ``allowed_hosts``; a fresh token.

        A wildcard ``host`` (``0.0.0.0``) is accepted only as itself (the address the
        ``serve`` command prints); the names other machines use must be in
        ``allowed_hosts``.

        Examples
        --------
        >>> policy = SecurityPolicy.create("127.0.0.1", 8000)
        >>> policy.host_allowed("localhost:8000"), policy.host_allowed("evil.example:8000")
        (True, False)
        >>> policy.host_allowed("127.0.0.1:9999")
        False
        """
        names = set(LOOPBACK)
        for name in (host, *allowed_hosts):
            if name is not None and split_host(name)[0]:
                names.add(split_host(name)[0])
        return cls(frozenset(names), port, token or secrets.token_urlsafe(32))

    def host_allowed(self, header: str) -> bool:
        """True when a ``Host`` header names this server (and its port, when known)."""
        name, port = split_host(header)
        if not name or name not in self.hosts:
            return False
        if self.port is None:
            return True
        return port == self.port or (port is None and self.port == 80)

    def token_ok(self, sent: str | None) -> bool:
        """True when ``sent`` is this application's token (compared in constant time)."""
        return sent is not None and hmac.compare_digest(sent.encode(), self.token.encode())


def embed_token(page: bytes, token: str) -> bytes:
    """The page with its token placeholder replaced by ``token``."""
    return page.replace(TOKEN_PLACEHOLDER, token.encode("ascii"))


def _origin(url: str | None) -> str | None:
    """``scheme://host[:port]`` of a URL, lower-case; None when it has none."""
    if not url or url == "null":
        return None
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


class SecurityMiddleware:
    """ASGI middleware applying a :class:`SecurityPolicy` to every request and response."""

    def __init__(self, app: Any, policy: SecurityPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Reject a request that fails the policy; add the security headers otherwise."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        problem = None
        if not self.policy.host_allowed(host):
            problem = (400, "this dashboard answers only to requests addressed to this "
                            "machine (Host 127.0.0.1 or localhost); the Host header "
                            f"{host[:100]!r} is not one of them.")
        elif scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            own = f"{scope.get('scheme', 'http')}://{host}".lower()
            origin = _origin(headers.get("origin")) or _origin(headers.get("referer"))
            if origin != own:
                problem = (403, "changes are accepted only from this dashboard's own page "
                                f"(Origin {own}); this request came from "
                                f"{origin or 'no stated origin'}.")
            elif not self.policy.token_ok(headers.get(TOKEN_HEADER.lower())):
                problem = (403, f"the request lacks this dashboard's token ({TOKEN_HEADER}); "
                                "reload the page and try again.")
        if problem is not None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await _reject(send, *problem)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS
                         if k.lower().encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _reject(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()),
               *((k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS)]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
