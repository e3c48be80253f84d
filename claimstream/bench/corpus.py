"""The benchmark's input: real HTML pages from ``<repo>/../shared/corpus/*/html/*.html``, else the demo texts.

Every source carries the URL its page was published at (from the corpus' ground-truth files) so ingest
derives the same outlet as it would in production. :func:`tagged_url` makes one URL per run and copy: the
article id is a hash of the canonical URL, so each run posts articles the index has never seen, while the
cleaning and extraction work stays the same (only a query parameter changes, the host does not).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
_FALLBACK_HOST = "https://bench.claimstream.example"


@dataclass(frozen=True)
class Source:
    """One input document: HTML (corpus) or plain text (demo), with the URL it was published at."""

    name: str
    url: str
    html: str | None = None
    text: str | None = None

    def body(self, tag: str) -> dict[str, str]:
        """The ``POST /articles`` body for this source under run tag ``tag``."""
        content = {"html": self.html} if self.html is not None else {"text": self.text or ""}
        return {"url": tagged_url(self.url, tag), **content}


@dataclass(frozen=True)
class Input:
    """The sources found and a sentence saying where they came from (printed and stored in the result)."""

    kind: str  # "corpus" or "demo"
    description: str
    sources: list[Source]


def tagged_url(url: str, tag: str) -> str:
    """``url`` with the query parameter ``cs_bench=tag`` (kept by canonical_url, so the article id changes)."""
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode({"cs_bench": tag})) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def _urls(part: Path) -> dict[str, str]:
    """File stem -> published URL, from the ground-truth file of a corpus part (empty if it has none)."""
    urls: dict[str, str] = {}
    truth = part / "ground-truth.json"
    if truth.is_file():
        urls.update({k: v["url"] for k, v in json.loads(truth.read_text(encoding="utf-8")).items() if v.get("url")})
    evaldata = part / "evaldata.json"
    if evaldata.is_file():
        for entry in json.loads(evaldata.read_text(encoding="utf-8")).values():
            if entry.get("url") and entry.get("source_file"):
                urls[Path(entry["source_file"]).stem] = entry["url"]
    return urls


def corpus_sources(root: Path) -> list[Source]:
    """Every HTML page of every corpus part, interleaved across parts (so a prefix mixes them), sorted within."""
    parts: list[list[Source]] = []
    for part in sorted(p for p in root.iterdir() if (p / "html").is_dir()):
        urls = _urls(part)
        parts.append(
            [
                Source(
                    f"{part.name}/{page.stem}",
                    urls.get(page.stem) or f"{_FALLBACK_HOST}/{part.name}/{page.stem}",
                    html=page.read_bytes().decode("utf-8", errors="replace"),
                )
                for page in sorted((part / "html").glob("*.html"))
            ]
        )
    interleaved = [s for group in _zip_longest(parts) for s in group]
    return interleaved


def _zip_longest(parts: list[list[Source]]) -> list[list[Source]]:
    longest = max((len(p) for p in parts), default=0)
    return [[p[i] for p in parts if i < len(p)] for i in range(longest)]


def demo_sources() -> list[Source]:
    """The bundled demo reports (plain text)."""
    root = resources.files("claimstream") / "demo"
    manifest = json.loads((root / "manifest.json").read_text())
    return [Source(f"demo/{a['file']}", a["url"], text=(root / a["file"]).read_text()) for a in manifest["articles"]]


def load_input(corpus: Path = DEFAULT_CORPUS) -> Input:
    """The corpus pages if ``corpus`` holds any, else the demo articles (and a description that says so)."""
    sources = corpus_sources(corpus) if corpus.is_dir() else []
    if sources:
        return Input("corpus", f"real HTML corpus {corpus} ({len(sources)} pages)", sources)
    demo = demo_sources()
    return Input(
        "demo",
        f"CORPUS NOT FOUND at {corpus}: using the {len(demo)} bundled demo articles "
        "(claimstream/demo/*.txt, plain text, no trafilatura HTML cleaning)",
        demo,
    )
