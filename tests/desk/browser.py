"""Debian's Chromium, headless, driven by Selenium through Debian's chromedriver: the desk is
tested in a real browser (no browser is downloaded; `.ci/run` installs the two packages)."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.factories import DEFAULT_PASSWORD

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NEWSDESK_CHROMEDRIVER", "/usr/bin/chromedriver")
# `make desk-screenshots` sets it to docs/desk: the screenshots in docs/desk.md are the tests'.
SCREENSHOTS = os.environ.get("NEWSDESK_DESK_SCREENSHOTS")


def require_chromium() -> None:
    """Without the browser a local run skips these tests; in CI that is a failure."""
    if shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER):
        return
    message = f"{CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[WebDriver]:
    require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        f"--window-size={width},{height}", "--lang=vi-VN", "--no-first-run",
    ):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: WebDriver, css: str, timeout: float = 10) -> WebElement:
    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def type_slowly(element: WebElement, text: str) -> None:
    """Character by character, as a person types (each one a key event)."""
    for character in text:
        element.send_keys(character)


def screenshot(driver: WebDriver, name: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(folder / f"{name}.png"))


def compose_with_ime(driver: WebDriver, steps: list[str]) -> None:
    """Type as a composing input method does (Telex or VNI in its composition mode, the
    mobile keyboards): each step replaces the marked text, the last one is committed. Sent
    through the DevTools protocol, so the page sees real compositionstart/update/end events."""
    for text in steps[:-1]:
        driver.execute_cdp_cmd(
            "Input.imeSetComposition",
            {"text": text, "selectionStart": len(text), "selectionEnd": len(text)},
        )
    driver.execute_cdp_cmd("Input.insertText", {"text": steps[-1]})


def type_like_unikey(element: WebElement, keys: list[str]) -> None:
    """Type as Unikey does without composition (its default on Windows): a letter that
    changes the previous ones is sent as backspaces and the new letters."""
    for key in keys:
        element.send_keys(key)


def sign_in(driver: WebDriver, base: str, username: str, password: str = DEFAULT_PASSWORD) -> None:
    """Open a desk page, land on the sign-in form, type the credentials, arrive."""
    driver.get(f"{base}/desk/articles")
    field = wait_for(driver, "#username")
    assert "/desk/login" in driver.current_url
    assert driver.switch_to.active_element == field  # autofocus: type at once
    type_slowly(field, username)
    type_slowly(driver.find_element(By.ID, "password"), password)
    driver.find_element(By.ID, "password").send_keys(Keys.ENTER)
    wait_for(driver, "#results")


def listed(driver: WebDriver) -> list[int]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tr[data-article]")
    return [int(row.get_attribute("data-article") or 0) for row in rows]


def wait_until_listed(driver: WebDriver, expected: list[int]) -> None:
    WebDriverWait(driver, 10).until(lambda d: listed(d) == expected)


def submit_and_wait(driver: WebDriver, button: WebElement) -> None:
    """Click what loads another page (a form's button, a link), and wait until that page has
    replaced this one: an element the old page also had (a "Đã lưu." notice, the saved-view
    tabs) must not be taken for the answer."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 15).until(lambda _: _is_gone(page))
    wait_for(driver, "main")


def _is_gone(element: WebElement) -> bool:
    """Whether the element's page has been replaced. Chromium reports an element of a page
    being torn down either as stale or, under load, as "Node with given id does not belong to
    the document" (a plain WebDriverException): both mean the old page is gone."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False
