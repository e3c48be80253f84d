"""Canonical speaker names and the per-article registry that resolves surnames, acronyms and pronouns.

``canonical_form`` is article-independent (strips titles, folds transliteration variants) so the same person
gets one canonical name across outlets; :class:`SpeakerRegistry` adds what only the article knows: the full
name behind a bare surname, the organisation behind an acronym, the speaker behind "he" or "the spokesman".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from claimstream.services.extract.attribution.lexicon import GENDER_WORDS, ORG_HEADS, TITLE_WORDS

_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "group",
    "we": "group",
    "it": "organization",
    "i": "person",
}
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))
_SLAVIC_ENDING_RE = re.compile(r"(sk|tsk|zk|ck)(?:yi|iy|yy|ii|ij|yj|y|i)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def canonical_form(name: str) -> str:
    """Name without titles or ranks ("Gen.", "Lt. Col."), possessive, leading article or diacritics, with Slavic
    surname spellings folded (:func:`_fold_transliteration`), so one person gets one name across outlets."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'")
    text = re.sub(r"'s$", "", text.strip())
    words = [w for w in re.split(r"\s+", text) if w]
    organisation = bool(words) and words[-1].lower() in ORG_HEADS  # "interior ministry": "interior" is no title
    while words and (
        (words[0].lower().rstrip(".") in TITLE_WORDS and not organisation) or words[0].lower() in ("the", "a", "an")
    ):
        words = words[1:]
    words = [_fold_transliteration(w) if len(w) > 5 else w for w in words]
    return " ".join(words) if words else name.strip()


# Surnames that are Slavic by their ending; their Latin spellings vary by the language of the outlet.
_SLAVIC_SURNAME_RE = re.compile(r"(?:sk[aiy]|ck[aiy]|cz|wicz|vich|vych|enko|chuk|yuk|ova|eva|ov|ev|yi)$", re.I)


def _fold_transliteration(word: str) -> str:
    """One spelling for transliteration variants of a Slavic surname: -sky/-skiy/-skyy -> -skyi, and w -> v
    ("Kowalska" and "Kovalska", "Wasylenko" and "Vasylenko")."""
    word = _SLAVIC_ENDING_RE.sub(lambda m: m.group(1) + "yi", word)
    if _SLAVIC_SURNAME_RE.search(word):
        word = word.replace("w", "v").replace("W", "V")
    return word


def gender_of_title(title: str | None) -> str | None:
    """ "m"/"f" when the title or honorific says so ("Mr", "Ms", "spokeswoman"), else None."""
    for word in re.split(r"[\s,]+", (title or "").lower()):
        if word.rstrip(".") in GENDER_WORDS:
            return GENDER_WORDS[word.rstrip(".")]
    return None


def is_pronoun(word: str) -> bool:
    """True for personal pronouns that point back to an earlier speaker."""
    return word.lower() in _PRONOUNS


@dataclass
class _Known:
    canonical: str
    kind: str
    title: str | None
    gender: str | None = None


@dataclass
class SpeakerRegistry:
    """Speakers and named people/organisations of one article, in reading order. Not thread-safe; one per article."""

    names: list[_Known] = field(default_factory=list)
    speakers: list[tuple[str, _Known]] = field(default_factory=list)

    def note_name(self, name: str, kind: str, title: str | None = None) -> None:
        """Record a full name mentioned in the article (an entity, not necessarily a speaker)."""
        canon = canonical_form(name)
        if len(canon.split()) > 1 or kind == "organization":
            known = next((k for k in self.names if k.canonical == canon), None)
            if known is None:
                self.names.append(_Known(canon, kind, title))
            elif title and not known.title:
                known.title = title

    def note_subject(self, name: str, kind: str) -> None:
        """Record the subject of a sentence: "he"/"they" in the next sentence may point back to it."""
        if name and not is_pronoun(name) and kind in ("person", "group", "organization", "anonymous"):
            self.speakers.append((name, _Known(self._expand(canonical_form(name), kind), kind, None)))

    def resolve(self, name: str, kind: str, title: str | None) -> tuple[str, str, str | None, str]:
        """``(surface name, kind, title, canonical)`` for a speaker mention, and remember it as the latest."""
        lowered = name.lower()
        if lowered in _PRONOUNS:
            known = self._latest(_PRONOUNS[lowered], PRONOUN_GENDER.get(lowered))
            if known is not None:
                surface, hit = known
                self.learn_gender(hit.canonical, PRONOUN_GENDER.get(lowered))
                self.speakers.append((surface, hit))
                return surface, hit.kind, hit.title, hit.canonical
        elif (described := self._by_description(lowered)) is not None:
            surface, hit = described
            self.speakers.append((surface, hit))
            return surface, hit.kind, hit.title, hit.canonical
        written = canonical_form(name)
        canon = self._expand(written, kind)
        if kind != "person" and canon != written and not written.isupper():
            kind = "person"  # a bare surname ("Elvir told ...") the small model did not tag as a person
        title = title or self._title_of(canon)
        entry = _Known(canon, kind, title, self.gender(canon) or gender_of_title(title) or gender_of_title(name))
        self.speakers.append((name, entry))
        return name, kind, title, canon

    def _title_of(self, canonical: str) -> str | None:
        """The latest title the article gave this person as a speaker, else where the name was first mentioned."""
        spoken = next((k.title for _, k in reversed(self.speakers) if k.canonical == canonical and k.title), None)
        named = next((k for k in self.names if k.canonical == canonical), None)
        return spoken or (named.title if named else None)

    def gender(self, canonical: str) -> str | None:
        """What the article has told about the person's gender (titles, pronouns), else None."""
        for _, known in reversed(self.speakers):
            if known.canonical == canonical and known.gender:
                return known.gender
        named = next((k for k in self.names if k.canonical == canonical), None)
        return (named.gender or gender_of_title(named.title)) if named else None

    def learn_gender(self, canonical: str, gender: str | None) -> None:
        """Remember that "he"/"she" pointed to ``canonical``."""
        if gender is None or self.gender(canonical):
            return
        for _, known in self.speakers:
            if known.canonical == canonical:
                known.gender = gender
        for known in self.names:
            if known.canonical == canonical:
                known.gender = gender

    def compatible(self, canonical: str, pronoun: str) -> bool:
        """False only when the article told a gender that "he"/"she" contradicts."""
        wanted, have = PRONOUN_GENDER.get(pronoun.lower()), self.gender(canonical)
        return wanted is None or have is None or wanted == have

    def person_canonical(self, name: str) -> str:
        """The canonical form of a person's name, expanded to the full name the article gave ("Smith" after
        "Jane Smith" -> "Jane Smith")."""
        return self._expand(canonical_form(name), "person")

    def latest_person(self, gender: str | None = None) -> str | None:
        """The name of the latest person who spoke or was a sentence's subject, of ``gender`` unless the article
        told another; None when there is none."""
        found = self._latest("person", gender)
        return found[0] if found is not None else None

    def described_person(self, description: str) -> str | None:
        """The name of the person the article ties to a role description ("the foreign minister"), else None;
        see :meth:`_by_description` for the rules."""
        found = self._by_description(description)
        return found[0] if found is not None else None

    def _expand(self, canon: str, kind: str) -> str:
        words = canon.split()
        if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
            return next((k.canonical for k in reversed(self.names) if _initials(k.canonical) == words[0]), canon)
        if len(words) == 1 and (kind == "person" or words[0][:1].isupper()):
            key = words[0].lower()
            for known in [*reversed([k for _, k in self.speakers]), *reversed(self.names)]:
                if kind != "person" and known.kind != "person":
                    continue  # only a person's surname stands alone; "England" is not the "Bank of England"
                parts = [p for p in known.canonical.split() if p.lower().rstrip(".") not in _NAME_SUFFIXES]
                if len(parts) > 1 and parts[-1].lower() == key:
                    return known.canonical
            return self._by_first_name(key, kind) or canon
        return canon

    def _by_first_name(self, key: str, kind: str) -> str | None:
        """ "Kody" after "her son Kody Cook": the one person named in full with that first name."""
        people = {k.canonical for k in self.names if k.kind == "person" and len(k.canonical.split()) > 1}
        hits = {p for p in people if p.split()[0].lower() == key}
        return next(iter(hits)) if kind == "person" and len(hits) == 1 else None

    def _latest(self, kind: str, gender: str | None = None) -> tuple[str, _Known] | None:
        wanted = {
            "person": ("person",),
            "group": ("group", "anonymous", "organization", "country"),
            "organization": ("organization", "country"),
        }[kind]
        return next(
            (
                (s, k)
                for s, k in reversed(self.speakers)
                if k.kind in wanted and (gender is None or self.gender(k.canonical) in (None, gender))
            ),
            None,
        )

    def is_person_name(self, canonical: str) -> bool:
        """True when the article named this person (a PERSON entity of two or more words)."""
        return any(k.canonical == canonical and k.kind == "person" for k in self.names)

    def has_person(self) -> bool:
        """True once any person spoke or was the subject of a sentence."""
        return any(k.kind == "person" for _, k in self.speakers)

    def _by_description(self, lowered: str) -> tuple[str, _Known] | None:
        """The person the article ties to a role description ("the foreign minister", "Ukraine's president").

        A qualifier must be in that person's title ("the foreign minister" is not the finance minister; "Ukraine's
        president" is not Russia's); an anaphoric one ("the country's president", "its chief") names no country,
        so it resolves only when the article ties the role to a single person."""
        words = lowered.replace("’", "'").split()
        if words and words[0] in ("the", "this"):
            words = words[1:]
        if not 1 <= len(words) <= 3 or words[-1] not in TITLE_WORDS | {"official", "analyst", "founder"}:
            return None
        role, qualifiers = words[-1], [w.removesuffix("'s") for w in words[:-1]]
        anaphoric = any(q in _ANAPHORIC for q in qualifiers)

        def fits(title: str | None) -> bool:
            have = (title or "").lower().replace("-", " ").split()
            return (
                bool(title)
                and any(role in w for w in have)
                and all(q in _ANAPHORIC or any(w.startswith(q[:5]) for w in have) for q in qualifiers)
            )

        people = [(s, k) for s, k in reversed(self.speakers) if fits(k.title)]
        people += [(k.canonical, k) for k in self.names if fits(k.title)]
        if anaphoric and len({k.canonical for _, k in people}) != 1:
            return None
        return people[0] if people else None


_ANAPHORIC = frozenset("country nation state government its their his her our".split())


def _initials(name: str) -> str:
    skip = {"of", "for", "and", "the", "on", "in"}
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in skip and w[:1].isalpha()).upper()
