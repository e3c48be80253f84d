"""Cross-source comparison of claimed figures (pure): what a number measures, and groups of readings.

A *measure* names what a quantity measures, as a counted noun class plus an optional event, e.g. ``troops``,
``people killed``, ``people displaced``, ``homes destroyed``, or a unit (``km``, ``usd``). It comes from the
extractor's ``counts`` lemma (synonyms folded: troops/soldiers/forces -> troops) and from the few words right
around the number ("were killed", "had fled", "death toll of"). :func:`measure_of` is used at index time
(stored as ``quantities.measure`` for filters and facets) and at query time by :func:`compare`.

:func:`compare` groups readings of one measure that are about the same event: same story, same article, or
overlapping entities (connected components), and reports each group's values, spread and a discrepancy flag.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claimstream.shared.taxonomy import EVENT_WORDS as EVENTS
from claimstream.shared.taxonomy import noun_class, singular

# Units that say nothing comparable on their own (shares, durations): only grouped through a counted noun.
VAGUE_UNITS = {"percent", "fraction", "second", "minute", "hour", "day", "week", "month", "year", "decade", "times"}
_STOP = {",", ";", ":", ".", "and", "while", "but", "whereas", "or"}
_TOKEN = re.compile(r"[\w’'%.,-]+|[;:]")
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d")
WINDOW = 4  # words looked at before the number, and after its counted noun


def _tokens(text: str) -> list[str]:
    return [t.lower().strip(".,") or t for t in _TOKEN.findall(text)]


def _context(text: str, surface: str) -> tuple[list[str], list[str]] | None:
    """Words before and after the quantity's surface text in ``text`` (cut at clause breaks), or None."""
    at = text.find(surface) if surface else -1
    if at < 0:
        return None
    before, after = _tokens(text[:at])[-WINDOW - 1:], _tokens(text[at + len(surface):])
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _STOP or _NUMBER.search(before[i]):
            before = before[i + 1:]
            break
    for i, tok in enumerate(after):
        if tok in _STOP or _NUMBER.search(tok):
            after = after[:i]
            break
    return before, after


def _event(before: list[str], after: list[str], noun: str | None) -> str | None:
    if after[:1] == ["of"]:  # "3,000 of the displaced were children": a part of something else
        return "part"
    end = len(after)
    if noun:
        hits = [i for i, t in enumerate(after) if singular(t) == singular(noun) or t == noun]
        end = (hits[0] + 1 + WINDOW) if hits else WINDOW + 2
    for tok in after[:end]:
        if tok in EVENTS:
            return EVENTS[tok]
    for tok in reversed(before):
        if tok in EVENTS:
            return EVENTS[tok]
    return None


def measure_of(quantity: Mapping[str, Any], text: str, sentence: str = "", inherited: str | None = None) -> str | None:
    """What ``quantity`` (a ``Quantity`` as a dict) measures in a claim with ``text``/``sentence``, or None
    when it is not comparable (a bare number, a share, a duration, a part of another figure).

    ``inherited`` is the noun class of the previous quantity in the claim ("300 soldiers were killed and
    2,700 wounded": the 2,700 are soldiers too).
    """
    counts, unit = quantity.get("counts"), quantity.get("normalized_unit") or quantity.get("unit")
    ctx = _context(text, quantity.get("text") or "") or _context(sentence, quantity.get("text") or "") or ([], [])
    noun, implied = noun_class(counts) if counts else (None, None)
    event = _event(*ctx, noun=counts)
    if event == "part":
        return None
    event = implied or event
    if noun is None and unit is None:
        if event is None:
            return None
        noun = inherited or "people"
    if noun is None:
        return None if unit in VAGUE_UNITS else (f"{unit} {event}" if event else str(unit))
    return f"{noun} {event}" if event else noun


def measures(claim: Mapping[str, Any]) -> list[str | None]:
    """:func:`measure_of` for each quantity of ``claim`` (a claim document or ``ClaimExtracted`` dump)."""
    out: list[str | None] = []
    inherited: str | None = None
    for q in claim.get("quantities") or []:
        m = measure_of(q, claim.get("text") or "", claim.get("sentence") or "", inherited)
        if q.get("counts"):
            inherited = noun_class(q["counts"])[0]
        out.append(m)
    return out


def entity_key(text: str) -> str:
    """Entity text folded for overlap tests: case, leading article and possessive removed."""
    t = re.sub(r"[’']s$", "", text.strip().lower())
    return re.sub(r"^the\s+", "", t)


@dataclass(frozen=True)
class Reading:
    """One source's figure for a measure."""

    measure: str
    unit: str | None
    value: float
    approx: str | None
    text: str
    speaker: str
    speaker_kind: str | None
    outlet: str | None
    published_at: str | None
    claim_id: str
    article_id: str
    story_id: str | None
    claim: str
    entities: frozenset[str]

    @property
    def source(self) -> tuple[str | None, str]:
        return self.outlet or self.article_id, self.speaker


def readings(claims: Iterable[Mapping[str, Any]]) -> list[Reading]:
    """Every comparable quantity of ``claims`` (claim documents) as a :class:`Reading`."""
    out: list[Reading] = []
    seen: set[tuple[str, str, str, str, float]] = set()  # a figure in overlapping claims of one speaker counts once
    for c in claims:
        sp = c.get("speaker") or {}
        kind = sp.get("kind")
        speaker = (c.get("outlet") or "outlet") if kind == "outlet" else (sp.get("canonical") or sp.get("name") or "")
        ents = frozenset(entity_key(e["text"]) for e in c.get("entities") or [] if e.get("text"))
        for q, m in zip(c.get("quantities") or [], measures(c)):
            if m is None or (key := (c["article_id"], speaker, m, q.get("text") or "", q["value"])) in seen:
                continue
            seen.add(key)
            norm = q.get("normalized_value") is not None and q.get("normalized_unit")
            out.append(Reading(
                measure=m, unit=q.get("normalized_unit") if norm else q.get("unit"),
                value=float(q["normalized_value"] if norm else q["value"]), approx=q.get("approx"),
                text=q.get("text") or "", speaker=speaker, speaker_kind=kind, outlet=c.get("outlet"),
                published_at=c.get("published_at"), claim_id=c["claim_id"], article_id=c["article_id"],
                story_id=c.get("story_id"), claim=c.get("text") or "", entities=ents))
    return out


def _components(items: Sequence[Reading]) -> list[list[Reading]]:
    """Readings linked by a shared story, article or entity (union-find over shared keys)."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, r in enumerate(items):
        keys = [f"a:{r.article_id}"] + ([f"s:{r.story_id}"] if r.story_id else []) + [f"e:{e}" for e in r.entities]
        for key in keys:
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[Reading]] = defaultdict(list)
    for i, r in enumerate(items):
        groups[find(i)].append(r)
    return list(groups.values())


def _group(members: list[Reading], tolerance: float) -> dict[str, Any]:
    values = [r.value for r in members]
    lo, hi = min(values), max(values)
    spread = (hi - lo) / abs(hi) if hi else 0.0
    sources = {r.source for r in members}
    members = sorted(members, key=lambda r: (r.value, r.published_at or "", r.claim_id))
    return {
        "measure": members[0].measure, "unit": members[0].unit,
        "min": lo, "max": hi, "spread": hi - lo, "relative_spread": round(spread, 4),
        "values": sorted(set(values)),
        "outlets": sorted({r.outlet for r in members if r.outlet}), "n_sources": len(sources),
        "discrepancy": spread > tolerance and len(sources) > 1,
        "readings": [{"value": r.value, "approx": r.approx, "text": r.text, "speaker": r.speaker,
                      "speaker_kind": r.speaker_kind, "outlet": r.outlet, "published_at": r.published_at,
                      "claim_id": r.claim_id, "article_id": r.article_id, "story_id": r.story_id, "claim": r.claim}
                     for r in members],
    }


def compare(claims: Iterable[Mapping[str, Any]], *, tolerance: float = 0.05, min_sources: int = 2) -> list[dict[str, Any]]:
    """Groups of readings measuring the same thing, each with its readings (value, speaker, outlet, date),
    ``min``/``max``/``relative_spread`` ((max - min) / max) and ``discrepancy`` (relative spread above
    ``tolerance`` between at least two sources; a source is an outlet, or the article when the outlet is
    unknown, with a speaker). Groups with fewer than ``min_sources`` sources are left out. Discrepancies come
    first, then groups with more sources."""
    by_key: dict[tuple[str, str | None], list[Reading]] = defaultdict(list)
    for r in readings(claims):
        by_key[(r.measure, r.unit)].append(r)
    groups = [_group(members, tolerance) for items in by_key.values() for members in _components(items)]
    groups = [g for g in groups if g["n_sources"] >= min_sources]
    return sorted(groups, key=lambda g: (not g["discrepancy"], -g["n_sources"], -g["relative_spread"], g["measure"]))
