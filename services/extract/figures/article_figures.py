"""Per-article memory of figures and subjects, so a figure can lean on what the article said before.

Pure state, one object per article, fed in reading order by :mod:`conductor`:

- a bare subject class takes the modifiers of its latest earlier mention ("North Korean forces ... where
  11,000 troops had been stationed" -> "North Korean troops");
- a share of a definite group ("the forces", "its troops") with no base in its sentence takes the latest
  total of the same subject class from the last few sentences ("a force of about 11,000 troops" ... "a third
  to 50% casualties among the North Korean forces" -> of 11,000). A total is a count of a known class (troops,
  people, homes, ...) with no event or a deployment: a death toll is not the base of a share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from claimstream.shared.events import Quantity
from claimstream.shared.taxonomy import SUBJECT_CLASSES

KNOWN_CLASSES = frozenset(c for c, _ in SUBJECT_CLASSES.values())
_TOTAL_EVENTS = (None, "deployed")
RECENT_UNITS = 4  # a base further back than this many sentences is not what "the force" refers to
_EVENT_CLASSES = frozenset(["casualties"])
_GROUPS = frozenset(["troops", "people", "children"])  # who is killed, wounded, captured or displaced
HUMAN_EVENTS = frozenset(
    ["killed", "wounded", "killed or wounded", "lost", "captured", "missing", "displaced"]
)  # classes that name what happened, not who


def subject_class(subject: str) -> str:
    """The class word of a subject ("North Korean troops" -> "troops")."""
    return subject.rsplit(" ", 1)[-1]


@dataclass
class ArticleFigures:
    """What the article has said so far. Create one per article; feed units in reading order."""

    _subjects: dict[str, str] = field(default_factory=dict)  # class -> latest subject with modifiers
    _by_modifiers: dict[str, str] = field(default_factory=dict)  # "North Korean" -> latest "North Korean troops"
    _last: str | None = None  # subject of the latest figure ("4,000 of them")
    _last_group: str | None = None  # subject of the latest figure about people or troops ("300 had died")
    _read: int = 0  # units read so far
    _totals: dict[str, tuple[float, int]] = field(default_factory=dict)  # class -> (latest total, unit number)
    _units: dict[tuple[int, int, int], list[tuple[int, Quantity]]] = field(default_factory=dict)

    def unit(
        self, unit: Span, read: Callable[[Span, ArticleFigures], list[tuple[int, Quantity]]]
    ) -> list[tuple[int, Quantity]]:
        """The figures of ``unit`` as ``read`` finds them, read once per unit (later calls, e.g. one per clause,
        get the same list) and remembered for the units after it."""
        key = (id(unit.doc), unit.start, unit.end)
        if key not in self._units:
            self._read += 1
            figures = read(unit, self)
            self._units[key] = figures
            for _, quantity in figures:
                self.note_figure(quantity)
        return self._units[key]

    def note_subject(self, subject: str) -> None:
        """Remember a mention of a subject ("North Korean forces" -> class troops)."""
        if " " in subject and subject_class(subject) in KNOWN_CLASSES:
            self._subjects[subject_class(subject)] = subject
            if subject_class(subject) not in _EVENT_CLASSES:
                self._by_modifiers[subject.rsplit(" ", 1)[0]] = subject

    def population(self, subject: str) -> str:
        """The group an event count is about: "North Korean casualties" / "North Koreans" -> the latest subject
        with the same nationality ("North Korean troops"); ``subject`` itself when none."""
        head_dropped = subject.rsplit(" ", 1)[0]  # "North Korean units" -> "North Korean"
        demonym = subject.removesuffix("s")  # "North Koreans" -> "North Korean"
        return self._by_modifiers.get(head_dropped) or self._by_modifiers.get(demonym) or subject

    def last_subject(self, group: bool = False) -> str | None:
        """The subject of the latest figure read, for "4,000 of them"; with ``group`` the latest about people or
        troops, for a bare count of a human event ("about 300 had died")."""
        return self._last_group if group else self._last

    def full_subject(self, subject: str) -> str:
        """``subject`` with the modifiers of its class's latest mention when it has none of its own."""
        return self._subjects.get(subject, subject) if " " not in subject else subject

    def base(self, subject: str | None) -> float | None:
        """The latest total of ``subject``'s class (a known class such as troops or people) stated in the last
        :data:`RECENT_UNITS` units, or None."""
        total = self._totals.get(subject_class(subject)) if subject else None
        return total[0] if total is not None and self._read - total[1] <= RECENT_UNITS else None

    def note_figure(self, quantity: Quantity) -> None:
        """Remember a count as a possible base of later shares, and its subject as a mention."""
        if quantity.subject is None:
            return
        self._last = quantity.subject
        if subject_class(quantity.subject) in _GROUPS:
            self._last_group = quantity.subject
        self.note_subject(quantity.subject)
        if (
            quantity.unit is None
            and quantity.relative is None
            and quantity.derived is None
            and subject_class(quantity.subject) in KNOWN_CLASSES
            and quantity.event in _TOTAL_EVENTS
            and quantity.approx not in ("up to", "at most")
        ):
            self._totals[subject_class(quantity.subject)] = (quantity.value, self._read)
