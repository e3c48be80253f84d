"""Finding numbers in a sentence: digits, number words, fractions, percentages, money, areas, distances.

Pure text in, frozen matches out. Years, calendar days, ordinals, times and model names ("KN-23") are left
out on purpose: they are not quantities a fact-checker compares. Never raises on any string.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimstream.services.extract.figures import nonquantities, units
from claimstream.services.extract.figures.numwords import WORD_NUMBER_RE, word_number_value
from claimstream.services.extract.figures.vague_amounts import VAGUE_RE, vague_value


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
    high: float | None = None  # upper end of a vague amount ("dozens" -> 12 to 120), else None
    bare_one: bool = False  # a lone "one": a count only when it modifies a noun (the caller decides)


_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# Currency written before the number, including the way some feeds mangle £ and ¥ ("PS2.7m", "Y=590").
_CURRENCY = (
    r"(?P<cur>(?<![^\W\d_])(?:US\s?\$|\$\s?US|HK\s?\$|NZ\$|A\$|\$A|C\$|S\$|R\$|\$|€|£|¥|Y=|₴|₽|₹|(?-i:PS|RM)(?=\d)"
    r"|(?:USD|EUR|GBP|INR|CHF|JPY|CNY|Rs\.?)\s?))?"
)
_SIGN = r"(?P<sign>(?<![\w.,\-])(?:-|−|minus[\s-])(?=[\d.]))?"
_NUMBER_RE = re.compile(
    _CURRENCY
    + _SIGN
    + r"(?P<num>"
    + _DIGITS
    + r")"
    + r"(?P<scale>\s?(?:hundred\s(?:thousand|million|billion)|thousand|million|billion|trillion|bn|mn|tn|k|lakhs?|crores?)\b)?"
    + r"(?P<plus>\+)?"
    + r"(?P<unit>\s?"
    + units.UNIT_PATTERN
    + r"|"
    + units.GLUED_UNIT_PATTERN
    + r")?",
    re.IGNORECASE,
)
_WORD_RE = re.compile(
    r"(?P<num>" + WORD_NUMBER_RE + r")(?P<unit>\s" + units.UNIT_PATTERN + r")?",
    re.IGNORECASE,
)
_APPROX_RE = re.compile(
    r"(?:^|\W)(?P<approx>about|approximately|around|roughly|nearly|almost|over|more than|less than|fewer than"
    r"|at least|at most|up to|as many as|as much as|as few as|as high as|close to|under|upwards of|in excess of|an estimated"
    r"|some|estimated|below|above|just over|just under|no more than|no fewer than|no less than)\s+$",  # not "centres around the 37m"
    re.IGNORECASE,
)
_SCALES = {
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "hundred thousand": 1e5,
    "hundred million": 1e8,
    "hundred billion": 1e11,
}
_CURRENCIES = {
    "$": "usd",
    "us$": "usd",
    "$us": "usd",
    "usd": "usd",
    "€": "eur",
    "eur": "eur",
    "£": "gbp",
    "gbp": "gbp",
    "ps": "gbp",
    "¥": "jpy",
    "y=": "jpy",
    "jpy": "jpy",
    "₴": "uah",
    "₽": "rub",
    "a$": "aud",
    "$a": "aud",
    "c$": "cad",
    "hk$": "hkd",
    "nz$": "nzd",
    "s$": "sgd",
    "r$": "brl",
    "rm": "myr",
    "chf": "chf",
    "cny": "cny",
    "₹": "inr",
    "inr": "inr",
    "rs": "inr",
    "rs.": "inr",
}
_RANGE_GAP_RE = re.compile(r"\s?(?:-|–|to)\s?\$?$")
# "1/16 of a pint", "1⁄32": a proper fraction written with a slash (dates have two slashes or a bigger top).
_SLASH_RE = re.compile(r"(?<![\d/⁄.,])(?P<a>\d{1,3})(?:⁄|/(?=\d+\s+of\b))(?P<b>\d{1,4})(?![\d/⁄])")


# Mixed numbers as wire copy writes them: "1-1/2 year", "2 1/2 miles", "3½ hours".
_MIXED_RE = re.compile(
    r"(?<![\d/.,])(?P<whole>\d{1,3})(?:(?:-|\s)(?P<num>[1-7])/(?P<den>[2348])|(?P<vulgar>[½⅓⅔¼¾]))(?![\d/])"
)
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}
# "one in three Germans", "1 in 4 adults", "two out of five voters": a share written as a ratio.
_PART = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_OUT_OF_RE = re.compile(
    rf"(?<![\w.,])(?P<a>{_PART})\s+(?:out\s+of|in)\s+(?:every\s+)?(?P<b>{_PART}|\d{{1,3}}(?:,\d{{3}})+|\d{{4,7}})(?![\w.,%-])",
    re.IGNORECASE,
)
_UNIT_AFTER_RE = re.compile(r"[\s-]?(?P<unit>" + units.UNIT_PATTERN + r")", re.IGNORECASE)


def find_quantities(text: str, with_bare_one: bool = False) -> list[QuantityMatch]:
    """All quantities of interest in ``text``, in order of position, without overlaps. With ``with_bare_one``
    a lone "one" is returned too, flagged ``bare_one`` (it is usually a pronoun; the caller checks the parse)."""
    found = [m for m in (_from_mixed(text, m) for m in _MIXED_RE.finditer(text)) if m is not None]
    found += [m for m in (_from_out_of(text, m) for m in _OUT_OF_RE.finditer(text)) if m is not None]
    found += [_from_slash(text, m) for m in _SLASH_RE.finditer(text) if int(m.group("a")) < int(m.group("b"))]
    found += [
        _build(text, m.start(), m.end(), vague_value(m)[0], None, None, high=vague_value(m)[1])
        for m in VAGUE_RE.finditer(text)
    ]
    found += _without_overlaps(
        found, [m for m in (_from_digits(text, m) for m in _NUMBER_RE.finditer(text)) if m is not None]
    )
    words = [m for m in (_from_words(text, m, with_bare_one) for m in _WORD_RE.finditer(text)) if m is not None]
    found += _without_overlaps(found, words)
    return _spread_range_scales(text, sorted(found, key=lambda q: q.start))


def _without_overlaps(taken: list[QuantityMatch], candidates: list[QuantityMatch]) -> list[QuantityMatch]:
    return [c for c in candidates if not any(t.start < c.end and c.start < t.end for t in taken)]


def _spread_range_scales(text: str, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """In "$40-50 billion" the scale and unit of the second number apply to the first too."""
    result = list(found)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if first.unit is not None and second.unit is not None and first.unit != second.unit:
            continue  # "rose 2.5% to $3.4bn" is a change and a level, not a range
        if first.scale == 1.0 and second.scale != 1.0 and _RANGE_GAP_RE.fullmatch(text[first.end : second.start]):
            result[i] = _build(
                text,
                first.start,
                first.end,
                first.value * second.scale,
                first.unit or second.unit,
                first.approx,
                second.scale,
            )
        elif _takes_unit_of(first, second) and _joins(text, first, second):
            result[i] = _build(text, first.start, first.end, first.value, second.unit, first.approx, first.scale)
        if first.unit and second.unit is None and _joins(text, first, second):
            result[i + 1] = _build(
                text, second.start, second.end, second.value, first.unit, second.approx, second.scale
            )
    return result


def _joins(text: str, first: QuantityMatch, second: QuantityMatch) -> bool:
    """Written as a range ("2-3", "5 to 10"); with "to", of one order of magnitude or two at most, so the level
    reached after a change ("rose 0.5 per cent to 11,130") is not read in the change's unit."""
    gap = _RANGE_GAP_RE.fullmatch(text[first.end : second.start])
    if gap is None:
        return False
    low, high = sorted((abs(first.value), abs(second.value)))
    return "to" not in gap.group(0).lower() or low == 0 or high <= 100 * low


def _takes_unit_of(first: QuantityMatch, second: QuantityMatch) -> bool:
    """ "5 to 10 percent", "1-1.5 degrees", "~25 – 40min": a bare first end is in the second end's unit."""
    return (
        first.unit is None
        and second.unit is not None
        and first.scale == second.scale
        and first.high is None
        and not first.bare_one
    )


def _from_digits(text: str, match: re.Match[str]) -> QuantityMatch | None:
    lead = match.start() if match.group("cur") or match.group("sign") else match.start("num")
    if nonquantities.is_glued(text, lead, match.end(), unit_after=bool(match.group("unit"))) or _is_not_a_quantity(
        text, match
    ):
        return None
    try:
        value = float(match.group("num").replace(",", ""))
    except ValueError:
        return None
    scale = " ".join((match.group("scale") or "").lower().split())
    unit_text = (match.group("unit") or "").strip()
    currency = _CURRENCIES.get("".join((match.group("cur") or "").split()).lower())
    if scale == "" and unit_text.lower() == "m" and currency:
        scale, unit_text = "million", ""  # "$2.5m" is money, "2.5m" alone is metres
    factor = _SCALES.get(scale, 1.0)
    value *= factor * (-1 if match.group("sign") else 1)
    if not math.isfinite(value):
        return None
    unit = currency or units.canonical_unit(unit_text)
    approx = "+" if match.group("plus") else _approximator(text, match.start())
    return _build(text, match.start(), match.end(), value, unit, approx, factor)


def _from_slash(text: str, match: re.Match[str]) -> QuantityMatch:
    value = round(int(match.group("a")) / int(match.group("b")), 6)
    return _build(text, match.start(), match.end(), value, "fraction", _approximator(text, match.start()))


def _from_out_of(text: str, match: re.Match[str]) -> QuantityMatch | None:
    """A ratio share; only "one in N" when written with "in" ("3 in 5 days" is a count and a period), and
    never before a unit ("one in 10 minutes")."""
    a, b = (_part_value(match.group(g)) for g in ("a", "b"))
    ratio = " out " in f" {match.group(0).lower()} "
    if not 0 < a < b or (not ratio and a != 1) or _UNIT_AFTER_RE.match(text, match.end()):
        return None
    return _build(text, match.start(), match.end(), round(a / b, 6), "fraction", _approximator(text, match.start()))


def _part_value(part: str) -> float:
    words = word_number_value(part)
    return words[0] if words is not None else float(part.replace(",", ""))


def _from_mixed(text: str, match: re.Match[str]) -> QuantityMatch | None:
    if nonquantities.is_glued(text, match.start(), match.end()):
        return None
    fraction = (
        _VULGAR[match.group("vulgar")] if match.group("vulgar") else int(match.group("num")) / int(match.group("den"))
    )
    if fraction >= 1:
        return None
    unit_match = _UNIT_AFTER_RE.match(text, match.end())
    unit = units.canonical_unit(unit_match.group("unit")) if unit_match else None
    end = unit_match.end() if unit_match else match.end()
    return _build(
        text,
        match.start(),
        end,
        round(int(match.group("whole")) + fraction, 3),
        unit,
        _approximator(text, match.start()),
    )


def _from_words(text: str, match: re.Match[str], with_bare_one: bool = False) -> QuantityMatch | None:
    words = match.group("num")
    if nonquantities.is_glued(text, match.start(), match.end()):
        return None
    if words.lower() == "half" and re.search(
        r"\b(?:first|second|latter|former|other|back|front|this|next)\s+$",
        text[max(0, match.start() - 12) : match.start()],
        re.I,
    ):
        return None  # "the first half of the year", "sales this half" are periods, not 0.5
    parsed = word_number_value(words)
    if parsed is None:
        return None
    value, is_fraction = parsed
    compound = re.match(r"-[a-z]", text[match.end("num") : match.end("num") + 2], re.I)
    if is_fraction and compound and not _UNIT_AFTER_RE.match(text, match.end("num")):
        return None  # "a third-party evaluation", "half-time": a compound word; "a quarter-point" is a figure
    unit_text = (match.group("unit") or "").strip()
    if not is_fraction and value == 1 and not unit_text:  # bare "one" is nearly always a pronoun ("with one claiming")
        return _build(text, match.start(), match.end(), 1.0, None, None, bare_one=True) if with_bare_one else None
    unit = "fraction" if is_fraction else units.canonical_unit(unit_text)
    end = match.end() if unit_text or not is_fraction else match.end("num")
    return _build(text, match.start(), end, value, unit, _approximator(text, match.start()))


def _build(
    text: str,
    start: int,
    end: int,
    value: float,
    unit: str | None,
    approx: str | None,
    scale: float = 1.0,
    high: float | None = None,
    bare_one: bool = False,
) -> QuantityMatch:
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
        high=high,
        bare_one=bare_one,
    )


def _is_not_a_quantity(text: str, match: re.Match[str]) -> bool:
    start, end = match.start("num"), match.end("num")
    bare = not (match.group("unit") or match.group("cur") or match.group("scale") or match.group("plus"))
    if nonquantities.is_date_time_or_ordinal(text, match.group("num"), start, end, bare):
        return True
    return bare and (
        nonquantities.in_date_or_phone(text, start, end) or nonquantities.is_age_after_name(text, start, end)
    )


def _approximator(text: str, start: int) -> str | None:
    if text[max(0, start - 1) : start] in ("~", "≈"):
        return "~"  # "~25 min", "≈ 32m2"
    if nonquantities.is_sub_prefix(text, start):
        return "under"  # "sub-7 nanometer chips", "sub-$100 phones"
    hit = _APPROX_RE.search(text[max(0, start - 30) : start].rstrip("~≈ ") + " ")
    return hit.group("approx").lower() if hit else None
