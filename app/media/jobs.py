"""The sweep: removes stored files no media item refers to any more.

Files are shared by content, so deleting an item cannot simply delete its files: another item
may use the same ones, or an upload of the same content may be under way. The sweep removes only
files that no row names and that nobody wrote or reused within the grace period (uploads touch
the files they reuse), and unfinished temporary files of crashed uploads.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.media.embed import rendition_rows
from app.media.models import Media
from app.media.storage import Storage

log = logging.getLogger("newsdesk.media")
DEFAULT_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class SweepResult:
    removed: int
    kept: int
    incomplete_removed: int


def referenced_keys(session: Session) -> set[str]:
    keys: set[str] = set()
    for media in session.exec(select(Media)):
        keys.add(media.storage_key)
        keys.update(r["key"] for r in rendition_rows(media))
    return keys


def sweep(
    session: Session, storage: Storage, *, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> SweepResult:
    """Remove unreferenced files untouched for `grace`, and stale temporary files."""
    cutoff = now - grace
    referenced = referenced_keys(session)
    removed = kept = 0
    for key, modified in list(storage.list_keys()):
        if key in referenced:
            kept += 1
        elif modified < cutoff and storage.delete(key, older_than=cutoff):
            removed += 1
    incomplete = storage.discard_incomplete(cutoff)
    log.info(
        "media sweep",
        extra={"removed": removed, "kept": kept, "incomplete_removed": incomplete},
    )
    return SweepResult(removed=removed, kept=kept, incomplete_removed=incomplete)
