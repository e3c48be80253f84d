"""One statement interrupted by its attribution is one claim, its pieces kept in ``parts`` (issue 24).

Invented sentences. "“A,” she said, “B.”", "“A,” she said. “B.”" (the quote goes on with no attribution of its
own) and "A, she said, B" are each one statement for a reader: one claim whose text is the pieces joined by one
space, each piece's [start, end) in the article. Two speakers' quotes, or a quote with an attribution of its own,
stay apart."""

from __future__ import annotations

from pathlib import Path

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import NOW, attributed
from claimstream.shared.events import ArticleCleaned, ClaimExtracted


def _pieces(text: str, claim: ClaimExtracted) -> list[str]:
    assert claim.text == " ".join(text[s:e] for s, e in claim.parts), (claim.text, claim.parts)
    return [text[s:e] for s, e in claim.parts]


def test_a_quote_split_by_its_attribution_in_one_sentence(extractor: ClaimExtractor) -> None:
    text = "“The new pier is too short,” harbour master Ilse Brandt said, “and the ferries will not fit.”"
    (claim,) = attributed(extractor, text)
    assert _pieces(text, claim) == ["The new pier is too short", "and the ferries will not fit."]
    assert claim.speaker.name == "Ilse Brandt" and claim.cue == "said"


def test_a_quote_going_on_after_its_attribution_in_the_next_sentence(extractor: ClaimExtractor) -> None:
    text = "“The new pier is too short,” Ilse Brandt said. “We will need a second one before the summer season.”"
    (claim,) = attributed(extractor, text)
    assert _pieces(text, claim) == ["The new pier is too short", "We will need a second one before the summer season."]
    assert claim.span == (0, len(text)) and claim.sentence == text
    assert claim.attribution == "direct_quote" and claim.cue == "said"


def test_a_short_first_quote_is_joined_before_it_is_judged_too_short(extractor: ClaimExtractor) -> None:
    # "“Not yet,” she said. “B.”": a first piece under three words is kept aside until the next quote joins it
    text = "“Not yet,” Ilse Brandt said. “The ferry will not run until the pier is repaired.”"
    (claim,) = attributed(extractor, text)
    assert _pieces(text, claim) == ["Not yet", "The ferry will not run until the pier is repaired."]
    assert claim.speaker.name == "Ilse Brandt" and claim.span == (0, len(text))


def test_a_short_quote_with_nothing_to_join_is_no_claim(extractor: ClaimExtractor) -> None:
    # negative: alone, or followed by another speaker's sentence, a two-word quote stays no claim
    assert attributed(extractor, "“Not yet,” Ilse Brandt said.") == []
    claims = attributed(extractor, "“Not yet,” Ilse Brandt said. The ferry company said the pier would reopen in May.")
    assert [(c.speaker.name, c.text) for c in claims] == [("ferry company", "the pier would reopen in May")]


def test_a_partial_quote_going_on_in_the_next_sentence(extractor: ClaimExtractor) -> None:
    # the writer's words that open the quoted clause belong to the first piece
    text = "The pier is “far too short for the new ferries,” Ilse Brandt said. “We need a second one soon.”"
    (claim,) = attributed(extractor, text)
    first, second = _pieces(text, claim)
    assert first.startswith("The pier is") and second == "We need a second one soon."


def test_a_statement_split_by_its_attribution_without_quote_marks(extractor: ClaimExtractor) -> None:
    text = "The new pier, the harbour master said, will be too short for the ferries."
    (claim,) = attributed(extractor, text)
    assert _pieces(text, claim) == ["The new pier", "will be too short for the ferries."]
    assert claim.text == "The new pier will be too short for the ferries."


def test_a_quote_going_on_after_an_attribution_with_an_aside_of_its_own(extractor: ClaimExtractor) -> None:
    # "…,” X said, noting that …. “…”": the aside is a second claim; the quote still goes on with the first
    text = (
        "“The new pier is far too short for the ferries,” Ilse Brandt said, noting that the council had been "
        "warned twice. “We will need a second one before the summer.”"
    )
    claims = attributed(extractor, text)
    quoted = [c for c in claims if c.attribution == "direct_quote"]
    assert len(claims) == 2 and len(quoted) == 1
    assert _pieces(text, quoted[0]) == [
        "The new pier is far too short for the ferries",
        "We will need a second one before the summer.",
    ]


def test_a_one_piece_claim_has_no_parts(extractor: ClaimExtractor) -> None:
    for text in (
        "“The new pier is too short for the ferries,” Ilse Brandt said.",
        "Ilse Brandt said the new pier is too short for the ferries.",
    ):
        (claim,) = attributed(extractor, text)
        assert claim.parts == []


def test_two_speakers_quotes_stay_two_claims(extractor: ClaimExtractor) -> None:
    text = "“The new pier is too short,” Ilse Brandt said. “It is long enough for every ferry,” said Tom Okafor."
    claims = attributed(extractor, text)
    assert sorted(c.speaker.name for c in claims) == ["Ilse Brandt", "Tom Okafor"]
    assert all(c.parts == [] for c in claims)


def test_a_new_attribution_starts_a_new_claim(extractor: ClaimExtractor) -> None:
    # the same speaker, but the second quote has a cue of its own: a second statement
    text = "“The new pier is too short,” Ilse Brandt said. “We will need a second one,” she added."
    claims = attributed(extractor, text)
    assert [c.cue for c in claims] == ["said", "added"]
    assert all(c.parts == [] for c in claims)


def test_a_quote_in_the_next_paragraph_is_not_joined(extractor: ClaimExtractor) -> None:
    text = "“The new pier is too short for the ferries,” Ilse Brandt said.\n\n“We will need a second one soon.”"
    claims = attributed(extractor, text)
    assert len(claims) == 2 and all(c.parts == [] for c in claims)


def test_an_attribution_before_the_quote_is_not_an_interruption(extractor: ClaimExtractor) -> None:
    # "X said: “A.” “B.”"-like order: the cue comes first, so nothing interrupts the first quote
    text = "Ilse Brandt said the new pier is “too short for the ferries.” “We need a second one soon.”"
    claims = attributed(extractor, text)
    assert len(claims) == 2 and all(c.parts == [] for c in claims)


def test_the_writers_words_before_an_aside_open_the_quoted_statement(extractor: ClaimExtractor) -> None:
    # "X, she said, is “…”": the subject before the aside and the quote after it are one statement
    text = "The harbour plan, Ilse Brandt said, has become “a costly exercise in vanity.”"
    (claim,) = attributed(extractor, text)
    assert _pieces(text, claim) == ["The harbour plan", "has become “a costly exercise in vanity.”"]
    # the attribution first, the quote after it: the quoted words alone, as before
    (claim,) = attributed(extractor, "In a long speech, Ilse Brandt said, “The pier is far too short for the ferries.”")
    assert claim.text == "The pier is far too short for the ferries." and claim.parts == []


def test_parts_are_the_texts_pieces_on_the_gold_articles(extractor: ClaimExtractor) -> None:
    # the contract: `text` is the parts joined by one space (first letter capitalised), in order, in the sentence
    folder = Path(__file__).resolve().parents[3] / "tests" / "gold" / "articles"
    articles = [
        ArticleCleaned(article_id=p.stem[:32], text=p.read_text(encoding="utf-8"), ingested_at=NOW)
        for p in sorted(folder.glob("*.txt"))
    ]
    pieced = 0
    for article, claims in zip(articles, extractor.extract_many(articles), strict=True):
        for claim in (c for c in claims if c.parts):
            pieced += 1
            joined = " ".join(article.text[s:e] for s, e in claim.parts)
            assert joined[:1].upper() + joined[1:] == claim.text[:1].upper() + claim.text[1:]
            assert all(claim.span[0] <= s < e <= claim.span[1] for s, e in claim.parts)
            assert all(a[1] <= b[0] for a, b in zip(claim.parts, claim.parts[1:], strict=False))
    assert pieced  # the gold articles hold such statements
