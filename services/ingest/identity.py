"""Article identity: canonical URLs and deterministic article ids.

Two submissions of the same article must get the same ``article_id`` so that downstream consumers
(extract, index) can deduplicate and so that Kafka keys keep one article in one partition.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

ID_LENGTH = 32  # hex characters kept from the sha256 digest (128 bits)

# Query parameters that only select an AMP rendering of the same article.
_AMP_PARAMS = frozenset({"amp", "outputtype", "usqp", "amp_js_v", "amp_gsa", "__amp_source_origin"})
_AMP_PATH = re.compile(r"(?:/amp/?$)|(?:\.amp(?=\.html?$))|(?:\.amp$)", re.IGNORECASE)
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)  # courlan rejects an upper-case scheme
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)


def canonical_url(url: str) -> str | None:
    """Normalise ``url`` so that variants of one article compare equal.

    Guarantees: lower-case scheme and host, default port dropped, tracking parameters (utm_*, fbclid,
    gclid, ...) removed, remaining query parameters sorted, fragment dropped, AMP variants (``/amp``,
    ``.amp.html``, ``?amp=1``, ``amp.`` host prefix) mapped to the regular page, trailing slash dropped.
    Returns None (never raises) when ``url`` is not a valid absolute http(s) URL with a dotted host name.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    candidate = _SCHEME.sub(lambda m: m[0].lower(), url.strip())
    # courlan's check is a crawler's filter: it also refuses valid article URLs it would not crawl (".cms"
    # pages, "/slideshow/", numeric paths). Such a URL still identifies its article, so only its syntax counts.
    checked = courlan.check_url(candidate)
    if checked is None and not _is_web_url(candidate):
        return None
    try:
        normalized = courlan.normalize_url(checked[0] if checked else candidate, strict=False, trailing_slash=False)
    except (ValueError, AttributeError):
        return None
    return _strip_amp(urlsplit(normalized))


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and "." in host.strip(".") and " " not in url


def _strip_amp(parts: SplitResult) -> str:
    """Rebuild the URL without fragment and AMP markers."""
    scheme, netloc, path, query = parts.scheme, parts.netloc, parts.path, parts.query
    if netloc.startswith("amp."):
        netloc = netloc[len("amp.") :]
    path = _AMP_PREFIX.sub("", _AMP_PATH.sub("", path)) or "/"
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in _AMP_PARAMS]
    if len(path) > 1 and not pairs:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(pairs), ""))


def normalize_for_id(text: str) -> str:
    """Unicode-NFKC, case-folded text with every whitespace run collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def article_id_for(url: str | None, text: str) -> str:
    """Deterministic article id: the first 32 hex chars of a sha256.

    Hashes the canonical URL when ``url`` canonicalises, else the normalised ``text`` (see
    :func:`normalize_for_id`), so the same text pasted with different whitespace or case gets the same id.
    Pass the *cleaned* text, so boilerplate differences between two pastes do not change the id.
    """
    key = canonical_url(url) if url else None
    if key is None:
        key = normalize_for_id(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]
