"""Apply workflow transitions, and purge. Every transition is checked against the table in
transitions.py, then its effects are applied in one transaction: status, review step, version,
the live version, history, revision and outbox event."""

from datetime import datetime

import orjson
from sqlalchemy import delete, or_
from sqlmodel import Session, col

from app.accounts import audit
from app.accounts.models import Role
from app.accounts.permissions import Principal, can, ensure_can
from app.articles import live, presenters, service
from app.articles.models import (
    Article,
    ArticleAttachment,
    ArticleHistory,
    ArticleLegacyUrl,
    ArticleRelated,
    ArticleSlugRedirect,
    ArticleStatus,
    ArticleTag,
)
from app.core.db import utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput
from app.events.service import EventKind, emit
from app.media import usage as media_usage
from app.notifications import service as notifications
from app.related import index as related_index
from app.revisions import service as revisions
from app.revisions.models import ArticleRevision
from app.royalties import hooks as royalties
from app.workflow.chain import review_steps
from app.workflow.transitions import BY_ACTION, TRANSITIONS, Guard, Target, Transition, Who

# Targets that may publish or withdraw a live version (approve publishes after the last step).
_CHANGES_LIVE = frozenset(
    {Target.publish, Target.next_review_step, Target.unpublished, Target.trashed}
)


def _guard_holds(session: Session, article: Article, guard: Guard | None) -> bool:
    if guard is None:
        return True
    assert article.id is not None
    has_live = live.get_live(session, article.id) is not None
    if guard is Guard.has_live_version:
        return has_live
    # Guard.changes_if_live: re-submitting or re-publishing needs something new to show.
    return not has_live or article.has_unpublished_changes


def available_actions(session: Session, article: Article) -> list[str]:
    """Actions the table allows from the article's current status (ignoring who asks)."""
    status = ArticleStatus(article.status)
    return [
        t.action
        for t in TRANSITIONS
        if status in t.sources and _guard_holds(session, article, t.guard)
    ]


def actions_for(session: Session, article: Article, principal: Principal) -> list[str]:
    """The available actions this principal may take (the desk's buttons): the same checks
    apply_transition makes, so a button shown is a request that is allowed."""
    return [
        action
        for action in available_actions(session, article)
        if _may(principal, BY_ACTION[action], article)
    ]


def _holds(principal: Principal, article: Article, required: Role) -> bool:
    """Whether the principal holds `required` (or a stronger role) in the article's category."""
    role = principal.role_in(article.category_id)
    return role is not None and role.rank >= required.rank


def _may(principal: Principal, transition: Transition, article: Article) -> bool:
    match transition.who:
        case Who.can_edit:
            return can(principal, "edit", article)
        case Who.author_or_editor:
            return article.author_id == principal.id or can(principal, "trash", article)
        case Who.editor:
            return can(principal, "trash", article)  # "trash" is the editor-level right
        case Who.reviewer:
            steps = review_steps()
            return _holds(principal, article, steps[min(article.review_step or 0, len(steps) - 1)])
        case Who.final_reviewer:
            # Making a version live is the last step's decision, whatever path leads there.
            return _holds(principal, article, review_steps()[-1])
    return False


def _is_override(principal: Principal, transition: Transition, article: Article) -> bool:
    """An admin publishing while review steps before the last are still to come: allowed,
    but only with a comment, and recorded as an override. The last step's own role needs
    none (the last word is theirs), and with one step nothing comes before it."""
    steps = review_steps()
    if not transition.admin_override or steps[-1] is Role.admin:
        return False
    if principal.role_in(article.category_id) is not Role.admin:
        return False
    in_review = article.status == ArticleStatus.in_review.value
    reached = (article.review_step or 0) if in_review else 0
    return reached < len(steps) - 1


def apply_transition(
    session: Session,
    *,
    article: Article,
    action: str,
    actor: Principal,
    expected_lock_version: int,
    comment: str = "",
    publish_at: datetime | None = None,
) -> Article:
    """Take one workflow action: 409 if the status does not allow it (naming what does),
    403 if the caller's role does not, 422 for a missing comment or bad dates."""
    ensure_can(actor, "view", article)
    transition = BY_ACTION[action]
    allowed = available_actions(session, article)
    if action not in allowed:
        raise Conflict(
            f"cannot {action} an article that is {article.status}",
            extensions={"allowed_actions": allowed},
        )
    if not _may(actor, transition, article):
        raise Forbidden(f"you may not {action} this article ({transition.who.value} may)")
    if transition.comment_required and not comment:
        raise InvalidInput(f"{action} needs a comment", loc=["comment"])
    override = _is_override(actor, transition, article)
    if override and not comment:
        raise InvalidInput(
            f"an admin's {action} before the last review step is an override: say why in a "
            "comment (it is kept in the history)",
            loc=["comment"],
        )
    if publish_at is not None and not transition.accepts_publish_at:
        raise InvalidInput(f"publish_at does not apply to {action}", loc=["publish_at"])

    if transition.target in _CHANGES_LIVE:
        live.lock_publishing(session)  # first, before the article's own row (lock order)
    service.claim_version(session, article, expected_lock_version)
    previous = article.status
    now = utcnow()
    target = transition.target
    if target is Target.next_review_step:
        step = (article.review_step or 0) + 1
        if step < len(review_steps()):
            article.review_step = step
            target = Target.review  # stays in review, one step further
        else:
            target = Target.publish
    match target:
        case Target.review:
            article.status = ArticleStatus.in_review.value
            if transition.target is Target.review:
                article.review_step = 0
        case Target.publish:
            _publish(session, article, publish_at=publish_at, now=now)
        case Target.settled:
            article.status = _settled_status(session, article, now)
            article.review_step = None
        case Target.rejected:
            article.status = ArticleStatus.rejected.value
            article.review_step = None
        case Target.unpublished | Target.trashed:
            _take_down(session, article, now=now)
            article.status = target.value
            article.review_step = None
        case Target.draft:
            article.status = ArticleStatus.draft.value
    article.updated_at = now
    article.updated_by = actor.id
    session.add(article)
    revisions.record(
        session,
        article,
        action=f"{action}_override" if override else action,
        actor_id=actor.id,
        from_status=previous,
        comment=comment,
    )
    notifications.after_transition(
        session, article=article, action=action, actor=actor, comment=comment
    )
    return article


def _settled_status(session: Session, article: Article, now: datetime) -> str:
    """Where an article rests when no work is pending on it: what its live version says."""
    assert article.id is not None
    current = live.get_live(session, article.id)
    if current is None:
        return ArticleStatus.draft.value
    if current.expire_at is not None and current.expire_at <= now:
        return ArticleStatus.expired.value
    if current.publish_at > now:
        return ArticleStatus.scheduled.value
    return ArticleStatus.published.value


def _publish(
    session: Session, article: Article, *, publish_at: datetime | None, now: datetime
) -> None:
    """Make the working copy live (now or at publish_at) as a new major version."""
    assert article.id is not None
    if publish_at is not None:
        article.publish_at = publish_at
    elif article.publish_at is None:
        article.publish_at = now
    if article.expire_at is not None and article.expire_at <= max(now, article.publish_at):
        raise InvalidInput("expire_at has passed or precedes publish_at", loc=["expire_at"])
    was_visible = live.is_visible(live.get_live(session, article.id), now)
    article.version_major += 1
    article.version_minor = 0
    article.has_unpublished_changes = False
    article.review_step = None
    scheduled = article.publish_at > now
    if article.first_published_at is None or article.first_published_at > now:
        # Not live yet: the first publication is this one (royalties go by its date).
        article.first_published_at = article.publish_at
        royalties.refresh_draft(session, article)
    article.status = (ArticleStatus.scheduled if scheduled else ArticleStatus.published).value
    published = live.publish_version(session, article=article, now=now)
    published.announced = "pending" if scheduled else "live"
    presenters.prepare_public_json(session, [published])
    if scheduled:
        if was_visible:  # the old version leaves the public until the new one's time
            emit(session, kind=EventKind.unpublished, article_id=article.id)
        return  # the scheduler announces it when it goes live
    emit(
        session,
        kind=EventKind.updated if was_visible else EventKind.published,
        article_id=article.id,
        version=article.version,
    )


def _take_down(session: Session, article: Article, *, now: datetime) -> None:
    assert article.id is not None
    was_visible = live.is_visible(live.get_live(session, article.id), now)
    live.withdraw_version(session, article_id=article.id)
    article.has_unpublished_changes = False
    if article.first_published_at is not None and article.first_published_at > now:
        # Taken down before its scheduled go-live: it has never been published.
        article.first_published_at = None
        royalties.refresh_draft(session, article)
    if was_visible:
        emit(session, kind=EventKind.unpublished, article_id=article.id)


def purge_article(
    session: Session, *, article: Article, actor: Principal, expected_lock_version: int
) -> None:
    """Delete a trashed article for good (admins only), leaving an audit record and a
    `deleted` event for integrators."""
    if actor.site_role is not Role.admin:
        raise Forbidden("only an admin may purge")
    if article.status != ArticleStatus.trashed.value:
        raise Conflict(
            "only trashed articles can be purged; trash it first",
            extensions={"allowed_actions": available_actions(session, article)},
        )
    live.lock_publishing(session)
    service.claim_version(session, article, expected_lock_version)
    article_id = article.id
    assert article_id is not None
    royalties.before_purge(session, article_id)
    live.withdraw_version(session, article_id=article_id)
    media_usage.forget_article(session, article_id=article_id)
    for model, column in (
        (ArticleTag, ArticleTag.article_id),
        (ArticleAttachment, ArticleAttachment.article_id),
        (ArticleSlugRedirect, ArticleSlugRedirect.article_id),
        (ArticleLegacyUrl, ArticleLegacyUrl.article_id),
        (ArticleHistory, ArticleHistory.article_id),
        (ArticleRevision, ArticleRevision.article_id),
    ):
        session.execute(delete(model).where(col(column) == article_id))
    related_index.forget_article(session, article_id)
    session.execute(
        delete(ArticleRelated).where(
            or_(
                col(ArticleRelated.article_id) == article_id,
                col(ArticleRelated.related_id) == article_id,
            )
        )
    )
    audit.record(
        session,
        actor_id=actor.id,
        action="article.purge",
        target_type="article",
        target_id=article_id,
        title=article.title,
        slug=article.slug,
        version=article.version,
    )
    emit(
        session,
        kind=EventKind.deleted,
        article_id=article_id,
        deleted_at=utcnow().isoformat(),
    )
    session.delete(article)
    session.flush()


def transition_table_json() -> bytes:
    """The table as JSON (served to UIs so they can offer only valid actions)."""
    return orjson.dumps(
        [
            {
                "action": t.action,
                "from": sorted(s.value for s in t.sources),
                "to": t.target.value,
                "who": t.who.value,
                "guard": t.guard.value if t.guard else None,
                "comment_required": t.comment_required,
                "admin_override": t.admin_override,
            }
            for t in TRANSITIONS
        ]
    )
