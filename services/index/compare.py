"""Cross-source comparison of claimed figures (pure): groups of readings of one measure, and which disagree.

Readings (see :mod:`readings`) are grouped by subject class *with its side* (North Korean troops, Russian
troops: :func:`~claimstream.shared.taxonomy.side_key`), event family and unit, so measures that nest
(``killed`` ⊂ ``killed or wounded`` ⊂ ``lost``) are shown together, each reading with its own event; then by
event: readings linked by a shared story, article or entity (connected components); then by stated period:
periods that nest stay together (:mod:`claimstream.shared.periods`), periods apart are groups of their own. A
subject naming no side takes the one side its article (else its story) counts; where several are counted it
is *unplaced* (:func:`place`): listed, never compared.

Disagreement is decided on absolute-scale intervals (the range each reading's hedge allows), pair by pair,
between two different sources (outlet, or article when the outlet is unknown, with speaker):

- like for like (same event; a bare count and ``deployed`` are alike; ``lost`` is compared as ``killed or
  wounded``, see :data:`LIKE`): the pair disagrees when the intervals do not overlap;
- a part against its whole (``killed`` against ``killed or wounded``): only when the part certainly exceeds
  the whole (the part's low end above the whole's high end);
- siblings (``killed`` against ``wounded``) are not compared;
- a figure for a period within the other's ("in the past three months" against "since 2022") is a part of
  it; readings whose periods neither contain the other are not compared.

A gap of at most ``tolerance`` × the larger facing end is rounding, not disagreement. A measure's verdict is
``disagree`` when any pair disagrees, else ``consistent`` (``figures_differ`` says whether the figures differ
all the same, within their hedges).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from claimstream.services.index.provenance import carried, fold_copies, origins, reading_fields, source_counts
from claimstream.services.index.readings import Reading, measure_label, readings
from claimstream.shared import periods
from claimstream.shared.taxonomy import event_chain

# An event compared like for like with a narrower one: a force's "losses" are, in war reporting, its
# casualties (killed and wounded); captured and missing are a small part next to them.
LIKE = {"lost": "killed or wounded"}
Relation = Literal["same", "part", "whole"]


def relation(a: str | None, b: str | None) -> Relation | None:
    """How event ``a`` relates to event ``b``: the same measure, a part of it, its whole, or incomparable."""
    la, lb = ("deployed" if a is None else LIKE.get(a, a)), ("deployed" if b is None else LIKE.get(b, b))
    if la == lb:
        return "same"
    if lb in event_chain(la) or (b is not None and b in event_chain(a)):
        return "part"
    if la in event_chain(lb) or (a is not None and a in event_chain(b)):
        return "whole"
    return None


def _with_periods(rel: Relation | None, period: periods.Relation) -> Relation | None:
    """The events' relation once the periods are weighed: a figure for a period within the other's is a part
    of it ("in the past three months" within "since 2022"); periods apart are never compared."""
    if period == "same" or rel is None:
        return rel
    if period == "apart":
        return None
    narrower: Relation = "whole" if period == "contains" else "part"
    return narrower if rel in ("same", narrower) else None


def _exceeds(low: float, high: float | None, tolerance: float) -> bool:
    """``low`` lies above ``high`` by more than ``tolerance`` × ``low`` (``high`` None: unbounded)."""
    return high is not None and low - high > tolerance * abs(low)


def fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 or abs(v) >= 100 else f"{v:,.2f}"


def _span(lo: float, hi: float | None) -> str:
    return f"≥ {fmt(lo)}" if hi is None else (fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}")


def _what(r: Reading) -> str:
    """A reading's event with its stated period: "killed in the past three months"."""
    return " ".join(w for w in (r.event, r.period.text if r.period else None) if w) or "count"


def conflict(a: Reading, b: Reading, tolerance: float) -> dict[str, Any] | None:
    """Why ``a`` and ``b`` disagree (``relation``, ``reason``, ``gap`` between their intervals), or None when
    they do not (or are not compared: same source, or sibling events)."""
    rel = _with_periods(relation(a.event, b.event), periods.relation(a.period, b.period))
    if a.source == b.source or rel is None:
        return None
    (alo, ahi), (blo, bhi) = a.interval, b.interval
    if rel == "same" and (_exceeds(alo, bhi, tolerance) or _exceeds(blo, ahi, tolerance)):
        reason = f"{_span(alo, ahi)} and {_span(blo, bhi)} do not overlap"
    elif rel == "part" and _exceeds(alo, bhi, tolerance):
        reason = f"the part ({_what(a)}, {_span(alo, ahi)}) exceeds the whole ({_what(b)}, {_span(blo, bhi)})"
    elif rel == "whole" and _exceeds(blo, ahi, tolerance):
        reason = f"the part ({_what(b)}, {_span(blo, bhi)}) exceeds the whole ({_what(a)}, {_span(alo, ahi)})"
    else:
        return None
    gap = max(alo - bhi if bhi is not None else 0.0, blo - ahi if ahi is not None else 0.0)
    return {"relation": rel, "reason": reason, "gap": gap}


def _components(items: Sequence[Reading]) -> list[list[Reading]]:
    """Readings linked by a shared story, article or entity (union-find over shared keys)."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, r in enumerate(items):
        keys = [f"a:{r.article_id}"] + ([f"s:{r.story_id}"] if r.story_id else []) + [f"e:{e}" for e in r.entities]
        for key in keys:
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[Reading]] = defaultdict(list)
    for i, r in enumerate(items):
        groups[find(i)].append(r)
    return list(groups.values())


def widest(events: Iterable[str | None]) -> str | None:
    """The narrowest event every one of ``events`` nests in (None ignored): killed + wounded -> killed or wounded."""
    chains = [event_chain(e) for e in events if e is not None]
    return next((e for e in chains[0] if all(e in c for c in chains[1:])), None) if chains else None


def reading_out(r: Reading) -> dict[str, Any]:
    """A reading as the API shows it (``CompareReading``)."""
    return {
        "value": r.value,
        "approx": r.approx,
        "text": r.text,
        "reported": r.reported,
        "event": r.event,
        "unit": r.unit,
        "interval": list(r.interval),
        "absolute": list(r.absolute),
        "relative": list(r.relative) if r.relative else None,
        "of": r.of,
        "derived": r.derived,
        "speaker": r.speaker,
        "speaker_kind": r.speaker_kind,
        "cue": r.cue,
        "outlet": r.outlet,
        "published_at": r.published_at,
        "claim_id": r.claim_id,
        "article_id": r.article_id,
        "story_id": r.story_id,
        "claim": r.claim,
        "side": r.side_label or None,
        "placed": r.placed,
        "period": r.period.text if r.period else None,
        "period_dates": _dates(r.period),
        **reading_fields(r),
    }


def _dates(p: periods.Period | None) -> list[str | None] | None:
    return [p.start.isoformat() if p.start else None, p.end.isoformat() if p.end else None] if p else None


def _who(r: Reading) -> str:
    what = f"{'≈ ' if r.approx else ''}{_span(*r.absolute)}{' ' + r.event if r.event else ''}"
    return f"{what} ({r.origin or r.speaker})"


def _summary(members: list[Reading], pairs: list[dict[str, Any]], lo: float, hi: float) -> str:
    if pairs:
        first = pairs[0]
        a, b = members[first["a"]], members[first["b"]]
        more = f" ({len(pairs) - 1} more pair{'s' * (len(pairs) > 2)})" if len(pairs) > 1 else ""
        who = "Relays of one source differ" if a.origin == b.origin else "Sources disagree"
        return f"{who}: {_who(a)} against {_who(b)}: {first['reason']}{more}; {carried(members)}."
    if hi > lo:
        return f"Consistent within their hedges: the figures differ ({fmt(lo)} – {fmt(hi)}) but no two sources' ranges exclude each other; {carried(members)}."
    return f"Consistent: {fmt(lo)} from {carried(members)}."


def group(members: list[Reading], tolerance: float) -> dict[str, Any]:
    """One measure's comparison (``CompareGroup``): readings sorted by figure, disagreeing pairs (indexes into
    ``readings``), verdict and summary. ``min``/``max``/``values`` are over the readings like for like with the
    group's event (``lost``: the losses, not the killed and wounded parts), else over all."""
    members = sorted(members, key=lambda r: (r.absolute, r.published_at or "", r.claim_id))
    pairs = sorted(
        (
            {"a": i, "b": j, **why}
            for i in range(len(members))
            for j in range(i + 1, len(members))
            if (why := conflict(members[i], members[j], tolerance))
        ),
        key=lambda p: -p["gap"],
    )
    event = widest(r.event for r in members)
    period = _widest_period(members)
    # the spread of the measure itself: readings like for like with the group's event and period, not its parts
    whole = [
        r for r in members if relation(r.event, event) == "same" and periods.relation(r.period, period) == "same"
    ] or members
    lo, hi = min(r.absolute[0] for r in whole), max(r.absolute[1] for r in whole)
    return {
        "measure": measure_label(members[0].subject, event),
        "subject": members[0].subject,
        "side": _side_label(members),
        "periods": sorted({r.period.text for r in members if r.period}),
        "event": event,
        "events": sorted({r.event for r in members if r.event}),
        "unit": members[0].unit,
        "min": lo,
        "max": hi,
        "spread": hi - lo,
        "relative_spread": round((hi - lo) / abs(hi), 4) if hi else 0.0,
        "values": sorted({v for r in whole for v in r.absolute}),
        "outlets": sorted({r.outlet for r in members if r.outlet}),
        "n_sources": len({r.source for r in members}),
        **source_counts(members),
        "origins": origins(members),
        "verdict": "disagree" if pairs else "consistent",
        "discrepancy": bool(pairs),
        "figures_differ": hi > lo,
        "summary": _summary(members, pairs, lo, hi),
        "disagreements": pairs,
        "readings": [reading_out(r) for r in members],
    }


def _side_label(members: Sequence[Reading]) -> str | None:
    """The group's side as most of its readings write it, an adjective ("Russian") before an owner ("Russia's",
    "Moscow's") on a tie; None when it names none."""
    written = Counter(r.side_label for r in members if r.side_label)
    return max(written, key=lambda w: (written[w], not _possessive(w))) if written else None


def _possessive(label: str) -> bool:
    return bool(re.search(r"[’']s$", label))


def _widest_period(members: Sequence[Reading]) -> periods.Period | None:
    """The stated period that holds every other stated period of ``members`` (None: none stated)."""
    stated = [r.period for r in members if r.period]
    return next((p for p in stated if all(periods.relation(p, o) in ("same", "contains") for o in stated)), None)


def place(items: Sequence[Reading]) -> tuple[list[Reading], list[tuple[Reading, str]]]:
    """Readings with a side, and those that cannot be placed with the reason. A reading whose subject names no
    side ("the troops", "11,000 soldiers") takes the one side its article gives that subject class, else the
    one side its story gives it; when its article (or, naming none, its story) gives several, it is unplaced.
    With no side anywhere it stays unqualified."""
    sides: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (article or story, class) -> side: label
    for r in items:
        if r.side:
            for scope in (f"a:{r.article_id}", f"s:{r.story_id or r.article_id}"):
                known = sides[(scope, r.subject)].get(r.side)
                if known is None or (_possessive(known) and not _possessive(r.side_label)):
                    sides[(scope, r.subject)][r.side] = r.side_label
    placed: list[Reading] = []
    unplaced: list[tuple[Reading, str]] = []
    for r in items:
        if r.side:
            placed.append(r)
            continue
        for scope, where in ((f"a:{r.article_id}", "article"), (f"s:{r.story_id or r.article_id}", "story")):
            found = sides.get((scope, r.subject), {})
            if len(found) == 1:
                [(side, label)] = found.items()
                placed.append(replace(r, side=side, side_label=label, placed=where))
                break
            if len(found) > 1:
                named = " and ".join(sorted(found.values()))
                unplaced.append((r, f"'{r.subject}' names no side, and its {where} counts {named} {r.subject}"))
                break
        else:
            placed.append(r)
    return placed, unplaced


def _period_sets(items: list[Reading]) -> list[list[Reading]]:
    """``items`` split by stated period: periods that are equal or nest stay together (compared as a part
    and its whole); periods apart form groups of their own. Readings with no stated period join the one set
    of stated periods when there is one, else form a set of their own."""
    stated = sorted({r.period for r in items if r.period}, key=lambda p: (p.start or date.min, p.text))
    sets: list[list[periods.Period]] = []
    for p in stated:
        joined = [s for s in sets if any(periods.relation(p, o) != "apart" for o in s)]
        merged = [p] + [o for s in joined for o in s]
        sets = [s for s in sets if s not in joined] + [merged]
    if len(sets) <= 1:
        return [items]
    out = [[r for r in items if r.period in s] for s in sets]
    unstated = [r for r in items if r.period is None]
    return out + ([unstated] if unstated else [])


def unplaced_out(r: Reading, why: str) -> dict[str, Any]:
    """A reading left out of every group (``UnplacedReading``)."""
    return {**reading_out(r), "measure": r.measure, "why": why}


def comparison(
    claims: Iterable[Mapping[str, Any]],
    *,
    tolerance: float = 0.05,
    min_sources: int = 2,
    keep: Callable[[Reading], bool] | None = None,
) -> dict[str, Any]:
    """``groups``: readings of one measure about one event (see the module doc), each with its readings,
    ``min``/``max``/``relative_spread``, disagreeing pairs and verdict; ``unplaced``: readings whose measure
    cannot be told (see :func:`place`), listed, never mixed in. ``keep(reading) -> bool`` selects readings (a
    measure query). Groups with fewer than ``min_sources`` sources are left out. Disagreements come first,
    then groups with more sources."""
    placed, unplaced = place([r for r in fold_copies(readings(claims)) if keep is None or keep(r)])
    by_key: dict[tuple[str, str, str, str | None], list[Reading]] = defaultdict(list)
    for r in placed:
        by_key[(r.subject, r.side, r.family, r.unit)].append(r)
    groups = [
        group(members, tolerance)
        for items in by_key.values()
        for linked in _components(items)
        for members in _period_sets(linked)
    ]
    groups = [g for g in groups if g["n_sources"] >= min_sources]
    return {
        "groups": sorted(
            groups, key=lambda g: (not g["discrepancy"], -g["n_sources"], -g["relative_spread"], g["measure"])
        ),
        "unplaced": [unplaced_out(r, why) for r, why in unplaced],
    }


def compare(
    claims: Iterable[Mapping[str, Any]],
    *,
    tolerance: float = 0.05,
    min_sources: int = 2,
    keep: Callable[[Reading], bool] | None = None,
) -> list[dict[str, Any]]:
    """The groups of :func:`comparison`."""
    groups: list[dict[str, Any]] = comparison(claims, tolerance=tolerance, min_sources=min_sources, keep=keep)["groups"]
    return groups
