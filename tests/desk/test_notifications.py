"""Notifications: who is told of each workflow step, in the desk's bell and by e-mail through a
real local SMTP server (aiosmtpd), in Vietnamese; a mail server that is down costs nothing but
a later retry."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import Role, User
from app.articles.models import ArticleStatus
from app.core.config import get_settings
from app.core.db import utcnow
from app.notifications import mail
from app.notifications.models import Notification
from app.notifications.service import warn_expiring
from app.workflow.jobs import announce_due
from tests.desk.pages import csrf_of, sign_in
from tests.desk.smtp import Inbox, smtp_server
from tests.factories import Factory
from tests.servers import free_port


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server on a free local port, and the settings pointing at it."""
    with smtp_server() as received:
        settings = get_settings()
        monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
        monkeypatch.setattr(settings, "smtp_port", received.port)
        monkeypatch.setattr(settings, "smtp_security", "none")
        monkeypatch.setattr(settings, "smtp_sender", "Ban biên tập <toasoan@angiang.gov.vn>")
        monkeypatch.setattr(settings, "review_steps", ["editor"])
        yield received


def _rows(db: Session, user: User) -> list[Notification]:
    db.flush()
    return list(db.exec(select(Notification).where(Notification.user_id == user.id)).all())


def _send(db: Session) -> int:
    sent, _tried = mail.send_batch(db)
    return sent


def test_a_submission_tells_the_reviewers_of_its_category_only(
    factory: Factory, db: Session, inbox: Inbox
) -> None:
    politics, economy = factory.category("Xây dựng Đảng"), factory.category("Kinh tế")
    writer = factory.user(Role.contributor, email="phongvien@angiang.gov.vn",
                          display_name="Nguyễn Phóng Viên")  # fmt: skip
    reviewer = factory.user(None, email="bientap@angiang.gov.vn", display_name="Trần Biên Tập")
    factory.grant(reviewer, politics, Role.editor)
    elsewhere = factory.user(None, email="kinhte@angiang.gov.vn")
    factory.grant(elsewhere, economy, Role.editor)
    no_address = factory.user(None)
    factory.grant(no_address, politics, Role.editor)
    site_editor = factory.user(Role.editor)  # an editor everywhere reviews here too
    too_weak = factory.user(None)
    factory.grant(too_weak, politics, Role.contributor)
    factory.grant(too_weak, economy, Role.editor)  # strong enough, but elsewhere

    article = factory.article(author=writer, title="Đại hội Đảng bộ xã Mỹ Hòa Hưng",
                              category_id=politics.id)  # fmt: skip
    factory.transition(article, "submit", actor=_principal(factory, writer))
    (told,) = _rows(db, reviewer)
    assert told.subject == "Bài chờ duyệt: Đại hội Đảng bộ xã Mỹ Hòa Hưng"
    assert told.email_state == "pending"
    assert _rows(db, elsewhere) == []  # not their category
    assert [n.email_state for n in _rows(db, no_address)] == ["none"]  # the bell only
    assert len(_rows(db, site_editor)) == 1
    assert _rows(db, too_weak) == []
    assert _rows(db, writer) == []  # not told of their own action

    assert _send(db) == 1
    (message,) = inbox.messages
    assert message["To"] == "Trần Biên Tập <bientap@angiang.gov.vn>"
    assert message["Subject"] == "Bài chờ duyệt: Đại hội Đảng bộ xã Mỹ Hòa Hưng"
    assert message["From"] == "Ban biên tập <toasoan@angiang.gov.vn>"
    text = message.get_content()
    assert "Nguyễn Phóng Viên đã gửi bài “Đại hội Đảng bộ xã Mỹ Hòa Hưng” (Xây dựng Đảng)" in text
    assert f"/desk/articles/{article.id}" in text
    assert _send(db) == 0  # sent once


def _principal(factory: Factory, user: User):
    from app.accounts.permissions import load_principal

    return load_principal(factory.session, user)


def test_return_with_comment_and_publish_tell_the_author(
    factory: Factory, db: Session, inbox: Inbox
) -> None:
    writer = factory.user(Role.contributor, email="pv@angiang.gov.vn")
    editor = factory.user(Role.editor, display_name="Trần Biên Tập")
    article = factory.article(author=writer, title="Giá lúa tăng", status=ArticleStatus.in_review)
    factory.transition(article, "reject", actor=_principal(factory, editor),
                       comment="Cần ghi rõ nguồn số liệu")  # fmt: skip
    factory.transition(article, "submit", actor=_principal(factory, writer))
    factory.transition(article, "publish", actor=_principal(factory, editor))
    subjects = [n.subject for n in _rows(db, writer)]
    assert subjects == ["Bài bị trả lại: Giá lúa tăng", "Bài đã xuất bản: Giá lúa tăng"]
    assert _send(db) >= 2
    returned = next(m for m in inbox.messages if m["Subject"].startswith("Bài bị trả lại"))
    assert "Ghi chú: Cần ghi rõ nguồn số liệu" in returned.get_content()
    assert "Trần Biên Tập đã trả lại bài “Giá lúa tăng” cho bạn." in returned.get_content()


def test_the_scheduler_and_an_expiry_tell_the_author_once(
    factory: Factory, db: Session, inbox: Inbox
) -> None:
    writer = factory.user(Role.contributor, email="pv@angiang.gov.vn")
    now = utcnow()
    scheduled = factory.article(author=writer, title="Lịch cúp nước",
                                status=ArticleStatus.scheduled,
                                publish_at=now + timedelta(minutes=5),
                                expire_at=now + timedelta(hours=3))  # fmt: skip
    announce_due(db, now=now + timedelta(minutes=6))
    assert [n.kind for n in _rows(db, writer)][-1] == "live"
    assert warn_expiring(db, now=now + timedelta(minutes=6)) == 1
    assert warn_expiring(db, now=now + timedelta(minutes=20)) == 0  # once
    expiring = [n for n in _rows(db, writer) if n.kind == "expiring"]
    assert expiring[0].subject == "Bài sắp hết hạn: Lịch cúp nước"
    assert scheduled.id == expiring[0].article_id


def test_a_mail_server_that_is_down_is_retried_then_given_up(
    factory: Factory, db: Session, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviewer = factory.user(Role.editor, email="bt@angiang.gov.vn")
    writer = factory.user(Role.contributor)
    article = factory.article(author=writer)
    factory.transition(article, "submit", actor=_principal(factory, writer))
    monkeypatch.setattr(get_settings(), "smtp_port", free_port())  # nobody listens there
    for _attempt in range(mail.MAX_ATTEMPTS):
        assert _send(db) == 0
    (row,) = _rows(db, reviewer)
    assert row.email_state == "failed"
    assert "cannot reach the mail server" in row.email_error
    assert inbox.messages == []


def test_the_bell_counts_unread_and_the_page_marks_them_read(
    client: TestClient, factory: Factory, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "review_steps", ["editor"])
    editor = factory.user(Role.editor)
    writer = factory.user(Role.contributor)
    for n in range(2):
        article = factory.article(author=writer, title=f"Bài số {n}")
        factory.transition(article, "submit", actor=_principal(factory, writer))
    sign_in(client, editor)
    page = client.get("/desk/articles")
    assert 'id="unread-count" aria-label="2 chưa đọc">2<' in page.text
    listing = client.get("/desk/notifications")
    assert listing.text.count('class="unread"') == 2
    assert "Bài chờ duyệt: Bài số 1" in listing.text
    client.post("/desk/notifications/read", data={"csrf_token": csrf_of(listing)})
    assert 'id="unread-count"' not in client.get("/desk/articles").text
