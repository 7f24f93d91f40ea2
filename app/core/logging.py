"""JSON logs, one object per line, each carrying the id of the request it belongs to."""

import io
import logging
import os
import sys
import threading
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

import orjson

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed in `extra=` and is logged as a field.
_STANDARD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "color_message",  # uvicorn's ANSI-coloured duplicate of the message
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = _entry(record.created, record.levelname.lower(), record.name, record.getMessage())
        fields = record.__dict__
        for key in fields.keys() - _STANDARD_ATTRS:
            if not key.startswith("_"):
                entry[key] = fields[key]
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def _entry(created: float, level: str, logger: str, message: str) -> dict[str, object]:
    entry: dict[str, object] = {
        "time": datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds"),
        "level": level,
        "logger": logger,
        "message": message,
    }
    request_id = request_id_var.get()
    if request_id:
        entry["request_id"] = request_id
    return entry


def log_info(logger: logging.Logger, message: str, fields: dict[str, object]) -> None:
    """`logger.info(message, extra=fields)`, written straight to our handler when logging is
    as configure_logging set it up (the logger's records go to that one handler, nothing
    filters them): the same line, without a LogRecord and the logging machinery, which were a
    third of a kept detail's or a 304's time in the process (docs/performance.md, session 5).
    Anything else (a test capturing logs, another handler, a filter) takes the usual way."""
    handler = _sole_json_handler(logger)
    if handler is None:
        logger.info(message, extra=fields)
        return
    if not logger.isEnabledFor(logging.INFO):
        return
    entry = _entry(time.time(), "info", logger.name, message)
    entry.update(fields)
    handler.write_line(orjson.dumps(entry, default=str).decode(), logging.INFO)


def _sole_json_handler(logger: logging.Logger) -> "BatchingStreamHandler | None":
    root = logging.root
    on_the_way: logging.Logger | None = logger
    while on_the_way is not None and on_the_way is not root:
        if (
            on_the_way.handlers
            or on_the_way.filters
            or on_the_way.disabled
            or not on_the_way.propagate
        ):
            return None
        on_the_way = on_the_way.parent
    if root.filters or root.disabled or len(root.handlers) != 1:
        return None
    handler = root.handlers[0]
    if (
        type(handler) is not BatchingStreamHandler
        or handler.filters
        or type(handler.formatter) is not JsonFormatter
        or handler.level > logging.INFO
    ):
        return None
    return handler


class BatchingStreamHandler(logging.StreamHandler[TextIO]):
    """A stream handler that writes lines in batches: at most every `interval` seconds, at
    once for warnings and above, and at exit (logging.shutdown).

    One write per line (what StreamHandler does, flushing after each record) cost a 304 about
    8 µs of its ~65 µs in the process when standard error is a pipe (a container's log). A
    line waits at most `interval` seconds; a crash can lose that much of the info lines, never
    a warning or an error.
    """

    def __init__(self, stream: TextIO, interval: float = 1.0) -> None:
        super().__init__(stream)
        self.interval = interval
        self._due = time.monotonic() + interval
        self._pending = False
        # Lines written just before a quiet spell must not wait for the next record.
        threading.Thread(target=self._flush_now_and_then, name="log-flush", daemon=True).start()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._write(self.format(record), record.levelno)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def write_line(self, line: str, level: int) -> None:
        """A line already formatted (log_info), batched as a record of `level` would be."""
        lock = self.lock
        assert lock is not None  # Handler.__init__ made it
        with lock:
            self._write(line, level)

    def _write(self, line: str, level: int) -> None:
        self.stream.write(line + "\n")
        now = time.monotonic()
        if level >= logging.WARNING or now >= self._due:
            self.stream.flush()
            self._due, self._pending = now + self.interval, False
        else:
            self._pending = True

    def _flush_now_and_then(self) -> None:
        lock = self.lock
        assert lock is not None  # Handler.__init__ made it
        while True:
            time.sleep(self.interval)
            with lock:  # emit runs under it too
                if self._pending:
                    self.stream.flush()
                    self._pending = False


def _stderr_in_batches() -> TextIO:
    """Standard error with a buffer of its own (Python's sys.stderr flushes every line), on a
    duplicate of its descriptor: ours alone, so never one that was closed and reused."""
    try:
        descriptor = os.dup(sys.stderr.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):  # replaced by something in memory
        return sys.stderr
    return open(descriptor, "w", buffering=1 << 16, encoding="utf-8")  # lives with the process


def configure_logging(level: str = "INFO") -> None:
    """Route every logger (ours, uvicorn's, SQLAlchemy's) through one JSON handler on stderr."""
    # Fields our lines never print, so no record pays for collecting them (the logging HOWTO's
    # "Optimization" section): the caller's frame, thread, process and multiprocessing names.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    root = logging.getLogger()
    kept = [h for h in root.handlers if isinstance(h, BatchingStreamHandler)]
    handler = kept[0] if kept else BatchingStreamHandler(_stderr_in_batches())
    handler.setFormatter(JsonFormatter())
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # We write our own access line (with the request id); uvicorn's would be a duplicate.
    logging.getLogger("uvicorn.access").disabled = True
