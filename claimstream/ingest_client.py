"""Client side of the ingest API: post article files, or the HTML pages of WARC archives, with a progress bar."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

# Drop idle connections before the server does (uvicorn closes them after 5 s): a request sent on a connection
# the server is closing fails with "Server disconnected without sending a response".
KEEPALIVE = httpx.Limits(keepalive_expiry=2.0)


@dataclass
class PostResult:
    accepted: int = 0
    article_ids: list[str] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    skipped: int = 0  # WARC records that are not HTML pages


def file_payload(path: Path, **meta: Any) -> dict[str, Any]:
    """The POST /articles body for a file: HTML for .html/.htm, plain text otherwise."""
    content = path.read_bytes().decode("utf-8", errors="replace")
    key = "html" if path.suffix.lower() in {".html", ".htm"} else "text"
    return {key: content, **{k: v for k, v in meta.items() if v is not None}}


def _reason(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = response.text[:300]
    return f"HTTP {response.status_code}: {detail}"


async def _post_all(files: list[Path], api: str, headers: dict[str, str], concurrency: int) -> PostResult:
    result = PostResult()
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=60.0, limits=KEEPALIVE) as client:
        with tqdm(total=len(files), unit="article", desc="ingest") as bar:

            async def one(path: Path) -> None:
                async with gate:
                    await _post_one(client, api, file_payload(path), path, result)
                    bar.update(1)

            await asyncio.gather(*(one(p) for p in files))
    return result


async def _post_warcs(archives: list[Path], api: str, headers: dict[str, str], concurrency: int) -> PostResult:
    from claimstream.services.ingest.warc import WarcError, WarcStats, iter_pages

    result = PostResult()
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=60.0, limits=KEEPALIVE) as client:
        with tqdm(unit="page", desc="ingest warc") as bar:

            async def one(path: Path, url: str, html: str) -> None:
                try:
                    await _post_one(client, api, {"url": url or None, "html": html}, path, result, label=url)
                finally:
                    gate.release()
                    bar.update(1)

            tasks: set[asyncio.Task[None]] = set()
            for path in archives:
                stats = WarcStats()
                try:
                    with path.open("rb") as stream:
                        for page in iter_pages(stream, stats):
                            await gate.acquire()  # at most `concurrency` pages in memory and in flight
                            task = asyncio.create_task(one(path, page.url, page.html))
                            tasks.add(task)
                            task.add_done_callback(tasks.discard)
                except (WarcError, OSError) as exc:
                    result.rejected.append((path, str(exc)))
                result.skipped += sum(stats.skipped.values())
            await asyncio.gather(*tasks)
    return result


async def _post_one(
    client: httpx.AsyncClient, api: str, payload: dict[str, Any], path: Path, result: PostResult, label: str = ""
) -> None:
    prefix = f"{label}: " if label else ""
    try:
        response = await client.post("/articles", json={k: v for k, v in payload.items() if v is not None})
    except httpx.HTTPError as exc:
        result.rejected.append((path, f"{prefix}cannot reach {api}: {exc or type(exc).__name__}"))
        return
    if response.status_code == 202:
        result.accepted += 1
        result.article_ids.append(response.json()["article_id"])
    else:
        result.rejected.append((path, prefix + _reason(response)))


def post_warcs(archives: list[Path], api: str, *, api_key: str | None = None, concurrency: int = 4) -> PostResult:
    """POST every HTML response record of each WARC archive (url + html) to ``api``/articles, streaming.

    Never raises for one page's or one archive's failure: it is reported in ``rejected``; records that are not
    HTML pages (requests, metadata, redirects, other media) are counted in ``skipped``.
    """
    headers = {"X-API-Key": api_key} if api_key else {}
    return asyncio.run(_post_warcs(archives, api.rstrip("/"), headers, concurrency))


def post_files(files: list[Path], api: str, *, api_key: str | None = None, concurrency: int = 4) -> PostResult:
    """POST each file to ``api``/articles; never raises for one file's failure (it is reported instead)."""
    headers = {"X-API-Key": api_key} if api_key else {}
    return asyncio.run(_post_all(files, api.rstrip("/"), headers, concurrency))
