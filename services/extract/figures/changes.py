"""The direction of a change a figure states: "rose 8%", "up 19 cents", "+0.2%", "0.7% lower" -> up or down.

A figure is a change when a movement word governs it as its amount (object, "by" phrase, adverbial) or is
written right next to it; the level reached ("rose 8% to $84": the $84) and the level left ("from $6.78
billion") are not changes. Pure functions of spaCy tokens; None when the figure states no change.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Span

Direction = Literal["up", "down"]

# Not "raise": "raised 280 million" is money collected far more often than a level moved.
_UP = frozenset(
    "rise gain jump climb advance surge increase grow soar rally add boost lift improve "
    "accelerate rebound spike swell expand".split()
)
_DOWN = frozenset(
    "fall drop slide slip lose decline plunge tumble sink shed decrease dip ease cut slump plummet "
    "retreat shrink reduce lower contract crash sag fell".split()
)
_UP_WORDS = frozenset(["up", "higher", "increase", "gain", "rise", "jump", "surge", "growth", "improvement"])
_DOWN_WORDS = frozenset(["down", "lower", "decrease", "loss", "drop", "fall", "decline", "cut"])
_AMOUNT_DEPS = frozenset("dobj npadvmod advmod attr acomp".split())
# Verbs whose "up"/"down" particle is the movement itself ("trending up 0.2%", "ticked down 1%"), unlike
# "gave up 517 yards" or "picked up 3 wins".
_TREND_VERBS = frozenset("trend tick edge inch move go head creep close end finish open trade".split())
_HEDGE_PREPS = frozenset("under over about around above below nearly almost".split())


def direction(figure: Span) -> Direction | None:
    """up/down when ``figure`` (the tokens of one quantity) states a change, else None."""
    doc = figure.doc
    before = doc[figure.start - 1] if figure.start > 0 else None
    after = doc[figure.end] if figure.end < len(doc) else None
    if before is not None and before.dep_ == "prt" and before.head.lemma_.lower() not in _TREND_VERBS:
        before = None  # "gave up 517 yards": a phrasal verb's particle, not a movement ("trending up 0.2%" is)
    if before is not None and before.text in ("+", "up") or after is not None and after.lower_ == "higher":
        return "up"
    if before is not None and before.lower_ == "down" or after is not None and after.lower_ == "lower":
        return "down"
    if before is not None and before.lower_ in ("to", "from", "at"):
        return None  # "increased by $43.6 billion to $419.2 billion": the level, however it is parsed
    if after is not None and after.head.i in range(figure.start, figure.end + 1) and after.i == figure.end:
        noun = _word(after.lemma_)
        if noun is not None and after.pos_ == "NOUN":
            return noun  # "a 3 percent drop"
    return _governing(figure)


def _governing(figure: Span) -> Direction | None:
    head = figure.root
    doc = figure.doc
    if head.dep_ == "quantmod" and head.head.i >= figure.end and doc[figure.end].lower_ in ("to", "-"):
        head = head.head  # "by 12 to 140": the parser reads the amount and the level reached as one range
    if head.dep_ == "pobj" and head.head.lower_ in ("to", "from", "at"):
        return None  # the level reached or left, not the amount of the change
    if head.dep_ == "pobj" and head.head.lower_ in _HEDGE_PREPS:
        head = head.head  # "rose under 4%": the hedge is the preposition, the movement its head
        if any(c.dep_ == "dobj" for c in head.head.children):
            return None  # "lost his life over $7": the object moved, the figure is a cause
    elif head.dep_ == "pobj" and head.head.lower_ == "by":
        head = head.head
    elif head.dep_ not in _AMOUNT_DEPS and head.dep_ != "pobj":
        return None
    verb = head.head
    by_noun = verb.pos_ == "NOUN" and head.lower_ == "by"  # "decrease by 1", tagged as a noun
    if verb.pos_ not in ("VERB", "AUX", "ADV", "ADP", "ADJ") and not by_noun:
        return None
    lemma = verb.lemma_.lower()
    adverbs = {c.lower_ for c in verb.children if c.dep_ == "advmod"}  # "revised upward by"; not "gave up"
    if lemma in _UP or verb.lower_ in ("up", "higher") or adverbs & {"up", "upward", "upwards", "higher"}:
        return "up"
    if lemma in _DOWN or verb.lower_ in ("down", "lower") or adverbs & {"down", "downward", "downwards", "lower"}:
        return "down"
    return None


def _word(lemma: str) -> Direction | None:
    lemma = lemma.lower()
    return "up" if lemma in _UP_WORDS else "down" if lemma in _DOWN_WORDS else None
