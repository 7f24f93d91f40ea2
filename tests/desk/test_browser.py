"""The desk in a real browser against a real server: signing in by typing, the article list
filtered as one types Vietnamese (htmx swaps the results, the page stays), saved views, the
keyboard, and signing out. A contributor's desk shows only what they may use."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from sqlmodel import Session

from app.accounts.models import Role, User
from app.articles.models import ArticleStatus
from app.core.db import make_engine
from app.core.migrations import upgrade
from tests.conftest import scratch_database_url
from tests.desk.browser import chromium, require_chromium, screenshot, type_slowly, wait_for
from tests.factories import DEFAULT_PASSWORD, Factory
from tests.servers import free_port, start_server, stop_server


@dataclass
class Newsroom:
    base: str
    editor: User
    writer: User
    writers_draft: int
    in_review: int
    others_draft: int


@pytest.fixture(scope="module")
def newsroom() -> Iterator[Newsroom]:
    require_chromium()
    for url in scratch_database_url("desk_browser"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            make = Factory(session)
            politics = make.category("Xây dựng Đảng")
            make.category("Kinh tế")
            editor = make.user(Role.editor, username="bientap", display_name="Trần Biên Tập")
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
        server = start_server(url, port)
        try:
            yield Newsroom(
                base=f"http://127.0.0.1:{port}", editor=editor, writer=writer,
                writers_draft=writers_draft.id or 0, in_review=in_review.id or 0,
                others_draft=others_draft.id or 0,
            )  # fmt: skip
        finally:
            stop_server(server)
            engine.dispose()


def _sign_in(driver: WebDriver, base: str, user: User) -> None:
    driver.get(f"{base}/desk/articles")
    username = wait_for(driver, "#username")
    assert "/desk/login" in driver.current_url
    assert driver.switch_to.active_element == username  # autofocus: type at once
    type_slowly(username, user.username)
    type_slowly(driver.find_element(By.ID, "password"), DEFAULT_PASSWORD)
    driver.find_element(By.ID, "password").send_keys(Keys.ENTER)
    wait_for(driver, "#results")


def _listed(driver: WebDriver) -> list[int]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tr[data-article]")
    return [int(row.get_attribute("data-article") or 0) for row in rows]


def _wait_until_listed(driver: WebDriver, expected: list[int]) -> None:
    WebDriverWait(driver, 10).until(lambda d: _listed(d) == expected)


def test_an_editor_signs_in_filters_as_they_type_and_signs_out(newsroom: Newsroom) -> None:
    with chromium() as driver:
        driver.get(f"{newsroom.base}/desk/login")
        wait_for(driver, "#username")
        screenshot(driver, "login")
        _sign_in(driver, newsroom.base, newsroom.editor)
        assert driver.find_element(By.TAG_NAME, "h1").text == "Bài viết"
        assert driver.find_element(By.CSS_SELECTOR, ".user").text == "Trần Biên Tập"
        assert len(_listed(driver)) == 8
        screenshot(driver, "articles")

        # Typing in the search box filters through htmx: the results change, the page stays.
        driver.execute_script("window.deskPageMarker = 'still here'")
        search = driver.find_element(By.ID, "q")
        type_slowly(search, "Đại hội")
        _wait_until_listed(driver, [newsroom.writers_draft])
        assert driver.execute_script("return window.deskPageMarker") == "still here"
        assert "q=%C4%90%E1%BA%A1i%20h%E1%BB%99i" in driver.current_url  # the URL follows
        search.clear()
        type_slowly(search, "dan van")  # without diacritics: folded, as the API searches
        _wait_until_listed(driver, [newsroom.in_review])

        # A reload of the pushed URL gives the same filtered page.
        driver.refresh()
        wait_for(driver, "#results")
        assert _listed(driver) == [newsroom.in_review]
        assert driver.find_element(By.ID, "q").get_attribute("value") == "dan van"

        # Saved views: "Chờ tôi duyệt" is what the review chain gives this editor.
        driver.find_element(By.LINK_TEXT, "Chờ tôi duyệt").click()
        wait_for(driver, '.views a[aria-current="page"]')
        assert _listed(driver) == [newsroom.in_review]
        screenshot(driver, "awaiting-review")

        # The keyboard reaches the skip link first, and it leads to the content.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert driver.switch_to.active_element.get_attribute("class") == "skip"

        driver.find_element(By.CSS_SELECTOR, ".who button").click()
        wait_for(driver, "#username")
        assert "/desk/login" in driver.current_url
        driver.get(f"{newsroom.base}/desk/articles")
        wait_for(driver, "#username")  # signed out for real: the cookie no longer works


def test_a_contributor_sees_only_their_own_work_and_no_author_filter(
    newsroom: Newsroom,
) -> None:
    with chromium(width=820, height=1180) as driver:  # a tablet, upright
        _sign_in(driver, newsroom.base, newsroom.writer)
        assert _listed(driver) == [newsroom.writers_draft]
        assert driver.find_elements(By.ID, "author") == []
        screenshot(driver, "articles-tablet")
        # Forcing a filter in the address bar widens nothing.
        driver.get(f"{newsroom.base}/desk/articles?author={newsroom.editor.id}&status=draft")
        wait_for(driver, "#results")
        assert newsroom.others_draft not in _listed(driver)
