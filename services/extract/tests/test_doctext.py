"""doctext: the text of docs and spans read from the doc's kept text is exactly spaCy's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from claimstream.services.extract.doctext import doc_text, span_text, span_text_with_ws
from claimstream.services.extract.nlp import load_nlp
from claimstream.services.extract.segments import paragraphs

GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "articles"


@pytest.fixture(scope="module")
def gold_docs() -> list[Doc]:
    texts = [p.text for path in sorted(GOLD.glob("*.txt")) for p in paragraphs(path.read_text(encoding="utf-8"))]
    assert texts, GOLD
    return list(load_nlp().pipe(texts))


def test_every_sentence_entity_and_noun_chunk_of_the_gold_texts(gold_docs: list[Doc]) -> None:
    checked = 0
    for doc in gold_docs:
        assert doc_text(doc) == doc.text
        for span in [*doc.sents, *doc.ents, *doc.noun_chunks, doc[:], doc[1:-1], doc[0:0]]:
            assert span_text(span) == span.text
            assert span_text_with_ws(span) == span.text_with_ws
            checked += 1
    assert checked > 1000


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(["Hello", "world", ",", "\n", " ", "“", "rose", "5%", "-", "é"]), min_size=1),
    spaces=st.lists(st.booleans(), min_size=1),
    data=st.data(),
)
def test_any_span_of_any_doc(words: list[str], spaces: list[bool], data: st.DataObject) -> None:
    """Whitespace tokens, tokens without a space after them, empty spans: all as spaCy joins them."""
    doc = Doc(load_nlp().vocab, words=words, spaces=[spaces[i % len(spaces)] for i in range(len(words))])
    start = data.draw(st.integers(0, len(doc)))
    end = data.draw(st.integers(start, len(doc)))
    assert doc_text(doc) == doc.text
    assert span_text(doc[start:end]) == doc[start:end].text
    assert span_text_with_ws(doc[start:end]) == doc[start:end].text_with_ws


def test_a_doc_copied_from_a_longer_one_has_its_own_text(gold_docs: list[Doc]) -> None:
    doc = next(d for d in gold_docs if len(list(d.sents)) > 1)
    doc_text(doc)
    first = next(iter(doc.sents)).as_doc(copy_user_data=True)
    assert doc_text(first) == first.text != doc.text
