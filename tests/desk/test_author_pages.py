"""Author profiles in the desk: editors create, edit (a stale page keeps what was typed) and
delete them through the authors service; a taken byline is refused next to the name; anyone
else finds no such page, forced or not."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role
from app.authors.models import Author
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory


def _lock(page_text: str) -> str:
    found = re.search(r'name="lock_version" value="(\d*)"', page_text)
    assert found
    return found[1]


def test_an_editor_creates_edits_and_deletes_a_profile(
    client: TestClient, factory: Factory, db: Session
) -> None:
    photo = factory.image()
    sign_in(client, factory.user(Role.editor))
    new = client.get("/desk/authors/new")
    assert new.status_code == 200
    created = client.post("/desk/authors/new", follow_redirects=False, data={
        "csrf_token": csrf_of(new), "name": "Trung Hiếu", "bio": "Phóng viên.",
        "photo_id": str(photo.id),
    })  # fmt: skip
    assert created.status_code == 303, created.text
    author_id = int(created.headers["location"].split("/")[-1].split("?")[0])
    author = db.get(Author, author_id)
    assert author is not None
    assert (author.slug, author.photo_id) == ("trung-hieu", photo.id)
    listing = client.get("/desk/authors")
    assert f'<tr data-author="{author_id}">' in listing.text
    assert ">Tác giả<" in listing.text

    # The same byline again, otherwise written: refused next to the name, the text kept.
    page = client.get("/desk/authors/new")
    other = {"csrf_token": csrf_of(page), "name": "TRUNG  HIẾU", "bio": "Bản khác"}
    taken = client.post("/desk/authors/new", data=other)
    assert taken.status_code == 409
    assert "Đã có hồ sơ khác với tên tác giả này" in taken.text
    assert ">Bản khác</textarea>" in taken.text

    # Editing from a page opened before another change: 412, typed text kept, then saved.
    edit = client.get(f"/desk/authors/{author_id}")
    lock = _lock(edit.text)
    fields = {"csrf_token": csrf_of(edit), "name": "Trung Hiếu", "slug": "trung-hieu",
              "photo_id": str(photo.id)}  # fmt: skip
    first = client.post(f"/desk/authors/{author_id}", follow_redirects=False,
                        data=fields | {"bio": "Trưởng ban.", "lock_version": lock})  # fmt: skip
    assert first.status_code == 303
    stale = client.post(f"/desk/authors/{author_id}",
                        data=fields | {"bio": "Bản của tôi", "lock_version": lock})  # fmt: skip
    assert stale.status_code == 412
    assert ">Bản của tôi</textarea>" in stale.text
    mine = fields | {"bio": "Bản của tôi", "lock_version": _lock(stale.text)}
    again = client.post(f"/desk/authors/{author_id}", follow_redirects=False, data=mine)
    assert again.status_code == 303
    db.expire_all()
    assert db.get(Author, author_id).bio == "Bản của tôi"  # type: ignore[union-attr]

    deleted = client.post(f"/desk/authors/{author_id}/delete", follow_redirects=False,
                          data={"csrf_token": csrf_of(edit)})  # fmt: skip
    assert deleted.status_code == 303
    db.expire_all()
    assert db.get(Author, author_id) is None


def test_others_find_no_author_pages(client: TestClient, factory: Factory, db: Session) -> None:
    author = Author(name="Thanh Tâm", name_folded="thanh tam", slug="thanh-tam")
    db.add(author)
    db.flush()
    sign_in(client, factory.user(Role.contributor))
    articles = client.get("/desk/articles")
    assert 'href="/desk/authors"' not in articles.text
    assert client.get("/desk/authors").status_code == 404
    assert client.get(f"/desk/authors/{author.id}").status_code == 404
    forced = client.post(f"/desk/authors/{author.id}/delete",
                         data={"csrf_token": csrf_of(articles)})  # fmt: skip
    assert forced.status_code == 404
    db.expire_all()
    assert db.get(Author, author.id) is not None
