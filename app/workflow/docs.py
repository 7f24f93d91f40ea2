"""Render the transition table into docs/workflow.md, so the diagram cannot drift from the code.

`python -m app.workflow.docs` rewrites the generated part of the file; a test fails when the
file is not what this module would write.
"""

import sys
from pathlib import Path

from app.articles.models import ArticleStatus
from app.core.config import PROJECT_ROOT
from app.workflow.transitions import TRANSITIONS, Target

DOC_PATH = PROJECT_ROOT / "docs" / "workflow.md"
BEGIN = "<!-- BEGIN GENERATED: transition table (python -m app.workflow.docs) -->"
END = "<!-- END GENERATED -->"

ADMIN_OVERRIDE = "an admin before the last step, as an override"
_TARGET_STATES: dict[Target, tuple[str, ...]] = {
    Target.review: ("in_review",),
    Target.next_review_step: ("in_review", "scheduled", "published"),
    Target.publish: ("scheduled", "published"),
    Target.settled: ("draft", "scheduled", "published", "expired"),
    Target.draft: ("draft",),
    Target.rejected: ("rejected",),
    Target.unpublished: ("unpublished",),
    Target.trashed: ("trashed",),
}


def mermaid() -> str:
    """A state diagram with one arrow per (from, to, action), grouped so it stays readable."""
    lines = ["```mermaid", "stateDiagram-v2", "    [*] --> draft: create"]
    for t in TRANSITIONS:
        if t.action == "trash":
            continue  # from every status; drawn once below
        for source in sorted(s.value for s in t.sources):
            for target in _TARGET_STATES[t.target]:
                lines.append(f"    {source} --> {target}: {t.action}")
    lines.append("    note right of trashed: trash is allowed from every other status")
    lines.append("    published --> expired: expire_at passes (system)")
    lines.append("    scheduled --> published: publish_at passes (system)")
    lines.append("```")
    return "\n".join(lines)


def table() -> str:
    rows = [
        "| action | from | to | who | condition | comment |",
        "|---|---|---|---|---|---|",
    ]
    order = [s.value for s in ArticleStatus]
    for t in TRANSITIONS:
        sources = ", ".join(sorted((s.value for s in t.sources), key=order.index))
        who = t.who.value + (f"; {ADMIN_OVERRIDE}" if t.admin_override else "")
        comment = "required" if t.comment_required else ""
        if t.admin_override:
            comment = "required for an admin's override"
        rows.append(
            f"| `{t.action}` | {sources} | {t.target.value} | {who} | "
            f"{t.guard.value if t.guard else ''} | {comment} |"
        )
    return "\n".join(rows)


def generated_section() -> str:
    return f"{BEGIN}\n\n{mermaid()}\n\n{table()}\n\n{END}"


def render_into(text: str) -> str:
    """`text` with its generated section replaced by the current one."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + generated_section() + text[end:]


def main(path: Path = DOC_PATH) -> None:
    path.write_text(render_into(path.read_text()))
    sys.stdout.write(f"updated {path}\n")


if __name__ == "__main__":
    main()
