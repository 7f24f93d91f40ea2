"""The one answer to "may this principal do X to this article?" (SPEC §5).

Effective role in a category = the strongest of the site-wide role and the grants on that
category or any category above it. Every endpoint asks through `can`/`ensure_can`, and the
workflow will too.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from app.accounts.models import CategoryGrant, Role, User
from app.articles import live
from app.articles.models import Article, ArticleLive, ArticleStatus, Category
from app.core.errors import Forbidden, NotFound

Action = Literal["view", "create", "edit", "trash", "assign_author", "manage_royalty"]

# What a contributor may still change in their own article: work that is not yet in review.
CONTRIBUTOR_EDITABLE = frozenset({ArticleStatus.draft.value, ArticleStatus.rejected.value})


@dataclass(frozen=True)
class Principal:
    """A staff caller: the user (a person, or the service account behind an API key) and the
    roles they hold, with category grants already spread down the category tree."""

    user: User
    site_role: Role | None
    category_roles: Mapping[int, Role] = field(default_factory=dict)

    @property
    def id(self) -> int | None:
        return self.user.id

    def role_in(self, category_id: int) -> Role | None:
        """The effective role in one category."""
        granted = self.category_roles.get(category_id)
        candidates = [r for r in (self.site_role, granted) if r is not None]
        return max(candidates, key=lambda r: r.rank) if candidates else None

    def strongest_role(self) -> Role | None:
        """The strongest role held anywhere (site-wide or in some category)."""
        candidates = [r for r in (self.site_role, *self.category_roles.values()) if r is not None]
        return max(candidates, key=lambda r: r.rank) if candidates else None

    def holds_somewhere(self, minimum: Role) -> bool:
        """Whether the role held somewhere (site-wide or in a category) is at least `minimum`."""
        strongest = self.strongest_role()
        return strongest is not None and strongest.rank >= minimum.rank

    def categories_with(self, minimum: Role) -> set[int] | None:
        """Categories where the role is at least `minimum`; None means every category."""
        if self.site_role is not None and self.site_role.rank >= minimum.rank:
            return None
        return {cid for cid, role in self.category_roles.items() if role.rank >= minimum.rank}


def _at_least(role: Role | None, minimum: Role) -> bool:
    return role is not None and role.rank >= minimum.rank


def load_principal(session: Session, user: User) -> Principal:
    """The user with their grants, each spread to the granted category's descendants."""
    site_role = Role(user.role) if user.role else None
    grants = session.exec(
        select(CategoryGrant.category_id, CategoryGrant.role).where(
            CategoryGrant.user_id == user.id
        )
    ).all()
    if not grants:
        return Principal(user=user, site_role=site_role)
    children: dict[int | None, list[int]] = {}
    for cid, parent in session.exec(select(Category.id, Category.parent_id)).all():
        if cid is not None:
            children.setdefault(parent, []).append(cid)
    category_roles: dict[int, Role] = {}
    for granted_category, granted_role in grants:
        role = Role(granted_role)
        stack = [granted_category]
        while stack:
            cid = stack.pop()
            current = category_roles.get(cid)
            if current is None or current.rank < role.rank:
                category_roles[cid] = role
            stack.extend(children.get(cid, []))
    return Principal(user=user, site_role=site_role, category_roles=category_roles)


def _owns(principal: Principal, article: Article | None) -> bool:
    return article is not None and principal.id is not None and article.author_id == principal.id


def can(
    principal: Principal, action: Action, article: Article | None, *, category_id: int | None = None
) -> bool:
    """Whether `principal` may do `action` to `article` (None when creating in `category_id`).

    `category_id` names the category the article is being filed under when that differs from
    the article's own (creating, or moving it).
    """
    target = category_id if category_id is not None else (article.category_id if article else None)
    role = principal.role_in(target) if target is not None else principal.site_role
    editor = _at_least(role, Role.editor)
    match action:
        case "view":
            return editor or _owns(principal, article)
        case "create":
            return _at_least(role, Role.contributor)
        case "edit":
            if editor:
                return True
            # A contributor changes only their own work, and only before it is in review.
            return (
                _owns(principal, article)
                and article is not None
                and article.status in CONTRIBUTOR_EDITABLE
                and _at_least(role, Role.contributor)
            )
        case "trash" | "assign_author" | "manage_royalty":
            # Royalties are editors' work: a contributor never sets their own pay.
            return editor
    return False


def ensure_can(
    principal: Principal,
    action: Action,
    article: Article | None,
    *,
    category_id: int | None = None,
) -> None:
    """Raise unless allowed: 404 for an article the principal may not even see, 403 otherwise."""
    if article is not None and not can(principal, "view", article):
        raise NotFound(f"article {article.id} does not exist")
    if not can(principal, action, article, category_id=category_id):
        raise Forbidden(f"your role here does not allow you to {action.replace('_', ' ')}")


def visible_articles_clause(principal: Principal) -> ColumnElement[bool] | None:
    """SQL restricting an article query to what the principal may see, or None for all."""
    categories = principal.categories_with(Role.editor)
    if categories is None:
        return None
    own = col(Article.author_id) == principal.id
    if not categories:
        return own
    return or_(col(Article.category_id).in_(categories), own)


def referable_articles_clause(principal: Principal, now: datetime) -> ColumnElement[bool] | None:
    """SQL for the articles the principal may point at from another (related picks): those
    they may view, and any the public sees right now; None for all. Anything else is answered
    exactly like an id that does not exist, so drafts cannot be probed for."""
    visible = visible_articles_clause(principal)
    if visible is None:
        return None
    live_now = (
        select(ArticleLive.article_id)
        .where(col(ArticleLive.article_id) == col(Article.id), live.visible_clause(now))
        .exists()
    )
    return or_(visible, live_now)
