"""Beliefs, intentions and views as claims, continuing quotes with their cue, and quotes written with two
apostrophes (issue 24), one test per error class.

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
            "The mayor wants to close the old harbour road before the winter.",
            "mayor",
            "wants",
            "to close the old harbour road before the winter",
        ),
        (
            "The council plans to raise parking fees in the spring.",
            "council",
            "plans",
            "to raise parking fees in the spring",
        ),
        (
            "Senator Tom Hale intends to vote against the budget next week.",
            "Tom Hale",
            "intends",
            "to vote against the budget next week",
        ),
        (
            "The fishing union wants the ministry to reopen the northern bay.",
            "fishing union",
            "wants",
            "the ministry to reopen the northern bay",
        ),
    ],
)
def test_an_aim_with_an_infinitive_is_a_claim(
    extractor: ClaimExtractor, text: str, speaker: str, cue: str, content: str
) -> None:
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == (speaker, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "Voters who do not want to keep the ferry signed a petition.",  # negated in a relative clause
        "Because she wanted to see the harbour, Ms. Lind took the early train.",  # a motive
    ],
)
def test_relative_negated_and_motive_aims_are_not_claims(extractor: ClaimExtractor, text: str) -> None:
    assert not [c for c in _attributed(extractor, text) if c.cue in ("want", "wants", "wanted")]


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The mayor does not want to close the old harbour road.",
            "mayor",
            "want",
            "does not want to close the old harbour road",
        ),
        (
            "The dockers' union never intended to strike in winter.",
            "dockers' union",
            "intended",
            "never intended to strike in winter",
        ),
    ],
)
def test_a_negated_aim_keeps_its_negation(
    extractor: ClaimExtractor, text: str, speaker: str, cue: str, content: str
) -> None:
    (claim,) = _attributed(extractor, text)  # the infinitive alone would say the opposite
    assert (claim.speaker.name, claim.cue, claim.text) == (speaker, cue, content)


def test_an_aim_in_a_relative_clause_is_the_described_noun_s(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "Harbour voters who want to keep the old ferry signed a petition.")
    assert (claim.speaker.name, claim.cue, claim.text) == ("voters", "want", "to keep the old ferry")


def test_hope_is_read_as_hope_whatever_the_lemmatizer_says(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "Ms. Lind hopes the talks on the new ferry will resume in March.")
    assert (claim.speaker.name, claim.cue) == ("Ms. Lind", "hopes")
    assert claim.text == "the talks on the new ferry will resume in March"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Ms. Lind is hoping the talks on the new ferry will resume in March.",
            "hoping",
            "the talks on the new ferry will resume in March",
        ),
        (
            "Ms. Lind was still hoping to win the harbour seat in the spring.",
            "hoping",
            "to win the harbour seat in the spring",
        ),
    ],
)
def test_hoping_is_read_as_hope(extractor: ClaimExtractor, text: str, cue: str, content: str) -> None:
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == ("Ms. Lind", cue, content)


def test_hopping_is_not_hope(extractor: ClaimExtractor) -> None:
    assert not _attributed(extractor, "Ms. Lind was hopping from one harbour rally to the next all week.")


def test_a_view_noun_with_its_owner_is_a_claim(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "Governor Maria Costa's view is that the tax cut will pay for itself.")
    assert (claim.speaker.canonical, claim.cue) == ("Maria Costa", "view")
    assert claim.text == "that the tax cut will pay for itself"


def test_a_quote_going_on_keeps_the_speaker_and_the_cue(extractor: ClaimExtractor) -> None:
    text = "“The ferry will not run this year,” Mr. Roe said. “It costs too much and nobody rides it.”"
    claims = _attributed(extractor, text)
    # one statement going on after its attribution: one claim of both pieces (test_interrupted_statements)
    assert [(c.speaker.name, c.cue, len(c.parts)) for c in claims] == [("Mr. Roe", "said", 2)]


def test_two_apostrophes_quote_like_a_double_quote_mark(extractor: ClaimExtractor) -> None:
    text = "''The ferry will not run this year,'' Mr. Roe said. ''It costs too much and nobody rides it.''"
    claims = _attributed(extractor, text)
    assert claims and all(c.speaker.name == "Mr. Roe" and c.attribution == "direct_quote" for c in claims)
    joined = " ".join(c.text for c in claims)
    assert "''" not in joined and "The ferry will not run this year" in joined and "nobody rides it" in joined


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "The Editor-in-Chief of the Harbour Gazette, Perry Vale, said sales fell by half last year.",
            "Perry Vale",
            "Editor-in-Chief of the Harbour Gazette",
        ),
        (
            "The lawyer for the Roe family, Ann Lee, said the ruling would be appealed.",
            "Ann Lee",
            "lawyer for the Roe family",
        ),
    ],
)
def test_a_name_set_off_after_a_role_phrase_is_the_speaker(
    extractor: ClaimExtractor, text: str, name: str, title: str
) -> None:
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.speaker.title) == (name, title)


def test_a_role_after_the_named_person_resolves_to_them(extractor: ClaimExtractor) -> None:
    text = (
        "John Roe, a spokesman for the Harbour Ministry, told AFP that the northern pier would stay closed.\n"
        "On Tuesday a spokesman said the ferry crossing would reopen in May.\n"
    )
    first, second = _attributed(extractor, text)
    assert (first.speaker.name, first.speaker.title) == ("John Roe", "a spokesman for the Harbour Ministry")
    assert second.speaker.canonical == "John Roe"


def test_according_to_a_hyphenated_title_and_a_name_keeps_the_title_clean(extractor: ClaimExtractor) -> None:
    text = "According to the Editor-in-Chief of the Harbour Gazette, Perry Vale, sales fell by half last year."
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.speaker.title) == ("Perry Vale", "Editor-in-Chief of the Harbour Gazette")
