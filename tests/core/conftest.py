import io
import logging
from collections.abc import Iterator

import pytest

from app.core.logging import JsonFormatter


@pytest.fixture
def error_log() -> Iterator[io.StringIO]:
    """The lines of newsdesk.errors in JSON, formatted as they are logged (the request id
    comes from the context then, as in production)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("newsdesk.errors")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
