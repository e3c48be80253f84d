"""Which side a figure counts, and the period it covers (issue 23), on invented sentences through the whole
extractor: a side named by possession ("Ecuador's soldiers", "its soldiers" after the country that speaks,
the country that sent or lost them), a bare "the troops" left bare once the article has counted two sides,
and the period phrase beside a figure ("since March 2023", "in the past six weeks"), not the date of the
statement ("said in 2024")."""

from __future__ import annotations

from datetime import UTC, datetime

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared.events import ArticleCleaned, Quantity

NOW = datetime(2025, 6, 2, tzinfo=UTC)


def _figures(extractor: ClaimExtractor, text: str) -> dict[str, Quantity]:
    claims = extractor.extract(ArticleCleaned(article_id="s1", text=text, outlet="Andes Ledger", ingested_at=NOW))
    return {q.text: q for c in claims for q in c.quantities if q.derived is None}


def test_a_side_named_by_possession_is_the_subjects_side(extractor: ClaimExtractor) -> None:
    figures = _figures(
        extractor,
        "Officials in Quito said 3,000 of Ecuador's soldiers were sent north.\n\n"
        "Bogota said on Monday that 45 of its soldiers had been wounded in the clashes.\n\n"
        "Peru deployed 900 troops to the border, the defence minister said.",
    )
    assert (figures["3,000"].subject, figures["3,000"].event) == ("Ecuador's troops", "deployed")
    assert (figures["45"].subject, figures["45"].event) == ("Bogota's troops", "wounded")
    assert figures["900"].subject == "Peru's troops"


def test_the_troops_take_the_articles_side_only_while_it_counts_one(extractor: ClaimExtractor) -> None:
    one = _figures(
        extractor,
        "About 200 Chilean soldiers were killed in the fighting, officials said.\n\n"
        "At least 80 of the troops were captured, a monitoring group said.",
    )
    assert one["80"].subject == "Chilean troops"
    two = _figures(
        extractor,
        "About 200 Chilean soldiers were killed in the fighting, officials said.\n\n"
        "Some 350 Bolivian soldiers died in the same week, a spokesman said.\n\n"
        "At least 80 of the troops were captured, a monitoring group said.",
    )
    assert two["200"].subject == "Chilean troops" and two["350"].subject == "Bolivian troops"
    assert two["80"].subject == "troops"  # which army is unclear: left for the index to list as unplaced


def test_the_period_beside_a_figure_not_the_date_of_the_statement(extractor: ClaimExtractor) -> None:
    figures = _figures(
        extractor,
        "The rebels have lost 4,000 fighters since March 2023, the monitor said.\n\n"
        "In the past six weeks, 300 fighters were captured, the monitor added.\n\n"
        "The monitor said in 2024 that 500 fighters had died.\n\n"
        "According to Col. Ilse Varga, the rebels' commander, roughly a quarter of the 8,000 fighters sent "
        "south in May have been wounded over the past two months.",
    )
    assert figures["4,000"].period == "since March 2023"
    assert figures["300"].period == "In the past six weeks"
    assert figures["500"].period is None and figures["500"].event == "killed"
    # the wounded quarter's period, not the 8,000 sent
    assert figures["a quarter"].period == "over the past two months" and figures["8,000"].period is None
