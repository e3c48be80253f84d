"""Where gold quotes and claims sit in an article's words, so quote overlap is positional, as the published GGT
scoring (character offsets) is: a claim matches a gold quote by covering the same stretch of text, not by
sharing common words ("the", "he's") with it somewhere else in the article."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

from claimstream.shared.events import ClaimExtracted

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def fold(word: str) -> str:
    """Lower case, accents and typographic apostrophes folded ("Café’s" -> "cafe's")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation and quote marks dropped."""
    return [fold(m.group()) for m in _WORD_RE.finditer(text)]


class ArticleWords:
    """The words of one article with their character offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
        self._words = [fold(text[s:e]) for s, e in self._spans]

    def occurrences(self, quote: Sequence[str]) -> list[frozenset[int]]:
        """Word positions of each place the quote's words occur in a row; [] when the quote is not in the text."""
        n = len(quote)
        if not n:
            return []
        return [
            frozenset(range(i, i + n)) for i in range(len(self._words) - n + 1) if self._words[i : i + n] == list(quote)
        ]

    def within(self, spans: Sequence[Sequence[int]]) -> frozenset[int]:
        """Positions of the words lying inside any of the ``[start, end)`` character spans (a gold part)."""
        return frozenset(
            i for i, (start, end) in enumerate(self._spans) if any(s <= start and end <= e for s, e in spans)
        )

    def words_at(self, positions: frozenset[int]) -> list[str]:
        """The words at ``positions``, in text order."""
        return [self._words[i] for i in sorted(positions)]

    def place(self, claim: ClaimExtracted) -> frozenset[int]:
        """Positions of the claim text's words inside the claim's ``span`` (its sentence), aligned in order
        (longest matching runs first), so "he said, “I never said it”" places the quoted "said", not the first.
        A claim made of ``parts`` (a statement interrupted by its attribution) is the words inside its parts."""
        if claim.parts:
            return self.within(claim.parts)
        inside = [i for i, (start, end) in enumerate(self._spans) if start >= claim.span[0] and end <= claim.span[1]]
        matcher = SequenceMatcher(None, [self._words[i] for i in inside], words(claim.text), autojunk=False)
        return frozenset(inside[b.a + k] for b in matcher.get_matching_blocks() for k in range(b.size))


def positional_overlap(gold: Sequence[frozenset[int]], predicted: frozenset[int]) -> float:
    """Best share, over the gold quote's occurrences, of its word positions the prediction covers."""
    return max((len(g & predicted) / len(g) for g in gold if g), default=0.0)
