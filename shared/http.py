"""The HTTP host every service runs in: a FastAPI app whose lifespan starts and drains the Kafka broker.

It serves ``/healthz`` (the process is alive), ``/readyz`` (the broker, and any extra dependency checks, are
reachable), ``/metrics`` (Prometheus, the shared registry) and counts every request in
``claimstream_http_requests_total`` / ``claimstream_http_request_seconds`` by route template.

While the broker runs, a :class:`~claimstream.shared.lag.LagMonitor` samples the consumer lag of the service's
subscribers (``app.state.lag``), next to any ``background`` tasks the service adds (the index accounting).

Shutdown (SIGTERM): uvicorn stops accepting connections and finishes the requests in flight, then the lifespan
cancels the background tasks and stops the broker, which waits (``GRACEFUL_TIMEOUT``) for the handler in flight
to return and commit, and closes the consumers without committing anything they fetched but did not handle.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from claimstream.shared import metrics
from claimstream.shared.lag import LagMonitor
from claimstream.shared.logs import secret_values, setup_logging
from claimstream.shared.settings import CommonSettings

S = TypeVar("S", bound=CommonSettings)
log = logging.getLogger(__name__)

ReadinessCheck = Callable[[], Awaitable[bool]]
Hook = Callable[[], Awaitable[None]]
Background = Callable[[], Awaitable[None]]


def serve(create_app: Callable[[S], FastAPI], settings: S, port: int) -> None:
    """Run a service: logging with the settings' secrets masked, then uvicorn, which on SIGTERM stops taking
    requests and runs the lifespan shutdown (the broker drains in-flight work and commits) before exiting."""
    setup_logging(settings.log_level, secret_values(settings))
    uvicorn.run(create_app(settings), host=settings.host, port=port, log_config=None, timeout_graceful_shutdown=30)


def _route_template(request: Request) -> str:
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match == Match.FULL:
            return getattr(route, "path", request.url.path)
    return "unmatched"


def create_service_app(
    service: str,
    broker: KafkaBroker,
    *,
    title: str,
    checks: dict[str, ReadinessCheck] | None = None,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    background: Sequence[Background] = (),
    lag: LagMonitor | None = None,
    description: str = "",
) -> FastAPI:
    """A FastAPI app for ``service``. Start-up order: hooks, then the broker, then the lag monitor and the
    ``background`` tasks (long-running coroutines; cancelled at shutdown). Shutdown: background tasks, then the
    broker (drains in-flight handlers and commits), then hooks. A failing start-up hook aborts start-up."""
    lag = lag or LagMonitor(service, broker)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        for hook in on_startup:
            await hook()
        await broker.start()
        tasks = [asyncio.create_task(run(), name=f"{service}-background") for run in (lag.run, *background)]
        log.info("%s started", service)
        try:
            yield
        finally:
            log.info("%s stopping: draining in-flight messages", service)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await broker.stop()
            for hook in on_shutdown:
                await hook()
            log.info("%s stopped", service)

    app = FastAPI(title=title, description=description, lifespan=lifespan)
    app.state.broker = broker
    app.state.lag = lag
    all_checks: dict[str, ReadinessCheck] = {"kafka": lambda: _broker_ping(broker), **(checks or {})}

    @app.middleware("http")
    async def count_requests(request: Request, call_next):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        route = _route_template(request)
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            metrics.HTTP_REQUESTS.labels(service, route, str(status)).inc()
            metrics.HTTP_REQUEST_SECONDS.labels(service, route).observe(time.perf_counter() - started)

    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.openapi = lambda: documented_errors(app)  # type: ignore[method-assign]

    @app.get("/healthz", tags=["ops"], summary="The process is alive.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @app.get("/readyz", tags=["ops"], summary="Dependencies are reachable.")
    async def readyz() -> JSONResponse:
        results = dict(zip(all_checks, await asyncio.gather(*(_safe(c) for c in all_checks.values())), strict=True))
        ready = all(results.values())
        return JSONResponse({"ready": ready, "checks": results}, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics.", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return app


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_ECHO_LIMIT = 500  # characters of a rejected input echoed back in a 422


def _echo(value: object) -> object:
    """``value`` as valid, short JSON: bytes decoded, long text cut, what JSON cannot hold (NaN, inf) as text."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        try:
            json.dumps(value, allow_nan=False)
            return value
        except (TypeError, ValueError):
            value = repr(value)
    return value[:_ECHO_LIMIT] + "..." if len(value) > _ECHO_LIMIT else value


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, except that the echoed input is made printable and short. (The stock handler answers 500
    to a body that is not UTF-8: it cannot encode the bytes it echoes back.)"""
    errors = [{**e, "input": _echo(e["input"])} if "input" in e else e for e in exc.errors()]
    return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI's answer to an HTTPException, except that a 405 lists in ``Allow`` every method of the path (Starlette
    names only those of the first route matching it, e.g. ``POST`` for ``GET``/``POST /feeds``)."""
    response = await http_exception_handler(request, exc)
    if exc.status_code == 405:
        routes = request.app.router.routes
        allowed = [
            m for m in _METHODS if any(r.matches({**request.scope, "method": m})[0] == Match.FULL for r in routes)
        ]
        response.headers["Allow"] = ", ".join(allowed)
    return response


def documented_errors(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document (built once), saying what the error answers really are: a 422's ``detail`` is
    FastAPI's list of validation errors or, when the request is well-formed but cannot be served (a range that is
    empty, a cursor this API did not issue, content with no article in it), one sentence saying why; and an
    operation that takes a body answers 400 when the body cannot be parsed (not UTF-8 JSON)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = FastAPI.openapi(app)  # FastAPI's own document, which it caches in app.openapi_schema
    error = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
    if error is not None:
        listed = {k: v for k, v in error["properties"]["detail"].items() if k != "title"}
        error["properties"]["detail"] = {
            "anyOf": [listed, {"type": "string", "description": "Why the request cannot be served."}],
            "title": "Detail",
        }
    for operation in (op for item in schema.get("paths", {}).values() for op in item.values()):
        if "requestBody" in operation:
            operation["responses"].setdefault("400", {"description": "The body could not be parsed (not UTF-8 JSON)"})
    return schema


async def _broker_ping(broker: KafkaBroker) -> bool:
    return bool(await broker.ping(timeout=2.0))


async def _safe(check: ReadinessCheck) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout=3.0)
    except Exception:  # a readiness probe reports, it never raises
        log.debug("readiness check failed", exc_info=True)
        return False
