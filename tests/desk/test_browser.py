"""The desk in a real browser against a real server: signing in by typing, the article list
filtered as one types Vietnamese (htmx swaps the results, the page stays), saved views, the
keyboard, and signing out. A contributor's desk shows only what they may use."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.desk.browser import (
    chromium,
    listed,
    screenshot,
    sign_in,
    submit_and_wait,
    type_slowly,
    wait_for,
    wait_until_listed,
)
from tests.desk.conftest import Newsroom


def test_an_editor_signs_in_filters_as_they_type_and_signs_out(newsroom: Newsroom) -> None:
    with chromium() as driver:
        driver.get(f"{newsroom.base}/desk/login")
        wait_for(driver, "#username")
        screenshot(driver, "login")
        sign_in(driver, newsroom.base, newsroom.editor.username)
        assert driver.find_element(By.TAG_NAME, "h1").text == "Bài viết"
        assert driver.find_element(By.CSS_SELECTOR, ".user").text == "Trần Biên Tập"
        assert len(listed(driver)) == 8
        screenshot(driver, "articles")

        # Typing in the search box filters through htmx: the results change, the page stays.
        driver.execute_script("window.deskPageMarker = 'still here'")
        search = driver.find_element(By.ID, "q")
        type_slowly(search, "Đại hội")
        wait_until_listed(driver, [newsroom.writers_draft])
        assert driver.execute_script("return window.deskPageMarker") == "still here"
        assert "q=%C4%90%E1%BA%A1i%20h%E1%BB%99i" in driver.current_url  # the URL follows
        search.clear()
        type_slowly(search, "dan van")  # without diacritics: folded, as the API searches
        wait_until_listed(driver, [newsroom.in_review])

        # A reload of the pushed URL gives the same filtered page.
        driver.refresh()
        wait_for(driver, "#results")
        assert listed(driver) == [newsroom.in_review]
        assert driver.find_element(By.ID, "q").get_attribute("value") == "dan van"

        # Saved views: "Chờ tôi duyệt" is what the review chain gives this editor.
        submit_and_wait(driver, driver.find_element(By.LINK_TEXT, "Chờ tôi duyệt"))
        wait_for(driver, '.views a[aria-current="page"]')
        assert listed(driver) == [newsroom.in_review]
        screenshot(driver, "awaiting-review")

        # The keyboard reaches the skip link first, and it leads to the content.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert driver.switch_to.active_element.get_attribute("class") == "skip"

        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".who button"))
        wait_for(driver, "#username")
        assert "/desk/login" in driver.current_url
        driver.get(f"{newsroom.base}/desk/articles")
        wait_for(driver, "#username")  # signed out for real: the cookie no longer works


def test_a_contributor_sees_only_their_own_work_and_no_author_filter(
    newsroom: Newsroom,
) -> None:
    with chromium(width=820, height=1180) as driver:  # a tablet, upright
        sign_in(driver, newsroom.base, newsroom.writer.username)
        assert listed(driver) == [newsroom.writers_draft]
        assert driver.find_elements(By.ID, "author") == []
        screenshot(driver, "articles-tablet")
        # No admin menu, and the admin pages answer as pages that do not exist.
        menu = driver.find_element(By.CSS_SELECTOR, ".top nav").text
        assert "Người dùng" not in menu
        assert "Khóa API" not in menu
        driver.get(f"{newsroom.base}/desk/admin/users")
        assert "Trang này không tồn tại" in driver.find_element(By.TAG_NAME, "main").text
        # Forcing a filter in the address bar widens nothing.
        driver.get(f"{newsroom.base}/desk/articles?author={newsroom.editor.id}&status=draft")
        wait_for(driver, "#results")
        assert newsroom.others_draft not in listed(driver)
