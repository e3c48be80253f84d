"""Each comparable figure of a claim as a :class:`Reading` (pure): its measure (:mod:`measures`), its source
and its figure.

Every reading carries its figure on the absolute scale: ``absolute`` (a share of a known base becomes the
count it implies: half of 12,000 -> 6,000) and ``interval``, the range its hedge allows (the extractor's, or
for claims of older extractors computed from ``approx`` by the extractor's rule, ``shared/approximators.py``:
about ±10 %, nearly [0.9x, x], at least [x, ∞), up to [0, x]).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from claimstream.services.index.measures import VAGUE_UNITS, claim_measures, family, measure_label, side_of
from claimstream.services.index.provenance import claim_provenance, speaker_of
from claimstream.services.index.window import reported_words
from claimstream.shared import approximators, periods
from claimstream.shared.periods import Period


@dataclass(frozen=True)
class Reading:
    """One source's figure for a measure, on the absolute scale."""

    subject: str
    modifiers: frozenset[str]
    event: str | None
    unit: str | None
    value: float
    approx: str | None
    absolute: tuple[float, float]
    interval: tuple[float, float | None]
    relative: tuple[float, float] | None
    of: float | None
    derived: str | None
    text: str
    reported: str
    speaker: str
    speaker_kind: str | None
    cue: str | None
    outlet: str | None
    published_at: str | None
    claim_id: str
    article_id: str
    story_id: str | None
    claim: str
    entities: frozenset[str]
    # which measure exactly: the subject's side (folded key, and as written) and the period the text states
    side: str = ""
    side_label: str = ""
    placed: str | None = None  # how an unqualified subject got its side: "article" or "story"
    period: Period | None = None
    # who it comes from (see :mod:`provenance`)
    origin: str = ""
    via: tuple[str, ...] = ()
    first_hand: bool | None = None
    copy_of: str | None = None
    also_carried_by: tuple[str, ...] = ()

    @property
    def source(self) -> tuple[str | None, str]:
        """Who gives the figure: the outlet (the article when unknown) and the speaker."""
        return self.outlet or self.article_id, self.speaker

    @property
    def family(self) -> str:
        return family(self.event)

    @property
    def measure(self) -> str:
        return measure_label(self.subject, self.event)


def _pair(v: Any) -> tuple[Any, Any] | None:
    return (v[0], v[1]) if isinstance(v, (list, tuple)) and len(v) == 2 else None


def figure(q: Mapping[str, Any]) -> tuple[tuple[float, float], tuple[float, float | None], str | None] | None:
    """(absolute, interval, unit) of a quantity, or None when it has no absolute figure (a share of an unknown
    base, a bare percentage)."""
    absolute = _pair(q.get("absolute"))
    unit = q.get("normalized_unit") if q.get("normalized_value") is not None else q.get("unit")
    if absolute is None:
        if _pair(q.get("relative")) is not None or unit in VAGUE_UNITS:
            return None
        v = float(q["normalized_value"] if q.get("normalized_value") is not None else q["value"])
        absolute = (v, v)
    else:
        unit = None  # a share turned into a count of its base
    interval = _pair(q.get("interval"))
    if interval is None or interval[0] is None:
        # claims of older extractors: the extractor's own rule (one rule for every figure)
        low, high = approximators.interval(float(absolute[0]), float(absolute[1]), q.get("approx"))
        interval = (low if low is not None else float(absolute[0]), high)
    return (float(absolute[0]), float(absolute[1])), interval, unit


def entity_key(text: str) -> str:
    """Entity text folded for overlap tests: case, leading article and possessive removed."""
    t = re.sub(r"[’']s$", "", text.strip().lower())
    return re.sub(r"^the\s+", "", t)


def _which(q: Mapping[str, Any], c: Mapping[str, Any]) -> dict[str, Any]:
    """The side and period fields of a reading of quantity ``q`` of claim ``c``."""
    side, label = side_of(q.get("subject"))
    period = periods.resolve(q["period"], c.get("published_at")) if q.get("period") else None
    return {"side": side, "side_label": label, "period": period}


def readings(claims: Iterable[Mapping[str, Any]]) -> list[Reading]:
    """Every comparable quantity of ``claims`` (claim documents) as a :class:`Reading`; a figure repeated in
    overlapping claims of one speaker counts once."""
    out: list[Reading] = []
    seen: set[tuple[str, str, str, str, float]] = set()
    for c in claims:
        sp = c.get("speaker") or {}
        kind = sp.get("kind")
        speaker = speaker_of(c)
        ents = frozenset(entity_key(e["text"]) for e in c.get("entities") or [] if e.get("text"))
        provenance = claim_provenance(c, speaker)
        for q, m in zip(c.get("quantities") or [], claim_measures(c), strict=False):
            fig = figure(q) if m else None
            if m is None or fig is None or (m[2] is None and _pair(q.get("relative"))):
                continue  # a share that says nothing happened ("reached two-thirds of the 40 villages") is a part of its base
            key = (c["article_id"], speaker, measure_label(m[0], m[2]), q.get("text") or "", float(q["value"]))
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Reading(
                    subject=m[0],
                    modifiers=m[1],
                    event=m[2],
                    unit=fig[2],
                    value=float(q["value"]),
                    approx=q.get("approx"),
                    absolute=fig[0],
                    interval=fig[1],
                    relative=_pair(q.get("relative")),
                    of=q.get("of"),
                    derived=q.get("derived"),
                    text=q.get("text") or "",
                    reported=reported_words(q.get("text") or "", c.get("text") or "", c.get("sentence") or ""),
                    speaker=speaker,
                    speaker_kind=kind,
                    cue=c.get("cue"),
                    outlet=c.get("outlet"),
                    published_at=c.get("published_at"),
                    claim_id=c["claim_id"],
                    article_id=c["article_id"],
                    story_id=c.get("story_id"),
                    claim=c.get("text") or "",
                    entities=ents,
                    **_which(q, c),
                    **provenance,
                )
            )
    return out
