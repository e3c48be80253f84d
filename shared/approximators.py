"""Approximators ("about", "nearly", "at least", ``Quantity.approx``): the one list of them, the interval
``[low, high]`` a figure with one covers, and the approximator's kind. (Doubt words such as "may" or
"reportedly" are another thing: they make a claim ``hedged``.)

The rule (one for every figure; documented in ``shared.events.Quantity.interval``):

- about, approximately, around, roughly, some, an estimated, estimated, ~: ±10 % of the figure, whatever its
  rounding ("approximately 11,000" -> [9900, 12100]); rounding is not used because "about 300" and "about
  317" are approximated the same way by their writers;
- nearly, almost, close to, just under: [0.9x, x];
- at least, more than, over, above, upwards of, in excess of, "+", just over, no fewer/less than: [x, None];
- up to, at most, as many as, as much as, as high as, less than, fewer than, under, below, no more than: [0, x];
- "between a and b", "a to b": [a, b] (set by the range rule, not here); no approximator: [x, x].
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["~", ">", "<", "="]

_AROUND = frozenset("about approximately around roughly some estimated ~".split()) | {"an estimated"}
_NEARLY = frozenset(["nearly", "almost", "close to", "just under"])
_ABOVE = frozenset(
    [
        "at least",
        "more than",
        "over",
        "above",
        "upwards of",
        "in excess of",
        "+",
        "just over",
        "no fewer than",
        "no less than",
    ]
)
_BELOW = frozenset(
    [
        "up to",
        "at most",
        "as many as",
        "as much as",
        "less than",
        "fewer than",
        "under",
        "below",
        "no more than",
        "as few as",
        "as high as",
    ]
)
APPROXIMATORS = _AROUND | _NEARLY | _ABOVE | _BELOW  # every approximator the extractor reads before a number
AROUND_SHARE = 0.1  # relative half-width of "about"


def kind(approx: str | None) -> Kind:
    """``~`` (about, nearly), ``>`` (at least, more than), ``<`` (up to, less than) or ``=`` (exact)."""
    if approx in _ABOVE:
        return ">"
    if approx in _BELOW:
        return "<"
    if approx in _AROUND or approx in _NEARLY:
        return "~"
    return "="


def interval(low: float, high: float, approx: str | None) -> tuple[float | None, float | None]:
    """The interval the approximator ``approx`` allows around a figure known to lie in ``[low, high]`` (``low ==
    high`` for a single figure). Never raises; unknown approximators count as exact."""
    if approx in _AROUND:
        return _round(low * (1 - AROUND_SHARE)), _round(high * (1 + AROUND_SHARE))
    if approx in _NEARLY:
        return _round(low * (1 - AROUND_SHARE)), high
    if approx in _ABOVE:
        return low, None
    if approx in _BELOW:
        return 0.0, high
    return low, high


def _round(x: float) -> float:
    return round(x, 6)
