"""What happened to a counted figure, read from the dependency parse: one of shared.taxonomy.EVENTS.

:func:`event_of` reads the event from a participle or adjective on the counted noun ("troops sent",
"captured soldiers"), an event noun ("casualties", "death toll"), else the first event word up the parse
("were killed", "had been stationed", "2,700 wounded"); None when unsaid or negated ("were not killed").
"""

from __future__ import annotations

from spacy.tokens import Token

from claimstream.services.extract.figures.counted import LEVEL_VERBS, SHARE_WORDS, compound_event, event_word
from claimstream.shared.taxonomy import PARENT


def event_of(number: Token, noun: Token | None) -> str | None:
    """The event of a figure: a participle or adjective on the noun it counts ("troops sent", "captured
    soldiers"), else the first event word up the parse ("were killed", "had been stationed", "2,700 wounded",
    "50% casualties", "the death toll rose to 45"). None when unsaid or negated ("were not killed")."""
    if noun is not None and number.head.i == noun.i:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            return None
        if _modifier_event(noun) is not None or event_word(noun) is not None:
            return _modifier_event(noun) or event_word(noun)  # "troops sent", "4,000 casualties"
        if noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _CONTAINERS:
            return "deployed"  # "a force of 11,000 troops"
        if _is_share_base(noun):
            return None  # "half of the 12,000 troops ... lost": the verb belongs to the share
        return _up(noun) or _orphan_predicate(noun)
    return _modifier_event(number) or _up(number)


def _modifier_event(token: Token) -> str | None:
    """ "1,200 killed", "troops sent": a participle hanging on a number or noun names its event; not a clause
    about a part of it ("soldiers, of whom half were killed")."""
    child = next(
        (
            c
            for c in token.children
            if c.dep_ in ("acl", "amod", "relcl")
            and event_word(c)
            and not any(w.lower_ in ("whom", "which") and w.head.lower_ == "of" for w in c.subtree)
        ),
        None,
    )
    return None if child is None or negated(child) else event_word(child)


def _orphan_predicate(noun: Token) -> str | None:
    """ "between 300 and 400 residents were evacuated" parsed with the noun under "between": the verb right
    after the noun (past its auxiliaries) that has no subject of its own is the noun's predicate."""
    doc = noun.doc
    i = noun.i + 1
    while i < len(doc) and i <= noun.i + 3 and doc[i].pos_ in ("AUX", "PART", "ADV"):
        i += 1
    if i >= len(doc) or doc[i].pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[i].children):
        return None
    return None if negated(doc[i]) else event_word(doc[i])


# "According to X, half ... were lost": the small model may hang the figure on the source's name.
_PASS_THROUGH = frozenset(["according"])
_CONTAINERS = frozenset("force contingent deployment garrison".split())


def _is_share_base(noun: Token) -> bool:
    """ "half of the 12,000 troops", "Of the 12,000 troops, a third ...": the whole of a share."""
    of = noun.head
    preposed = of.lower_ == "of" and of.head.pos_ in ("VERB", "AUX") and of.i < of.head.i
    return of.lower_ in ("of", "among") and (of.head.like_num or of.head.lower_ in SHARE_WORDS or preposed)


def _up(token: Token) -> str | None:
    """The first event word up the parse from ``token`` (at most five steps, through nouns, prepositions and
    level verbs such as "rose to"), None at any other verb or when negated."""
    current = token
    for _ in range(5):
        head = current.head
        if head.i == current.i:
            return None
        word = event_word(head) or compound_event(head)
        if word is not None:
            return None if negated(head) else _joined(head, word)
        if head.pos_ in ("VERB", "AUX") and head.lower_ not in _PASS_THROUGH:
            if head.lemma_.lower() not in LEVEL_VERBS:  # "were taken prisoner": the verb's complement
                return next((event_word(c) for c in head.children if c.dep_ == "oprd" and event_word(c)), None)
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and (event_word(subject) or compound_event(subject)):
                return event_word(subject) or compound_event(subject)
        current = head
    return None


def _joined(verb: Token, event: str) -> str:
    """ "were killed or wounded": events joined to ``verb`` (without a subject of their own: not "300 died and
    2,700 were injured") name the wider event they share."""
    others = {
        event_word(c)
        for c in verb.children
        if c.dep_ == "conj" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    } - {None, event}
    parents = {PARENT.get(e) for e in others if e is not None}
    joined = others and verb.pos_ == "VERB" and parents == {PARENT.get(event)} and event in PARENT
    return PARENT[event] if joined else event


def negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for c in verb.head.children if verb.dep_ in ("xcomp", "acomp")
    )
