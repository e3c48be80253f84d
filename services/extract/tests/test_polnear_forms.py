"""Speech, belief and question forms the cues missed (issue 24, PolNeAR misses whose gold cue is "ask",
"know", "say" …): one class per test, each with a negative case.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed


def _said(extractor: ClaimExtractor, text: str) -> list[tuple[str, str | None, str]]:
    return [(c.speaker.name, c.cue, c.text) for c in attributed(extractor, text)]


def test_question_about_a_topic(extractor: ClaimExtractor) -> None:
    # "asked X about Y": what the question was about is the content
    text = "The radio host asked the harbor chief about the ferry schedule."
    assert _said(extractor, text) == [("radio host", "asked", "about the ferry schedule")]


def test_passive_question_names_its_asker(extractor: ClaimExtractor) -> None:
    # "X was asked by Y why …", "Asked by Y about …, X …": Y put the question
    assert _said(extractor, "Ada Ruiz was asked by a caller why the ferry is late.") == [
        ("caller", "asked", "why the ferry is late")
    ]
    assert _said(extractor, "Asked by the radio host about the ferry schedule, Ada Ruiz shrugged.") == [
        ("radio host", "asked", "about the ferry schedule")
    ]


def test_question_put_to_an_unnamed_asker_is_no_claim(extractor: ClaimExtractor) -> None:
    # negative: "Ruiz was asked about …" and "…,” Ruiz said, asked about …" do not name who asked
    assert _said(extractor, "Ada Ruiz was asked about the ferry schedule.") == []
    text = "“It has been years,” Ada Ruiz said, asked about the delay in an interview."
    assert _said(extractor, text) == [("Ada Ruiz", "said", "It has been years")]


def test_seeking_to_is_an_aim(extractor: ClaimExtractor) -> None:
    # "X is seeking to …", "the bill seeks to …": a stated aim, like "plans to"
    assert _said(extractor, "The dockers' union is seeking to block the levy in court.") == [
        ("dockers' union", "seeking", "to block the levy in court")
    ]


def test_seeking_a_person_is_no_aim(extractor: ClaimExtractor) -> None:
    # negative: "seek" with an object and no infinitive is a search
    assert _said(extractor, "The harbor police seek the driver of the van.") == []
