"""The article form: writing, saving (with the 412 experience when someone else saved first),
workflow actions and the history. Every rule is the services': create_article,
update_article, apply_transition, with the caller's principal."""

from datetime import datetime
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Path, Query, Request
from pydantic import Field
from sqlalchemy import true
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.accounts.models import Role, User
from app.accounts.permissions import Principal, can, ensure_can, referable_articles_clause
from app.articles import presenters
from app.articles import service as articles
from app.articles.models import Article
from app.articles.taxonomy import list_categories
from app.core.config import get_settings
from app.core.db import SessionDep, retry_on_conflict, utcnow
from app.core.errors import InvalidInput, NewsdeskError, PreconditionFailed
from app.core.text import fold, slugify
from app.desk.forms import (
    SEO_FIELDS,
    ArticleForm,
    changed_fields,
    message_for,
    to_create,
    to_update,
)
from app.desk.i18n import N_, _
from app.desk.router import STATUS_LABELS, category_options
from app.desk.web import Desk, DeskChangeDep, DeskDep, PostedForm, render, see_other
from app.media.embed import media_admin
from app.media.models import Media
from app.revisions import service as revisions
from app.workflow import service as workflow

router = APIRouter(include_in_schema=False)
ArticleId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class _PostedArticle(PostedForm):
    title: str = ""
    slug: str = ""
    summary: str = ""
    content_html: str = ""
    image_id: str = ""
    image_caption: str = ""
    category_id: str = ""
    article_type: str = ""
    byline: str = ""
    alternate_url: str = ""
    featured: str = ""
    tags: str = ""
    author_id: str = ""
    publish_at: str = ""
    expire_at: str = ""
    featured_rank: str = ""
    featured_until: str = ""
    related_ids: list[str] = Field(default_factory=list)
    attachment_ids: list[str] = Field(default_factory=list)
    meta_title: str = ""
    meta_description: str = ""
    og_image_id: str = ""
    canonical_url: str = ""
    noindex: str = ""
    lock_version: str = ""


class _PostedAction(PostedForm):
    action: str = ""
    comment: str = ""
    lock_version: str = ""
    publish_at: str = ""


PostedArticleForm = Annotated[_PostedArticle, Form()]
PostedActionForm = Annotated[_PostedAction, Form()]

ACTION_LABELS = {
    "submit": N_("Submit for review"),
    "withdraw": N_("Withdraw"),
    "approve": N_("Approve"),
    "reject": N_("Return to writer"),
    "publish": N_("Publish"),
    "unpublish": N_("Unpublish"),
    "trash": N_("Move to trash"),
    "restore": N_("Restore"),
}
HISTORY_LABELS = {
    "create": N_("created"),
    "update": N_("edited"),
    "import": N_("imported"),
    **ACTION_LABELS,
}
FIELD_LABELS = {
    "title": N_("Title"),
    "slug": N_("Address (slug)"),
    "summary": N_("Summary"),
    "content_html": N_("Body"),
    "image_id": N_("Lead image"),
    "image_caption": N_("Lead image caption"),
    "category_id": N_("Category"),
    "article_type": N_("Type"),
    "byline": N_("Byline"),
    "author_id": N_("Author (account)"),
    "publish_at": N_("Publish date"),
    "expire_at": N_("Stop showing at"),
    "featured_rank": N_("Featured order"),
    "featured_until": N_("Featured until"),
    "related_ids": N_("Related articles (picked)"),
    "attachment_ids": N_("Attachments"),
    "alternate_url": N_("Alternate link"),
    "featured": N_("Featured"),
    "tags": N_("Tags"),
    "meta_title": N_("Title for search engines"),
    "meta_description": N_("Description for search engines"),
    "og_image_id": N_("Share image"),
    "canonical_url": N_("Canonical address"),
    "noindex": N_("Not indexed"),
}


def article_for(session: Session, desk: Desk, article_id: int) -> Article:
    """The article if the caller may view it; otherwise the same 404 as an unknown id."""
    article = articles.get_article(session, article_id)
    ensure_can(desk.principal, "view", article)
    return article


def _writable_categories(session: Session, principal: Principal) -> list[tuple[int, str]]:
    allowed = principal.categories_with(Role.contributor)
    return [
        (cid, label)
        for cid, label in category_options(list(list_categories(session)))
        if allowed is None or cid in allowed
    ]


def _page(
    request: Request,
    session: Session,
    desk: Desk,
    form: ArticleForm,
    *,
    article: Article | None,
    status_code: int = 200,
    message: str | None = None,
    conflict: dict[str, Any] | None = None,
) -> Response:
    context: dict[str, Any] = {
        "form": form,
        "article": article,
        "categories": _writable_categories(session, desk.principal),
        "article_types": get_settings().article_types,
        "status_labels": STATUS_LABELS,
        "action_labels": ACTION_LABELS,
        "field_labels": FIELD_LABELS,
        "history_labels": HISTORY_LABELS,
        "message": message,
        "conflict": conflict,
        "saved": request.query_params.get("saved") == "1",
        "editor_labels": _editor_labels(),
        "actions": [],
        "history": [],
        "lead_thumb": media_thumb(session, form.image_id),
        "share_thumb": media_thumb(session, form.og_image_id),
        "seo_fields": SEO_FIELDS,
        "authors": _assignable_authors(session, desk.principal, article),
        "related": _related_titles(session, desk.principal, form.related_ids),
        "attachments": _attachment_names(session, form.attachment_ids),
        "may_manage_royalty": bool(article and can(desk.principal, "manage_royalty", article)),
    }
    if article is not None:
        assert article.id is not None
        context["actions"] = workflow.actions_for(session, article, desk.principal)
        context["history"] = presenters.history_entries(
            session, revisions.history_of(session, article.id)
        )[::-1]
    return render(request, "article_form.html", context, desk=desk, status_code=status_code)


def _assignable_authors(
    session: Session, principal: Principal, article: Article | None
) -> list[User]:
    """The accounts an article can be given to, for those who may assign authors."""
    if article is not None and not can(principal, "assign_author", article):
        return []
    if article is None and (principal.strongest_role() or Role.contributor).rank < Role.editor.rank:
        return []
    return list(session.exec(
        select(User).where(col(User.is_active).is_(True), col(User.is_service).is_(False))
        .order_by(col(User.display_name), col(User.username))
    ).all())  # fmt: skip


def _referable(principal: Principal) -> Any:
    """Articles this user may pick as related: the permission rule of the API itself."""
    clause = referable_articles_clause(principal, utcnow())
    return select(Article.id, Article.title).where(clause if clause is not None else true())


def _related_titles(
    session: Session, principal: Principal, ids: list[str]
) -> list[tuple[int, str]]:
    """The picked articles with their titles; one the user may not see shows as its number,
    exactly as an unknown id would (nothing about it is revealed)."""
    wanted = [int(i) for i in ids if i.isdigit()]
    if not wanted:
        return []
    titles = dict(session.exec(_referable(principal).where(col(Article.id).in_(wanted))).all())
    return [(i, titles.get(i, f"#{i}")) for i in wanted]


def _attachment_names(session: Session, ids: list[str]) -> list[tuple[int, str]]:
    wanted = [int(i) for i in ids if i.isdigit()]
    if not wanted:
        return []
    names = dict(
        session.exec(select(Media.id, Media.filename).where(col(Media.id).in_(wanted))).all()
    )
    return [(i, names.get(i, f"#{i}")) for i in wanted]


def media_thumb(session: Session, image_id: str) -> str:
    """An image's smallest rendition, for a form's preview (lead, share image, a photo)."""
    media = session.get(Media, int(image_id)) if image_id.isdigit() else None
    if media is None or media.kind != "image":
        return ""
    shape = media_admin(media)
    smallest = min(shape.renditions, key=lambda r: r.width, default=None)
    return smallest.url if smallest else shape.url


def _editor_labels() -> dict[str, str]:
    return {
        "toolbar": _("Formatting"), "bold": _("Bold"), "italic": _("Italic"),
        "heading2": _("Heading"), "heading3": _("Subheading"), "bulletList": _("List"),
        "orderedList": _("Numbered list"), "blockquote": _("Quote"), "link": _("Link"),
        "table": _("Table"), "image": _("Image"), "caption": _("Caption"), "undo": _("Undo"),
        "redo": _("Redo"), "embed": _("Video or map"),
        "linkPrompt": _("Link address (empty to remove the link):"),
        "captionPrompt": _("Caption of the selected image:"),
        "embedPrompt": _("Address of the video (YouTube, Facebook, Vimeo) or the map's embed "
                         "address (Google Maps):"),
    }  # fmt: skip


def _problem_message(error: NewsdeskError, form: ArticleForm) -> str:
    """A service's refusal, in the user's words; a field's own error goes next to it."""
    if isinstance(error, InvalidInput) and error.errors:
        for item in error.errors:
            loc = [str(p) for p in item.get("loc", []) if p != "body"]
            if loc and loc[0] in FIELD_LABELS:
                # The same wording as the form's own checks where the rule is known.
                known = message_for({"type": item.get("type", ""), "loc": loc})
                generic = _("Not a valid value.")
                form.errors.setdefault(
                    loc[0], known if known != generic else f"{generic} ({item.get('msg')})"
                )
    messages = {
        403: _("You may not do this."),
        404: _("Something this article refers to does not exist, or you may not see it."),
        409: _("This cannot be done in the article's current state."),
        422: _("Some fields need correcting."),
    }
    return messages.get(error.status_code, _("Something went wrong. Try again later."))


# --- writing a new article -------------------------------------------------------------------


@router.get("/articles/new")
def new_article(request: Request, session: SessionDep, desk: DeskDep) -> Response:
    return _page(request, session, desk, ArticleForm(), article=None)


@router.post("/articles/new")
def create_article(
    request: Request, session: SessionDep, desk: DeskChangeDep, posted: PostedArticleForm
) -> Response:
    form = ArticleForm.posted(posted.model_dump())
    data = to_create(form)
    if data is None:
        return _page(request, session, desk, form, article=None, status_code=422,
                     message=_("Some fields need correcting."))  # fmt: skip
    try:
        article = retry_on_conflict(
            session, partial(articles.create_article, session, data=data, actor=desk.principal)
        )
    except NewsdeskError as error:
        message = _problem_message(error, form)
        return _page(request, session, desk, form, article=None,
                     status_code=error.status_code, message=message)  # fmt: skip
    return see_other(f"/desk/articles/{article.id}?saved=1")


# --- editing -----------------------------------------------------------------------------------


@router.get("/articles/{article_id}")
def edit_article(
    request: Request, session: SessionDep, desk: DeskDep, article_id: ArticleId
) -> Response:
    article = article_for(session, desk, article_id)
    return _page(request, session, desk, ArticleForm.of(session, article), article=article)


@router.post("/articles/{article_id}")
def save_article(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    article_id: ArticleId,
    posted: PostedArticleForm,
) -> Response:
    form = ArticleForm.posted(posted.model_dump())
    article = article_for(session, desk, article_id)
    saved = ArticleForm.of(session, article)
    if form.lock_version != article.lock_version:
        return _conflict(request, session, desk, form, article, saved)
    data = to_update(form, saved)
    if data is None:
        return _page(request, session, desk, form, article=article, status_code=422,
                     message=_("Some fields need correcting."))  # fmt: skip
    try:
        retry_on_conflict(
            session,
            partial(articles.update_article, session, article=article, data=data,
                    actor=desk.principal, expected_lock_version=form.lock_version),
        )  # fmt: skip
    except PreconditionFailed:  # saved by someone else between our read and our write
        session.refresh(article)
        return _conflict(request, session, desk, form, article, ArticleForm.of(session, article))
    except NewsdeskError as error:
        session.refresh(article)
        message = _problem_message(error, form)
        return _page(request, session, desk, form, article=article,
                     status_code=error.status_code, message=message)  # fmt: skip
    return see_other(f"/desk/articles/{article_id}?saved=1")


def _conflict(
    request: Request,
    session: Session,
    desk: Desk,
    mine: ArticleForm,
    article: Article,
    saved: ArticleForm,
) -> Response:
    """Someone saved first: nothing of theirs is overwritten and nothing typed is lost. The
    form keeps what the user typed, the panel shows what is saved now where it differs, and
    the form now carries the saved version: saving again puts the user's text over it
    knowingly; "reload" takes the saved one."""
    differing = changed_fields(mine, saved)
    shown_mine, shown_saved = mine.values(), saved.values()
    mine.lock_version = article.lock_version
    conflict = {
        "fields": [(name, shown_saved[name], shown_mine[name]) for name in differing],
        "updated_by": presenters.history_entries(
            session, revisions.history_of(session, article.id or 0)
        )[-1:],
    }
    return _page(request, session, desk, mine, article=article, status_code=412,
                 conflict=conflict,
                 message=_("Someone else saved this article while you were editing."))  # fmt: skip


# --- workflow ----------------------------------------------------------------------------------


@router.post("/articles/{article_id}/action")
def take_action(
    request: Request,
    session: SessionDep,
    desk: DeskChangeDep,
    article_id: ArticleId,
    posted: PostedActionForm,
) -> Response:
    action, comment, lock_version = posted.action, posted.comment, posted.lock_version
    publish_at = posted.publish_at
    article = article_for(session, desk, article_id)
    form = ArticleForm.of(session, article)
    if action not in ACTION_LABELS:
        return _page(request, session, desk, form, article=article, status_code=422,
                     message=_("Unknown action."))  # fmt: skip
    when = None
    if publish_at:
        try:
            when = datetime.fromisoformat(publish_at).replace(
                tzinfo=ZoneInfo(get_settings().timezone)
            )
        except ValueError:
            return _page(request, session, desk, form, article=article, status_code=422,
                         message=_("Dates are written as dd/mm/yyyy."))  # fmt: skip
    if not lock_version.isdigit() or int(lock_version) != article.lock_version:
        return _page(request, session, desk, form, article=article, status_code=412,
                     message=_("Someone else changed this article meanwhile: look at it again "
                               "before deciding."))  # fmt: skip
    try:
        retry_on_conflict(
            session,
            partial(workflow.apply_transition, session, article=article, action=action,
                    actor=desk.principal, expected_lock_version=article.lock_version,
                    comment=comment.strip(), publish_at=when),
        )  # fmt: skip
    except NewsdeskError as error:
        session.refresh(article)
        if (
            isinstance(error, InvalidInput)
            and error.errors
            and any("comment" in item.get("loc", []) for item in error.errors)
        ):
            message = _("Say why in a comment: the writer will read it.")
        else:
            message = _problem_message(error, form)
        return _page(request, session, desk, ArticleForm.of(session, article), article=article,
                     status_code=error.status_code, message=message)  # fmt: skip
    return see_other(f"/desk/articles/{article_id}?saved=1")


@router.get("/slug-preview")
def slug_preview(desk: DeskDep, title: Annotated[str, Query(max_length=500)] = "") -> Response:
    """The address a title gives (htmx, as the title is typed)."""
    return Response(slugify(title) or "", media_type="text/plain; charset=utf-8")


@router.get("/related-search")
def related_search(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    related_q: Annotated[str, Query(max_length=200)] = "",
    exclude: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """Articles to pick as related as the title is typed (folded, like the list's search)."""
    folded = fold(related_q).strip()
    found: list[tuple[int, str]] = []
    if folded:
        stmt = _referable(desk.principal).where(
            col(Article.title_folded).contains(folded, autoescape=True),
            col(Article.status) != "trashed",
        )
        if exclude is not None:
            stmt = stmt.where(col(Article.id) != exclude)
        found = list(session.exec(stmt.order_by(col(Article.id).desc()).limit(10)).all())
    return render(request, "related_found.html", {"found": found, "q": related_q}, desk=desk)


@router.get("/articles/{article_id}/preview")
def preview(
    request: Request, session: SessionDep, desk: DeskDep, article_id: ArticleId
) -> Response:
    """The working copy as the public will see it once published: the preview endpoint's own
    shape (presenters.preview_detail), laid out like an article page."""
    article = article_for(session, desk, article_id)
    shown = presenters.preview_detail(session, article)
    return render(request, "preview.html", {"article": shown}, desk=desk)
