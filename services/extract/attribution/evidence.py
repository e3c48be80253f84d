"""What a poll, a study or a set of records shows, when the parse gives the finding as an object rather than a
clause (examples invented): "The harbour survey showed Ruiz with 47 percent", "the poll showed Ruiz leading Lind
by ten points", "leaked emails showed staff favoring the mayor". A speech-verb cue rejects these shapes for a
person ("the police found Kody lying on her couch" is what they saw, not a claim), so the rule holds only for a
subject that is evidence (``EVIDENCE_NOUNS``). Also the aside "…, county records show." / "In 2011, county
records show, the ferry …" that the tagger reads as one noun phrase ("records show"). :func:`find_evidence` is tried by the reader only when no other
cue attributes the sentence; it returns a ``Cue`` of kind "verb" or nothing and never raises.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.symbols import VERB
from spacy.tokens import Span, Token

from claimstream.services.extract.attribution.cue_forms import Cue
from claimstream.services.extract.attribution.cues import speaker_of
from claimstream.services.extract.attribution.lexicon import EVIDENCE_NOUNS, EVIDENCE_VERBS

# "show", "shows", "showed", "shown", "found" …: the forms of the evidence verbs, for a verb tagged as a noun.
_FORMS = frozenset(
    {v for lemma in EVIDENCE_VERBS for v in (lemma, lemma + "s", lemma + "ed", lemma.rstrip("e") + "ed")}
    | {"shown", "found"}
)
_PHRASE = frozenset(("NOUN", "PROPN", "ADJ", "DET", "NUM"))
_NOMINAL = frozenset(("nsubj", "nsubjpass", "appos", "compound", "dobj", "pobj", "npadvmod", "attr"))


def find_evidence(sent: Span, quoted: Container[int]) -> list[Cue]:
    """The first finding of an evidence subject in ``sent``, as a list of zero or one cue."""
    for verb in sent:
        if verb.i in quoted:
            continue
        if verb.lower_ in _FORMS and (verb.pos != VERB or verb.dep_ in _NOMINAL):
            if (aside := _noun_parsed_aside(verb, sent)) is not None:
                return [aside]
        if verb.pos != VERB:
            continue
        if verb.lemma_.lower() not in EVIDENCE_VERBS:
            continue
        cue = _finding(verb, sent)
        if cue is not None:
            return [cue]
    return []


def _noun_parsed_aside(verb: Token, sent: Span) -> Cue | None:
    """ "…, county records show." / "In that year, county records show, the ferry sailed 200 times": the tagger
    reads "records show" as one noun phrase; a phrase ending in an evidence noun and the verb, set off by commas,
    reports the rest of the sentence (after it when it stands in the middle)."""
    doc = sent.doc
    source = doc[verb.i - 1] if verb.i > sent.start else None
    if source is None or source.lemma_.lower() not in EVIDENCE_NOUNS:
        return None
    if source.tag_ not in ("NNS", "NNPS"):
        return None  # "the survey show", "a record show" are no subject and verb
    start = source.i
    while start > sent.start and doc[start - 1].pos_ in _PHRASE:
        start -= 1
    end = sent.end
    while end > verb.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start == sent.start or doc[start - 1].text != ",":
        return None
    if verb.i + 1 == end:  # "…, county records show."
        content_start, content_end = sent.start, start - 1
    elif doc[verb.i + 1].text == "," and doc[verb.i + 2].pos_ == "CCONJ":  # "…, records show, and …"
        content_start, content_end = sent.start, start - 1
    elif doc[verb.i + 1].text == ",":  # "In that year, county records show, the ferry sailed …"
        content_start, content_end = verb.i + 2, end
    else:
        return None
    if content_end - content_start < 4:
        return None
    return Cue(verb.lower_, "verb", source.i, verb.i, content_start, content_end)


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
