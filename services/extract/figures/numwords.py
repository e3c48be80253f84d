"""Number words: "three", "twenty-five", "two hundred", "a dozen", "half", "one-third", "two-thirds",
"five-and-a-half"."""

from __future__ import annotations

import re

_ONES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}

_CARDINAL = r"(?:" + "|".join(sorted([*_ONES, *_TENS], key=len, reverse=True)) + r")"
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
_NUMERATOR = r"(?:a|one|two|three|four|five|six|seven|eight|nine)"
_DENOM = r"(?:halves|half|thirds|third|quarters|quarter|fourths|fourth|fifths|fifth|tenths|tenth)"
WORD_NUMBER_RE = (
    r"\b(?:"
    + _NUMERATOR
    + r"[-\s]"
    + _DENOM
    + r"|(?<![-\w])half(?![-\w])"
    + r"|a\s+dozen|(?:a|one)\s+"
    + _SCALE
    + r"|"
    + _CARDINAL
    + r"(?:[-\s]"
    + _CARDINAL
    + r")?(?:[\s-]"
    + _SCALE
    + r")*(?:[-\s]and[-\s]a[-\s]half(?:[\s-]"
    + _SCALE
    + r")?)?"
    + r")\b"
)


def word_number_value(words: str) -> tuple[float, bool] | None:
    """``(value, is_fraction)`` for a phrase matched by :data:`WORD_NUMBER_RE`; None when it is not a number."""
    tokens = [t for t in re.split(r"[-\s]+", words.lower()) if t]
    if not tokens:
        return None
    if "and" in tokens and tokens[tokens.index("and") + 1 : tokens.index("and") + 3] == ["a", "half"]:
        at = tokens.index("and")  # "five-and-a-half years", "two and a half million"
        whole, scale = _cardinal_value(tokens[:at]), tokens[at + 3 :]
        if whole is None or at == 0:
            return None
        factor = _SCALES.get(scale[0], 1) if scale else 1
        return (whole[0] + 0.5) * factor, False
    if tokens[-1] in _DENOMINATORS and (len(tokens) == 1 or tokens[0] in ("a", "one", *_ONES)):
        numerator = 1 if len(tokens) == 1 or tokens[0] in ("a", "one") else _ONES[tokens[0]]
        return round(numerator / _DENOMINATORS[tokens[-1]], 3), True
    if tokens == ["a", "dozen"]:
        return 12.0, False
    return _cardinal_value(tokens)


def _cardinal_value(tokens: list[str]) -> tuple[float, bool] | None:
    total, current = 0.0, 0.0
    for token in tokens:
        if token in ("a", "one") and current == 0:
            current = 1
        elif token in _ONES or token in _TENS:
            current += _ONES.get(token) or _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current, False
