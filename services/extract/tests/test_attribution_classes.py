"""Quote and speaker error classes found on the external quote set (issue 12), one test per class.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.extract.attribution.lexicon import words
from claimstream.services.extract.attribution.names import SpeakerRegistry, canonical_form
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed as _attributed
from claimstream.shared.events import ArticleCleaned, ClaimExtracted

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def _claims(extractor: ClaimExtractor, text: str) -> list[ClaimExtracted]:
    return extractor.extract(ArticleCleaned(article_id="c1", text=text, outlet="Harbour Post", ingested_at=NOW))


def _all_about(claims: list[ClaimExtracted], key: str) -> list[ClaimExtracted]:
    return [c for c in claims if key in c.sentence]


def _about(claims: list[ClaimExtracted], key: str) -> ClaimExtracted:
    hits = _all_about(claims, key)
    assert len(hits) == 1, [(c.speaker.name, c.text) for c in claims]
    return hits[0]


def test_title_reference_resolves_only_to_the_person_tied_to_it(extractor: ClaimExtractor) -> None:
    text = (
        "Estonian Prime Minister Liis Tamm said the border would stay open.\n"
        "Latvian President Aris Ozols said 40 soldiers had crossed the river.\n"
        "The country's president said 12 drones were shot down over the capital.\n"
        "The prime minister said 3 ports would close.\n"
    )
    claims = _claims(extractor, text)
    assert "Liis Tamm" not in _about(claims, "12 drones").speaker.name  # not another country's leader
    assert _about(claims, "3 ports").speaker.canonical == "Liis Tamm"


def test_anaphoric_title_resolves_when_one_person_holds_it(extractor: ClaimExtractor) -> None:
    text = (
        "Latvian President Aris Ozols visited the border on Monday, his office said.\n"
        "The country's president said 40 soldiers had crossed the river.\n"
    )
    assert _about(_claims(extractor, text), "40 soldiers").speaker.canonical == "Aris Ozols"


def test_coordinated_speakers_are_kept_whole(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor,
        "Danish, Swedish and Finnish coast guards said 14 fishing boats were missing.\n"
        "Mara Lind, Otto Berg and Ines Kask said the vote would be repeated in May.\n",
    )
    assert _about(claims, "14 fishing").speaker.name == "Danish, Swedish and Finnish coast guards"
    speaker = _about(claims, "repeated in May").speaker
    assert speaker.name == "Mara Lind, Otto Berg and Ines Kask" and speaker.kind == "group"


def test_dash_tail_attributes_the_sentence_before_it(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "The new terminal will cost 90 million euros - port officials say.\n")
    claim = _about(claims, "terminal")
    assert claim.speaker.name == "port officials"
    assert claim.text == "The new terminal will cost 90 million euros"


def test_attribution_split_off_as_its_own_sentence_joins_the_one_before(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "About 200 homes were flooded along the river overnight. - rescue workers say.\n")
    claim = _about(claims, "200 homes")
    assert claim.speaker.name == "rescue workers" and "200 homes were flooded" in claim.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Roughly a third of the 9,000 recruits, military officials said on Friday, have deserted within a month.\n",
        "Roughly a third of the 9,000 recruits, according to military officials, have deserted within a month.\n",
    ],
)
def test_claim_text_keeps_its_subject(extractor: ClaimExtractor, sentence: str) -> None:
    claim = _about(_claims(extractor, sentence), "recruits")
    assert claim.text.startswith("Roughly a third of the 9,000 recruits") and "deserted" in claim.text
    assert "officials" not in claim.text


def test_clause_subject_parsed_as_object_stays_in_the_text(extractor: ClaimExtractor) -> None:
    claim = _about(_claims(extractor, "Audit reports from March showed the deficit was then $48 million.\n"), "deficit")
    assert claim.text.startswith("the deficit was")


@pytest.mark.parametrize(
    "sentence",
    [
        # negated or withheld statements
        "The harbour authority and the shipping firm have not commented on the 30 missing containers.\n",
        "The ministry did not say why 12 inspectors were recalled.\n",
        "The union would not say whether its 4,000 members would strike.\n",
        # what was seen, and fragments
        "The nurse came back at 11 p.m. to find the patient lying on the floor.\n",
        "Camera footage showed two guards carrying 12 boxes out of the depot.\n",
        "The deficit is larger than the city auditor says it is.\n",
    ],
)
def test_non_statements_are_not_attributed(extractor: ClaimExtractor, sentence: str) -> None:
    assert all(c.speaker.kind == "outlet" for c in _claims(extractor, sentence))


def test_rank_and_transliteration_give_one_canonical_name() -> None:
    assert canonical_form("Gen. Olena Kowalska") == canonical_form("Olena Kovalska")
    assert canonical_form("Lt. Col. Petro Wasylenko") == canonical_form("Petro Vasylenko")
    assert canonical_form("Edward Snow") == "Edward Snow"  # no Slavic ending, no folding


@pytest.mark.parametrize(
    ("text", "key", "canonical"),
    [
        (  # a pronoun points to the previous sentence's person, not to an earlier speaker
            "Clinic director Rhea Sandoval says demand has doubled since the spring.\n"
            "Weekly sessions also helped retired welder Tomas Kerr, 68, who lost 20 pounds.\n"
            "“I feel like a new man with all this energy,” he says.\n",
            "new man",
            "Tomas Kerr",
        ),
        (  # a kinship word gives the gender ("her son Kody"), so "she" skips him
            "Helen Brooks lost her son Kody Brooks in 2019.\n"
            "Kody had worked at the mill for 2 years.\n"
            "“I will keep fighting for a change in the law,” she says.\n",
            "keep fighting",
            "Helen Brooks",
        ),
        (  # a colon after the subject introduces the subject's quote
            "Dr. Ivo Brandt says the wards are full.\n"
            "Lena Kovac, a nurse on the night shift, is more direct: “We turned away 30 patients last week alone.”\n",
            "30 patients",
            "Lena Kovac",
        ),
    ],
)
def test_speaker_from_context(extractor: ClaimExtractor, text: str, key: str, canonical: str) -> None:
    assert _about(_claims(extractor, text), key).speaker.canonical == canonical


def test_quoted_phrase_inside_the_outlets_sentence_is_not_the_last_speakers(extractor: ClaimExtractor) -> None:
    text = (
        "“We will cut the budget by a third,” Mayor Ada Quist said.\n"
        "The plan lists $19 million of “internal debt approved for the capital program.”\n"
    )
    assert _about(_claims(extractor, text), "internal debt").speaker.kind == "outlet"


def test_quoted_as_saying_and_joking(extractor: ClaimExtractor) -> None:
    text = (
        "“We never saw the invoice for 40 trucks,” the treasurer was quoted as saying.\n"
        "Rival candidate Oskar Pell joked in his reply, “That bridge was a dream in some engineer’s head.”\n"
    )
    claims = _claims(extractor, text)
    assert _about(claims, "40 trucks").speaker.name == "treasurer"
    assert _about(claims, "engineer").speaker.name == "Oskar Pell" and _about(claims, "engineer").cue == "joked"


def test_parenthetical_reporting_clause_leaves_the_text() -> None:
    registry = SpeakerRegistry()
    registry.note_name("Aris Ozols", "person", "Latvian President")
    assert registry.described_person("ukraine's president") is None
    assert registry.described_person("latvia's president") == "Aris Ozols"


def test_word_lists_refuse_repeats() -> None:
    with pytest.raises(ValueError):
        words("said told said")


def test_speaker_broken_by_a_line_break_is_kept_whole(extractor: ClaimExtractor) -> None:
    text = (
        "“We will not raise the ferry fares this year,” said the Minister-\n"
        "President, Lotta Wik, on Monday.\n"
        "The harbour will close for 3 weeks, the port\nauthority said.\n"
    )
    claims = _claims(extractor, text)
    assert _about(claims, "ferry fares").speaker.name == "Lotta Wik"
    assert _about(claims, "3 weeks").speaker.name.split() == ["port", "authority"]


def test_participle_reports_a_second_statement(extractor: ClaimExtractor) -> None:
    text = "Councillor Ada Wren said the levy would rise by 4 percent, adding that the pool would close in June.\n"
    claims = _attributed(extractor, text)
    assert [(c.cue, c.text) for c in claims] == [
        ("said", "the levy would rise by 4 percent"),
        ("adding", "that the pool would close in June"),
    ]
    assert {c.speaker.canonical for c in claims} == {"Ada Wren"}


def test_aside_with_a_clause_verb_attributes(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "The ferry carried 300 workers a day, the historian writes, until the bridge opened.\n")
    assert _about(claims, "ferry").speaker.name == "historian"
    assert _about(claims, "ferry").cue == "writes"


def test_reporting_clause_parsed_as_a_complement_still_attributes(extractor: ClaimExtractor) -> None:
    claim = _about(_claims(extractor, "Okafor admits in this case, there were 2 errors in the count.\n"), "errors")
    assert claim.speaker.name == "Okafor" and claim.text == "there were 2 errors in the count"


def test_quantified_groups_speak(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor,
        "All those involved say the 6 clinics cannot be run by one agency.\n"
        "Some of the tenants said 40 flats were left without heat.\n",
    )
    assert _about(claims, "clinics").speaker.name == "All those involved"
    assert _about(claims, "40 flats").speaker.name == "Some of the tenants"


def test_partial_quote_keeps_the_reported_clause_around_it(extractor: ClaimExtractor) -> None:
    text = "Trustee Mina Rao said the board had acted improperly by “tossing 3 budgets into the bin without a vote.”\n"
    claim = _about(_claims(extractor, text), "budgets")
    assert claim.text.startswith("the board had acted improperly by “tossing 3 budgets") and claim.text.endswith("”")


def test_statement_goes_on_after_but(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor,
        "Planner Ivo Lund said 300 homes would be built by May, but the costs were rising.\n"
        "The council said 12 roads would close, but Mayor Ane Holt has said they would stay open.\n",
    )
    assert _about(claims, "300 homes").text.endswith("but the costs were rising")
    assert not _about_first(claims, "12 roads").text.endswith("stay open")


def _about_first(claims: list[ClaimExtracted], key: str) -> ClaimExtracted:
    return next(c for c in claims if key in c.sentence)


# --- second pass on the external quote set: what a speech verb reports ---------------------------------------


def test_participle_describing_a_noun_is_no_cue(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "The court ordered the club to pay $40,000 of the tenant's estimated $90,000 costs.\n")
    claim = _about(claims, "estimated")
    assert claim.speaker.kind == "outlet" and claim.cue is None  # the figures stay, as the outlet's claim


def test_speech_verb_with_nothing_said_is_no_claim(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "Halifax responded less than a minute later with a goal from the blue line.\n")
    assert [c for c in claims if c.speaker.kind != "outlet"] == []


def test_speech_verb_with_an_object_still_reports_a_claim(extractor: ClaimExtractor) -> None:
    claim = _about(_claims(extractor, "The ministry has denied any link between the two companies.\n"), "denied")
    assert claim.speaker.name.lower().endswith("ministry") and claim.cue == "denied"


def test_called_reports_what_it_was_called(extractor: ClaimExtractor) -> None:
    claim = _about(
        _claims(extractor, "The Fraser Institute called the program one of the costliest reforms in the province.\n"),
        "costliest",
    )
    # the thing named and its name: PolNeAR's content for "called X Y" (issue 24)
    assert claim.cue == "called" and claim.text == "the program one of the costliest reforms in the province"


def test_participle_after_a_verb_that_reports_no_clause(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor,
        "Mayor Ruth Okafor accused the council of ignoring tenants, adding that the new tower would block the river.\n",
    )
    added = [c for c in claims if "new tower" in c.text]  # the accusation is a claim of its own
    assert [(c.cue, c.text, c.speaker.canonical) for c in added] == [
        ("adding", "that the new tower would block the river", "Ruth Okafor")
    ]


def test_reported_clause_is_the_one_after_the_verb(extractor: ClaimExtractor) -> None:
    text = (
        "In the review released by the ombudsman this week, Judge Ana Ruiz said the board had failed to act on "
        "the warnings.\n"
    )
    claim = _about(_claims(extractor, text), "warnings")
    assert claim.text == "the board had failed to act on the warnings"


def test_partial_quote_inside_a_reported_clause_keeps_the_clause(extractor: ClaimExtractor) -> None:
    text = 'Dana Whitfield said the reason rents keep rising is that "there are simply too few homes" for families.\n'
    claim = _about(_claims(extractor, text), "rents")
    assert claim.text.startswith("the reason rents keep rising") and "too few homes" in claim.text


def test_partial_quote_running_past_the_sentence_is_kept_whole(extractor: ClaimExtractor) -> None:
    text = (
        "Outside the court, Mr. Varga said his group was “very happy with the ruling. It gives us a fair chance "
        "to talk to the members.”\n"
    )
    claim = _about(_claims(extractor, text), "ruling")
    assert claim.text.startswith("his group was “very happy") and "a fair chance to talk to the members" in claim.text


def test_same_speaker_going_on_in_a_coordinate_clause_is_one_statement(extractor: ClaimExtractor) -> None:
    text = "She said the city was glad to help, but she stressed it was volunteers who kept the shelter open.\n"
    claims = _attributed(extractor, text)
    assert len(claims) == 1 and claims[0].text.endswith("who kept the shelter open")


def test_inverted_report_at_the_end_of_a_sentence(extractor: ClaimExtractor) -> None:
    text = "That is not only a problem for the families affected, but for the whole region, argued Okonkwo.\n"
    claim = _about(_claims(extractor, text), "whole region")
    assert claim.speaker.name == "Okonkwo" and claim.cue == "argued"
    assert claim.text.startswith("That is not only a problem") and "argued" not in claim.text


def test_participle_after_a_closing_quote_is_a_second_statement(extractor: ClaimExtractor) -> None:
    text = (
        'Ms. Haldane said she is "still far from making up her mind," noting that she has served on the board '
        "for nearly 20 years.\n"
    )
    claims = _attributed(extractor, text)
    assert [(c.cue, c.text) for c in claims][-1] == ("noting", "that she has served on the board for nearly 20 years")


def test_the_writer_is_no_quoted_speaker(extractor: ClaimExtractor) -> None:
    text = (
        "“Is that the dad?” asks my four-year-old, Tomas.\n"
        "“It could be. I like to think it is the dad,” I said.\n"
        "Frankly, I believe our schools still have a lot of catching up to do.\n"
    )
    claims = _claims(extractor, text)
    assert all(c.speaker.name != "Tomas" for c in claims if "dad," in c.sentence)
    assert all("catching up" not in c.text for c in claims)  # the writer's opinion, no figure: no claim


def test_nobody_and_anyone_do_not_speak(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor, "If anyone really believed that, buyers would be lining up outside the minister's door.\n"
    )
    assert [c for c in claims if c.speaker.kind != "outlet"] == []


def test_rank_word_inside_an_organisation_name_is_kept(extractor: ClaimExtractor) -> None:
    text = "Workers in Oshawa learned the news after General Motors announced it was closing the assembly plant.\n"
    claim = _about(_claims(extractor, text), "assembly plant")
    assert claim.speaker.name == "General Motors"


def test_a_plea_in_court_is_no_statement(extractor: ClaimExtractor) -> None:
    claims = _claims(extractor, "Four months later he pleaded guilty and was sentenced to three years in prison.\n")
    assert [c.speaker.kind for c in claims] == ["outlet"]  # the figures stay, as the outlet's


def test_what_only_sets_the_scene_is_not_what_was_said(extractor: ClaimExtractor) -> None:
    text = "As word of the layoffs began to spread, staff complained about what they called a lack of openness.\n"
    claim = _about(_claims(extractor, text), "layoffs")
    assert "lack of openness" in claim.text and claim.cue == "complained"


def test_that_clause_hanging_off_a_phrase_of_the_verb_is_reported(extractor: ClaimExtractor) -> None:
    text = "Although the dam was built in 1950, the province argued for years that it was never safe to operate.\n"
    claim = _about(_claims(extractor, text), "never safe")
    assert claim.text.startswith("that it was never safe") and claim.cue == "argued"


def test_what_someone_calls_something_is_their_statement(extractor: ClaimExtractor) -> None:
    text = (
        "Green was excited about working for Smith, who he calls a good ball-striker, a great kid and someone "
        "who wants to win.\n"
        "His concern lies in what he calls the council’s taking away of the right to protest.\n"
        "In what she called a betrayal of voters, the party voted to cut the budget.\n"
    )
    claims = _claims(extractor, text)
    assert _about(claims, "ball-striker").text == "a good ball-striker, a great kid and someone who wants to win"
    assert _about(claims, "taking away").text == "the council’s taking away of the right to protest"
    assert _about(claims, "betrayal").text == "a betrayal of voters"  # the main clause after the comma is not


def test_speech_verb_with_only_an_object_in_a_subordinate_clause_reports_nothing(extractor: ClaimExtractor) -> None:
    text = (
        "When the council first announced its housing plans in the spring of 2019, the market was already cooling.\n"
        "The debate goes back to the 1990s when, under heavy pressure, Mayor Tom Reyes announced a series of tax "
        "cuts aimed at luring firms downtown.\n"
        "Staff were careful not to judge the case, stressing instead the value of a fair hearing.\n"
        "The mayor announced the plan, while the tenants' union condemned the sudden rent increase.\n"
    )
    claims = _attributed(extractor, text)
    assert [c.speaker.name for c in claims] == ["Tom Reyes", "tenants' union"], [
        (c.speaker.name, c.text) for c in claims
    ]


def test_boast_and_contend_with_only_an_object_are_not_speech(extractor: ClaimExtractor) -> None:
    text = (
        "The new hatchback boasts a low price for a hybrid, but little else.\n"
        "She won the race in 2015 and boasts a string of other podium finishes.\n"
        "Lund has won the title twice and has contended several other seasons at the same track.\n"
        "Critics contend the new rules will push small farms out of business.\n"
        "“We built the fastest boat on the lake,” the skipper boasted.\n"
    )
    claims = _attributed(extractor, text)
    assert [c.cue for c in claims] == ["contend", "boasted"], [(c.speaker.name, c.text) for c in claims]


def test_expecting_to_do_something_is_a_plan_not_a_statement(extractor: ClaimExtractor) -> None:
    text = (
        "But unlike its older rival, the startup expects to generate cash from the first month.\n"
        "Dana Holm expects the company to turn a profit next year.\n"
    )
    claims = _attributed(extractor, text)
    assert [c.text for c in claims] == ["the company to turn a profit next year"], [c.text for c in claims]


def test_quoted_phrase_inside_an_according_to_sentence_keeps_the_sentence(extractor: ClaimExtractor) -> None:
    text = (
        "Among the aims of the merger was a plan to hire more local reporters, as well as adding “firm walls "
        "between the newsroom and advertisers,” according to the memo.\n"
        "“The merger will protect every newsroom job,” according to a company spokesperson.\n"
    )
    claims = _claims(extractor, text)
    merger = _about(claims, "Among the aims")
    assert merger.text.startswith("Among the aims of the merger was a plan") and "firm walls" in merger.text
    assert _about(claims, "every newsroom job").text == "The merger will protect every newsroom job"


def test_short_quote_standing_as_a_sentence_is_a_statement(extractor: ClaimExtractor) -> None:
    text = (
        "“She did most of the rowing,” Ella Moss said. “I felt green.”\n"
        "The coach praised the “young guns” on the crew.\n"
    )
    claims = _attributed(extractor, text)
    quoted = [(c.speaker.name, c.text) for c in claims if c.attribution == "direct_quote"]
    # the short quote goes on with the statement before it: one claim of both pieces (test_interrupted_statements)
    assert quoted == [("Ella Moss", "She did most of the rowing I felt green.")]
    # the scare quote is no statement; the praise is the coach's stance (attribution.stances), not a quote
    assert [(c.cue, c.text) for c in claims if c.attribution != "direct_quote"] == [
        ("praised", "praised the “young guns” on the crew")
    ]


def test_reason_or_time_clause_hung_on_the_speech_verb_goes_on_with_what_was_said(extractor: ClaimExtractor) -> None:
    text = "Tom Berg says he has lost 20 lbs. since he joined the walking club at the community centre.\n"
    claim = _about(_claims(extractor, text), "walking club")
    assert claim.text == "he has lost 20 lbs. since he joined the walking club at the community centre"


def test_a_party_member_named_in_an_apposition_is_that_person(extractor: ClaimExtractor) -> None:
    text = "One rural Republican, Idaho Sen. Tom Berg, said Sunday that the plan was dead.\n"
    speaker = _about(_claims(extractor, text), "plan was dead").speaker
    assert "Tom Berg" in speaker.name and speaker.kind == "person"


def test_a_statement_speaks_for_whoever_sent_it(extractor: ClaimExtractor) -> None:
    text = (
        "A statement e-mailed to the paper by Dana Ruiz, who joined the board last month, said “The station will "
        "respect the ruling of the court.”\n"
        "Letters obtained by the Harbour Post show the pool would close in May.\n"
    )
    claims = _claims(extractor, text)
    assert _about(claims, "respect the ruling").speaker.name == "Dana Ruiz"
    assert "Harbour Post" not in _about(claims, "pool would close").speaker.name  # who holds them did not write them


def test_as_clause_with_a_speech_verb_attributes_the_clause_it_hangs_on(extractor: ClaimExtractor) -> None:
    text = (
        "As Lee told reporters, the deal is dead.\n"
        "The bridge will close for repairs, as the ministry noted last week.\n"
        "As she announced the results, the crowd cheered loudly.\n"
    )
    claims = _attributed(extractor, text)
    assert [(c.speaker.name, c.text) for c in claims] == [
        ("Lee", "the deal is dead"),
        ("ministry", "The bridge will close for repairs"),
    ]


def test_what_someone_says_as_a_standard_of_comparison_is_no_statement(extractor: ClaimExtractor) -> None:
    text = (
        "A claim the cost of building the rail line is lower than the transit agency says it is could make one of "
        "the mayor's two big promises more attractive.\n"
    )
    assert _attributed(extractor, text) == []


def test_it_speaks_for_the_organisation_that_spoke_before(extractor: ClaimExtractor) -> None:
    text = (
        "The Harbour Authority said the ferry would resume in May.\n"
        "It also told staff to expect longer shifts.\n"
        "Though the water board has said the taps are safe, it has also acknowledged that two wells are polluted.\n"
        "Mara Lind said the pier was sound.\n"
        "It said the pier would reopen in the spring.\n"
    )
    claims = _claims(extractor, text)
    assert _about(claims, "longer shifts").speaker.name == "Harbour Authority"
    # the concession is the board's first statement, "it … acknowledged" its second (test_reported_speech.py)
    assert [c.speaker.name for c in _all_about(claims, "wells are polluted")] == ["water board", "water board"]
    assert not _all_about(claims, "reopen")  # after a person spoke, "it" is nobody we know


def test_a_thought_in_a_subordinate_clause_is_a_motive_not_a_statement(extractor: ClaimExtractor) -> None:
    text = (
        "Ruiz, whose illness had spread, moved her surgery forward because she feared she would soon be too weak "
        "to travel.\n"
        "Analysts believe the bank will cut rates in June.\n"
    )
    claims = _attributed(extractor, text)
    assert [(c.speaker.name, c.cue) for c in claims] == [("Analysts", "believe")]


def test_quote_after_a_sentence_about_someone_who_spoke_is_theirs(extractor: ClaimExtractor) -> None:
    text = (
        "In an interview Monday, Stephen Vale said many people are surprised that he needs a new kidney.\n"
        "At 25 years old, Vale was diagnosed with a rare bowel disease.\n"
        "“My condition is getting worse but I don’t feel too bad.”\n"
        "Teammate Lars Holm joined the club in March.\n"
        "“Every dollar counts for the family right now.”\n"
    )
    claims = _attributed(extractor, text)
    assert _about(claims, "getting worse").speaker.canonical == "Stephen Vale"
    assert not _all_about(claims, "Every dollar")  # Holm has not spoken: no owner


def test_what_someone_says_is_that_reports_the_complement(extractor: ClaimExtractor) -> None:
    text = (
        "An official who was in court told reporters he did not want to discuss the case.\n"
        "What he would say is that fines are usually set by judges to deter such cruelty but they often fail.\n"
    )
    claim = _about(_attributed(extractor, text), "What he would say")
    assert claim.text.startswith("that fines are usually set by judges") and claim.speaker.name == "official"
