"""Videos and maps in the desk's editor, in Chromium: an embed already in a body survives an
edit (the editor knows it, so a save never drops it), a pasted video address is inserted and
stored structured, and one from a provider not allowed is refused next to the body."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import text
from sqlmodel import Session

from app.core.db import make_engine
from tests.desk.browser import chromium, sign_in, submit_and_wait, type_slowly, wait_for
from tests.desk.conftest import Newsroom
from tests.factories import Factory

YOUTUBE = '<figure data-embed="youtube" data-embed-ref="dQw4w9WgXcQ">'
STORED = f"<p>Mở đầu</p>{YOUTUBE}<figcaption>Lễ hội</figcaption></figure>"


def _body(newsroom: Newsroom, article_id: int) -> str:
    engine = make_engine(newsroom.url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(
                text("SELECT content_html FROM article WHERE id = :id"), {"id": article_id}
            ).scalar_one())  # fmt: skip
    finally:
        engine.dispose()


def _article(newsroom: Newsroom) -> int:
    engine = make_engine(newsroom.url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            made = Factory(session).article(author=newsroom.editor, title="Lễ hội Vía Bà",
                                            content_html=STORED)  # fmt: skip
            session.commit()
            return made.id or 0
    finally:
        engine.dispose()


def _embed(driver, url: str) -> None:  # type: ignore[no-untyped-def]
    driver.find_element(By.CSS_SELECTOR, '[data-command="embed"]').click()
    prompt = driver.switch_to.alert
    prompt.send_keys(url)
    prompt.accept()


def test_embeds_survive_edits_and_pasted_addresses_are_checked(newsroom: Newsroom) -> None:
    article_id = _article(newsroom)
    with chromium() as driver:
        sign_in(driver, newsroom.base, newsroom.editor.username)
        driver.get(f"{newsroom.base}/desk/articles/{article_id}")
        shown = wait_for(driver, '.rich-text-body figure.embed-placeholder[data-embed="youtube"]')
        assert "dQw4w9WgXcQ" in shown.text
        body = driver.find_element(By.CSS_SELECTOR, ".rich-text-body p")
        body.click()
        body.send_keys(Keys.END)
        type_slowly(body, " tháng Tư")
        _embed(driver, "https://vimeo.com/76979871")
        submit_and_wait(driver, driver.find_element(By.ID, "save"))
        wait_for(driver, ".notice")
        stored = _body(newsroom, article_id)
        assert stored.startswith("<p>Mở đầu tháng Tư</p>"), stored
        assert (
            '<figure data-embed="youtube" data-embed-ref="dQw4w9WgXcQ"><figcaption>Lễ hội' in stored
        )
        assert '<figure data-embed="vimeo" data-embed-ref="76979871"></figure>' in stored

        # An address from elsewhere: refused in Vietnamese, the text typed kept.
        _embed(driver, "https://video.example.com/xem/12")
        submit_and_wait(driver, driver.find_element(By.ID, "save"))
        error = wait_for(driver, "#content_html-error")
        assert error.text.startswith("Chỉ nhúng được video và bản đồ từ YouTube")
        assert "video.example.com" in driver.find_element(By.ID, "content_html").get_attribute(
            "value"
        )
        assert _body(newsroom, article_id) == stored
