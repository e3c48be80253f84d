"""Unit vocabulary: surface forms → canonical unit names, and SI normalisation of areas and distances."""

from __future__ import annotations

import re

# (canonical unit, surface-form regex). Order matters: longer forms first so "sq km" beats "km".
_UNITS: tuple[tuple[str, str], ...] = (
    ("percent", r"%|percent\b|per\s?cent\b|percentage points?\b"),
    ("mph", r"mph\b|miles per hour\b"),
    ("km/h", r"km/h\b|kph\b|kmh\b|kilomet(?:er|re)s per hour\b"),
    ("sq km", r"(?:sq\.?\s?|square\s)(?:km|kilomet(?:er|re)s?)\b|km²|km2\b"),
    ("sq mi", r"(?:sq\.?\s?|square\s)(?:mi|miles?)\b"),
    ("sq m", r"(?:sq\.?\s?|square\s)(?:m|met(?:er|re)s?)\b|m²"),
    ("ha", r"hectares?\b|ha\b"),
    ("acre", r"acres?\b"),
    ("km", r"km\b|kilomet(?:er|re)s?\b"),
    ("mi", r"miles?\b|mi\b"),
    ("cm", r"cm\b|centimet(?:er|re)s?\b"),
    ("m", r"m\b|met(?:er|re)s?\b"),
    ("ft", r"ft\b|feet\b|foot\b"),
    ("yd", r"yards?\b"),
    ("kg", r"kg\b|kilograms?\b|kilos?\b"),
    ("t", r"tonnes?\b|tons?\b"),
    ("second", r"seconds?\b"),
    ("minute", r"minutes?\b|mins?\b"),
    ("hour", r"hours?\b"),
    ("day", r"days?\b"),
    ("week", r"weeks?\b"),
    ("month", r"months?\b"),
    ("year", r"years?\b"),
    ("decade", r"decades?\b"),
    ("usd", r"dollars?\b|usd\b"),
    ("eur", r"euros?\b"),
    ("gbp", r"pounds sterling\b|pounds?\b"),
    ("uah", r"hryvnias?\b"),
    ("rub", r"r[o]?ubles?\b"),
    ("rpm", r"rpm\b"),
    ("kwh", r"kwh\b|kilowatt[- ]hours?\b"),
    ("gwh", r"gwh\b"),
    ("mwh", r"mwh\b"),
    ("kw", r"kw\b|kilowatts?\b"),
    ("mw", r"mw\b|megawatts?\b"),
    ("gw", r"gw\b|gigawatts?\b"),
    ("w", r"watts?\b"),
    ("hp", r"b?hp\b|horsepower\b"),
    ("mah", r"mah\b"),
    ("hz", r"hz\b|hertz\b"),
    ("ghz", r"ghz\b"),
    ("mhz", r"mhz\b"),
    ("gb", r"gb\b|gigabytes?\b"),
    ("mb", r"mb\b|megabytes?\b"),
    ("tb", r"tb\b|terabytes?\b"),
    ("mg", r"mg\b|milligrams?\b"),
    ("g", r"grams?\b"),
    ("ml", r"ml\b|millilit(?:er|re)s?\b"),
    ("l", r"lit(?:er|re)s?\b"),
    ("lb", r"lbs?\b"),
    ("oz", r"ounces?\b|oz\b"),
    ("mm", r"mm\b|millimet(?:er|re)s?\b"),
    ("nm", r"nanomet(?:er|re)s?\b|nm\b"),
    ("μm", r"μm\b|microns?\b|micromet(?:er|re)s?\b"),
    ("inch", r"inch(?:es)?\b|-inch\b"),
    ("degree", r"degrees?(?:\s(?:celsius|fahrenheit|c|f))?\b|°[cf]?|celsius\b|fahrenheit\b"),
    ("point", r"points?\b|basis points?\b|bps\b"),
    ("cent", r"cents?\b|sen\b|pence\b"),
)
# Written only glued to the number, case as written ("118.5p", "5pc", "45g", "5W", "1.6L"; "5G" is no gram):
# alone they are ordinary words.
_GLUED: tuple[tuple[str, str], ...] = (
    ("percent", r"(?-i:pc)\b"),
    ("cent", r"\s?(?-i:p)\b(?!\.m)"),
    ("g", r"(?-i:g)\b"),
    ("w", r"(?-i:W)\b"),
    ("l", r"(?-i:[lL])\b"),
)
UNIT_PATTERN = "(?:" + "|".join(pattern for _, pattern in _UNITS) + ")"
GLUED_UNIT_PATTERN = "(?:" + "|".join(pattern for _, pattern in _GLUED) + ")"
_COMPILED = tuple((name, re.compile(rf"(?:{pattern})$", re.IGNORECASE)) for name, pattern in (*_UNITS, *_GLUED))

# SI factors: areas → m2, distances → m.
_SI: dict[str, tuple[float, str]] = {
    "sq km": (1e6, "m2"),
    "sq mi": (2_589_988.110336, "m2"),
    "sq m": (1.0, "m2"),
    "ha": (1e4, "m2"),
    "acre": (4_046.8564224, "m2"),
    "km": (1e3, "m"),
    "mi": (1_609.344, "m"),
    "m": (1.0, "m"),
    "cm": (0.01, "m"),
    "ft": (0.3048, "m"),
    "yd": (0.9144, "m"),
}
UNIT_WORDS = frozenset(
    "percent cent km kilometer kilometre mile meter metre foot feet ft hectare acre week day month year hour minute "
    "second decade dollar euro pound sq square km² kg kilogram tonne ton yard cm hryvnia rouble ruble mph rpm "
    "horsepower hp watt kilowatt gram milligram liter litre ounce inch degree point cent pence".split()
)


def canonical_unit(surface: str) -> str | None:
    """Canonical name of a unit's surface form ("square kilometres" → "sq km"); None when empty or unknown."""
    cleaned = " ".join(surface.split())
    if not cleaned:
        return None
    for name, regex in _COMPILED:
        if regex.match(cleaned):
            return name
    return None


def normalize(value: float, unit: str | None) -> tuple[float, str] | None:
    """``(value, "m2"|"m")`` for areas and distances, else None."""
    if unit is None or unit not in _SI:
        return None
    factor, si_unit = _SI[unit]
    return value * factor, si_unit
