"""Attribution carried by a noun (issue 24): "a claim by X that …", "X's estimate of …", "in X's view, …", "in a
statement, X …", one test per class, with the sentences each rule must leave alone.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed as _attributed


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Officials dismissed a claim by Mayor Ada Ruiz that the bridge was unsafe.",
            "Ada Ruiz",
            "claim",
            "that the bridge was unsafe",
        ),
        (
            "The council rejected the harbour board's argument that the levy would pay for itself.",
            "harbour board",
            "argument",
            "that the levy would pay for itself",
        ),
        (
            "Ada Ruiz voiced the fear that the ferry would stop running in winter.",
            "Ada Ruiz",
            "fear",
            "that the ferry would stop running in winter",
        ),
    ],
)
def test_a_noun_with_its_owner_and_a_that_clause_is_a_claim(
    extractor: ClaimExtractor, text: str, speaker: str, cue: str, content: str
) -> None:
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == (speaker, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "Officials dismissed the claim that the bridge was unsafe.",  # nobody owns the claim
        "Ada Ruiz dismissed the argument that the levy would pay for itself.",  # someone else's argument
        "Ada Ruiz never made the argument that the levy would pay for itself.",  # negated
    ],
)
def test_a_claim_noun_without_its_owner_is_no_claim(extractor: ClaimExtractor, text: str) -> None:
    assert _attributed(extractor, text) == []


def test_an_estimate_of_a_figure_is_its_owners_claim(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "The harbour board's estimate of 4,000 lost jobs was far too low.")
    assert (claim.speaker.name, claim.cue, claim.text) == ("harbour board", "estimate", "4,000 lost jobs")


def test_an_estimate_without_a_figure_is_no_claim(extractor: ClaimExtractor) -> None:
    assert _attributed(extractor, "The harbour board's estimate of the damage was late.") == []


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "In the engineer's view, the new toll would cut traffic by a third.",
            "view",
            "the new toll would cut traffic by a third",
        ),
        (
            "The new toll would cut traffic by a third, in the engineer's opinion.",
            "opinion",
            "The new toll would cut traffic by a third",
        ),
    ],
)
def test_in_someones_view_the_sentence_is_their_claim(
    extractor: ClaimExtractor, text: str, cue: str, content: str
) -> None:
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == ("engineer", cue, content)


def test_in_a_statement_the_subject_speaks(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "In a statement, the ferry company apologised for the delays of the storm.")
    assert (claim.speaker.name, claim.cue, claim.text) == (
        "ferry company",
        "statement",
        "apologised for the delays of the storm",
    )
    # a stance verb is the more specific cue: "In a statement, X blamed …" is cued by "blamed" (stances)
    (claim,) = _attributed(extractor, "In a statement, the ferry company blamed the delays on a storm.")
    assert (claim.cue, claim.text) == ("blamed", "blamed the delays on a storm")


@pytest.mark.parametrize(
    "text",
    [
        "In the meantime, the ferry company closed three of its piers.",  # no carrier of words
        "In an interview with Ada Ruiz, the ferry company closed three of its piers.",  # Ruiz is the one asked
    ],
)
def test_in_a_phrase_without_a_carrier_of_words_is_no_claim(extractor: ClaimExtractor, text: str) -> None:
    assert _attributed(extractor, text) == []


def test_a_verb_cue_outranks_the_noun(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "In a statement, the ferry company said it would appeal the ruling.")
    assert (claim.speaker.name, claim.cue, claim.text) == ("ferry company", "said", "it would appeal the ruling")
