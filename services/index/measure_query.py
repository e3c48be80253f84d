"""A comparison query read as a measure (pure): ``q=North Korean troops`` compares troop figures whatever
words the claims use ("soldiers", "forces", or no noun at all when the extractor set the subject).

The words of ``q`` (negated ``-words`` ignored) are looked up in :mod:`claimstream.shared.taxonomy`: a counted
noun gives the subject class (and an implied event: ``deaths`` -> people killed), an event word the event;
the other words are modifiers (``north``, ``korean``). A query naming neither a subject nor an event is no
measure query: its claims are compared as found by text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claimstream.services.index.readings import Reading, family
from claimstream.shared.taxonomy import EVENT_WORDS, SUBJECT_CLASSES, noun_class, side_key, singular

_WORD = re.compile(r"(-?)([^\W\d_]+)")
_FILLER = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "by", "for", "at", "from", "with", "how", "many"}


@dataclass(frozen=True)
class MeasureQuery:
    """What a query asks to compare: subject classes, events, modifiers of the subject. Several subjects or
    events (``killed | displaced``) are alternatives."""

    subjects: frozenset[str]
    events: frozenset[str]
    modifiers: frozenset[str]

    def matches(self, r: Reading) -> bool:
        """One of the subject classes and event families; modifiers (when both have some) must share a word of
        the reading's side, spellings folded (:func:`~claimstream.shared.taxonomy.side_key`), so "North Korean
        troops" takes readings of "troops", "North Korean soldiers" and "North Korea's forces", not "Ukrainian
        troops"."""
        if self.subjects and r.subject not in self.subjects:
            return False
        if self.events and r.family not in {family(e) for e in self.events}:
            return False
        asked = set(side_key(" ".join(sorted(self.modifiers))).split())
        return not (asked and r.side and not asked & set(r.side.split()))

    def clause(self) -> dict[str, Any]:
        """Elasticsearch filter for claims having a quantity of this measure (fields written by the index)."""
        must: list[dict[str, Any]] = []
        if self.subjects:
            must.append({"terms": {"quantities.subject_class": sorted(self.subjects)}})
        if self.events:
            must.append({"terms": {"quantities.family": sorted({family(e) for e in self.events})}})
        return {"nested": {"path": "quantities", "query": {"bool": {"filter": must}}}}


def parse(q: str | None) -> MeasureQuery | None:
    """The measure ``q`` names, or None when it names no subject and no event."""
    subjects: set[str] = set()
    events: set[str] = set()
    modifiers: set[str] = set()
    for negated, word in _WORD.findall(q or ""):
        w = word.lower()
        if negated or w in _FILLER:
            continue
        if w in EVENT_WORDS:
            events.add(EVENT_WORDS[w])
        elif w in SUBJECT_CLASSES or singular(w) in SUBJECT_CLASSES:
            subject, implied = noun_class(w)
            subjects.add(subject)
            events.update([implied] if implied else [])
        else:
            modifiers.add(w)
    if not subjects and not events:
        return None
    return MeasureQuery(frozenset(subjects), frozenset(events), frozenset(modifiers))


def text_or_measure(text_clause: dict[str, Any], mq: MeasureQuery | None) -> dict[str, Any]:
    """The query clause of a comparison: claims found by text, or (for a measure query) having a quantity of
    the measure."""
    if mq is None:
        return text_clause
    return {"bool": {"should": [text_clause, mq.clause()], "minimum_should_match": 1}}
