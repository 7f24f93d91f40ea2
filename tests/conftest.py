"""Test harness: a real database built by the real migrations, one rolled-back transaction per test.

SQLite always; PostgreSQL when TEST_DATABASE_URL is set, in a database of its own that is
created for this run and dropped after it, so parallel runs never see each other's data.
"""

import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

_RUN_ID = uuid.uuid4().hex[:10]
_SERVER_URL = os.environ.get("TEST_DATABASE_URL")
_TMP_DIR = Path(tempfile.mkdtemp(prefix="newsdesk-test-"))
if _SERVER_URL:
    _server = make_url(_SERVER_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    TEST_DATABASE_URL = _server.set(database=f"newsdesk_test_{_RUN_ID}").render_as_string(
        hide_password=False
    )
else:
    TEST_DATABASE_URL = f"sqlite:///{_TMP_DIR / 'test.db'}"

# Settings are read once per process; set them before anything imports the app.
os.environ["DATABASE_URL"] = TEST_DATABASE_URL
os.environ["NEWSDESK_SECRET_KEY"] = "test-secret-key-that-is-long-enough-for-hs256"
os.environ["NEWSDESK_ENV"] = "development"
# The scheduler thread would write to the shared test database behind the tests' backs;
# tests run the job explicitly.
os.environ["NEWSDESK_RUN_JOBS"] = "false"
# Likewise the view flusher: beacons write in their own request (tests/views tests the buffer).
os.environ["NEWSDESK_VIEWS_FLUSH_SECONDS"] = "0"
os.environ["NEWSDESK_MEDIA_ROOT"] = str(_TMP_DIR / "media")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.core import http  # noqa: E402
from app.core.db import get_engine, make_engine, set_request_session_factory  # noqa: E402
from app.core.migrations import upgrade  # noqa: E402
from app.main import app as fastapi_app  # noqa: E402
from tests.factories import PASSWORD_HASHES, Factory  # noqa: E402

ENGINE_NAME = "postgresql" if _SERVER_URL else "sqlite"


def create_database(name: str) -> None:
    """Create a scratch PostgreSQL database on the test server."""
    admin = make_engine(
        make_url(TEST_DATABASE_URL).set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_database(name: str) -> None:
    admin = make_engine(
        make_url(TEST_DATABASE_URL).set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def scratch_database_url(label: str) -> Iterator[str]:
    """A fresh, empty database of the engine under test, removed afterwards."""
    if _SERVER_URL:
        name = f"newsdesk_test_{_RUN_ID}_{label}"
        create_database(name)
        try:
            yield (
                make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
            )
        finally:
            drop_database(name)
    else:
        path = _TMP_DIR / f"{label}-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    if _SERVER_URL:
        create_database(make_url(TEST_DATABASE_URL).database or "")
    upgrade("head", database_url=TEST_DATABASE_URL)
    engine = get_engine()
    yield engine
    engine.dispose()
    if _SERVER_URL:
        drop_database(make_url(TEST_DATABASE_URL).database or "")


@pytest.fixture(autouse=True)
def _fresh_password_hashes() -> None:
    """Each test hands out the pooled password hashes from the first again (factories.py)."""
    PASSWORD_HASHES.start_test()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test.

    Requests made through `client` join the same transaction: their commits become savepoint
    releases, so they see each other's writes and the test sees them too.
    """
    connection = engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )

    def session_for_request(write: bool) -> Session:
        del write  # one connection, one transaction: SQLite's lock mode does not apply
        return Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

    set_request_session_factory(session_for_request)
    try:
        yield session
    finally:
        set_request_session_factory(None)
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def client(db: Session) -> Iterator[TestClient]:
    with TestClient(fastapi_app) as test_client:
        yield test_client


@pytest.fixture
def factory(db: Session) -> Factory:
    return Factory(db)


@pytest.fixture
def dates_settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Last-Modified sent even for a change made this very second (app.core.http withholds it
    until that second is over), for tests that compare two answers' headers."""
    monkeypatch.setattr(http, "LAST_MODIFIED_SETTLE", timedelta(0))
