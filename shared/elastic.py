"""Elasticsearch client construction, and the one transport adapter claimstream needs.

elasticsearch-py 8/9 always sends ``application/vnd.elasticsearch+json; compatible-with=N``. Real
Elasticsearch also accepts plain ``application/json``; OpenSearch-compatible servers (the embedded osmem
server) answer 406 to the vendor type. :class:`PlainJsonNode` rewrites those two headers to the plain media
types, which serves both. Nothing else in the code base touches transport details.
"""

from __future__ import annotations

import re
from typing import Any

from elastic_transport import HttpHeaders, HttpxAsyncHttpNode
from elastic_transport._node import NodeApiResponse
from elasticsearch import AsyncElasticsearch

from claimstream.shared.settings import IndexSettings

_VENDOR = re.compile(r"application/vnd\.elasticsearch\+(json|x-ndjson)(;\s*compatible-with=\d+)?")


def plain_media_types(headers: HttpHeaders | dict[str, str] | None) -> HttpHeaders:
    """A copy of ``headers`` with vendor media types replaced by ``application/json`` / ``application/x-ndjson``."""
    out = HttpHeaders(headers or {})
    for name in ("accept", "content-type"):
        if name in out:
            out[name] = _VENDOR.sub(lambda m: f"application/{m.group(1)}", out[name])
    return out


class PlainJsonNode(HttpxAsyncHttpNode):
    """An httpx transport node that sends plain JSON media types (see module docstring)."""

    async def perform_request(  # type: ignore[override]
        self, method: str, target: str, body: bytes | None = None, headers: Any = None, **kw: Any
    ) -> NodeApiResponse:
        return await super().perform_request(method, target, body=body, headers=plain_media_types(headers), **kw)


def build_client(settings: IndexSettings) -> AsyncElasticsearch:
    """An AsyncElasticsearch client for the configured URL and credentials (basic auth or API key, TLS CA)."""
    auth: dict[str, Any] = {}
    if settings.elasticsearch_api_key:
        auth["api_key"] = settings.elasticsearch_api_key.get_secret_value()
    elif settings.elasticsearch_username:
        password = settings.elasticsearch_password.get_secret_value() if settings.elasticsearch_password else ""
        auth["basic_auth"] = (settings.elasticsearch_username, password)
    if settings.elasticsearch_ca_certs:
        auth["ca_certs"] = settings.elasticsearch_ca_certs
    return AsyncElasticsearch(
        settings.elasticsearch_url,
        node_class=PlainJsonNode,
        request_timeout=settings.elasticsearch_timeout,
        retry_on_timeout=True,
        max_retries=3,
        **auth,
    )
