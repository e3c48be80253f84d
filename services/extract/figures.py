"""Quantities of a parsed claim unit as ``Quantity`` events, with what each number counts."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Span, Token

from claimstream.services.extract.quantities import QuantityMatch, find_quantities
from claimstream.services.extract.units import UNIT_WORDS
from claimstream.shared.events import Quantity


def quantities_in(unit: Span, tokens: Container[int] | None = None) -> list[Quantity]:
    """All quantities in ``unit`` (years, dates, ordinals left out), in text order; with ``tokens`` (document
    token indices) only those whose first token is one of them."""
    found = find_quantities(unit.text)
    if tokens is not None:
        found = [m for m in found if _first_token(unit, m) in tokens]
    return [_to_event(unit, match) for match in found]


def _first_token(unit: Span, match: QuantityMatch) -> int:
    span = unit.doc.char_span(unit.start_char + match.start, unit.start_char + match.end, alignment_mode="expand")
    return span.start if span is not None and len(span) else -1


def _to_event(unit: Span, match: QuantityMatch) -> Quantity:
    return Quantity(
        value=match.value,
        unit=match.unit,
        approx=match.approx,
        counts=_counts(unit, match),
        text=match.text,
        normalized_value=match.normalized_value,
        normalized_unit=match.normalized_unit,
    )


def _counts(unit: Span, match: QuantityMatch) -> str | None:
    """Lemma of the noun the number modifies ("5,937 soldiers" → "soldier"); None for units and bare numbers."""
    if match.unit is not None and match.unit != "fraction":
        return None
    span = unit.doc.char_span(unit.start_char + match.start, unit.start_char + match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    number = span[-1]
    noun = _counted_noun(number)
    if noun is None or noun.lemma_.lower() in UNIT_WORDS or noun.i < number.i:
        return None
    return noun.lemma_.lower()


def _counted_noun(number: Token) -> Token | None:
    if number.dep_ in ("nummod", "quantmod", "compound") and number.head.pos_ in ("NOUN", "PROPN"):
        head = number.head
        if head.pos_ == "NOUN":
            return head
        return head.head if head.head.pos_ == "NOUN" else None
    following = number.doc[number.i + 1] if number.i + 1 < len(number.doc) else None
    if following is not None and following.lower_ == "of":
        return None
    return None
