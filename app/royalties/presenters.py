"""An article's royalty in its response shape, and the ETag that guards the next write."""

from datetime import date, datetime

from sqlmodel import Session

from app.articles.models import Article
from app.royalties import rates
from app.royalties.compute import from_bp, from_milli
from app.royalties.models import ArticleRoyalty, RoyaltyLine, RoyaltyRateTable, RoyaltyStatus
from app.royalties.schemas import AdjustmentOut, RateTableRef, RoyaltyLineOut, RoyaltyOut
from app.royalties.service import adjustments_of, get_royalty, lines_of
from app.royalties.suggestions import LineResult, basis_of, compute, groups_of, spec_of


def _state(
    royalty: ArticleRoyalty | None, article: Article, now: datetime
) -> tuple[int, date, bool]:
    """Lock version (0 before the first save), basis date and whether it is a publication
    date. A draft's basis is read fresh: for an unpublished article it is today."""
    if royalty is not None and royalty.status == RoyaltyStatus.approved.value:
        return royalty.lock_version, royalty.basis_date, royalty.basis_published
    basis_date, published = basis_of(article, now)
    return (royalty.lock_version if royalty else 0), basis_date, published


def royalty_version(session: Session, article: Article, *, now: datetime) -> tuple[str, int]:
    """The royalty's ETag and lock version (0 before the first save). The ETag changes with
    every write and, for a draft, with its basis date (an unpublished article's suggestions
    may change at midnight)."""
    lock_version, basis_date, _ = _state(get_royalty(session, article.id or 0), article, now)
    return f'"r{article.id}.{lock_version}.{basis_date:%Y%m%d}"', lock_version


def _line_out(line: RoyaltyLine, result: LineResult) -> RoyaltyLineOut:
    assert line.id is not None
    return RoyaltyLineOut(
        id=line.id,
        payee_user_id=line.payee_user_id,
        payee_name=line.payee_name,
        role=line.role,
        contribution=line.contribution,
        grade=line.grade,
        page_units=line.page_units,
        photos=line.photos,
        share_percent=from_bp(line.share_bp),
        coefficient=None
        if result.coefficient_milli is None
        else from_milli(result.coefficient_milli),
        suggested_amount=result.suggested_amount,
        override_amount=line.override_amount,
        override_reason=line.override_reason if line.override_amount is not None else None,
        amount=result.amount,
    )


def royalty_out(session: Session, article: Article, *, now: datetime) -> RoyaltyOut:
    """The royalty as staff see it: a draft freshly computed (it shows what approving would
    freeze), an approved one exactly as frozen."""
    assert article.id is not None
    royalty = get_royalty(session, article.id)
    lines = lines_of(session, [article.id]).get(article.id, [])
    adjustments = adjustments_of(session, [article.id]).get(article.id, [])
    lock_version, basis_date, published = _state(royalty, article, now)
    del lock_version
    table: RoyaltyRateTable | None
    table_ref: RateTableRef | None = None
    if royalty is not None and royalty.status == RoyaltyStatus.approved.value:
        article_type = royalty.article_type
        results = [
            LineResult(line.coefficient_milli, line.suggested_amount, line.amount) for line in lines
        ]
        warnings: list[str] = []
        groups = groups_of([spec_of(line) for line in lines])
        page_count = sum(lines[ix[0]].page_units for ix in groups.values())
        photo_count = sum(lines[ix[0]].photos for ix in groups.values())
        table = rates.get_table(session, royalty.rate_table_id) if royalty.rate_table_id else None
        if table is not None and royalty.unit_value is not None:
            # The unit value it was approved with, even if the table was edited since.
            table_ref = rates.table_ref(table).model_copy(update={"unit_value": royalty.unit_value})
    else:
        article_type = article.article_type
        computation = compute(
            session,
            article_type=article_type,
            basis_date=basis_date,
            specs=[spec_of(line) for line in lines],
            strict=False,
        )
        results, warnings = computation.results, computation.warnings
        page_count, photo_count = computation.page_count, computation.photo_count
        table = computation.table
        table_ref = rates.table_ref(table) if table is not None else None
    lines_amount = sum(r.amount for r in results)
    adjustments_amount = sum(a.amount for a in adjustments)
    return RoyaltyOut(
        article_id=article.id,
        status=RoyaltyStatus(royalty.status).value if royalty else "draft",
        article_type=article_type,
        basis_date=basis_date,
        basis="publish_date" if published else "today",
        rate_table=table_ref,
        lines=[_line_out(line, result) for line, result in zip(lines, results, strict=True)],
        adjustments=[
            AdjustmentOut(
                id=a.id or 0,
                payee_user_id=a.payee_user_id,
                payee_name=a.payee_name,
                amount=a.amount,
                reason=a.reason,
                created_at=a.created_at,
                created_by=a.created_by,
            )
            for a in adjustments
        ],
        page_count=page_count,
        photo_count=photo_count,
        lines_amount=lines_amount,
        adjustments_amount=adjustments_amount,
        total_amount=lines_amount + adjustments_amount,
        warnings=warnings,
        approved_at=royalty.approved_at if royalty else None,
        approved_by=royalty.approved_by if royalty else None,
        updated_at=royalty.updated_at if royalty else None,
        updated_by=royalty.updated_by if royalty else None,
    )
