"""Every search API request on a deadline: 503 with ``Retry-After`` instead of a hang or a 500.

A router made with ``APIRouter(route_class=BudgetedRoute)`` runs each request inside
:func:`claimstream.shared.elastic.read_budget` (``CLAIMSTREAM_INDEX_READ_BUDGET_SECONDS``, read from
``app.state.read_budget``: each search-server read times out at the deadline) and under an :func:`asyncio.timeout`
:data:`GRACE` seconds longer (work between the reads has a deadline too), so neither a search server that
stops answering nor a slow request holds a client past the budget. A read the search server cannot serve (no
answer within the budget, too many reads in flight, the circuit breaker open, the server unreachable or itself
answering 429/502/503/504) is answered ``503`` with ``Retry-After`` and an :class:`Unavailable` body; each route's
OpenAPI operation documents it.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Coroutine
from typing import Any

from elasticsearch import ApiError
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from claimstream.shared import metrics
from claimstream.shared.elastic import Reason, SearchUnavailable, read_budget
from claimstream.shared.settings import IndexSettings

log = logging.getLogger(__name__)
DEFAULT_BUDGET = float(IndexSettings.model_fields["index_read_budget_seconds"].default)
_BUSY_STATUS = {429, 502, 503, 504}
GRACE = 0.5  # seconds past the read deadline at which the request itself is cut (its reads' timeouts fire first)


class Unavailable(BaseModel):
    """Why the search server could not serve the request now (503)."""

    detail: str = Field(description="What happened, in a sentence.")
    reason: Reason = Field(
        description="timeout: no answer within the read budget; overloaded: too many reads in flight in this "
        "process; circuit_open: the search server failed repeatedly and reads are paused while it recovers; "
        "unavailable: the search server cannot be reached or says it is overloaded."
    )
    retry_after: int = Field(ge=1, description="Seconds to wait before trying again (also the Retry-After header).")


UNAVAILABLE_RESPONSE: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "The search server cannot serve the request within the read budget; try again later",
        "model": Unavailable,
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 1}}},
    }
}


def unavailable(reason: Reason, detail: str, retry_after: int) -> JSONResponse:
    body = Unavailable(detail=detail, reason=reason, retry_after=max(1, retry_after))
    return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": str(body.retry_after)})


class BudgetedRoute(APIRoute):
    """An API route whose requests run on the read budget (see the module docstring)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        kwargs["responses"] = {**UNAVAILABLE_RESPONSE, **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def budgeted(request: Request) -> Response:
            seconds = float(getattr(request.app.state, "read_budget", DEFAULT_BUDGET))
            try:
                async with asyncio.timeout(seconds + GRACE):
                    with read_budget(seconds):
                        return await handler(request)
            except TimeoutError:
                metrics.SEARCH_READS_REFUSED.labels("timeout").inc()
                return unavailable("timeout", f"no answer within the read budget of {seconds:g} s", 1)
            except SearchUnavailable as exc:
                return unavailable(exc.reason, exc.detail, exc.retry_after)
            except ApiError as exc:
                if exc.meta.status not in _BUSY_STATUS:
                    raise
                metrics.SEARCH_READS_REFUSED.labels("unavailable").inc()
                log.warning("search server answered %d to %s", exc.meta.status, request.url.path)
                after = exc.meta.headers.get("retry-after") or ""
                return unavailable(
                    "unavailable",
                    f"the search server answered {exc.meta.status} (busy)",
                    int(after) if after.isdigit() else math.ceil(seconds / 2),
                )

        return budgeted
