"""Ids of things the caller may not see are answered exactly like ids that do not exist, in
every place that takes the id of another object (docs/security.md, "Referencing other
objects"): same status, same problem type and title, same detail and errors apart from the id.
Otherwise a contributor could walk the id space and learn which drafts (or users) exist and,
through related picks, what they are called."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus, Category
from tests.factories import Factory

ARTICLES = "/v1/admin/articles"
MISSING = 2_000_000_000  # a well-formed id no row has


@dataclass
class Desk:
    """A contributor with a draft of their own in "Xã hội", and what they may not see: an
    editor's draft in "Kinh tế" (and the editor's account)."""

    contributor: User
    headers: dict[str, str]
    own: Article
    editor: User
    elsewhere: Category
    hidden_draft: Article


@pytest.fixture
def desk(factory: Factory) -> Desk:
    society = factory.category("Xã hội")
    economy = factory.category("Kinh tế")
    contributor = factory.user(Role.contributor)
    editor = factory.user(None)
    factory.grant(editor, economy, Role.editor)
    return Desk(
        contributor=contributor,
        headers=factory.headers(contributor),
        own=factory.article(author=contributor, category_id=society.id, title="Bài của tôi"),
        editor=editor,
        elsewhere=economy,
        hidden_draft=factory.article(
            author=editor, category_id=economy.id, title="Tin độc quyền chưa đăng"
        ),
    )


def _write(client: TestClient, desk: Desk, method: str, url: str, body: Any) -> httpx.Response:
    """A write with the If-Match of the contributor's own article, where one is needed."""
    etag = client.get(f"{ARTICLES}/{desk.own.id}", headers=desk.headers).headers["ETag"]
    headers = {**desk.headers, "If-Match": etag}
    return client.request(method, url, json=body, headers=headers)


def _create(client: TestClient, desk: Desk, **fields: Any) -> httpx.Response:
    body = {"title": "Bài mới", "category_id": desk.own.category_id, **fields}
    return client.post(ARTICLES, json=body, headers=desk.headers)


Send = Callable[[TestClient, Desk, int], httpx.Response]


@dataclass(frozen=True)
class Probe:
    send: Send
    hidden: Callable[[Desk], int]
    in_path: bool = False  # the probed id is part of the URL (and of `instance`)


def _hidden_draft(desk: Desk) -> int:
    return desk.hidden_draft.id or 0


def _at_article(method: str, template: str, *, staff: bool = True) -> Probe:
    """A request about an article named in the path: by the contributor, or anonymously."""

    def send(client: TestClient, desk: Desk, article_id: int) -> httpx.Response:
        headers = {**desk.headers, "If-Match": '"a0.0"'} if staff else {}
        body = None if staff else {"visitor_id": "v-123456"}
        return client.request(method, template.format(id=article_id), headers=headers, json=body)

    return Probe(send, _hidden_draft, in_path=True)


def _own(desk: Desk) -> str:
    return f"{ARTICLES}/{desk.own.id}"


PROBES: dict[str, Probe] = {
    "related_ids: PUT picks": Probe(
        lambda c, d, i: _write(c, d, "PUT", f"{_own(d)}/related", {"related_ids": [i]}),
        _hidden_draft,
    ),
    "related_ids: PATCH article": Probe(
        lambda c, d, i: _write(c, d, "PATCH", _own(d), {"related_ids": [i]}),
        _hidden_draft,
    ),
    "related_ids: POST article": Probe(
        lambda c, d, i: _create(c, d, related_ids=[i]), _hidden_draft
    ),
    "author_id: POST article": Probe(
        lambda c, d, i: _create(c, d, author_id=i), lambda d: d.editor.id or 0
    ),
    "author_id: PATCH article": Probe(
        lambda c, d, i: _write(c, d, "PATCH", _own(d), {"author_id": i}),
        lambda d: d.editor.id or 0,
    ),
    "payee_user_id: PUT royalty": Probe(
        lambda c, d, i: _write(
            c,
            d,
            "PUT",
            f"{_own(d)}/royalty",
            {"lines": [{"payee_user_id": i, "role": "writer", "grade": "A", "page_units": 1}]},
        ),
        lambda d: d.editor.id or 0,
    ),
    "category_id: POST webhook": Probe(
        lambda c, d, i: c.post(
            "/v1/admin/webhooks",
            json={
                "url": "https://example.org/h",
                "events": ["article.published"],
                "category_id": i,
            },
            headers=d.headers,
        ),
        lambda d: d.elsewhere.id or 0,
    ),
    "user id: POST grant": Probe(
        lambda c, d, i: c.post(
            f"/v1/admin/users/{i}/grants",
            json={"category_id": d.own.category_id, "role": "editor"},
            headers=d.headers,
        ),
        lambda d: d.editor.id or 0,
        in_path=True,
    ),
    "article id: GET picks": _at_article("GET", ARTICLES + "/{id}/related"),
    "article id: GET revision": _at_article("GET", ARTICLES + "/{id}/revisions/1"),
    "article id: POST restore": _at_article("POST", ARTICLES + "/{id}/revisions/1/restore"),
    "article id: GET royalty": _at_article("GET", ARTICLES + "/{id}/royalty"),
    "article id: public related": _at_article("GET", "/v1/articles/{id}/related", staff=False),
    "article id: view beacon": _at_article("POST", "/v1/articles/{id}/views", staff=False),
}


def _normalised(response: httpx.Response, probed: int, *, in_path: bool) -> dict[str, Any]:
    """The problem with the probed id written as `{id}` wherever the caller's input shows."""

    def scrub(text: str) -> str:
        return re.sub(rf"\b{probed}\b", "{id}", text)

    body: dict[str, Any] = response.json()
    body["detail"] = scrub(body.get("detail", ""))
    body["errors"] = [{**e, "msg": scrub(e["msg"])} for e in body.get("errors") or []]
    if in_path:
        body["instance"] = scrub(body.get("instance", ""))
    return {**body, "http_status": response.status_code}


@pytest.mark.parametrize("name", list(PROBES))
def test_an_id_the_caller_may_not_see_is_answered_like_one_that_does_not_exist(
    client: TestClient, desk: Desk, name: str
) -> None:
    probe = PROBES[name]
    hidden = probe.hidden(desk)
    seen = _normalised(probe.send(client, desk, hidden), hidden, in_path=probe.in_path)
    missing = _normalised(probe.send(client, desk, MISSING), MISSING, in_path=probe.in_path)
    assert seen["http_status"] >= 400, seen
    assert seen == missing


def test_the_picks_view_shows_only_what_the_viewer_may_see(
    client: TestClient, factory: Factory, desk: Desk
) -> None:
    """An editor picks someone else's draft for the contributor's article; the contributor
    then sees that pick as an id only, and a live pick by its public title, not its working
    copy's (which may hold an unpublished change)."""
    live = factory.article(
        author=desk.editor, category_id=desk.elsewhere.id, status=ArticleStatus.published,
        title="Tiêu đề đã đăng",
    )  # fmt: skip
    live.title = "Tiêu đề đang sửa, chưa đăng"
    factory.session.add(live)
    factory.session.flush()
    chief = factory.headers(factory.user(Role.editor))
    url = f"{_own(desk)}/related"
    etag = client.get(url, headers=chief).headers["ETag"]
    ids = [desk.hidden_draft.id, live.id]
    put = client.put(url, json={"related_ids": ids}, headers={**chief, "If-Match": etag})
    assert put.status_code == 200, put.text
    assert [i["title"] for i in put.json()["items"]] == [
        "Tin độc quyền chưa đăng",
        "Tiêu đề đang sửa, chưa đăng",
    ]

    shown = client.get(url, headers=desk.headers)
    assert shown.status_code == 200
    assert shown.json()["related_ids"] == ids
    assert shown.json()["items"] == [
        {"id": desk.hidden_draft.id, "title": None, "status": None, "is_live": False},
        {"id": live.id, "title": "Tiêu đề đã đăng", "status": None, "is_live": True},
    ]
    assert "chưa đăng" not in shown.text


def test_a_contributor_picks_live_articles_and_keeps_picks_an_editor_made(
    client: TestClient, factory: Factory, desk: Desk
) -> None:
    """Live articles are public, so anyone may pick them; picks already on the article may be
    sent back unchanged (a save of the whole list), and restoring a revision brings its picks
    back, since neither lets the caller name anything new."""
    live = factory.article(
        author=desk.editor, category_id=desk.elsewhere.id, status=ArticleStatus.published
    )
    url = f"{_own(desk)}/related"
    assert _write(client, desk, "PUT", url, {"related_ids": [live.id]}).status_code == 200

    chief = factory.headers(factory.user(Role.editor))
    etag = client.get(url, headers=chief).headers["ETag"]
    ids = [live.id, desk.hidden_draft.id]
    put = client.put(url, json={"related_ids": ids}, headers={**chief, "If-Match": etag})
    assert put.status_code == 200, put.text
    resent = _write(client, desk, "PATCH", _own(desk), {"title": "Sửa", "related_ids": ids})
    assert resent.status_code == 200, resent.text
    with_both = client.get(f"{_own(desk)}/revisions", headers=desk.headers).json()[-1]["number"]

    assert _write(client, desk, "PUT", url, {"related_ids": []}).status_code == 200
    restored = _write(client, desk, "POST", f"{_own(desk)}/revisions/{with_both}/restore", None)
    assert restored.status_code == 200, restored.text
    assert restored.json()["related_ids"] == ids
