"""Liveness and readiness probes."""

from functools import lru_cache

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import Response

from app.core.config import PROJECT_ROOT
from app.core.db import SessionDep
from app.core.errors import problem_response

router = APIRouter()


@lru_cache
def schema_head() -> str | None:
    """The newest migration revision shipped with this code."""
    script = ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini")))
    return script.get_current_head()


@router.get("/healthz", include_in_schema=True)
def healthz() -> dict[str, str]:
    """The process is up (no dependencies checked)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Not ready"}})
def readyz(session: SessionDep) -> Response:
    """Ready to serve: the database answers and its schema is at the head migration."""
    try:
        current = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        session.rollback()
        return problem_response(503, detail="the database is unreachable or not migrated")
    if current != schema_head():
        return problem_response(
            503, detail=f"the schema is at {current}, the code expects {schema_head()}"
        )
    return Response(b'{"status":"ready"}', media_type="application/json")
