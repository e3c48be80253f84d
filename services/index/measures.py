"""What a figure measures (pure): a subject class (``troops``, ``people``, ``homes``; or a unit such as ``m`` or
``usd``) plus an optional event from :data:`claimstream.shared.taxonomy.EVENTS` (``killed``, ``displaced``, ...).

A quantity's measure comes from its own ``subject``/``event`` when the extractor set them; otherwise (claims of
older extractors) from the counted noun and the few words right around the number (:mod:`window`). The index
stores it beside each quantity (:func:`index_fields`) for filters, facets and measure queries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from claimstream.services.index.window import event_near
from claimstream.shared.taxonomy import event_family, is_total, noun_class, side_key

# Units that say nothing comparable on their own (shares, durations): only grouped through a counted noun.
VAGUE_UNITS = {"percent", "fraction", "second", "minute", "hour", "day", "week", "month", "year", "decade", "times"}
COUNT = "count"  # the family of bare and ``deployed`` counts: how many there are, or were sent


def family(event: str | None) -> str:
    """The comparison family of an event: the widest event it nests in (``killed`` -> ``lost``); a bare count
    and ``deployed`` share :data:`COUNT` (a force's size is what was sent)."""
    return COUNT if is_total(event) else (event_family(event) or COUNT)


def subject_parts(subject: str) -> tuple[str, frozenset[str]]:
    """(subject class, modifiers) of an extracted subject: ``North Korean soldiers`` -> (troops, {north, korean});
    an owner's possessive counts as a modifier (``Ukraine's troops`` -> {ukraine})."""
    words = re.findall(r"[^\W\d_]+", re.sub(r"[’']s\b", "", subject.lower()))
    if not words:
        return subject.lower(), frozenset()
    return noun_class(words[-1])[0], frozenset(words[:-1])


def fallback_measure(
    quantity: Mapping[str, Any], text: str, sentence: str = "", inherited: str | None = None
) -> tuple[str, str | None] | None:
    """(subject class or unit, event) read from the counted noun and the words around the number, or None when
    the figure is not comparable (a bare number, a share, a duration, a part of another figure). ``inherited``
    is the noun class of the previous quantity of the claim ("300 soldiers were killed and 2,700 wounded")."""
    counts, unit = quantity.get("counts"), quantity.get("normalized_unit") or quantity.get("unit")
    noun, implied = noun_class(counts) if counts else (None, None)
    event = event_near(quantity.get("text") or "", counts, text, sentence)
    if event == "part":
        return None
    event = implied or event
    if noun is None and unit is None:
        if event is None:
            return None
        noun = inherited or "people"
    if noun is None:
        return None if unit in VAGUE_UNITS else (str(unit), event)
    return noun, event


def side_of(subject: str | None) -> tuple[str, str]:
    """(side key, side as written) of an extracted subject: the words before its class word, folded by
    :func:`claimstream.shared.taxonomy.side_key` (``North Korean soldiers`` -> ("north kore", "North Korean"));
    ("", "") when it names no side."""
    written = (subject or "").rsplit(" ", 1)[0] if " " in (subject or "") else ""
    return side_key(written), written


def measure_label(subject: str, event: str | None) -> str:
    return f"{subject} {event}" if event else subject


def claim_measures(claim: Mapping[str, Any]) -> list[tuple[str, frozenset[str], str | None] | None]:
    """(subject class, modifiers, event) of each quantity of ``claim``: its own subject/event when the
    extractor set them, else :func:`fallback_measure`; None for figures that measure nothing comparable."""
    out: list[tuple[str, frozenset[str], str | None] | None] = []
    inherited: str | None = None
    for q in claim.get("quantities") or []:
        if q.get("subject") or q.get("event"):
            subject, mods = subject_parts(q["subject"]) if q.get("subject") else (inherited or "people", frozenset())
            out.append((subject, mods, q.get("event")))
        else:
            found = fallback_measure(q, claim.get("text") or "", claim.get("sentence") or "", inherited)
            out.append((found[0], frozenset(), found[1]) if found else None)
        if q.get("counts"):
            inherited = noun_class(q["counts"])[0]
        elif q.get("subject"):
            inherited = subject_parts(q["subject"])[0]
    return out


def index_fields(claim: Mapping[str, Any]) -> list[dict[str, str]]:
    """What the index stores beside each quantity of ``claim`` for filters, facets and measure queries:
    ``measure`` (subject class and own event, e.g. ``troops killed``), ``subject_class`` and ``family``
    (see :func:`family`); ``{}`` for figures that measure nothing comparable."""
    return [
        {"measure": measure_label(m[0], m[2]), "subject_class": m[0], "family": family(m[2])} if m else {}
        for m in claim_measures(claim)
    ]
