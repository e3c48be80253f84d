"""ClaimExtractor end to end: attribution types, speakers, hedging, spans, ids, odd input."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from claimstream.services.extract import claims as claims_module
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.segments import Paragraph
from claimstream.shared.events import ArticleCleaned, ClaimExtracted

NOW = datetime(2024, 12, 17, tzinfo=UTC)


def _article(text: str, outlet: str | None = "Kyiv Post", article_id: str = "a1") -> ArticleCleaned:
    return ArticleCleaned(article_id=article_id, text=text, outlet=outlet, url="https://x.test/a", ingested_at=NOW)


def _claim(claims: list[ClaimExtracted], key: str) -> ClaimExtracted:
    hits = [c for c in claims if key in c.sentence]
    assert hits, [c.sentence for c in claims]
    return hits[0]


TEXT = (
    "North Korean troops have been withdrawn after suffering severe casualties, The New York Times reports, "
    "citing US officials.\n"
    "According to Gen. Oleksandr Syrskyi, Ukraine's Commander-in-Chief, approximately half of the 12,000 troops "
    "have been lost in just three months.\n"
    "\u201cThe casualty rates were significant,\u201d Syrsky said. \u201cBy most accounts, maybe 50% of them are gone.\u201d\n"
    "He added that the troops may return after more training.\n"
    "Russia has reclaimed more than 500 sq km of territory.\n"
    "Related:\n"
    "- North Korea supplies 60% of Russia's ammunition, says expert\n"
    "Email us on olomo@example.com\n"
)


def test_attribution_types_and_speakers(extractor: ClaimExtractor) -> None:
    claims = extractor.extract(_article(TEXT))
    reports = _claim(claims, "withdrawn after suffering")
    assert (reports.attribution, reports.cue, reports.speaker.kind) == ("indirect", "reports", "group")
    assert reports.speaker.name == "US officials"  # the outlet cites them: it is the intermediary (provenance.py)
    assert [v.canonical for v in reports.via] == ["The New York Times"]
    according = _claim(claims, "approximately half")
    assert according.attribution == "according_to"
    assert according.speaker.canonical == "Oleksandr Syrskyi"
    assert according.speaker.title == "Ukraine's Commander-in-Chief"
    assert {q.value for q in according.quantities} >= {0.5, 12000, 3}
    quote = _claim(claims, "casualty rates were significant")
    assert quote.attribution == "direct_quote"
    assert quote.speaker.canonical == "Oleksandr Syrskyi"
    assert _claim(claims, "By most accounts").speaker.canonical == "Oleksandr Syrskyi"  # quote without its own cue
    added = _claim(claims, "He added")
    assert added.speaker.canonical == "Oleksandr Syrskyi" and added.hedged


def test_unattributed_quantitative_claim_belongs_to_outlet(extractor: ClaimExtractor) -> None:
    claim = _claim(extractor.extract(_article(TEXT)), "500 sq km")
    assert (claim.attribution, claim.speaker.kind, claim.speaker.name) == ("unattributed", "outlet", "Kyiv Post")
    assert claim.quantities[0].approx == "more than"
    no_outlet = _claim(extractor.extract(_article(TEXT, outlet=None)), "500 sq km")
    assert no_outlet.speaker.name == "outlet"


def test_boilerplate_is_never_a_claim(extractor: ClaimExtractor) -> None:
    claims = extractor.extract(_article(TEXT))
    assert not [c for c in claims if "ammunition" in c.sentence or "olomo" in c.sentence]


def test_spans_ids_and_copied_fields(extractor: ClaimExtractor) -> None:
    article = _article(TEXT)
    claims = extractor.extract(article)
    assert len({c.claim_id for c in claims}) == len(claims)
    for claim in claims:
        assert article.text[claim.span[0] : claim.span[1]] == claim.sentence
        assert (claim.article_id, claim.outlet, claim.url, claim.ingested_at) == ("a1", "Kyiv Post", article.url, NOW)


def test_redelivery_gives_identical_claims(extractor: ClaimExtractor) -> None:
    first = extractor.extract(_article(TEXT))
    again = ClaimExtractor().extract(_article(TEXT))
    assert [c.model_dump() for c in first] == [c.model_dump() for c in again]
    batched = extractor.extract_many([_article("Nothing here.", article_id="b"), _article(TEXT)])
    assert [c.claim_id for c in batched[1]] == [c.claim_id for c in first]


def test_iter_extract_yields_every_article_once_in_order_as_soon_as_it_is_parsed(
    extractor: ClaimExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        _article(TEXT, article_id="a"),
        _article("\n".join(["Officials said 3 roads were closed."] * 70), article_id="long"),
        _article("\n", article_id="blank"),
        _article("Nothing here.", article_id="b"),
        _article(TEXT + "\nThe ministry said 40 bridges were repaired.", article_id="c"),
        _article("\n", article_id="last"),
    ]
    drawn: list[int] = []  # paragraphs handed to nlp.pipe so far
    pipe_input = claims_module._pipe_input

    def counting(plans: list[list[Paragraph]]) -> Iterator[tuple[str, tuple[int, Paragraph]]]:
        for item in pipe_input(plans):
            drawn.append(item[1][0])
            yield item

    monkeypatch.setattr(claims_module, "_pipe_input", counting)
    stream = extractor.iter_extract(articles)
    first_index, _ = next(stream)
    assert first_index == 0 and max(drawn) == 1  # "a" came out before the articles after "long" were read
    got = [(first_index, _)] + list(stream)
    assert [index for index, _ in got] == list(range(len(articles)))
    monkeypatch.undo()
    assert [[c.claim_id for c in claims] for _, claims in got] == [
        [c.claim_id for c in extractor.extract(a)] for a in articles
    ]
    assert [len(claims) > 0 for _, claims in got] == [True, True, False, False, True, False]


def test_hedging(extractor: ClaimExtractor) -> None:
    hedged = extractor.extract(_article("Officials said the troops reportedly lost 300 men in two days."))
    plain = extractor.extract(_article("Officials said the troops lost 300 men in two days."))
    assert hedged[0].hedged and not plain[0].hedged


def test_inverted_and_descriptive_speakers(extractor: ClaimExtractor) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said talks would resume in March.\n"
        "Job cuts will be announced this week, said executive chair Marcelo Claure in an email.\n"
        "The spokesman told reporters that 40 delegates would attend.\n"
    )
    claims = extractor.extract(_article(text))
    assert _claim(claims, "Job cuts").speaker.name == "Marcelo Claure"
    assert _claim(claims, "40 delegates").speaker.canonical == "Dmitry Peskov"


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "   \n\n  ",
        "No claims here at all.",
        "1" * 5000,
        "\u202e\u0000 \ud7ff 😀 " * 50,
        "The minister said " + "9" * 400 + " troops died.",
        "…" * 1000,
        ("word " * 30000).strip() + ".",
        "\u201c" * 20 + " said he.",
        "According to , .",
    ],
)
def test_odd_input_never_raises(extractor: ClaimExtractor, text: str) -> None:
    claims = extractor.extract(_article(text))
    for claim in claims:
        assert text[claim.span[0] : claim.span[1]] == claim.sentence
