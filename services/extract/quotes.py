"""Direct quotes in a paragraph and the claim units (sentences, merged where a quote spans several)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from claimstream.services.extract.cues import STRONG_CUES

# A paired quote, or an opening quote left open until the paragraph's end (news style for quotes that go
# on into the next paragraph).
_QUOTE_RE = re.compile(r"“[^“”\"]*(?:[”\"]|$)|\"[^\"“”]*(?:[\"”]|$)|«[^«»]*(?:»|$)")
MIN_QUOTE_WORDS = 4  # shorter quoted bits are scare quotes or labels ("buffer zone"), not statements


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotes long enough to be someone's statement."""
    spans = []
    for match in _QUOTE_RE.finditer(text):
        inner = match.group(0).strip("“”\"«» ")
        if len(inner.split()) >= MIN_QUOTE_WORDS:
            spans.append((match.start(), match.end()))
    return spans


def quoted_tokens(doc: Doc, spans: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of tokens lying inside any of ``spans``."""
    return frozenset(t.i for t in doc if any(s <= t.idx < e for s, e in spans))


def claim_units(doc: Doc, spans: list[tuple[int, int]]) -> list[Span]:
    """Sentences of ``doc``, with consecutive sentences merged when one quote runs across their boundary."""
    units: list[Span] = []
    for sent in doc.sents:
        if units and _quote_crosses(units[-1], sent, spans):
            units[-1] = doc[units[-1].start:sent.end]
        else:
            units.append(sent)
    return [u for u in units if u.text.strip()]


def _quote_crosses(left: Span, right: Span, spans: list[tuple[int, int]]) -> bool:
    boundary = right.start_char
    return (any(s < boundary and e > boundary + 1 for s, e in spans) or _dangling_attribution(right)
            or _unfinished(left) or _report_after_quote(left, right))


_SENTENCE_END = tuple(".!?\"”’'):;…")


def _unfinished(left: Span) -> bool:
    """A sentence cannot stop mid-paragraph without punctuation; the parser split it (often at run-in junk)."""
    text = left.text.rstrip()
    return bool(text) and not text.endswith(_SENTENCE_END)


def _report_after_quote(left: Span, right: Span) -> bool:
    """ "“… the investigation?’” | Holmes testified." — a short reporting sentence closing the quote before it."""
    if not left.text.rstrip().endswith(("”", '"')) or len(right) > 9 or not right.text.rstrip().endswith("."):
        return False
    if any(t.text in ("“", '"', "”") for t in right):
        return False
    verbs = [t for t in right if t.pos_ == "VERB"]
    return (len(verbs) == 1 and verbs[0].lemma_.lower() in STRONG_CUES
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verbs[0].children))


def _dangling_attribution(sent: Span) -> bool:
    """spaCy sometimes splits '“…,” he said.' after the quote; such a tail belongs to the quote before it."""
    return len(sent) <= 6 and sent[0].is_lower and any(t.pos_ == "VERB" for t in sent)


def quote_text(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The quoted words between ``start`` and ``end``, without quote marks, joined by spaces."""
    parts = [text[max(s, start):min(e, end)].strip("“”\"«» ,") for s, e in spans if s < end and e > start]
    return " ".join(p for p in parts if p)
