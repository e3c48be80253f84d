"""Finding numbers in a sentence: digits, number words, fractions, percentages, money, areas, distances.

Pure text in, frozen matches out. Years, calendar days, ordinals, times and model names ("KN-23") are left
out on purpose: they are not quantities a fact-checker compares. Never raises on any string.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimstream.services.extract import units
from claimstream.services.extract.numwords import WORD_NUMBER_RE, word_number_value


@dataclass(frozen=True)
class QuantityMatch:
    """One number found in a text; ``start``/``end`` are offsets of ``text`` in the searched string."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    approx: str | None
    normalized_value: float | None = None
    normalized_unit: str | None = None
    scale: float = 1.0  # multiplier written after the number ("billion"), 1.0 when none


_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_CURRENCY = r"(?P<cur>US\$|A\$|C\$|\$|€|£|¥|₴|₽|₹|(?:USD|EUR|GBP|INR|Rs\.?)\s?)?"
_NUMBER_RE = re.compile(
    _CURRENCY
    + r"(?P<num>" + _DIGITS + r")"
    + r"(?P<scale>\s?(?:thousand|million|billion|trillion|bn|mn|tn|k|lakhs?|crores?)\b)?"
    + r"(?P<plus>\+)?"
    + r"(?P<unit>\s?" + units.UNIT_PATTERN + r")?",
    re.IGNORECASE,
)
_WORD_RE = re.compile(
    r"(?P<num>" + WORD_NUMBER_RE + r")(?P<unit>\s" + units.UNIT_PATTERN + r")?",
    re.IGNORECASE,
)
_APPROX_RE = re.compile(
    r"(?:^|\W)(?P<approx>about|approximately|around|roughly|nearly|almost|over|more than|less than|fewer than"
    r"|at least|at most|up to|as many as|as much as|as few as|close to|under|upwards of|in excess of|an estimated"
    r"|some|estimated|below|above|just over|just under|no more than|no fewer than|no less than)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_BEFORE_RE = re.compile(_MONTHS + r"\s+$", re.IGNORECASE)
_MONTH_AFTER_RE = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"(?:\W|$)", re.IGNORECASE)
_SCALES = {"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCIES = {"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "eur": "eur", "£": "gbp", "gbp": "gbp",
               "¥": "jpy", "₴": "uah", "₽": "rub", "a$": "aud", "c$": "cad", "₹": "inr", "inr": "inr", "rs": "inr",
               "rs.": "inr"}
_RANGE_GAP_RE = re.compile(r"\s?(?:-|–|to)\s?\$?$")


# Mixed numbers as wire copy writes them: "1-1/2 year", "2 1/2 miles", "3½ hours".
_MIXED_RE = re.compile(r"(?<![\d/.,])(?P<whole>\d{1,3})(?:(?:-|\s)(?P<num>[1-7])/(?P<den>[2348])|(?P<vulgar>[½⅓⅔¼¾]))(?![\d/])")
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}
_UNIT_AFTER_RE = re.compile(r"[\s-]?(?P<unit>" + units.UNIT_PATTERN + r")", re.IGNORECASE)


def find_quantities(text: str) -> list[QuantityMatch]:
    """All quantities of interest in ``text``, in order of position, without overlaps."""
    found = [m for m in (_from_mixed(text, m) for m in _MIXED_RE.finditer(text)) if m is not None]
    mixed = [(q.start, q.end) for q in found]
    found += [m for m in (_from_digits(text, m) for m in _NUMBER_RE.finditer(text))
              if m is not None and not any(s < m.end and m.start < e for s, e in mixed)]
    taken = [(q.start, q.end) for q in found]
    for match in _WORD_RE.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        quantity = _from_words(text, match)
        if quantity is not None:
            found.append(quantity)
    return _spread_range_scales(text, sorted(found, key=lambda q: q.start))


def _spread_range_scales(text: str, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """In "$40-50 billion" the scale and unit of the second number apply to the first too."""
    result = list(found)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if first.unit is not None and second.unit is not None and first.unit != second.unit:
            continue  # "rose 2.5% to $3.4bn" is a change and a level, not a range
        if first.scale == 1.0 and second.scale != 1.0 and _RANGE_GAP_RE.fullmatch(text[first.end:second.start]):
            result[i] = _build(text, first.start, first.end, first.value * second.scale, first.unit or second.unit,
                               first.approx, second.scale)
        if first.unit and second.unit is None and _RANGE_GAP_RE.fullmatch(text[first.end:second.start]):
            result[i + 1] = _build(text, second.start, second.end, second.value, first.unit, second.approx, second.scale)
    return result


def _from_digits(text: str, match: re.Match[str]) -> QuantityMatch | None:
    if _is_glued(text, match.start("num"), match.end()) or _is_not_a_quantity(text, match):
        return None
    try:
        value = float(match.group("num").replace(",", ""))
    except ValueError:
        return None
    scale = (match.group("scale") or "").strip().lower()
    unit_text = (match.group("unit") or "").strip()
    currency = _CURRENCIES.get((match.group("cur") or "").strip().lower())
    if scale == "" and unit_text.lower() == "m" and currency:
        scale, unit_text = "million", ""  # "$2.5m" is money, "2.5m" alone is metres
    factor = _SCALES.get(scale, 1.0)
    value *= factor
    if not math.isfinite(value):
        return None
    unit = currency or units.canonical_unit(unit_text)
    approx = "+" if match.group("plus") else _approximator(text, match.start())
    return _build(text, match.start(), match.end(), value, unit, approx, factor)


def _from_mixed(text: str, match: re.Match[str]) -> QuantityMatch | None:
    if _is_glued(text, match.start(), match.end()):
        return None
    fraction = _VULGAR[match.group("vulgar")] if match.group("vulgar") else int(match.group("num")) / int(match.group("den"))
    if fraction >= 1:
        return None
    unit_match = _UNIT_AFTER_RE.match(text, match.end())
    unit = units.canonical_unit(unit_match.group("unit")) if unit_match else None
    end = unit_match.end() if unit_match else match.end()
    return _build(text, match.start(), end, round(int(match.group("whole")) + fraction, 3), unit,
                  _approximator(text, match.start()))


def _from_words(text: str, match: re.Match[str]) -> QuantityMatch | None:
    words = match.group("num")
    if _is_glued(text, match.start(), match.end()):
        return None
    if words.lower() == "half" and re.search(r"\b(?:first|second|latter|former|other|back|front)\s+$", text[max(0, match.start() - 12):match.start()], re.I):
        return None  # "the first half of the year" is a period, not 0.5
    parsed = word_number_value(words)
    if parsed is None:
        return None
    value, is_fraction = parsed
    unit_text = (match.group("unit") or "").strip()
    if not is_fraction and value == 1 and not unit_text:
        return None  # bare "one" is nearly always a pronoun ("with one claiming ...")
    unit = "fraction" if is_fraction else units.canonical_unit(unit_text)
    end = match.end() if unit_text or not is_fraction else match.end("num")
    return _build(text, match.start(), end, value, unit, _approximator(text, match.start()))


def _build(text: str, start: int, end: int, value: float, unit: str | None, approx: str | None,
           scale: float = 1.0) -> QuantityMatch:
    normalized = units.normalize(value, unit)
    return QuantityMatch(
        start=start,
        end=end,
        text=text[start:end].strip(),
        value=value,
        unit=unit,
        approx=approx,
        normalized_value=normalized[0] if normalized else None,
        normalized_unit=normalized[1] if normalized else None,
        scale=scale,
    )


_DOTTED_RE = re.compile(r"\.\d")  # "3.2.1", "192.168.0.1": a version or address, not a decimal


def _is_glued(text: str, start: int, end: int) -> bool:
    """True for numbers that are part of a word, identifier or code: "KN-23", "G7", "COVID-19", "5G", "A320",
    "v2", "id=42", "window.__x=1", "x86_64", "3.2.1"."""
    before = text[max(0, start - 2):start]
    if before[-1:].isalpha() or before[-1:] in (":", "#", "_", "=") or (before[-1:] == "-" and before[:1].isalpha()):
        return True
    if (before[-1:] == "." and before[:1].isalnum()) or (text[start:start + 1] == "." and before[-1:].isalnum()):
        return True  # "foo.2", the tail of "3.2.1"
    return end < len(text) and (text[end].isalpha() or text[end] in "_@=" or bool(_DOTTED_RE.match(text, end)))


def _is_not_a_quantity(text: str, match: re.Match[str]) -> bool:
    """Years, days of a month, ordinals, clock times, phone-like digit runs."""
    raw, start, end = match.group("num"), match.start("num"), match.end("num")
    after = text[end:end + 12]
    if re.match(r"(?:st|nd|rd|th)\b", after, re.I) or re.match(r":\d", after) or re.match(r"\s?[ap]\.?m\b", after, re.I):
        return True
    if match.group("unit") or match.group("cur") or match.group("scale") or match.group("plus"):
        return False
    if re.fullmatch(r"\d{1,2}", raw) and (_MONTH_BEFORE_RE.search(text[max(0, start - 12):start]) or _MONTH_AFTER_RE.match(after)):
        return True
    if re.fullmatch(r"(1[5-9]|20)\d\d", raw):
        return _looks_like_year(text, start, end)
    return bool(re.fullmatch(r"\d{7,}", raw)) or text[end:end + 1] in ("/",) or text[max(0, start - 1):start] == "/"


def _looks_like_year(text: str, start: int, end: int) -> bool:
    if re.match(r"s\b|['’]s\b|\s?[-–]\s?\d{2,4}\b", text[end:end + 6]):
        return True  # "1990s", "2024-25"
    follower = re.match(r"\s+([a-z]+)", text[end:end + 20])
    if follower and follower.group(1).endswith("s") and follower.group(1) not in ("was", "has", "is"):
        return False  # "2000 troops"
    return True


def _approximator(text: str, start: int) -> str | None:
    hit = _APPROX_RE.search(text[max(0, start - 30):start])
    return hit.group("approx").lower() if hit else None
