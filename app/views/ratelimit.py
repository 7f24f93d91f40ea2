"""The per-client-address limit on beacons (NEWSDESK_VIEWS_RATE_LIMIT), with `limits`.

The counters live in process memory, one fixed window per address (a counter: O(1) a beacon,
where a moving window keeps every hit). With N worker processes an address may send up to N
times the limit before every process refuses it. That is enough to
stop a runaway script hammering one process, which is the point; a shared store (the `limits`
Redis or memcached backends) would make it exact at the cost of a network hop per beacon.
"""

import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from app.core.config import get_settings
from app.core.errors import TooManyRequests

# How often counters of addresses that stopped sending are swept out of memory.
SWEEP_SECONDS = 60.0


class LazyExpiryStorage(MemoryStorage):
    """`limits`' in-memory storage without its expiry thread.

    MemoryStorage sweeps expired counters on a `threading.Timer` that it starts again on the
    next hit once the last one (10 ms) has run: under steady traffic that is up to 100 thread
    starts a second, each blocking the caller (the event loop) until the new thread runs, which
    was a third of a beacon's cost and most of its p99 (docs/performance.md). A counter past its
    window is already dropped when it is read (`MemoryStorage.get`), so the sweep only frees
    the memory of addresses that stopped sending: here it runs inline, at most once a
    SWEEP_SECONDS."""

    def __init__(self) -> None:
        super().__init__()
        self.timer.cancel()  # the one started by MemoryStorage.__init__
        self._sweep_after = time.monotonic() + SWEEP_SECONDS

    # Overrides MemoryStorage.__schedule_expiry (name-mangled), called on every hit.
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self._sweep_after:
            self._sweep_after = now + SWEEP_SECONDS
            self.sweep()

    def sweep(self) -> None:
        """Drop every expired counter now."""
        self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


_storage = LazyExpiryStorage()
_limiter = FixedWindowRateLimiter(_storage)


@lru_cache
def _item(rate: str) -> RateLimitItem:
    return parse(rate)


def check(client_address: str) -> None:
    """Count one beacon from this address; 429 with Retry-After once it is over the limit."""
    item = _item(get_settings().views_rate_limit)
    if _limiter.hit(item, "views", client_address):
        return
    reset_at, _ = _limiter.get_window_stats(item, "views", client_address)
    raise TooManyRequests(
        "too many view beacons from this address; slow down",
        retry_after=int(reset_at - time.time()) + 1,
    )


def reset() -> None:
    """Forget every counter (tests)."""
    _storage.reset()
