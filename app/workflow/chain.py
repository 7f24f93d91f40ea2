"""The review chain: which role approves each step (NEWSDESK_REVIEW_STEPS)."""

from app.accounts.models import Role
from app.core.config import get_settings


def review_steps() -> tuple[Role, ...]:
    return tuple(Role(step) for step in get_settings().review_steps)


def review_step_role(step: int | None) -> str | None:
    """The role that must approve the given step, or None when not in review."""
    if step is None:
        return None
    steps = review_steps()
    return steps[min(step, len(steps) - 1)].value
