"""The two kinds of failure, and nothing else (after arroyo's ``InvalidMessage``).

- Poison: the input can never be processed (schema violation, unparseable or empty HTML, a refused URL, an
  Elasticsearch 4xx for one item, an extraction bug on one article). The domain raises :class:`InvalidEvent`
  (or a subclass naming its domain, such as ingest's ``CleaningError`` and ``FetchError``); the edge holding the
  input hands it to ``shared.broker.DeadLetters.reject``, the only writer of the dead-letter topic, and then
  commits (consumers) or answers 4xx (HTTP). The partition keeps flowing. In a consumer's batch, poison travels
  as values: a step that fails for some items returns them and the handler dead-letters them
  (``DeadLetters.reject_all``). One raised out of a handler is a bug that ``shared.broker.PoisonRouter``
  contains: it dead-letters the whole delivery and commits.
- Transient: Kafka, Elasticsearch 429/5xx, timeouts. Let it raise (:class:`TransientError` once bounded
  retries are exhausted); the message is not committed and is redelivered (the subscriber nacks and seeks back).
"""

from __future__ import annotations


class InvalidEvent(Exception):
    """An input that is not valid for processing and must not be retried.

    ``reason`` (also ``str(exc)``) is the human-readable reason recorded in the dead letter. ``article_id`` is
    the article it concerns, when known. ``original`` is the input's bytes when the raiser holds them; the edge
    that routes the error supplies them otherwise.
    """

    def __init__(self, reason: str, *, article_id: str | None = None, original: bytes | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.article_id = article_id
        self.original = original


class TransientError(Exception):
    """A dependency is unavailable; retry later. Raised after bounded retries were exhausted."""
