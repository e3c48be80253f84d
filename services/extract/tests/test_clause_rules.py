"""Rules for sentences holding several claims, figure-giving verbs, organisation names, surnames, code-like
numbers and the month "May".

Invented sentences of the same shape as the defects seen on the demo articles (claimstream/demo/), so each
rule is tested as a rule, not as a string.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.extract.attribution.names import SpeakerRegistry, canonical_form
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.figures.quantities import find_quantities
from claimstream.shared.events import ArticleCleaned, ClaimExtracted

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _claims(extractor: ClaimExtractor, text: str) -> list[ClaimExtracted]:
    return extractor.extract(ArticleCleaned(article_id="c1", text=text, outlet="Valley Post", ingested_at=NOW))


def _by_speaker(claims: list[ClaimExtracted], name: str) -> ClaimExtracted:
    hits = [c for c in claims if c.speaker.name == name]
    assert len(hits) == 1, [(c.speaker.name, c.text) for c in claims]
    return hits[0]


def _values(claim: ClaimExtracted) -> list[float]:
    return [q.value for q in claim.quantities]


def test_each_claim_of_a_split_sentence_keeps_its_own_numbers(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Lena Brandt said the flood had cut off 64 farms, while the water board reported 9 breaches.\n"
        "Relief groups estimated that 700 sheep may have drowned, and the Red Cross said it would fly in "
        "12 tonnes of feed.\n"
    )
    claims = _claims(extractor, text)
    brandt, board = _by_speaker(claims, "Lena Brandt"), _by_speaker(claims, "water board")
    assert _values(brandt) == [64] and _values(board) == [9]
    assert board.text == "The water board reported 9 breaches"  # its own clause, not the whole sentence
    assert [e.text for e in board.entities] == []  # "Lena Brandt" is in the other clause
    groups, red_cross = _by_speaker(claims, "Relief groups"), _by_speaker(claims, "Red Cross")
    assert _values(groups) == [700] and _values(red_cross) == [12]
    assert groups.hedged and not red_cross.hedged  # "may" sits in the other clause


def test_a_single_claim_keeps_every_number_of_its_sentence(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "Some 300 homes were lost in 4 districts, the fire service said on Monday.\n")
    assert _values(_by_speaker(claims, "fire service")) == [300, 4]


@pytest.mark.parametrize(
    "sentence, speaker, cue, value",
    [
        ("The Health Minister, Ruth Okafor, put the number of cases at 1,250.", "Ruth Okafor", "put", 1250),
        ("Officials put the number of dead at 40 on Sunday.", "Officials", "put", 40),
        ("The insurer puts the cost of the storm at $2bn in its filing.", "insurer", "puts", 2e9),
        ("Organisers estimated the crowd at 10,000 on Saturday.", "Organisers", "estimated", 10000),
        ("Analysts have pegged the losses at 3 million euros.", "Analysts", "pegged", 3e6),
    ],
)
def test_verbs_giving_a_figure_attribute_it_to_their_subject(
    extractor: ClaimExtractor, sentence: str, speaker: str, cue: str, value: float
) -> None:
    claim = _by_speaker(_claims(extractor, sentence + "\n"), speaker)
    assert (claim.attribution, claim.cue) == ("indirect", cue)
    assert value in _values(claim)


def test_figure_verbs_need_a_figure(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "The storm put the old harbour town at risk of 20 more floods.\n")
    assert [c.attribution for c in claims] == ["unattributed"]


def test_role_apposition_before_the_name_gives_name_and_title(extractor: ClaimExtractor) -> None:
    text = (
        "The Health Minister, Ruth Okafor, put the number of cases at 1,250.\n"
        '"Every case we count is confirmed by a laboratory," the minister said.\n'
    )
    claims = _claims(extractor, text)
    assert [(c.speaker.name, c.speaker.title) for c in claims] == [("Ruth Okafor", "Health Minister")] * 2


def test_a_role_alone_is_the_whole_role(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "The Trade Minister said exports had fallen by 8 percent.\n")
    assert claims[0].speaker.name == "Trade Minister"


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("The health ministry reported 31 new cases on Friday.", "health ministry"),
        ("The Transport Ministry said 14 bridges were closed.", "Transport Ministry"),
        ("The UN children's agency said 5,000 pupils had no school.", "UN children's agency"),
        ("Local officials said 45 roads were flooded.", "Local officials"),
    ],
)
def test_organisation_speakers_keep_their_modifiers(extractor: ClaimExtractor, sentence: str, name: str) -> None:
    speaker = _claims(extractor, sentence + "\n")[0].speaker
    assert speaker.name == name and speaker.canonical == name and speaker.kind != "person"


def test_organisation_canonical_keeps_role_like_modifiers() -> None:
    assert canonical_form("the foreign ministry") == "foreign ministry"
    assert canonical_form("State Department") == "State Department"
    assert canonical_form("Foreign Minister Ana Ruiz") == "Ana Ruiz"


def test_organisation_noun_labelling_a_name(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "Farmers warned that 30 wells had dried up, the weekly magazine Kordo reported.\n")
    speaker = claims[0].speaker
    assert (speaker.name, speaker.title, speaker.kind) == ("Kordo", "weekly magazine", "organization")


def test_bare_surname_resolves_to_the_person_named_earlier(extractor: ClaimExtractor) -> None:
    text = (
        "At least 60 people died in the fire, district mayor Petra Lindqvist said on Monday.\n"
        "Lindqvist told local radio that 4,000 people had left the town.\n"
    )
    later = [c for c in _claims(extractor, text) if "4,000" in c.sentence][0]
    assert (later.speaker.name, later.speaker.canonical) == ("Lindqvist", "Petra Lindqvist")
    assert (later.speaker.kind, later.speaker.title) == ("person", "district mayor")


def test_surname_never_expands_to_an_organisation() -> None:
    registry = SpeakerRegistry()
    registry.note_name("Bank of England", "organization")
    assert registry.resolve("England", "country", None)[3] == "England"


def test_a_role_description_needs_matching_ranks() -> None:
    registry = SpeakerRegistry()
    registry.note_name("Ana Ruiz", "person", "Finance Minister")
    assert registry.resolve("the minister", "person", None)[3] == "Ana Ruiz"
    assert registry.resolve("the foreign minister", "person", None)[3] != "Ana Ruiz"


def test_relative_pronoun_is_not_part_of_the_speaker(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "A retired teacher who lives nearby said 12 windows were broken.\n")
    assert claims[0].speaker.name == "retired teacher"


@pytest.mark.parametrize(
    "text",
    [
        "The page ran window.__flag=1 on load.",
        "Open the record with id=42.",
        "The v2 app",
        "COVID-19 wards",
        "an A320 jet",
        "the G7 summit",
        "version 3.2.1 of the tool",
        "the x86_64 build",
        "item_3 failed",
    ],
)
def test_numbers_inside_identifiers_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_change_and_level_are_not_a_range() -> None:
    found = find_quantities("Sales rose 2.5% to $3.4bn.")
    assert [(q.value, q.unit) for q in found] == [(2.5, "percent"), (3.4e9, "usd")]


@pytest.mark.parametrize(
    "sentence, hedged",
    [
        ("Since May, 40 shops have closed, the council said.", False),
        ("Talks began on May 5 with 30 delegates, officials said.", False),
        ("In May the port handled 2 million tonnes, the port authority said.", False),
        ("Officials said 40 shops may close.", True),
    ],
)
def test_may_the_month_is_no_hedge(extractor: ClaimExtractor, sentence: str, hedged: bool) -> None:
    assert _claims(extractor, sentence + "\n")[0].hedged is hedged
