"""What an integrator does with the client openapi-python-client generates from /openapi.json.

Run by tests/test_generated_clients.py against a real server, with the generated package
`newsdesk_client` importable; docs/integrators.md shows the same calls. Settings come from the
environment: NEWSDESK_URL, NEWSDESK_USERNAME and NEWSDESK_PASSWORD (an admin), NEWSDESK_SLUG (a
live article), NEWSDESK_SEARCH (a word of its title), NEWSDESK_CATEGORY_ID (for the new draft).
Exits non-zero with a message at the first answer that is not what the contract says.
"""

import os
import sys
import uuid
from typing import Any, NoReturn

from newsdesk_client import AuthenticatedClient, Client
from newsdesk_client.api.admin_api_keys import admin_api_keys_create
from newsdesk_client.api.admin_articles import admin_articles_create, admin_articles_get
from newsdesk_client.api.admin_workflow import admin_articles_transition
from newsdesk_client.api.articles import articles_get_by_slug, articles_list
from newsdesk_client.api.auth import auth_login
from newsdesk_client.api.sync import sync
from newsdesk_client.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyCreateScopesItem,
    ArticleAdmin,
    ArticleCreate,
    ArticlePublic,
    LoginForm,
    Problem,
    PublicArticlePage,
    SyncPageOut,
    TokenResponse,
    TransitionRequest,
    TransitionRequestAction,
    ValidationProblem,
)


def fail(message: str) -> NoReturn:
    sys.exit(f"python client: {message}")


def expect(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        fail(f"{what}: expected {kind.__name__}, got {value!r}")
    return value


def main() -> None:
    base_url = os.environ["NEWSDESK_URL"]
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

    # Log in (OAuth2 password form) and use the token for the admin API.
    login = auth_login.sync(
        client=anonymous,
        body=LoginForm(
            username=os.environ["NEWSDESK_USERNAME"], password=os.environ["NEWSDESK_PASSWORD"]
        ),
    )
    token = expect(login, TokenResponse, "login").access_token
    staff = AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)

    # Public reads: a page of the newest, a search, one article by its slug.
    page = expect(articles_list.sync(client=anonymous, limit=5), PublicArticlePage, "list")
    if not page.items:
        fail("the list is empty")
    found = articles_list.sync(client=anonymous, q=os.environ["NEWSDESK_SEARCH"])
    found = expect(found, PublicArticlePage, "search")
    slug = os.environ["NEWSDESK_SLUG"]
    if slug not in [item.slug for item in found.items]:
        fail(f"search did not find {slug}: {[item.slug for item in found.items]}")
    article = articles_get_by_slug.sync(slug, client=anonymous)
    expect(article, ArticlePublic, "read by slug")

    # Create a draft; its ETag names the version to publish.
    created = admin_articles_create.sync_detailed(
        client=staff,
        body=ArticleCreate(
            title=f"Bài thử client Python {uuid.uuid4().hex[:6]}",
            category_id=int(os.environ["NEWSDESK_CATEGORY_ID"]),
            summary="Tạo bằng client sinh từ OpenAPI",
        ),
    )
    draft = expect(created.parsed, ArticleAdmin, f"create ({created.status_code})")
    draft_etag = created.headers["etag"]
    if admin_articles_get.sync_detailed(draft.id, client=staff).headers["etag"] != draft_etag:
        fail("reading the draft back gives another ETag")

    # Publish it, If-Match a typed parameter of the generated function.
    publish = TransitionRequest(action=TransitionRequestAction.PUBLISH)
    published = admin_articles_transition.sync_detailed(
        draft.id, client=staff, body=publish, if_match=draft_etag
    )
    article_admin = expect(published.parsed, ArticleAdmin, f"publish ({published.status_code})")
    if article_admin.status != "published":
        fail(f"publish left the article {article_admin.status}")

    # The draft's ETag is stale now: 412, parsed as the Problem model.
    unpublish = TransitionRequest(action=TransitionRequestAction.UNPUBLISH)
    stale = admin_articles_transition.sync_detailed(
        draft.id, client=staff, body=unpublish, if_match=draft_etag
    )
    problem = expect(stale.parsed, Problem, f"stale ETag ({stale.status_code})")
    if stale.status_code != 412 or problem.status != 412:
        fail(f"stale ETag answered {stale.status_code}: {problem}")

    # Bad input (an empty title): 422, parsed as ValidationProblem with its field errors.
    invalid = admin_articles_create.sync_detailed(
        client=staff,
        body=ArticleCreate(title="", category_id=int(os.environ["NEWSDESK_CATEGORY_ID"])),
    )
    validation = expect(invalid.parsed, ValidationProblem, f"bad input ({invalid.status_code})")
    if invalid.status_code != 422 or not any("title" in e.loc for e in validation.errors):
        fail(f"bad input answered {invalid.status_code}: {validation}")

    # Sync with an API key that has the `sync` scope, page by page with next_cursor.
    key = admin_api_keys_create.sync(
        client=staff,
        body=ApiKeyCreate(name="Cổng tỉnh (client Python)", scopes=[ApiKeyCreateScopesItem.SYNC]),
    )
    integrator = AuthenticatedClient(
        base_url=base_url,
        token=expect(key, ApiKeyCreated, "API key").key,
        prefix="",
        auth_header_name="X-API-Key",
        raise_on_unexpected_status=True,
    )
    mirror: dict[int, ArticlePublic] = {}
    cursor: str | None = None
    while True:
        sync_page = expect(
            sync.sync(client=integrator, cursor=cursor, limit=1), SyncPageOut, "sync"
        )
        mirror.update({item.id: item for item in sync_page.upserted})
        for tombstone in sync_page.deleted:
            mirror.pop(tombstone.id, None)
        cursor = sync_page.next_cursor
        if not sync_page.has_more:
            break
    if draft.id not in mirror or article.id not in mirror:
        fail(f"sync missed an article: has {sorted(mirror)}")
    print(f"python client: all steps passed ({len(mirror)} articles synced)")


if __name__ == "__main__":
    main()
