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

_storage = MemoryStorage()
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
