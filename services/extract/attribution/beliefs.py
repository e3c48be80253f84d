"""Beliefs the speech-verb cues leave out (examples invented):

- a belief in a relative clause: "The levy angered lawmakers who believe the harbour is too small" -> the
  lawmakers, cue "believe", the clause; ``cues`` drops a belief in a subordinate clause because a motive ("because
  she feared …") is no claim, but "who believe …" states what a named group holds, and so does a holder's
  belief about the noun the clause describes ("a toll, which Ruiz believes will ruin the harbour" -> Ruiz,
  "believes", "will ruin the harbour");
- an aim in a relative clause: "lawmakers who want to cut the levy" -> the lawmakers, "want", the infinitive
  (``cues`` reads aims in main clauses only);
- a view of something: "Ruiz views the ferry as a waste of money", "Ruiz considers the levy unfair" -> Ruiz,
  the object and what it is seen as;
- what someone holds, given in a that-clause after a verb that is no speech cue: "the dockers agree that the
  levy is fair", "Ruiz recognized that the pier was too short", "the senator knows that the vote is close" ->
  the holder, the verb, the clause from "that" on. Only in a main clause, with a subject that holds positions
  (a person, a group, an organisation: not "the report shows that", which is evidence, nor "the fact is that").

:func:`find_beliefs` is tried by the reader only when no other cue attributes the sentence; it returns a ``Cue``
of kind "verb" or nothing and never raises.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue
from claimstream.services.extract.attribution.cues import speaker_of, subordinate, verb_lemma
from claimstream.services.extract.attribution.lexicon import (
    CLAUSE_CUES,
    EVIDENCE_VERBS,
    INTENT_CUES,
    MIND_CUES,
    PHRASAL_CUES,
    QUESTION_VERBS,
    STRONG_CUES,
    VIEW_VERBS,
)
from claimstream.services.extract.attribution.stances import holds_positions

_RELATIVE = frozenset(("who", "that"))
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "expl"))
# Verbs the speech cues, questions and evidence read with their own rules (a that-clause they reject stays out),
# "be"/"have" ("the point is that …", "has one thing to prove: that …"), and verbs of finding out or showing,
# whose clause is a fact the writer asserts ("students would discover that …", "the four demonstrated that …").
_NOT_HELD = (
    STRONG_CUES
    | CLAUSE_CUES
    | PHRASAL_CUES
    | QUESTION_VERBS
    | EVIDENCE_VERBS
    | frozenset("be have call discover demonstrate notice hear prove ensure".split())
)


def find_beliefs(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The first belief or view of ``sent`` outside quotes, as a list of zero or one cue."""
    for verb in sent:
        if verb.pos != VERB or verb.i in quoted or any(c.dep_ == "neg" for c in verb.children):
            continue
        lemma = verb_lemma(verb)
        if lemma in MIND_CUES:
            cue = _relative_belief(verb)
        elif lemma in INTENT_CUES:
            cue = _relative_aim(verb)
        elif lemma in VIEW_VERBS:
            cue = _view(verb)
        else:
            cue = None if lemma in _NOT_HELD else _held_clause(verb)
        if cue is not None:
            return [cue]
    return []


def _relative_belief(verb: Token) -> Cue | None:
    """ "lawmakers who believe the harbour is too small": a finite clause with its own subject is the content."""
    if verb.dep_ != "relcl":
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    holder = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if clause is not None and holder is not None and holder.lower_ not in _RELATIVE and holds_positions(holder):
        # "a toll, which Ruiz believes will ruin the harbour": the holder's belief about the described noun, from
        # after the verb on
        return _cue(verb, verb.i + 1, clause.right_edge.i + 1)
    if holder is None or holder.lower_ not in _RELATIVE:
        return None
    if clause is None or not any(c.dep_ in _SUBJECTS for c in clause.children):
        return None
    return _cue(verb, clause.left_edge.i, clause.right_edge.i + 1)


def _relative_aim(verb: Token) -> Cue | None:
    """ "lawmakers who want to cut the levy": the aim of the noun the clause describes, its infinitive the content
    (an aim in a main clause is a cue of ``cues`` already)."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in verb.children):
        return None
    aim = next(
        (c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and any(a.tag_ == "TO" for a in c.children)),
        None,
    )
    return None if aim is None else _cue(verb, aim.left_edge.i, aim.right_edge.i + 1)


def _view(verb: Token) -> Cue | None:
    """ "views the ferry as a waste", "considers the levy unfair": the object and what it is taken for."""
    if subordinate(verb):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i), None)
    if obj is not None and as_ is not None:
        return _cue(verb, obj.left_edge.i, as_.right_edge.i + 1)
    small = next((c for c in verb.children if c.dep_ in ("ccomp", "oprd") and c.pos_ == "ADJ"), None)
    if small is not None and verb.lemma_.lower() == "consider":
        return _cue(verb, small.left_edge.i, small.right_edge.i + 1)
    return None


def _held_clause(verb: Token) -> Cue | None:
    """ "the dockers agree that the levy is fair": a finite that-clause of a main verb whose subject holds
    positions; the content runs from "that" to the clause's end."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if clause is None or verb.dep_ not in ("ROOT", "conj") or subordinate(verb):
        return None
    opener = clause.left_edge
    if opener.lower_ != "that" or opener.dep_ != "mark" or not any(c.dep_ in _SUBJECTS for c in clause.children):
        return None
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "it was agreed that": nobody's on record
    subject = speaker_of(verb)
    if subject is None or not holds_positions(subject):
        return None
    return _cue(verb, opener.i, clause.right_edge.i + 1)


def _cue(verb: Token, start: int, end: int) -> Cue | None:
    subject = speaker_of(verb)
    if subject is None or end - start < 3:
        return None
    return Cue(verb.lower_, "verb", subject.i, verb.i, start, end)
