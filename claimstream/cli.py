"""claimstream: run the embedded stack, extract claims from files, ingest files into a running stack, score extraction."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from claimstream import demo
from claimstream.datadir import DataDir, DataDirInUse
from claimstream.embedded import DEFAULT_PORTS, StartupError, embedded_stack, port_free
from claimstream.shared.logs import setup_logging

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
log = logging.getLogger("claimstream")

ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}


@app.command()
def up(
    demo_data: Annotated[
        bool, typer.Option("--demo", help="Ingest the bundled demo articles once the stack is up.")
    ] = False,
    ingest_port: Annotated[int, typer.Option(help="Port of the ingest API.")] = DEFAULT_PORTS["ingest"],
    extract_port: Annotated[int, typer.Option(help="Port of the extract service's metrics.")] = DEFAULT_PORTS[
        "extract"
    ],
    search_port: Annotated[int, typer.Option(help="Port of the search API (index service).")] = DEFAULT_PORTS["index"],
    log_dir: Annotated[Path, typer.Option(help="Where each process writes its log.")] = Path(".claimstream/logs"),
    data_dir: Annotated[
        Path,
        typer.Option(
            help="Where the journal of accepted articles, the snapshots of the search "
            "indices and ingest's state are kept."
        ),
    ] = Path(".claimstream/data"),
    ephemeral: Annotated[
        bool, typer.Option("--ephemeral", help="Keep nothing on disk (no journal, no snapshots).")
    ] = False,
    retain_days: Annotated[
        float | None, typer.Option(help="Delete articles (and their claims) ingested longer ago.")
    ] = None,
    max_articles: Annotated[
        int | None,
        typer.Option(
            help="Keep at most this many articles (the newest); the search server holds about 1.5 MB per "
            "~700-word news article with its claims (docs/operations.md, scripts/memory_bench.py)."
        ),
    ] = 1_000,
    memory_budget_mb: Annotated[
        int, typer.Option(help="Memory budget of the search server, MB (warned at 90 %).")
    ] = 2048,
    snapshot_interval: Annotated[
        float, typer.Option(help="Seconds between two snapshots (when something changed).")
    ] = 60.0,
) -> None:
    """Run the whole stack on this machine: Kafka-protocol broker (tansu), Elasticsearch-compatible server
    (osmem) and the three services, supervised: a process that dies is restarted. Accepted articles are journaled
    in --data-dir and the indices snapshotted there, so a restart keeps them. Ctrl-C or SIGTERM stops everything
    (after a last snapshot)."""
    from claimstream.launcher import Limits, supervise
    from claimstream.supervisor import Policy, Supervisor

    setup_logging()
    ports = {"ingest": ingest_port, "extract": extract_port, "index": search_port}
    if not ephemeral:  # a server an earlier run of this data directory left running would hold its port
        try:
            DataDir(data_dir.resolve()).stop_leftovers()
        except DataDirInUse as exc:
            typer.secho(f"cannot start: {exc}", fg="red", err=True)
            raise typer.Exit(2) from exc
    busy = [f"{name} port {port}" for name, port in ports.items() if not port_free(port)]
    if busy:
        typer.secho(
            f"cannot start: {', '.join(busy)} already in use (another `claimstream up`?); "
            "choose others with --ingest-port/--extract-port/--search-port",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    limits = Limits(retain_days, max_articles, memory_budget_mb)
    typer.echo("starting Kafka (tansu), Elasticsearch (osmem) and the services ...")
    try:
        with embedded_stack(ports, log_dir=log_dir.resolve(), data_dir=None if ephemeral else data_dir) as stack:
            _print_urls(stack.kafka, stack.elasticsearch, ports, log_dir)
            typer.echo(
                f"  {'data':<21}  {'nothing kept (--ephemeral)' if ephemeral else data_dir}; memory budget of the "
                f"search server {memory_budget_mb} MB, at most {max_articles or 'unlimited'} articles (about "
                f"{170 + 1.5 * (max_articles or 0):.0f} MB for ~700-word news articles)"
                f"{f', {retain_days:g} days' if retain_days else ''}"
            )
            if demo_data:
                demo.load(stack.url("ingest"), stack.url("index"), echo=typer.echo)
            typer.secho("claimstream is up. Press Ctrl-C to stop.", fg="green")
            code = supervise(
                stack, Supervisor(stack, Policy(snapshot_interval=snapshot_interval), typer.echo), limits, typer.echo
            )
    except StartupError as exc:
        typer.secho(f"start-up failed: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo("stopped.")
    raise typer.Exit(code)


def _print_urls(kafka: str, es: str, ports: dict[str, int], log_dir: Path) -> None:
    rows = [
        ("claim explorer", f"http://127.0.0.1:{ports['index']}/  (search claims, see where sources disagree)"),
        ("ingest API", f"http://127.0.0.1:{ports['ingest']}  (POST /articles, docs at /docs)"),
        ("search API", f"http://127.0.0.1:{ports['index']}  (GET /claims?q=..., /articles?q=..., docs at /docs)"),
        ("extract metrics", f"http://127.0.0.1:{ports['extract']}/metrics"),
        ("metrics", "/metrics on each service; health: /healthz, /readyz"),
        ("Kafka (tansu)", kafka),
        ("Elasticsearch (osmem)", es),
        ("logs", str(log_dir)),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        typer.echo(f"  {key:<{width}}  {value}")


def _article_files(paths: list[Path], *, warc: bool = False) -> list[Path]:
    wanted = tuple(ARTICLE_SUFFIXES) + ((".warc", ".warc.gz") if warc else ())
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.name.lower().endswith(wanted) and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise typer.BadParameter(f"{path} does not exist")
    return files


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help=".txt or .html files (or folders of them).")],
    url: Annotated[str | None, typer.Option(help="URL to attribute the article(s) to.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet to attribute the article(s) to.")] = None,
) -> None:
    """Clean and extract claims in-process (no servers); print ClaimExtracted events as JSON lines."""
    setup_logging("WARNING")
    from claimstream.services.extract.claims import ClaimExtractor
    from claimstream.services.ingest.articles import ArticleIn, clean, to_event
    from claimstream.services.ingest.clean import CleaningError

    extractor = ClaimExtractor()
    failed = 0
    for path in _article_files(files):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        is_html = path.suffix.lower() in {".html", ".htm"}
        body = ArticleIn(url=url, outlet=outlet, html=raw if is_html else None, text=None if is_html else raw)
        try:
            article = to_event(body, clean(body), datetime.now(UTC))
        except CleaningError as exc:
            typer.secho(f"{path}: rejected: {exc}", fg="red", err=True)
            failed += 1
            continue
        for claim in extractor.extract(article):
            sys.stdout.write(claim.model_dump_json() + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .html, .warc, .warc.gz) or folders to post.")],
    api: Annotated[
        str, typer.Option(help="Base URL of the ingest API.")
    ] = f"http://127.0.0.1:{DEFAULT_PORTS['ingest']}",
    api_key: Annotated[
        str | None, typer.Option(envvar="CLAIMSTREAM_INGEST_API_KEY", help="X-API-Key, if the API wants one.")
    ] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Requests in flight.")] = 4,
) -> None:
    """Post article files, or the HTML pages of WARC archives (CC-NEWS style), to a running ingest API, with a
    progress bar."""
    from claimstream.ingest_client import post_files, post_warcs
    from claimstream.services.ingest.warc import is_warc

    found = _article_files(paths, warc=True)
    files, archives = [f for f in found if not is_warc(f)], [f for f in found if is_warc(f)]
    if not found:
        typer.secho("no .txt/.html/.warc/.warc.gz files found", fg="red", err=True)
        raise typer.Exit(2)
    rejected: list[tuple[Path, str]] = []
    if files:
        result = post_files(files, api, api_key=api_key, concurrency=concurrency)
        typer.echo(f"accepted {result.accepted}, rejected {len(result.rejected)}, of {len(files)} files")
        rejected += result.rejected
    if archives:
        result = post_warcs(archives, api, api_key=api_key, concurrency=concurrency)
        typer.echo(
            f"accepted {result.accepted}, rejected {len(result.rejected)} pages from {len(archives)} WARC "
            f"archive(s); {result.skipped} records skipped (not 2xx HTML responses, or too large)"
        )
        rejected += result.rejected
    for path, reason in rejected:
        typer.echo(f"  {path}: {reason}", err=True)
    raise typer.Exit(1 if rejected else 0)


@app.command()
def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold file: seeds-dev gold_claims.json, GGT quotes gold.json, NewsQuant dev.json, PolNeAR "
            "dev.json/train.json, or a labelled story stream / event labels (bench/stories/polnear_events.json); "
            "the format is read from the file.",
            exists=True,
            dir_okay=False,
        ),
    ],
    articles_dir: Annotated[
        Path | None,
        typer.Argument(
            help="Folder holding the articles the gold file names (GGT: default articles/ beside gold.json; "
            "event labels: the PolNeAR folder with train.json and dev.json).",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Skip the ingest cleaner for .txt files.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List every missed or wrong claim.")] = False,
    part: Annotated[
        str,
        typer.Option(
            help="Score one part: tune (the 1st, 3rd, 5th ... article or sentence), check (2nd, 4th ...) or all."
        ),
    ] = "all",
    every: Annotated[
        int, typer.Option(min=1, help="Then keep every N-th of the part (a fixed sample, for a quicker run).")
    ] = 1,
) -> None:
    """Score extraction against a gold file: claims (recall, attribution, values, boilerplate), GGT quotes
    (P/R/F1, speaker and verb accuracy), NewsQuant quantities (value, unit, change P/R/F1) or PolNeAR
    attributions (P/R/F1, source and cue accuracy, recall on quoted and unquoted contents); or score story
    assignment against labelled events (pairwise and B3 P/R/F1, story sizes)."""
    setup_logging("WARNING")
    from claimstream import evaluate_external, evaluate_stories

    if evaluate_stories.is_stories_file(json.loads(gold.read_text(encoding="utf-8"))):
        try:
            typer.echo(evaluate_stories.format_report(evaluate_stories.evaluate_file(gold, articles_dir)))
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        return
    from claimstream.services.extract.claims import ClaimExtractor

    try:
        table, misses = evaluate_external.score_any(
            gold, articles_dir, ClaimExtractor(), clean=not raw, part=part, every=every
        )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(table)
    if verbose:
        for miss in misses:
            typer.echo(miss)


@app.command()
def reprocess(
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only articles ingested on or after this date.")
    ] = None,
    outlet: Annotated[list[str] | None, typer.Option(help="Only articles of this outlet (repeatable).")] = None,
    data_dir: Annotated[
        Path,
        typer.Option(
            help="Data directory of the running `claimstream up` (for the broker and search server addresses)."
        ),
    ] = Path(".claimstream/data"),
    elasticsearch: Annotated[str | None, typer.Option(help="Search server URL (default: from --data-dir).")] = None,
    kafka: Annotated[str | None, typer.Option(help="Broker host:port (default: from --data-dir).")] = None,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories",
            help="Instead: reassign every stored article to a story under the current story rules (no extraction; "
            "needs only the search server).",
        ),
    ] = False,
) -> None:
    """Extract claims again from stored articles (after an extractor change): republish them, wait until extract
    and index are done, then delete each article's claims the new extraction no longer produces. With
    --stories, reassign the stored articles' stories instead."""
    from claimstream.reprocess import reprocess as run
    from claimstream.reprocess import reprocess_stories

    setup_logging("WARNING")
    state = json.loads((data_dir / "supervisor.json").read_text()) if (data_dir / "supervisor.json").is_file() else {}
    es, bootstrap = (
        elasticsearch or state.get("urls", {}).get("elasticsearch"),
        kafka or state.get("urls", {}).get("kafka"),
    )
    if stories:
        if since or outlet:
            typer.secho("--stories reassigns every stored article: drop --since/--outlet", fg="red", err=True)
            raise typer.Exit(2)
        if not es:
            typer.secho(f"no running stack found in {data_dir}; pass --elasticsearch", fg="red", err=True)
            raise typer.Exit(2)
        reprocess_stories(es, echo=typer.echo)
        return
    if not es or not bootstrap:
        typer.secho(f"no running stack found in {data_dir}; pass --elasticsearch and --kafka", fg="red", err=True)
        raise typer.Exit(2)
    run(es, bootstrap, since=since, outlets=outlet or [], echo=typer.echo)


app.command("bench")(__import__("claimstream.bench.cli", fromlist=["bench"]).bench)  # owned by claimstream/bench/

if __name__ == "__main__":
    app()
