"""The royalty report: the items first published in a period, their lines, units and amounts,
grouped by payee, category or article type, with subtotals and totals; as JSON or as CSV
that Excel opens with Vietnamese intact (UTF-8 with a byte order mark)."""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app.accounts.models import Role, User
from app.accounts.permissions import Principal
from app.articles.models import Article, Category
from app.articles.schemas import CategoryRef
from app.core.config import get_settings
from app.core.text import fold
from app.royalties.compute import from_bp
from app.royalties.models import ArticleRoyalty, RoyaltyAdjustment, RoyaltyLine, RoyaltyStatus
from app.royalties.schemas import (
    GroupBy,
    ReportGroup,
    ReportItem,
    ReportLine,
    ReportTotals,
    RoyaltyReport,
)
from app.royalties.service import adjustments_of, lines_of
from app.royalties.suggestions import site_date

MAX_PERIOD_DAYS = 366
# Dates far enough from the ends of the calendar that time zone arithmetic never overflows.
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(9998, 12, 31)


def period_bounds(from_date: date, to_date: date) -> tuple[datetime, datetime]:
    """The UTC instants of the period's first midnight and the midnight after its last day,
    in the site time zone."""
    tz = ZoneInfo(get_settings().timezone)
    start = datetime.combine(from_date, time.min, tzinfo=tz)
    end = datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def _line(line: RoyaltyLine) -> ReportLine:
    return ReportLine(
        kind="line",
        payee_user_id=line.payee_user_id,
        payee_name=line.payee_name,
        role=line.role,
        grade=line.grade,
        page_units=line.page_units,
        photos=line.photos,
        share_percent=from_bp(line.share_bp),
        suggested_amount=line.suggested_amount,
        amount=line.amount,
        note=line.override_reason if line.override_amount is not None else "",
    )


def _adjustment(adjustment: RoyaltyAdjustment) -> ReportLine:
    return ReportLine(
        kind="adjustment",
        payee_user_id=adjustment.payee_user_id,
        payee_name=adjustment.payee_name,
        role=None,
        grade=None,
        page_units=0,
        photos=0,
        share_percent=None,
        suggested_amount=None,
        amount=adjustment.amount,
        note=adjustment.reason,
    )


def _units(lines: list[RoyaltyLine]) -> tuple[int, int]:
    """Page units and photos of the contributions these lines belong to, each counted once
    (co-authors' lines describe the same work)."""
    firsts = {line.contribution: line for line in reversed(lines)}
    return sum(x.page_units for x in firsts.values()), sum(x.photos for x in firsts.values())


def _item(
    article: Article,
    royalty: ArticleRoyalty,
    category: CategoryRef,
    lines: list[RoyaltyLine],
    adjustments: list[RoyaltyAdjustment],
) -> ReportItem:
    assert article.id is not None
    assert article.first_published_at is not None
    page_units, photos = _units(lines)
    report_lines = [_line(x) for x in lines] + [_adjustment(x) for x in adjustments]
    return ReportItem(
        article_id=article.id,
        title=article.title,
        published_at=article.first_published_at,
        category=category,
        article_type=royalty.article_type,
        royalty_status=RoyaltyStatus(royalty.status).value,
        page_units=page_units,
        photos=photos,
        amount=sum(x.amount for x in report_lines),
        lines=report_lines,
    )


@dataclass
class _Group:
    label: str
    items: list[ReportItem] = field(default_factory=list)


def build_report(
    session: Session,
    *,
    viewer: Principal,
    from_date: date,
    to_date: date,
    group_by: GroupBy,
    approved_only: bool,
    now: datetime,
) -> RoyaltyReport:
    """Every royalty of an article first published between the two days (inclusive, site
    time zone) that the viewer edits, grouped; totals are sums of the lines."""
    start, end = period_bounds(from_date, to_date)
    stmt = (
        select(ArticleRoyalty, Article)
        .join(Article, col(Article.id) == col(ArticleRoyalty.article_id))
        .where(
            col(Article.first_published_at) >= start,
            col(Article.first_published_at) < end,
            col(Article.first_published_at) <= now,  # scheduled ones are not published yet
        )
        .order_by(col(Article.first_published_at), col(Article.id))
    )
    categories = viewer.categories_with(Role.editor)
    if categories is not None:
        stmt = stmt.where(col(Article.category_id).in_(categories))
    if approved_only:
        stmt = stmt.where(ArticleRoyalty.status == RoyaltyStatus.approved.value)
    rows = session.exec(stmt).all()
    ids = [article.id for _, article in rows if article.id is not None]
    lines = lines_of(session, ids)
    adjustments = adjustments_of(session, ids)
    category_refs = {
        c.id: CategoryRef(id=c.id, name=c.name, slug=c.slug)
        for c in session.exec(
            select(Category).where(col(Category.id).in_({a.category_id for _, a in rows}))
        ).all()
        if c.id is not None
    }
    payee_ids = {line.payee_user_id for rows_ in lines.values() for line in rows_}
    payee_ids |= {a.payee_user_id for rows_ in adjustments.values() for a in rows_}
    user_names = {
        u.id: u.display_name or u.username
        for u in session.exec(select(User).where(col(User.id).in_(payee_ids - {None}))).all()
    }

    groups: dict[str, _Group] = {}
    totals = ReportTotals(items=0, lines=0, page_units=0, photos=0, amount=0, approved_amount=0)
    for royalty, article in rows:
        assert article.id is not None
        own_lines = lines.get(article.id, [])
        own_adjustments = adjustments.get(article.id, [])
        if not own_lines and not own_adjustments:
            continue
        category = category_refs[article.category_id]

        whole = _item(article, royalty, category, own_lines, own_adjustments)
        totals.items += 1
        totals.lines += len(whole.lines)
        totals.page_units += whole.page_units
        totals.photos += whole.photos
        totals.amount += whole.amount
        if royalty.status == RoyaltyStatus.approved.value:
            totals.approved_amount += whole.amount
        if group_by == "author":
            by_payee: dict[str, tuple[str, list[RoyaltyLine], list[RoyaltyAdjustment]]] = {}
            for line in own_lines:
                key, label = _payee(line, user_names)
                by_payee.setdefault(key, (label, [], []))[1].append(line)
            for adjustment in own_adjustments:
                key, label = _payee(adjustment, user_names)
                by_payee.setdefault(key, (label, [], []))[2].append(adjustment)
            for key, (label, parts, extra) in by_payee.items():
                groups.setdefault(key, _Group(label)).items.append(
                    _item(article, royalty, category, parts, extra)
                )
        elif group_by == "category":
            key = f"category:{category.id}"
            groups.setdefault(key, _Group(category.name)).items.append(whole)
        else:
            key = f"article_type:{royalty.article_type}"
            groups.setdefault(key, _Group(royalty.article_type)).items.append(whole)

    return RoyaltyReport(
        from_date=from_date,
        to_date=to_date,
        timezone=get_settings().timezone,
        group_by=group_by,
        groups=[
            ReportGroup(
                key=key,
                label=group.label,
                items=group.items,
                lines_count=sum(len(i.lines) for i in group.items),
                page_units=sum(i.page_units for i in group.items),
                photos=sum(i.photos for i in group.items),
                amount=sum(i.amount for i in group.items),
            )
            for key, group in sorted(groups.items(), key=lambda kv: (fold(kv[1].label), kv[0]))
        ],
        totals=totals,
    )


def _payee(
    x: RoyaltyLine | RoyaltyAdjustment, user_names: dict[int | None, str]
) -> tuple[str, str]:
    """Group key and label of a payee: a staff user by id (their current name), anyone else
    by name, case-insensitively."""
    if x.payee_user_id is not None:
        return f"user:{x.payee_user_id}", user_names.get(x.payee_user_id, x.payee_name)
    return f"name:{x.payee_name.casefold()}", x.payee_name


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "group", "article_id", "published_on", "title", "category", "article_type",
    "royalty_status", "kind", "payee", "role", "grade", "page_units", "photos",
    "share_percent", "suggested_amount", "amount", "note",
)  # fmt: skip


def _text(value: str | None) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV injection): a leading
    =, +, -, @, tab or carriage return gets an apostrophe, which Excel shows as text."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value or ""


def report_csv(report: RoyaltyReport) -> bytes:
    """One row per line and adjustment, a subtotal row per group and a total row; UTF-8
    with a byte order mark so Excel reads Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for group in report.groups:
        for item in group.items:
            for line in item.lines:
                writer.writerow(
                    [
                        _text(group.label),
                        item.article_id,
                        site_date(item.published_at).isoformat(),
                        _text(item.title),
                        _text(item.category.name),
                        _text(item.article_type),
                        item.royalty_status,
                        line.kind,
                        _text(line.payee_name),
                        _text(line.role),
                        _text(line.grade),
                        line.page_units,
                        line.photos,
                        "" if line.share_percent is None else str(line.share_percent),
                        "" if line.suggested_amount is None else line.suggested_amount,
                        line.amount,
                        _text(line.note),
                    ]
                )
        writer.writerow(
            [_text(group.label), "", "", "", "", "", "", "subtotal", "", "", "",
             group.page_units, group.photos, "", "", group.amount, ""]
        )  # fmt: skip
    totals = report.totals
    writer.writerow(
        ["", "", "", "", "", "", "", "total", "", "", "",
         totals.page_units, totals.photos, "", "", totals.amount, ""]
    )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")
