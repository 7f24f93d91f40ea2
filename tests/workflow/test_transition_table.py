"""Walk the whole table: every action from every status, allowed and refused, for each role.

The expectations are written out here from SPEC §4, not derived from the code's table."""

from typing import get_args

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import Role, User
from app.articles.models import Article, ArticleStatus
from app.workflow.docs import DOC_PATH, render_into
from app.workflow.schemas import Action
from app.workflow.transitions import ACTIONS
from tests.factories import Factory

S = ArticleStatus
ALL = set(S)
# From which statuses each action is allowed (for an article without unpublished changes).
ALLOWED_FROM: dict[str, set[ArticleStatus]] = {
    "submit": {S.draft, S.rejected},
    "withdraw": {S.in_review},
    "approve": {S.in_review},
    "reject": {S.in_review},
    "publish": {S.draft, S.in_review, S.rejected, S.unpublished},
    "unpublish": {S.scheduled, S.published, S.expired},
    "trash": ALL - {S.trashed},
    "restore": {S.trashed},
}
# The status each allowed action leads to (single review step, publish_at in the past).
LEADS_TO = {
    "submit": "in_review",
    "withdraw": "draft",
    "approve": "published",
    "reject": "rejected",
    "publish": "published",
    "unpublish": "unpublished",
    "trash": "trashed",
    "restore": "draft",
}
# Actions each role may take when the status allows it (the contributor is the author).
ROLE_MAY: dict[Role, set[str]] = {
    Role.contributor: {"submit", "withdraw"},
    Role.editor: set(ACTIONS),
    Role.chief_editor: set(ACTIONS),
    Role.admin: set(ACTIONS),
}


def _act(client: TestClient, headers: dict[str, str], article: Article, action: str):
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=headers).headers["etag"]
    body = {"action": action, **({"comment": "Chưa đạt"} if action == "reject" else {})}
    return client.post(f"{url}/transitions", json=body, headers={**headers, "If-Match": etag})


@pytest.mark.parametrize("role", list(ROLE_MAY))
def test_every_action_from_every_status(client: TestClient, factory: Factory, role: Role) -> None:
    user = factory.user(role)
    headers = factory.headers(user)
    for status in S:
        for action in ACTIONS:
            article = factory.article(author=user if role is Role.contributor else None,
                                      status=status)  # fmt: skip
            response = _act(client, headers, article, action)
            where = f"{role.value}: {action} from {status.value}"
            if status not in ALLOWED_FROM[action]:
                assert response.status_code == 409, where
                problem = response.json()
                assert problem["allowed_actions"] == sorted(
                    problem["allowed_actions"], key=list(ACTIONS).index
                )
                assert action not in problem["allowed_actions"], where
            elif action not in ROLE_MAY[role]:
                assert response.status_code == 403, where
            else:
                assert response.status_code == 200, f"{where}: {response.text}"
                assert response.json()["status"] == LEADS_TO[action], where


def test_unrelated_principal_cannot_even_see_the_article(
    client: TestClient, factory: Factory
) -> None:
    stranger = factory.headers(factory.user(Role.contributor))
    article = factory.article()
    response = client.post(
        f"/v1/admin/articles/{article.id}/transitions",
        json={"action": "submit"},
        headers={**stranger, "If-Match": '"x"'},
    )
    assert response.status_code == 404


def test_transitions_need_if_match(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article()
    url = f"/v1/admin/articles/{article.id}/transitions"
    assert client.post(url, json={"action": "submit"}, headers=editor).status_code == 428
    stale = client.post(url, json={"action": "submit"}, headers={**editor, "If-Match": '"a1.0"'})
    assert stale.status_code == 412


def test_reject_needs_a_comment_and_keeps_it(client: TestClient, factory: Factory) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(status=S.in_review)
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    bare = client.post(
        f"{url}/transitions", json={"action": "reject"}, headers={**editor, "If-Match": etag}
    )
    assert bare.status_code == 422
    done = client.post(
        f"{url}/transitions",
        json={"action": "reject", "comment": "Thiếu nguồn ảnh"},
        headers={**editor, "If-Match": etag},
    )
    assert done.status_code == 200
    history = client.get(f"{url}/history", headers=editor).json()
    assert history[-1]["comment"] == "Thiếu nguồn ảnh"
    assert history[-1]["from_status"] == "in_review"
    assert history[-1]["to_status"] == "rejected"


def test_publish_at_only_applies_to_publishing_actions(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article()
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    response = client.post(
        f"{url}/transitions",
        json={"action": "submit", "publish_at": "2030-01-01T00:00:00Z"},
        headers={**editor, "If-Match": etag},
    )
    assert response.status_code == 422


def test_guard_live_articles_need_changes_to_be_republished(
    client: TestClient, factory: Factory
) -> None:
    editor = factory.headers(factory.user(Role.editor))
    article = factory.article(status=S.published)
    url = f"/v1/admin/articles/{article.id}"
    etag = client.get(url, headers=editor).headers["etag"]
    nothing_new = client.post(
        f"{url}/transitions", json={"action": "publish"}, headers={**editor, "If-Match": etag}
    )
    assert nothing_new.status_code == 409
    assert "publish" not in nothing_new.json()["allowed_actions"]
    edited = client.patch(url, json={"title": "Tiêu đề mới"}, headers={**editor, "If-Match": etag})
    assert edited.json()["has_unpublished_changes"] is True
    republished = client.post(
        f"{url}/transitions",
        json={"action": "publish"},
        headers={**editor, "If-Match": edited.headers["etag"]},
    )
    assert republished.status_code == 200


def test_two_step_review_chain(
    client: TestClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.config import get_settings

    monkeypatch.setattr(get_settings(), "review_steps", ["editor", "chief_editor"])
    category = factory.category("Xây dựng Đảng")
    section_editor = factory.user(None)
    factory.grant(section_editor, category, Role.editor)
    chief = factory.user(None)
    factory.grant(chief, category, Role.chief_editor)
    writer = factory.user(Role.contributor)
    article = factory.article(author=writer, category_id=category.id)

    def act(user: User, action: str) -> int:
        return _act(client, factory.headers(user), article, action).status_code

    # A stronger role may approve an earlier step; it then still takes its own step.
    assert act(writer, "submit") == 200
    assert act(chief, "approve") == 200
    assert (
        client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(chief)).json()[
            "review_step"
        ]
        == "chief_editor"
    )
    assert act(chief, "approve") == 200
    assert client.get(f"/v1/articles/{article.id}").status_code == 200

    article = factory.article(author=writer, category_id=category.id)
    assert act(writer, "submit") == 200
    view = client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(chief)).json()
    assert view["review_step"] == "editor"
    assert act(writer, "approve") == 403
    assert act(section_editor, "approve") == 200
    view = client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(chief)).json()
    assert (view["status"], view["review_step"]) == ("in_review", "chief_editor")
    assert act(section_editor, "approve") == 403  # the chief's step
    assert act(section_editor, "reject") == 403
    assert act(chief, "approve") == 200
    view = client.get(f"/v1/admin/articles/{article.id}", headers=factory.headers(chief)).json()
    assert (view["status"], view["review_step"], view["is_live"]) == ("published", None, True)
    assert client.get(f"/v1/articles/{article.id}").status_code == 200


def test_workflow_table_endpoint_and_schema_agree_with_the_code(
    client: TestClient, factory: Factory
) -> None:
    assert set(get_args(Action)) == set(ACTIONS)
    table = client.get(
        "/v1/admin/workflow", headers=factory.headers(factory.user(Role.editor))
    ).json()
    assert [row["action"] for row in table] == list(ACTIONS)
    assert table[0]["from"] == sorted(
        s.value for s in ALLOWED_FROM["submit"] | {S.published, S.scheduled, S.expired}
    )  # live ones only with unpublished changes


def test_workflow_doc_is_generated_from_the_table() -> None:
    text = DOC_PATH.read_text()
    assert render_into(text) == text, "run `python -m app.workflow.docs` to regenerate"
