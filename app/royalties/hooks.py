"""Keeping royalties in step with what they depend on: article edits and publication
(called by the article and workflow services), purge, and rate table changes (every draft
is recomputed; approved royalties never change)."""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.accounts.permissions import Principal
from app.articles.models import Article
from app.core.db import utcnow
from app.core.errors import Conflict
from app.royalties import rates
from app.royalties.models import ArticleRoyalty, RoyaltyLine, RoyaltyRateTable, RoyaltyStatus
from app.royalties.schemas import RateTableIn
from app.royalties.service import (
    apply_totals,
    get_royalty,
    lines_of,
    lock_article,
    recompute,
)
from app.royalties.suggestions import basis_of, compute, spec_of


def refresh_draft(session: Session, article: Article, *, claim: bool = False) -> None:
    """Recompute a draft royalty after something it depends on changed (the article's type or
    publication date, a rate table). Approved royalties stay frozen. The caller has either
    claimed the article's version already or asks for `claim`."""
    assert article.id is not None
    if claim:
        # Lock the row first (as every royalty write does), then read what is committed.
        session.exec(select(Article.id).where(Article.id == article.id).with_for_update())
        royalty = session.exec(
            select(ArticleRoyalty)
            .where(ArticleRoyalty.article_id == article.id)
            .execution_options(populate_existing=True)
        ).first()
    else:
        royalty = get_royalty(session, article.id)
    if royalty is None or royalty.status != RoyaltyStatus.draft.value:
        return
    lines = lines_of(session, [article.id]).get(article.id, [])
    now = utcnow()
    basis_date, published = basis_of(article, now)
    computation = compute(
        session,
        article_type=article.article_type,
        basis_date=basis_date,
        specs=[spec_of(line) for line in lines],
        strict=False,
    )
    table_id = computation.table.id if computation.table is not None else None
    unchanged = (
        royalty.article_type == article.article_type
        and royalty.basis_date == basis_date
        and royalty.basis_published == published
        and royalty.rate_table_id == table_id
        and royalty.unit_value == (computation.table.unit_value if computation.table else None)
        and all(
            (line.coefficient_milli, line.suggested_amount, line.amount)
            == (r.coefficient_milli, r.suggested_amount, r.amount)
            for line, r in zip(lines, computation.results, strict=True)
        )
    )
    if unchanged:
        return
    if claim:
        lock_article(session, article)
    recompute(session, article, royalty, lines, now=now, strict=False)
    royalty.lock_version += 1
    royalty.updated_at = now
    session.add(royalty)
    if lines:
        apply_totals(article, computation)
        session.add(article)
    session.flush()


def refresh_drafts(session: Session) -> None:
    """Recompute every draft royalty (after a rate table changed)."""
    article_ids = session.exec(
        select(ArticleRoyalty.article_id).where(ArticleRoyalty.status == RoyaltyStatus.draft.value)
    ).all()
    for article_id in article_ids:
        article = session.get(Article, article_id)
        assert article is not None
        refresh_draft(session, article, claim=True)


def before_purge(session: Session, article_id: int) -> None:
    """A draft royalty goes with a purged article; an approved one is an accounting record,
    so the article cannot be purged (409)."""
    royalty = get_royalty(session, article_id)
    if royalty is None:
        return
    if royalty.status == RoyaltyStatus.approved.value:
        raise Conflict(
            "the article has an approved royalty, an accounting record that is kept",
            kind="royalty_kept",
        )
    session.execute(delete(RoyaltyLine).where(col(RoyaltyLine.article_id) == article_id))
    session.delete(royalty)
    session.flush()


# --- rate tables (their changes recompute the drafts) ----------------------------------------


def create_rate_table(session: Session, *, data: RateTableIn, actor: Principal) -> RoyaltyRateTable:
    """Add a version of the rates; drafts it applies to are recomputed."""
    table = rates.create_table(session, data=data, actor=actor)
    refresh_drafts(session)
    return table


def replace_rate_table(
    session: Session,
    *,
    table: RoyaltyRateTable,
    data: RateTableIn,
    actor: Principal,
    expected_lock_version: int,
) -> RoyaltyRateTable:
    """Change a version of the rates; drafts are recomputed, approved royalties are not."""
    table = rates.replace_table(
        session, table=table, data=data, actor=actor, expected_lock_version=expected_lock_version
    )
    refresh_drafts(session)
    return table


def delete_rate_table(
    session: Session, *, table: RoyaltyRateTable, actor: Principal, expected_lock_version: int
) -> None:
    """Remove a version no approved royalty used; drafts are recomputed."""
    rates.delete_table(
        session, table=table, actor=actor, expected_lock_version=expected_lock_version
    )
    refresh_drafts(session)
