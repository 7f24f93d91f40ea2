"""With a review chain of several steps, nothing goes live without the last step's role
(issue 16): not a direct publish or schedule, not a republish of an edited live article, not a
restored revision, not an API key with a lower role, not the scheduler. An admin may publish
out of turn only with a comment, recorded in the history as an override."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.core.config import get_settings
from app.core.db import utcnow
from app.workflow.jobs import announce_due
from tests.factories import Factory

PROBLEM = "application/problem+json"


@pytest.fixture
def two_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "review_steps", ["editor", "chief_editor"])


def _act(
    client: TestClient, headers: dict[str, str], article: Article, action: str, **body: Any
) -> Any:
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=headers).headers["etag"]
    return client.post(
        f"{url}/transitions",
        json={"action": action, **body},
        headers={**headers, "If-Match": etag},
    )


def _assert_problem(answer: Any, status: int) -> None:
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith(PROBLEM)


def _history(client: TestClient, headers: dict[str, str], article: Article) -> list[Any]:
    answer = client.get(f"/v1/admin/articles/{article.id}/history", headers=headers)
    assert answer.status_code == 200
    return list(answer.json())


def _is_public(client: TestClient, article: Article) -> bool:
    return bool(client.get(f"/v1/articles/{article.id}").status_code == 200)


@pytest.mark.usefixtures("two_steps")
def test_an_editor_can_neither_publish_nor_schedule_before_the_chiefs_step(
    client: TestClient, factory: Factory, db: Session
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article()

    _assert_problem(_act(client, editor, article, "publish"), 403)
    later = (utcnow() + timedelta(hours=1)).isoformat()
    assert _act(client, editor, article, "publish", publish_at=later).status_code == 403

    db.refresh(article)
    assert (article.status, article.version) == ("draft", "0.1")
    assert not _is_public(client, article)
    # Nothing was scheduled behind the chain's back for the scheduler to make live later.
    assert announce_due(db, now=utcnow() + timedelta(days=1)) == []
    assert not _is_public(client, article)


@pytest.mark.usefixtures("two_steps")
def test_the_last_steps_role_publishes_directly(client: TestClient, factory: Factory) -> None:
    chief = factory.headers(factory.user(Role.chief_editor))
    article = factory.article()

    published = _act(client, chief, article, "publish")

    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert _is_public(client, article)
    assert _history(client, chief, article)[-1]["action"] == "publish"


@pytest.mark.usefixtures("two_steps")
def test_submit_then_each_step_approves_in_turn(client: TestClient, factory: Factory) -> None:
    writer, editor, chief = (
        factory.user(role) for role in (Role.contributor, Role.editor, Role.chief_editor)
    )
    article = factory.article(author=writer)

    def act(user: User, action: str) -> int:
        return int(_act(client, factory.headers(user), article, action).status_code)

    assert act(writer, "submit") == 200
    assert act(editor, "approve") == 200
    assert act(editor, "approve") == 403  # the last step is the chief's
    assert act(editor, "publish") == 403  # and so is publishing at it
    assert not _is_public(client, article)
    assert act(chief, "approve") == 200
    assert _is_public(client, article)
    actions = [e["action"] for e in _history(client, factory.headers(chief), article)]
    assert actions == ["create", "submit", "approve", "approve"]


@pytest.mark.usefixtures("two_steps")
def test_an_admin_publishes_out_of_turn_only_with_a_comment_recorded_as_an_override(
    client: TestClient, factory: Factory
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    article = factory.article()

    _assert_problem(_act(client, admin, article, "publish"), 422)
    assert not _is_public(client, article)

    reason = "Tin khẩn, tổng biên tập vắng mặt"
    assert _act(client, admin, article, "publish", comment=reason).status_code == 200
    assert _is_public(client, article)
    last = _history(client, admin, article)[-1]
    assert (last["action"], last["comment"], last["to_status"]) == (
        "publish_override", reason, "published"
    )  # fmt: skip


@pytest.mark.usefixtures("two_steps")
def test_an_admin_at_the_last_step_overrides_nothing(client: TestClient, factory: Factory) -> None:
    admin = factory.headers(factory.user(Role.admin))
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article()
    assert _act(client, editor, article, "submit").status_code == 200
    assert _act(client, editor, article, "approve").status_code == 200

    assert _act(client, admin, article, "publish").status_code == 200
    assert _history(client, admin, article)[-1]["action"] == "publish"


def test_with_the_default_single_step_editors_and_admins_publish_as_before(
    client: TestClient, factory: Factory
) -> None:
    for role in (Role.editor, Role.admin):
        headers = factory.headers(factory.user(role))
        article = factory.article()
        assert _act(client, headers, article, "publish").status_code == 200
        assert _history(client, headers, article)[-1]["action"] == "publish"


def test_republishing_an_edited_live_article_needs_the_last_step_too(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = factory.article(status=ArticleStatus.published, title="Bản đã duyệt")
    monkeypatch.setattr(get_settings(), "review_steps", ["editor", "chief_editor"])
    editor = factory.headers(factory.user(Role.editor))
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    edited = client.patch(
        url, json={"title": "Bản chưa duyệt"}, headers={**editor, "If-Match": etag}
    )
    assert edited.status_code == 200

    assert _act(client, editor, article, "publish").status_code == 403
    assert client.get(f"/v1/articles/{article.id}").json()["title"] == "Bản đã duyệt"


def test_restoring_a_revision_changes_only_the_working_copy(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = factory.article(status=ArticleStatus.published, title="Bản đã duyệt")
    draft = factory.article(title="Chưa từng đăng")
    monkeypatch.setattr(get_settings(), "review_steps", ["editor", "chief_editor"])
    editor = factory.headers(factory.user(Role.editor))
    url = f"/v1/admin/articles/{article.id}"
    for title in ("Bản sửa thứ nhất", "Bản sửa thứ hai"):
        etag = client.get(url, headers=editor).headers["etag"]
        assert client.patch(url, json={"title": title},
                            headers={**editor, "If-Match": etag}).status_code == 200  # fmt: skip
    first_edit = [r["number"] for r in client.get(f"{url}/revisions", headers=editor).json()][-2]

    for target, number in ((article, first_edit), (draft, 1)):
        target_url = f"/v1/admin/articles/{target.id}"
        etag = client.get(target_url, headers=editor).headers["etag"]
        restored = client.post(
            f"{target_url}/revisions/{number}/restore", headers={**editor, "If-Match": etag}
        )
        assert restored.status_code == 200
        assert restored.json()["status"] == target.status

    assert client.get(url, headers=editor).json()["title"] == "Bản sửa thứ nhất"
    assert client.get(f"/v1/articles/{article.id}").json()["title"] == "Bản đã duyệt"
    assert not _is_public(client, draft)


@pytest.mark.usefixtures("two_steps")
def test_an_api_key_acts_with_its_roles_place_in_the_chain(
    client: TestClient, factory: Factory
) -> None:
    admin = factory.headers(factory.user(Role.admin))
    keys = {
        role: client.post(
            "/v1/admin/api-keys", json={"name": f"CMS {role}", "role": role}, headers=admin
        ).json()["key"]
        for role in ("editor", "chief_editor")
    }
    article = factory.article()

    as_editor = _act(client, {"X-API-Key": keys["editor"]}, article, "publish")
    assert as_editor.status_code == 403
    assert not _is_public(client, article)
    assert _act(client, {"X-API-Key": keys["chief_editor"]}, article, "publish").status_code == 200
    assert _is_public(client, article)
