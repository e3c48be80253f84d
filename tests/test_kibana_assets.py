"""deploy/kibana: the saved objects parse, reference only each other, and use only fields the Elasticsearch
index templates (deploy/elasticsearch/*.json) map, the way Kibana can use them; import.py talks the _import
API correctly and fails clearly. No Kibana needed: the import script runs against a stub HTTP server."""

from __future__ import annotations

import base64
import importlib.util
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
KIBANA_DIR = ROOT / "deploy" / "kibana"
NDJSON = KIBANA_DIR / "saved_objects.ndjson"
MAPPINGS_DIR = ROOT / "deploy" / "elasticsearch"

AGGREGATABLE = {
    "keyword",
    "date",
    "date_nanos",
    "boolean",
    "integer",
    "long",
    "short",
    "byte",
    "double",
    "float",
    "half_float",
    "scaled_float",
    "unsigned_long",
    "ip",
    "constant_keyword",
}
NUMERIC = {"integer", "long", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long"}


class Field(NamedTuple):
    type: str
    nested_path: str | None  # the innermost nested object this field lives in, if any


def flatten(properties: dict[str, Any], prefix: str = "", nested: str | None = None) -> dict[str, Field]:
    """Every field path of a mapping: object and nested sub-properties (speaker.name) and multi-fields
    (title.keyword). Object fields themselves appear with type "object" or "nested"."""
    out: dict[str, Field] = {}
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        kind = spec.get("type", "object")
        out[path] = Field(kind, nested)
        inner = path if kind == "nested" else nested
        out.update(flatten(spec.get("properties", {}), f"{path}.", inner))
        for sub, sub_spec in spec.get("fields", {}).items():
            out[f"{path}.{sub}"] = Field(sub_spec.get("type", "object"), nested)
    return out


@pytest.fixture(scope="module")
def mappings() -> dict[str, dict[str, Field]]:
    """Alias name (file stem: articles, claims, rejected) -> flattened fields."""
    out = {}
    for path in sorted(MAPPINGS_DIR.glob("*.json")):
        out[path.stem] = flatten(json.loads(path.read_text())["template"]["mappings"]["properties"])
    assert {"articles", "claims"} <= set(out)
    return out


@pytest.fixture(scope="module")
def objects() -> list[dict[str, Any]]:
    objs = []
    for number, line in enumerate(NDJSON.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"saved_objects.ndjson line {number} is not JSON: {exc}")
        assert isinstance(obj, dict), f"line {number} is not an object"
        for key in ("id", "type", "attributes", "references"):
            assert key in obj, f"line {number} ({obj.get('id')}) lacks {key!r}"
        objs.append(obj)
    return objs


@pytest.fixture(scope="module")
def by_key(objects: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(o["type"], o["id"]): o for o in objects}


def data_view_index(by_key: dict[tuple[str, str], dict[str, Any]], obj: dict[str, Any], ref_name: str) -> str:
    ref = next(r for r in obj["references"] if r["name"] == ref_name)
    return by_key[("index-pattern", ref["id"])]["attributes"]["title"]


def search_source(obj: dict[str, Any]) -> dict[str, Any]:
    return json.loads(obj["attributes"].get("kibanaSavedObjectMeta", {}).get("searchSourceJSON") or "{}")


def vis_state(obj: dict[str, Any]) -> dict[str, Any]:
    return json.loads(obj["attributes"]["visState"])


def test_ids_are_unique(objects: list[dict[str, Any]]) -> None:
    keys = [(o["type"], o["id"]) for o in objects]
    assert len(keys) == len(set(keys)), "duplicate saved object ids"


def test_every_reference_resolves(objects: list[dict[str, Any]], by_key: dict[tuple[str, str], Any]) -> None:
    for obj in objects:
        names = [r["name"] for r in obj["references"]]
        assert len(names) == len(set(names)), f"{obj['id']}: duplicate reference names"
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in by_key, f"{obj['id']} references missing {ref['type']} {ref['id']}"
        index_ref = search_source(obj).get("indexRefName")
        if index_ref:
            assert index_ref in names, f"{obj['id']}: searchSourceJSON.indexRefName {index_ref!r} has no reference"
        assert "index" not in search_source(obj), f"{obj['id']}: use indexRefName + references, not a raw index id"


def test_dashboard_panels_resolve(objects: list[dict[str, Any]]) -> None:
    dashboards = [o for o in objects if o["type"] == "dashboard"]
    assert [d["attributes"]["title"] for d in dashboards] == ["claimstream: claims"]
    for dashboard in dashboards:
        panels = json.loads(dashboard["attributes"]["panelsJSON"])
        assert panels, "the dashboard has no panels"
        refs = {r["name"]: r for r in dashboard["references"]}
        for panel in panels:
            name = f"{panel['panelIndex']}:{panel['panelRefName']}"
            assert name in refs, f"panel {panel['panelIndex']}: no reference named {name!r}"
            assert refs[name]["type"] == panel["type"], f"panel {panel['panelIndex']}: type differs from its reference"
        cells = [(p["gridData"]["x"], p["gridData"]["y"], p["gridData"]["w"], p["gridData"]["h"]) for p in panels]
        for x, _y, w, h in cells:
            assert x >= 0 and w > 0 and x + w <= 48 and h > 0, "panel outside Kibana's 48-column grid"
        for i, a in enumerate(cells):  # no two panels overlap
            for b in cells[i + 1 :]:
                assert not (a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def test_data_views(objects: list[dict[str, Any]], mappings: dict[str, dict[str, Field]]) -> None:
    views = {o["attributes"]["title"]: o["attributes"] for o in objects if o["type"] == "index-pattern"}
    assert {"articles", "claims"} <= set(views), f"data views: {sorted(views)}"
    for title, attrs in views.items():
        assert title in mappings, f"data view {title!r} matches no alias in deploy/elasticsearch"
        time_field = attrs.get("timeFieldName")
        assert time_field == "published_at" and mappings[title][time_field].type == "date", title
        for name in json.loads(attrs.get("fieldAttrs") or "{}"):
            assert name in mappings[title], f"data view {title}: fieldAttrs names unknown field {name}"


def check_agg_field(fields: dict[str, Field], field: str, agg: str, where: str, nested: str | None = None) -> None:
    assert field in fields, f"{where}: {agg} on {field!r}, which the mapping does not have"
    info = fields[field]
    assert info.type in AGGREGATABLE, f"{where}: {agg} on {field!r} of type {info.type}, which is not aggregatable"
    if agg in ("date_histogram",):
        assert info.type in ("date", "date_nanos"), f"{where}: date_histogram on non-date {field!r}"
    if agg in ("avg", "sum", "min", "max", "percentiles", "histogram", "median", "std_dev"):
        assert info.type in NUMERIC, f"{where}: {agg} on non-numeric {field!r}"
    assert info.nested_path == nested, (
        f"{where}: {field!r} lives in nested {info.nested_path!r} but is aggregated in "
        f"{'nested ' + repr(nested) if nested else 'the root document'} (needs a nested aggregation)"
    )


def test_legacy_visualizations_use_mapped_fields(
    objects: list[dict[str, Any]], by_key: dict[tuple[str, str], Any], mappings: dict[str, dict[str, Field]]
) -> None:
    checked = 0
    for obj in objects:
        if obj["type"] != "visualization" or vis_state(obj)["type"] == "vega":
            continue
        index = data_view_index(by_key, obj, search_source(obj)["indexRefName"])
        for agg in vis_state(obj)["aggs"]:
            field = agg.get("params", {}).get("field")
            if field:
                check_agg_field(mappings[index], field, agg["type"], f"{obj['id']} agg {agg['id']}")
                checked += 1
    assert checked, "no visualization field was checked"


def vega_aggs(aggs: dict[str, Any], fields: dict[str, Field], where: str, nested: str | None = None) -> list[str]:
    """Check an aggregation tree of a Vega query body; return the agg-name paths seen (a.b.c)."""
    seen = []
    for name, agg in aggs.items():
        inner_nested = nested
        for kind, params in agg.items():
            if kind == "aggs" or kind == "aggregations":
                continue
            if kind == "nested":
                path = params["path"]
                assert fields.get(path, Field("", None)).type == "nested", f"{where}: {path!r} is not a nested field"
                inner_nested = path
            elif kind == "reverse_nested":
                inner_nested = params.get("path") if isinstance(params, dict) else None
            elif isinstance(params, dict) and "field" in params:
                check_agg_field(fields, params["field"], kind, f"{where} agg {name}", nested)
        seen.append(name)
        sub = agg.get("aggs") or agg.get("aggregations") or {}
        seen.extend(f"{name}.{child}" for child in vega_aggs(sub, fields, where, inner_nested))
    return seen


def test_vega_visualizations_use_mapped_fields(
    objects: list[dict[str, Any]], mappings: dict[str, dict[str, Field]]
) -> None:
    vegas = [o for o in objects if o["type"] == "visualization" and vis_state(o)["type"] == "vega"]
    assert vegas, "expected the quantity-spread panel (Vega: quantities is a nested field)"
    for obj in vegas:
        try:  # Kibana accepts HJSON; keep these specs strict JSON so this test can read them
            spec = json.loads(vis_state(obj)["params"]["spec"])
        except json.JSONDecodeError as exc:
            pytest.fail(f"{obj['id']}: Vega spec is not strict JSON: {exc}")
        datas = spec["data"] if isinstance(spec["data"], list) else [spec["data"]]
        for data in datas:
            url = data.get("url")
            if not isinstance(url, dict):
                continue
            index = url["index"]
            assert index in mappings, f"{obj['id']}: index {index!r} is not one of our aliases"
            fields = mappings[index]
            if "%timefield%" in url:
                assert fields[url["%timefield%"]].type == "date", f"{obj['id']}: %timefield% is not a date"
            seen = vega_aggs(url.get("body", {}).get("aggs", {}), fields, obj["id"])
            prop = data.get("format", {}).get("property", "")
            if prop.startswith("aggregations."):
                agg_path = prop.removeprefix("aggregations.").removesuffix(".buckets")
                assert agg_path in seen, f"{obj['id']}: format.property {prop!r} names no aggregation ({seen})"


def test_saved_searches_use_mapped_fields(
    objects: list[dict[str, Any]], by_key: dict[tuple[str, str], Any], mappings: dict[str, dict[str, Field]]
) -> None:
    for obj in objects:
        if obj["type"] != "search":
            continue
        fields = mappings[data_view_index(by_key, obj, search_source(obj)["indexRefName"])]
        for column in obj["attributes"].get("columns", []):
            assert column in fields, f"{obj['id']}: column {column!r} is not mapped"
        for field, _direction in obj["attributes"].get("sort", []):
            assert fields.get(field, Field("", None)).type in AGGREGATABLE, f"{obj['id']}: cannot sort on {field!r}"


# --- deploy/kibana/import.py against a stub Kibana ---------------------------------------------------------------


def load_import_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kibana_import", KIBANA_DIR / "import.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class StubKibana:
    """Answers every POST with (status, body) and records the requests."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status, self.body, self.requests = status, body, []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                headers = {k.lower(): v for k, v in self.headers.items()}
                stub.requests.append((self.path, headers, self.rfile.read(length)))
                payload = json.dumps(stub.body).encode()
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def stub_kibana() -> Iterator[Any]:
    servers: list[StubKibana] = []

    def start(status: int, body: dict[str, Any]) -> StubKibana:
        stub = StubKibana(status, body)
        threading.Thread(target=stub.server.serve_forever, daemon=True).start()
        servers.append(stub)
        return stub

    yield start
    for stub in servers:
        stub.server.shutdown()
        stub.server.server_close()


def test_import_posts_the_ndjson(stub_kibana: Any, capsys: pytest.CaptureFixture[str]) -> None:
    stub = stub_kibana(200, {"success": True, "successCount": 9, "successResults": []})
    env = {
        "KIBANA_URL": stub.url + "/",
        "KIBANA_USERNAME": "elastic",
        "KIBANA_PASSWORD": "s3cret",
        "KIBANA_SPACE": "ops",
    }
    assert load_import_script().main(["import.py"], env) == 0
    ((path, headers, body),) = stub.requests
    assert path == "/s/ops/api/saved_objects/_import?overwrite=true"
    assert headers["kbn-xsrf"]
    assert headers["authorization"] == "Basic " + base64.b64encode(b"elastic:s3cret").decode()
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="saved_objects.ndjson"' in body
    assert NDJSON.read_bytes() in body
    assert "imported 9 saved objects" in capsys.readouterr().out


def test_import_reports_refused_objects(stub_kibana: Any, capsys: pytest.CaptureFixture[str]) -> None:
    stub = stub_kibana(
        200,
        {
            "success": False,
            "successCount": 8,
            "errors": [
                {
                    "id": "claimstream-claims-dashboard",
                    "type": "dashboard",
                    "meta": {"title": "claimstream: claims"},
                    "error": {"type": "missing_references", "references": [{"type": "visualization", "id": "x"}]},
                }
            ],
        },
    )
    assert load_import_script().main(["import.py"], {"KIBANA_URL": stub.url}) == 1
    err = capsys.readouterr().err
    assert "claimstream-claims-dashboard" in err and "missing_references" in err and "1 refused" in err


def test_import_fails_clearly_on_bad_credentials(stub_kibana: Any, capsys: pytest.CaptureFixture[str]) -> None:
    stub = stub_kibana(401, {"statusCode": 401, "error": "Unauthorized", "message": "unable to authenticate"})
    env = {"KIBANA_URL": stub.url, "KIBANA_API_KEY": "abc", "KIBANA_WAIT_SECONDS": "0"}
    assert load_import_script().main(["import.py"], env) == 2
    assert stub.requests[0][1]["authorization"] == "ApiKey abc"
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "KIBANA_API_KEY" in err


def test_import_fails_clearly_when_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    env = {"KIBANA_URL": "http://127.0.0.1:9", "KIBANA_WAIT_SECONDS": "0"}
    assert load_import_script().main(["import.py"], env) == 2
    assert "cannot reach Kibana" in capsys.readouterr().err
