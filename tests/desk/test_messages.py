"""The desk speaks Vietnamese: every message in its code and templates has a translation in
the Vietnamese catalog (a new label without one fails here; `make desk-messages` adds it to
the catalog to translate), and pages carry no English label."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from app.accounts.models import Role
from app.desk import i18n
from tests.desk.pages import sign_in
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
METHODS = [
    ("app/desk/**.py", "python"),
    ("app/notifications/**.py", "python"),
    ("app/desk/templates/**.html", "jinja2"),
]
OPTIONS = {"app/desk/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _extracted() -> set[str]:
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map=METHODS, options_map=OPTIONS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_desk_message_has_a_vietnamese_translation() -> None:
    with (i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="vi")
    translated = {m.id: m.string for m in catalog if m.id}
    messages = _extracted()
    assert len(messages) > 40
    untranslated = sorted(m for m in messages if not translated.get(m))
    assert untranslated == [], "run `make desk-messages` and translate these in vi/messages.po"
    assert sorted(set(translated) - messages) == [], "no longer used: remove from the catalog"
    # Placeholders survive translation.
    for message in messages:
        assert re.findall(r"\{\w+\}", message) == re.findall(r"\{\w+\}", translated[message])


def test_the_pages_have_no_english_label_left(client: TestClient, factory: Factory) -> None:
    login = client.get("/desk/login").text
    sign_in(client, factory.user(Role.editor))
    articles = client.get("/desk/articles").text
    for page in (login, articles):
        for english in ("Sign in", "Sign out", "Articles", "Username", "Status", "Filter"):
            assert f">{english}<" not in page
    assert ">Đăng xuất<" in articles
    assert ">Lọc<" in articles
