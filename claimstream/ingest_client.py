"""Client side of the ingest API: post article files with a progress bar."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm


@dataclass
class PostResult:
    accepted: int = 0
    article_ids: list[str] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)


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
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=60.0) as client:
        with tqdm(total=len(files), unit="article", desc="ingest") as bar:

            async def one(path: Path) -> None:
                async with gate:
                    try:
                        response = await client.post("/articles", json=file_payload(path))
                    except httpx.HTTPError as exc:
                        result.rejected.append((path, f"cannot reach {api}: {exc or type(exc).__name__}"))
                    else:
                        if response.status_code == 202:
                            result.accepted += 1
                            result.article_ids.append(response.json()["article_id"])
                        else:
                            result.rejected.append((path, _reason(response)))
                    bar.update(1)

            await asyncio.gather(*(one(p) for p in files))
    return result


def post_files(files: list[Path], api: str, *, api_key: str | None = None, concurrency: int = 4) -> PostResult:
    """POST each file to ``api``/articles; never raises for one file's failure (it is reported instead)."""
    headers = {"X-API-Key": api_key} if api_key else {}
    return asyncio.run(_post_all(files, api.rstrip("/"), headers, concurrency))
