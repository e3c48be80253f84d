#!/usr/bin/env python3
"""Import the claimstream data views and the "claimstream: claims" dashboard into Kibana.

Posts ``saved_objects.ndjson`` (next to this file, or the path given as the only argument) to
``$KIBANA_URL/api/saved_objects/_import?overwrite=true``, so running it again updates the objects in place.
Standard library only: it runs in the claimstream image (docker-compose's ``kibana-setup``) or on any Python 3.

Environment:
    KIBANA_URL            default http://localhost:5601
    KIBANA_USERNAME       with KIBANA_PASSWORD: basic auth (e.g. elastic / $ELASTIC_PASSWORD)
    KIBANA_PASSWORD
    KIBANA_API_KEY        instead of basic auth: an Elasticsearch API key (the base64 "id:key" form)
    KIBANA_SPACE          import into this space instead of the default one
    KIBANA_WAIT_SECONDS   keep retrying while Kibana is unreachable or answers 503, default 120

Exit status: 0 imported; 1 Kibana refused some objects (each is printed); 2 the request itself failed
(unreachable, bad credentials, HTTP error), with the reason.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("saved_objects.ndjson")


class ImportFailed(Exception):
    """The import request could not be made or Kibana answered with an HTTP error."""


def multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one part ``file`` (what the _import API expects), and its content type."""
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def auth_header(env: dict[str, str]) -> dict[str, str]:
    """The Authorization header from KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD; empty if neither is set."""
    if env.get("KIBANA_API_KEY"):
        return {"Authorization": f"ApiKey {env['KIBANA_API_KEY']}"}
    if env.get("KIBANA_USERNAME"):
        token = base64.b64encode(f"{env['KIBANA_USERNAME']}:{env.get('KIBANA_PASSWORD', '')}".encode()).decode()
        return {"Authorization": f"Basic {token}"}
    return {}


def import_url(env: dict[str, str]) -> str:
    base = env.get("KIBANA_URL", "http://localhost:5601").rstrip("/")
    space = env.get("KIBANA_SPACE", "")
    return f"{base}{f'/s/{space}' if space else ''}/api/saved_objects/_import?overwrite=true"


def post(url: str, body: bytes, headers: dict[str, str], wait_seconds: float) -> dict:
    """POST and return the JSON answer. Retries connection errors and 503 (Kibana starting) until
    ``wait_seconds`` have passed; any other HTTP error raises ImportFailed at once."""
    deadline = time.monotonic() + wait_seconds
    while True:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            if exc.code != 503 or time.monotonic() >= deadline:
                hint = " (check KIBANA_USERNAME/KIBANA_PASSWORD or KIBANA_API_KEY)" if exc.code in (401, 403) else ""
                raise ImportFailed(f"HTTP {exc.code} from {url}{hint}: {detail}") from exc
            reason = f"HTTP 503: {detail[:100]}"
        except (urllib.error.URLError, OSError) as exc:
            if time.monotonic() >= deadline:
                raise ImportFailed(f"cannot reach Kibana at {url}: {getattr(exc, 'reason', exc)}") from exc
            reason = str(getattr(exc, "reason", exc))
        print(f"Kibana not ready ({reason}); retrying", file=sys.stderr)
        time.sleep(min(5.0, max(0.1, deadline - time.monotonic())))


def report(answer: dict) -> int:
    """Print the outcome of an _import answer; 0 when every object was imported, else 1."""
    imported = answer.get("successCount", 0)
    errors = answer.get("errors") or []
    for err in errors:
        kind = err.get("error", {})
        print(
            f"error: {err.get('type')} {err.get('id')} ({err.get('title', err.get('meta', {}).get('title', ''))}): "
            f"{kind.get('type')} {json.dumps({k: v for k, v in kind.items() if k != 'type'})}",
            file=sys.stderr,
        )
    if answer.get("success") and not errors:
        print(f"imported {imported} saved objects")
        return 0
    print(f"import incomplete: {imported} imported, {len(errors)} refused", file=sys.stderr)
    return 1


def main(argv: list[str], env: dict[str, str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FILE
    try:
        content = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    body, content_type = multipart(path.name, content)
    headers = {"kbn-xsrf": "true", "Content-Type": content_type, **auth_header(env)}
    url = import_url(env)
    try:
        answer = post(url, body, headers, float(env.get("KIBANA_WAIT_SECONDS", "120")))
    except ImportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return report(answer)


if __name__ == "__main__":
    sys.exit(main(sys.argv, dict(os.environ)))
