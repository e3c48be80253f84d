"""Splitting article text into candidate paragraphs and dropping boilerplate lines.

The ingest cleaner removes most boilerplate, but extraction stays defensive: headlines, bylines, captions,
"Related:" lists, comment boxes and contact lines are never claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A kept line of the article: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str


_CONTACT_RE = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.|(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b", re.I
)
_BOILER_START_RE = re.compile(
    r"^(?:read more|related|see also|also read|more:|click|subscribe|sign up|follow us|share this|advertisement"
    r"|photo:|image:|picture:|video:|credit:|caption:|source:|copyright|©|all rights reserved|disclaimer|email us"
    r"|contact us|no comments|thanks for|comments?\b|leave a (?:reply|comment)|posted (?:by|on|in)"
    r"|updated:|published:|tags?:|filed under|watch:|listen:|getty images|reuters/|ap photo)",
    re.I,
)
_LIST_HEADER_RE = re.compile(
    r"^(?:related|read more|see also|more on this|recommended|most read|latest)\b.*:?\s*$", re.I
)
_BULLET_RE = re.compile(r"^\s*(?:[-–—•*▪►]|\d+\.)\s+")
_FINAL_PUNCT = tuple(".!?\"”’')…:")
# "HANOI, Vietnam (AP) — ", "(Reuters) — ", "NEW DELHI: ", "Indianapolis – " at the start of a paragraph.
_DATELINE_RE = re.compile(
    r"^(?:(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?\s*(?:\([\w .]+\))?\s*[—–:-]"
    r"|\((?:AP|Reuters|AFP|UPI|PTI|IANS|dpa|Bloomberg|CNN|ANI)\)\s*[—–-]?"
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}\s[—–]))\s+"
)


def paragraphs(text: str, title: str | None = None) -> list[Paragraph]:
    """Kept paragraphs of ``text`` (one per non-empty line), in order; boilerplate lines are dropped."""
    kept: list[Paragraph] = []
    in_list = False
    offset = 0
    for line in _unwrapped(text.splitlines(keepends=True)):
        start, offset = offset, offset + len(line)
        body = line.strip()
        if not body:
            in_list = False
            continue
        lead = len(line) - len(line.lstrip())
        if _LIST_HEADER_RE.match(body) and len(body) < 40:
            in_list = True
            continue
        if in_list and (_BULLET_RE.match(body) or not body.endswith(_FINAL_PUNCT)):
            continue
        in_list = False
        if not is_boilerplate(body, title):
            dateline = _DATELINE_RE.match(body)
            skip = dateline.end() if dateline and len(body) - dateline.end() > 20 and not _aside(body, dateline) else 0
            kept.append(Paragraph(start + lead + skip, start + lead + len(body), body[skip:]))
    return kept


# "Ruiz — after a long pause — told me …": a lower-case aside closed by a second dash in the same sentence.
_ASIDE_END_RE = re.compile(r"^[^.!?]*?\s[—–]\s")


def _aside(body: str, dateline: re.Match[str]) -> bool:
    """True when what looks like a dateline ("Ruiz — ") opens a dash aside between a subject and its verb: the
    words after the dash start lower-case and a second dash closes them before the sentence ends."""
    rest = body[dateline.end() :]
    return rest[:1].islower() and _ASIDE_END_RE.match(rest) is not None


_WRAPPED_RE = re.compile(r"[A-Za-z]-$")  # "the Minister-" / "President, Anna Berg": a word broken by a line break


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines with hard-wrapped sentences joined back (a line ending in a broken hyphenated word, or cut mid-sentence
    before a lower-case continuation); the joined line keeps the line break, so offsets still match the text."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1].strip() if joined else ""
        if (
            line.strip()
            and previous
            and (_WRAPPED_RE.search(previous) or (not previous.endswith(_FINAL_PUNCT) and line.lstrip()[:1].islower()))
        ):
            joined[-1] += line
        else:
            joined.append(line)
    return joined


_ATTRIBUTED_RE = re.compile(r"\b(?:according to|said|says|warned|warns|told|reported)\b", re.IGNORECASE)


def is_boilerplate(line: str, title: str | None = None) -> bool:
    """True for lines that cannot hold a claim: headlines, list items, captions, contact lines, short labels."""
    if title and _squash(line) == _squash(title):
        return True
    words = line.split()
    if _BOILER_START_RE.match(line):
        return True
    if _CONTACT_RE.search(line) and len(words) < 30:
        return True
    if len(words) < 4 or (line.rstrip().endswith("?") and len(words) < 15):
        return True  # labels and questions ("What did the prosecutors say?") are not claims
    if not line.rstrip().endswith(_FINAL_PUNCT) and (
        len(words) < 12 or (". " not in line and not _ATTRIBUTED_RE.search(line))
    ):
        return True  # headlines, captions without a full stop (a long paragraph ending in "PTI", or a long
        # attributed sentence that lost its full stop, "… up 9.2% year over year, according to CoreLogic", is kept)
    return _is_title_case(words) and len(words) < 15


def _is_title_case(words: list[str]) -> bool:
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) > 0.75


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
