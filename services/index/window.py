"""The words around a number in a claim (pure): what happened to what it counts, for claims whose quantities
carry no ``event`` (older extractors), and the reported words shown beside a figure.

A window is cut at clause breaks (``,``, ``;``, ``and``, ``while``, ...) and at the next number, so in "300
soldiers were killed and 2,700 wounded" the 300 reads ``killed`` and the 2,700 ``wounded``.
"""

from __future__ import annotations

import re

from claimstream.shared.taxonomy import EVENT_WORDS, singular

_STOP = {",", ";", ":", ".", "and", "while", "but", "whereas", "or"}
_TOKEN = re.compile(r"[\w’'%.,-]+|[;:]")
_NUMBER = re.compile(r"\d")
WINDOW = 4  # words looked at before the number, and after its counted noun


def _tokens(text: str) -> list[str]:
    return [t.lower().strip(".,") or t for t in _TOKEN.findall(text)]


def _context(text: str, surface: str) -> tuple[list[str], list[str]] | None:
    """Words before and after ``surface`` in ``text`` (cut at clause breaks and numbers), or None."""
    at = text.find(surface) if surface else -1
    if at < 0:
        return None
    before, after = _tokens(text[:at])[-WINDOW - 1 :], _tokens(text[at + len(surface) :])
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _STOP or _NUMBER.search(before[i]):
            before = before[i + 1 :]
            break
    for i, tok in enumerate(after):
        if tok in _STOP or _NUMBER.search(tok):
            after = after[:i]
            break
    return before, after


def event_near(surface: str, noun: str | None, text: str, sentence: str = "") -> str | None:
    """The event (a :data:`~claimstream.shared.taxonomy.EVENTS` name) the words around ``surface`` name, looked
    for in ``text`` then ``sentence``; ``"part"`` when the figure is a part of another ("3,000 of the
    displaced"); None when nothing is said. ``noun`` is the counted noun: words after it are read up to
    :data:`WINDOW` words further ("troops sent to Russia")."""
    before, after = _context(text, surface) or _context(sentence, surface) or ([], [])
    if after[:1] == ["of"]:
        return "part"
    end = len(after)
    if noun:
        hits = [i for i, t in enumerate(after) if singular(t) == singular(noun) or t == noun]
        end = (hits[0] + 1 + WINDOW) if hits else WINDOW + 2
    for tok in after[:end]:
        if tok in EVENT_WORDS:
            return EVENT_WORDS[tok]
    for tok in reversed(before):
        if tok in EVENT_WORDS:
            return EVENT_WORDS[tok]
    return None


def reported_words(surface: str, text: str, sentence: str = "", width: int = 6) -> str:
    """The figure as reported: ``surface`` with up to ``width`` words either side within its clause, from
    ``text`` (else ``sentence``); ``surface`` alone when it is in neither."""
    for source in (text, sentence):
        at = source.find(surface) if surface else -1
        if at < 0:
            continue
        head = re.split(r"[;:.!?]|,\s", source[:at])[-1].split()[-width:]
        tail = re.split(r"[;:.!?]|,\s", source[at + len(surface) :])[0].split()[:width]
        while tail and tail[-1].lower() in _STOP:  # "... were killed and" -> "... were killed"
            tail.pop()
        return " ".join([*head, surface, *tail]).strip(" ,")
    return surface
