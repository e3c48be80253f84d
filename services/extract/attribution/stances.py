"""Stances taken in words as claims: "Hale accused the board of hiding the costs", "the union called for a strike
vote", "the senator urged the agency to reopen the file", "Ruiz blamed the drought for the losses".

A stance verb (``lexicon.STANCE_CUES``) in a main or coordinate clause, a participle after a comma, a time
clause ("After X accused Y …") or a relative clause (the described noun's stance), with a speaker that can hold a
position (a person, a group, an organisation; not "the bill" or "it"), not negated, not passive, and no act
("dismissed the case", "supports 2,000 families"; see the lexicon's note). The content is
the verb with what it takes: its object, the preposition it needs ("called for", "pointed to") and the
complements that say what the stance is about ("of hiding the costs", "for the losses", "as reckless",
"to reopen the file"), so the claim's text reads "accused the board of hiding the costs". A modal before the
verb stays with it ("would back the plan"). Time phrases after the object ("on Monday") are left out.

:func:`with_stances` runs after :func:`~claimstream.services.extract.attribution.cues.find_cues`: a sentence
without any other cue gets its stance; a speech verb that is also a stance ("accused", "urged", "denied")
and reported no clause gets the stance's content instead of the whole sentence.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue
from claimstream.services.extract.attribution.cues import WHEN_ENTITIES, speaker_of, subordinate
from claimstream.services.extract.attribution.lexicon import (
    ANONYMOUS,
    HUMAN_GROUPS,
    NOT_PERSONS,
    NOT_SPEAKERS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_SUFFIXES,
    PRONOUN_KINDS,
    STANCE_CUES,
    TITLE_WORDS,
)

_OBJECT_TAKERS = frozenset(entry for entry in STANCE_CUES if ":" not in entry)
_LEMMAS = frozenset(entry.split(":")[0] for entry in STANCE_CUES)
_NEEDS_WORD: dict[str, frozenset[str]] = {
    lemma: frozenset(e.split(":")[1] for e in STANCE_CUES if e.startswith(lemma + ":"))
    for lemma in {e.split(":")[0] for e in STANCE_CUES if ":" in e}
}
# Prepositions whose phrase says what the stance is about ("accused X of …", "blamed X for …", "hailed X as …").
_ABOUT = frozenset("of for on as over with against to".split())
_COMPLEMENTS = frozenset(("dobj", "dative", "xcomp", "oprd", "ccomp"))
_TIME_MARKS = frozenset("after when since as before while".split())
_SPEAKER_ENTITIES = frozenset(("PERSON", "ORG", "GPE", "NORP"))
_PEOPLE_NOUNS = HUMAN_GROUPS | PERSON_NOUNS | ORG_NOUNS | TITLE_WORDS | ANONYMOUS


def with_stances(unit: Span, quoted: Container[int], cues: list[Cue]) -> list[Cue]:
    """``cues`` (those of :func:`find_cues` that report something) with the sentence's stances: the stance of the
    main verb when there is no other cue, or in place of a cue on the same verb that reported no content; then
    the stances of other clauses of the sentence, each a claim of its own (:func:`_further_stances`)."""
    if cues and (led := _leading_stance(unit, quoted, cues[0])) is not None:
        return [led, replace(cues[0], kind="participle"), *cues[1:]]
    if cues and all(c.content_start is not None or c.kind != "verb" for c in cues):
        return [*cues, *_further_stances(unit, quoted, cues)]
    stances = {c.verb: c for c in (stance_cue(t, quoted) for t in unit) if c is not None}
    if not stances:
        return cues
    if not cues:
        found = [min(stances.values(), key=lambda c: (unit.doc[c.verb or 0].dep_ != "ROOT", c.verb or 0))]
    else:
        found = [stances.get(c.verb, c) if c.kind == "verb" and c.content_start is None else c for c in cues]
    return [*found, *_further_stances(unit, quoted, found)]


def _further_stances(unit: Span, quoted: Container[int], cues: list[Cue]) -> list[Cue]:
    """ "Sanders defended his record, while his supporters accused the rival of …", "Hale blasted the council and
    praised the staff": the stance of another clause of the sentence, outside what the cues report ("she said she
    opposes the bill" is what she said; after "According to the survey, …" the whole sentence is) and not in a
    relative clause ("a senator who has endorsed Ruiz said …" describes the speaker)."""
    if any(c.content_start is None for c in cues):
        return []
    reported = [range(c.content_start or 0, c.content_end or 0) for c in cues]
    taken = {c.verb for c in cues}
    found = []
    for token in unit:
        if token.pos != VERB or token.i in taken or token.dep_ == "relcl" or any(token.i in r for r in reported):
            continue
        stance = stance_cue(token, quoted)
        if stance is not None and not any(stance.speaker_head in r for r in reported):
            found.append(stance)
    return found


def _leading_stance(unit: Span, quoted: Container[int], cue: Cue) -> Cue | None:
    """ "Lund pointed to the rents, noting that wages stalled", "Hale blasted the board and said it had failed":
    the stance whose participle or coordinate verb reports a statement (the parser hangs it on the stance verb);
    both are claims of the same speaker, the statement marked as a second one ("participle")."""
    said = unit.doc[cue.verb] if cue.verb is not None else None
    participle = said is not None and said.dep_ == "advcl" and _participle(said)
    if said is None or not (participle or (said.dep_ == "conj" and not _own_subject(said))):
        return None
    stance = stance_cue(said.head, quoted)
    return stance if stance is not None and (stance.content_end or 0) <= said.left_edge.i else None


def _time_clause(verb: Token) -> bool:
    """ "After the senator accused the mayor of …, the council …": a time clause of the main verb."""
    return verb.head.dep_ == "ROOT" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in verb.children)


def _participle(verb: Token) -> bool:
    """ "…, pointing to the rents": a participle after a comma."""
    return verb.tag_ == "VBG" and _after_comma(verb)


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _after_comma(verb: Token) -> bool:
    return verb.left_edge.i > 0 and verb.doc[verb.left_edge.i - 1].text == ","


def stance_cue(verb: Token, quoted: Container[int] = ()) -> Cue | None:
    """The stance ``verb`` takes (a :class:`Cue` of kind "stance"), or None when it is no stance verb, has no
    object or needed preposition, is negated, passive or subordinate, stands inside a quote, or its subject
    cannot hold a position."""
    if verb.pos != VERB or verb.i in quoted:  # the int test spares most tokens their lemma string
        return None
    lemma = verb.lemma_.lower()
    if lemma not in _LEMMAS or verb.dep_ in ("amod", "xcomp"):
        return None
    if subordinate(verb) and not (
        verb.dep_ == "relcl" or (verb.dep_ == "advcl" and (_time_clause(verb) or _participle(verb)))
    ):
        return None  # "if …", "because …" set the scene; "After X accused Y …", ", pointing to …" and the
        # relative clause "residents who oppose the road" state a stance (of the noun the clause describes)
    needed = _NEEDS_WORD.get(lemma, frozenset())
    marker = next((c for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ in needed and c.i > verb.i), None)
    if marker is None and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ in needed:
        opener = verb.doc[verb.i + 1]  # "called for Trump to drop out": "for" opens the clause the verb takes
        marker = opener if opener.dep_ == "mark" and opener.head.head.i == verb.i else None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None and marker is None:
        obj = _gerund(verb)  # "supports widening the road", "proposed raising the levy to $15": an act as object
    elif obj is not None and marker is None:  # "dismissed the report as fiction" with "as" hung on the object
        marker = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in needed), None)
    if marker is None and (lemma not in _OBJECT_TAKERS or obj is None):
        return None
    if obj is not None and obj.tag_ != "VBG" and (obj.tag_ in ("WP", "WDT") or any(t.like_num for t in obj.subtree)):
        return None  # "what she criticized" asks; "supports 2,000 families" counts what the subject does
    if any(c.dep_ in ("neg", "auxpass", "nsubjpass") for c in verb.children):
        return None  # "has not endorsed X" would read as the opposite; "was criticized by" is another's stance
    subject = speaker_of(verb)
    if subject is None or not holds_positions(subject):
        return None
    parts = [
        c
        for c in verb.children
        if c.i > verb.i
        and (
            c.dep_ in _COMPLEMENTS
            or (c.dep_ == "prep" and c.lower_ in _ABOUT | needed and not _when(c))
            or (marker is not None and c.i == marker.head.i != verb.i)
        )
    ]
    if not parts:
        return None
    end = max(c.right_edge.i for c in parts) + 1
    doc = verb.doc
    while end > verb.i + 1 and doc[end - 1].is_punct and not doc[end - 1].is_quote:
        end -= 1
    if end <= (marker or obj or verb).i:
        return None
    return Cue(
        cue=verb.lower_ if marker is None else _phrase(verb, marker),
        kind="stance",
        speaker_head=subject.i,
        verb=verb.i,
        content_start=_modal_start(verb),
        content_end=end,
    )


def _gerund(verb: Token) -> Token | None:
    """ "The dockers oppose selling the yard": a gerund right after the verb, without a subject of its own, taken
    as the verb's object."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.left_edge.i == verb.i + 1 and not _own_subject(c)
        ),
        None,
    )


def _phrase(verb: Token, marker: Token) -> str:
    """ "called for", "pointed to": the verb and its preposition when they stand together."""
    return f"{verb.lower_} {marker.lower_}" if marker.i == verb.i + 1 else verb.lower_


def _modal_start(verb: Token) -> int:
    """Where the content starts: at a modal right before the verb ("would back", "may well endorse"), else the
    verb itself (auxiliaries of tense, "has accused", are left out)."""
    modal = next((c for c in verb.children if c.tag_ == "MD" and c.i < verb.i), None)
    if modal is None or not all(t.pos_ in ("ADV", "PART") for t in verb.doc[modal.i + 1 : verb.i]):
        return verb.i
    return modal.i


def _when(prep: Token) -> bool:
    """A time phrase ("on Monday", "over the weekend") rather than what the stance is about."""
    return any(t.ent_type_ in WHEN_ENTITIES for t in prep.subtree if t.dep_ == "pobj")


def holds_positions(subject: Token) -> bool:
    """A subject that takes stances: a name, a personal pronoun, a noun for people or an organisation ("the
    union", "critics", "the senator"), not a thing ("the bill", "the report's figures") or a count."""
    lower, lemma = subject.lower_, subject.lemma_.lower()
    if lower in NOT_SPEAKERS:
        return False
    if subject.pos_ == "PRON":
        return lower in PRONOUN_KINDS
    if subject.pos_ == "PROPN" or subject.ent_type_ in _SPEAKER_ENTITIES:
        return True
    if lemma in NOT_PERSONS:
        return False
    return lemma in _PEOPLE_NOUNS or lemma.endswith(PERSON_SUFFIXES)
