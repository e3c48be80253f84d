"""Where a claim's text starts and stops (issue 24: content spans that follow the whole reported clause).

Invented sentences, one per class of short text measured on PolNeAR's tuning part."""

from __future__ import annotations

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed


def _text(extractor: ClaimExtractor, sentence: str) -> str:
    claims = attributed(extractor, sentence)
    assert len(claims) == 1, [(c.speaker.name, c.text) for c in claims]
    return claims[0].text


def test_a_clause_opening_with_a_quote_keeps_the_writers_words_after_it(extractor: ClaimExtractor) -> None:
    # the quote is only the start of what was said: the reported clause runs on past the closing mark
    text = _text(extractor, "Mayor Ruth Okafor said “we do not plan any new toll” on the harbour road.")
    assert text == "“we do not plan any new toll” on the harbour road"
    text = _text(extractor, "The governor admitted “the bridge will not open this year” unless the council pays more.")
    assert text.endswith("unless the council pays more")


def test_a_clause_that_is_all_quote_is_the_quoted_words(extractor: ClaimExtractor) -> None:
    text = _text(extractor, "Mayor Ruth Okafor said “we do not plan any new toll on the harbour road.”")
    assert text == "we do not plan any new toll on the harbour road."


def test_a_name_given_keeps_the_thing_named(extractor: ClaimExtractor) -> None:
    # "called X Y": what is named and the name together are what was said, not the name alone
    assert _text(extractor, "The union called the offer an insult to the crews.") == "the offer an insult to the crews"
    text = _text(extractor, "Critics have called him “the mayor of nowhere,” a jab at his absences.")
    assert text.startswith("him “the mayor of nowhere,”")


def test_a_call_for_is_left_alone(extractor: ClaimExtractor) -> None:
    # "what/who X calls Y" keeps Y alone: test_attribution_classes.test_what_someone_calls_something_is_their_statement
    assert _text(extractor, "Okafor called for a new vote on the budget.") == "called for a new vote on the budget"


def test_the_day_after_the_reporting_verb_dates_the_saying_not_the_statement(extractor: ClaimExtractor) -> None:
    # "said Monday …": the time belongs to the reporting clause; the statement starts after it
    assert _text(extractor, "Ada Berg said Monday the company would close the plant.") == (
        "the company would close the plant"
    )
    assert _text(extractor, "Berg told reporters Wednesday most of the crew had quit.") == "most of the crew had quit"
    assert _text(extractor, "Ada Berg said Monday that the company would close the plant.") == (
        "that the company would close the plant"
    )
    # a date that is part of the statement's subject stays
    assert _text(extractor, "Berg said Monday's vote was rigged by the harbour board.").startswith("Monday's vote")


def test_a_subject_hung_on_the_day_stays_in_the_statement(extractor: ClaimExtractor) -> None:
    # the parser hangs "one of the mayor's ideas" on "Monday"; without it the claim read "could save money"
    text = _text(
        extractor,
        "Harbour chief Ada Berg said Monday one of the mayor's ideas, to build the pier lower, could save money.",
    )
    assert text == "One of the mayor's ideas, to build the pier lower, could save money."
