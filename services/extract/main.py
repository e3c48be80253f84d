"""extract service entry point: settings -> broker -> router -> HTTP app (/metrics, /healthz, /readyz)."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.handlers import SERVICE, build_router
from claimstream.shared.broker import build_broker
from claimstream.shared.http import create_service_app
from claimstream.shared.logs import secret_values, setup_logging
from claimstream.shared.settings import ExtractSettings


def create_app(settings: ExtractSettings, extractor: ClaimExtractor | None = None) -> FastAPI:
    """The extract app. The spaCy model is loaded here, once, before the consumer starts."""
    broker = build_broker(settings, SERVICE)
    broker.include_router(build_router(settings, broker, extractor or ClaimExtractor()))
    return create_service_app(SERVICE, broker, title="claimstream extract")


def run() -> None:
    settings = ExtractSettings()
    setup_logging(settings.log_level, secret_values(settings))
    uvicorn.run(create_app(settings), host=settings.host, port=settings.extract_port, log_config=None, timeout_graceful_shutdown=30)


if __name__ == "__main__":
    run()
