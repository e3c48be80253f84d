"""Changes written as a verb: "halved" -> 0.5, "doubled" -> 2, "tripled" -> 3, "quadrupled" -> 4.

Each such verb (past tense or participle only: "more than double previous predictions" states no change)
becomes a figure of its own, unit ``times``, ``relative`` = [factor, factor], about the subject it changes: the
object of a transitive verb ("halved its garrison"), else its subject ("the number of displaced families
doubled", read through "the number of"). Its base is a figure on that noun or a "from N" phrase, else the
article's latest total of the subject's class; with a base, ``absolute`` = factor x base.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimstream.services.extract.figures import counted, outcomes
from claimstream.services.extract.figures.article_figures import ArticleFigures
from claimstream.shared.events import Quantity

_FACTORS = {"halve": 0.5, "double": 2.0, "triple": 3.0, "treble": 3.0, "quadruple": 4.0}
_COUNTERS = frozenset("number total count tally figure".split())


def multiples(unit: Span, context: ArticleFigures) -> list[tuple[int, Quantity]]:
    """(verb token index, figure) for every halving or multiplying verb in ``unit``."""
    found: list[tuple[int, Quantity]] = []
    for verb in unit:
        factor = _FACTORS.get(verb.lemma_.lower())
        if factor is None or verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN") or outcomes.negated(verb):
            continue
        noun = _changed_noun(verb)
        subject, implied = counted.subject_of(noun) if noun is not None else (None, None)
        if noun is not None and implied is None:  # "the number of displaced families doubled"
            implied = next(
                (counted.event_word(c) for c in noun.children if c.dep_ == "amod" and counted.event_word(c)), None
            )
        subject = context.population(context.full_subject(subject)) if subject else None
        implied = implied or (counted.event_word(noun) if noun is not None else None)
        base = _from_base(verb) or (_number_on(noun) if noun is not None else None)
        if base is None and implied is None and noun is not None and counted.is_definite(noun):
            base = context.base(subject)  # "the Kenyan troops had halved"; a total is no base of a toll
        found.append(
            (
                verb.i,
                Quantity(
                    value=factor,
                    unit="times",
                    text=verb.text,
                    subject=subject,
                    event=implied,
                    relative=(factor, factor),
                    of=base,
                    interval=(factor, factor),
                    absolute=(factor * base, factor * base) if base is not None else None,
                    change="down" if factor < 1 else "up",
                ),
            )
        )
    return found


def _changed_noun(verb: Token) -> Token | None:
    deps = ("dobj", "nsubjpass", "nsubj")
    noun = next((c for d in deps for c in verb.children if c.dep_ == d and c.pos_ in ("NOUN", "PROPN")), None)
    if noun is not None and noun.lemma_.lower() in _COUNTERS:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), noun) if of is not None else noun
    return noun


def _from_base(verb: Token) -> float | None:
    """ "doubled from 4,000": the level before the change."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            number = next((c for c in prep.children if c.like_num), None)
            return _value(number) if number is not None else None
    return None


def _number_on(noun: Token) -> float | None:
    number = next((c for c in noun.subtree if c.like_num and c.i < noun.i), None)
    return _value(number) if number is not None else None


def _value(token: Token) -> float | None:
    try:
        return float(token.text.replace(",", ""))
    except ValueError:
        return None
