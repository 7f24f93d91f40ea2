"""Unique slugs with numbered suffixes: `base`, `base-2`, `base-3`…"""

from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session


def slugs_in_use(session: Session, column: Any, base: str) -> set[str]:
    """Values of `column` (a slug attribute) that `base` or its numbered variants hit."""
    rows = session.execute(
        select(column).where(or_(column == base, column.like(f"{base}-%", escape="\\")))
    )
    return {row[0] for row in rows}


def first_free_slug(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
