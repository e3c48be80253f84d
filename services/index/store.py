"""Elasticsearch side of the index service: index templates, versioned indices behind aliases, bulk writes.

Index layout: for each kind (articles, claims, rejected) a composable index template from
``services/index/templates/<kind>.json`` (package data, :data:`TEMPLATES`; operators find them as
``deploy/elasticsearch/<kind>.json``, links to these) matches ``<prefix><kind>-v*``;
the live index ``<prefix><kind>-v<N>`` sits behind the alias ``<prefix><kind>``. Everything reads and writes through the alias, so a mapping change
is a new template version, a reindex into ``-v<N+1>`` and an alias swap, without downtime. Fields *added* to a
template within a version are also put on the live index's mapping at start-up (Elasticsearch accepts additive
mapping changes), so a deployment created from an older template keeps accepting documents under
``"dynamic": "strict"``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from importlib import resources
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from claimstream.services.index.documents import Action
from claimstream.shared import metrics
from claimstream.shared.errors import InvalidEvent, TransientError

log = logging.getLogger(__name__)

# The index templates: package data of this service (pyproject.toml [tool.setuptools.package-data]).
TEMPLATES = resources.files("claimstream.services.index") / "templates"
KINDS = ("articles", "claims", "rejected", "stories")
_TRANSIENT_STATUS = {408, 429, 500, 502, 503, 504}


def template(kind: str) -> dict[str, Any]:
    """The index template body for ``kind`` (``templates/<kind>.json``), from the installed package."""
    return json.loads(TEMPLATES.joinpath(f"{kind}.json").read_text(encoding="utf-8"))


def refused_item(action: Action, status: int, error: Any) -> InvalidEvent:
    """The poison for a bulk item Elasticsearch refused for good (a 4xx other than 408/429).

    The original is the document without ``indexed_at``, so a redelivered refusal makes the same dead letter; a
    refused partial update also names the document it was for."""
    original: dict[str, Any] = {k: v for k, v in action.doc.items() if k != "indexed_at"}
    if action.op == "update":
        original = {"update": {"_index": action.alias, "_id": action.doc_id}, "doc": original}
    return InvalidEvent(
        f"Elasticsearch refused the document ({status}): {json.dumps(error)[:1000]}",
        article_id=action.doc.get("article_id"),
        original=json.dumps(original).encode(),
    )


class Store:
    """Owns the indices of one deployment (one ``prefix``)."""

    def __init__(
        self, es: AsyncElasticsearch, prefix: str = "", *, max_attempts: int = 5, max_backoff: float = 8.0
    ) -> None:
        self.es = es
        self.prefix = prefix
        self.max_attempts = max_attempts
        self.max_backoff = max_backoff

    def alias(self, kind: str) -> str:
        """The alias every read and write for ``kind`` goes through."""
        return f"{self.prefix}{kind}"

    async def ensure(self) -> None:
        """Install the index templates and create each ``-v<N>`` index with its alias, if missing. Idempotent."""
        for kind in KINDS:
            body = template(kind)
            version = int(body["version"])
            await self.es.indices.put_index_template(
                name=f"{self.prefix}claimstream-{kind}",
                index_patterns=[f"{self.prefix}{kind}-v*"],
                template=body["template"],
                version=version,
                priority=100,
                meta={"managed_by": "claimstream"},
            )
            if not await self.es.indices.exists_alias(name=self.alias(kind)):
                index = f"{self.prefix}{kind}-v{version}"
                log.info("creating index %s behind alias %s", index, self.alias(kind))
                await self._create(index, kind)
            else:
                await self._add_new_fields(kind, version, body["template"]["mappings"]["properties"])

    async def _create(self, index: str, kind: str) -> None:
        """Create ``index`` behind its alias; one that exists already is success (another replica starting at the
        same moment made it, or the client retried a create that had timed out but gone through)."""
        try:
            await self.es.indices.create(index=index, aliases={self.alias(kind): {"is_write_index": True}})
        except ApiError as exc:
            body = exc.body if isinstance(exc.body, dict) else {}
            kind_of_error = (body.get("error") or {}).get("type") if isinstance(body.get("error"), dict) else exc.error
            if exc.meta.status != 400 or kind_of_error != "resource_already_exists_exception":
                raise
            log.info("index %s exists already (created concurrently)", index)

    async def _live_index(self, kind: str) -> str:
        """The index behind ``kind``'s alias."""
        return next(iter((await self.es.indices.get_alias(name=self.alias(kind))).body))

    async def _add_new_fields(self, kind: str, version: int, properties: dict[str, Any]) -> None:
        try:
            await self.es.indices.put_mapping(index=self.alias(kind), properties=properties)
        except ApiError as exc:
            if exc.meta.status != 400:
                raise
            live = await self._live_index(kind)
            if not live.endswith(f"-v{version}"):
                # Made from an older template version whose mapping cannot be changed in place (e.g. a field no
                # longer indexed): it keeps working with its own mapping until rebuilt (rebuild()).
                log.warning(
                    "index %s predates template %s version %d; keeping its mapping: %s", live, kind, version, exc
                )
                return
            raise RuntimeError(
                f"the live {self.alias(kind)} index has a mapping incompatible with "
                f"services/index/templates/{kind}.json; bump its version and reindex: {exc}"
            ) from exc

    async def rebuild(self, kind: str) -> None:
        """Empty ``kind``'s live index for a rewrite; one made from an older template version is replaced by a
        new ``-v<N>`` index with the current mapping (the alias moves in one request, then the old index is
        deleted)."""
        version = int(template(kind)["version"])
        index = f"{self.prefix}{kind}-v{version}"
        live = await self._live_index(kind)
        if live == index:
            await self.es.delete_by_query(index=index, query={"match_all": {}}, refresh=True, conflicts="proceed")
            return
        await self.es.options(ignore_status=404).indices.delete(index=index)
        await self.es.indices.create(index=index)
        await self.es.indices.update_aliases(
            actions=[
                {"remove": {"index": live, "alias": self.alias(kind)}},
                {"add": {"index": index, "alias": self.alias(kind), "is_write_index": True}},
            ]
        )
        await self.es.indices.delete(index=live)
        log.info("rebuilt %s: %s replaced by %s", self.alias(kind), live, index)

    async def ping(self) -> bool:
        """True when Elasticsearch answers."""
        return bool(await self.es.ping())

    async def bulk(self, actions: list[Action], *, refresh: bool = False) -> list[InvalidEvent]:
        """Write ``actions`` in one bulk request; return the items refused for good, as poison to dead-letter.

        With ``refresh``, return only once the written documents are visible to searches (``wait_for``): the
        story assignment of the next batch, on any index worker, searches them.

        Transient failures (connection errors, 408/429/5xx, per request or per item) are retried with
        bounded exponential backoff; if they persist, :class:`TransientError` is raised so the caller does
        not commit and the batch is redelivered. Only items that succeeded or were refused for good are
        done when this returns. No actions: no request.
        """
        pending: list[Action] = list(actions)
        rejections: list[InvalidEvent] = []
        started = time.perf_counter()
        if not pending:
            return rejections
        for attempt in range(1, self.max_attempts + 1):
            try:
                retry, refused = await self._bulk_once(pending, refresh)
            except (TransportError, ApiError) as exc:
                if isinstance(exc, ApiError) and exc.meta.status not in _TRANSIENT_STATUS:
                    raise
                retry, refused = pending, []
                log.warning("bulk attempt %d/%d failed: %s", attempt, self.max_attempts, exc)
            rejections.extend(refused)
            if not retry:
                metrics.ES_BULK_SECONDS.observe(time.perf_counter() - started)
                return rejections
            pending = retry
            await asyncio.sleep(min(self.max_backoff, 0.25 * 2**attempt))
        raise TransientError(
            f"Elasticsearch bulk failed after {self.max_attempts} attempts ({len(pending)} items pending)"
        )

    async def _bulk_once(self, actions: list[Action], refresh: bool) -> tuple[list[Action], list[InvalidEvent]]:
        operations: list[dict[str, Any]] = []
        for action in actions:
            body = action.doc if action.op == "index" else {"doc": action.doc}
            operations += [{action.op: {"_index": action.alias, "_id": action.doc_id}}, body]
        response = await self.es.bulk(operations=operations, refresh="wait_for" if refresh else None)
        retry: list[Action] = []
        poison: list[InvalidEvent] = []
        for action, item in zip(actions, response["items"], strict=True):
            result = item.get(action.op, {})
            status = int(result.get("status", 500))
            if status < 300:
                metrics.ES_BULK_DOCS.labels(action.alias, "ok").inc()
            elif status in _TRANSIENT_STATUS:
                retry.append(action)
            else:
                metrics.ES_BULK_DOCS.labels(action.alias, "rejected").inc()
                poison.append(refused_item(action, status, result.get("error")))
        return retry, poison
