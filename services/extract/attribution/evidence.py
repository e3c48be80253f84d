"""What a poll, a study or a set of records shows, when the parse gives the finding as an object rather than a
clause (examples invented): "The harbour survey showed Ruiz with 47 percent", "the poll showed Ruiz leading Lind
by ten points", "leaked emails showed staff favoring the mayor". A speech-verb cue rejects these shapes for a
person ("the police found Kody lying on her couch" is what they saw, not a claim), so the rule holds only for a
subject that is evidence (``EVIDENCE_NOUNS``). :func:`find_evidence` is tried by the reader only when no other
cue attributes the sentence; it returns a ``Cue`` of kind "verb" or nothing and never raises.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue
from claimstream.services.extract.attribution.cues import speaker_of
from claimstream.services.extract.attribution.lexicon import EVIDENCE_NOUNS, EVIDENCE_VERBS


def find_evidence(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The first finding of an evidence subject in ``sent``, as a list of zero or one cue."""
    for verb in sent:
        if verb.pos != VERB or verb.i in quoted or verb.lemma_.lower() not in EVIDENCE_VERBS:
            continue
        cue = _finding(verb, sent)
        if cue is not None:
            return [cue]
    return []


def _finding(verb: Token, sent: Span) -> Cue | None:
    """ "The poll showed Ruiz leading Lind by ten points": the words after the verb, to the end of its phrase."""
    if any(c.dep_ in ("neg", "nsubjpass", "auxpass") for c in verb.children):
        return None  # "records do not show …", "was found"
    if not any(c.dep_ in ("dobj", "ccomp") and c.i > verb.i for c in verb.children):
        return None
    subject = speaker_of(verb)
    if subject is None or subject.lemma_.lower() not in EVIDENCE_NOUNS:
        return None
    start, end = verb.i + 1, verb.right_edge.i + 1
    while start < end and sent.doc[start].pos_ in ("ADV", "PUNCT") and sent.doc[start].lower_ != "not":
        start += 1
    while end > start and sent.doc[end - 1].is_punct:
        end -= 1
    if end - start < 3:
        return None
    return Cue(verb.lower_, "verb", subject.i, verb.i, start, end)
