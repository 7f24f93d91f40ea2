from collections.abc import Iterator

import pytest

from app.views import ratelimit


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Every test starts with no beacon counted against its client address."""
    ratelimit.reset()
    yield
    ratelimit.reset()
