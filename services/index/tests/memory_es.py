"""An in-memory stand-in for the part of Elasticsearch's API the index service's Store and Linker use: ``bulk``
(index, partial update), real-time ``mget`` and ``get``, ``index`` with ``op_type=create`` and optimistic
concurrency (``if_seq_no``; a conflict raises ``ConflictError``), and ``search`` with the query clauses they send
(``term``, ``terms``, ``ids``, ``exists``, ``range``, ``bool``); ``bulk`` also creates (``create``) and
honours ``if_seq_no`` per item, ``sort`` + ``search_after``, sequence numbers
and nested ``terms`` aggregations. Every write is visible at once (as after ``refresh=wait_for``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ConflictError


def values(doc: Mapping[str, Any], field: str) -> list[Any]:
    """The values of a dotted ``field`` in ``doc``, lists flattened (as Elasticsearch indexes them)."""
    found: list[Any] = [doc]
    for part in field.split("."):
        found = [v.get(part) for v in found if isinstance(v, Mapping)]
        found = [x for v in found for x in (v if isinstance(v, list) else [v]) if x is not None]
    return found


def _in_range(value: Any, bounds: Mapping[str, str]) -> bool:
    def at(x: Any) -> datetime:
        return datetime.fromisoformat(str(x).replace("Z", "+00:00"))

    return ("gte" not in bounds or at(value) >= at(bounds["gte"])) and (
        "lte" not in bounds or at(value) <= at(bounds["lte"])
    )


def matches(doc_id: str, doc: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    """Whether the document matches ``query`` (only the clauses listed in the module docstring)."""
    ((kind, body),) = query.items()
    if kind == "bool":
        should = [matches(doc_id, doc, q) for q in body.get("should", [])]
        return (
            all(matches(doc_id, doc, q) for q in body.get("filter", []))
            and not any(matches(doc_id, doc, q) for q in body.get("must_not", []))
            and sum(should) >= body.get("minimum_should_match", 0)
        )
    if kind == "ids":
        return doc_id in body["values"]
    if kind == "exists":
        return bool(values(doc, body["field"]))
    ((field, wanted),) = body.items()
    have = values(doc, field)
    if kind == "term":
        return wanted in have
    if kind == "terms":
        return bool(set(have) & set(wanted))
    if kind == "range":
        return any(_in_range(v, wanted) for v in have)
    raise NotImplementedError(kind)


def _aggregate(docs: list[Mapping[str, Any]], aggs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in aggs.items():
        groups: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
        for doc in docs:
            for value in set(values(doc, spec["terms"]["field"])):
                groups[value].append(doc)
        ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: spec["terms"]["size"]]
        out[name] = {
            "buckets": [
                {"key": key, "doc_count": len(group), **_aggregate(group, spec.get("aggs", {}))}
                for key, group in ranked
            ]
        }
    return out


class MemoryES:
    """Indices by name (aliases are plain names here); ``calls`` counts requests per API."""

    def __init__(self) -> None:
        self.indices: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.calls: dict[str, int] = defaultdict(int)
        self.seq_nos: dict[tuple[str, str], int] = {}
        self._seq = 0

    def options(self, **_: Any) -> MemoryES:
        return self

    def _bump(self, index: str, doc_id: str) -> int:
        self._seq += 1
        self.seq_nos[(index, doc_id)] = self._seq
        return self._seq

    async def index(
        self,
        *,
        index: str,
        id: str,  # noqa: A002 (the client's name)
        document: dict[str, Any],
        op_type: str | None = None,
        if_seq_no: int | None = None,
        if_primary_term: int | None = None,
        refresh: Any = None,
    ) -> dict[str, Any]:
        self.calls["index"] += 1
        exists = id in self.indices[index]
        if (op_type == "create" and exists) or (
            if_seq_no is not None and self.seq_nos.get((index, id), 0) != if_seq_no
        ):
            meta = ApiResponseMeta(409, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "memory", 9200))
            raise ConflictError("version_conflict_engine_exception", meta, {"status": 409})
        self.indices[index][id] = dict(document)
        return {"_seq_no": self._bump(index, id), "_primary_term": 1, "result": "updated" if exists else "created"}

    async def get(self, *, index: str, id: str, source_excludes: Iterable[str] = ()) -> _Got:  # noqa: A002
        self.calls["get"] += 1
        doc = self.indices[index].get(id)
        if doc is None:
            return _Got({"_id": id, "found": False})
        return _Got(
            {
                "_id": id,
                "found": True,
                "_source": _without(doc, source_excludes),
                "_seq_no": self.seq_nos.get((index, id), 0),
                "_primary_term": 1,
            }
        )

    def docs(self, index: str) -> dict[str, dict[str, Any]]:
        return self.indices[index]

    async def bulk(self, *, operations: list[dict[str, Any]], refresh: Any = None) -> dict[str, Any]:
        self.calls["bulk"] += 1
        items = []
        for head, body in zip(operations[0::2], operations[1::2], strict=True):
            ((op, meta),) = head.items()
            index, key = self.indices[meta["_index"]], (meta["_index"], meta["_id"])
            if (op == "create" and meta["_id"] in index) or (
                "if_seq_no" in meta and self.seq_nos.get(key, 0) != meta["if_seq_no"]
            ):
                items.append({op: {"status": 409, "error": {"type": "version_conflict_engine_exception"}}})
                continue
            if op == "update":
                if meta["_id"] not in index:
                    items.append({op: {"status": 404, "error": {"type": "document_missing_exception"}}})
                    continue
                index[meta["_id"]] = {**index[meta["_id"]], **body["doc"]}
            else:
                index[meta["_id"]] = dict(body)
            seq = self._bump(meta["_index"], meta["_id"])
            items.append({op: {"status": 200, "_seq_no": seq, "_primary_term": 1}})
        return {"items": items}

    async def mget(
        self, *, index: str, ids: Iterable[str], source: Any = None, source_excludes: Iterable[str] = ()
    ) -> dict[str, Any]:
        self.calls["mget"] += 1
        docs = self.indices[index]
        return {
            "docs": [
                {"_id": i, "found": False}
                if i not in docs
                else {
                    "_id": i,
                    "found": True,
                    "_source": _without(docs[i], source_excludes),
                    "_seq_no": self.seq_nos.get((index, i), 0),
                    "_primary_term": 1,
                }
                for i in ids
            ]
        }

    async def search(
        self,
        *,
        index: str,
        query: Mapping[str, Any] | None = None,
        size: int = 10,
        sort: list[dict[str, str]] | None = None,
        search_after: list[Any] | None = None,
        aggs: Mapping[str, Any] | None = None,
        source: Any = None,
        track_total_hits: bool | None = None,
        seq_no_primary_term: bool | None = None,
        source_excludes: Iterable[str] = (),
    ) -> dict[str, Any]:
        self.calls["search"] += 1
        hits = [(i, d) for i, d in self.indices[index].items() if query is None or matches(i, d, query)]
        fields = [s if isinstance(s, str) else next(iter(s)) for s in sort or [] if s != "_score"]

        def key(hit: tuple[str, dict[str, Any]]) -> list[Any]:
            return [(values(hit[1], f) or [""])[0] for f in fields]

        hits.sort(key=key)
        if search_after is not None:
            hits = [h for h in hits if key(h) > list(search_after)]
        seq = {"_primary_term": 1} if seq_no_primary_term else None
        out: dict[str, Any] = {
            "hits": {
                "total": {"value": len(hits), "relation": "eq"},
                "hits": [
                    {
                        "_id": i,
                        "_source": _without(d, source_excludes),
                        "sort": key((i, d)),
                        **({**seq, "_seq_no": self.seq_nos.get((index, i), 0)} if seq else {}),
                    }
                    for i, d in hits[:size]
                ],
            }
        }
        if aggs:
            out["aggregations"] = _aggregate([d for _, d in hits], aggs)
        return out


class _Got(dict[str, Any]):
    """A get response: subscriptable, with ``.body`` like the client's."""

    @property
    def body(self) -> dict[str, Any]:
        return dict(self)


def _without(doc: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """``doc`` less its top-level ``fields`` (``source_excludes``)."""
    drop = set(fields)
    return {k: v for k, v in doc.items() if k not in drop} if drop else doc
