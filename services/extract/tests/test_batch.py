"""extract_batch isolates failures per article: one article extraction raises on becomes one InvalidEvent that
carries the article; the others keep their claims; articles in other languages are skipped, not failed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from claimstream.services.extract.batch import extract_batch
from claimstream.shared import topics
from claimstream.shared.events import ArticleCleaned, ClaimExtracted

NOW = datetime(2026, 3, 4, tzinfo=UTC)
CLAIM = ClaimExtracted.model_validate_json(
    (Path(topics.__file__).parent / "examples" / topics.CLAIMS_EXTRACTED / "v1" / "direct_quote.json").read_bytes()
)


class FlakyExtractor:
    """One claim per article; raises on the article whose text is ``boom`` (and on any batch holding it, once
    the articles before it are done, as ``ClaimExtractor.iter_extract`` would). Counts extractions per article."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def extract(self, article: ArticleCleaned) -> list[ClaimExtracted]:
        self.calls.append(article.article_id)
        if article.text == "boom":
            raise ValueError("no sentence boundary")
        return [CLAIM.model_copy(update={"article_id": article.article_id})]

    def iter_extract(self, articles: Sequence[ArticleCleaned]) -> Iterator[tuple[int, list[ClaimExtracted]]]:
        for index, article in enumerate(articles):
            yield index, self.extract(article)


def article(
    article_id: str, text: str = "Officials said 12 people died.", language: str | None = "en"
) -> ArticleCleaned:
    return ArticleCleaned(article_id=article_id, text=text, language=language, ingested_at=NOW)


def test_one_bad_article_is_poison_and_the_others_keep_their_claims() -> None:
    batch = [article("a"), article("bad", "boom"), article("fr", language="fr"), article("b", language=None)]
    result = extract_batch(FlakyExtractor(), batch)  # type: ignore[arg-type]
    assert [c.article_id for c in result.claims] == ["a", "b"]
    assert [a.article_id for a in result.skipped] == ["fr"]
    [poison] = result.failures
    assert poison.article_id == "bad" and poison.reason == "extraction failed: ValueError: no sentence boundary"
    assert ArticleCleaned.model_validate_json(poison.original or b"") == batch[1]


def test_a_clean_batch_has_no_failures() -> None:
    result = extract_batch(FlakyExtractor(), [article("a"), article("b")])  # type: ignore[arg-type]
    assert [c.article_id for c in result.claims] == ["a", "b"] and result.failures == []


def test_each_articles_claims_are_emitted_once_as_it_is_done_and_none_is_extracted_twice() -> None:
    extractor = FlakyExtractor()
    emitted: list[list[str]] = []
    batch = [article("a"), article("b"), article("bad", "boom"), article("c")]
    result = extract_batch(
        extractor,  # type: ignore[arg-type]
        batch,
        lambda claims: emitted.append([c.article_id for c in claims]),
    )
    assert emitted == [["a"], ["b"], ["c"]]  # in order, each once, the poison article emits nothing
    assert [c.article_id for c in result.claims] == ["a", "b", "c"]
    # a and b were done before the batch failed: only the rest is retried one by one
    assert extractor.calls == ["a", "b", "bad", "bad", "c"]
    assert [p.article_id for p in result.failures] == ["bad"]
