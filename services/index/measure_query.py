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
from claimstream.shared.taxonomy import EVENT_WORDS, SUBJECT_CLASSES, noun_class, singular

_WORD = re.compile(r"(-?)([^\W\d_]+)")
_FILLER = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "by", "for", "at", "from", "with", "how", "many"}


@dataclass(frozen=True)
class MeasureQuery:
    """What a query asks to compare: subject class, event, modifiers of the subject."""

    subject: str | None
    event: str | None
    modifiers: frozenset[str]

    def matches(self, r: Reading) -> bool:
        """Same subject class and event family; modifiers (when both have some) must share a word, so
        "North Korean troops" takes readings of "troops" and "North Korean soldiers", not "Ukrainian troops"."""
        if self.subject is not None and r.subject != self.subject:
            return False
        if self.event is not None and r.family != family(self.event):
            return False
        return not (self.modifiers and r.modifiers and not self.modifiers & r.modifiers)

    def clause(self) -> dict[str, Any]:
        """Elasticsearch filter for claims having a quantity of this measure (fields written by the index)."""
        must: list[dict[str, Any]] = []
        if self.subject is not None:
            must.append({"term": {"quantities.subject_class": self.subject}})
        if self.event is not None:
            must.append({"term": {"quantities.family": family(self.event)}})
        return {"nested": {"path": "quantities", "query": {"bool": {"filter": must}}}}


def parse(q: str | None) -> MeasureQuery | None:
    """The measure ``q`` names, or None when it names no subject and no event."""
    subject: str | None = None
    event: str | None = None
    modifiers: set[str] = set()
    for negated, word in _WORD.findall(q or ""):
        w = word.lower()
        if negated or w in _FILLER:
            continue
        if w in EVENT_WORDS:
            event = event or EVENT_WORDS[w]
        elif w in SUBJECT_CLASSES or singular(w) in SUBJECT_CLASSES:
            subject, implied = noun_class(w)
            event = event or implied
        else:
            modifiers.add(w)
    if subject is None and event is None:
        return None
    return MeasureQuery(subject, event, frozenset(modifiers))


def text_or_measure(text_clause: dict[str, Any], mq: MeasureQuery | None) -> dict[str, Any]:
    """The query clause of a comparison: claims found by text, or (for a measure query) having a quantity of
    the measure."""
    if mq is None:
        return text_clause
    return {"bool": {"should": [text_clause, mq.clause()], "minimum_should_match": 1}}
