"""schemathesis hooks for tests/test_contracts.py (loaded through ``SCHEMATHESIS_HOOKS``).

One check replaces schemathesis' ``positive_data_acceptance``. Both fail when a request the OpenAPI schema says is
valid gets a 4xx other than 401/403/404/409/429. This one lets a 422 through when its ``detail`` is one sentence:
the API's own answer to a well-formed request it cannot serve for a reason no schema can state (a date range
whose start is after its end, a cursor it did not issue, ``/claims/compare`` with neither ``q`` nor ``story_id``,
posted content with no article in it). A 422 whose ``detail`` is FastAPI's list of validation errors still fails:
that is the schema and the validation disagreeing, which is what the check is for.
"""

from __future__ import annotations

from typing import Any

import schemathesis

ACCEPTED = {401, 403, 404, 409, 429}


@schemathesis.check
def schema_valid_data_is_served(ctx: Any, response: Any, case: Any) -> bool | None:
    """Fails when a positively generated (schema-valid) request is refused, except a 422 that says why in a sentence."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status < 400 or status >= 500 or status in ACCEPTED:
        return None
    detail = _detail(response)
    if status == 422 and isinstance(detail, str) and detail:
        return None
    raise AssertionError(f"Schema-valid request rejected with {status}: {detail!r}")


def _detail(response: Any) -> Any:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("detail") if isinstance(body, dict) else None
