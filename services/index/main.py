"""index service entry point: settings -> broker -> router -> HTTP app (search API, /metrics, /healthz, /readyz)."""

from __future__ import annotations

from fastapi import FastAPI

from claimstream.services.index.accounting import Accounting, build_accounting_api
from claimstream.services.index.api import build_api
from claimstream.services.index.explorer import build_explorer
from claimstream.services.index.handlers import SERVICE, build_router
from claimstream.services.index.store import Store
from claimstream.services.index.stories_api import build_stories_api
from claimstream.services.index.supervision import LauncherReport
from claimstream.shared.broker import build_broker
from claimstream.shared.elastic import build_client, read_guard
from claimstream.shared.http import create_service_app, serve
from claimstream.shared.lag import LagMonitor
from claimstream.shared.settings import IndexSettings


def create_app(settings: IndexSettings) -> FastAPI:
    """The index app: consumers write to Elasticsearch; the search API reads from it."""
    broker = build_broker(settings, SERVICE)
    store = Store(build_client(settings), settings.index_prefix)
    broker.include_router(build_router(settings, broker, store))
    lag = LagMonitor(SERVICE, broker)
    accounting = Accounting(store, lag, settings.topic_articles_cleaned, settings.topic_articles_rejected)
    launcher = LauncherReport(settings.index_supervisor_file)  # claimstream up: restarts, search server memory
    guard = read_guard(store.es)

    async def circuit_closed() -> bool:
        return guard.closed()

    app = create_service_app(
        SERVICE,
        broker,
        title="claimstream search API",
        checks={"elasticsearch": store.ping, "search_circuit": circuit_closed, "search_memory": launcher.memory_ok},
        on_startup=[store.ensure],
        on_shutdown=[store.es.close],
        lag=lag,
        background=[accounting.run, launcher.run],
    )
    app.state.read_budget = settings.index_read_budget_seconds  # services/index/read_budget.py
    app.include_router(build_api(store))
    app.include_router(build_stories_api(store))
    app.include_router(build_accounting_api(accounting, restarts=launcher.restarts))
    app.include_router(build_explorer())  # the web page at /
    return app


def run() -> None:
    settings = IndexSettings()
    serve(create_app, settings, settings.index_port)


if __name__ == "__main__":
    run()
