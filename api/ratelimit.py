"""A per-client token bucket: `rate` requests a minute on average, bursts up to `burst`."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    """In-process limiter (each worker counts on its own)."""

    def __init__(self, per_minute: int, burst: int, *, clock=time.monotonic) -> None:
        if per_minute < 0:
            raise ValueError(f"per_minute must be >= 0, got {per_minute}")
        if burst <= 0:
            raise ValueError(f"burst must be > 0, got {burst}")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def acquire(self, client: str) -> float:
        """Take one token for `client`; 0.0 when allowed, else seconds to wait."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, seen = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - seen) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            if len(self._buckets) > 10_000:
                self._forget_full(now)
        return wait

    @staticmethod
    def retry_after(wait: float) -> str:
        return str(max(1, math.ceil(wait)))

    def _forget_full(self, now: float) -> None:
        """Drop clients whose bucket has refilled: they are indistinguishable from new ones."""
        full_after = self.burst / self.rate
        self._buckets = {
            c: (t, s) for c, (t, s) in self._buckets.items() if now - s < full_after
        }
