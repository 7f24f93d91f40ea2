"""Load-or-404 for media items."""

from typing import Annotated

from fastapi import Depends, Path

from app.accounts.deps import CurrentStaff
from app.core.db import SessionDep
from app.media import service
from app.media.models import Media


def _media_for_staff(
    session: SessionDep, _: CurrentStaff, media_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Media:
    return service.get_media(session, media_id)


MediaById = Annotated[Media, Depends(_media_for_staff)]
