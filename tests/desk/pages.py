"""Signing in to the desk as a browser does, for tests that use the TestClient."""

import re

from fastapi.testclient import TestClient
from httpx import Response

from app.accounts.models import User
from tests.factories import DEFAULT_PASSWORD

_LOGIN_CSRF = re.compile(r'name="login_csrf" value="([^"]+)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def login_form_token(client: TestClient) -> str:
    page = client.get("/desk/login")
    assert page.status_code == 200
    found = _LOGIN_CSRF.search(page.text)
    assert found, page.text
    return found.group(1)


def sign_in(
    client: TestClient, user: User, *, password: str = DEFAULT_PASSWORD, next: str = ""
) -> Response:
    token = login_form_token(client)
    return client.post(
        "/desk/login",
        data={"username": user.username, "password": password, "login_csrf": token,
              "next": next},
        follow_redirects=False,
    )  # fmt: skip


def csrf_of(page: Response) -> str:
    found = _CSRF.search(page.text)
    assert found, page.text
    return found.group(1)


def listed_ids(page: Response) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-article="(\d+)"', page.text)]
