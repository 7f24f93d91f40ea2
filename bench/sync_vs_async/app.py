"""Sync-vs-async benchmark app for Newsdesk.

One FastAPI app, configured by environment variables:

    BENCH_MODE = sync | async | baseline
    BENCH_DB   = sqlite | postgres

sync     -> `def` routes, sync SQLModel Session per request from a yield dependency
            (SQLite: stdlib sqlite3 driver, WAL, QueuePool; PG: psycopg 3 sync, QueuePool)
async    -> `async def` routes, SQLModel AsyncSession per request from a yield dependency
            (SQLite: aiosqlite; PG: psycopg 3 async via create_async_engine)
baseline -> no database at all: only `GET /raw`, an `async def` route returning a
            constant small dict ("framework raw speed").

Everything else (model, SQL statements, dict building, pool sizes) is shared.
Run from this folder:  BENCH_MODE=sync BENCH_DB=sqlite uvicorn app:app --workers 1 --port 8765
"""

from __future__ import annotations

import inspect
import os
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import Column, DateTime, Index, event
from sqlmodel import Field, Session, SQLModel, col, select

MODE = os.environ.get("BENCH_MODE", "sync")
DB = os.environ.get("BENCH_DB", "sqlite")
SQLITE_PATH = os.environ.get("BENCH_SQLITE_PATH", "/tmp/bench_sync_async.db")
PG_DB = os.environ.get("BENCH_PG_DB", "bench_sync_async")
# Same pool for every engine: 32 wrk connections may all be in flight at once.
POOL_SIZE = int(os.environ.get("BENCH_POOL_SIZE", "20"))
MAX_OVERFLOW = int(os.environ.get("BENCH_MAX_OVERFLOW", "20"))


class Article(SQLModel, table=True):
    __tablename__ = "article"
    __table_args__ = (Index("ix_article_status_publish_at_id", "status", "publish_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str
    slug: str = Field(unique=True)
    summary: str
    content_html: str
    status: str
    publish_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    category_id: int


def sync_url(db: str = DB) -> str:
    if db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"


def async_url(db: str = DB) -> str:
    if db == "sqlite":
        return f"sqlite+aiosqlite:///{SQLITE_PATH}"
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_sync_engine(db: str = DB):
    from sqlalchemy import create_engine
    from sqlalchemy.pool import QueuePool

    kw: dict[str, Any] = {
        "poolclass": QueuePool,
        "pool_size": POOL_SIZE,
        "max_overflow": MAX_OVERFLOW,
    }
    if db == "sqlite":
        kw["connect_args"] = {"check_same_thread": False}
    engine = create_engine(sync_url(db), **kw)
    if db == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_async_engine(db: str = DB):
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import AsyncAdaptedQueuePool

    engine = create_async_engine(
        async_url(db),
        poolclass=AsyncAdaptedQueuePool,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
    )
    if db == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


# ---------------------------------------------------------------- shared code
def detail_stmt(article_id: int):
    return select(Article).where(Article.id == article_id)


LIST_COLUMNS = (
    Article.id,
    Article.title,
    Article.slug,
    Article.summary,
    Article.status,
    Article.publish_at,
    Article.category_id,
)


def list_stmt(limit: int):
    return (
        select(*LIST_COLUMNS)
        .where(Article.status == "published")
        .order_by(col(Article.publish_at).desc(), col(Article.id).desc())
        .limit(limit)
    )


def detail_dict(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "slug": a.slug,
        "summary": a.summary,
        "content_html": a.content_html,
        "status": a.status,
        "publish_at": a.publish_at,
        "category_id": a.category_id,
    }


def list_dict(rows: Any) -> dict[str, Any]:
    items = [
        {
            "id": r.id,
            "title": r.title,
            "slug": r.slug,
            "summary": r.summary,
            "status": r.status,
            "publish_at": r.publish_at,
            "category_id": r.category_id,
        }
        for r in rows
    ]
    return {"items": items, "count": len(items)}


def clamp(limit: int) -> int:
    return max(1, min(limit, 100))


_shutdown_hooks: list[Any] = []


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    yield
    for hook in _shutdown_hooks:
        result = hook()
        if inspect.isawaitable(result):
            await result


app = FastAPI(title=f"bench {MODE}/{DB}", lifespan=lifespan)


@app.get("/raw")
async def raw() -> dict[str, Any]:
    return {"status": "ok", "service": "newsdesk", "version": 1}


# ---------------------------------------------------------------- sync mode
if MODE == "sync":
    engine = make_sync_engine()

    def get_session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    @app.get("/articles/{article_id}")
    def get_article(article_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
        article = session.exec(detail_stmt(article_id)).first()
        if article is None:
            raise HTTPException(404, "article not found")
        return detail_dict(article)

    @app.get("/articles")
    def list_articles(limit: int = 20, session: Session = Depends(get_session)) -> dict[str, Any]:
        return list_dict(session.exec(list_stmt(clamp(limit))).all())

    _shutdown_hooks.append(engine.dispose)


# ---------------------------------------------------------------- async mode
elif MODE == "async":
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from sqlmodel.ext.asyncio.session import AsyncSession

    aengine = make_async_engine()
    SessionLocal = async_sessionmaker(aengine, class_=AsyncSession, expire_on_commit=False)

    async def get_asession() -> AsyncIterator[AsyncSession]:
        async with SessionLocal() as session:
            yield session

    @app.get("/articles/{article_id}")
    async def get_article_async(
        article_id: int, session: AsyncSession = Depends(get_asession)
    ) -> dict[str, Any]:
        article = (await session.exec(detail_stmt(article_id))).first()
        if article is None:
            raise HTTPException(404, "article not found")
        return detail_dict(article)

    @app.get("/articles")
    async def list_articles_async(
        limit: int = 20, session: AsyncSession = Depends(get_asession)
    ) -> dict[str, Any]:
        return list_dict((await session.exec(list_stmt(clamp(limit)))).all())

    _shutdown_hooks.append(aengine.dispose)

elif MODE != "baseline":
    raise RuntimeError(f"BENCH_MODE must be sync|async|baseline, got {MODE!r}")
