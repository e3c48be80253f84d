"""Figures in parentheses that restate the figure before them in another unit: "more than 7.5 million crowns
(US$1.1 million)", "just under 296 hp (224 kW / 300 PS)", "dropped by 1 to 1.5 degrees Celsius (1.8 to 2.7
Fahrenheit)". The restatement says what its source says: it takes the source's hedge (``approx`` and the
``interval`` it allows) and its stated change, unless it has its own.

Only parentheses that hold nothing but figures (joined by "/", ",", "or", "to", a dash; the last may be followed
by a unit word or two) count, and only right
after their source (at most three words between: "7.5 million Danish crowns (...)"); "(to $84)" or "(up 3%)"
are statements of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimstream.services.extract.figures.quantities import QuantityMatch
from claimstream.shared import hedges
from claimstream.shared.events import Quantity

_PAREN_RE = re.compile(r"\(([^()]*)\)")
_BEFORE_PAREN_RE = re.compile(r"(?:\s+[A-Za-z][\w'-]*){0,3}\s*")
_LEAD_RE = re.compile(r"\s*[~≈]?\s*")
_TRAIL_RE = re.compile(r"(?:\s+[A-Za-z][\w'-]*){0,2}\s*")  # a unit the figure pattern does not know: "300 PS"
_JOINER_RE = re.compile(r"\s*(?:/|,|;|-|–|to|or|and)?\s*[~≈]?\s*", re.IGNORECASE)


def restated(text: str, matches: Sequence[QuantityMatch], quantities: Sequence[Quantity]) -> list[Quantity]:
    """``quantities`` (one per match in ``text``) with each parenthesised restatement hedged and moved like its
    source."""
    result = list(quantities)
    for paren in _PAREN_RE.finditer(text):
        inside = [j for j, m in enumerate(matches) if paren.start(1) <= m.start and m.end <= paren.end(1)]
        if not inside or inside[0] == 0 or not _only_figures(text, paren, [matches[j] for j in inside]):
            continue
        source = matches[inside[0] - 1]
        if source.end <= paren.start() and _BEFORE_PAREN_RE.fullmatch(text[source.end : paren.start()]):
            for j in inside:
                result[j] = _like(result[j], result[inside[0] - 1])
    return result


def _only_figures(text: str, paren: re.Match[str], inside: Sequence[QuantityMatch]) -> bool:
    gaps = [text[paren.start(1) : inside[0].start], text[inside[-1].end : paren.end(1)]]
    joins = [text[a.end : b.start] for a, b in zip(inside, inside[1:], strict=False)]
    return (
        _LEAD_RE.fullmatch(gaps[0]) is not None
        and _TRAIL_RE.fullmatch(gaps[1]) is not None
        and all(_JOINER_RE.fullmatch(j) for j in joins)
    )


def _like(quantity: Quantity, source: Quantity) -> Quantity:
    update: dict[str, object] = {}
    if quantity.change is None and source.change is not None:
        update["change"] = source.change
    if quantity.approx is None and source.approx is not None and quantity.relative is None:
        low, high = quantity.interval or (quantity.value, quantity.value)
        if low is not None and high is not None:
            update.update(approx=source.approx, interval=hedges.interval(low, high, source.approx))
    return quantity.model_copy(update=update) if update else quantity
