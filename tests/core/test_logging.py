"""Log lines are JSON, written in batches: info lines within the interval, warnings at once."""

import io
import json
import logging
import time
from typing import Any

import pytest

from app.core.logging import BatchingStreamHandler, JsonFormatter, log_info, request_id_var


class RecordingStream(io.StringIO):
    """A stream that only shows what was flushed to it."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()


def _logger(handler: logging.Handler) -> logging.Logger:
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(f"test.batching.{id(handler)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def test_info_lines_wait_for_the_interval_then_all_arrive() -> None:
    stream = RecordingStream()
    logger = _logger(BatchingStreamHandler(stream, interval=0.2))
    for n in range(3):
        logger.info("request", extra={"status": 200 + n})
    assert stream.flushed == ""  # batched, not one write per line
    deadline = time.monotonic() + 5
    while stream.flushed.count("\n") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the flusher thread writes them without another record
    lines = [json.loads(line) for line in stream.flushed.splitlines()]
    assert [line["status"] for line in lines] == [200, 201, 202]
    assert {line["message"] for line in lines} == {"request"}


def test_a_warning_is_written_at_once_with_what_waited_before_it() -> None:
    stream = RecordingStream()
    logger = _logger(BatchingStreamHandler(stream, interval=60))
    logger.info("first")
    logger.warning("something odd")
    assert [json.loads(line)["message"] for line in stream.flushed.splitlines()] == [
        "first",
        "something odd",
    ]


def test_log_info_writes_what_the_logging_machinery_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, handler = _configured_root(monkeypatch)
    logger = logging.getLogger("test.log_info.direct")
    fields = {"method": "GET", "path": "/v1/articles/1", "status": 304, "duration_ms": 0.04}
    token = request_id_var.set("abc123")
    try:
        calls: list[object] = []
        monkeypatch.setattr(
            logging.Logger, "makeRecord", _counting(calls, logging.Logger.makeRecord)
        )
        log_info(logger, "request", fields)  # straight to the handler: no record made
        assert calls == []
        monkeypatch.setattr(logging.root, "filters", [lambda record: True])  # now the long way
        log_info(logger, "request", fields)
        assert len(calls) == 1
    finally:
        request_id_var.reset(token)
    handler.flush()
    direct, usual = (json.loads(line) for line in stream.getvalue().splitlines())
    assert direct.keys() == usual.keys()
    assert {k: v for k, v in direct.items() if k != "time"} == {
        k: v for k, v in usual.items() if k != "time"
    }
    assert direct["request_id"] == "abc123"
    assert direct["status"] == 304


def test_log_info_respects_a_disabled_logger_and_the_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, handler = _configured_root(monkeypatch)
    logger = logging.getLogger("test.log_info.quiet")
    monkeypatch.setattr(logger, "disabled", True)
    log_info(logger, "request", {"status": 200})
    monkeypatch.setattr(logger, "disabled", False)
    monkeypatch.setattr(logger, "level", logging.WARNING)
    log_info(logger, "request", {"status": 200})
    handler.flush()
    assert stream.getvalue() == ""


def _configured_root(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[RecordingStream, BatchingStreamHandler]:
    """The root logger as configure_logging leaves it, writing to a stream the test reads."""
    stream = RecordingStream()
    handler = BatchingStreamHandler(stream, interval=60)
    handler.setFormatter(JsonFormatter())
    monkeypatch.setattr(logging.root, "handlers", [handler])
    monkeypatch.setattr(logging.root, "filters", [])
    return stream, handler


def _counting(calls: list[object], real: Any) -> Any:
    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    return counting
