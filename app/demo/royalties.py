"""Example royalty rate tables and a few royalties for the demo newsroom.

AN EXAMPLE, NOT THE LAW: the coefficients below only illustrate the shape of a rate table
built on Decree 18/2014/NĐ-CP (coefficient × unit value, the unit value being 10% of the
statutory base salary of the time). Each portal enters the rates its own regulation sets.
"""

from decimal import Decimal

from sqlmodel import Session, col, select

from app.accounts.models import Role, User
from app.accounts.permissions import Principal, load_principal
from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from app.royalties import hooks, service
from app.royalties.models import ArticleRoyalty, RoyaltyRateTable
from app.royalties.schemas import RateIn, RateTableIn, RoyaltyLineIn, RoyaltyPut

# Per article type: (page coefficient, photo coefficient) for grades A, B, C, then the caps
# (page units counted, photos counted, coefficient of one contribution).
_EXAMPLE_RATES: dict[str, tuple[list[tuple[str, str, str]], int, int, str]] = {
    "news": ([("A", "1.5", "0.5"), ("B", "1.0", "0.4"), ("C", "0.6", "0.3")], 4, 10, "8"),
    "photo": ([("A", "0.5", "0.8"), ("B", "0.4", "0.6"), ("C", "0.3", "0.4")], 2, 20, "12"),
    "video": ([("A", "2.5", "0.5"), ("B", "1.8", "0.4"), ("C", "1.2", "0.3")], 4, 10, "10"),
    "interview": ([("A", "1.8", "0.5"), ("B", "1.2", "0.4"), ("C", "0.8", "0.3")], 4, 10, "8"),
    "commentary": ([("A", "2.0", "0.5"), ("B", "1.5", "0.4"), ("C", "1.0", "0.3")], 4, 10, "8"),
    "document": ([("A", "0.3", "0"), ("B", "0.2", "0"), ("C", "0.1", "0")], 10, 0, "3"),
}
_NOTE = (
    "Ví dụ minh họa, không phải quy định: hệ số do quy chế nhuận bút của từng cơ quan quy định. "
    "An example only, not the regulation."
)
# Base salary 1,800,000 VND from 2023-07-01 and 2,340,000 VND from 2024-07-01; unit = 10%.
_EXAMPLE_TABLES = (
    ("Bảng nhuận bút ví dụ 2023 (10% lương cơ sở 1.800.000 đ)", "2023-07-01", 180_000),
    ("Bảng nhuận bút ví dụ 2024 (10% lương cơ sở 2.340.000 đ)", "2024-07-01", 234_000),
)
_DEMO_ROYALTIES = 6


def example_rates() -> list[RateIn]:
    allowed = set(get_settings().article_types)
    return [
        RateIn(
            article_type=article_type,
            grade=grade,
            page_coefficient=Decimal(page),
            photo_coefficient=Decimal(photo),
            max_page_units=max_pages,
            max_photos=max_photos,
            max_coefficient=Decimal(max_coefficient),
        )
        for article_type, (grades, max_pages, max_photos, max_coefficient) in _EXAMPLE_RATES.items()
        if article_type in allowed
        for grade, page, photo in grades
    ]


def ensure_example_rate_tables(session: Session) -> bool:
    """Add the example tables to a database that has no rate table; True if it did."""
    if session.exec(select(RoyaltyRateTable.id).limit(1)).first() is not None:
        return False
    rates = example_rates()
    if not rates:  # NEWSDESK_ARTICLE_TYPES names none of the example types
        return False
    admin = _admin(session)
    for name, effective_from, unit_value in _EXAMPLE_TABLES:
        hooks.create_rate_table(
            session,
            data=RateTableIn.model_validate(
                {
                    "name": name,
                    "effective_from": effective_from,
                    "unit_value": unit_value,
                    "note": _NOTE,
                    "rates": rates,
                }
            ),
            actor=admin,
        )
    return True


def add_example_royalties(session: Session) -> None:
    """Give a few published articles a royalty (their author, grade B, their units), so the
    report has something to show."""
    admin = _admin(session)
    types = {r.article_type for r in example_rates()}
    articles = session.exec(
        select(Article)
        .where(
            Article.status == ArticleStatus.published.value,
            col(Article.author_id).is_not(None),
            col(Article.article_type).in_(types),
            ~col(Article.id).in_(select(ArticleRoyalty.article_id)),
        )
        .order_by(col(Article.first_published_at).desc())
        .limit(_DEMO_ROYALTIES)
    ).all()
    for article in articles:
        service.replace_lines(
            session,
            article=article,
            data=RoyaltyPut(
                lines=[
                    RoyaltyLineIn(
                        payee_user_id=article.author_id,
                        role="writer",
                        grade="B",
                        page_units=max(article.page_count, 1),
                        photos=article.photo_count,
                    )
                ]
            ),
            actor=admin,
            expected_lock_version=0,
        )


def _admin(session: Session) -> Principal:
    user = session.exec(select(User).where(User.role == Role.admin.value)).first()
    assert user is not None, "the demo staff are created first"
    return load_principal(session, user)
