"""Time search snippets (app.search.highlight) on a seeded database's live summaries and bodies:
the regular-expression way every Vietnamese text takes against the word-by-word way, which is
kept for text that does not fold character by character. Both must give the same snippets.

    .venv/bin/python bench/snippets.py sqlite:///bench/.data/bench-100k.db "dan van"
"""

import sys
import time
from collections.abc import Callable

from sqlalchemy import create_engine, text

from app.search.highlight import WINDOW, _snippet_word_by_word, snippet
from app.search.query import parse
from app.search.service import html_text


def per_call_us(texts: list[str], make: Callable[[str], object], rounds: int = 3) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for one in texts:
            make(one)
    return (time.perf_counter() - started) / (rounds * len(texts)) * 1e6


def main(url: str, typed: str) -> None:
    query = parse(typed)
    assert query is not None, "the query has no words"
    words = query.words
    with create_engine(url).connect() as connection:
        rows = connection.execute(
            text("SELECT summary, content_html FROM article_live ORDER BY article_id LIMIT 2000")
        ).all()
    for label, texts in (
        ("summary", [r[0] for r in rows]),
        ("body", [html_text(r[1]) for r in rows[:300]]),
    ):
        by_expression = [snippet(t, words) for t in texts]
        assert by_expression == [_snippet_word_by_word(t, words, WINDOW) for t in texts]
        fast = per_call_us(texts, lambda t: snippet(t, words))
        slow = per_call_us(texts, lambda t: _snippet_word_by_word(t, words, WINDOW))
        matched = sum(s is not None for s in by_expression)
        print(
            f"{label}: {len(texts)} texts, {matched} with a match;"
            f" regular expressions {fast:.1f} us, word by word {slow:.1f} us ({slow / fast:.2f}x)"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "dan van")
