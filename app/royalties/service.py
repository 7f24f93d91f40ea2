"""The royalty of an article: lines per payee, suggestions from the rate table in force on the
publish date, approval that freezes it, audited adjustments after that, and the article's
totals (page_count, photo_count, royalty_amount) kept equal to the lines (SPEC §11)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from app.accounts import audit
from app.accounts.models import User
from app.accounts.permissions import Principal, ensure_can
from app.articles.models import Article
from app.core.db import utcnow
from app.core.errors import Conflict, InvalidInput, PreconditionFailed
from app.media import usage as media_usage
from app.royalties.compute import FULL_SHARE, from_bp, to_bp
from app.royalties.models import ArticleRoyalty, RoyaltyAdjustment, RoyaltyLine, RoyaltyStatus
from app.royalties.schemas import MAX_AMOUNT, AdjustmentIn, RoyaltyLineIn, RoyaltyPut
from app.royalties.suggestions import (
    Computation,
    LineSpec,
    basis_of,
    compute,
    groups_of,
    spec_of,
)

# --- reading ---------------------------------------------------------------------------------


def get_royalty(session: Session, article_id: int) -> ArticleRoyalty | None:
    return session.get(ArticleRoyalty, article_id)


def lines_of(session: Session, article_ids: Sequence[int]) -> dict[int, list[RoyaltyLine]]:
    rows = session.exec(
        select(RoyaltyLine)
        .where(col(RoyaltyLine.article_id).in_(article_ids))
        .order_by(col(RoyaltyLine.article_id), col(RoyaltyLine.position))
    ).all()
    found: dict[int, list[RoyaltyLine]] = {}
    for row in rows:
        found.setdefault(row.article_id, []).append(row)
    return found


def adjustments_of(
    session: Session, article_ids: Sequence[int]
) -> dict[int, list[RoyaltyAdjustment]]:
    rows = session.exec(
        select(RoyaltyAdjustment)
        .where(col(RoyaltyAdjustment.article_id).in_(article_ids))
        .order_by(col(RoyaltyAdjustment.id))
    ).all()
    found: dict[int, list[RoyaltyAdjustment]] = {}
    for row in rows:
        found.setdefault(row.article_id, []).append(row)
    return found


def is_active(session: Session, article_id: int) -> bool:
    """Whether the article's totals are owned by its royalty (it has lines or is approved)."""
    royalty = get_royalty(session, article_id)
    if royalty is None:
        return False
    if royalty.status == RoyaltyStatus.approved.value:
        return True
    return (
        session.exec(select(RoyaltyLine.id).where(RoyaltyLine.article_id == article_id)).first()
        is not None
    )


# --- writing ---------------------------------------------------------------------------------


def lock_article(session: Session, article: Article) -> None:
    """Bump the article's lock_version in one atomic UPDATE: its totals change (so its ETag
    must), and the row lock serializes every royalty write to this article."""
    session.flush()
    new_version = session.execute(
        update(Article)
        .where(col(Article.id) == article.id)
        .values(lock_version=col(Article.lock_version) + 1)
        .returning(col(Article.lock_version))
        .execution_options(synchronize_session=False)
    ).scalar_one()
    set_committed_value(article, "lock_version", new_version)


def _current(
    session: Session, article_id: int, expected_lock_version: int
) -> ArticleRoyalty | None:
    """The royalty as committed now (read after the article row is locked), or 412 if it is
    not the version the caller saw (0: none yet)."""
    royalty = session.exec(
        select(ArticleRoyalty)
        .where(ArticleRoyalty.article_id == article_id)
        .execution_options(populate_existing=True)
    ).first()
    current = royalty.lock_version if royalty is not None else 0
    if current != expected_lock_version:
        raise PreconditionFailed(
            "someone else changed this royalty since you read it; reload and apply your edit again"
        )
    return royalty


def apply_totals(article: Article, computation: Computation | None) -> None:
    """Make the article's totals those of a draft's (or a just approved royalty's) lines;
    without lines, page and money go back to 0 and photo_count back to counting the images
    (as after `"photo_count": null`). Adjustments, later, move royalty_amount themselves."""
    if computation is None:
        article.page_count = 0
        article.royalty_amount = 0
        article.photo_count_manual = False
        # The same default as the article service: the distinct images it shows.
        article.photo_count = media_usage.distinct_image_count(
            article.content_html, article.image_id
        )
        return
    article.page_count = computation.page_count
    article.photo_count = computation.photo_count
    article.photo_count_manual = True
    article.royalty_amount = computation.lines_amount


def _resolve_payee(session: Session, payee: RoyaltyLineIn | AdjustmentIn, loc: list[Any]) -> str:
    if payee.payee_user_id is None:
        assert payee.payee_name is not None
        return payee.payee_name
    user = session.get(User, payee.payee_user_id)
    if user is None:
        raise InvalidInput(
            "payee_user_id must name a staff user",
            loc=[*loc, "payee_user_id"],
            kind="unknown_payee",
        )
    return user.display_name or user.username


def _payee_key(user_id: int | None, name: str) -> str:
    return f"user:{user_id}" if user_id is not None else f"name:{name.casefold()}"


def _validate(session: Session, lines: Sequence[RoyaltyLineIn]) -> list[tuple[str, LineSpec]]:
    """Payee names and computation inputs of the lines sent, or 422 naming the bad line."""
    resolved = [
        (
            _resolve_payee(session, line, ["lines", i]),
            LineSpec(
                contribution=line.contribution or line.role,
                grade=line.grade,
                page_units=line.page_units,
                photos=line.photos,
                share_bp=to_bp(line.share_percent),
                override_amount=line.override_amount,
            ),
        )
        for i, line in enumerate(lines)
    ]
    specs = [spec for _, spec in resolved]
    for contribution, indexes in groups_of(specs).items():
        first = specs[indexes[0]]
        payees: set[str] = set()
        for i in indexes:
            spec = specs[i]
            if (spec.grade, spec.page_units, spec.photos) != (
                first.grade,
                first.page_units,
                first.photos,
            ):
                raise InvalidInput(
                    f"the co-authors of {contribution!r} share one piece of work: give them "
                    "the same grade, page_units and photos (or different contributions)",
                    loc=["lines", i],
                    kind="coauthors_differ",
                )
            key = _payee_key(lines[i].payee_user_id, resolved[i][0])
            if key in payees:
                raise InvalidInput(
                    f"{resolved[i][0]} is listed twice in {contribution!r}",
                    loc=["lines", i],
                    kind="payee_listed_twice",
                )
            payees.add(key)
        total = sum(specs[i].share_bp for i in indexes)
        if total != FULL_SHARE:
            raise InvalidInput(
                f"the shares of {contribution!r} add up to {from_bp(total)}%, not 100%",
                loc=["lines", indexes[-1], "share_percent"],
                kind="shares_not_100",
            )
    return resolved


def _record_basis(
    royalty: ArticleRoyalty, article: Article, computation: Computation, now: datetime
) -> None:
    basis_date, published = basis_of(article, now)
    royalty.article_type = article.article_type
    royalty.basis_date = basis_date
    royalty.basis_published = published
    table = computation.table
    royalty.rate_table_id = table.id if table is not None else None
    royalty.unit_value = table.unit_value if table is not None else None


def replace_lines(
    session: Session,
    *,
    article: Article,
    data: RoyaltyPut,
    actor: Principal,
    expected_lock_version: int,
) -> ArticleRoyalty:
    """Replace a draft royalty's lines (409 once approved: add an adjustment instead)."""
    ensure_can(actor, "manage_royalty", article)
    assert article.id is not None
    lock_article(session, article)
    royalty = _current(session, article.id, expected_lock_version)
    if royalty is not None and royalty.status == RoyaltyStatus.approved.value:
        raise Conflict(
            "the royalty is approved and frozen; record an adjustment instead",
            kind="royalty_frozen",
        )
    resolved = _validate(session, data.lines)
    now = utcnow()
    basis_date, _ = basis_of(article, now)
    computation = compute(
        session,
        article_type=article.article_type,
        basis_date=basis_date,
        specs=[spec for _, spec in resolved],
        strict=True,
    )
    if computation.lines_amount > MAX_AMOUNT:
        raise InvalidInput(
            f"the total exceeds {MAX_AMOUNT:,} VND", loc=["lines"], kind="total_too_large"
        )
    if royalty is None:
        royalty = ArticleRoyalty(article_id=article.id, article_type="", basis_date=basis_date)
        royalty.lock_version = 0
    royalty.lock_version += 1
    _record_basis(royalty, article, computation, now)
    royalty.updated_at = now
    royalty.updated_by = actor.id
    session.add(royalty)
    session.flush()
    had_lines = is_active(session, article.id)
    session.execute(delete(RoyaltyLine).where(col(RoyaltyLine.article_id) == article.id))
    for position, (line, (name, spec), result) in enumerate(
        zip(data.lines, resolved, computation.results, strict=True)
    ):
        session.add(
            RoyaltyLine(
                article_id=article.id,
                position=position,
                payee_user_id=line.payee_user_id,
                payee_name=name,
                role=line.role,
                contribution=spec.contribution,
                grade=spec.grade,
                page_units=spec.page_units,
                photos=spec.photos,
                share_bp=spec.share_bp,
                coefficient_milli=result.coefficient_milli,
                suggested_amount=result.suggested_amount,
                override_amount=line.override_amount,
                override_reason=line.override_reason or "",
                amount=result.amount,
            )
        )
    if data.lines:
        apply_totals(article, computation)
    elif had_lines:  # the last lines went: the totals are the article's own again
        apply_totals(article, None)
    session.add(article)
    audit.record(
        session,
        actor_id=actor.id,
        action="royalty.update",
        target_type="article",
        target_id=article.id,
        lines=len(data.lines),
        total=article.royalty_amount,
    )
    session.flush()
    return royalty


def approve(
    session: Session, *, article: Article, actor: Principal, expected_lock_version: int
) -> ArticleRoyalty:
    """Freeze the royalty with the amounts of the rate table in force on the publish date."""
    ensure_can(actor, "manage_royalty", article)
    assert article.id is not None
    lock_article(session, article)
    royalty = _current(session, article.id, expected_lock_version)
    lines = lines_of(session, [article.id]).get(article.id, [])
    if royalty is None or not lines:
        raise Conflict("the royalty has no lines to approve", kind="no_lines")
    if royalty.status == RoyaltyStatus.approved.value:
        raise Conflict("the royalty is already approved", kind="already_approved")
    now = utcnow()
    if article.first_published_at is None or article.first_published_at > now:
        raise Conflict(
            "approve the royalty once the article is published: rates go by that date",
            kind="not_published",
        )
    computation = recompute(session, article, royalty, lines, now=now, strict=True)
    royalty.status = RoyaltyStatus.approved.value
    royalty.approved_at = now
    royalty.approved_by = actor.id
    royalty.updated_at = now
    royalty.updated_by = actor.id
    royalty.lock_version += 1
    session.add(royalty)
    apply_totals(article, computation)
    session.add(article)
    audit.record(
        session,
        actor_id=actor.id,
        action="royalty.approve",
        target_type="article",
        target_id=article.id,
        total=article.royalty_amount,
        rate_table_id=royalty.rate_table_id,
        basis_date=royalty.basis_date.isoformat(),
    )
    session.flush()
    return royalty


def add_adjustment(
    session: Session,
    *,
    article: Article,
    data: AdjustmentIn,
    actor: Principal,
    expected_lock_version: int,
) -> ArticleRoyalty:
    """Change an approved royalty's total by a signed, reasoned, audited amount."""
    ensure_can(actor, "manage_royalty", article)
    assert article.id is not None
    lock_article(session, article)
    royalty = _current(session, article.id, expected_lock_version)
    if royalty is None or royalty.status != RoyaltyStatus.approved.value:
        raise Conflict(
            "only an approved royalty takes adjustments; edit its lines instead",
            kind="not_approved",
        )
    name = _resolve_payee(session, data, [])
    before = article.royalty_amount
    after = before + data.amount
    if not 0 <= after <= MAX_AMOUNT:
        raise InvalidInput(
            f"the total would become {after:,} VND; it must stay between 0 and {MAX_AMOUNT:,}",
            loc=["amount"],
            kind="total_out_of_range",
        )
    session.add(
        RoyaltyAdjustment(
            article_id=article.id,
            payee_user_id=data.payee_user_id,
            payee_name=name,
            amount=data.amount,
            reason=data.reason,
            created_by=actor.id,
        )
    )
    now = utcnow()
    royalty.lock_version += 1
    royalty.updated_at = now
    royalty.updated_by = actor.id
    session.add(royalty)
    article.royalty_amount = after
    session.add(article)
    audit.record(
        session,
        actor_id=actor.id,
        action="royalty.adjust",
        target_type="article",
        target_id=article.id,
        payee=name,
        payee_user_id=data.payee_user_id,
        amount=data.amount,
        reason=data.reason,
        total_before=before,
        total_after=after,
    )
    session.flush()
    return royalty


def recompute(
    session: Session,
    article: Article,
    royalty: ArticleRoyalty,
    lines: Sequence[RoyaltyLine],
    *,
    now: datetime,
    strict: bool,
) -> Computation:
    """Compute a draft's lines again and store the results; returns the computation."""
    basis_date, _ = basis_of(article, now)
    computation = compute(
        session,
        article_type=article.article_type,
        basis_date=basis_date,
        specs=[spec_of(line) for line in lines],
        strict=strict,
    )
    _record_basis(royalty, article, computation, now)
    for line, result in zip(lines, computation.results, strict=True):
        line.coefficient_milli = result.coefficient_milli
        line.suggested_amount = result.suggested_amount
        line.amount = result.amount
        session.add(line)
    return computation
