"""Whitespace normalisation, length checks and language detection on cleaned text."""

from __future__ import annotations

import re
import unicodedata

import py3langid

MIN_WORDS = 20  # fewer words than this (and few letters) is not an article

# Invisible or odd characters that pasted web text carries: zero-width, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_HSPACE = re.compile(r"[^\S\n]+")  # any whitespace except newline (tabs, NBSP, thin spaces...)
_WORD = re.compile(r"\w+")
_LANG_SAMPLE_CHARS = 5000  # detection on the first chars is as accurate and bounds the cost


def normalize_text(text: str) -> str:
    """NFC-normalise, drop invisible characters and collapse whitespace.

    Guarantees: lines are stripped, runs of spaces/tabs become one space, blank lines are removed so that
    paragraphs are separated by exactly one ``"\\n"``; no leading/trailing whitespace.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = (_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def too_short_reason(text: str, min_words: int = MIN_WORDS) -> str | None:
    """Why ``text`` is too short to be an article, or None when it is long enough.

    Text is too short when it has no letters, or fewer than ``min_words`` words *and* fewer than
    ``4 * min_words`` letters (the second test lets through unspaced scripts such as Chinese).
    """
    enough = 4 * min_words
    letters = 0
    for ch in text:  # counted only as far as needed: a whole article's letters cost ~1 ms, twice per page
        if ch.isalpha():
            letters += 1
            if letters >= enough:
                return None
    if letters == 0:
        return "no letters in the text"
    words = len(_WORD.findall(text))
    if words < min_words:
        return f"only {words} words (minimum {min_words})"
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language according to py3langid, or None for text without letters."""
    sample = text[:_LANG_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
