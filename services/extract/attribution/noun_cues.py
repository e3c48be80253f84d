"""Attribution carried by a noun instead of a speech verb (examples invented):

- "a claim by Mayor Ruiz that the bridge was unsafe", "Ruiz's argument that the levy pays for itself", "Ruiz made
  the argument that …": the noun's that-clause is what its owner holds; the owner is the noun's possessor, the
  object of "by"/"from", or the subject of a light verb ("made", "voiced", "repeated");
- "Ruiz's estimate of 4,000 lost jobs": the figure after "of" is the owner's;
- "In the professor's view, the tax would cut emissions": the rest of the sentence is the owner's view;
- "In a statement, the company blamed the outage on a storm": the subject's words, the carrier noun the cue.

:func:`find_noun_cues` is tried by the reader only when no verb cue (``cues.find_cues``) attributes the sentence, so
"X's letter said …" and "the report by X found …" stay verb cues. Each rule returns a ``Cue`` of kind "noun" or
None and never raises.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.symbols import NOUN
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue, pobj
from claimstream.services.extract.attribution.lexicon import (
    CARRIERS,
    CLAIM_NOUNS,
    ESTIMATE_NOUNS,
    LIGHT_VERBS,
    NOT_SPEAKERS,
    OPINION_NOUNS,
)

_OWNER_PREPS = frozenset(("by", "from"))
_OWNER_POS = frozenset(("PROPN", "NOUN"))


def find_noun_cues(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The first noun cue of ``sent`` outside quotes, as a list of zero or one cue."""
    for token in sent:
        if token.pos != NOUN or token.i in quoted:
            continue
        lemma = token.lemma_.lower()
        cue = (
            (_clause_noun(token) if lemma in CLAIM_NOUNS else None)
            or (_estimate(token) if lemma in ESTIMATE_NOUNS else None)
            or (_in_view(token, sent) if lemma in OPINION_NOUNS else None)
            or (_in_carrier(token, sent) if lemma in CARRIERS else None)
        )
        if cue is not None:
            return [cue]
    return []


def _owner(noun: Token) -> Token | None:
    """Who holds ``noun``: its possessor ("Ruiz's claim"), "by/from X" ("a claim by Ruiz"), or the subject of a
    light verb it is the object of ("Ruiz made the claim"); not a pronoun, which needs an antecedent the
    possessive does not give ("his claim")."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in _OWNER_POS:
            return child
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS and (obj := pobj(child)) is not None:
            return obj if obj.pos_ in _OWNER_POS and obj.lemma_.lower() not in CARRIERS else None
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in LIGHT_VERBS and not any(c.dep_ == "neg" for c in verb.children):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ in _OWNER_POS and subject.lower_ not in NOT_SPEAKERS:
            return subject
    return None


def _clause_noun(noun: Token) -> Cue | None:
    """ "a claim by X that S", "X's warning that S", "X voiced the fear that S": the that-clause is the content."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > noun.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    owner = _owner(noun) if clause is not None else None
    if clause is None or owner is None:
        return None
    return _cue(noun, owner, clause.left_edge.i, clause.right_edge.i + 1)


def _estimate(noun: Token) -> Cue | None:
    """ "X's estimate of 4,000 lost jobs": the object of "of" is the content when it holds a figure."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    figure = pobj(of) if of is not None else None
    owner = _owner(noun) if figure is not None else None
    if figure is None or owner is None or not any(t.like_num or t.pos_ == "NUM" for t in figure.subtree):
        return None
    return _cue(noun, owner, figure.left_edge.i, figure.right_edge.i + 1)


def _in_view(noun: Token, sent: Span) -> Cue | None:
    """ "In the professor's view, S" / "S, in her opinion": the clause the phrase hangs on is the content."""
    prep = noun.head
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in _OWNER_POS), None)
    if noun.dep_ != "pobj" or prep.lower_ != "in" or owner is None or prep.head.dep_ != "ROOT":
        return None
    return _around(noun, owner, prep, sent)


def _in_carrier(noun: Token, sent: Span) -> Cue | None:
    """ "In a statement, the company blamed the outage on a storm": the main clause's subject speaks; what follows
    its verb is the content; "in a letter to the council" too. Not "in the report by X" (the report's author is
    another matter) nor "in an interview with X" (X is the one asked)."""
    prep, verb = noun.head, noun.head.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.i != sent.start or verb.dep_ != "ROOT":
        return None
    if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ != "to") for c in noun.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.pos_ not in _OWNER_POS or subject.lower_ in NOT_SPEAKERS:
        return None
    return _trimmed(noun, subject, verb.i, verb.right_edge.i + 1)


def _around(noun: Token, owner: Token, prep: Token, sent: Span) -> Cue | None:
    """The sentence without the phrase ``prep`` heads when the phrase opens or ends it, else the whole sentence
    ("The cheapest fix, in her view, is a toll": both sides are the view)."""
    if prep.i == sent.start:
        return _trimmed(noun, owner, prep.right_edge.i + 1, sent.end)
    if all(t.is_punct or t.is_space for t in sent.doc[prep.right_edge.i + 1 : sent.end]):
        return _trimmed(noun, owner, sent.start, prep.i)
    return _trimmed(noun, owner, sent.start, sent.end)


def _trimmed(noun: Token, owner: Token, start: int, end: int) -> Cue | None:
    """A cue whose content is ``[start, end)`` less the punctuation around it; None under 3 words."""
    doc = noun.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return _cue(noun, owner, start, end) if end - start >= 3 else None


def _cue(noun: Token, owner: Token, start: int, end: int) -> Cue:
    return Cue(cue=noun.lower_, kind="noun", speaker_head=owner.i, verb=noun.i, content_start=start, content_end=end)
