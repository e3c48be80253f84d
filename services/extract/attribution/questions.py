"""Questions and requests someone put, as claims (examples invented):

- "The mayor asked the minister whether the ferry would run in winter", "Ruiz wondered why the council waited":
  the question, from "whether"/"if"/the wh-word on, is the content;
- "Ruiz asked her aides to print the report": the request, from its addressee on;
- "The host asked the minister about the ferry schedule": the topic, from "about" on;
- "Ruiz was asked by a caller why …", "Asked by the host about the levy, Ruiz …": the asker is the passive's
  agent;
- "“Is the pier safe?” a reporter asked": the quoted question.

Why a question is a claim here (services/extract/README.md says it too): who asked what, on the record, is what a
reader compares across outlets ("the senator asked whether the contract was tendered"), and the question often
carries the asker's doubt. Negated ("did not ask whether") and passive questions that do not name the asker
("Ruiz was asked whether", "Asked whether she was worried, Ruiz shrugged", "…,” Ruiz said, asked about the delay")
are not claims. :func:`find_questions` is tried by the reader only when no verb or noun cue
attributes the sentence; it returns a ``Cue`` of kind "verb" or nothing and never raises.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue
from claimstream.services.extract.attribution.cues import speaker_of
from claimstream.services.extract.attribution.lexicon import QUESTION_VERBS, REQUEST_VERBS

_OPENERS = frozenset("whether if why how what which who whom when where".split())


def find_questions(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The first question or request of ``sent`` put by a speaker, as a list of zero or one cue."""
    asked = any(t.text == "?" and t.i in quoted for t in sent)  # a quoted question in the sentence
    for verb in sent:
        if verb.pos != VERB or verb.i in quoted or verb.lemma_.lower() not in QUESTION_VERBS:
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or _asked_participle(verb)
        asker = _asker(verb) if passive else None
        if passive and asker is None:
            continue  # "Ruiz was asked whether …": the asker unnamed
        start = _question_start(verb)
        if start is None and verb.lemma_.lower() in REQUEST_VERBS:
            start = _request_start(verb)
        topic = _topic(verb) if start is None else None
        if topic is not None:
            start = topic.i
        if start is None and not (asked and _asks_a_quote(verb, quoted)):
            continue
        subject = asker or speaker_of(verb)
        if subject is None:
            continue
        end = verb.right_edge.i + 1 if start is not None else None
        if topic is not None:
            end = topic.right_edge.i + 1
        while end is not None and end > (start or 0) + 1 and sent.doc[end - 1].is_punct:
            end -= 1
        return [Cue(verb.lower_, "verb", subject.i, verb.i, start, end)]
    return []


def _asked_participle(verb: Token) -> bool:
    """ "Asked whether she was worried, Ruiz shrugged", "…,” Ruiz said, asked about the delay", "Ruiz, asked by a
    caller why …": a participle without subject or auxiliary hanging on a clause is the question put *to* that
    clause's subject, whose asker is named only by an agent (the tagger often says VBD)."""
    own = any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    return not own and (verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.dep_ in ("advcl", "xcomp", "acl")))


def _asker(verb: Token) -> Token | None:
    """ "Ruiz was asked by a caller why …", "Asked by the host about the levy, Ruiz …": who put the question to
    the subject, when the passive names them."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    asker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return asker if asker is not None and asker.pos_ in ("NOUN", "PROPN") else None


def _topic(verb: Token) -> Token | None:
    """ "asked the minister about the ferry schedule": the "about" phrase (on the verb, or parsed onto the one
    asked or the asker) is what the question was about."""
    holders = [verb]
    if verb.lemma_.lower() in REQUEST_VERBS:  # "asked the minister about …": the object is who was asked
        holders += [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    holders += [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    for holder in holders:
        about = next((c for c in holder.children if c.dep_ == "prep" and c.lower_ == "about" and c.i > verb.i), None)
        if about is not None and any(c.dep_ in ("pobj", "pcomp") for c in about.children):
            return about
    return None


def _question_start(verb: Token) -> int | None:
    """Where the question after ``verb`` starts: its "whether"/"if"/wh-word."""
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "advcl") and c.i > verb.i):
        opener = clause.left_edge
        if opener.lower_ in _OPENERS and opener.i > verb.i:
            return opener.i
    return None


def _request_start(verb: Token) -> int | None:
    """ "asked her aides to print the report": the request runs from the addressee to the infinitive's end."""
    aim = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i), None)
    if aim is None or not any(a.lower_ == "to" and a.dep_ == "aux" for a in aim.children):
        return None
    addressee = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < aim.i), None)
    return (addressee or aim).left_edge.i


def _asks_a_quote(verb: Token, quoted: Container[int]) -> bool:
    """ "“Is the pier safe?” a reporter asked": a reporting clause of its own next to a quote (or parsed as the
    quote's complement)."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return False
    return verb.dep_ in ("ROOT", "parataxis") or (verb.dep_ == "ccomp" and verb.head.i in quoted)
