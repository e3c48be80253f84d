"""Quantities of a parsed claim unit as ``Quantity`` events: the number, what it counts (``subject``), what
happened to it (``event``), the interval its hedge allows, the share of a base it states and the absolute
figure that implies, plus derived sums ("300 killed and 2,700 wounded" -> 3,000 killed or wounded).

A range ("between a third and 50%", "5,000 to 6,000 troops") keeps both written numbers; the first carries
the range (``interval``/``relative``/``absolute``), the second is not a reading of its own (no subject, no
event). The rules for each field: :mod:`counted` (subject), :mod:`outcomes` (event), :mod:`hedges`
(interval), :mod:`shares` (relative, of, absolute, ranges, derived sums), :mod:`article_figures` (what earlier
sentences said), :mod:`changes` (change), :mod:`multiples` (halved, doubled), :mod:`naming_numbers` (numbers that
name rather than count), :mod:`conversions` (a restatement in parentheses hedged like its source).
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Span, Token

from claimstream.services.extract.doctext import span_text
from claimstream.services.extract.figures import (
    changes,
    conversions,
    counted,
    multiples,
    naming_numbers,
    outcomes,
    shares,
)
from claimstream.services.extract.figures.article_figures import (
    HUMAN_EVENTS,
    KNOWN_CLASSES,
    ArticleFigures,
    subject_class,
)
from claimstream.services.extract.figures.quantities import QuantityMatch, find_quantities
from claimstream.services.extract.figures.units import UNIT_WORDS
from claimstream.shared import hedges
from claimstream.shared.events import Quantity
from claimstream.shared.taxonomy import noun_class


def quantities_in(
    unit: Span, tokens: Container[int] | None = None, context: ArticleFigures | None = None
) -> list[Quantity]:
    """All quantities in ``unit`` (years, dates, ordinals left out), in text order, then derived sums; with
    ``tokens`` (document token indices) only those whose first token is one of them. ``context`` carries what
    earlier units of the article said (pass the same object for every unit of an article, in reading order)."""
    figures = (context or ArticleFigures()).unit(unit, _read)
    chosen = [q for first, q in figures if tokens is None or first in tokens]
    return chosen + shares.sums(chosen)


def _read(unit: Span, context: ArticleFigures) -> list[tuple[int, Quantity]]:
    for token in unit:  # mentions with a nationality ("North Korean forces") name the group of later bare ones
        if (
            token.ent_type  # most tokens are in no entity: spare them the label string
            and token.ent_type_ in ("NORP", "GPE")
            and token.head.pos_ == "NOUN"
            and token.head.i > token.i
            and noun_class(token.head.lemma_)[0] in KNOWN_CLASSES
        ):
            context.note_subject(counted.subject_of(token.head)[0])
    text = span_text(unit)
    matches, spans = _kept(unit, find_quantities(text, with_bare_one=True))
    read: list[tuple[int, Quantity]] = []
    for match, span in zip(matches, spans, strict=False):
        number = span[-1] if span is not None and len(span) else None
        quantity = _to_event(match, number, context, read[-1][1] if read else None)
        if span is not None and len(span) and (quantity.unit is not None or quantity.counts is None):
            signed = "up" if text[max(0, match.start - 1) : match.start] == "+" else None  # "Dow +0.2%"
            quantity = quantity.model_copy(update={"change": signed or changes.direction(span)})  # not "lost 300 tanks"
        read.append((span.start if span is not None and len(span) else -1, quantity))
    quantities = shares.apply(unit, [q for _, q in read], spans, matches, context)
    quantities = conversions.restated(text, matches, quantities)
    figures = [(first, q) for (first, _), q in zip(read, quantities, strict=False)] + multiples.multiples(unit, context)
    return sorted(figures, key=lambda item: item[0])


def _kept(unit: Span, found: list[QuantityMatch]) -> tuple[list[QuantityMatch], list[Span | None]]:
    """The matches that count something, with their token spans: no lone pronoun "one", no labels."""
    matches: list[QuantityMatch] = []
    spans: list[Span | None] = []
    for match in found:
        span = _span(unit, match)
        last = span[-1] if span is not None and len(span) else None
        if match.bare_one and (last is None or not naming_numbers.counts_one(last)):
            continue
        if last is not None and _is_bare(match) and naming_numbers.is_label(last):
            continue
        matches.append(match)
        spans.append(span)
    return matches, spans


def _is_bare(match: QuantityMatch) -> bool:
    return (
        match.unit is None
        and match.approx is None
        and match.scale == 1.0
        and match.high is None
        and not match.bare_one
        and match.text.isdigit()
    )  # "63,150 Model 3s": a separated number is a count


def _span(unit: Span, match: QuantityMatch) -> Span | None:
    return unit.doc.char_span(unit.start_char + match.start, unit.start_char + match.end, alignment_mode="expand")


def _to_event(
    match: QuantityMatch, number: Token | None, context: ArticleFigures, previous: Quantity | None
) -> Quantity:
    noun = counted.counted_noun(number) if number is not None else None
    subject, implied = counted.subject_of(noun) if noun is not None else (None, None)
    event = (outcomes.event_of(number, noun) if number is not None else None) or implied
    if subject is None and match.unit is None and event is not None and previous is not None:
        subject = previous.subject  # "300 soldiers were killed and 2,700 wounded": the 2,700 are soldiers too
    unknown_group = subject is not None and subject_class(subject) not in KNOWN_CLASSES and event in HUMAN_EVENTS
    if noun is not None and subject is not None and (counted.event_word(noun) or noun.pos_ == "PROPN" or unknown_group):
        subject = context.population(subject)  # "North Korean casualties", "the North Koreans", "North Korean units"
    if subject is None and number is not None and counted.of_them(number):
        subject = context.last_subject()
    if subject is None and match.unit is None and event in HUMAN_EVENTS:
        subject = context.last_subject(group=True)  # "about 300 had died": the group the article is about
    if (match.unit is not None and match.unit not in ("fraction", "percent")) or (
        noun is not None and noun.lemma_.lower() in UNIT_WORDS
    ):
        subject, event = None, None  # "three months of fighting", "half of the 1000+ sq km": not a count of anything
    return Quantity(
        value=match.value,
        unit=match.unit,
        approx=match.approx,
        counts=_counts(match, number),
        text=match.text,
        normalized_value=match.normalized_value,
        normalized_unit=match.normalized_unit,
        subject=context.full_subject(subject) if subject else None,
        event=event,
        interval=hedges.interval(match.value, match.high or match.value, match.approx),
        absolute=(match.value, match.high or match.value) if match.unit is None else None,
    )


def _counts(match: QuantityMatch, number: Token | None) -> str | None:
    """Lemma of the noun the number modifies ("5,937 soldiers" -> "soldier", "dozens of people" -> "people");
    None for units and bare numbers."""
    if (match.unit is not None and match.unit != "fraction") or number is None:
        return None
    if match.high is not None or match.bare_one:  # "dozens of people", "one of the best screens"
        whole = counted.partitive_noun(number)
        return whole.lemma_.lower() if whole is not None and whole.pos_ == "NOUN" else None
    if number.dep_ not in ("nummod", "quantmod", "compound") or number.head.pos_ not in ("NOUN", "PROPN"):
        return None
    noun = number.head if number.head.pos_ == "NOUN" else number.head.head
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in UNIT_WORDS or noun.i < number.i:
        return None
    return noun.lemma_.lower()
