"""The one answer to "may this staff user do X to this article?" (SPEC §5).

Site-wide roles only for now; per-category grants (accounts issue) plug in here, so every
endpoint keeps asking the same function.
"""

from typing import Literal

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.core.errors import Forbidden, NotFound

Action = Literal["view", "create", "edit", "trash", "assign_author"]

# What a contributor may still change in their own article: work that is not yet in review.
CONTRIBUTOR_EDITABLE = frozenset({ArticleStatus.draft.value, ArticleStatus.rejected.value})


def _owns(user: User, article: Article | None) -> bool:
    return article is not None and user.id is not None and article.author_id == user.id


def can(
    user: User, action: Action, article: Article | None, *, category_id: int | None = None
) -> bool:
    """Whether `user` may do `action` to `article` (None when creating)."""
    del category_id  # reserved for per-category grants
    role = Role(user.role)
    if role.rank >= Role.editor.rank:
        return True
    # A contributor works only on their own articles, and only while they are drafts.
    match action:
        case "create":
            return True
        case "view":
            return _owns(user, article)
        case "edit":
            return (
                _owns(user, article)
                and article is not None
                and article.status in CONTRIBUTOR_EDITABLE
            )
        case _:
            return False


def ensure_can(
    user: User, action: Action, article: Article | None, *, category_id: int | None = None
) -> None:
    """Raise unless allowed: 404 for an article the user may not even see, 403 otherwise."""
    if article is not None and action != "view" and not can(user, "view", article):
        raise NotFound(f"article {article.id} does not exist")
    if not can(user, action, article, category_id=category_id):
        if action == "view":
            raise NotFound(f"article {article.id if article else ''} does not exist")
        raise Forbidden(f"your role may not {action.replace('_', ' ')} this article")
