"""Version History in the desk: every revision listed, any two compared side by side (the body
line by line), a revision restored as a new one, and none of it for those who may not see the
article."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role
from app.articles.models import Article
from app.desk.version_pages import side_by_side, word_diff
from tests.desk.pages import csrf_of, sign_in
from tests.factories import Factory


def test_two_revisions_side_by_side_and_a_restore(
    client: TestClient, factory: Factory, db: Session
) -> None:
    editor = factory.user(Role.editor)
    article = factory.article(author=editor, title="Bản đầu",
                              content_html="<p>Đoạn một</p><p>Đoạn hai</p>")  # fmt: skip
    sign_in(client, editor)
    for title, body in (("Bản sửa", "<p>Đoạn một</p><p>Đoạn hai đã sửa</p><p>Đoạn ba</p>"),
                        ("Bản cuối", "<p>Đoạn một</p><p>Đoạn ba</p>")):  # fmt: skip
        page = client.get(f"/desk/articles/{article.id}")
        form = {"csrf_token": csrf_of(page), "title": title, "content_html": body,
                "lock_version": re.search(r'name="lock_version" value="(\d+)"', page.text)[1],
                "category_id": str(article.category_id), "article_type": "news"}  # fmt: skip
        assert client.post(f"/desk/articles/{article.id}", data=form,
                           follow_redirects=False).status_code == 303  # fmt: skip
    page = client.get(f"/desk/articles/{article.id}/versions", params={"from": 1, "to": 2})
    assert page.status_code == 200
    assert re.findall(r'<tr data-revision="(\d+)"', page.text) == ["3", "2", "1"]
    # Only the words that changed are marked, in the fields and in the body.
    title_row = 'data-field="title"><th scope="row">Tiêu đề</th>'
    assert f'{title_row}<td class="removed">Bản <del>đầu</del></td>' in page.text
    assert '<td class="added">Bản <ins>sửa</ins></td>' in page.text
    rows = re.findall(r'<tr class="(\w+)"><td>(.*?)</td><td>(.*?)</td></tr>', page.text)
    assert rows == [
        ("same", "Đoạn một", "Đoạn một"),
        ("changed", "Đoạn hai", "Đoạn hai<ins> đã sửa</ins>"),
        ("added", "", "<ins>Đoạn ba</ins>"),
    ]
    restored = client.post(
        f"/desk/articles/{article.id}/versions/1/restore",
        data={"csrf_token": csrf_of(page), "lock_version": str(_lock(db, article.id))},
        follow_redirects=False,
    )
    assert restored.status_code == 303
    db.expire_all()
    back = db.get(Article, article.id)
    assert back is not None
    assert (back.title, back.content_html) == ("Bản đầu", "<p>Đoạn một</p><p>Đoạn hai</p>")
    after = client.get(f"/desk/articles/{article.id}/versions")
    assert re.findall(r'<tr data-revision="(\d+)"', after.text) == ["4", "3", "2", "1"]
    # A restore from a page opened before another save is refused, not applied blindly.
    stale = client.post(
        f"/desk/articles/{article.id}/versions/2/restore",
        data={"csrf_token": csrf_of(page), "lock_version": "1"},
    )
    assert stale.status_code == 412


def _lock(db: Session, article_id: int | None) -> int:
    db.expire_all()
    article = db.get(Article, article_id)
    assert article is not None
    return article.lock_version


def test_a_contributor_cannot_reach_the_versions_of_anothers_article(
    client: TestClient, factory: Factory
) -> None:
    others = factory.article()
    sign_in(client, factory.user(Role.contributor))
    page = client.get("/desk/articles")
    assert client.get(f"/desk/articles/{others.id}/versions").status_code == 404
    forced = client.post(
        f"/desk/articles/{others.id}/versions/1/restore",
        data={"csrf_token": csrf_of(page), "lock_version": str(others.lock_version)},
    )
    assert forced.status_code == 404


def test_side_by_side_pairs_changed_lines_and_keeps_the_rest() -> None:
    rows = side_by_side("<p>a</p><p>b</p><p>c</p>", "<p>a</p><p>B</p><p>c</p><p>d</p>")
    assert rows == [
        ([("a", False)], [("a", False)], "same"),
        ([("b", True)], [("B", True)], "changed"),
        ([("c", False)], [("c", False)], "same"),
        ([], [("d", True)], "added"),
    ]
    assert side_by_side("<p>x</p>", "") == [([("x", True)], [], "removed")]


def test_a_changed_line_marks_only_the_words_that_changed() -> None:
    left, right = word_diff(
        "Sáng 14/12, tỉnh An Giang khai mạc hội nghị.",
        "Sáng 15/12, UBND tỉnh An Giang bế mạc hội nghị.",
    )
    assert left == [("Sáng ", False), ("14", True), ("/12, tỉnh An Giang ", False),
                    ("khai", True), (" mạc hội nghị.", False)]  # fmt: skip
    assert [t for t, changed in right if changed] == ["15", " UBND", "bế"]
    # Nothing is lost: the pieces put together are the two texts.
    assert "".join(t for t, _ in left) == "Sáng 14/12, tỉnh An Giang khai mạc hội nghị."
    assert "".join(t for t, _ in right) == "Sáng 15/12, UBND tỉnh An Giang bế mạc hội nghị."
