"""Numbers that are not quantities, judged from the text around them: years, calendar days, ordinals, clock
times, phone numbers, identifiers glued to words ("KN-23", "G7", "5G"), and ages after a name ("Senard, 65,").

Pure string tests used by :mod:`quantities`; never raise.
"""

from __future__ import annotations

import re

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_BEFORE_RE = re.compile(_MONTHS + r"\s+$", re.IGNORECASE)
_MONTH_AFTER_RE = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"(?:\W|$)", re.IGNORECASE)
_DOTTED_RE = re.compile(r"\.\d")  # "3.2.1", "192.168.0.1": a version or address, not a decimal
_ISO_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_PHONE_RE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.-]\(?\d{2,4}\)?){2,}\d*")
_NOT_PLURALS = frozenset("as is was has this its his hers plus thus us yes less unless across perhaps whereas".split())
_AGE_RE = re.compile(r"(?:^|[^\w,])[A-Z][\w’'.-]+,\s$")


def is_glued(text: str, start: int, end: int, unit_after: bool = False) -> bool:
    """True for numbers that are part of a word, identifier or code: "KN-23", "G7", "COVID-19", "5G", "A320",
    "v2", "id=42", "window.__x=1", "x86_64", "3.2.1". With ``unit_after`` a unit glued to the end ("50mph") is
    the number's own and does not count."""
    before = text[max(0, start - 2) : start]
    if is_sub_prefix(text, start):
        return False  # "sub-7 nanometer": below 7, a hedged figure
    if before[-1:].isalpha() or before[-1:] in (":", "#", "_", "=") or (before[-1:] == "-" and before[:1].isalpha()):
        return True
    if (before[-1:] == "." and before[:1].isalnum()) or (text[start : start + 1] == "." and before[-1:].isalnum()):
        return True  # "foo.2", the tail of "3.2.1"
    if unit_after:
        return end < len(text) and (text[end].isalnum() or text[end] in "_@=")
    return end < len(text) and (text[end].isalpha() or text[end] in "_@=" or bool(_DOTTED_RE.match(text, end)))


def is_sub_prefix(text: str, start: int) -> bool:
    """ "sub-7 nanometer", "sub-$100 phones": the prefix "sub-" glued before the number means below it."""
    return bool(re.search(r"(?<![\w-])sub-$", text[max(0, start - 5) : start], re.IGNORECASE))


def in_date_or_phone(text: str, start: int, end: int) -> bool:
    """Inside "2024-12-17", "12/17/2024", "17.12.24" or a phone number such as "+1 (555) 123-4567"."""
    for regex in (_ISO_DATE_RE, _PHONE_RE):
        for hit in regex.finditer(text, max(0, start - 16), min(len(text), end + 16)):
            if hit.start() <= start and end <= hit.end() and (regex is _ISO_DATE_RE or _is_phone(hit.group())):
                return True
    return False


def _is_phone(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    return digits >= 9 and not re.search(r"\d,\d{3}\b", candidate)


def is_age_after_name(text: str, start: int, end: int) -> bool:
    """ "Senard, 65, said": a bare number between commas right after a capitalised name is an age."""
    return (
        bool(_AGE_RE.search(text[max(0, start - 40) : start]))
        and bool(re.match(r",", text[end : end + 1]))
        and bool(re.fullmatch(r"\d{1,3}", text[start:end]))
    )


def is_date_time_or_ordinal(text: str, raw: str, start: int, end: int, bare: bool) -> bool:
    """Years, days of a month, ordinals, clock times, phone-like digit runs. ``bare``: no unit, currency, scale
    or "+" came with the number (those make it a quantity whatever it looks like)."""
    after = text[end : end + 12]
    if (
        re.match(r"(?:st|nd|rd|th)\b", after, re.I)
        or re.match(r":\d", after)
        or re.match(r"\s?[ap]\.?m\b", after, re.I)
    ):
        return True
    if not bare:
        return False
    if re.fullmatch(r"\d{1,2}", raw) and (
        _MONTH_BEFORE_RE.search(text[max(0, start - 12) : start]) or _MONTH_AFTER_RE.match(after)
    ):
        return True
    if re.fullmatch(r"(1[5-9]|20)\d\d", raw):
        return _looks_like_year(text, start, end)
    return (
        bool(re.fullmatch(r"\d{7,}", raw))
        and not _spelled_count(text, end)
        or text[end : end + 1] in ("/",)
        or text[max(0, start - 1) : start] == "/"
    )


def _spelled_count(text: str, end: int) -> bool:
    """ "1385710 lightning strikes": a long digit run followed by a plural noun is a count, not an id."""
    return bool(re.match(r"\s+(?:[a-z]+\s+)?[a-z]+s\b", text[end : end + 30]))


def _looks_like_year(text: str, start: int, end: int) -> bool:
    if re.match(r"s\b|['’]s\b|\s?[-–]\s?\d{2,4}\b", text[end : end + 6]):
        return True  # "1990s", "2024-25"
    follower = re.match(r"\s+([a-z]+)", text[end : end + 20])
    if follower and follower.group(1).endswith("s") and follower.group(1) not in _NOT_PLURALS:
        return False  # "2000 troops"
    return True
