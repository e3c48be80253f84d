"""``claimstream bench``: the typer command (registered in claimstream/cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimstream.bench.corpus import DEFAULT_CORPUS


def bench(
    articles: Annotated[
        int, typer.Option("--articles", min=1, help="Articles per run (corpus pages cycled if fewer).")
    ] = 100,
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Runs of each kind; the table shows medians.")] = 3,
    out: Annotated[Path, typer.Option("--out", help="Directory for result.json, result.md, logs and profiles.")] = Path(
        ".claimstream/bench"
    ),
    quick: Annotated[bool, typer.Option("--quick", help="Smoke run: at most 20 articles, 1 repeat.")] = False,
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Corpus root (…/corpus/<part>/html/*.html); demo texts if absent.")
    ] = DEFAULT_CORPUS,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Posters in flight at full load.")
    ] = 8,
    scaling: Annotated[
        bool, typer.Option("--scaling/--no-scaling", help="Also measure with a second extract worker.")
    ] = True,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", help="Sample this service (ingest, extract, index) with py-spy during the first full-load run."
        ),
    ] = None,
    scaling_workers: Annotated[
        str | None,
        typer.Option(
            "--scaling-workers",
            help="Only the partition-scaling run: extract alone, e.g. 1,2,4 workers on as many partitions as the largest count (docs/benchmark.md, Scaling).",
        ),
    ] = None,
) -> None:
    """Benchmark the pipeline against its compute bound: throughput, latency, per-stage time, memory, scaling."""
    from claimstream.bench import report
    from claimstream.bench.bare import BenchError
    from claimstream.bench.runner import Bench, Options
    from claimstream.embedded import StartupError
    from claimstream.shared.logs import setup_logging

    setup_logging("WARNING")
    if scaling_workers is not None:
        from claimstream.bench.scaling import main as scaling_main

        raise typer.Exit(scaling_main(scaling_workers, articles, corpus, out, typer.echo))
    if profile not in (None, "ingest", "extract", "index"):
        raise typer.BadParameter("--profile takes ingest, extract or index")
    if quick:
        articles, repeats = min(articles, 20), 1
    opts = Options(
        articles=articles,
        repeats=repeats,
        corpus=corpus,
        concurrency=concurrency,
        scaling=scaling,
        profile=profile,
        out=out,
    )
    try:
        result = Bench(opts, echo=typer.echo).run()
    except (BenchError, StartupError) as exc:
        typer.secho(f"benchmark failed: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    json_path, md_path = report.write(result, out)
    typer.echo("")
    typer.echo(md_path.read_text())
    typer.echo(f"wrote {json_path} and {md_path}")


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command()(bench)
