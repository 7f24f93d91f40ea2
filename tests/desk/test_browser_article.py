"""Writing and reviewing an article in a real browser: a writer types a Vietnamese title
character by character (the slug follows), writes the body in the rich-text editor with an
input method composing the letters and with Unikey's backspace-and-replace typing, submits; an
editor returns it with a comment; the writer resubmits; the editor publishes, and the public
API serves it. Two browsers saving at once get the 412 panel without losing text."""

from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from app.core.config import get_settings
from app.core.db import make_engine
from app.notifications.mail import send_pending
from tests.desk.browser import (
    chromium,
    compose_with_ime,
    screenshot,
    sign_in,
    submit_and_wait,
    type_like_unikey,
    type_slowly,
    wait_for,
)
from tests.desk.conftest import Newsroom
from tests.media.files import jpeg_with_gps

TITLE = "Nông dân Châu Phú trúng mùa lúa Thu Đông"


def _status(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "article-status").text


def _act(driver: WebDriver, action: str, comment: str = "") -> None:
    if comment:
        type_slowly(driver.find_element(By.ID, "comment"), comment)
    submit_and_wait(
        driver, driver.find_element(By.CSS_SELECTOR, f'button[name="action"][value="{action}"]')
    )
    wait_for(driver, ".notice")


def _editor(driver: WebDriver):
    return wait_for(driver, ".rich-text-body")


def _insert_uploaded_image(driver: WebDriver, photo: Path) -> None:
    """The editor's image button: the media dialog, an upload, a click on the new image."""
    driver.find_element(By.CSS_SELECTOR, '[data-command="image"]').click()
    dialog = wait_for(driver, "#media-dialog[open]")
    dialog.find_element(By.ID, "media-file").send_keys(str(photo))
    type_slowly(dialog.find_element(By.ID, "media-alt"), "Nông dân gặt lúa")
    type_slowly(dialog.find_element(By.ID, "media-caption"), "Gặt lúa ở Châu Phú")
    dialog.find_element(By.ID, "media-upload").click()
    WebDriverWait(driver, 15).until(
        lambda d: "Đã tải lên." in d.find_element(By.ID, "media-results").text
    )
    driver.find_element(By.CSS_SELECTOR, "#media-results [data-pick-media]").click()
    WebDriverWait(driver, 5).until(
        lambda d: not d.find_element(By.ID, "media-dialog").get_attribute("open")
    )


def _mail_out(newsroom: Newsroom, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the server's jobs do each tick: send the pending notification e-mails."""
    settings = get_settings()
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", newsroom.inbox.port)
    monkeypatch.setattr(settings, "smtp_security", "none")
    engine = make_engine(newsroom.url)
    try:
        send_pending(engine)
    finally:
        engine.dispose()


def test_write_review_return_resubmit_publish(
    newsroom: Newsroom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "gat-lua.jpg"
    photo.write_bytes(jpeg_with_gps())
    with chromium() as writer:
        sign_in(writer, newsroom.base, newsroom.writer.username)
        writer.find_element(By.LINK_TEXT, "Viết bài mới").click()
        title = wait_for(writer, "#title")
        type_slowly(title, TITLE)
        WebDriverWait(writer, 10).until(
            lambda d: (
                d.find_element(By.ID, "slug-preview").text
                == "nong-dan-chau-phu-trung-mua-lua-thu-dong"
            )
        )
        body = _editor(writer)
        body.click()
        type_slowly(body, "Vụ lúa năm nay ")
        writer.find_element(By.CSS_SELECTOR, '[data-command="bold"]').click()
        compose_with_ime(writer, ["đ", "đa", "đat", "đạt"])  # Telex "ddatj", composed
        writer.find_element(By.CSS_SELECTOR, '[data-command="bold"]').click()
        type_slowly(body, " năng suất cao. Người ")
        type_like_unikey(body, ["d", "a", "a", Keys.BACKSPACE, Keys.BACKSPACE, "â", "n"])
        _insert_uploaded_image(writer, photo)
        Select(writer.find_element(By.ID, "category_id")).select_by_value(str(newsroom.politics))
        screenshot(writer, "article-form")
        submit_and_wait(writer, writer.find_element(By.ID, "save"))
        wait_for(writer, ".notice")
        article_id = int(writer.current_url.split("/desk/articles/")[1].split("?")[0])
        html = writer.find_element(By.ID, "content_html").get_attribute("value")
        assert html.startswith(
            "<p>Vụ lúa năm nay <strong>đạt</strong> năng suất cao. Người dân</p><figure><img"
        ), html
        assert "<figcaption>Gặt lúa ở Châu Phú</figcaption></figure>" in html
        assert writer.find_element(By.ID, "title").get_attribute("value") == TITLE
        _act(writer, "submit")
        assert _status(writer) == "Chờ duyệt"

        # The editor of the category is told: by e-mail, and by the bell.
        _mail_out(newsroom, monkeypatch)
        (mail,) = [m for m in newsroom.inbox.messages if TITLE in m["Subject"]]
        assert mail["Subject"] == f"Bài chờ duyệt: {TITLE}"
        assert mail["To"] == "Trần Biên Tập <bientap@angiang.gov.vn>"
        assert f"/desk/articles/{article_id}" in mail.get_content()
        with chromium() as editor:
            sign_in(editor, newsroom.base, newsroom.editor.username)
            assert int(editor.find_element(By.ID, "unread-count").text) >= 1
            editor.find_element(By.ID, "bell").click()
            wait_for(editor, ".notifications")
            assert f"Bài chờ duyệt: {TITLE}" in editor.find_element(By.TAG_NAME, "main").text
            editor.find_element(By.LINK_TEXT, "Bài viết").click()
            wait_for(editor, "#results")
            submit_and_wait(editor, editor.find_element(By.LINK_TEXT, "Chờ tôi duyệt"))
            wait_for(editor, f'tr[data-article="{article_id}"]')
            editor.get(f"{newsroom.base}/desk/articles/{article_id}")
            wait_for(editor, "#article-status")
            _act(editor, "reject", "Cần ghi rõ nguồn số liệu")
            assert _status(editor) == "Bị trả lại"

            writer.refresh()
            wait_for(writer, "#article-status")
            assert _status(writer) == "Bị trả lại"
            history = writer.find_element(By.CSS_SELECTOR, ".history").text
            assert "Cần ghi rõ nguồn số liệu" in history
            body = _editor(writer)
            body.click()
            body.send_keys(Keys.END)
            type_slowly(body, " (Theo Sở Nông nghiệp)")
            submit_and_wait(writer, writer.find_element(By.ID, "save"))
            wait_for(writer, ".notice")
            _act(writer, "submit")
            assert writer.find_elements(By.CSS_SELECTOR, 'button[value="publish"]') == []

            editor.refresh()
            wait_for(editor, "#article-status")
            screenshot(editor, "article-review")
            _act(editor, "publish")
            assert _status(editor) == "Đã xuất bản"

            # An edit after publishing shows in Version History's side-by-side diff.
            body = _editor(editor)
            body.click()
            body.send_keys(Keys.CONTROL, Keys.END)
            body.send_keys(Keys.ENTER)
            type_slowly(body, "Giá lúa tươi tại ruộng 7.200 đồng/kg.")
            submit_and_wait(editor, editor.find_element(By.ID, "save"))
            wait_for(editor, ".notice")
            editor.find_element(By.ID, "version-history").click()
            added = wait_for(editor, "#body-diff tr.added ins")
            assert added.text == "Giá lúa tươi tại ruộng 7.200 đồng/kg."
            screenshot(editor, "version-history")

            # The category's editor may manage the royalty: its page is a link away, and the
            # month's report is in the menu.
            editor.get(f"{newsroom.base}/desk/articles/{article_id}")
            editor.find_element(By.ID, "article-royalty").click()
            wait_for(editor, "#saved-lines")
            screenshot(editor, "royalty")
            editor.find_element(By.CSS_SELECTOR, 'nav a[href="/desk/royalties"]').click()
            wait_for(editor, "#report")
            screenshot(editor, "royalty-report")

    public = httpx.get(f"{newsroom.base}/v1/articles/{article_id}").json()
    assert public["title"] == TITLE
    assert "<strong>đạt</strong>" in public["content_html"]
    assert "(Theo Sở Nông nghiệp)" in public["content_html"]
    (image,) = public["inline_images"]
    assert image["alt"] == "Nông dân gặt lúa"
    assert image["caption"] == "Gặt lúa ở Châu Phú"
    assert len(image["renditions"]) >= 2
    assert httpx.get(newsroom.base + image["url"]).headers["content-type"] == "image/jpeg"


def test_two_browsers_saving_at_once_lose_nothing(newsroom: Newsroom) -> None:
    article_id = newsroom.others_draft
    with chromium() as first, chromium() as second:
        for driver in (first, second):
            sign_in(driver, newsroom.base, newsroom.editor.username)
            driver.get(f"{newsroom.base}/desk/articles/{article_id}")
            wait_for(driver, "#summary")
        type_slowly(second.find_element(By.ID, "summary"), "Bản của người thứ hai")
        submit_and_wait(second, second.find_element(By.ID, "save"))
        wait_for(second, ".notice")

        type_slowly(first.find_element(By.ID, "summary"), "Bản của tôi, gõ rất lâu")
        submit_and_wait(first, first.find_element(By.ID, "save"))
        wait_for(first, ".conflict")
        assert "Người khác đã lưu bài này" in first.find_element(By.ID, "form-message").text
        row = first.find_element(By.CSS_SELECTOR, '.conflict tr[data-field="summary"]')
        assert "Bản của người thứ hai" in row.find_element(By.CLASS_NAME, "saved-value").text
        mine = first.find_element(By.ID, "summary").get_attribute("value") or ""
        assert mine.endswith("Bản của tôi, gõ rất lâu")  # nothing typed is lost
        screenshot(first, "conflict")
        submit_and_wait(first, first.find_element(By.ID, "save"))  # keep mine, knowingly
        wait_for(first, ".notice")
        assert first.find_elements(By.CSS_SELECTOR, ".conflict") == []
