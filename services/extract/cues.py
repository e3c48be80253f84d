"""Attribution cues in a parsed sentence: speech verbs with their subject, "according to X", "as per X".

Works on spaCy dependency parses; tokens inside direct quotes are ignored (a "said" inside a quote belongs
to the quoted speaker's words, not to the article's attribution).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from spacy.tokens import Span, Token

# Speech/reporting verbs that attribute on their own ("X said").
STRONG_CUES = frozenset(
    "say tell state claim assert declare announce warn insist maintain stress emphasize emphasise argue explain "
    "acknowledge admit deny reveal allege testify conclude reiterate remark observe caution contend disclose concede "
    "tweet predict accuse confirm estimate report add note describe comment told urge vow pledge promise assure "
    "announce respond reply".split()
)
# Verbs that are cues only with this particle ("ruled out", "pointed out").
PHRASAL_CUES = frozenset(("rule", "point"))
# Verbs that attribute only with a clausal complement ("figures show that ...").
CLAUSE_CUES = frozenset("show find indicate suggest believe think write recall cite assess calculate forecast project "
                        "expect fear hope maintain".split())
_NOT_SPEAKERS = frozenset("it this that which what there one these those something nothing who".split())
_RELATIVE = frozenset("who which that".split())
_COMPLEMENTS = frozenset(("ccomp", "dobj", "xcomp", "oprd", "dative", "parataxis"))
HEDGES = frozenset(
    "may might could reportedly allegedly believe believed suggest suggests likely unlikely appear appears seem seems "
    "possibly perhaps probably maybe apparently purportedly presumably unconfirmed estimated "
    "supposedly seemingly".split()
)


@dataclass(frozen=True)
class Cue:
    """An attribution found in a sentence; indices are document token indices."""

    cue: str
    kind: str  # "verb" or "according_to"
    speaker_head: int
    verb: int | None
    content_start: int | None = None
    content_end: int | None = None


def find_cue(sent: Span, quoted: Container[int]) -> Cue | None:
    """The outermost verb cue of ``sent``, else an "according to"/"as per" cue, else None.

    ``quoted`` holds the document indices of tokens inside direct quotes.
    """
    verbs = [c for c in (_verb_cue(t) for t in sent if t.i not in quoted) if c is not None]
    best = min(verbs, key=lambda c: _depth(sent.doc[c.verb or 0])) if verbs else None
    if best is not None and _is_main(sent.doc[best.verb or 0]):
        return best  # a main-clause "X said" outranks "according to Y" ("…,” Jones said, according to Yonhap)
    according = next((c for c in (_according_to(t) for t in sent if t.i not in quoted) if c is not None), None)
    return according or best


def _verb_cue(verb: Token) -> Cue | None:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in STRONG_CUES | CLAUSE_CUES | PHRASAL_CUES:
        return None
    deps = {child.dep_ for child in verb.children}
    if lemma in PHRASAL_CUES and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return None
    if verb.lemma_.lower() in CLAUSE_CUES and "ccomp" not in deps:
        return None
    if verb.lemma_.lower() not in CLAUSE_CUES and not deps & _COMPLEMENTS and not _parenthetical(verb):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    content = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    return Cue(
        cue=verb.text.lower(),
        kind="verb",
        speaker_head=subject.i,
        verb=verb.i,
        content_start=content.left_edge.i if content is not None else None,
        content_end=content.right_edge.i + 1 if content is not None else None,
    )


def _parenthetical(verb: Token) -> bool:
    """A main or reporting clause on its own: "X said." / "…, The New York Times reports, citing …"."""
    if verb.dep_ in ("ROOT", "parataxis"):
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.left_edge.i > 0 and verb.doc[subject.left_edge.i - 1].text in (",", "”", '"')


def _subject(verb: Token) -> Token | None:
    """Grammatical subject of a speech verb, following relative clauses, conjunctions and participles."""
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        before = [c for c in subjects if c.i < current.i]
        subject = before[-1] if before else (subjects[0] if subjects else None)  # nearest, when mis-parsed twice
        if subject is not None and subject.dep_ == "nsubjpass" and current.lemma_.lower() not in ("quote", "cite"):
            return None  # "he was told", "it was reported"
        if subject is not None:
            if subject.lower_ in _RELATIVE and current.dep_ == "relcl":
                return current.head
            if subject.lower_ in _NOT_SPEAKERS or subject.pos_ in ("NUM", "DET"):
                return None
            return subject
        if current.dep_ == "acl" and any(c.dep_ == "ccomp" for c in current.children) and current.head.pos_ in ("NOUN", "PROPN"):
            return current.head  # "The company, which ..., confirmed that ..." parsed as a reduced relative
        if current.dep_ == "ROOT" or current.head is current:
            return _inverted_subject(current)
        if current.dep_ not in ("advcl", "conj", "xcomp", "pcomp"):
            return None
        current = current.head
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """Speaker after the verb: "…, said The We Company's executive chair Marcelo Claure in an email"."""
    if verb.i == 0 or verb.doc[verb.i - 1].text not in (",", "”", '"', "’"):
        return None
    last: Token | None = None
    for token in verb.doc[verb.i + 1:min(len(verb.doc), verb.i + 14)]:
        if token.pos_ in ("ADP", "PUNCT", "SCONJ", "CCONJ", "AUX") and token.tag_ != "POS":
            break
        if token.pos_ in ("PROPN", "NOUN"):
            last = token
    return last


def _according_to(token: Token) -> Cue | None:
    lower = token.lower_
    if lower == "according":
        to = next((c for c in token.children if c.lower_ == "to"), None)
        target = _pobj(to) if to is not None else None
        label = "according to"
    elif lower == "per" and (token.i == token.sent.start or token.doc[token.i - 1].lower_ == "as"):
        target, label = _pobj(token), "as per"
    else:
        return None
    if target is None:
        return None
    return Cue(cue=label, kind="according_to", speaker_head=_source_of(target).i, verb=None)


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _source_of(target: Token) -> Token:
    """For "a statement from the ministry" / "the ministry's report" return the ministry."""
    if target.lemma_.lower() in ("report", "statement", "estimate", "data", "figure", "assessment", "account"):
        owner = next((c for c in target.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        for prep in (c for c in target.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
            obj = _pobj(prep)
            if obj is not None:
                return obj
    return target


def _is_main(verb: Token) -> bool:
    """True unless the verb sits in a relative, adverbial or complement clause ("where the group maintains ...")."""
    token, steps = verb, 0
    while steps < 50:
        if token.dep_ in ("relcl", "acl", "advcl", "pcomp", "xcomp", "csubj"):
            return False
        if token.head is token:
            return True
        token, steps = token.head, steps + 1
    return True


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def is_hedged(sent: Span) -> bool:
    """True when the sentence contains a hedging word (may, reportedly, allegedly, likely, believe, ...)."""
    return any(t.lower_ in HEDGES or t.lemma_.lower() in ("believe", "suggest", "appear", "seem") for t in sent)
