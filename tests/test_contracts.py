"""Both HTTP APIs against their own OpenAPI documents, under schemathesis (examples, coverage, fuzzing and stateful
phases, every check), on a running stack: the real index process (tansu, osmem) with a few demo articles indexed,
and the ingest app on a real port, publishing to the same broker.

Bounded: 40 examples per operation and phase, a fixed seed, no example database; about a minute in all. The one
check replaced is ``positive_data_acceptance`` (tests/schemathesis_hooks.py says how and why).

ingest runs in this process, not as the stack's process, so that its fetches resolve no names: a fuzzed
``{"url": ...}`` must never reach a DNS server (the resolver refuses every name, as in tests/test_fuzz.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn

from claimstream import demo
from claimstream.embedded import Stack, embedded_stack, free_port
from claimstream.services.ingest.main import create_app
from claimstream.shared.settings import IngestSettings

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.timeout(300)]

REPO = Path(__file__).resolve().parent.parent
SEED = 20261130
EXAMPLES = 40
ST = Path(sys.executable).parent / "st"


async def _no_network(host: str, port: int) -> list[str]:
    raise OSError(f"the contract test resolves no names ({host})")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(log_dir=tmp_path_factory.mktemp("contracts"), services=("index",)) as running:
        yield running


@pytest.fixture(scope="module")
def ingest_url(stack: Stack) -> Iterator[str]:
    """The ingest app, on a free loopback port, publishing to the stack's broker, with no name resolution."""
    port = free_port()
    app_settings = IngestSettings(
        kafka_bootstrap_servers=stack.kafka, ingest_port=port, ingest_feed_poll_seconds=0, ingest_fetch_host_delay=0.0
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(app_settings, resolve=_no_network),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
        )
    )
    thread = threading.Thread(target=server.run, name="contracts-ingest", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "ingest did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=60)


@pytest.fixture(scope="module")
def search_url(stack: Stack, ingest_url: str) -> str:
    """The search API with the demo articles indexed, so searches have hits, facets and highlights to answer."""
    posted = [httpx.post(f"{ingest_url}/articles", json=body, timeout=60) for body in demo.articles()]
    assert [r.status_code for r in posted] == [202] * len(posted), [r.text for r in posted]
    ids = [r.json()["article_id"] for r in posted]
    url = stack.url("index")
    deadline = time.monotonic() + 60
    while any(httpx.get(f"{url}/articles/{i}", timeout=10).status_code != 200 for i in ids):
        assert time.monotonic() < deadline, "the demo articles were not indexed"
        time.sleep(0.5)
    return url


def schemathesis_run(base_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``st run`` on ``base_url``'s OpenAPI document; every check but positive_data_acceptance, ours instead."""
    command = [
        str(ST),
        "--config-file",
        str(REPO / "tests" / "schemathesis.toml"),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--workers",
        # One: with two, schemathesis's threads build ASTs at once (hypothesis reads lambda sources to name its
        # strategies) and CPython 3.11.7 keeps the AST builder's depth per interpreter, not per thread, so a run
        # can fail with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905).
        "1",
        "--request-timeout",
        "60",  # a loaded CI machine cleans a large fuzzed page slowly; slow is not wrong
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(tmp_path / "junit.xml"),
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "tests"), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(command, capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)


def _assert_clean(run: subprocess.CompletedProcess[str], out: Path, base_url: str) -> None:
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    junit = (out / "junit.xml").read_text()
    assert 'failures="0"' in junit and 'errors="0"' in junit, junit[:2000]
    paths = httpx.get(f"{base_url}/openapi.json", timeout=30).json()["paths"]
    operations = sum(len(methods) for methods in paths.values())
    assert f"Tested: {operations}" in run.stdout, run.stdout[-2000:]  # every documented operation was exercised


@pytest.fixture(scope="module")
def urls(search_url: str, ingest_url: str) -> dict[str, str]:
    return {"search": search_url, "ingest": ingest_url}


@pytest.fixture(scope="module")
def contract_runs(
    urls: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """Both schemathesis runs at once: they share the cores, and the wall time is the longer run's."""
    dirs = {name: tmp_path_factory.mktemp(f"schemathesis-{name}") for name in urls}
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        futures = {name: pool.submit(schemathesis_run, url, dirs[name]) for name, url in urls.items()}
        return {name: (future.result(), dirs[name]) for name, future in futures.items()}


@pytest.mark.parametrize("api", ["search", "ingest"])
def test_api_meets_its_openapi(
    api: str, urls: dict[str, str], contract_runs: dict[str, tuple[subprocess.CompletedProcess[str], Path]]
) -> None:
    run, out = contract_runs[api]
    _assert_clean(run, out, urls[api])


def test_the_contract_check_can_fail(stack: Stack, tmp_path: Path) -> None:
    """Against a deliberately wrong document (`GET /articles/{article_id}` without its 404 and 422), schemathesis
    reports the undocumented status codes: the runs above would see such a drift."""
    import json

    schema = httpx.get(f"{stack.url('index')}/openapi.json", timeout=30).json()
    get_article = schema["paths"]["/articles/{article_id}"]["get"]
    get_article["responses"] = {"200": get_article["responses"]["200"]}  # 404 and 422 left undocumented
    (tmp_path / "wrong.json").write_text(json.dumps(schema))
    command = [
        str(ST),
        "run",
        str(tmp_path / "wrong.json"),
        "--url",
        stack.url("index"),
        "--checks",
        "status_code_conformance",
        "--include-path",
        "/articles/{article_id}",
        "--max-examples",
        "10",
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--phases",
        "fuzzing",
        "--no-color",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode != 0 and "Undocumented" in run.stdout, run.stdout[-3000:]


def test_what_the_fuzzer_found_stays_fixed(search_url: str, ingest_url: str) -> None:
    """The failures schemathesis first reported, as plain requests: a date with an offset Elasticsearch refuses
    (beyond ±18:00) is served; a 405 lists every method of the path; an unknown article is a documented 404."""
    served = httpx.get(f"{search_url}/articles", params={"date_from": "2020-09-28T05:55:42.4-21:20"}, timeout=30)
    assert served.status_code == 200, served.text
    inverted = httpx.get(
        f"{search_url}/claims",
        params={"date_from": "2026-03-02T00:00:00-10:00", "date_to": "2026-03-02T00:00:00Z"},
        timeout=30,
    )
    assert inverted.status_code == 422 and isinstance(inverted.json()["detail"], str)  # 10:00 UTC is after 00:00 UTC
    options = httpx.options(f"{ingest_url}/feeds", timeout=30)
    assert options.status_code == 405 and set(options.headers["allow"].split(", ")) >= {"GET", "POST"}
    schema = httpx.get(f"{search_url}/openapi.json", timeout=30).json()
    assert "404" in schema["paths"]["/articles/{article_id}"]["get"]["responses"]
    body = httpx.get(f"{ingest_url}/openapi.json", timeout=30).json()["components"]["schemas"]["ArticleIn"]
    assert {tuple(alt["required"]) for alt in body["anyOf"]} == {("html",), ("text",), ("url",)}
