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


def test_statement_whose_subject_was_parsed_as_the_participles_object(extractor: ClaimExtractor) -> None:
    # ", stating A is B": the parser takes A for the object of "stating" and hangs "is B" on the clause above
    text = "The mayor also addressed the dockers' concerns last Thursday, stating the county and not the city is in charge of the pier."
    assert _said(extractor, text) == [("mayor", "stating", "the county and not the city is in charge of the pier")]


def test_participle_with_an_object_and_a_second_act_reports_nothing(extractor: ClaimExtractor) -> None:
    # negative: ", stating the figures, and left": "left" is the subject's own act, not what was stated
    assert _said(extractor, "Ada Ruiz addressed the crowd, stating the figures, and left.") == []


def test_records_show_aside_tagged_as_a_noun_phrase(extractor: ClaimExtractor) -> None:
    # "…, harbor records show, …": the tagger reads "records show" as one noun phrase; the aside between commas
    # reports the whole sentence around it, in two pieces (claim_text's aside rule)
    text = "During the same stretch, harbor records show, the ferry has sailed roughly 216 hours."
    assert _said(extractor, text) == [
        ("harbor records", "show", "During the same stretch the ferry has sailed roughly 216 hours.")
    ]
    text = "The ferry was insured at a value of 3 million dollars in 2011, records show."
    assert _said(extractor, text) == [
        ("records", "show", "The ferry was insured at a value of 3 million dollars in 2011")
    ]


def test_records_show_without_an_aside_is_no_report(extractor: ClaimExtractor) -> None:
    # negative: "as the records show" compares with the records; the phrase is no aside set off by commas
    assert _said(extractor, "The ferry sailed late all winter, as the county records show.") == []


def test_seeking_to_is_an_aim(extractor: ClaimExtractor) -> None:
    # "X is seeking to …", "the bill seeks to …": a stated aim, like "plans to"
    assert _said(extractor, "The dockers' union is seeking to block the levy in court.") == [
        ("dockers' union", "seeking", "to block the levy in court")
    ]


def test_seeking_a_person_is_no_aim(extractor: ClaimExtractor) -> None:
    # negative: "seek" with an object and no infinitive is a search
    assert _said(extractor, "The harbor police seek the driver of the van.") == []


def test_belief_in_a_participle_aside(extractor: ClaimExtractor) -> None:
    # ", believing S": the main clause's subject holds S
    text = "Each union projected its own hopes onto the mayor, believing she would rebuild the pier."
    assert _said(extractor, text) == [("Each union", "believing", "she would rebuild the pier")]


def test_belief_as_a_motive_is_no_claim(extractor: ClaimExtractor) -> None:
    # negative: "because she feared S" gives a reason, not a view on record
    assert _said(extractor, "Ada Ruiz left the board because she feared the pier would close.") == []


def test_subject_parsed_as_an_apposition_in_an_opening_phrase(extractor: ClaimExtractor) -> None:
    # "In addition to X, two members, A and B, have said …": the parser hangs the subject on X as an apposition
    text = "In addition to Mr. Lind, two members of the council, Ada Ruiz and Tom Hale, have said they will not back the levy."
    claims = _said(extractor, text)
    assert [(cue, content) for _, cue, content in claims] == [("said", "they will not back the levy")]
    assert claims[0][0].startswith("two members of the council")


def test_apposition_outside_an_opening_phrase_is_no_subject(extractor: ClaimExtractor) -> None:
    # negative: "met Lind, the harbor chief, and said": the apposition names whom the mayor met
    text = "The mayor met Tom Lind, the harbor chief, and said the levy would pass."
    assert _said(extractor, text) == [("mayor", "said", "the levy would pass")]


def test_subject_before_a_who_aside_parsed_into_it(extractor: ClaimExtractor) -> None:
    # "X, meanwhile, who …, said …": the parser makes X a second subject of the who-clause
    text = "Ruiz, meanwhile, who sits at zero such endorsements, said that fact speaks volumes about the board."
    assert _said(extractor, text) == [("Ruiz", "said", "that fact speaks volumes about the board")]


def test_who_aside_without_a_speech_verb_gives_no_claim(extractor: ClaimExtractor) -> None:
    # negative: the rule finds a subject for a speech verb only; "met Ruiz, who …" reports nothing
    assert _said(extractor, "Tom Lind met Ada Ruiz, who sits on the board, and the levy passed.") == []
