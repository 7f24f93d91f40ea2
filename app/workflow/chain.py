"""The review chain: which role approves each step (NEWSDESK_REVIEW_STEPS)."""

from sqlalchemy import ColumnElement, and_, false, func, or_
from sqlmodel import col

from app.accounts.models import Role
from app.accounts.permissions import Principal
from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings


def review_steps() -> tuple[Role, ...]:
    return tuple(Role(step) for step in get_settings().review_steps)


def review_step_role(step: int | None) -> str | None:
    """The role that must approve the given step, or None when not in review."""
    if step is None:
        return None
    steps = review_steps()
    return steps[min(step, len(steps) - 1)].value


def awaiting_review_clause(principal: Principal) -> ColumnElement[bool]:
    """Articles in review whose current step this principal may approve ("Chờ tôi duyệt"):
    the step's role, or a stronger one, in the article's category, as the workflow checks
    (app.workflow.service._may). A step past the chain's end counts as its last."""
    steps = review_steps()
    step = func.coalesce(col(Article.review_step), 0)
    reachable: list[ColumnElement[bool]] = []
    for index, role in enumerate(steps):
        at_step = step >= index if index == len(steps) - 1 else step == index
        categories = principal.categories_with(role)
        if categories is None:
            reachable.append(at_step)
        elif categories:
            reachable.append(and_(at_step, col(Article.category_id).in_(categories)))
    if not reachable:
        return false()
    return and_(col(Article.status) == ArticleStatus.in_review.value, or_(*reachable))
