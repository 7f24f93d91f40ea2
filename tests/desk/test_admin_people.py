"""The desk's admin pages for people: an admin creates and edits users, their category roles,
passwords and API keys through the accounts services (what the API then shows, who can then
sign in); bad input comes back in Vietnamese with what was typed; an API key's secret is shown
once; and to anyone but an admin these pages are an unknown address.

New messages are looked up through the desk's catalog (`_`), so these tests say which message
a page shows; tests/desk/test_messages.py says each has its Vietnamese translation."""

import json
import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session, select

from app.accounts.models import ApiKey, AuditEvent, CategoryGrant, Role, User
from app.desk.i18n import _
from tests.desk.pages import csrf_of, sign_in
from tests.factories import DEFAULT_PASSWORD, Factory

NEW_PASSWORD = "mật khẩu mới 2024"


@pytest.fixture
def admin(client: TestClient, factory: Factory) -> User:
    user = factory.user(Role.admin)
    assert sign_in(client, user).status_code == 303
    return user


def _user_id(answer: Response) -> int:
    assert answer.status_code == 303, answer.text
    found = re.match(r"/desk/admin/users/(\d+)\?done=", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def _lock(page: Response) -> str:
    found = re.search(r'name="lock_version" value="(\d+)"', page.text)
    assert found, page.text
    return found.group(1)


def _input_value(page: Response, field_id: str) -> str:
    found = re.search(rf'<input id="{field_id}"[^>]*value="([^"]*)"', page.text)
    assert found, page.text
    return found.group(1)


def _reload(db: Session, model: type[User], id: int | None) -> User:
    db.expire_all()
    row = db.get(model, id)
    assert row is not None
    return row


def test_an_admin_creates_a_user_who_can_then_sign_in(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    page = client.get("/desk/admin/users")
    assert page.status_code == 200
    assert f'<tr data-user="{admin.id}">' in page.text
    created = client.post(
        "/desk/admin/users",
        data={"csrf_token": csrf_of(page), "username": "phongvien.an", "display_name":
              "Nguyễn Văn An", "email": "an@angiang.gov.vn", "role": "contributor",
              "password": NEW_PASSWORD},
        follow_redirects=False,
    )  # fmt: skip
    user_id = _user_id(created)
    shown = client.get(created.headers["location"])
    assert _("User created.") in shown.text
    assert _input_value(shown, "display_name") == "Nguyễn Văn An"
    api = client.get(f"/v1/admin/users/{user_id}", headers=factory.headers(admin)).json()
    assert (api["username"], api["display_name"], api["email"], api["role"]) == (
        "phongvien.an", "Nguyễn Văn An", "an@angiang.gov.vn", "contributor"
    )  # fmt: skip
    assert NEW_PASSWORD not in shown.text
    listed = client.get("/desk/admin/users")
    assert f'<a href="/desk/admin/users/{user_id}">phongvien.an</a>' in listed.text
    with TestClient(client.app) as theirs:
        new_user = _reload(db, User, user_id)
        assert sign_in(theirs, new_user, password=NEW_PASSWORD).status_code == 303
        assert theirs.get("/desk/articles").status_code == 200


def test_an_admin_changes_the_site_role_and_grants_and_withdraws_a_category_role(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    user = factory.user(Role.editor, email="cu@angiang.gov.vn")
    politics = factory.category("Xây dựng Đảng")
    page = client.get(f"/desk/admin/users/{user.id}")
    saved = client.post(
        f"/desk/admin/users/{user.id}",
        data={"csrf_token": csrf_of(page), "lock_version": _lock(page),
              "display_name": user.display_name, "email": "cu@angiang.gov.vn", "role": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    assert _reload(db, User, user.id).role is None
    # Only what changed was sent, as a PATCH: the audit names the role alone.
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "user.update")).one()
    assert json.loads(event.details)["changes"] == {"role": None}

    page = client.get(f"/desk/admin/users/{user.id}")
    assert f'<option value="{politics.id}">Xây dựng Đảng</option>' in page.text
    granted = client.post(
        f"/desk/admin/users/{user.id}/grants",
        data={"csrf_token": csrf_of(page), "category_id": str(politics.id), "role": "editor"},
        follow_redirects=False,
    )
    assert granted.status_code == 303
    (grant,) = db.exec(select(CategoryGrant).where(CategoryGrant.user_id == user.id)).all()
    assert (grant.category_id, grant.role) == (politics.id, "editor")
    page = client.get(granted.headers["location"])
    assert _("Role granted.") in page.text
    assert f'<tr data-grant="{grant.id}">' in page.text
    # The same category twice is refused with a message, the choice kept.
    again = client.post(
        f"/desk/admin/users/{user.id}/grants",
        data={"csrf_token": csrf_of(page), "category_id": str(politics.id), "role": "chief_editor"},
    )
    assert again.status_code == 409
    assert _("This user already has a role in this category: withdraw it first to change it.") in (
        again.text
    )
    assert '<option value="chief_editor" selected>' in again.text
    # And the editor of the category now sees what the API lets them.
    assert client.get(
        "/v1/admin/articles", headers=factory.headers(_reload(db, User, user.id))
    ).status_code == 200  # fmt: skip

    withdrawn = client.post(
        f"/desk/admin/users/{user.id}/grants/{grant.id}/delete",
        data={"csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert withdrawn.status_code == 303
    assert db.exec(select(CategoryGrant).where(CategoryGrant.user_id == user.id)).all() == []
    twice = client.post(
        f"/desk/admin/users/{user.id}/grants/{grant.id}/delete", data={"csrf_token": csrf_of(page)}
    )
    assert twice.status_code == 404
    assert _("This role was already withdrawn.") in twice.text


def test_a_reset_password_works_and_the_old_one_no_longer_does(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    user = factory.user(Role.contributor)
    with TestClient(client.app) as theirs:
        assert sign_in(theirs, user).status_code == 303
        page = client.get(f"/desk/admin/users/{user.id}")
        reset = client.post(
            f"/desk/admin/users/{user.id}/password",
            data={"csrf_token": csrf_of(page), "lock_version": _lock(page),
                  "new_password": NEW_PASSWORD},
            follow_redirects=False,
        )  # fmt: skip
        assert reset.status_code == 303
        shown = client.get(reset.headers["location"])
        assert NEW_PASSWORD not in shown.text
        # Their session ended with the old password.
        assert theirs.get("/desk/articles", follow_redirects=False).status_code == 303
    user = _reload(db, User, user.id)
    with TestClient(client.app) as theirs:
        assert sign_in(theirs, user, password=DEFAULT_PASSWORD).status_code == 401
        assert sign_in(theirs, user, password=NEW_PASSWORD).status_code == 303
        assert theirs.get("/desk/articles").status_code == 200


def test_deactivating_a_user_ends_their_desk_session_and_reactivating_lets_them_back(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    user = factory.user(Role.editor)
    with TestClient(client.app) as theirs:
        assert sign_in(theirs, user).status_code == 303
        assert theirs.get("/desk/articles").status_code == 200
        page = client.get(f"/desk/admin/users/{user.id}")
        deactivated = client.post(
            f"/desk/admin/users/{user.id}/deactivate",
            data={"csrf_token": csrf_of(page), "lock_version": _lock(page)},
            follow_redirects=False,
        )
        assert deactivated.status_code == 303
        assert _reload(db, User, user.id).is_active is False
        assert theirs.get("/desk/articles", follow_redirects=False).status_code == 303
        assert sign_in(theirs, user).status_code == 401
        listed = client.get("/desk/admin/users")
        row = listed.text.split(f'<tr data-user="{user.id}">', 1)[1].split("</tr>", 1)[0]
        assert _("Deactivated") in row
        page = client.get(f"/desk/admin/users/{user.id}")
        reactivated = client.post(
            f"/desk/admin/users/{user.id}/activate",
            data={"csrf_token": csrf_of(page), "lock_version": _lock(page)},
            follow_redirects=False,
        )
        assert reactivated.status_code == 303
        assert sign_in(theirs, user).status_code == 303


def test_the_last_active_admin_stays_one(client: TestClient, admin: User, db: Session) -> None:
    page = client.get(f"/desk/admin/users/{admin.id}")
    refused = client.post(
        f"/desk/admin/users/{admin.id}/deactivate",
        data={"csrf_token": csrf_of(page), "lock_version": _lock(page)},
    )
    assert refused.status_code == 409
    assert _(
        "This is the last active administrator: make someone else an administrator first."
    ) in refused.text  # fmt: skip
    assert _reload(db, User, admin.id).is_active is True


def test_a_form_opened_before_someone_else_changed_the_user_writes_nothing(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    user = factory.user(Role.editor, email="cu@angiang.gov.vn")
    opened = client.get(f"/desk/admin/users/{user.id}")
    with TestClient(client.app) as other_admin:
        sign_in(other_admin, factory.user(Role.admin))
        page = other_admin.get(f"/desk/admin/users/{user.id}")
        other_admin.post(
            f"/desk/admin/users/{user.id}",
            data={"csrf_token": csrf_of(page), "lock_version": _lock(page),
                  "display_name": "Tên của người kia", "email": "", "role": "editor"},
        )  # fmt: skip
    mine = {"csrf_token": csrf_of(opened), "lock_version": _lock(opened),
            "display_name": "Tên của tôi", "email": "cu@angiang.gov.vn",
            "role": "editor"}  # fmt: skip
    stale = client.post(f"/desk/admin/users/{user.id}", data=mine)
    assert stale.status_code == 412
    assert _input_value(stale, "display_name") == "Tên của tôi"  # what was typed stays
    assert _reload(db, User, user.id).display_name == "Tên của người kia"
    again = client.post(
        f"/desk/admin/users/{user.id}", data=mine | {"lock_version": _lock(stale)},
        follow_redirects=False,
    )  # fmt: skip
    assert again.status_code == 303
    assert _reload(db, User, user.id).display_name == "Tên của tôi"


def test_bad_input_is_answered_in_vietnamese_with_what_was_typed(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    factory.user(Role.editor, username="bientap")
    page = client.get("/desk/admin/users")
    typed = {"csrf_token": csrf_of(page), "username": "bientap", "display_name": "Trần Thị Bình",
             "email": "binh@angiang.gov.vn", "role": "editor",
             "password": NEW_PASSWORD}  # fmt: skip
    taken = client.post("/desk/admin/users", data=typed)
    assert taken.status_code == 409
    assert 'id="new-username-error">' + _("This username is taken.") in taken.text
    assert _input_value(taken, "new-display_name") == "Trần Thị Bình"
    assert _input_value(taken, "new-email") == "binh@angiang.gov.vn"
    assert '<option value="editor" selected>' in taken.text
    assert NEW_PASSWORD not in taken.text  # a password is never sent back into a page

    bad_email = client.post(
        "/desk/admin/users", data=typed | {"username": "binh", "email": "binh@@angiang"}
    )
    assert bad_email.status_code == 422
    assert 'id="new-email-error">' + _("Not a valid e-mail address.") in bad_email.text
    assert "Một số trường cần sửa lại." in bad_email.text
    assert _input_value(bad_email, "new-username") == "binh"

    no_password = client.post(
        "/desk/admin/users", data=typed | {"username": "binh", "password": ""}
    )
    assert no_password.status_code == 422
    assert 'id="new-password-error">Bắt buộc.' in no_password.text
    short = client.post("/desk/admin/users", data=typed | {"username": "binh", "password": "ngắn"})
    assert 'id="new-password-error">' + _("At least {limit} characters.").format(limit=8) in (
        short.text
    )
    assert db.exec(select(User).where(User.username == "binh")).first() is None

    user = factory.user(Role.editor)
    page = client.get(f"/desk/admin/users/{user.id}")
    lock = _lock(page)
    empty_name = client.post(
        f"/desk/admin/users/{user.id}",
        data={"csrf_token": csrf_of(page), "lock_version": lock, "display_name": "",
              "email": "khong-phai-thu", "role": "editor"},
    )  # fmt: skip
    assert empty_name.status_code == 422
    assert 'id="display_name-error">Bắt buộc.' in empty_name.text
    assert _input_value(empty_name, "email") == "khong-phai-thu"
    empty_password = client.post(
        f"/desk/admin/users/{user.id}/password",
        data={"csrf_token": csrf_of(page), "lock_version": lock, "new_password": ""},
    )
    assert empty_password.status_code == 422
    assert 'id="new_password-error">Bắt buộc.' in empty_password.text
    no_category = client.post(
        f"/desk/admin/users/{user.id}/grants",
        data={"csrf_token": csrf_of(page), "category_id": "", "role": "editor"},
    )
    assert no_category.status_code == 422
    assert 'id="grant-category_id-error">Hãy chọn một mục trong danh sách.' in no_category.text
    forced_role = client.post(
        f"/desk/admin/users/{user.id}",
        data={"csrf_token": csrf_of(page), "lock_version": lock,
              "display_name": "Tên", "email": "", "role": "superuser"},
    )  # fmt: skip
    assert forced_role.status_code == 422
    assert _reload(db, User, user.id).role == "editor"


def test_an_api_key_secret_is_shown_once_and_the_key_works_until_revoked(
    client: TestClient, factory: Factory, admin: User, db: Session
) -> None:
    politics = factory.category("Xây dựng Đảng")
    page = client.get("/desk/admin/api-keys")
    created = client.post(
        "/desk/admin/api-keys",
        data={"csrf_token": csrf_of(page), "name": "Cổng thông tin tỉnh", "role": "editor",
              "category_ids": [str(politics.id)], "scopes": ["sync"]},
    )  # fmt: skip
    assert created.status_code == 201
    assert created.headers["cache-control"] == "no-store"
    secret = _input_value(created, "secret")
    assert secret.startswith("nd_")
    warning = _(
        "Copy the key now and keep it somewhere safe: it is shown only this once and can never "
        "be shown again. If it is lost, revoke it and create another."
    )
    assert warning in created.text
    (key,) = db.exec(select(ApiKey)).all()
    assert (key.name, key.role, key.scopes) == ("Cổng thông tin tỉnh", "editor", "sync")
    assert secret not in (key.secret_hash, key.prefix)
    listed = client.get("/desk/admin/api-keys")
    assert secret not in listed.text
    assert secret[:11] in listed.text  # its prefix tells it apart
    assert 'id="secret"' not in listed.text
    row = listed.text.split(f'<tr data-key="{key.id}">', 1)[1].split("</tr>", 1)[0]
    assert "Xây dựng Đảng" in row

    assert client.get("/v1/admin/articles", headers={"X-API-Key": secret}).status_code == 200
    revoked = client.post(
        f"/desk/admin/api-keys/{key.id}/revoke",
        data={"csrf_token": csrf_of(listed)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert client.get("/v1/admin/articles", headers={"X-API-Key": secret}).status_code == 401
    after = client.get(revoked.headers["location"])
    row = after.text.split(f'<tr data-key="{key.id}">', 1)[1].split("</tr>", 1)[0]
    assert _("Revoked") in row
    assert "/revoke" not in row


def test_an_api_key_refused_is_named_with_what_was_typed(
    client: TestClient, admin: User, db: Session
) -> None:
    page = client.get("/desk/admin/api-keys")
    nothing_granted = client.post(
        "/desk/admin/api-keys", data={"csrf_token": csrf_of(page), "name": "Khóa trống"}
    )
    assert nothing_granted.status_code == 422
    assert _("Give the key a scope or a role (or both).") in nothing_granted.text
    assert _input_value(nothing_granted, "key-name") == "Khóa trống"
    past = client.post(
        "/desk/admin/api-keys",
        data={"csrf_token": csrf_of(page), "name": "Khóa cũ", "scopes": ["preview"],
              "expires_at": "2001-01-01T08:00"},
    )  # fmt: skip
    assert past.status_code == 422
    assert 'id="key-expires_at-error">' + _("Must be in the future.") in past.text
    assert 'name="scopes" type="checkbox" value="preview" checked' in past.text
    garbled = client.post(
        "/desk/admin/api-keys",
        data={"csrf_token": csrf_of(page), "name": "Khóa", "scopes": ["sync"],
              "expires_at": "ngày mai"},
    )  # fmt: skip
    assert garbled.status_code == 422
    assert db.exec(select(ApiKey)).all() == []


@pytest.mark.parametrize("role", [Role.editor, Role.chief_editor, Role.contributor, None])
def test_anyone_but_an_admin_finds_no_such_pages(
    client: TestClient, factory: Factory, db: Session, role: Role | None
) -> None:
    target = factory.user(Role.contributor)
    grant = factory.grant(target, factory.default_category(), Role.contributor)
    caller = factory.user(role)
    if role is None:  # a category role only
        factory.grant(caller, factory.default_category(), Role.chief_editor)
    sign_in(client, caller)
    page = client.get("/desk/articles")
    assert page.status_code == 200
    csrf = csrf_of(page)
    unknown = client.get("/desk/no-such-page")
    assert unknown.status_code == 404
    for url in ("/desk/admin/users", f"/desk/admin/users/{target.id}", "/desk/admin/api-keys"):
        answer = client.get(url)
        assert (answer.status_code, answer.text) == (404, unknown.text), url
    posts = {
        "/desk/admin/users": {"username": "ke-la", "password": NEW_PASSWORD, "role": "admin"},
        f"/desk/admin/users/{target.id}": {"lock_version": str(target.lock_version),
                                           "display_name": "Bị đổi", "role": "admin"},
        f"/desk/admin/users/{target.id}/password": {"lock_version": str(target.lock_version),
                                                    "new_password": NEW_PASSWORD},
        f"/desk/admin/users/{target.id}/deactivate": {"lock_version": str(target.lock_version)},
        f"/desk/admin/users/{target.id}/activate": {"lock_version": str(target.lock_version)},
        f"/desk/admin/users/{target.id}/grants": {"category_id": str(grant.category_id),
                                                  "role": "chief_editor"},
        f"/desk/admin/users/{target.id}/grants/{grant.id}/delete": {},
        "/desk/admin/api-keys": {"name": "Khóa lậu", "role": "admin"},
    }  # fmt: skip
    for url, data in posts.items():
        answer = client.post(url, data={"csrf_token": csrf, **data})
        assert (answer.status_code, answer.text) == (404, unknown.text), url
    db.expire_all()
    after = db.get(User, target.id)
    assert after is not None
    assert (after.display_name, after.role, after.is_active, after.lock_version) == (
        target.display_name, "contributor", True, target.lock_version
    )  # fmt: skip
    assert db.get(CategoryGrant, grant.id) is not None
    assert db.exec(select(User).where(User.username == "ke-la")).first() is None
    assert db.exec(select(ApiKey)).all() == []


def test_a_key_cannot_be_revoked_by_a_non_admin(
    client: TestClient, factory: Factory, db: Session
) -> None:
    admin_headers = factory.headers(factory.user(Role.admin))
    made = client.post(
        "/v1/admin/api-keys", json={"name": "Đồng bộ", "scopes": ["sync"]}, headers=admin_headers
    ).json()
    sign_in(client, factory.user(Role.chief_editor))
    page = client.get("/desk/articles")
    forced = client.post(f"/desk/admin/api-keys/{made['id']}/revoke",
                         data={"csrf_token": csrf_of(page)})  # fmt: skip
    assert forced.status_code == 404
    key = db.get(ApiKey, made["id"])
    assert key is not None
    db.refresh(key)
    assert key.revoked_at is None


def test_an_admins_change_without_the_forms_token_is_refused(
    client: TestClient, admin: User, db: Session
) -> None:
    for url, data in (
        ("/desk/admin/users", {"username": "gia-mao", "password": NEW_PASSWORD}),
        ("/desk/admin/api-keys", {"name": "Khóa giả", "scopes": ["sync"]}),
    ):
        assert client.post(url, data=data).status_code == 403
        assert client.post(url, data={"csrf_token": "đoán", **data}).status_code == 403
    assert db.exec(select(User).where(User.username == "gia-mao")).first() is None
    assert db.exec(select(ApiKey)).all() == []
