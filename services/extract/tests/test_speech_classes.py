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
