"""The one transport adapter: vendor media types become plain JSON, and that is what makes osmem answer."""

from __future__ import annotations

import pytest
from elasticsearch import AsyncElasticsearch

from claimstream.shared.elastic import PlainJsonNode, build_client, plain_media_types
from claimstream.shared.settings import IndexSettings


def test_vendor_media_types_become_plain() -> None:
    headers = plain_media_types(
        {
            "accept": "application/vnd.elasticsearch+json; compatible-with=9",
            "content-type": "application/vnd.elasticsearch+x-ndjson; compatible-with=8",
            "x-other": "kept",
        }
    )
    assert headers["accept"] == "application/json"
    assert headers["content-type"] == "application/x-ndjson"
    assert headers["x-other"] == "kept"


def test_plain_types_are_left_alone() -> None:
    assert plain_media_types({"accept": "application/json"})["accept"] == "application/json"
    assert "accept" not in plain_media_types(None)


@pytest.mark.elasticsearch
async def test_stock_client_is_refused_and_adapter_is_accepted(es_url: str, uid: str) -> None:
    stock = AsyncElasticsearch(es_url, node_class="httpxasync")
    try:
        with pytest.raises(Exception) as refused:
            await stock.index(index=f"t-{uid}", id="0", document={"a": 0})
        assert "406" in str(refused.value) or getattr(refused.value, "status_code", None) == 406
    finally:
        await stock.close()

    client = build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url))
    try:
        assert isinstance(client.transport.node_pool.get(), PlainJsonNode)
        await client.index(index=f"t-{uid}", id="1", document={"a": 1}, refresh=True)
        await client.bulk(operations=[{"index": {"_index": f"t-{uid}", "_id": "2"}}, {"a": 2}], refresh=True)
        assert (await client.count(index=f"t-{uid}"))["count"] == 2
    finally:
        await client.close()


def test_credentials_come_from_settings() -> None:
    settings = IndexSettings(
        kafka_bootstrap_servers="k:1",
        elasticsearch_url="https://es:9200",
        elasticsearch_username="elastic",
        elasticsearch_password="s3cret",
    )
    client = build_client(settings)
    auth = client._headers.get("authorization", "")
    assert auth.startswith("Basic ")
    assert "s3cret" not in repr(settings)
