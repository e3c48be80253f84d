"""What each figure measures: subject, event, shares of a base, hedge intervals, absolute figures, derived sums.

One test per rule, on invented sentences (never the seed reports' own wording), through the whole extractor so
the per-article context is exercised as the pipeline runs it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared import approximators
from claimstream.shared.events import ArticleCleaned, Quantity

NOW = datetime(2024, 12, 17, tzinfo=UTC)


def _figures(extractor: ClaimExtractor, text: str) -> list[Quantity]:
    claims = extractor.extract(ArticleCleaned(article_id="f1", text=text, outlet="Daily Wire", ingested_at=NOW))
    return [q for c in claims for q in c.quantities]


def _one(figures: list[Quantity], surface: str) -> Quantity:
    hits = [q for q in figures if q.text == surface and q.derived is None]
    assert len(hits) == 1, [q.text for q in figures]
    return hits[0]


@pytest.mark.parametrize(
    ("approx", "expected"),
    [
        ("about", (9000.0, 11000.0)),
        ("approximately", (9000.0, 11000.0)),
        ("some", (9000.0, 11000.0)),
        ("nearly", (9000.0, 10000.0)),
        ("almost", (9000.0, 10000.0)),
        ("at least", (10000.0, None)),
        ("more than", (10000.0, None)),
        ("over", (10000.0, None)),
        ("up to", (0.0, 10000.0)),
        ("at most", (0.0, 10000.0)),
        (None, (10000.0, 10000.0)),
    ],
)
def test_hedge_intervals(approx: str | None, expected: tuple[float, float | None]) -> None:
    assert approximators.interval(10000, 10000, approx) == expected


def test_hedge_kinds() -> None:
    assert [approximators.kind(a) for a in ("around", "over", "fewer than", None)] == ["~", ">", "<", "="]


def test_count_subject_event_and_interval(extractor: ClaimExtractor) -> None:
    q = _one(_figures(extractor, "Officials said roughly 4,000 Chilean soldiers were sent to the border."), "4,000")
    assert (q.subject, q.event, q.approx) == ("Chilean troops", "deployed", "roughly")
    assert q.interval == (3600.0, 4400.0)
    assert q.absolute == (4000.0, 4000.0)


def test_passive_event_and_negation(extractor: ClaimExtractor) -> None:
    killed = _one(_figures(extractor, "The ministry said 40 villagers were killed in the raid."), "40")
    assert (killed.subject, killed.event) == ("people", "killed")
    spared = _one(_figures(extractor, "The ministry said 40 villagers were not killed in the raid."), "40")
    assert spared.event is None


def test_event_nouns_and_level_verbs(extractor: ClaimExtractor) -> None:
    toll = _one(_figures(extractor, "The death toll from the floods rose to 85, the agency said."), "85")
    assert toll.event == "killed"
    share = _one(_figures(extractor, "Analysts expect 20% casualties among the Peruvian forces."), "20%")
    assert (share.subject, share.event, share.relative) == ("Peruvian troops", "killed or wounded", (0.2, 0.2))


def test_share_of_a_base_in_the_sentence(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "The general said half of the 9,000 Bolivian troops have been lost.")
    half, base = _one(figures, "half"), _one(figures, "9,000")
    assert (half.relative, half.of, half.absolute, half.event) == ((0.5, 0.5), 9000.0, (4500.0, 4500.0), "lost")
    assert (half.subject, base.subject) == ("Bolivian troops", "Bolivian troops")
    assert base.event is None  # the verb belongs to the share, not to its base


def test_share_of_a_preposed_base(extractor: ClaimExtractor) -> None:
    q = _one(_figures(extractor, "Of the 8,000 workers, about a quarter were laid off, the union said."), "a quarter")
    assert (q.relative, q.of, q.absolute) == ((0.25, 0.25), 8000.0, (2000.0, 2000.0))
    assert q.interval == (1800.0, 2200.0)  # the hedge applies on the absolute scale


def test_share_range_with_base_from_an_earlier_sentence(extractor: ClaimExtractor) -> None:
    text = (
        "The army sent a force of about 7,000 Chadian troops to the north. "
        "Experts said between a quarter and maybe 40% casualties among the Chadian forces were likely."
    )
    q = _one(_figures(extractor, text), "a quarter")
    assert (q.relative, q.of, q.event) == ((0.25, 0.4), 7000.0, "killed or wounded")
    assert q.absolute == (1750.0, 2800.0)


def test_a_death_toll_is_not_the_base_of_a_share(extractor: ClaimExtractor) -> None:
    text = "At least 300 Malian soldiers were killed last week. Officials said half of the Malian troops had fled."
    q = _one(_figures(extractor, text), "half")
    assert q.of is None and q.absolute is None


def test_bare_subject_takes_modifiers_of_its_latest_mention(extractor: ClaimExtractor) -> None:
    text = "Libyan forces left the port on Monday, where some 2,500 troops had been stationed, officials said."
    assert _one(_figures(extractor, text), "2,500").subject == "Libyan troops"


def test_plain_range_is_one_reading(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "Police said between 300 and 400 residents were evacuated from the town.")
    low, high = _one(figures, "300"), _one(figures, "400")
    assert low.interval == (300.0, 400.0) and low.event == "displaced"
    assert high.subject is None and high.event is None


def test_compound_figures_give_a_derived_sum(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "The ministry said about 120 Sudanese soldiers were killed and 880 wounded.")
    (total,) = [q for q in figures if q.derived]
    assert (total.value, total.event, total.subject, total.approx) == (
        1000.0,
        "killed or wounded",
        "Sudanese troops",
        "about",
    )
    assert total.absolute == (1000.0, 1000.0) and total.interval == (988.0, 1012.0)
    assert _one(figures, "880").event == "wounded"


def test_different_subjects_are_not_summed(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "The ministry said 12 soldiers were killed and 30 houses were damaged.")
    assert not [q for q in figures if q.derived]


def test_rates_are_not_shares(extractor: ClaimExtractor) -> None:
    q = _one(_figures(extractor, "Inflation rose 4.5% last year, the bank said."), "4.5%")
    assert q.relative is None and q.of is None


def test_joined_events_name_their_wider_event(extractor: ClaimExtractor) -> None:
    q = _one(_figures(extractor, "Officials said about 900 Eritrean soldiers were killed or wounded."), "900")
    assert q.event == "killed or wounded"
    figures = _figures(extractor, "Officials said 90 Eritrean soldiers had died and 400 were injured.")
    assert (_one(figures, "90").event, _one(figures, "400").event) == ("killed", "wounded")


@pytest.mark.parametrize(
    "text",
    [
        "Casualties among the Somali troops had reached 2,500, an official said.",
        "The Somali troops have suffered nearly 2,500 casualties, an official said.",
    ],
)
def test_casualties_belong_to_their_population(extractor: ClaimExtractor, text: str) -> None:
    q = _one(_figures(extractor, text), "2,500")
    assert (q.subject, q.event) == ("Somali troops", "killed or wounded")


def test_death_toll_among_a_population(extractor: ClaimExtractor) -> None:
    q = _one(_figures(extractor, "The death toll among Yemeni civilians rose to 640, the agency said."), "640")
    assert (q.subject, q.event) == ("Yemeni people", "killed")


def test_preposed_whole_is_not_an_event_reading(extractor: ClaimExtractor) -> None:
    text = "Of the roughly 6,000 Haitian police officers, about a third have been killed or wounded, officials said."
    figures = _figures(extractor, text)
    share = _one(figures, "a third")
    assert (share.of, share.event) == (6000.0, "killed or wounded")
    assert _one(figures, "6,000").event is None


def test_taken_prisoner_is_captured(extractor: ClaimExtractor) -> None:
    assert _one(_figures(extractor, "Later, two were taken prisoner by the rebels."), "two").event == "captured"


def test_part_of_them_takes_the_latest_subject(extractor: ClaimExtractor) -> None:
    text = "Some 5,000 Nepalese troops were deployed to the valley. Officials said 700 of them have been wounded."
    q = _one(_figures(extractor, text), "700")
    assert (q.subject, q.event) == ("Nepalese troops", "wounded")


def test_event_counts_of_a_nationality_take_its_group(extractor: ClaimExtractor) -> None:
    text = (
        "Laotian soldiers crossed the river on Monday. "
        "An official said the Laotians had suffered about 200 deaths and 600 injuries."
    )
    figures = _figures(extractor, text)
    assert {_one(figures, "200").subject, _one(figures, "600").subject} == {"Laotian troops"}
    (total,) = [q for q in _figures(extractor, text) if q.derived]
    assert (total.value, total.event) == (800.0, "killed or wounded")


def test_a_doubled_toll_has_no_troop_total_as_base(extractor: ClaimExtractor) -> None:
    text = "About 9,000 Omani troops were sent north. The number of Omani casualties has doubled, officials said."
    (q,) = [q for q in _figures(extractor, text) if q.unit == "times"]
    assert (q.subject, q.event, q.of) == ("Omani troops", "killed or wounded", None)


def test_a_generic_group_takes_no_base_from_the_article(extractor: ClaimExtractor) -> None:
    text = (
        "Police said 40 people were detained on Monday. The disease kills up to 60% of people infected, doctors said."
    )
    assert _one(_figures(extractor, text), "60%").of is None


def test_a_base_from_long_ago_is_not_used(extractor: ClaimExtractor) -> None:
    filler = " ".join(
        f"Officials held talks in the capital on day {n} of the visit." for n in "one two three four five".split()
    )
    text = (
        f"A force of 4,000 Fijian troops arrived. {filler} Half of the Fijian troops have since left, officials said."
    )
    assert _one(_figures(extractor, text), "Half").of is None


def test_unknown_classes_are_no_base(extractor: ClaimExtractor) -> None:
    text = "The group owns two newspapers. It holds 24% of the company, filings show."
    assert _one(_figures(extractor, text), "24%").of is None


def test_bare_counts_of_a_human_event_take_the_articles_group(extractor: ClaimExtractor) -> None:
    text = "Some 8,000 Chilean troops were sent north. The agency said about 120 had died and another 480 had been injured."
    figures = _figures(extractor, text)
    assert (_one(figures, "120").subject, _one(figures, "480").subject) == ("Chilean troops", "Chilean troops")
    assert [(q.value, q.event) for q in figures if q.derived] == [(600.0, "killed or wounded")]


def test_rate_among_units_of_a_nationality(extractor: ClaimExtractor) -> None:
    text = (
        "Around 6,000 Bhutanese soldiers were deployed last year. "
        "The casualty rate among Bhutanese units was as high as 30 per cent, an analyst said."
    )
    q = _one(_figures(extractor, text), "30 per cent")
    assert (q.subject, q.event, q.approx, q.of, q.absolute) == (
        "Bhutanese troops",
        "killed or wounded",
        "as high as",
        6000.0,
        (1800.0, 1800.0),
    )
    assert q.interval == (0.0, 1800.0)


def test_a_contingent_is_troops(extractor: ClaimExtractor) -> None:
    text = (
        "About 2,000 Tongan soldiers were sent. Officials said they had lost 500 soldiers, a quarter of the contingent."
    )
    q = _one(_figures(extractor, text), "a quarter")
    assert (q.subject, q.of, q.absolute) == ("Tongan troops", 2000.0, (500.0, 500.0))


def test_share_of_whom(extractor: ClaimExtractor) -> None:
    figures = _figures(
        extractor, "The army sent some 5,000 Zambian soldiers, of whom about a fifth have been killed or wounded."
    )
    share, base = _one(figures, "a fifth"), _one(figures, "5,000")
    assert (share.subject, share.of, share.absolute, share.event) == (
        "Zambian troops",
        5000.0,
        (1000.0, 1000.0),
        "killed or wounded",
    )
    assert base.event == "deployed"  # the relative clause is about a part of them
