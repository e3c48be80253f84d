"""Who a reading comes from (pure): its chain, its origin, and copies folded into the article they repeat.

- **chain**: the speaker, the intermediaries the claim names (``via``, nearest the speaker first) and the
  reporting outlet: "Oleksandr Syrskyi → The New York Times → Euromaidan Press".
- **origin**: the original speaker with the first intermediary, canonical ("Oleksandr Syrskyi via The New York
  Times"). Readings with one origin are one source however many outlets carry them. A named speaker without an
  intermediary is an origin of its own; unnamed speakers ("officials", "intelligence sources") are each outlet's
  own, so their origin names the outlet that heard them; an outlet's own statement has the outlet as origin, or
  the outlet it credits ("Source: The New York Times").
- **copies**: a reading of an article marked ``copy_of`` (the same text under another URL or outlet) is folded
  into the same reading of the original (or of the first copy when the original is not among the claims), its
  outlet listed in ``also_carried_by``; it is never a source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from claimstream.shared.outlets import canonical as outlet_name
from claimstream.shared.outlets import same_outlet

if TYPE_CHECKING:
    from claimstream.services.index.readings import Reading

UNNAMED = frozenset({"anonymous", "group"})


def speaker_of(claim: Mapping[str, Any]) -> str:
    """The speaker as a reading names it: canonical; for an outlet's statement the reporting outlet, or the other
    outlet the text names as its source ("AFP reported ..." in another outlet's article), canonical."""
    sp = claim.get("speaker") or {}
    if sp.get("kind") != "outlet":
        return sp.get("canonical") or sp.get("name") or ""
    name, outlet = sp.get("name"), claim.get("outlet")
    if name and name != "outlet" and not same_outlet(name, outlet):
        return outlet_name(name)
    return outlet or "outlet"


def claim_provenance(claim: Mapping[str, Any], speaker: str) -> dict[str, Any]:
    """The provenance fields of a :class:`Reading` from its claim document (``speaker``: as the reading names it)."""
    sp = claim.get("speaker") or {}
    outlet = claim.get("outlet")
    via = tuple(v.get("canonical") or v.get("name") or "" for v in claim.get("via") or [] if v)
    copy = claim.get("copy_of") or {}
    return {
        "via": via,
        "first_hand": claim.get("first_hand"),
        "origin": origin(speaker, sp.get("kind"), via, outlet),
        "copy_of": copy.get("article_id"),
    }


def origin(speaker: str, kind: str | None, via: Sequence[str], outlet: str | None) -> str:
    """The origin of a statement (see the module doc)."""
    if kind == "outlet":  # the outlet's statement: its own, or the credited outlet's ("Source: ...")
        return via[0] if via and same_outlet(speaker, outlet) else outlet_name(speaker)
    if via:
        return f"{speaker} via {via[0]}"
    if kind in UNNAMED and outlet:
        return f"{speaker} via {outlet_name(outlet)}"
    return speaker


def chain(r: Reading) -> list[str]:
    """Speaker, intermediaries and reporting outlet, in the order the statement travelled (no link twice)."""
    links = [*([] if _own(r) else [r.speaker]), *r.via, r.outlet or r.article_id]
    out: list[str] = []
    for link in links:
        if link and not any(same_outlet(link, seen) or link == seen for seen in out):
            out.append(link)
    return out


def _own(r: Reading) -> bool:
    """The reading is its outlet's own statement (no speaker but the outlet)."""
    return r.speaker_kind == "outlet" and same_outlet(r.speaker, r.outlet)


def fold_copies(items: Iterable[Reading]) -> list[Reading]:
    """Readings with copies folded: a copy's reading joins the same reading (speaker, measure, figure) of the
    article it repeats as ``also_carried_by``; originals come first, then copies by date."""
    kept: dict[tuple[Any, ...], Reading] = {}
    order = sorted(items, key=lambda r: (r.copy_of is not None, r.published_at or "", r.article_id))
    for r in order:
        # the outlet's own statement is the copying outlet's in the copy: the same statement all the same
        key = (r.copy_of or r.article_id, "" if _own(r) else r.speaker, r.measure, r.text, r.value)
        first = kept.get(key)
        if first is None:
            kept[key] = r
        elif r.copy_of is not None:
            carried = r.outlet or r.article_id
            if carried not in first.also_carried_by and carried != first.outlet:
                kept[key] = replace(first, also_carried_by=(*first.also_carried_by, carried))
        else:  # the same figure twice in one article: readings() keeps both, so do we
            kept[(*key, r.claim_id)] = r
    return list(kept.values())


def origins(members: Sequence[Reading]) -> list[dict[str, Any]]:
    """The group's readings by origin, most carried first: each origin with the positions of its readings in
    ``members`` and the outlets that carry it (copies included)."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(members):
        by[r.origin].append(i)
    out = []
    for name, idx in by.items():
        carried = {members[i].outlet or members[i].article_id for i in idx}
        carried |= {o for i in idx for o in members[i].also_carried_by}
        via = next((members[i].via[0] for i in idx if members[i].via), None)
        out.append({"origin": name, "via": via, "readings": idx, "carried_by": sorted(carried)})
    return sorted(out, key=lambda o: (-len(o["carried_by"]), o["origin"]))


def source_counts(members: Sequence[Reading]) -> dict[str, int]:
    """``sources``: outlets that report the group's readings themselves (copies folded, not counted);
    ``independent_sources``: distinct origins."""
    return {
        "sources": len({r.outlet or r.article_id for r in members}),
        "independent_sources": len({r.origin for r in members}),
    }


def carried(members: Sequence[Reading]) -> str:
    """How the group's sources stand, for its summary: "2 independent sources in 4 outlets (+1 copy)", "one
    source (Gen. X via AFP), carried by 3 outlets: not independent corroboration"."""
    counts = source_counts(members)
    outlets, copies = counts["sources"], sum(len(r.also_carried_by) for r in members)
    more = f" (+{copies} cop{'ies' if copies > 1 else 'y'})" if copies else ""
    if counts["independent_sources"] == 1:
        relay = f", carried by {outlets} outlets{more}: not independent corroboration" if outlets > 1 else more
        return f"one source ({members[0].origin}){relay}"
    return f"{counts['independent_sources']} independent sources in {outlets} outlet{'s' * (outlets != 1)}{more}"


def reading_fields(r: Reading) -> dict[str, Any]:
    """The provenance fields of a reading as the API shows it (``CompareReading``)."""
    return {
        "origin": r.origin,
        "via": list(r.via),
        "first_hand": r.first_hand,
        "chain": chain(r),
        "copy_of": r.copy_of,
        "also_carried_by": list(r.also_carried_by),
    }
