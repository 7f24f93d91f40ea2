"""Known bots by user agent, from the crawler-user-agents list (monperrus/crawler-user-agents,
~1,500 maintained patterns, packaged as `crawleruseragents`)."""

from functools import lru_cache

import crawleruseragents


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """Whether a user agent is a known crawler, or empty (a browser always sends one).

    The list is ~60 regex searches per agent; real traffic repeats a few hundred agents, so
    answers are cached."""
    if not user_agent.strip():
        return True
    return bool(crawleruseragents.is_crawler(user_agent))
