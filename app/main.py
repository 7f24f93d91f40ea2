"""create_app(): settings, lifespan, middleware, error handlers, routers. Nothing else."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import models as _models  # noqa: F401  (registers every table)
from app.api import include_routers
from app.articles.public_router import public_read_lane
from app.core.compression import CompressionMiddleware
from app.core.config import get_settings
from app.core.db import get_engine
from app.core.docs import install_api_docs
from app.core.errors import install_error_handlers
from app.core.fast_lane import NewsdeskAPI
from app.core.logging import configure_logging
from app.core.middleware import (
    APICORSMiddleware,
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
)
from app.core.openapi import install_contract
from app.desk.mount import install_desk
from app.views.buffer import Flusher
from app.workflow.jobs import Scheduler


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    scheduler = Scheduler(settings.jobs_interval_seconds) if settings.run_jobs else None
    if scheduler:
        scheduler.start()
    # After the server has finished its requests, the last flush writes every buffered view.
    views = Flusher(settings.views_flush_seconds) if settings.views_flush_seconds > 0 else None
    if views:
        views.start()
    _freeze_startup_objects()
    yield
    if scheduler:
        scheduler.stop()
    if views:
        views.stop()
    get_engine().dispose()


def _freeze_startup_objects() -> None:
    """Leave what startup made (modules, models, routes: ~190k objects) out of the garbage
    collector's full passes, once per process. Under load an async server's in-flight requests
    are promoted to the oldest generation and die there, so full passes came every ~1.5 s, each
    ~100 ms of a stopped server scanning objects that live forever: that was a PostgreSQL
    related list's p99 (docs/performance.md, session 5); now a full pass takes ~1.4 ms."""
    if gc.get_freeze_count() == 0:
        gc.collect()  # garbage of startup is not kept forever
        gc.freeze()


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging()
    app = NewsdeskAPI(
        title="Newsdesk",
        version="0.1.0",
        summary="Headless news content API",
        description="Public delivery, management and sync API for news. See docs/api.md.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN; ours are served locally (app.core.docs)
        redoc_url=None,
    )
    install_error_handlers(app)
    include_routers(app)
    install_contract(app)
    install_api_docs(app)
    install_desk(app)
    app.fast_lanes.append(public_read_lane)
    app.add_middleware(
        BodySizeLimitMiddleware,
        json_limit=settings.max_json_body_bytes,
        upload_limit=settings.max_upload_bytes,
    )
    # JSON and XML answers without an ETag (the sync feed, errors, a 413 from the limit just
    # below); those with one are negotiated by cached_bytes (app/core/compression.py).
    app.add_middleware(CompressionMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            APICORSMiddleware,
            allow_origins=settings.cors_origins,
            # Browsers send view beacons with credentials (sendBeacon's mode is "include"), so
            # a JSON beacon's preflight needs this. Safe: the API's staff auth is bearer-only,
            # and the desk's cookie-authenticated pages are left out of CORS altogether
            # (APICORSMiddleware, docs/security.md); never with "*", which would grant it to
            # every origin.
            allow_credentials="*" not in settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["ETag", "Link", "X-Request-ID", "Location"],
        )
    # Outermost, so the request id covers everything below, errors included.
    app.add_middleware(RequestContextMiddleware)
    return app


app = create_app()
