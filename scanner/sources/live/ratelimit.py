"""A token bucket per (account, region, service): a steady request rate before AWS has to throttle.

AWS throttles per account, region and API. botocore's adaptive retry mode reacts
*after* a throttling answer; the bucket keeps a scan under a rate in the first
place, so a scan of hundreds of accounts in parallel shards does not spend its
time in back-off (or starve the account's own workloads of API quota). Both run:
the bucket paces every HTTP attempt (retries and pages included, through
botocore's ``before-send`` event), adaptive retries handle what still throttles.

Buckets belong to one account's :class:`Limiter`, which is dropped with the
account, so a long organisation scan keeps only the current account's buckets.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

DEFAULT_RATE = 40.0  # requests per second per (account, region, service)


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up; :meth:`take` waits for one."""

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1.0, burst if burst is not None else rate)
        self._tokens = self.burst
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, for benchmarks

    def _reserve(self) -> float:
        """Take a token now (the balance may go negative); the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= 1.0
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
            self.waited += wait
            return wait

    def take(self) -> None:
        wait = self._reserve()
        if wait > 0:
            self._sleep(wait)


class Limiter:
    """The buckets of one account, by (region, service); ``rate=None`` or 0 means no limit."""

    def __init__(self, rate: float | None = DEFAULT_RATE, burst: float | None = None) -> None:
        self.rate = rate or None
        self.burst = burst
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, region: str, service: str) -> TokenBucket | None:
        if self.rate is None:
            return None
        key = (region, service)
        with self._lock:
            found = self._buckets.get(key)
            if found is None:
                found = self._buckets[key] = TokenBucket(self.rate, self.burst)
            return found

    def attach(self, client: Any, region: str, service: str) -> None:
        """Pace every request ``client`` sends (each attempt, each page)."""
        bucket = self.bucket(region, service)
        if bucket is None:
            return

        def before_send(**_: Any) -> None:
            bucket.take()

        client.meta.events.register("before-send", before_send, unique_id=f"privacy-scan-rate-{id(self)}")

    def waited(self) -> float:
        with self._lock:
            return sum(b.waited for b in self._buckets.values())
