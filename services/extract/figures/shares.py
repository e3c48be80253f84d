"""Figures that relate to other figures: shares of a base, ranges, and sums of parts.

- A fraction, or a percentage of a counted subject or event ("half of the troops", "50% casualties"), states
  ``relative`` = [share, share] of a base ``of``: a number on its noun ("half of the 12,000 troops"), else a
  preposed "Of the 8,000 workers, ...", else the article's latest total of that subject class (context).
- Two figures joined as a range ("between a third and ... 50%", "5 to 7", "5-7") make one reading on the
  first: relative [a, b] for shares, interval [a, b] for counts; the second is not a reading of its own.
- With a base, ``absolute`` = relative x of and the hedge's interval is on that absolute scale.
- Parts of one event family ("300 ... killed and 2,700 wounded") add a derived sum (:func:`sums`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from claimstream.services.extract.doctext import span_text
from claimstream.services.extract.figures import changes, counted
from claimstream.services.extract.figures.article_figures import KNOWN_CLASSES, ArticleFigures, subject_class
from claimstream.services.extract.figures.quantities import QuantityMatch
from claimstream.shared import hedges
from claimstream.shared.events import Quantity
from claimstream.shared.taxonomy import PARENT

_SHARE_UNITS = ("fraction", "percent")
_RANGE_GAP_RE = re.compile(r"\s*(?:-|–|to|and)\s*(?:the\s+)?", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_TO_RE = re.compile(r"\bto\b", re.IGNORECASE)
_BY_RE = re.compile(r"\bby$", re.IGNORECASE)


def apply(
    unit: Span,
    quantities: list[Quantity],
    spans: Sequence[Span | None],
    matches: Sequence[QuantityMatch],
    context: ArticleFigures,
) -> list[Quantity]:
    """``quantities`` (one per match of ``unit``) with ranges joined and shares given their base."""
    result, tails = list(quantities), set[int]()
    for i in range(len(result) - 1):
        if i not in tails and _is_range(span_text(unit), matches[i], matches[i + 1], result[i], result[i + 1]):
            low, high = result[i], result[i + 1]
            result[i] = low.model_copy(
                update={
                    "interval": (low.value, high.value),
                    "absolute": (low.value, high.value) if low.unit is None else None,
                }
            )
            change = low.change or high.change or _range_direction(spans[i], spans[i + 1])
            result[i] = result[i].model_copy(
                update={"subject": low.subject or high.subject, "event": low.event or high.event, "change": change}
            )
            if low.unit in _SHARE_UNITS:
                result[i] = result[i].model_copy(update={"relative": _ordered(_share(low), _share(high))})
            result[i + 1] = _tail(high, low, change)
            tails.add(i + 1)
    for i, quantity in enumerate(result):
        if i not in tails and _is_share(quantity, span_text(unit)[matches[i].end :]):
            definite = _definite(spans[i]) or (i + 1 in tails and _definite(spans[i + 1]))  # either end of a range
            earlier = context.base(quantity.subject) if definite else None
            result[i] = _with_base(quantity, _base_in_sentence(spans, i, result) or earlier)
    return result


def _range_direction(low: Span | None, high: Span | None) -> changes.Direction | None:
    """ "dropped by 1 to 1.5 degrees": the change the whole range states (each end alone reads as a level)."""
    if low is None or high is None or not len(low) or not len(high):
        return None
    return changes.direction(low.doc[low.start : high.end])


def _tail(high: Quantity, low: Quantity, change: changes.Direction | None) -> Quantity:
    """The second end of a range: no reading of its own, but the range's change and an "about" of the range
    ("~25-40 min", "about 14-18 mpg") hold for it too."""
    approx = high.approx or (low.approx if hedges.kind(low.approx) == "~" else None)
    update: dict[str, object] = {"subject": None, "event": None, "change": high.change or change}
    if approx != high.approx:
        update.update(approx=approx, interval=hedges.interval(high.value, high.value, approx))
    return high.model_copy(update=update)


def _is_share(quantity: Quantity, after: str) -> bool:
    """A fraction, or a percentage of something ("5% of its staff") or of a counted class or event ("50%
    casualties"); not a rate ("inflation rose 4.5%")."""
    if quantity.relative is not None or quantity.unit == "fraction":
        return True
    counted = quantity.subject is not None and subject_class(quantity.subject) in KNOWN_CLASSES
    return quantity.unit == "percent" and (counted or quantity.event is not None or after.startswith(" of "))


def _is_range(text: str, a: QuantityMatch, b: QuantityMatch, qa: Quantity, qb: Quantity) -> bool:
    gap = text[a.end : b.start]
    shares = qa.unit in _SHARE_UNITS and qb.unit in _SHARE_UNITS
    if not shares and qa.unit != qb.unit:
        return False
    if _BETWEEN_RE.search(_before(text, a) + " "):
        return " and " in f" {gap} " and (len(gap) < 60 if shares else _RANGE_GAP_RE.fullmatch(gap) is not None)
    # a bare first end that took the second's unit is written as one range: "dropped by 1 to 1.5 degrees"
    took_unit = qa.unit is not None and re.fullmatch(r"[\d.,]+", a.text) is not None
    if _TO_RE.search(gap) and not took_unit and (qa.change is not None or _BY_RE.search(_before(text, a))):
        return False  # "rose 0.5% to 11,130", "down by 30 to 126": a change and the level it reached
    return _RANGE_GAP_RE.fullmatch(gap) is not None and "and" not in gap and (qa.value < qb.value or shares)


def _before(text: str, a: QuantityMatch) -> str:
    """The text before the figure ``a`` and its hedge ("rose by about" for "rose by about 5%")."""
    return text[: a.start].removesuffix(a.approx or "").rstrip()


def _share(quantity: Quantity) -> float:
    return round(quantity.value / 100, 6) if quantity.unit == "percent" else quantity.value


def _definite(span: Span | None) -> bool:
    """The share is of a group named before: "of the force", "among its troops" (not "of people infected")."""
    noun = counted.counted_noun(span[-1]) if span is not None and len(span) else None
    return noun is not None and counted.is_definite(noun)


def _base_in_sentence(spans: Sequence[Span | None], i: int, quantities: Sequence[Quantity]) -> float | None:
    """The count the share at ``i`` is of: a number on its counted noun, or in a preposed "Of the N X"."""
    span = spans[i]
    if span is None or not len(span):
        return None
    noun = counted.counted_noun(span[-1])
    heads = [noun] if noun is not None else []
    for head in heads:
        for j, other in enumerate(spans):
            if (
                j != i
                and other is not None
                and quantities[j].unit is None
                and any(t.head.i == head.i and t.dep_ in ("nummod", "quantmod", "compound") for t in other)
            ):
                return quantities[j].value
    return None


def _with_base(quantity: Quantity, base: float | None) -> Quantity:
    low, high = quantity.relative or (_share(quantity), _share(quantity))
    if base is None:
        return quantity.model_copy(
            update={"relative": (low, high), "interval": hedges.interval(low, high, quantity.approx)}
        )
    absolute = (round(low * base, 3), round(high * base, 3))
    return quantity.model_copy(
        update={
            "relative": (low, high),
            "of": base,
            "absolute": absolute,
            "interval": hedges.interval(*absolute, quantity.approx),
        }
    )


def sums(quantities: Sequence[Quantity]) -> list[Quantity]:
    """Derived totals of consecutive counts of one subject whose events share a wider event ("300 soldiers were
    killed and 2,700 wounded" -> 3,000 killed or wounded, hedged like its hedged part)."""
    derived: list[Quantity] = []
    for a, b in zip(quantities, quantities[1:], strict=False):
        if a.unit is not None or b.unit is not None or a.subject is None or a.subject != b.subject:
            continue
        if a.event is None or b.event is None or a.event == b.event or PARENT.get(a.event) != PARENT.get(b.event):
            continue
        total = a.value + b.value
        low = _add(a.interval, b.interval, 0)
        high = _add(a.interval, b.interval, 1)
        derived.append(
            Quantity(
                value=total,
                unit=None,
                approx=a.approx or b.approx,
                counts=a.counts or b.counts,
                text=f"{a.text} {a.event} and {b.text} {b.event}",
                subject=a.subject,
                event=PARENT[a.event],
                interval=(low if low is not None else total, high),
                absolute=(total, total),
                derived=f"sum of {a.text} {a.event} and {b.text} {b.event}",
            )
        )
    return derived


def _add(
    x: tuple[float | None, float | None] | None, y: tuple[float | None, float | None] | None, at: int
) -> float | None:
    if x is None or y is None or x[at] is None or y[at] is None:
        return None
    return round(x[at] + y[at], 6)  # type: ignore[operator]


def _ordered(a: float, b: float) -> tuple[float, float]:
    """ "from 4.8 to 4.7 percent": a range of shares written downwards is still [low, high]."""
    return (a, b) if a <= b else (b, a)
