"""Typed domain errors and the one place that renders every error as RFC 9457 problem+json."""

import logging
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.core.logging import request_id_var

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://newsdesk.dev/problems/"

log = logging.getLogger("newsdesk.errors")


class NewsdeskError(Exception):
    """Base of every error a service may raise; the handler maps it to its HTTP status."""

    status_code: int = 400
    problem: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        extensions: Mapping[str, Any] | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        # What rule refused, stable where the detail is English text for people: what a
        # caller in this codebase (the desk) tells refusals apart by.
        self.kind = kind
        self.headers = dict(headers or {})
        self.errors = list(errors) if errors else None
        # RFC 9457 extension members, e.g. the actions that *are* allowed.
        self.extensions = dict(extensions or {})


class NotFound(NewsdeskError):
    status_code, problem, title = 404, "not-found", "Not found"


class Unauthorized(NewsdeskError):
    status_code, problem, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(NewsdeskError):
    status_code, problem, title = 403, "forbidden", "Not allowed"


class Conflict(NewsdeskError):
    status_code, problem, title = 409, "conflict", "Conflict"


class PreconditionFailed(NewsdeskError):
    status_code, problem, title = 412, "precondition-failed", "The resource has changed"


class PreconditionRequired(NewsdeskError):
    status_code, problem, title = 428, "precondition-required", "If-Match header required"


class InvalidInput(NewsdeskError):
    """Input that passes the schema but breaks a rule (unknown category, bad reference...)."""

    status_code, problem, title = 422, "invalid-input", "Invalid input"

    def __init__(
        self, detail: str, *, loc: Sequence[str | int] = (), kind: str = "value_error"
    ) -> None:
        # `kind` is the error's type, as a schema's: what a client tells refusals apart by.
        super().__init__(
            detail, errors=[{"loc": ["body", *loc], "msg": detail, "type": kind}], kind=kind
        )


class PayloadTooLarge(NewsdeskError):
    status_code, problem, title = 413, "payload-too-large", "Request body too large"


def problem_response(
    status: int,
    *,
    title: str | None = None,
    detail: str | None = None,
    problem: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    instance: str | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (problem or phrase.lower().replace(" ", "-")),
        "title": title or phrase,
        "status": status,
        "detail": detail or title or phrase,
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = list(errors)
    if extensions:
        body.update({k: v for k, v in extensions.items() if k not in body})
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Pydantic's `input` and `ctx` may hold arbitrary objects (bytes, exceptions); keep the
    # three fields the contract names, all JSON-safe.
    return [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in err.get("loc", ())],
            "msg": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        }
        for err in exc.errors()
    ]


# Pages for people (the desk, /desk/) answer an error with a page in their language; the API
# answers with problem+json. A renderer gets the request, the status and the detail.
PageRenderer = Callable[[Request, int, str | None], Response]
_page_renderers: list[tuple[str, PageRenderer]] = []


def render_errors_as_pages(path_prefix: str, renderer: PageRenderer) -> None:
    _page_renderers.append((path_prefix, renderer))


def _page(request: Request, status: int, detail: str | None) -> Response | None:
    for prefix, renderer in _page_renderers:
        if request.url.path.startswith(prefix):
            return renderer(request, status, detail)
    return None


def install_error_handlers(app: FastAPI) -> None:
    """Render every error the app can produce as problem+json (pages: as a page)."""

    @app.exception_handler(NewsdeskError)
    async def _domain_error(request: Request, exc: NewsdeskError) -> Response:
        if (page := _page(request, exc.status_code, exc.detail)) is not None:
            return page
        return problem_response(
            exc.status_code,
            title=exc.title,
            detail=exc.detail,
            problem=exc.problem,
            errors=exc.errors,
            headers=exc.headers,
            instance=request.url.path,
            extensions=exc.extensions,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        if (page := _page(request, 422, None)) is not None:
            return page
        return problem_response(
            422,
            title="Validation failed",
            detail="The request does not match the schema",
            problem="validation-error",
            errors=_validation_errors(exc),
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        phrase = HTTPStatus(exc.status_code).phrase
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
        if (page := _page(request, exc.status_code, detail)) is not None:
            return page
        return problem_response(
            exc.status_code, detail=detail, headers=exc.headers, instance=request.url.path
        )

    # What RequestContextMiddleware does not catch (an error in a layer outside it) reaches
    # Starlette's ServerErrorMiddleware, which answers with this.
    @app.exception_handler(Exception)
    async def _unexpected_error(request: Request, exc: Exception) -> Response:
        return unexpected_error(request.scope)


def log_unexpected_error(scope: Mapping[str, Any]) -> None:
    """Log the exception being handled, which nothing turned into an answer: once, with its
    traceback and (through the logging context) the request id."""
    log.exception("unhandled error", extra={"method": scope["method"], "path": scope["path"]})


def unexpected_error(scope: Mapping[str, Any]) -> Response:
    """Log the exception being handled (log_unexpected_error) and the 500 problem that answers
    it, without internals but with the request id to quote to an operator."""
    log_unexpected_error(scope)
    request_id = request_id_var.get()
    return problem_response(
        500,
        detail="An unexpected error occurred; it has been logged",
        instance=scope["path"],
        extensions={"request_id": request_id} if request_id else None,
    )


class TooManyRequests(NewsdeskError):
    status_code, problem, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})
