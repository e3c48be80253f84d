"""textnorm.too_short_reason: the rule as documented, whatever the order it is checked in."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claimstream.services.ingest.textnorm import MIN_WORDS, too_short_reason


@given(st.text(alphabet="ab 1.\n字", max_size=200), st.integers(min_value=0, max_value=30))
def test_too_short_exactly_when_no_letters_or_few_words_and_few_letters(text: str, min_words: int) -> None:
    letters = sum(ch.isalpha() for ch in text)
    words = len(re.findall(r"\w+", text))
    short = letters == 0 or (words < min_words and letters < 4 * min_words)
    assert (too_short_reason(text, min_words) is not None) == short


def test_reasons_say_why() -> None:
    assert too_short_reason("12 34 56") == "no letters in the text"
    assert too_short_reason("A short note.") == f"only 3 words (minimum {MIN_WORDS})"
    assert too_short_reason("word " * MIN_WORDS) is None
    assert too_short_reason("漢字" * 2 * MIN_WORDS) is None  # unspaced script: one "word", enough letters
