"""Beliefs the speech-verb cues leave out (examples invented):

- a belief in a relative clause: "The levy angered lawmakers who believe the harbour is too small" -> the
  lawmakers, cue "believe", the clause; ``cues`` drops a belief in a subordinate clause because a motive ("because
  she feared …") is no claim, but "who believe …" states what a named group holds;
- a view of something: "Ruiz views the ferry as a waste of money", "Ruiz considers the levy unfair" -> Ruiz,
  the object and what it is seen as.

:func:`find_beliefs` is tried by the reader only when no other cue attributes the sentence; it returns a ``Cue``
of kind "verb" or nothing and never raises.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue
from claimstream.services.extract.attribution.cues import speaker_of, subordinate
from claimstream.services.extract.attribution.lexicon import MIND_CUES, VIEW_VERBS

_RELATIVE = frozenset(("who", "that"))
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "expl"))


def find_beliefs(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The first belief or view of ``sent`` outside quotes, as a list of zero or one cue."""
    for verb in sent:
        if verb.pos != VERB or verb.i in quoted or any(c.dep_ == "neg" for c in verb.children):
            continue
        lemma = "hope" if verb.lower_.startswith("hope") else verb.lemma_.lower()  # the lemmatizer says "hop"
        cue = _relative_belief(verb) if lemma in MIND_CUES else _view(verb) if lemma in VIEW_VERBS else None
        if cue is not None:
            return [cue]
    return []


def _relative_belief(verb: Token) -> Cue | None:
    """ "lawmakers who believe the harbour is too small": a finite clause with its own subject is the content."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in verb.children):
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if clause is None or not any(c.dep_ in _SUBJECTS for c in clause.children):
        return None
    return _cue(verb, clause.left_edge.i, clause.right_edge.i + 1)


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


def _cue(verb: Token, start: int, end: int) -> Cue | None:
    subject = speaker_of(verb)
    if subject is None or end - start < 3:
        return None
    return Cue(verb.lower_, "verb", subject.i, verb.i, start, end)
