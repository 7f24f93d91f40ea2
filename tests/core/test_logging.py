"""Log lines are JSON, written in batches: info lines within the interval, warnings at once."""

import io
import json
import logging
import time

from app.core.logging import BatchingStreamHandler, JsonFormatter


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
