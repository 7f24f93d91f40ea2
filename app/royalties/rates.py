"""Rate tables: versions of the coefficients with the date each comes into force."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.accounts import audit
from app.accounts.permissions import Principal
from app.core.config import get_settings
from app.core.db import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from app.royalties.compute import Rate, from_milli, to_milli
from app.royalties.models import ArticleRoyalty, RoyaltyRate, RoyaltyRateTable, RoyaltyStatus
from app.royalties.schemas import RateIn, RateOut, RateTableIn, RateTableOut, RateTableRef

# --- reading ---------------------------------------------------------------------------------


def get_table(session: Session, table_id: int) -> RoyaltyRateTable:
    table = session.get(RoyaltyRateTable, table_id)
    if table is None:
        raise NotFound(f"rate table {table_id} does not exist")
    return table


def list_tables(session: Session) -> Sequence[RoyaltyRateTable]:
    """Every version, the most recent effective date first."""
    return session.exec(
        select(RoyaltyRateTable).order_by(col(RoyaltyRateTable.effective_from).desc())
    ).all()


def table_in_force(session: Session, on: date) -> RoyaltyRateTable | None:
    """The version in force on a day: the latest one that took effect on or before it."""
    return session.exec(
        select(RoyaltyRateTable)
        .where(col(RoyaltyRateTable.effective_from) <= on)
        .order_by(col(RoyaltyRateTable.effective_from).desc())
        .limit(1)
    ).first()


def rates_by_grade(session: Session, table_id: int, article_type: str) -> dict[str, Rate]:
    """The rates of one article type in one table, by grade."""
    rows = session.exec(
        select(RoyaltyRate).where(
            RoyaltyRate.table_id == table_id, RoyaltyRate.article_type == article_type
        )
    ).all()
    return {
        row.grade: Rate(
            page_coefficient_milli=row.page_coefficient_milli,
            photo_coefficient_milli=row.photo_coefficient_milli,
            max_page_units=row.max_page_units,
            max_photos=row.max_photos,
            max_coefficient_milli=row.max_coefficient_milli,
        )
        for row in rows
    }


def table_out(session: Session, table: RoyaltyRateTable) -> RateTableOut:
    rows = session.exec(
        select(RoyaltyRate)
        .where(RoyaltyRate.table_id == table.id)
        .order_by(col(RoyaltyRate.position), col(RoyaltyRate.id))
    ).all()
    assert table.id is not None
    return RateTableOut(
        id=table.id,
        name=table.name,
        effective_from=table.effective_from,
        unit_value=table.unit_value,
        note=table.note,
        rates=[
            RateOut(
                article_type=row.article_type,
                grade=row.grade,
                page_coefficient=from_milli(row.page_coefficient_milli),
                photo_coefficient=from_milli(row.photo_coefficient_milli),
                max_page_units=row.max_page_units,
                max_photos=row.max_photos,
                max_coefficient=(
                    None
                    if row.max_coefficient_milli is None
                    else from_milli(row.max_coefficient_milli)
                ),
            )
            for row in rows
        ],
        created_at=table.created_at,
        created_by=table.created_by,
        updated_at=table.updated_at,
        updated_by=table.updated_by,
    )


def table_ref(table: RoyaltyRateTable) -> RateTableRef:
    assert table.id is not None
    return RateTableRef(
        id=table.id,
        name=table.name,
        effective_from=table.effective_from,
        unit_value=table.unit_value,
    )


# --- writing ---------------------------------------------------------------------------------


def _check(session: Session, data: RateTableIn, *, table_id: int | None) -> None:
    allowed = get_settings().article_types
    seen: set[tuple[str, str]] = set()
    for i, rate in enumerate(data.rates):
        if rate.article_type not in allowed:
            raise InvalidInput(
                f"article_type must be one of: {', '.join(allowed)}",
                loc=["rates", i, "article_type"],
                kind="unknown_article_type",
            )
        if (rate.article_type, rate.grade) in seen:
            raise InvalidInput(
                f"{rate.article_type} grade {rate.grade} is listed twice",
                loc=["rates", i],
                kind="rate_listed_twice",
            )
        seen.add((rate.article_type, rate.grade))
    clash = session.exec(
        select(RoyaltyRateTable.id).where(
            RoyaltyRateTable.effective_from == data.effective_from,
            col(RoyaltyRateTable.id) != (table_id or 0),
        )
    ).first()
    if clash is not None:
        raise Conflict(
            f"rate table {clash} already takes effect on {data.effective_from}",
            kind="rate_table_date_taken",
        )


def _rate_row(table_id: int, position: int, rate: RateIn) -> RoyaltyRate:
    return RoyaltyRate(
        table_id=table_id,
        position=position,
        article_type=rate.article_type,
        grade=rate.grade,
        page_coefficient_milli=to_milli(rate.page_coefficient),
        photo_coefficient_milli=to_milli(rate.photo_coefficient),
        max_page_units=rate.max_page_units,
        max_photos=rate.max_photos,
        max_coefficient_milli=(
            None if rate.max_coefficient is None else to_milli(rate.max_coefficient)
        ),
    )


def _write_rates(session: Session, table_id: int, data: RateTableIn) -> None:
    session.execute(delete(RoyaltyRate).where(col(RoyaltyRate.table_id) == table_id))
    session.add_all(_rate_row(table_id, n, rate) for n, rate in enumerate(data.rates))
    session.flush()


def _summary(data: RateTableIn) -> dict[str, object]:
    return {
        "name": data.name,
        "effective_from": data.effective_from.isoformat(),
        "unit_value": data.unit_value,
        "rates": len(data.rates),
    }


def create_table(session: Session, *, data: RateTableIn, actor: Principal) -> RoyaltyRateTable:
    """Add a version of the rates (409 if another one takes effect the same day)."""
    _check(session, data, table_id=None)
    table = RoyaltyRateTable(
        name=data.name,
        effective_from=data.effective_from,
        unit_value=data.unit_value,
        note=data.note,
        created_by=actor.id,
        updated_by=actor.id,
    )
    session.add(table)
    session.flush()
    assert table.id is not None
    _write_rates(session, table.id, data)
    audit.record(
        session,
        actor_id=actor.id,
        action="royalty_rates.create",
        target_type="royalty_rate_table",
        target_id=table.id,
        **_summary(data),
    )
    return table


def _claim(session: Session, table: RoyaltyRateTable, expected_lock_version: int) -> None:
    result = session.execute(
        update(RoyaltyRateTable)
        .where(
            col(RoyaltyRateTable.id) == table.id,
            col(RoyaltyRateTable.lock_version) == expected_lock_version,
        )
        .values(lock_version=expected_lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise PreconditionFailed("someone else changed this rate table; reload and try again")
    table.lock_version = expected_lock_version + 1


def replace_table(
    session: Session,
    *,
    table: RoyaltyRateTable,
    data: RateTableIn,
    actor: Principal,
    expected_lock_version: int,
) -> RoyaltyRateTable:
    """Replace a version's values and rates. Approved royalties keep the amounts they were
    approved with; drafts are recomputed by the caller."""
    _check(session, data, table_id=table.id)
    _claim(session, table, expected_lock_version)
    table.name = data.name
    table.effective_from = data.effective_from
    table.unit_value = data.unit_value
    table.note = data.note
    table.updated_at = utcnow()
    table.updated_by = actor.id
    session.add(table)
    assert table.id is not None
    _write_rates(session, table.id, data)
    audit.record(
        session,
        actor_id=actor.id,
        action="royalty_rates.update",
        target_type="royalty_rate_table",
        target_id=table.id,
        **_summary(data),
    )
    return table


def delete_table(
    session: Session, *, table: RoyaltyRateTable, actor: Principal, expected_lock_version: int
) -> None:
    """Remove a version no approved royalty was computed with (409 otherwise)."""
    approved = session.exec(
        select(ArticleRoyalty.article_id).where(
            ArticleRoyalty.rate_table_id == table.id,
            ArticleRoyalty.status == RoyaltyStatus.approved.value,
        )
    ).first()
    if approved is not None:
        raise Conflict(
            f"approved royalties were computed with this table (article {approved}); "
            "add a new version instead",
            kind="rate_table_used",
        )
    _claim(session, table, expected_lock_version)
    # Drafts that pointed at it are recomputed by the caller.
    session.execute(
        update(ArticleRoyalty)
        .where(col(ArticleRoyalty.rate_table_id) == table.id)
        .values(rate_table_id=None)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(delete(RoyaltyRate).where(col(RoyaltyRate.table_id) == table.id))
    audit.record(
        session,
        actor_id=actor.id,
        action="royalty_rates.delete",
        target_type="royalty_rate_table",
        target_id=table.id,
        name=table.name,
        effective_from=table.effective_from.isoformat(),
    )
    session.delete(table)
    session.flush()
