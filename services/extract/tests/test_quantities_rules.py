"""Quantity accuracy rules (issue 12): what counts as a quantity, its unit, scale, sign and hedge, and what
does not count (dates, datelines, times, ages, phone numbers, labels). Invented sentences, one rule each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.figures.quantities import find_quantities
from claimstream.shared.events import ArticleCleaned, Quantity

NOW = datetime(2024, 12, 17, tzinfo=UTC)


def _found(text: str) -> list[tuple[float, str | None]]:
    return [(round(q.value, 6), q.unit) for q in find_quantities(text)]


def _figures(extractor: ClaimExtractor, text: str) -> list[Quantity]:
    claims = extractor.extract(ArticleCleaned(article_id="q1", text=text, outlet="Daily Wire", ingested_at=NOW))
    return [q for c in claims for q in c.quantities if q.derived is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("winds of 90mph", [(90, "mph")]),
        ("a 7kW motor and a 3.5kWh pack", [(7, "kw"), (3.5, "kwh")]),
        ("with 128GB of storage", [(128, "gb")]),
        ("a 250mg dose", [(250, "mg")]),
        ("shares closed at 212.5p, up 4pc", [(212.5, "cent"), (4, "percent")]),
        ("it reached 150 km/h", [(150, "km/h")]),
        ("rose 12 cents", [(12, "cent")]),
    ],
)
def test_units_written_glued_or_spaced(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a fee of US $4.5 million", [(4.5e6, "usd")]),
        ("worth HK $120,000", [(120000, "hkd")]),
        ("priced at RM12.40", [(12.4, "myr")]),
        ("paid $A3,000", [(3000, "aud")]),
        ("a USD25m loan", [(25e6, "usd")]),
        ("a PS3.2bn deal", [(3.2e9, "gbp")]),
        ("it covers 13 percent", [(13, "percent")]),  # "Rs" inside "covers" is not a currency
    ],
)
def test_currency_prefixes(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the temperature fell to minus-40 degrees", [(-40, "degree")]),
        ("a balance of $-12.5bn", [(-12.5e9, "usd")]),
        ("scores of 5-10 were recorded", [(5, None), (10, None)]),  # a range, not a negative ten
    ],
)
def test_signs(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert _found(text) == expected


def test_scale_words_and_slash_fractions() -> None:
    assert _found("some 3 hundred million users") == [(3e8, None)]
    assert _found("1/8 of a mile and 1⁄4 of the budget") == [(0.125, "fraction"), (0.25, "fraction")]
    assert _found("open 24/7") == []


def test_vague_amounts_are_ranges() -> None:
    (dozens,) = find_quantities("Dozens of homes burned.")
    (tens,) = find_quantities("tens of thousands of fans")
    assert (dozens.value, dozens.high) == (12, 120) and (tens.value, tens.high) == (1e4, 1e5)


def test_tilde_is_about() -> None:
    (q,) = find_quantities("it takes ~20 min")
    assert (q.value, q.unit, q.approx) == (20, "minute", "~")


@pytest.mark.parametrize(
    "text",
    [
        "date 2024-12-17",
        "KYIV, Dec. 17 -",
        "filed on 12/17/2024",
        "at 10:30 a.m.",
        "call +1 555-201-4477",
        "call (020) 7946 0958",
        "the 21st century",
        "Marta Ruiz, 52, said the plan was late.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_year_before_a_function_word_is_a_year() -> None:
    assert find_quantities("founded in 2009 as a startup and sold in 2015 this spring") == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Shares in the FTSE 100 rose 2% on Monday.", "100"),
        ("The category 3 storm weakened, leaving 40 homes flooded.", "3"),
        ("The iPhone 15 Pro sold 2 million units.", "15"),
        ("The office at 220 Baker Street reported 14 cases.", "220"),
    ],
)
def test_labels_are_not_counts(extractor: ClaimExtractor, text: str, label: str) -> None:
    texts = [q.text for q in _figures(extractor, text)]
    assert label not in texts and texts  # the real figures stay


def test_a_count_before_a_brand_stays(extractor: ClaimExtractor) -> None:
    assert "40" in [q.text for q in _figures(extractor, "The airline ordered 40 Embraer jets, it said.")]


def test_one_counts_only_before_a_noun(extractor: ClaimExtractor) -> None:
    assert [q.value for q in _figures(extractor, "He was charged with one count of fraud.")] == [1.0]
    assert _figures(extractor, "Two men spoke, with one claiming he was lost.") == [
        q for q in _figures(extractor, "Two men spoke, with one claiming he was lost.") if q.value == 2.0
    ]


@pytest.mark.parametrize(
    ("text", "surface", "change"),
    [
        ("Acme shares rose 8.5% on Monday.", "8.5%", "up"),
        ("The index fell 1.2% to 3,400 points.", "1.2%", "down"),
        ("The index fell 1.2% to 3,400 points.", "3,400 points", None),  # the level reached is no change
        ("Gold was up $14 an ounce.", "$14", "up"),
        ("The yen ended 0.4% lower.", "0.4%", "down"),
        ("Acme lost 300 jobs.", "300", None),  # a count lost is an event, not a change of a level
        ("The deficit widened by $12 billion to $310 billion.", "$310 billion", None),
        ("The defence gave up 240 yards.", "240 yards", None),  # a phrasal verb's particle
        ("The charity raised $4 million.", "$4 million", None),  # money collected
        ("Gross margin was revised downward by 2%.", "2%", "down"),
    ],
)
def test_change_direction(extractor: ClaimExtractor, text: str, surface: str, change: str | None) -> None:
    (q,) = [q for q in _figures(extractor, text) if q.text == surface]
    assert q.change == change


def test_halved_and_doubled(extractor: ClaimExtractor) -> None:
    (doubled,) = [
        q
        for q in _figures(extractor, "The number of evicted tenants doubled from 1,500, the city said.")
        if q.unit == "times"
    ]
    assert (doubled.value, doubled.relative, doubled.of, doubled.absolute) == (
        2.0,
        (2.0, 2.0),
        1500.0,
        (3000.0, 3000.0),
    )
    text = "The army sent 6,000 Kenyan soldiers north. By May the Kenyan troops had halved, officials said."
    (halved,) = [q for q in _figures(extractor, text) if q.unit == "times"]
    assert (halved.subject, halved.relative, halved.absolute) == ("Kenyan troops", (0.5, 0.5), (3000.0, 3000.0))
    assert not [q for q in _figures(extractor, "Costs are more than double the estimate.") if q.unit == "times"]


def test_vague_amounts_count_their_noun(extractor: ClaimExtractor) -> None:
    (q,) = _figures(extractor, "Hundreds of villagers were evacuated, the army said.")
    assert (q.value, q.interval, q.counts, q.subject, q.event) == (
        100.0,
        (100.0, 1000.0),
        "villager",
        "people",
        "displaced",
    )
