"""Feeds and sitemaps: live articles as RSS, Atom and sitemap XML; public and cacheable."""

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from sqlmodel import Session
from starlette.responses import Response

from app.articles import live
from app.core.config import get_settings
from app.core.db import SessionDep, utcnow
from app.core.http import cached_bytes, public_cache_control
from app.core.openapi import problems
from app.core.text import SLUG_PATTERN
from app.feeds import service

feeds_router = APIRouter()
sitemaps_router = APIRouter()

RSS_MEDIA_TYPE = "application/rss+xml; charset=utf-8"
ATOM_MEDIA_TYPE = "application/atom+xml; charset=utf-8"
XML_MEDIA_TYPE = "application/xml; charset=utf-8"

CategoryQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=SLUG_PATTERN,
        description="Only this category (by slug) and its subcategories.",
    ),
]


def _documented(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI for an XML body, so the contract does not claim JSON."""
    return {
        200: {
            "description": description,
            "content": {media_type.split(";")[0]: {"schema": {"type": "string"}}},
        }
    }


def _cached_xml(
    request: Request, session: Session, body: bytes, *, media_type: str, now: datetime
) -> Response:
    """An XML response with a strong ETag, answering If-None-Match with 304. Like every public
    list, it is cached no longer than until the next article goes live or expires, and last
    modified when what the public sees last changed."""
    return cached_bytes(
        request,
        body,
        media_type=media_type,
        cache_control=public_cache_control(now, live.next_change_at(session, now)),
        last_modified=live.last_change_at(session, now),
        read_at=now,
    )


def _self_url(request: Request, category: str | None) -> str:
    # Only the parameters that shape the feed: tracking parameters a reader appended must not
    # become part of the feed's own address (nor of its ETag). On the configured address,
    # never the request's Host: the feed is cached publicly.
    query = "?" + urlencode({"category": category}) if category else ""
    return get_settings().api_base + request.scope["path"] + query


@feeds_router.get(
    "/rss",
    response_class=Response,
    responses=problems(404)
    | _documented(RSS_MEDIA_TYPE, "RSS 2.0 feed of the newest live articles"),
)
def rss_feed(request: Request, session: SessionDep, category: CategoryQuery = None) -> Response:
    """The newest live articles as RSS 2.0; an unknown category is a 404."""
    now = utcnow()
    body = service.rss_feed(
        session, now=now, category_slug=category, self_url=_self_url(request, category)
    )
    return _cached_xml(request, session, body, media_type=RSS_MEDIA_TYPE, now=now)


@feeds_router.get(
    "/atom",
    response_class=Response,
    responses=problems(404)
    | _documented(ATOM_MEDIA_TYPE, "Atom 1.0 feed of the newest live articles"),
)
def atom_feed(request: Request, session: SessionDep, category: CategoryQuery = None) -> Response:
    """The newest live articles as Atom 1.0; an unknown category is a 404."""
    now = utcnow()
    body = service.atom_feed(
        session, now=now, category_slug=category, self_url=_self_url(request, category)
    )
    return _cached_xml(request, session, body, media_type=ATOM_MEDIA_TYPE, now=now)


@sitemaps_router.get(
    "/sitemap.xml",
    response_class=Response,
    responses=_documented(XML_MEDIA_TYPE, "Sitemap index"),
)
def sitemap_index(request: Request, session: SessionDep) -> Response:
    """The sitemap index: one page per 50,000 live articles."""
    now = utcnow()
    body = service.sitemap_index(session, now=now)
    return _cached_xml(request, session, body, media_type=XML_MEDIA_TYPE, now=now)


@sitemaps_router.get(
    "/sitemap-articles-{page:int}.xml",
    response_class=Response,
    responses=_documented(XML_MEDIA_TYPE, "One page of the article sitemap"),
)
def sitemap_page(request: Request, session: SessionDep, page: int) -> Response:
    """One page of the article sitemap, by article id; a page past the last is a 404."""
    now = utcnow()
    body = service.sitemap_page(session, now=now, page=page)
    return _cached_xml(request, session, body, media_type=XML_MEDIA_TYPE, now=now)


@sitemaps_router.get(
    "/sitemap-news.xml",
    response_class=Response,
    responses=_documented(XML_MEDIA_TYPE, "Google News sitemap"),
)
def news_sitemap(request: Request, session: SessionDep) -> Response:
    """The Google News sitemap: live articles published in the last two days."""
    now = utcnow()
    body = service.news_sitemap(session, now=now)
    return _cached_xml(request, session, body, media_type=XML_MEDIA_TYPE, now=now)
