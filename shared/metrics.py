"""Every Prometheus metric of claimstream, defined once.

Names are fixed (dashboards and alerts in ``deploy/`` rely on them): ``claimstream_<thing>_<unit>``, with the
service as a label so one query covers every service. Each service process exposes ``REGISTRY`` at
``/metrics``; the default process/platform collectors are registered on it.
"""

from __future__ import annotations

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)

REGISTRY = CollectorRegistry(auto_describe=True)
for _collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
    REGISTRY.register(_collector)

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)

# Events handled, by outcome: ok (processed), rejected (sent to the dead-letter topic), retried (a transient
# failure; the message will be redelivered), failed (gave up). Moves once per event, not per batch.
EVENTS = Counter(
    "claimstream_events_total",
    "Events handled by a service, by outcome.",
    ["service", "topic", "outcome"],
    registry=REGISTRY,
)

# Time a handler spent on one delivery (a batch for batch consumers), whatever the outcome.
HANDLER_SECONDS = Histogram(
    "claimstream_handler_seconds",
    "Handler time per delivery.",
    ["service", "topic"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)

# From the article's ingested_at to the moment its document (article or claim) was acknowledged by
# Elasticsearch. Observed by the index service once per indexed document.
PIPELINE_SECONDS = Histogram(
    "claimstream_pipeline_seconds", "Ingest-to-indexed latency.", ["kind"], buckets=_LATENCY_BUCKETS, registry=REGISTRY
)

# Messages of the partition the service's consumer group has not committed yet (log end offset - committed
# offset). Sampled every 5 s by shared/lag.py from the consumers faststream created; 0 when caught up.
CONSUMER_LAG = Gauge(
    "claimstream_consumer_lag", "Consumer lag in messages.", ["service", "topic", "partition"], registry=REGISTRY
)

# Duration of one Elasticsearch bulk request, including retries.
ES_BULK_SECONDS = Histogram(
    "claimstream_es_bulk_seconds", "Elasticsearch bulk request time.", buckets=_LATENCY_BUCKETS, registry=REGISTRY
)

# Documents sent in bulk requests, by target index alias and outcome (ok, rejected = item-level 4xx).
ES_BULK_DOCS = Counter(
    "claimstream_es_bulk_docs_total", "Documents written by bulk requests.", ["index", "outcome"], registry=REGISTRY
)

# HTTP requests served, by route template and status code; moves when a response is sent.
HTTP_REQUESTS = Counter(
    "claimstream_http_requests_total", "HTTP requests served.", ["service", "route", "status"], registry=REGISTRY
)

# HTTP request handling time, by route template.
HTTP_REQUEST_SECONDS = Histogram(
    "claimstream_http_request_seconds",
    "HTTP request time.",
    ["service", "route"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)

# Articles accepted by ingest (202), i.e. the entry side of the accounting ingested = indexed + rejected.
ARTICLES_INGESTED = Counter(
    "claimstream_articles_ingested_total", "Articles accepted by the ingest API.", ["service"], registry=REGISTRY
)

# Article accounting at message level, computed by the index service (services/index/accounting.py) from Kafka
# offsets and the dead letters in Elasticsearch, every 10 s and on every GET /stats. kind = ingested | indexed |
# rejected | in_flight, with ingested = indexed + rejected + in_flight; in_flight is 0 once the pipeline is idle.
ACCOUNTING = Gauge("claimstream_accounting_articles", "Article accounting.", ["kind"], registry=REGISTRY)

# 1 while the flood guard keeps a partition paused: too many invalid records in a row (shared/broker.py). The
# consumer stopped reading that partition instead of dead-lettering it whole; it resumes when the service restarts.
FLOOD_GUARD_PAUSED = Gauge(
    "claimstream_flood_guard_paused",
    "Partitions paused by the flood guard.",
    ["service", "topic", "partition"],
    registry=REGISTRY,
)

# Restarts of each process by the embedded launcher's supervisor (claimstream up), as the launcher reports them in
# its data directory; read by the index service every 10 s. process = ingest | extract | index | kafka | elasticsearch.
SUPERVISOR_RESTARTS = Gauge(
    "claimstream_supervisor_restarts", "Restarts of a process by the embedded launcher.", ["process"], registry=REGISTRY
)

# Resident memory of the embedded search server and the budget `claimstream up` gives it (--memory-budget-mb),
# bytes; read by the index service every 10 s from the launcher's report. Absent outside the embedded stack.
SEARCH_MEMORY = Gauge("claimstream_search_memory_bytes", "Search server resident memory.", ["kind"], registry=REGISTRY)

# The search API's circuit breaker (shared/elastic.py): 1 while it is open (after consecutive timed-out or failed
# search-server requests, reads are answered 503 at once) or half-open (one read probes the server), 0 when closed.
SEARCH_CIRCUIT_OPEN = Gauge(
    "claimstream_search_circuit_open", "Search-server circuit breaker open (1) or closed (0).", registry=REGISTRY
)

# Search-server reads in flight from this process's search API (bounded by CLAIMSTREAM_INDEX_MAX_CONCURRENT_READS).
SEARCH_READS_IN_FLIGHT = Gauge(
    "claimstream_search_reads_in_flight", "Search-server reads in flight.", registry=REGISTRY
)

# Search API requests answered 503 because of the search server, by reason: overloaded (too many reads in
# flight), circuit_open (the breaker is open), timeout (no answer within the read budget), unavailable (refused).
SEARCH_READS_REFUSED = Counter(
    "claimstream_search_reads_refused_total", "Search API reads answered 503, by reason.", ["reason"], registry=REGISTRY
)
