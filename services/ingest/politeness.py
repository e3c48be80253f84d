"""Per-host politeness: a minimum delay between the starts of two requests to the same host."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

_MAX_HOSTS = 10_000  # hosts remembered; past that, hosts whose slot has passed are forgotten


class HostPacer:
    """Reserves request slots per host, ``delay`` seconds apart; concurrent callers for one host queue up.

    ``clock`` and ``sleep`` are injectable so tests can check the schedule without waiting. One pacer serves
    one process: replicas of ingest each keep their own (see docs/sources.md).
    """

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    async def wait(self, host: str) -> None:
        """Return when a request to ``host`` may start."""
        host = host.lower()
        now = self._clock()
        slot = max(now, self._next.get(host, now))
        self._next[host] = slot + self.delay  # reserved before sleeping, so a concurrent caller gets the next slot
        if len(self._next) > _MAX_HOSTS:
            self._forget_past(now)
        if slot > now:
            await self._sleep(slot - now)

    def _forget_past(self, now: float) -> None:
        for host in [h for h, due in self._next.items() if due <= now]:
            del self._next[host]
