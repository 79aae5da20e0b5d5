"""The rate limiter driven without HTTP, and what it counts and logs."""

from __future__ import annotations

import asyncio
import json

from prometheus_client import REGISTRY

from api.serve.ratelimit import RateLimiter

QUESTION = "What does an L3 platform engineer earn?"  # in the made-up knowledge (kb2)


def acquire(limiter: RateLimiter, client: str, n: int) -> list[float]:
    """n requests of `client`, one after the other: 0.0 for each allowed, else its wait."""

    async def run() -> list[float]:
        return [await limiter.acquire(client) for _ in range(n)]

    return asyncio.run(run())


def counter(name: str) -> float:
    """A counter of this process's registry (0 when it was never recorded)."""
    return REGISTRY.get_sample_value(name) or 0.0


def log_events(text: str) -> list[dict]:
    """The JSON log lines of a captured output."""
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]
