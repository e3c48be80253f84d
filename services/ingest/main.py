"""ingest service entry point: settings -> broker -> HTTP app (POST /articles, /feeds, /metrics, /healthz, /readyz)
and the feed poller, which runs while the broker is up."""

from __future__ import annotations

from fastapi import FastAPI

from claimstream.services.ingest.fetch import Resolver, system_resolve
from claimstream.services.ingest.routes import SERVICE, build_api, limit_body
from claimstream.shared.broker import build_broker
from claimstream.shared.http import create_service_app, serve
from claimstream.shared.settings import IngestSettings


def create_app(settings: IngestSettings, *, resolve: Resolver = system_resolve) -> FastAPI:
    """The ingest app; the broker connects on start-up and drains on shutdown; polling runs in between."""
    broker = build_broker(settings, SERVICE)
    app = create_service_app(SERVICE, broker, title="claimstream ingest API")
    api = build_api(settings, broker, resolve=resolve)
    app.include_router(api.router)
    app.state.poller = api.poller
    app.router.lifespan_context = api.poller.lifespan(app.router.lifespan_context)
    app.middleware("http")(limit_body(settings.ingest_max_body_bytes))
    return app


def run() -> None:
    settings = IngestSettings()
    serve(create_app, settings, settings.ingest_port)


if __name__ == "__main__":
    run()
