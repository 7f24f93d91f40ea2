"""`GET /v1/sync`: the feed integrators mirror the live articles from (API key, `sync` scope)."""

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from app.accounts.deps import require_scope
from app.core.db import SessionDep
from app.core.pagination import CursorQuery
from app.sync import service
from app.sync.schemas import SyncPageOut

router = APIRouter()


@router.get(
    "",
    response_model=SyncPageOut,
    dependencies=[require_scope("sync")],
    responses={410: {"description": "The cursor is older than the change log keeps: resync"}},
)
def sync(
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = service.DEFAULT_LIMIT,
) -> Response:
    """Without a cursor, every live article (paged); then every change after the cursor."""
    page = service.read_page(session, cursor=cursor, limit=limit)
    return Response(
        service.page_json(page),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )
