"""The two kinds of failure, and nothing else.

- Poison: the input can never be processed (schema violation, unparseable or empty HTML, an Elasticsearch
  4xx for one item, an extraction bug on one article). Raise :class:`InvalidEvent`; it is routed to the
  dead-letter topic with its reason and then committed, so the partition keeps flowing.
- Transient: Kafka, Elasticsearch 429/5xx, timeouts. Let it raise; the message is not committed and is
  redelivered (the subscriber nacks and seeks back).
"""

from __future__ import annotations


class InvalidEvent(Exception):
    """An input that is not valid for processing and must not be retried.

    ``str(exc)`` is the human-readable reason recorded in the dead letter.
    """

    def __init__(self, reason: str, *, article_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.article_id = article_id


class TransientError(Exception):
    """A dependency is unavailable; retry later. Raised after bounded retries were exhausted."""
