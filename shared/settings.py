"""Configuration from the environment (pydantic-settings).

Every variable starts with ``CLAIMSTREAM_``; service-specific ones carry the service name next
(``CLAIMSTREAM_INGEST_PORT``). Values without a default are required: a missing one fails at start-up with a
message naming it. Settings are built once in each service's ``main.py`` and passed down; nothing else reads
``os.environ``.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from claimstream.shared import topics


class CommonSettings(BaseSettings):
    """Settings every service needs: the broker, the topics, logging."""

    model_config = SettingsConfigDict(env_prefix="CLAIMSTREAM_", frozen=True, extra="ignore")

    kafka_bootstrap_servers: str = Field(..., description="Comma-separated host:port list of Kafka brokers.")
    kafka_security_protocol: str = Field("PLAINTEXT", description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    kafka_sasl_mechanism: str | None = Field(None, description="PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = Field(None, description="CA bundle for TLS to Kafka.")

    topic_articles_cleaned: str = topics.ARTICLES_CLEANED
    topic_claims_extracted: str = topics.CLAIMS_EXTRACTED
    topic_articles_rejected: str = topics.ARTICLES_REJECTED

    flood_guard_limit: int = Field(
        1000,
        description="Invalid records in a row on one partition before the consumer "
        "pauses it and alerts instead of dead-lettering the rest (0 disables).",
    )

    log_level: str = Field("INFO", description="Python logging level.")
    host: str = Field("127.0.0.1", description="Interface the service's HTTP server binds to.")


class IngestSettings(CommonSettings):
    """ingest: HTTP API that cleans articles and publishes ArticleCleaned."""

    ingest_port: int = 8001
    ingest_max_body_bytes: int = Field(5_000_000, description="Request body limit, bytes.")
    ingest_api_key: SecretStr | None = Field(None, description="If set, write endpoints need header X-API-Key.")

    # Sources (docs/sources.md): feeds and sitemaps polled on a schedule, URLs fetched on request.
    ingest_feeds: str = Field("", description="Comma-separated feed (RSS/Atom) or sitemap URLs polled from start-up.")
    ingest_feed_poll_seconds: float = Field(
        300.0, description="Seconds between two polls of a feed; 0 disables polling."
    )
    ingest_feed_max_entries: int = Field(50, description="New entries fetched per feed and poll (the rest wait).")
    ingest_fetch_timeout: float = Field(20.0, description="Whole-fetch timeout, seconds (connect, redirects, body).")
    ingest_fetch_max_bytes: int = Field(5_000_000, description="Largest page, feed or sitemap fetched, bytes.")
    ingest_fetch_max_redirects: int = Field(5, description="Redirects followed per fetch.")
    ingest_fetch_host_delay: float = Field(2.0, description="Minimum seconds between two requests to one host.")
    ingest_fetch_user_agent: str = Field(
        "claimstream-ingest/0.1 (news claim indexer)", description="User-Agent header."
    )
    ingest_fetch_allowed_networks: str = Field(
        "",
        description="Comma-separated CIDRs the SSRF guard lets through (e.g. 127.0.0.0/8 in tests); empty: public only.",
    )
    ingest_dedup_threshold: float = Field(
        0.6, description="MinHash Jaccard similarity above which a text is a near-duplicate."
    )
    ingest_dedup_max_articles: int = Field(
        100_000, description="Articles kept in the near-duplicate index (per process)."
    )
    ingest_dedup_window_hours: float = Field(72.0, description="Hours an article stays in the near-duplicate index.")
    ingest_data_dir: str | None = Field(
        None,
        description="If set, the journal of accepted articles (fsync'd before the "
        "202), the feeds added by API and the near-duplicate index are kept here.",
    )


class ExtractSettings(CommonSettings):
    """extract: consumes articles, publishes one ClaimExtracted per claim."""

    extract_port: int = 8002
    extract_group_id: str = "claimstream-extract"
    extract_batch_size: int = Field(16, description="Articles per nlp.pipe batch.")


class IndexSettings(CommonSettings):
    """index: consumes articles and claims, writes them to Elasticsearch, serves the search API."""

    index_port: int = 8003
    index_group_id: str = "claimstream-index"
    index_batch_size: int = Field(500, description="Events per Elasticsearch bulk request.")
    index_prefix: str = Field("", description="Prefix for index, alias and template names (tests, multi-tenant).")

    elasticsearch_url: str = Field(..., description="Elasticsearch URL, e.g. https://es.example:9200.")
    elasticsearch_username: str | None = None
    elasticsearch_password: SecretStr | None = None
    elasticsearch_api_key: SecretStr | None = None
    elasticsearch_ca_certs: str | None = Field(None, description="CA bundle for TLS to Elasticsearch.")
    elasticsearch_timeout: float = Field(
        30.0, description="Request timeout of writes and background work, seconds (search API reads: read budget)."
    )
    index_read_budget_seconds: float = Field(
        10.0,
        gt=0,
        description="Deadline of one search API request, seconds: its search-server reads are not retried past it, "
        "and a search server that does not answer within it gives 503 with Retry-After.",
    )
    index_max_concurrent_reads: int = Field(
        16, ge=1, description="Search-server reads in flight per process; a request over it gets 503 at once."
    )
    index_circuit_failures: int = Field(
        5, ge=1, description="Consecutive timed-out or failed search-server requests that open the circuit breaker."
    )
    index_circuit_cooldown_seconds: float = Field(
        3.0,
        gt=0,
        description="Seconds the open circuit answers reads with 503 at once before one read probes the server.",
    )
    index_supervisor_file: str | None = Field(
        None, description="The embedded launcher's report (restarts, search server memory); set by `claimstream up`."
    )


class TopicSettings(CommonSettings):
    """topics: what ``python -m claimstream.shared.topic_admin`` creates (the Kubernetes topics Job). Partitions
    bound the consumers that can share a topic's work: a group never has more busy members than partitions."""

    topic_articles_cleaned_partitions: int = Field(
        12, ge=1, description="Partitions of articles.cleaned (max extract replicas)."
    )
    topic_claims_extracted_partitions: int = Field(
        12, ge=1, description="Partitions of claims.extracted (max index replicas)."
    )
    topic_articles_rejected_partitions: int = Field(3, ge=1, description="Partitions of the dead-letter topic.")
    topic_replication_factor: int = Field(
        3, ge=1, description="Replicas of every topic's partitions (1 on a one-broker cluster)."
    )
