"""A request's write that PostgreSQL aborts because of a concurrent transaction is redone in a
savepoint, a bounded number of times, and logged with the request id (issue 16)."""

import logging

import orjson
import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from app.articles.models import Category
from app.core.db import WRITE_ATTEMPTS, retry_on_conflict
from app.core.logging import JsonFormatter, request_id_var
from tests.factories import Factory


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"driver error {sqlstate}")
        self.sqlstate = sqlstate


def _conflict(sqlstate: str) -> DBAPIError:
    return DBAPIError("INSERT …", None, _DriverError(sqlstate))


def _categories(db: Session) -> list[str]:
    names = db.exec(select(Category.name)).all()
    return [name for name in names if name.startswith("Thử lại")]


def test_a_deadlock_victim_is_redone_once_its_first_attempt_is_rolled_back(
    db: Session, factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    def work() -> str:
        attempts.append(len(attempts) + 1)
        factory.category(f"Thử lại {len(attempts)}")
        if len(attempts) == 1:
            raise _conflict("40P01")
        return "done"

    token = request_id_var.set("req-retry-1")
    try:
        with caplog.at_level(logging.WARNING, logger="newsdesk.db"):
            assert retry_on_conflict(db, work) == "done"
        line = orjson.loads(JsonFormatter().format(caplog.records[0]))
    finally:
        request_id_var.reset(token)

    assert attempts == [1, 2]
    assert _categories(db) == ["Thử lại 2"]  # the first attempt left nothing behind
    assert (line["request_id"], line["attempt"], line["sqlstate"]) == ("req-retry-1", 1, "40P01")


@pytest.mark.parametrize("sqlstate", ["40001", "40P01", "23503", "23505"])
def test_it_gives_up_after_the_last_attempt(db: Session, sqlstate: str) -> None:
    attempts: list[int] = []

    def work() -> None:
        attempts.append(1)
        raise _conflict(sqlstate)

    with pytest.raises(DBAPIError):
        retry_on_conflict(db, work)
    assert len(attempts) == WRITE_ATTEMPTS


def test_other_errors_are_not_redone(db: Session) -> None:
    attempts: list[int] = []

    def work() -> None:
        attempts.append(1)
        raise _conflict("23514")  # a check constraint: the request itself is wrong

    with pytest.raises(DBAPIError):
        retry_on_conflict(db, work)
    assert attempts == [1]
