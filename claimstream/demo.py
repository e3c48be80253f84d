"""The bundled demo: short fictional reports of one event whose figures disagree."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from importlib import resources
from typing import Any

import httpx


def articles() -> list[dict[str, Any]]:
    """POST /articles bodies of the demo reports."""
    root = resources.files("claimstream") / "demo"
    manifest = json.loads((root / "manifest.json").read_text())
    return [
        {"text": (root / a["file"]).read_text(), **{k: a[k] for k in ("outlet", "url", "published_at")}}
        for a in manifest["articles"]
    ]


def load(ingest_url: str, search_url: str, echo: Callable[[str], Any] = print, timeout: float = 60.0) -> list[str]:
    """Post the demo articles, wait until each has searchable claims, print example queries. Returns the ids."""
    ids: list[str] = []
    for body in articles():
        response = httpx.post(f"{ingest_url}/articles", json=body, timeout=30)
        response.raise_for_status()
        ids.append(response.json()["article_id"])
        echo(f"  ingested {body['outlet']}: {ids[-1]}")
    deadline = time.monotonic() + timeout
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for article_id in list(pending):
            r = httpx.get(f"{search_url}/claims", params={"article_id": article_id, "size": 1}, timeout=10)
            if r.status_code == 200 and r.json()["total"] > 0:
                pending.discard(article_id)
        time.sleep(0.5)
    if pending:
        echo(f"  warning: no claims searchable yet for {sorted(pending)}")
    else:
        echo(f"  demo data searchable: {len(ids)} articles. Open {search_url}/ (claim explorer), or try:")
        echo(f"    curl '{search_url}/claims?q=death+toll'")
        echo(f"    curl '{search_url}/claims/compare?q=deaths'")
        echo(f"    curl '{search_url}/claims?q=displaced&outlet=Meridian+Wire'")
        echo(f"    curl '{search_url}/articles/{ids[0]}'")
    return ids
