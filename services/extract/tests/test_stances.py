"""Stances taken in words as claims (issue 24, ``attribution/stances.py``): accusations, blame, criticism and
praise with what they are about, calls and demands, endorsements and opposition, denials, evidence pointed to;
one case per construction and the negatives beside them, all on invented sentences.
"""

from __future__ import annotations

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.test_attribution_classes import _attributed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an accusation: the object and what it is accused of
            "Senator Maria Lund accused the mayor of hiding the cost of the new bridge.",
            ("Maria Lund", "accused", "accused the mayor of hiding the cost of the new bridge"),
        ),
        (  # blame: the object and the cause, a time phrase left out
            "The farmers blamed the drought for the poor harvest on Monday.",
            ("farmers", "blamed", "blamed the drought for the poor harvest"),
        ),
        (  # criticism with "as"
            "Critics have blasted the plan as reckless and expensive.",
            ("Critics", "blasted", "blasted the plan as reckless and expensive"),
        ),
        (  # praise with what for
            "Ms. Lund praised the firefighters for their courage.",
            ("Ms. Lund", "praised", "praised the firefighters for their courage"),
        ),
        (  # a demand: the verb needs "for"
            "The teachers union called for a strike vote next month.",
            ("teachers union", "called for", "called for a strike vote next month"),
        ),
        (  # evidence given: the verb needs "to"
            "The opposition leader pointed to rising rents in the capital.",
            ("opposition leader", "pointed to", "pointed to rising rents in the capital"),
        ),
        (  # a position, its modal kept
            "Senator Tom Hale would back the proposal to widen the road.",
            ("Tom Hale", "back", "would back the proposal to widen the road"),
        ),
        (  # dismissal with "as" hung on the object
            "The minister dismissed the report as fiction.",
            ("minister", "dismissed", "dismissed the report as fiction"),
        ),
        (  # a denial with an object only
            "The minister denied the report.",
            ("minister", "denied", "denied the report"),
        ),
        (  # a proposal
            "Councillor Ada Ruiz proposed a levy on ferry tickets.",
            ("Ada Ruiz", "proposed", "proposed a levy on ferry tickets"),
        ),
        (  # a side taken: the verb needs "with"; where it was taken left out
            "The dockers sided with the harbour master in the dispute over the toll.",
            ("dockers", "sided with", "sided with the harbour master"),
        ),
        (  # a campaign against something: the verb needs "against" or "for"
            "The fishermen's union campaigned against the new toll.",
            ("fishermen's union", "campaigned against", "campaigned against the new toll"),
        ),
        (  # a preference with what it is preferred to
            "Mayor Lind prefers a tunnel to a second bridge.",
            ("Lind", "prefers", "prefers a tunnel to a second bridge"),
        ),
        (  # a doubt put as a stance
            "The senator questioned the mayor's plan to sell the pier.",
            ("senator", "questioned", "questioned the mayor's plan to sell the pier"),
        ),
        (  # a concern expressed, with what about
            "The harbour board expressed concern about the cost of the dredging.",
            ("harbour board", "expressed", "expressed concern about the cost of the dredging"),
        ),
        (  # an act as the object, given as a gerund
            "The dockers oppose selling the yard to the city.",
            ("dockers", "oppose", "oppose selling the yard to the city"),
        ),
        (
            "Senator Tom Hale proposed raising the ferry levy to $15 by 2027.",
            ("Tom Hale", "proposed", "proposed raising the ferry levy to $15 by 2027"),
        ),
    ],
)
def test_a_stance_with_its_object_and_complement_is_a_claim(
    extractor: ClaimExtractor, text: str, expected: tuple[str, str, str]
) -> None:
    """Speaker, cue and text of the one claim; the text starts at the stance verb (or its modal)."""
    (claim,) = _attributed(extractor, text)
    assert ((claim.speaker.name, claim.cue, claim.text), claim.attribution) == (expected, "indirect")


@pytest.mark.parametrize(
    "text",
    [
        "The senator has not endorsed the candidate yet.",  # negated: the content alone would say the opposite
        "The bill criticized the agency for its slow response.",  # a thing takes no stance
        "The mayor was criticized by residents for the closures.",  # passive: the residents' stance, not hers
        "The teachers called the meeting to order at noon.",  # "call" without "for"/"on"/"out" is no demand
        "The ferry points north in the morning.",  # "point" without "to"
        "The judge dismissed the case against the former mayor.",  # a ruling; "dismissed X as Y" is a stance
        "Parliament rejected the budget by a wide margin.",  # a vote
        "Rebel forces attacked the northern town overnight.",  # an act; "attacked X for Y" is a stance
        "The charity supports more than 2,000 families in the region.",  # what it does, counted
        "The ferry company proposed 2,000 new jobs on the pier.",  # counted, as above
        "The new statement expressed concern about the cost of the dredging.",  # a thing, as above
        "The dockers kept selling fish at the pier.",  # a gerund after no stance verb
        "The new report supports raising the levy.",  # a thing, as above
        "The mayor does not support closing the pier.",  # negated, as above
    ],
)
def test_negated_passive_thing_and_plain_verbs_are_no_stance(extractor: ClaimExtractor, text: str) -> None:
    assert not _attributed(extractor, text)


def test_a_speech_verb_that_is_a_stance_gets_the_stance_content(extractor: ClaimExtractor) -> None:
    text = "“We will fight this,” Mr. Hale said, and he accused the board of lying about the budget."
    claims = _attributed(extractor, text)
    accused = next(c for c in claims if c.cue == "accused")
    assert accused.text == "accused the board of lying about the budget"


def test_a_stance_inside_a_statement_is_part_of_it(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "Mr. Hale said the council blamed the drought for the losses.")
    assert (claim.speaker.name, claim.cue) == ("Mr. Hale", "said")
    assert claim.text == "the council blamed the drought for the losses"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a participle after a comma reports a second statement of the same speaker
            "Ms. Lund pointed to the rising rents, noting that wages have not moved in years.",
            [("pointed to", "pointed to the rising rents"), ("noting", "that wages have not moved in years")],
        ),
        (  # a coordinate speech verb without its own subject
            "Governor Hale blasted the council and said the budget had failed the city.",
            [("blasted", "blasted the council"), ("said", "the budget had failed the city")],
        ),
    ],
)
def test_a_stance_and_a_statement_of_the_same_speaker_are_two_claims(
    extractor: ClaimExtractor, text: str, expected: list[tuple[str, str]]
) -> None:
    claims = _attributed(extractor, text)
    assert [(c.cue, c.text) for c in claims] == expected
    assert len({c.speaker.name for c in claims}) == 1


def test_a_demand_with_a_clause_opened_by_for_keeps_the_clause(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "In March, the union called for the mayor to resign over the closures.")
    assert (claim.cue, claim.text) == ("called for", "called for the mayor to resign over the closures")


def test_a_stance_in_a_time_clause_is_a_claim_a_condition_is_not(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "After the senator accused the mayor of hiding the costs, the council voted.")
    assert (claim.speaker.name, claim.text) == ("senator", "accused the mayor of hiding the costs")
    assert not _attributed(extractor, "If the senator accused the mayor of hiding the costs, the council would vote.")


def test_a_stance_in_a_relative_clause_is_the_described_noun_s(extractor: ClaimExtractor) -> None:
    (claim,) = _attributed(extractor, "Residents who oppose the new highway packed the town hall on Monday.")
    assert (claim.speaker.name, claim.cue, claim.text) == ("Residents", "oppose", "oppose the new highway")
    assert not _attributed(extractor, "The ruling that backs the new highway will be read in May.")  # a thing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a stance beside a statement of another speaker
            "The dockers blamed the board for the repair bill, but the harbour master said the pier was safe.",
            [
                ("harbour master", "said", "the pier was safe"),
                ("dockers", "blamed", "blamed the board for the repair bill"),
            ],
        ),
        (  # two stances of one speaker in coordinate clauses
            "Governor Pell blasted the ferry operator and praised the harbour staff for their patience.",
            [
                ("Pell", "blasted", "blasted the ferry operator"),
                ("Pell", "praised", "praised the harbour staff for their patience"),
            ],
        ),
        (  # a stance beside a stance of another speaker
            "Mayor Lena Ortiz defended the harbour budget, while her critics accused the council of hiding the costs.",
            [
                ("her critics", "accused", "accused the council of hiding the costs"),
                ("Lena Ortiz", "defended", "defended the harbour budget"),
            ],
        ),
    ],
)
def test_each_stance_of_a_clause_of_its_own_is_a_claim(
    extractor: ClaimExtractor, text: str, expected: list[tuple[str, str, str]]
) -> None:
    claims = _attributed(extractor, text)
    assert sorted((c.speaker.name, c.cue, c.text) for c in claims) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a stance inside what was said is the statement's content, not a second claim
            "Councillor Ruiz said she opposes the new toll on the bridge.",
            ("Ruiz", "said", "she opposes the new toll on the bridge"),
        ),
        (  # a stance in a relative clause describes the speaker
            "A councillor who has endorsed Ortiz said the vote on the pier would be close.",
            ("councillor", "said", "the vote on the pier would be close"),
        ),
    ],
)
def test_a_stance_inside_a_statement_or_describing_its_speaker_is_no_second_claim(
    extractor: ClaimExtractor, text: str, expected: tuple[str, str, str]
) -> None:
    (claim,) = _attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == expected
