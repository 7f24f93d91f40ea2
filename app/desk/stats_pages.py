"""Views in the desk: an article's daily statistics (as /v1/admin/articles/{id}/stats) and the
most-read list (as /v1/articles/most-read), through the same services."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.articles.taxonomy import list_categories
from app.core.db import SessionDep, utcnow
from app.core.errors import NotFound
from app.desk.article_pages import article_for
from app.desk.i18n import N_, _, desk_number
from app.desk.library_pages import viewable_articles
from app.desk.router import STATUS_LABELS, category_options
from app.desk.web import DeskDep, render
from app.views import service as views_service
from app.views.service import Window

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
MOST_READ_SIZE = 20


# --- views -------------------------------------------------------------------------------------

CHART_HEIGHT = 160  # the bars' area, in the SVG's own units
BAR_STEP = 20  # each day's slot; a bar fills 16 of its 20


@dataclass(frozen=True)
class Bar:
    day: date
    views: int
    x: int
    y: int  # the top of the bar
    height: int


def chart_bars(days: list[tuple[date, int]]) -> list[Bar]:
    """One bar per day, scaled so the busiest day fills the chart. A day with views is at
    least one unit high, so that it is not mistaken for a day without."""
    busiest = max((count for _day, count in days), default=0)
    bars = []
    for n, (day, views) in enumerate(days):
        height = max(1, round(views * CHART_HEIGHT / busiest)) if views else 0
        bars.append(Bar(day, views, x=n * BAR_STEP, y=CHART_HEIGHT - height, height=height))
    return bars


@router.get("/articles/{article_id}/stats")
def article_stats(
    request: Request, session: SessionDep, desk: DeskDep, article_id: RowId
) -> Response:
    """Totals and the last 30 days (site time zone), as GET /v1/admin/articles/{id}/stats
    answers them without a range; the chart is drawn here, as SVG (the CSP allows no script)."""
    article = article_for(session, desk, article_id)
    assert article.id is not None
    stats = views_service.article_stats(
        session, article_id=article.id, since=None, until=None, now=utcnow()
    )
    bars = chart_bars(stats.days)
    context = {
        "article": article,
        "stats": stats,
        "bars": bars,
        "chart_width": len(bars) * BAR_STEP,
        "chart_height": CHART_HEIGHT,
        "busiest": max((b.views for b in bars), default=0),
        "number": desk_number,
        "status_labels": STATUS_LABELS,
    }
    return render(request, "stats_article.html", context, desk=desk)


WINDOW_LABELS = {
    Window.day.value: N_("Today"),
    Window.week.value: N_("Last 7 days"),
    Window.month.value: N_("Last 30 days"),
}


@router.get("/most-read")
def most_read(
    request: Request,
    session: SessionDep,
    desk: DeskDep,
    window: Annotated[str, Query(max_length=20)] = Window.day.value,
    category: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """What readers read most, through the same function as the public most-read list, so
    only live articles are there; a title links to its stats where the user may view it."""
    errors: list[str] = []
    if window not in WINDOW_LABELS:
        errors.append(_("Unknown period."))
    if category and not (category.isdigit() and 0 < int(category) < 2**31):
        errors.append(_("Unknown category."))
    rows: list[tuple[Any, int]] = []
    found = None
    if not errors:
        try:
            found = views_service.most_read(
                session, window=Window(window), category=category or None,
                limit=MOST_READ_SIZE, now=utcnow(),
            )  # fmt: skip
            rows = list(found.rows)
        except NotFound:  # subtree_ids: no such category
            errors.append(_("Unknown category."))
    ids = {live.article_id for live, _views in rows}
    categories = list(list_categories(session))
    context = {
        "rows": rows,
        "found": found,
        "window": window,
        "category": category,
        "errors": errors,
        "window_labels": WINDOW_LABELS,
        "categories": category_options(categories),
        "category_names": {c.id: c.name for c in categories},
        "viewable": {a.id for a in viewable_articles(session, desk, ids)},
        "number": desk_number,
    }
    return render(request, "stats_most_read.html", context, desk=desk,
                  status_code=400 if errors else 200)  # fmt: skip
