"""The claim explorer: a single page at ``/`` and its static assets at ``/explorer/<file>``.

The page is plain HTML, CSS and JavaScript modules shipped as package data (``static/``); it has no build step
and loads nothing from outside this service. It reads the search API of the same origin (``/claims``,
``/claims/compare``, ``/articles/{id}``, ``/stats``).

Article text is untrusted. The scripts only ever put it in the page as text nodes; the Content-Security-Policy
sent with every explorer response is the second line of defence: scripts, styles and connections from this
origin only, no inline script, no plugins, no framing.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import Response

STATIC = resources.files("claimstream.services.index") / "static"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def assets() -> dict[str, str]:
    """Every file the explorer serves: name -> media type (only files directly in ``static/``)."""
    out: dict[str, str] = {}
    for entry in STATIC.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in MEDIA_TYPES:
            out[entry.name] = MEDIA_TYPES[suffix]
    return out


def _serve(name: str, media_type: str) -> Response:
    return Response((STATIC / name).read_bytes(), media_type=media_type, headers=HEADERS)


def build_explorer() -> APIRouter:
    """``GET /`` (the page) and ``GET /explorer/{name}`` (its scripts and styles; 404 for anything else)."""
    router = APIRouter(tags=["explorer"])
    served = assets()

    @router.api_route("/", methods=["GET", "HEAD"], summary="The claim explorer (a web page).", include_in_schema=False)
    async def page() -> Response:
        return _serve("index.html", served["index.html"])

    @router.api_route(
        "/explorer/{name}", methods=["GET", "HEAD"], summary="A static asset of the explorer.", include_in_schema=False
    )
    async def asset(name: Annotated[str, Path(max_length=100)]) -> Response:
        if name not in served:  # an allow-list: no path from the request reaches the file system
            raise HTTPException(status_code=404, detail=f"no explorer asset {name!r}")
        return _serve(name, served[name])

    return router
