"""Content bounds of attributed claims, from the PolNeAR tuning misses (issue 24): how far a claim's text
reaches when a statement is split by its attribution or goes on in the next sentence.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

from claimstream.services.extract.attribution.quotes import quote_spans
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_spans(text)]


def test_a_short_quote_split_from_its_statement_by_the_attribution_is_one_piece() -> None:
    text = "“Everything the board has planned,” the harbour master said, “has gone wrong.”"
    assert _quoted(text) == ["“Everything the board has planned,”", "“has gone wrong.”"]


def test_a_short_quote_handing_over_to_its_attribution_is_a_statement() -> None:
    assert _quoted('"They are worried," Berg said.') == ['"They are worried,"']


def test_a_short_quoted_label_stays_a_scare_quote() -> None:
    assert _quoted('The council called the strip a "buffer zone," and left it.') == []
    assert _quoted('The strip is a "buffer zone." Ruiz called it "a waste," too.') == []


def test_the_short_quote_after_the_attribution_joins_the_statement(extractor: ClaimExtractor) -> None:
    text = "Mayor Ada Ruiz spoke on Monday. “Everything that you and I have proposed,” Ruiz said, “has overlapped.”"
    (claim,) = attributed(extractor, text)
    assert claim.text == "Everything that you and I have proposed has overlapped."


def test_a_short_quote_before_its_attribution_goes_on_in_the_next_sentence(extractor: ClaimExtractor) -> None:
    text = 'The council met on Monday. "They are worried," Berg said. "There is no question about the ferry."'
    (claim,) = attributed(extractor, text)
    assert claim.text == "They are worried There is no question about the ferry."


def test_a_quote_after_a_linking_word_goes_on_with_the_statement_before(extractor: ClaimExtractor) -> None:
    text = "Mayor Ada Ruiz spoke on Monday. “The pier is a symbol of this town,” Ruiz said. Instead, “it looks like a ruin.”"
    (claim,) = attributed(extractor, text)
    assert claim.text == "The pier is a symbol of this town it looks like a ruin."


def test_a_quote_after_a_long_scene_setting_phrase_is_no_linked_quote(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz spoke on Monday. “The pier is a symbol of this town,” Ruiz said. "
        "On the far side of the old harbour, “no ferry has docked in years.”"
    )
    assert [c.text for c in attributed(extractor, text)] == ["The pier is a symbol of this town"]


def test_an_aside_after_a_partial_quote_leaves_the_writers_words_around_it(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz spoke on Monday. Ferries have “a higher set of costs than buses,” she said, and are "
        "losing riders to the new bridge."
    )
    (claim,) = attributed(extractor, text)
    assert claim.text == "Ferries have “a higher set of costs than buses,” and are losing riders to the new bridge."


def test_a_reporting_clause_between_commas_is_cut_out_of_the_statement(extractor: ClaimExtractor) -> None:
    text = "Mayor Ada Ruiz spoke on Monday. Sooner or later, the mayor told reporters, the ferry will pay off for the town."
    (claim,) = attributed(extractor, text)
    assert claim.text == "Sooner or later the ferry will pay off for the town."
    text = "Mayor Ada Ruiz spoke on Monday. The ferry, the mayor told reporters on Monday, will pay off for the town."
    (claim,) = attributed(extractor, text)
    assert claim.text == "The ferry will pay off for the town."


def test_a_comma_inside_the_verbs_object_is_no_aside(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz spoke on Monday. In May, the Gazette wrote about the new ferry of a harbour firm that calls "
        "itself Blue Line, which the town tried to stop."
    )
    (claim,) = attributed(extractor, text)
    assert "wrote about the new ferry" in claim.text


def test_a_quoted_title_before_the_reporting_clause_stays_out_of_the_statement(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz spoke on Monday. On Sunday, on the “Harbour Hour at Nine,” Ruiz said the new ferry is "
        "“far too slow for the islands.”"
    )
    (claim,) = attributed(extractor, text)
    assert claim.text == "the new ferry is “far too slow for the islands.”"


def test_a_short_quote_closing_a_statement_before_its_attribution_is_a_piece() -> None:
    assert _quoted("The ferry plans are “deeply irresponsible,” said Ada Berg, head of the board.") == [
        "“deeply irresponsible,”"
    ]
    assert _quoted("Ruiz, who calls the pier a “sad ruin,” said he doubts the council will act soon.") == []
    assert _quoted("He called the plan “rather careless,” and said the council should wait.") == []


def test_a_partial_quote_statement_goes_on_in_the_next_quote(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz spoke on Monday. The ferry plans are “deeply irresponsible,” said Ada Berg, head of the "
        "harbour board. “It leaves people like me speechless.”"
    )
    (claim,) = attributed(extractor, text)
    assert claim.text == "The ferry plans are “deeply irresponsible,” It leaves people like me speechless."


def test_a_quote_sentence_goes_on_with_the_reported_statement_before_it(extractor: ClaimExtractor) -> None:
    text = "Mayor Ada Ruiz spoke on Monday. Also, the ferry is not a good deal, she said. “It is a waste!”"
    (claim,) = attributed(extractor, text)
    assert claim.text == "Also, the ferry is not a good deal It is a waste!"


def test_a_quote_sentence_after_a_sentence_without_a_cue_stays_apart(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz said the pier was safe. The ferry met the storm at noon. “It is a waste of money for "
        "all of us and the harbour!”"
    )
    claims = attributed(extractor, text)
    assert [c.text for c in claims][0] == "the pier was safe"
    assert all("storm" not in c.text for c in claims)


def test_a_quote_sentence_goes_on_with_a_stance_before_it(extractor: ClaimExtractor) -> None:
    text = (
        "Mayor Ada Ruiz spoke on Monday. Lind supports Ruiz in the harbour race. "
        "“I am a ferry captain, but I have loans, and I do not have a good boat.”"
    )
    (claim,) = attributed(extractor, text)
    assert claim.text.endswith("I am a ferry captain, but I have loans, and I do not have a good boat.")
    assert claim.text.startswith("supports Ruiz")
