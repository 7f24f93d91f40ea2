"""Seed the `article` table with 2,000 deterministic rows.

Usage (from this folder):  BENCH_DB=sqlite python seed.py   |   BENCH_DB=postgres python seed.py
The Postgres database itself (bench_sync_async) is created by run.sh via psql.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, SQLModel, func, select

from app import Article, make_sync_engine

N_ROWS = 2000


def paragraph(rng: random.Random, i: int, p: int) -> str:
    words = [
        "tỉnh", "huyện", "hội nghị", "kinh tế", "nông nghiệp", "giáo dục", "y tế",
        "đầu tư", "hạ tầng", "du lịch", "văn hóa", "an ninh", "thời tiết", "giao thông",
    ]
    body = " ".join(rng.choice(words) for _ in range(40))
    return f"<p>Bài {i}, đoạn {p}: {body}.</p>"


def make_content(rng: random.Random, i: int) -> str:
    parts: list[str] = [f"<h2>Tin số {i}</h2>"]
    p = 0
    while sum(len(x.encode()) for x in parts) < 2048:
        parts.append(paragraph(rng, i, p))
        p += 1
    return "\n".join(parts)


def main() -> None:
    db = os.environ.get("BENCH_DB", "sqlite")
    rng = random.Random(20240601)
    engine = make_sync_engine(db)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    now = datetime(2025, 1, 1, tzinfo=UTC)
    statuses = ["published"] * 8 + ["draft", "scheduled"]
    rows = []
    for i in range(1, N_ROWS + 1):
        rows.append(
            Article(
                id=i,
                title=f"Tiêu đề bài viết số {i}",
                slug=f"bai-viet-so-{i}",
                summary=f"Tóm tắt ngắn cho bài viết số {i} về tình hình địa phương.",
                content_html=make_content(rng, i),
                status=rng.choice(statuses),
                publish_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)),
                category_id=rng.randint(1, 12),
            )
        )
    with Session(engine) as s:
        s.add_all(rows)
        s.commit()
        n = s.exec(select(func.count()).select_from(Article)).one()
        pub = s.exec(
            select(func.count()).select_from(Article).where(Article.status == "published")
        ).one()
        avg = s.exec(select(func.avg(func.length(Article.content_html)))).one()
    if db == "sqlite":
        with engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = c.exec_driver_sql("PRAGMA journal_mode").scalar()
    else:
        with engine.connect() as c:
            c.exec_driver_sql("ANALYZE article")
            c.commit()
            mode = "n/a"
    engine.dispose()
    print(f"seeded {db}: rows={n} published={pub} avg_content_chars={float(avg):.0f} journal={mode}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
