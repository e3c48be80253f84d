"""Speech attributions whose sentence gave no claim at all (issue 24, PolNeAR misses of "said", "told", "noted"):
one class per test, each with a negative case.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

import spacy

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.nlp import quote_opens_sentence
from claimstream.services.extract.tests.speaker_claims import attributed


def test_typewriter_quote_after_a_reported_sentence_opens_the_next_sentence(extractor: ClaimExtractor) -> None:
    # "X said A. ''B,'' he said.": the mark '' stuck to the first sentence merged both into B's claim, losing A
    text = "Mr. Lind said the pier could be rebuilt by the spring. ''There is no real limit to it,'' he said."
    claims = attributed(extractor, text)
    assert [(c.speaker.name, c.cue, c.text) for c in claims] == [
        ("Mr. Lind", "said", "the pier could be rebuilt by the spring"),
        ("Mr. Lind", "said", "There is no real limit to it"),
    ]


def test_typewriter_quote_going_on_after_a_quote_stays_one_statement() -> None:
    # negative: "''A,'' Mr. Lind said. ''B.''" is one statement in two pieces; "Mr." is no sentence end
    doc = quote_opens_sentence(
        spacy.blank("en")("''It is done,'' Mr. Lind said. ''We will see.'' Ada Ruiz left. ''Not now,'' she said.")
    )
    marks = [t for t in doc if t.text == "''"]
    assert [m.is_sent_start for m in marks] == [None, None, None, None, True, None]
    assert doc[marks[4].i + 1].is_sent_start is False


def test_who_clause_with_a_speech_verb_is_a_second_statement(extractor: ClaimExtractor) -> None:
    # "…,” said X, who added that …": the relative clause says a second thing, with the same speaker
    text = "“The pier will hold,” said Ada Ruiz, who added that the ferry would run all winter."
    claims = attributed(extractor, text)
    assert [(c.speaker.name, c.cue, c.text) for c in claims] == [
        ("Ada Ruiz", "said", "The pier will hold"),
        ("Ada Ruiz", "added", "that the ferry would run all winter"),
    ]


def test_who_clause_without_a_statement_or_inside_one_is_no_second_claim(extractor: ClaimExtractor) -> None:
    # negatives: a "who" clause that says nothing, and one inside what another speaker reports
    quote = attributed(extractor, "“The pier will hold,” said Ada Ruiz, who runs the harbour board.")
    assert [(c.cue, c.text) for c in quote] == [("said", "The pier will hold")]
    nested = attributed(
        extractor, "Tom Lind said that Ada Ruiz, who claimed the pier was safe, had resigned on Monday."
    )
    assert [(c.speaker.name, c.cue) for c in nested] == [("Tom Lind", "said")]


def test_speech_gerund_after_a_preposition_is_said_by_the_clause_subject(extractor: ClaimExtractor) -> None:
    # "X angered Y by saying that …", "X left after telling reporters that …": the subject of the verb the
    # preposition modifies said it
    for text, cue, content in (
        ("Ada Ruiz angered the council last week by saying that the pier was unsafe.", "saying", "the pier was unsafe"),
        (
            "Tom Lind ended the meeting after telling reporters that the ferry would run all winter.",
            "telling",
            "the ferry would run all winter",
        ),
    ):
        (claim,) = attributed(extractor, text)
        assert (claim.cue, claim.text.removeprefix("that ")) == (cue, content)
        assert claim.speaker.name == text.split(" ")[0] + " " + text.split(" ")[1]


def test_speech_gerund_with_no_speaking_subject_is_no_claim(extractor: ClaimExtractor) -> None:
    # negatives: "that" is nobody, and a passive main verb names no speaker
    assert attributed(extractor, "That is not the same as saying the pier is unsafe.") == []
    assert attributed(extractor, "The board was praised after saying that the pier was safe.") == []
