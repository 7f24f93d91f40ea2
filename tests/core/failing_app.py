"""The app as create_app() builds it, plus what a bug looks like: a route that fails, behind a
fast lane that fails too. For tests only (tests/core/test_errors.py serves it with uvicorn);
the shipped app has no such route."""

from starlette.responses import Response
from starlette.types import Scope

from app.main import create_app

FAILING_PATH = "/v1/test-failure"

app = create_app()


@app.get(FAILING_PATH)
def fail() -> None:
    raise RuntimeError("simulated bug")


async def failing_lane(scope: Scope) -> Response | None:
    if scope["path"] == FAILING_PATH:
        raise RuntimeError("simulated lane bug")
    return None


app.fast_lanes.insert(0, failing_lane)  # type: ignore[attr-defined]
