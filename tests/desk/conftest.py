"""A newsroom served by a real server for the desk's browser tests."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from app.accounts.models import Role, User
from app.articles.models import ArticleStatus
from app.core.db import make_engine
from app.core.migrations import upgrade
from app.main import app as fastapi_app
from app.media.storage import LocalStorage, get_storage
from tests.conftest import scratch_database_url
from tests.desk.browser import require_chromium
from tests.desk.smtp import Inbox, smtp_server
from tests.factories import Factory
from tests.servers import free_port, start_server, stop_server


@dataclass
class Newsroom:
    base: str
    editor: User
    writer: User
    writers_draft: int
    in_review: int
    others_draft: int
    politics: int  # a category id
    url: str  # the database
    inbox: Inbox  # what the server's notification e-mails reach


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsroom]:
    require_chromium()
    for url in scratch_database_url("desk_browser"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            make = Factory(session)
            politics = make.category("Xây dựng Đảng")
            make.category("Kinh tế")
            editor = make.user(Role.editor, username="bientap", display_name="Trần Biên Tập",
                               email="bientap@angiang.gov.vn")  # fmt: skip
            writer = make.user(Role.contributor, username="phongvien",
                               display_name="Nguyễn Phóng Viên")  # fmt: skip
            writers_draft = make.article(author=writer, title="Đại hội Đảng bộ tỉnh lần thứ XI",
                                         category_id=politics.id)  # fmt: skip
            in_review = make.article(
                author=editor, title="Dân vận khéo ở Châu Đốc", status=ArticleStatus.in_review,
                category_id=politics.id,
            )  # fmt: skip
            others_draft = make.article(author=editor, title="Giá lúa tăng vụ Đông Xuân")
            for n in range(5):
                make.article(author=editor, title=f"Tin địa phương số {n}",
                             status=ArticleStatus.published,
                             publish_at=datetime.now(UTC) - timedelta(hours=n + 1))  # fmt: skip
            session.commit()
        port = free_port()
        media_root = tmp_path_factory.mktemp("desk-media")
        with smtp_server() as inbox:
            env = {
                "NEWSDESK_MEDIA_ROOT": str(media_root),
                "NEWSDESK_SMTP_HOST": "127.0.0.1",
                "NEWSDESK_SMTP_PORT": str(inbox.port),
                "NEWSDESK_SMTP_SECURITY": "none",
            }
            server = start_server(url, port, env=env)
            try:
                yield Newsroom(
                    base=f"http://127.0.0.1:{port}", editor=editor, writer=writer,
                    writers_draft=writers_draft.id or 0, in_review=in_review.id or 0,
                    others_draft=others_draft.id or 0, politics=politics.id or 0, url=url,
                    inbox=inbox,
                )  # fmt: skip
            finally:
                stop_server(server)
                engine.dispose()


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[LocalStorage]:
    """Uploads of a test go to a fresh directory, through the real LocalStorage."""
    local = LocalStorage(tmp_path / "media")
    fastapi_app.dependency_overrides[get_storage] = lambda: local
    try:
        yield local
    finally:
        fastapi_app.dependency_overrides.pop(get_storage, None)
