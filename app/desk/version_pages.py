"""Version History, as SharePoint's, better: every revision of an article, any two side by
side (fields, and the body line by line), and restoring one as a new revision. The revisions
service computes the changes and the restore; royalty figures only for those who may."""

import difflib
import re
from functools import partial
from itertools import zip_longest
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.accounts.models import User
from app.accounts.permissions import can
from app.articles import service as articles
from app.core.db import SessionDep, retry_on_conflict
from app.core.errors import NewsdeskError
from app.desk.article_pages import FIELD_LABELS, HISTORY_LABELS, article_for
from app.desk.i18n import _
from app.desk.web import Desk, DeskChangeDep, DeskDep, render, see_other
from app.revisions import service as revisions

router = APIRouter(include_in_schema=False)
ArticleId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Number = Annotated[int, Path(ge=1, le=2**31 - 1)]


# A piece of a compared line and whether it changed; a line is a list of them, so that only
# the words that changed are marked, not the whole paragraph.
Segment = tuple[str, bool]
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """The two texts cut into words, spaces and punctuation, each side's changed runs marked."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        _append(left, "".join(old[a1:a2]), op != "equal")
        _append(right, "".join(new[b1:b2]), op != "equal")
    return left, right


def _append(segments: list[Segment], text: str, changed: bool) -> None:
    if not text:
        return
    if segments and segments[-1][1] == changed:
        segments[-1] = (segments[-1][0] + text, changed)
    else:
        segments.append((text, changed))


def side_by_side(before: str, after: str) -> list[tuple[list[Segment], list[Segment], str]]:
    """The body's readable lines as rows (left, right, kind): same, changed, removed, added;
    a changed line marks the words that changed."""
    left, right = revisions.html_to_lines(before), revisions.html_to_lines(after)
    rows: list[tuple[list[Segment], list[Segment], str]] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(([(line, False)], [(line, False)], "same") for line in left[a1:a2])
        elif op == "delete":
            rows.extend(([(line, True)], [], "removed") for line in left[a1:a2])
        elif op == "insert":
            rows.extend(([], [(line, True)], "added") for line in right[b1:b2])
        else:
            for old, new in zip_longest(left[a1:a2], right[b1:b2]):
                if old and new:
                    rows.append((*word_diff(old, new), "changed"))
                elif old:
                    rows.append(([(old, True)], [], "removed"))
                else:
                    rows.append(([], [(new or "", True)], "added"))
    return rows


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    return str(value)


def _versions_page(
    request: Request,
    session: Session,
    desk: Desk,
    article_id: int,
    *,
    older: int | None,
    newer: int | None,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    article = article_for(session, desk, article_id)
    assert article.id is not None
    listed = list(revisions.list_revisions(session, article.id))
    authors = {u.id: u.display_name or u.username for u in session.exec(_users(listed))}
    numbers = [r.number for r in listed]
    newer = newer if newer in numbers else (numbers[-1] if numbers else None)
    older = older if older in numbers else (numbers[-2] if len(numbers) > 1 else newer)
    changes: list[dict[str, Any]] = []
    body_rows: list[tuple[list[Segment], list[Segment], str]] = []
    if older is not None and newer is not None and older != newer:
        first = revisions.get_revision(session, article_id=article.id, number=older)
        second = revisions.get_revision(session, article_id=article.id, number=newer)
        royalty = can(desk.principal, "manage_royalty", article)
        for change in revisions.diff(first, second, royalty=royalty):
            if change["field"] == "content_html":
                body_rows = side_by_side(change["from_value"] or "", change["to_value"] or "")
                continue
            before, after = word_diff(_shown(change["from_value"]), _shown(change["to_value"]))
            changes.append({
                "field": change["field"],
                "label": FIELD_LABELS.get(change["field"], change["field"]),
                "before": before,
                "after": after,
            })  # fmt: skip
    context = {
        "article": article,
        "revisions": listed[::-1],
        "authors": authors,
        "older": older,
        "newer": newer,
        "changes": changes,
        "body_rows": body_rows,
        "history_labels": HISTORY_LABELS,
        "may_restore": can(desk.principal, "edit", article),
        "message": message,
    }
    return render(request, "versions.html", context, desk=desk, status_code=status_code)


def _users(listed: list[Any]) -> Any:
    ids = {r.created_by for r in listed if r.created_by is not None}
    return select(User).where(col(User.id).in_(ids or {0}))


@router.get("/articles/{article_id}/versions")
def version_history(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    article_id: ArticleId,
    older: Annotated[int | None, Query(alias="from", ge=1, le=2**31 - 1)] = None,
    newer: Annotated[int | None, Query(alias="to", ge=1, le=2**31 - 1)] = None,
) -> Response:
    return _versions_page(request, session, desk, article_id, older=older, newer=newer)


@router.post("/articles/{article_id}/versions/{number}/restore")
def restore_version(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    article_id: ArticleId,
    number: Number,
    lock_version: Annotated[str, Form()] = "",
) -> Response:
    """The revision's content becomes a new revision of the working copy; nothing newer is
    lost (it stays in the history, and can be restored in turn)."""
    article = article_for(session, desk, article_id)
    revision = revisions.get_revision(session, article_id=article_id, number=number)
    if not lock_version.isdigit() or int(lock_version) != article.lock_version:
        return _versions_page(request, session, desk, article_id, older=number, newer=None,
                              status_code=412,
                              message=_("Someone else changed this article meanwhile: look "
                                        "at it again before deciding."))  # fmt: skip
    try:
        retry_on_conflict(
            session,
            partial(articles.update_article, session, article=article,
                    data=revisions.restore_data(revision), actor=desk.principal,
                    expected_lock_version=article.lock_version, action="restore",
                    comment=f"restored from revision {number}"),
        )  # fmt: skip
    except NewsdeskError as error:
        session.refresh(article)
        message = (
            _("You may not do this.")
            if error.status_code == 403
            else _("This cannot be done in the article's current state.")
        )
        return _versions_page(request, session, desk, article_id, older=number, newer=None,
                              status_code=error.status_code, message=message)  # fmt: skip
    return see_other(f"/desk/articles/{article_id}?saved=1")
