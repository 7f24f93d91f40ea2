"""Who is told what, in Vietnamese (the desk's catalog): written in the caller's transaction.

- submitted, or moved on to the next review step → the people who may approve that step in
  the article's category (the review chain, docs/workflow.md);
- approved (a step done), returned (with the comment), published → the author;
- published by the scheduler → the author;
- about to expire (NEWSDESK_EXPIRY_WARNING_HOURS before) → the author, once.

Nobody is told about their own action. E-mail goes to those with an address when SMTP is set
up (app/notifications/mail.py sends them after the commit)."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select, update

from app.accounts.models import CategoryGrant, Role, User
from app.accounts.permissions import Principal, load_principal
from app.articles.models import Article, ArticleLive, ArticleStatus, Category
from app.core.config import get_settings
from app.desk.i18n import _, desk_datetime
from app.notifications.models import Notification
from app.workflow.chain import review_steps


def _link(article: Article) -> str:
    return f"{get_settings().desk_url.rstrip('/')}/articles/{article.id}"


def _category_name(session: Session, article: Article) -> str:
    category = session.get(Category, article.category_id)
    return category.name if category else ""


def _tell(
    session: Session,
    users: Iterable[User],
    article: Article,
    *,
    kind: str,
    subject: str,
    lines: Sequence[str],
    dedupe_key: str | None = None,
) -> list[Notification]:
    email_on = bool(get_settings().smtp_host)
    body = "\n\n".join([*lines, _("Open the article: {link}").format(link=_link(article))])
    made = []
    for user in users:
        assert user.id is not None
        notification = Notification(
            user_id=user.id,
            article_id=article.id,
            kind=kind,
            subject=subject[:300],
            body=body,
            email_state="pending" if email_on and user.email else "none",
            dedupe_key=dedupe_key,
        )
        session.add(notification)
        made.append(notification)
    session.flush()
    return made


def _people(session: Session, ids: Iterable[int | None], *, besides: int | None) -> list[User]:
    wanted = {i for i in ids if i is not None and i != besides}
    if not wanted:
        return []
    return list(
        session.exec(
            select(User).where(col(User.id).in_(wanted), col(User.is_active).is_(True))
        ).all()
    )


def reviewers(session: Session, article: Article) -> list[User]:
    """Active staff who may approve the article's current review step in its category."""
    steps = review_steps()
    needed = steps[min(article.review_step or 0, len(steps) - 1)]
    found = []
    # Only those holding a strong enough role somewhere can qualify: the query narrows the
    # staff to them, and the permission rules (load_principal) decide the category.
    strong_enough = [role.value for role in Role if role.rank >= needed.rank]
    granted = select(CategoryGrant.user_id).where(col(CategoryGrant.role).in_(strong_enough))
    staff = session.exec(
        select(User).where(
            col(User.is_active).is_(True),
            col(User.is_service).is_(False),
            or_(col(User.role).in_(strong_enough), col(User.id).in_(granted)),
        )
    ).all()
    for user in staff:
        role = load_principal(session, user).role_in(article.category_id)
        if role is not None and role.rank >= needed.rank:
            found.append(user)
    return found


def after_transition(
    session: Session, *, article: Article, action: str, actor: Principal, comment: str
) -> None:
    """The notifications a workflow action sends (called by apply_transition)."""
    title = article.title
    who = actor.user.display_name or actor.user.username
    in_review = article.status == ArticleStatus.in_review.value
    if action in ("submit", "approve") and in_review:
        _tell(
            session, [u for u in reviewers(session, article) if u.id != actor.id], article,
            kind="submitted",
            subject=_("For review: {title}").format(title=title),
            lines=[_("{who} sent “{title}” ({category}) for review.").format(
                who=who, title=title, category=_category_name(session, article))],
        )  # fmt: skip
    author = _people(session, [article.author_id], besides=actor.id)
    if action == "approve" and in_review:
        _tell(session, author, article, kind="approved",
              subject=_("Approved at one step: {title}").format(title=title),
              lines=[_("{who} approved “{title}”; it goes on to the next review step.").format(
                  who=who, title=title)])  # fmt: skip
    elif action == "reject":
        _tell(session, author, article, kind="rejected",
              subject=_("Returned: {title}").format(title=title),
              lines=[_("{who} returned “{title}” to you.").format(who=who, title=title),
                     _("Comment: {comment}").format(comment=comment)])  # fmt: skip
    elif action in ("publish", "approve") and article.status in (
        ArticleStatus.published.value,
        ArticleStatus.scheduled.value,
    ):
        scheduled = article.status == ArticleStatus.scheduled.value
        _tell(session, author, article, kind="approved" if scheduled else "published",
              subject=(_("Scheduled: {title}") if scheduled else _("Published: {title}")).format(
                  title=title),
              lines=[(_("{who} approved “{title}”; it goes live on {when}.") if scheduled
                      else _("{who} published “{title}”.")).format(
                  who=who, title=title, when=desk_datetime(article.publish_at))])  # fmt: skip


def after_scheduled_go_live(session: Session, *, article: Article) -> None:
    """The scheduler made a scheduled article live: its author is told."""
    _tell(session, _people(session, [article.author_id], besides=None), article,
          kind="live", subject=_("Now live: {title}").format(title=article.title),
          lines=[_("“{title}” went live on schedule.").format(title=article.title)])  # fmt: skip


def warn_expiring(session: Session, *, now: datetime) -> int:
    """Tell authors of live articles that expire within the warning window (once each)."""
    horizon = now + timedelta(hours=get_settings().expiry_warning_hours)
    rows = session.exec(
        select(ArticleLive.article_id, ArticleLive.expire_at).where(
            col(ArticleLive.expire_at).is_not(None),
            col(ArticleLive.expire_at) > now,
            col(ArticleLive.expire_at) <= horizon,
        )
    ).all()
    told = 0
    for article_id, expire_at in rows:
        article = session.get(Article, article_id)
        if article is None or article.author_id is None or expire_at is None:
            continue
        key = f"expiring:{article_id}:{expire_at.isoformat()}"
        already = session.exec(
            select(Notification.id).where(
                Notification.user_id == article.author_id, Notification.dedupe_key == key
            )
        ).first()
        if already is not None:
            continue
        told += len(
            _tell(session, _people(session, [article.author_id], besides=None), article,
                  kind="expiring", subject=_("Expiring soon: {title}").format(title=article.title),
                  lines=[_("“{title}” stops being shown on {when}.").format(
                      title=article.title, when=desk_datetime(expire_at))],
                  dedupe_key=key)
        )  # fmt: skip
    return told


# --- the bell ------------------------------------------------------------------------------------


def unread_count(session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
    ).one()


def latest(session: Session, user_id: int, *, limit: int = 50) -> Sequence[Notification]:
    return session.exec(
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(col(Notification.id).desc())
        .limit(limit)
    ).all()


def mark_all_read(session: Session, user_id: int, *, now: datetime) -> None:
    session.execute(
        update(Notification)
        .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
        .values(read_at=now)
    )
