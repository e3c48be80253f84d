"""Hedges and changes of ranges, restatements and ratios (issue 12, NewsQuant value + change): a range in the
unit of its second end, the change a whole range states, a change followed by its level, a restatement in
parentheses, a hedge written as a preposition or a prefix, "one in N". Invented sentences, one rule each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.figures.quantities import find_quantities
from claimstream.shared.events import ArticleCleaned, Quantity

NOW = datetime(2024, 12, 17, tzinfo=UTC)


def _figures(extractor: ClaimExtractor, text: str) -> dict[str, Quantity]:
    claims = extractor.extract(ArticleCleaned(article_id="c1", text=text, outlet="Daily Wire", ingested_at=NOW))
    return {q.text: q for c in claims for q in c.quantities if q.derived is None}


def test_a_bare_first_end_takes_the_unit_of_the_range() -> None:
    assert [(q.value, q.unit) for q in find_quantities("rents climbed 4 to 6 percent")] == [
        (4, "percent"),
        (6, "percent"),
    ]
    assert [q.unit for q in find_quantities("a hike of ~3 – 5 hours")] == ["hour", "hour"]
    # "to" joins one order of magnitude or two, not a change and the level it reached
    assert [q.unit for q in find_quantities("the Nikkei gained 0.7 per cent to 28,400")] == ["percent", None]


def test_a_range_of_change_is_a_change_at_both_ends(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "Reservoir levels sank by 2 to 3.5 metres over the summer, engineers said.")
    low, high = figures["2"], figures["3.5 metres"]
    assert (low.unit, low.interval, low.change, high.change) == ("m", (2.0, 3.5), "down", "down")


def test_about_a_range_hedges_its_second_end(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "The trail takes about 10-12 hours to walk, rangers said.")
    assert (figures["10"].interval, figures["12 hours"].approx) == ((10.0, 12.0), "about")
    assert figures["12 hours"].interval == (10.8, 13.2)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The Nikkei gained 0.7 per cent to 28,400, traders said.", "0.7 per cent"),
        ("The fleet shrank by 12 to 140, the airline said.", "12"),
        ("The debt grew by $3 billion to $95 billion, the ministry said.", "$3 billion"),
    ],
)
def test_a_change_then_its_level_is_no_range(extractor: ClaimExtractor, text: str, surface: str) -> None:
    q = _figures(extractor, text)[surface]
    assert q.interval == (q.value, q.value) and q.change in ("up", "down")


def test_ranges_read_downwards_or_chained_stay_ordered(extractor: ClaimExtractor) -> None:
    eased = _figures(extractor, "Inflation is forecast to ease from 3.9 to 3.1 percent, the bank said.")["3.9"]
    assert eased.relative == (0.031, 0.039)
    text = "The airline cut its growth forecast from 6 to 8 per cent to 2 to 4 per cent, it said."
    figures = _figures(extractor, text)
    assert (figures["6"].relative, figures["8 per cent"].interval) == ((0.06, 0.08), (8.0, 8.0))
    assert figures["2"].relative == (0.02, 0.04)


def test_a_restatement_in_parentheses_is_hedged_like_its_source(extractor: ClaimExtractor) -> None:
    figures = _figures(extractor, "The tank holds more than 40 gallons (151 litres) of fuel, the maker said.")
    assert (figures["151 litres"].approx, figures["151 litres"].interval) == ("more than", (151.0, None))
    figures = _figures(extractor, "The motor delivers just under 200 hp (149 kW / 203 PS) at full load.")
    assert figures["149 kW"].approx == figures["203"].approx == "just under"
    figures = _figures(extractor, "The lake fell by 2 to 3 feet (0.6 to 0.9 metres) in June, rangers said.")
    assert figures["0.6"].change == figures["0.9 metres"].change == "down"
    figures = _figures(extractor, "Acme shares rose 5% ($4) to $84 on Monday, traders said.")
    assert figures["$4"].change == "up"
    assert _figures(extractor, "Acme shares rose 5% (to $84) on Monday, traders said.")["$84"].change is None


@pytest.mark.parametrize(
    ("text", "surface", "change"),
    [
        ("Zeta shares rose under 3% on Tuesday, traders said.", "3%", "up"),  # the hedge is a preposition
        ("The index is edging up 0.4% this morning, traders said.", "0.4%", "up"),  # a trend verb's particle
        ("The index ticked down 1.1% at the open, traders said.", "1.1%", "down"),
        ("He lost his temper over $20 in change, she said.", "$20", None),  # a cause, not a change
    ],
)
def test_change_through_hedges_and_particles(extractor: ClaimExtractor, text: str, surface: str, change: str) -> None:
    assert _figures(extractor, text)[surface].change == change


def test_a_hedge_word_before_the_is_no_hedge_of_the_figure() -> None:
    (q,) = find_quantities("the festival centres around the 12m statue")
    assert q.approx is None


def test_sub_prefix_means_below() -> None:
    (chip,) = find_quantities("foundries race to make sub-3 nanometre chips")
    (phone,) = find_quantities("cheap sub-$150 phones")
    assert (chip.value, chip.unit, chip.approx, phone.value, phone.approx) == (3, "nm", "under", 150, "under")
    assert find_quantities("the KN-23 missile") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one in four renters moved", [(0.25, "fraction")]),
        ("three out of five voters agreed", [(0.6, "fraction")]),
        ("a bus comes one in 10 minutes", [(10, "minute")]),  # a period, not a share
        ("they won 3 in 5 days", [(3, None), (5, "day")]),  # only "one in N" is a ratio with "in"
        ("it ordered a third-party audit", []),  # a compound word, not a third
        ("the bank made a quarter-point cut", [(0.25, "fraction")]),
        ("sales rose 9% this half", [(9, "percent")]),  # a period, not 0.5
    ],
)
def test_ratios_and_fraction_words(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert [(round(q.value, 6), q.unit) for q in find_quantities(text)] == expected
