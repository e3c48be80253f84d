"""extract service entry point: settings -> broker -> router -> HTTP app (/metrics, /healthz, /readyz)."""

from __future__ import annotations

from fastapi import FastAPI

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.handlers import SERVICE, build_router
from claimstream.shared.broker import build_broker
from claimstream.shared.http import create_service_app, serve
from claimstream.shared.settings import ExtractSettings


def create_app(settings: ExtractSettings, extractor: ClaimExtractor | None = None) -> FastAPI:
    """The extract app. The spaCy model is loaded here, once, before the consumer starts."""
    broker = build_broker(settings, SERVICE)
    broker.include_router(build_router(settings, broker, extractor or ClaimExtractor()))
    return create_service_app(SERVICE, broker, title="claimstream extract")


def run() -> None:
    settings = ExtractSettings()
    serve(create_app, settings, settings.extract_port)


if __name__ == "__main__":
    run()
