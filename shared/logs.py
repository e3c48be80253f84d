"""Logging set-up shared by every process: one line per event, with time, level, logger and message.

Secrets never reach the log: settings keep them as ``SecretStr`` (printed as ``**********``), the libraries
that see them (aiokafka, elastic_transport, httpx) log at WARNING only, and, as a last line of defence,
:func:`setup_logging` installs a filter that masks every secret value of the service's settings (and its
base64 form, as in a Basic auth header) in each record, traceback included.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable

from pydantic import SecretStr
from pydantic_settings import BaseSettings

MASK = "**********"


def secret_values(settings: BaseSettings) -> list[str]:
    """Every ``SecretStr`` value of ``settings``, plus ``user:password`` pairs as they appear in Basic auth."""
    values = {name: value.get_secret_value() for name, value in settings if isinstance(value, SecretStr)}
    found = [v for v in values.values() if v]
    for name, password in values.items():
        user = getattr(settings, name.replace("password", "username"), None) if name.endswith("password") else None
        if user and password:
            found.append(base64.b64encode(f"{user}:{password}".encode()).decode())
    return found


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's message and traceback with :data:`MASK`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is masked whole; very short values would mask noise.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def _mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        masked = self._mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._mask(record.exc_text)
        return True


def setup_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once; uvicorn's and faststream's loggers propagate to it. ``secrets`` (see
    :func:`secret_values`) are masked in every line."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        force=True,
    )
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
