"""The editorial workflow as data: every action, the statuses it starts from, where it leads,
and who may take it (SPEC §4). Code and docs/workflow.md both read this table."""

from dataclasses import dataclass
from enum import StrEnum

from app.articles.models import ArticleStatus as S


class Target(StrEnum):
    """Where an action leads, when that is not one fixed status."""

    review = "in_review"  # the first review step
    next_review_step = "next review step, or publish after the last"
    publish = "scheduled or published, by publish_at"
    settled = "what the live version says (published, scheduled, expired), else draft"
    draft = "draft"
    rejected = "rejected"
    unpublished = "unpublished"
    trashed = "trashed"


class Who(StrEnum):
    """Who may take an action, in the article's category (grants count)."""

    can_edit = "anyone who may edit the article"
    author_or_editor = "the author, or an editor"
    reviewer = "a holder of the current review step's role"
    final_reviewer = "a holder of the last review step's role"
    editor = "an editor (or a stronger role)"


class Guard(StrEnum):
    """An extra condition beyond the status."""

    changes_if_live = "if it is live: only when the working copy has unpublished changes"
    has_live_version = "only while a live version exists"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[S]
    target: Target
    who: Who
    guard: Guard | None = None
    comment_required: bool = False
    accepts_publish_at: bool = False
    # An admin may also take it while review steps before the last are still to come, with a
    # comment; the history records it as `<action>_override`.
    admin_override: bool = False


LIVE_STATES = frozenset({S.published, S.scheduled, S.expired})

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", frozenset({S.draft, S.rejected}) | LIVE_STATES, Target.review,
               Who.can_edit, guard=Guard.changes_if_live),
    Transition("withdraw", frozenset({S.in_review}), Target.settled, Who.author_or_editor),
    Transition("approve", frozenset({S.in_review}), Target.next_review_step, Who.reviewer,
               accepts_publish_at=True),
    Transition("reject", frozenset({S.in_review}), Target.rejected, Who.reviewer,
               comment_required=True),
    Transition("publish",
               frozenset({S.draft, S.in_review, S.rejected, S.unpublished}) | LIVE_STATES,
               Target.publish, Who.final_reviewer, guard=Guard.changes_if_live,
               accepts_publish_at=True, admin_override=True),
    Transition("unpublish", LIVE_STATES | {S.in_review, S.rejected}, Target.unpublished,
               Who.editor, guard=Guard.has_live_version),
    Transition("trash", frozenset(S) - {S.trashed}, Target.trashed, Who.editor),
    Transition("restore", frozenset({S.trashed}), Target.draft, Who.editor),
)  # fmt: skip

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}
ACTIONS = tuple(BY_ACTION)
