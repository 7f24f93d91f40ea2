"""The integrators' contract: /openapi.json as FastAPI makes it, completed from the code.

FastAPI documents what a route declares in its signature: parameters, bodies, the success
shape. What a route *can answer* besides comes from elsewhere in our code, so it is derived
here, once, for every operation, instead of being repeated by hand on 80 decorators:

- from its dependencies: a dependency marked with `answers(...)` (credentials, roles, scopes,
  the public key gate) adds its statuses, and may narrow the operation's security;
- from its parameters: a path parameter can name nothing (404); parameters or a body can be
  invalid (422); a body can be malformed (400) or too large (413); a cursor can be forged (400);
  an `If-Match` header makes a write conditional (412, 428);
- from the route's own `responses=problems(...)`: the rules of its service (409, 410...).

Every error answer then points at one problem+json schema family (`Problem`, and
`ValidationProblem` with its `errors` for 422), replacing FastAPI's `HTTPValidationError`,
which is not what the server sends. GET reads answer conditionally (ETag, If-None-Match, 304),
lists send `Link`, creations `Location`, throttles `Retry-After`: all declared with schemas.
Operation ids and model names are made readable (`admin_articles_transition`, `LoginForm`).

The fuzz test (tests/test_api_fuzz.py) holds the document to what the server does: any status,
content type, required header or body shape not declared here fails it.
"""

import re
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi

from app.core.errors import PROBLEM_MEDIA_TYPE

F = TypeVar("F", bound=Callable[..., Any])

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
VALIDATION_PROBLEM_REF = {"$ref": "#/components/schemas/ValidationProblem"}

# What each problem status means on any operation; a route's own description wins.
PROBLEM_DESCRIPTIONS = {
    400: "Malformed request: a body that is not valid JSON or form data, or a cursor this list "
    "did not hand out",
    401: "No valid credentials",
    403: "The credentials do not allow this",
    404: "Not found, or not visible to the caller",
    409: "Conflicts with the current state of the resource",
    410: "Gone",
    412: "The resource changed since the ETag sent in If-Match was read: reload, reapply, resend",
    413: "The request body is too large",
    415: "Unsupported media type",
    422: "The request does not match the schema, or breaks a rule of the content",
    428: "If-Match is required: send the ETag of your last read",
    429: "Too many requests: wait the seconds in Retry-After",
    503: "Not ready",
}

STRING = {"type": "string"}
HEADERS = {
    "ETag": {
        "description": "Strong validator of this representation; send it back in If-None-Match "
        "(reads) or If-Match (writes)",
        "schema": STRING,
    },
    "Last-Modified": {
        "description": "When the public content last changed (sent once that second is over)",
        "schema": STRING,
    },
    "Link": {
        "description": 'RFC 8288 link to the next page, rel="next" (absent on the last page)',
        "schema": STRING,
    },
    "Location": {"description": "Where the created resource lives", "schema": STRING},
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 1},
    },
    "WWW-Authenticate": {"description": "The scheme to authenticate with", "schema": STRING},
}

IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "The ETag of your last read of the resource; without it the answer is 428, "
    "with a stale one 412. `*` is refused.",
    "schema": STRING,
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "ETags you hold; 304 with no body when one is current",
    "schema": STRING,
}

# GET operations that do not answer conditionally: probes, and the sync feed (no-store: a page
# past a cursor is read once).
UNCONDITIONAL_READS = frozenset({"/healthz", "/readyz", "/v1/sync"})

ANSWERS_ATTRIBUTE = "__newsdesk_answers__"


def answers(
    *statuses: int,
    security: list[dict[str, list[str]]] | None = None,
    only_if: Callable[[], bool] | None = None,
) -> Callable[[F], F]:
    """Mark a dependency with the problem statuses it can answer (and, with `security`, the
    only credentials that satisfy it): every operation that uses it declares them. With
    `only_if`, only in a deployment where it holds when the document is built (a setting)."""

    def mark(dependency: F) -> F:
        setattr(dependency, ANSWERS_ATTRIBUTE, (frozenset(statuses), security, only_if))
        return dependency

    return mark


def problems(*statuses: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route's own problem answers (beyond what its dependencies and
    parameters answer); a description may be given per status as `s409="..."`."""
    return {
        status: {"description": descriptions.get(f"s{status}", PROBLEM_DESCRIPTIONS[status])}
        for status in statuses
    }


def install_contract(app: FastAPI) -> None:
    """Serve the completed document at /openapi.json (built once, on first request)."""

    def contract() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_contract(app)
        return app.openapi_schema

    app.openapi = contract  # type: ignore[method-assign]


def build_contract(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        servers=app.servers,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(PROBLEM_SCHEMAS)
    operation_ids: dict[str, str] = {}
    for route, path, method in _operations(app):
        operation = document["paths"][path][method]
        operation_id = route.operation_id or readable_operation_id(path, route.name)
        if operation_id in operation_ids:
            raise RuntimeError(f"{operation_id} names {path} and {operation_ids[operation_id]}")
        operation_ids[operation_id] = path
        operation["operationId"] = operation_id
        _complete_operation(operation, route, path, method)
    for obsolete in ("HTTPValidationError", "ValidationError"):
        schemas.pop(obsolete, None)
    _rename_schemas(document)
    return document


def _operations(app: FastAPI) -> Iterator[tuple[Any, str, str]]:
    for context in routing.iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, routing.APIRoute) and route.include_in_schema:
            for method in sorted(route.methods or ()):
                yield context, str(context.path_format), method.lower()


def _complete_operation(operation: dict[str, Any], route: Any, path: str, method: str) -> None:
    # The parameters as documented: those of the route and of all its dependencies.
    parameters = operation.setdefault("parameters", [])
    statuses = _problem_statuses(operation, route, parameters)
    responses = operation["responses"]
    success = _success_status(responses)
    success_headers = responses[success].setdefault("headers", {})
    if method == "get" and path not in UNCONDITIONAL_READS:
        parameters.append(IF_NONE_MATCH)
        success_headers["ETag"] = {**HEADERS["ETag"], "required": True}
        if not path.startswith("/v1/admin"):
            success_headers["Last-Modified"] = HEADERS["Last-Modified"]
        responses["304"] = {
            "description": "Not modified: the representation named in If-None-Match is current",
            "headers": {"ETag": {**HEADERS["ETag"], "required": True}},
        }
    for name, header in list(success_headers.items()):
        # Routes may describe a header without its schema; every header gets one.
        success_headers[name] = {**HEADERS.get(name, {"schema": STRING}), **header}
    if _takes_cursor(parameters):
        success_headers["Link"] = HEADERS["Link"]
    if success == "201" and "Location" not in success_headers:
        success_headers["Location"] = {**HEADERS["Location"], "required": True}
    for status in sorted(statuses):
        responses[str(status)] = _problem_response(status, responses.get(str(status), {}))
    if not parameters:
        del operation["parameters"]


def _problem_statuses(
    operation: dict[str, Any], route: Any, parameters: list[dict[str, Any]]
) -> set[int]:
    """The error statuses of an operation: the route's own, its dependencies', and those its
    parameters imply. Narrows the operation's security where a dependency says so."""
    statuses = {int(s) for s in operation["responses"] if _is_problem_status(s)}
    for call in _dependency_calls(route.dependant):
        marked = getattr(call, ANSWERS_ATTRIBUTE, None)
        if marked is None:
            continue
        answered, security, only_if = marked
        if only_if is not None and not only_if():
            continue
        statuses |= answered
        if security is not None:
            operation["security"] = security
    if any(p["in"] == "path" for p in parameters):
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 413}
    if _takes_cursor(parameters):
        statuses.add(400)
    for parameter in parameters:
        if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
            parameter.update(IF_MATCH)
            statuses |= {412, 428}
    return statuses


def _takes_cursor(parameters: list[dict[str, Any]]) -> bool:
    return any(p["in"] == "query" and p["name"] == "cursor" for p in parameters)


def _dependency_calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _dependency_calls(dependency)


def _is_problem_status(status: str) -> bool:
    return status.isdigit() and int(status) >= 400


def _success_status(responses: dict[str, Any]) -> str:
    return min(s for s in responses if s.isdigit() and int(s) < 300)


def _problem_response(status: int, declared: dict[str, Any]) -> dict[str, Any]:
    schema = VALIDATION_PROBLEM_REF if status == 422 else PROBLEM_REF
    response: dict[str, Any] = {
        "description": declared.get("description") or _description(status),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
    }
    headers = dict(declared.get("headers", {}))
    if status == 429:
        headers["Retry-After"] = {**HEADERS["Retry-After"], "required": True}
    if status == 401:
        headers.setdefault("WWW-Authenticate", HEADERS["WWW-Authenticate"])
    if headers:
        response["headers"] = headers
    return response


def _description(status: int) -> str:
    if status in PROBLEM_DESCRIPTIONS:
        return PROBLEM_DESCRIPTIONS[status]
    return HTTPStatus(status).phrase


# Words of a route's function name that only repeat its group: `list_articles` under
# /v1/articles is `articles_list`.
GROUP_WORDS = {
    "articles": ("articles", "article"),
    "categories": ("categories", "category"),
    "tags": ("tags", "tag"),
    "users": ("users", "user"),
    "api_keys": ("api_keys", "api_key"),
    "webhooks": ("webhooks", "webhook"),
    "media": ("media",),
    "royalty_rates": ("rate_tables", "rate_table"),
    "audit": ("audit_events",),
    "reports": ("report",),
    "feeds": ("feed",),
}
# Paths outside /v1 and the tag-less groups of the few routes there.
ROOT_GROUPS = {"/healthz": "ops", "/readyz": "ops"}


def readable_operation_id(path: str, function_name: str) -> str:
    """`{group}_{action}`: the group from the path (`admin_articles` for /v1/admin/articles/…,
    `articles` for /v1/articles/…, `feeds` for sitemaps), the action from the function name
    without the group's own noun; a function named like its group is the group alone (`sync`)."""
    segments = [s.replace("-", "_") for s in path.split("/") if s and not s.startswith("{")]
    if segments[:1] == ["v1"]:
        two_level = segments[1] in ("admin", "preview") and len(segments) > 2
        group_segments = segments[1:3] if two_level else segments[1:2]
        noun = group_segments[-1]
        group = "_".join(group_segments)
    else:
        group = ROOT_GROUPS.get(path, "feeds")
        noun = group
    action = function_name
    for word in GROUP_WORDS.get(noun, ()):
        action = re.sub(rf"(^|_){word}(_|$)", r"\1\2", action)
    action = re.sub("_+", "_", action).strip("_")
    if not action or action == noun:
        return group
    return f"{group}_{action}"


def _rename_schemas(document: dict[str, Any]) -> None:
    """Readable model names for generated clients: `Page_ArticleAdmin_` → `ArticleAdminPage`,
    FastAPI's `Body_login_…` form → `LoginForm`."""
    schemas = document["components"]["schemas"]
    renames: dict[str, str] = {}
    for name in list(schemas):
        generic = re.fullmatch(r"Page_(\w+)_", name)
        if generic:
            renames[name] = f"{generic.group(1)}Page"
        elif name.startswith("Body_login"):
            renames[name] = "LoginForm"
    for old, new in renames.items():
        if new in schemas:
            raise RuntimeError(f"renaming {old} to {new} would replace a schema")
        schemas[new] = schemas.pop(old)
        schemas[new]["title"] = new
    old_refs = {
        f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in renames.items()
    }
    _rewrite_refs(document, old_refs)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renames:
            node["$ref"] = renames[ref]
        for value in node.values():
            _rewrite_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renames)


FIELD_ERROR = {
    "title": "FieldError",
    "type": "object",
    "description": "One invalid field: where it is, what is wrong, and a machine-readable kind",
    "properties": {
        "loc": {
            "title": "Loc",
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "description": 'Path to the field, e.g. ["body", "title"] or ["query", "limit"]',
        },
        "msg": {"title": "Msg", "type": "string"},
        "type": {"title": "Type", "type": "string"},
    },
    "required": ["loc", "msg", "type"],
}

_PROBLEM_PROPERTIES: dict[str, Any] = {
    "type": {
        "title": "Type",
        "type": "string",
        "description": "URI naming the kind of problem, e.g. https://newsdesk.dev/problems/not-found",
    },
    "title": {"title": "Title", "type": "string"},
    "status": {"title": "Status", "type": "integer"},
    "detail": {"title": "Detail", "type": "string"},
    "instance": {"title": "Instance", "type": "string", "description": "The request path"},
    "request_id": {
        "title": "Request Id",
        "type": "string",
        "description": "On a 500: the id to quote to an operator (also in X-Request-ID)",
    },
}

PROBLEM_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "type": "object",
        "description": "An error, as RFC 9457 problem details (application/problem+json). Some "
        "problems add members, e.g. `allowed_actions` on a refused workflow transition.",
        "properties": _PROBLEM_PROPERTIES,
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": True,
    },
    "ValidationProblem": {
        "title": "ValidationProblem",
        "type": "object",
        "description": "A 422 problem: the request does not match the schema or breaks a rule "
        "of the content; `errors` names each field.",
        "properties": {
            **_PROBLEM_PROPERTIES,
            "errors": {
                "title": "Errors",
                "type": "array",
                "items": {"$ref": "#/components/schemas/FieldError"},
            },
        },
        "required": ["type", "title", "status", "detail", "errors"],
        "additionalProperties": True,
    },
    "FieldError": FIELD_ERROR,
}
