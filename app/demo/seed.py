"""Demo newsroom loader: categories, staff, the hand-written demo articles, and optionally
N generated ones inserted in batches (100k load in minutes, not hours)."""

import multiprocessing
import secrets
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import typer
from sqlalchemy import Connection, Engine, func, insert, text
from sqlmodel import Session, col, select

from app.accounts.models import Role, User
from app.accounts.service import create_user
from app.articles.live import publish_version
from app.articles.models import (
    LIVE_COPIED_FIELDS,
    Article,
    ArticleHistory,
    ArticleLive,
    ArticleLiveTag,
    ArticleTag,
    Category,
)
from app.articles.presenters import prepare_public_json
from app.articles.sanitize import sanitize_html
from app.articles.taxonomy import get_or_create_tags, tag_key, unique_slug
from app.core.config import VAR_DIR
from app.core.db import WRITE_OPTION, get_engine, open_session, utcnow
from app.core.text import fold, fold_name, slugify
from app.demo.content import DEMO_ARTICLES, DEMO_CATEGORIES, generate_article
from app.demo.royalties import add_example_royalties, ensure_example_rate_tables
from app.revisions import service as revisions
from app.revisions.models import ArticleRevision
from app.search import service as search

Echo = Callable[[str], Any]
BATCH_SIZE = 2000
ADMIN_LOGIN_FILE = VAR_DIR / "demo-admin.txt"
DEMO_STAFF = (
    ("bientap", "Biên tập viên Minh Châu", Role.editor),
    ("phongvien", "Phóng viên Trung Hiếu", Role.contributor),
)


def seed(
    *,
    generated: int,
    if_empty: bool,
    echo: Echo,
    engine: Engine | None = None,
    login_file: Path = ADMIN_LOGIN_FILE,
    workers: int = 0,
) -> None:
    """Load the demo content; with `if_empty`, only into a database without articles.
    `workers` processes generate the articles while this one writes (0: this one does both)."""
    engine = engine or get_engine()
    with open_session(write=True, engine=engine) as session:
        has_articles = session.exec(select(Article.id).limit(1)).first() is not None
        if if_empty and has_articles:
            echo("demo content already present; nothing loaded")
            if login_file.exists():
                echo(f"admin login: {login_file.read_text().strip()}")
            return
        category_ids = _ensure_categories(session)
        author_ids = _ensure_staff(session, echo, login_file)
        if not has_articles:
            _load_demo_articles(session, category_ids, author_ids)
            echo(f"loaded {len(DEMO_ARTICLES)} demo articles in {len(category_ids)} categories")
        if ensure_example_rate_tables(session):
            echo("loaded the example royalty rate tables (an example, not the regulation)")
            add_example_royalties(session)
        session.commit()
    if generated:
        _load_generated(engine, generated, category_ids, author_ids, echo, workers)


def _ensure_categories(session: Session) -> dict[str, int]:
    """Demo categories by key, created if missing (matched by slug)."""
    ids: dict[str, int] = {}
    for demo in DEMO_CATEGORIES:
        category = session.exec(select(Category).where(Category.slug == demo.key)).first()
        if category is None:
            category = Category(
                name=demo.name,
                slug=demo.key,
                parent_id=ids.get(demo.parent_key) if demo.parent_key else None,
                position=len(ids),
            )
            session.add(category)
            session.flush()
        assert category.id is not None
        ids[demo.key] = category.id
    return ids


def _ensure_staff(session: Session, echo: Echo, login_file: Path) -> list[int]:
    """The demo staff; the first admin gets a random password, printed and kept in var/."""
    if session.exec(select(User.id).where(User.role == Role.admin.value)).first() is None:
        password = secrets.token_urlsafe(12)
        create_user(
            session,
            username="admin",
            password=password,
            role=Role.admin,
            display_name="Quản trị viên",
        )
        login_file.parent.mkdir(parents=True, exist_ok=True)
        login_file.write_text(f"admin / {password}\n")
        login_file.chmod(0o600)
        echo(f"created admin login: admin / {password}  (also in {login_file})")
    elif login_file.exists():
        echo(f"admin login: {login_file.read_text().strip()}")
    ids = []
    for username, display_name, role in DEMO_STAFF:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            user = create_user(
                session,
                username=username,
                password=secrets.token_urlsafe(12),
                role=role,
                display_name=display_name,
            )
        assert user.id is not None
        ids.append(user.id)
    return ids


def _article_row(
    data: dict[str, Any],
    *,
    article_id: int,
    slug: str,
    category_id: int,
    author_id: int,
    now: datetime,
) -> dict[str, Any]:
    status = str(data["status"])
    content = sanitize_html(str(data["content_html"]))
    return {
        "id": article_id,
        "title": data["title"],
        "title_folded": fold(str(data["title"])),
        "slug": slug,
        "summary": data["summary"],
        "content_html": content,
        "image_id": None,
        "image_caption": data["image_caption"] or "",
        "alternate_url": None,
        "meta_title": "",
        "meta_description": "",
        "og_image_id": None,
        "canonical_url": None,
        "noindex": False,
        "publish_at": data["publish_at"],
        "expire_at": None,
        # Anything that has been public went live at its publish_at (royalties go by it).
        "first_published_at": data["publish_at"] if status in _EVER_PUBLISHED else None,
        "featured": data["featured"],
        "featured_rank": None,
        "featured_until": None,
        "byline": data["byline"],
        "author_id": author_id,
        "article_type": data["article_type"],
        "category_id": category_id,
        "page_count": data["page_count"],
        "photo_count": data["photo_count"],
        "photo_count_manual": True,
        "royalty_amount": data["royalty_amount"],
        "status": status,
        # Anything that has been public carries a major version, drafts a minor one.
        "version_major": 1 if status in ("published", "unpublished", "scheduled") else 0,
        "version_minor": 0 if status in ("published", "unpublished", "scheduled") else 1,
        "view_count": 0,
        "created_at": now,
        "created_by": author_id,
        "updated_at": now,
        "updated_by": author_id,
        "lock_version": 1,
    }


def _load_demo_articles(
    session: Session, category_ids: dict[str, int], author_ids: list[int]
) -> None:
    now = utcnow()
    for n, demo in enumerate(DEMO_ARTICLES):
        author_id = author_ids[n % len(author_ids)]
        data = {
            **demo.__dict__,
            "publish_at": now - timedelta(days=demo.days_ago) if demo.status != "draft" else None,
        }
        slug = _free_article_slug(session, slugify(demo.title))
        row = _article_row(
            data,
            article_id=0,
            slug=slug,
            category_id=category_ids[demo.category_key],
            author_id=author_id,
            now=now,
        )
        del row["id"]
        article = Article(**row)
        session.add(article)
        session.flush()
        assert article.id is not None
        for position, tag in enumerate(get_or_create_tags(session, demo.tags)):
            assert tag.id is not None
            session.add(ArticleTag(article_id=article.id, tag_id=tag.id, position=position))
        if article.status in LIVE_STATUSES:
            published = publish_version(session, article=article, now=now)
            published.announced = _announced(article.status, published.publish_at, now)
            prepare_public_json(session, [published])
        revisions.record(
            session,
            article,
            action="import",
            actor_id=author_id,
            from_status=None,
            comment="demo content",
        )
    session.flush()


# Statuses that come with a live version (visible or scheduled or past its expiry).
LIVE_STATUSES = frozenset({"published", "scheduled", "expired"})
_EVER_PUBLISHED = LIVE_STATUSES | {"unpublished"}


def _import_revision(row: dict[str, Any], tag_names: dict[int, list[str]]) -> dict[str, Any]:
    version = f"{row['version_major']}.{row['version_minor']}"
    snapshot = revisions.snapshot_dict(
        {**row, "version": version},
        tags=tag_names.get(row["id"], []),
        related_ids=[],
        attachment_ids=[],
    )
    return {
        "article_id": row["id"],
        "number": 1,
        "version": version,
        "action": "import",
        "snapshot": orjson.dumps(snapshot).decode(),
        "created_at": row["created_at"],
        "created_by": row["created_by"],
    }


def _import_history(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": row["id"],
        "action": "import",
        "from_status": None,
        "to_status": row["status"],
        "version": f"{row['version_major']}.{row['version_minor']}",
        "actor_id": row["created_by"],
        "at": row["created_at"],
        "comment": "generated demo content",
        "changed_fields": "",
    }


def _announced(status: str, publish_at: datetime, now: datetime) -> str:
    if status == "expired":
        return "expired"
    return "pending" if publish_at > now else "live"


def _live_row(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The live-version row of a seeded article that is published (or scheduled)."""
    return {
        "article_id": row["id"],
        **{column: row[column] for column in LIVE_COPIED_FIELDS},
        "byline_folded": fold_name(row["byline"]),
        "version": f"{row['version_major']}.{row['version_minor']}",
        "published_at": now,
        "updated_at": now,
        "announced": _announced(row["status"], row["publish_at"], now),
    }


def _free_article_slug(session: Session, base: str) -> str:
    return unique_slug(session, Article, base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Plan:
    """What turns an article number into its rows, the same in every process."""

    start_id: int
    now: datetime
    category_ids: dict[str, int]
    author_ids: list[int]


@dataclass
class _GeneratedBatch:
    """Consecutive generated articles as rows, everything but what needs the database."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    tags: list[tuple[str, ...]] = field(default_factory=list)  # per row, as generated
    revisions: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)


def _one_per_key(tags: tuple[str, ...]) -> list[str]:
    """The tags once per key (the last spelling), in order of first appearance."""
    return list({tag_key(t): t for t in tags}.values())


def _generate_batch(plan: _Plan, first: int, stop: int) -> _GeneratedBatch:
    """Articles number `first` to `stop` - 1 of the plan (a pure function: a worker's job)."""
    batch = _GeneratedBatch()
    tag_names: dict[int, list[str]] = {}
    for index in range(first, stop):
        article_id = plan.start_id + index
        data = generate_article(article_id, now=plan.now)
        # The id suffix keeps generated slugs unique without a lookup per row.
        slug = f"{slugify(str(data['title']), max_length=100)}-{article_id}"
        row = _article_row(
            data,
            article_id=article_id,
            slug=slug,
            category_id=plan.category_ids[str(data["category_key"])],
            author_id=plan.author_ids[index % len(plan.author_ids)],
            now=plan.now,
        )
        tags: tuple[str, ...] = data["tags"]  # type: ignore[assignment]
        tag_names[article_id] = _one_per_key(tags)
        batch.rows.append(row)
        batch.tags.append(tags)
        # Seeding is a write like any other: each article gets its first revision.
        batch.revisions.append(_import_revision(row, tag_names))
        batch.history.append(_import_history(row))
    return batch


def _generated_batches(
    plan: _Plan, count: int, workers: int, batch_size: int = BATCH_SIZE
) -> Iterator[_GeneratedBatch]:
    """The batches in order; with `workers`, generated in that many processes while this one
    writes (generation is a third of the work, and independent per article)."""
    bounds = [(first, min(first + batch_size, count)) for first in range(0, count, batch_size)]
    if workers <= 0 or len(bounds) == 1:  # one batch: nothing to overlap
        for first, stop in bounds:
            yield _generate_batch(plan, first, stop)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        # A few batches ahead, not all: a million generated articles do not fit in memory.
        pending: deque[Future[_GeneratedBatch]] = deque()
        for first, stop in bounds:
            pending.append(pool.submit(_generate_batch, plan, first, stop))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _load_generated(
    engine: Engine,
    count: int,
    category_ids: dict[str, int],
    author_ids: list[int],
    echo: Echo,
    workers: int,
) -> None:
    """Insert `count` generated articles with core bulk inserts, one transaction per batch."""
    now = utcnow()
    with open_session(write=True, engine=engine) as session:
        start_id = (session.exec(select(func.max(Article.id))).one() or 0) + 1
    plan = _Plan(start_id, now, category_ids, author_ids)
    tag_ids: dict[str, int] = {}
    with (
        _bulk_connection(engine) as connection,
        typer.progressbar(length=count, label=f"generating {count} articles") as progress,
    ):
        for batch in _generated_batches(plan, count, workers):
            with Session(bind=connection, expire_on_commit=False) as session:
                _write_batch(session, batch, tag_ids, now)
                session.commit()
            progress.update(len(batch.rows))
        if engine.dialect.name == "postgresql":
            # Ids were assigned here, not by the sequence; move it past them.
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('article', 'id'), (SELECT max(id) FROM article))"
                )
            )
            connection.commit()
        with Session(bind=connection, expire_on_commit=False) as session:
            search.optimize(session)  # many batches leave a fragmented index
            session.commit()
    echo(f"generated {count} articles")


# SQLite's page cache for the load, in KiB (its default is 2 MB). Every batch writes into
# indexes at random places (slugs, publish times, tags, the search index); with them cached a
# 100k seed took a fifth less time, more as the file grows.
_BULK_CACHE_KIB = 1024 * 1024


@contextmanager
def _bulk_connection(engine: Engine) -> Iterator[Connection]:
    """A write connection of the load's own, closed afterwards rather than pooled (its cache
    would stay with it)."""
    connection = engine.connect().execution_options(**{WRITE_OPTION: True})
    try:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
            connection.commit()
        yield connection
    finally:
        connection.invalidate()
        connection.close()


def _write_batch(
    session: Session, batch: _GeneratedBatch, tag_ids: dict[str, int], now: datetime
) -> None:
    """Insert a generated batch: tags (created as first met), articles, live versions with
    their prepared JSON and search entries, revisions and history."""
    article_table = Article.__table__  # type: ignore[attr-defined]
    tag_table = ArticleTag.__table__  # type: ignore[attr-defined]
    links = []
    for row, tags in zip(batch.rows, batch.tags, strict=True):
        missing = [t for t in tags if tag_key(t) not in tag_ids]
        if missing:
            for tag in get_or_create_tags(session, missing):
                assert tag.id is not None
                tag_ids[tag.key] = tag.id
        links += [
            {"article_id": row["id"], "tag_id": tag_ids[tag_key(t)], "position": p}
            for p, t in enumerate(_one_per_key(tags))
        ]
    session.execute(insert(article_table), batch.rows)
    if links:
        session.execute(insert(tag_table), links)
    live_rows = [_live_row(r, now) for r in batch.rows if r["status"] in LIVE_STATUSES]
    if live_rows:
        session.execute(insert(ArticleLive), live_rows)
        live_ids = {r["article_id"] for r in live_rows}
        live_links = [link for link in links if link["article_id"] in live_ids]
        if live_links:
            session.execute(insert(ArticleLiveTag), live_links)
        prepare_public_json(
            session,
            session.exec(
                select(ArticleLive).where(col(ArticleLive.article_id).in_(live_ids))
            ).all(),
        )
        search.index(
            session,
            [
                search.SearchDocument(
                    r["article_id"], r["title"], r["summary"], r["content_html"], r["publish_at"]
                )
                for r in live_rows
            ],
        )
    session.execute(insert(ArticleRevision), batch.revisions)
    session.execute(insert(ArticleHistory), batch.history)
