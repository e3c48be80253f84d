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

    log_level: str = Field("INFO", description="Python logging level.")
    host: str = Field("127.0.0.1", description="Interface the service's HTTP server binds to.")


class IngestSettings(CommonSettings):
    """ingest: HTTP API that cleans articles and publishes ArticleCleaned."""

    ingest_port: int = 8001
    ingest_max_body_bytes: int = Field(5_000_000, description="Request body limit, bytes.")
    ingest_api_key: SecretStr | None = Field(None, description="If set, write endpoints need header X-API-Key.")


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
    elasticsearch_timeout: float = Field(30.0, description="Request timeout, seconds.")
