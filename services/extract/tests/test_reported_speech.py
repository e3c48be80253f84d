"""Reported speech that gave no claim or the wrong one (issue 24, PolNeAR misses of kind "speech" and
"punctuation"): one class per test, each with a negative case.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.segments import paragraphs
from claimstream.services.extract.tests.speaker_claims import attributed


def test_a_count_of_people_speaks(extractor: ClaimExtractor) -> None:
    # "One in three said …", "Two of the regents have said …": a share of people is the speaker, as "75 percent
    # of voters" is
    for text, speaker, content in (
        ("One in three said the ferry fares were too high.", "One in three", "the ferry fares were too high"),
        ("Two of the regents have said they will back the levy.", "Two of the regents", "they will back the levy"),
        ("Nearly nine out of 10 say the pier is unsafe.", "Nearly nine out of 10", "the pier is unsafe"),
    ):
        claims = attributed(extractor, text)
        assert [(c.speaker.name, c.text) for c in claims] == [(speaker, content)], text


def test_a_bare_number_does_not_speak(extractor: ClaimExtractor) -> None:
    # negatives: a number with no people to count ("One said", "Three said") and the number inside what is said
    assert attributed(extractor, "One said the ferry fares were too high.") == []
    claims = attributed(extractor, "One of the reasons, the mayor said, is the cost of the new pier.")
    assert [c.speaker.name for c in claims] == ["mayor"]


def test_which_x_said_reports_the_relative_clause(extractor: ClaimExtractor) -> None:
    # "a levy, which he said the mining firms should pay": a relative pronoun before the speech verb is no
    # question word ("would not say which"). The stance of the main clause is a claim of its own; it keeps the
    # relative clause, as PolNeAR's stance contents do (cutting it there cost 1 found pair on the check part)
    claims = attributed(extractor, "Ada Ruiz proposed a new levy, which she said the mining companies should pay.")
    assert sorted((c.speaker.name, c.cue, c.text) for c in claims) == [
        ("Ada Ruiz", "proposed", "proposed a new levy, which she said the mining companies should pay"),
        ("Ada Ruiz", "said", "the mining companies should pay"),
    ]


def test_a_question_word_after_the_speech_verb_is_still_no_statement(extractor: ClaimExtractor) -> None:
    # negative: "would not say which firms should pay" asks, it does not claim
    claims = attributed(extractor, "Ada Ruiz would not say which firms should pay the harbour levy.")
    assert [c.cue for c in claims] == []


def test_a_name_and_a_colon_label_the_speakers_words(extractor: ClaimExtractor) -> None:
    # transcripts and quote lines: "Ada Ruiz: The ferry will run all winter."
    claims = attributed(extractor, "Ada Ruiz: The ferry will run all winter and fares will not rise.")
    assert [(c.speaker.name, c.text) for c in claims] == [
        ("Ada Ruiz", "The ferry will run all winter and fares will not rise.")
    ]


def test_a_label_word_a_place_or_a_list_before_a_colon_is_no_speaker(extractor: ClaimExtractor) -> None:
    # negatives: "Update:", a date, a list after a colon, and too little after the colon
    for text in (
        "Update: The ferry will run all winter and fares will not rise.",
        "Tuesday: The ferry will run all winter and fares will not rise.",
        "The plan has three parts: a new pier, a ferry and a road to the port.",
        "Ada Ruiz: No comment.",
    ):
        assert attributed(extractor, text) == [], text


def test_a_that_clause_on_a_phrase_of_the_verb_is_what_was_said(extractor: ClaimExtractor) -> None:
    # "claiming without evidence that …": the parser hangs the clause on the phrase, not on the verb
    text = (
        "At the rally, Ada Ruiz was just as blunt, claiming without evidence that the council wanted to close the pier."
    )
    claims = attributed(extractor, text)
    assert [(c.speaker.name, c.cue, c.text) for c in claims] == [
        ("Ada Ruiz", "claiming", "that the council wanted to close the pier")
    ]


def test_a_that_clause_on_a_phrase_of_a_verb_that_is_no_cue_reports_nothing(extractor: ClaimExtractor) -> None:
    # negative: "spoke … about the fact that …" names a topic; "spoke" reports no statement
    assert attributed(extractor, "Ada Ruiz spoke at the rally about the fact that the pier was old.") == []


def test_a_name_parsed_as_an_apposition_before_the_verb_is_the_speaker(extractor: ClaimExtractor) -> None:
    # "As part of his plea, Tom Lind, 44, said that …": the parser made the name an apposition of "plea"
    text = "As part of his plea, Tom Lind, 44, said that he had taken the money from the harbour fund."
    claims = attributed(extractor, text)
    assert [(c.speaker.name, c.cue) for c in claims] == [("Tom Lind", "said")]


def test_an_apposition_that_is_no_name_does_not_speak(extractor: ClaimExtractor) -> None:
    # negative: a thing in apposition ("a deal with the state") is no speaker
    assert attributed(extractor, "As part of his plea, a deal with the state, said that he had taken the money.") == []


def test_the_two_speak_a_bare_number_does_not(extractor: ClaimExtractor) -> None:
    # "The two admit that …" points back to people; "Two said …" with nothing counted names nobody
    claims = attributed(extractor, "The two admit that fixing the pier will not be easy.")
    assert [(c.cue, c.text) for c in claims] == [("admit", "that fixing the pier will not be easy")]
    assert attributed(extractor, "Two said the ferry was late.") == []


def test_a_concession_with_a_speech_verb_is_a_first_statement(extractor: ClaimExtractor) -> None:
    # "Although X admitted A, he claimed B": two statements of one speaker; a "she" in the concession points
    # ahead to the main speaker
    claims = attributed(
        extractor, "Although Tom Lind admitted that the pier was old, he claimed it could hold the ferry."
    )
    assert sorted((c.speaker.name, c.cue, c.text) for c in claims) == [
        ("Tom Lind", "admitted", "that the pier was old"),
        ("Tom Lind", "claimed", "it could hold the ferry"),
    ]
    ahead = attributed(
        extractor,
        "Tom Lind runs the port. Though she conceded that the ferry was late, Ada Ruiz said the timetable would stand.",
    )
    assert sorted((c.speaker.name, c.cue) for c in ahead) == [("Ada Ruiz", "conceded"), ("Ada Ruiz", "said")]


def test_a_concession_without_a_speech_verb_is_no_statement(extractor: ClaimExtractor) -> None:
    # negative: "Although the pier was old, X said …" is one statement
    claims = attributed(extractor, "Although the pier was old, Tom Lind said it could hold the ferry.")
    assert [(c.cue, c.text) for c in claims] == [("said", "it could hold the ferry")]


def test_a_quote_of_a_second_cue_is_not_the_first_cues(extractor: ClaimExtractor) -> None:
    # "“A,” X said, mentioning that B is “C”": C belongs to the participle's statement, not to A
    text = (
        "“We had built two piers before the storm,” Lind said, mentioning that the new ferry is “nearly ready to sail.”"
    )
    claims = attributed(extractor, text)
    assert [(c.cue, c.text) for c in claims] == [
        ("said", "We had built two piers before the storm"),
        ("mentioning", "that the new ferry is “nearly ready to sail.”"),
    ]


def test_a_reported_clause_is_not_lost_to_a_quote_of_a_coordinate_verb(extractor: ClaimExtractor) -> None:
    # "X said that A, but called B “C”": the clause A is a statement of its own, the naming a second one
    text = "Ada Ruiz said on Monday that the pier had not been inspected, but called the ferry “the safest boat on the coast.”"
    claims = attributed(extractor, text)
    assert [(c.cue, c.text) for c in claims] == [
        ("said", "that the pier had not been inspected"),
        ("called", "the ferry “the safest boat on the coast.”"),
    ]


def test_mention_reports_a_clause_only(extractor: ClaimExtractor) -> None:
    # "mentioned that …" reports; "mentioned the pier" only names a topic
    claims = attributed(extractor, "Tom Lind mentioned that the pier was closed for repairs.")
    assert [(c.cue, c.text) for c in claims] == [("mentioned", "that the pier was closed for repairs")]
    assert attributed(extractor, "Ada Ruiz mentioned the pier twice during the long meeting.") == []


def test_the_same_speaker_saying_a_second_thing_in_the_reported_clause(extractor: ClaimExtractor) -> None:
    # "He said A and he said B", parsed with the second "said" on A's verb: two statements
    text = (
        "Tom Lind leads the party.\n"
        "He said the vote sent a message that his party has to more clearly distinguish itself from the Greens "
        "and he said things are going to change in the council."
    )
    claims = attributed(extractor, text)
    assert [(c.speaker.name, c.cue, c.text) for c in claims] == [
        (
            "Tom Lind",
            "said",
            "the vote sent a message that his party has to more clearly distinguish itself from the Greens",
        ),
        ("Tom Lind", "said", "things are going to change in the council"),
    ]


def test_two_counts_of_people_are_two_speakers(extractor: ClaimExtractor) -> None:
    # "One in three said A and one in four said B": subjects with the same head word ("one") but other words are
    # two speakers, each with a claim; the first statement ends before the "and"
    claims = attributed(extractor, "One in three said the pier was unsafe and one in four said the levy was unfair.")
    assert [(c.speaker.name, c.text) for c in claims] == [
        ("One in three", "the pier was unsafe"),
        ("one in four", "the levy was unfair"),
    ]


def test_a_coordinated_content_without_a_second_speaker_stays_whole(extractor: ClaimExtractor) -> None:
    # negative: "and" joining two things one speaker said is no joint between two statements
    claims = attributed(extractor, "One in three said the pier was unsafe and the levy was unfair.")
    assert [(c.speaker.name, c.text) for c in claims] == [
        ("One in three", "the pier was unsafe and the levy was unfair")
    ]


def test_another_speaker_in_the_reported_clause_stays_reported(extractor: ClaimExtractor) -> None:
    # negative: "X said A and Y said B" may be what X reports; it stays one claim of X
    claims = attributed(extractor, "Ada Ruiz said the pier was old and Tom Lind said it would close.")
    assert [(c.speaker.name, c.text) for c in claims] == [
        ("Ada Ruiz", "the pier was old and Tom Lind said it would close")
    ]


def test_a_dash_aside_after_a_paragraphs_first_name_is_no_dateline(extractor: ClaimExtractor) -> None:
    # "Ruiz — after a long pause — told me …" opening a paragraph looked like a dateline ("Portland — ") and lost its
    # speaker: a lower-case aside closed by a second dash keeps the name
    claims = attributed(extractor, "Ada Ruiz — after a long pause — told reporters the ferry was late again.")
    assert [(c.speaker.name, c.cue, c.text) for c in claims] == [("Ada Ruiz", "told", "the ferry was late again")]


def test_a_dateline_is_still_cut() -> None:
    # negatives: a place and a dash before a sentence, even one opening lower-case, stay a dateline
    for text, kept in (
        ("Portland – The harbour master said a ferry ran aground on Monday.", "The harbour master said"),
        ("Kyiv — a drone hit the harbour overnight, the mayor said on Monday.", "a drone hit"),
    ):
        (paragraph,) = paragraphs(text)
        assert paragraph.text.startswith(kept), text
