"""End to end in headless Chromium (Debian's ``chromium`` + ``chromium-driver``, driven by
Selenium): every page loads, a filter applies, a timeline bar leads to its events and on to an
article, the search box searches; a screenshot of each page lands in ``screenshots/``.

Without Chromium these tests skip — except when ``CI`` is set, where they fail."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PAGES = [
    ("home", "/", "What the store holds"),
    ("articles", "/articles", "Articles"),
    ("events", "/events", "Events"),
    ("timeline", "/timeline", "Timeline"),
    ("map", "/map", "Map"),
    ("network", "/network", "Actor network"),
    ("entities", "/entities", "Entities and actors"),
    ("quotes", "/quotes", "Quotes"),
    ("api-docs", "/docs", "The REST API"),
]


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}: install chromium and chromium-driver (apt-get), see .ci/run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        _missing("chromium or chromedriver is not on PATH")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu", "--lang=en"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(driver), options=options)
    d.set_page_load_timeout(30)
    SHOTS.mkdir(exist_ok=True)
    yield d
    d.quit()


def shoot(browser, name: str) -> Path:
    """A screenshot of the whole page (up to 3000 px tall) as screenshots/NAME.png."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, max(700, min(int(height) + 160, 3000)))
    path = SHOTS / f"{name}.png"
    assert browser.save_screenshot(str(path)), f"no screenshot of {name}"
    browser.set_window_size(1400, 1000)
    return path


def wait_for(browser, predicate, what: str, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(lambda d: predicate(d), message=f"waited for {what}")


def script_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("name,path,heading", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_loads_in_the_browser(browser, live_server, name, path, heading):
    from selenium.webdriver.common.by import By

    browser.get(live_server + path)
    h1 = browser.find_element(By.TAG_NAME, "h1").text
    assert h1.startswith(heading)
    assert "Error" not in browser.title
    assert script_errors(browser) == []
    assert shoot(browser, name).stat().st_size > 5000


def test_article_view_highlights_and_lights_up_from_the_panel(browser, live_server, client):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    busiest = max(client.get("/api/articles").json()["items"], key=lambda a: (a["n_events"], a["n_quotes"]))
    browser.get(f"{live_server}/articles/{busiest['id']}")
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .ent")
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .quote")
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text .trigger")
    item = browser.find_element(By.CSS_SELECTOR, ".side li.event-item")
    ActionChains(browser).move_to_element(item).perform()
    ref = item.get_attribute("data-ref")
    lit = browser.find_elements(By.CSS_SELECTOR, f'#article-text [data-refs~="{ref}"].lit')
    assert lit, "pointing at an event in the panel lights up no words"
    assert script_errors(browser) == []
    shoot(browser, "article")


def test_a_filter_narrows_the_event_table(browser, live_server, client):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    etype = client.get("/api/stats").json()["event_types"][0]["type"]
    browser.get(live_server + "/events")
    before = len(browser.find_elements(By.CSS_SELECTOR, "tr.event-row"))
    Select(browser.find_element(By.ID, "filter-type")).select_by_visible_text(etype)
    browser.find_element(By.ID, "apply-filters").click()
    wait_for(browser, lambda d: f"type={etype}" in d.current_url, "the filtered address")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.event-row")
    assert {r.get_attribute("data-type") for r in rows} == {etype}
    assert len(rows) == client.get("/api/events", params={"type": etype}).json()["total"] < before
    shoot(browser, "events-filtered")


def test_from_a_timeline_bar_to_its_events_and_on_to_the_article(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(live_server + "/timeline")
    bar = browser.find_elements(By.CSS_SELECTOR, "#timeline-type rect.bar")[0]
    key, period = bar.get_attribute("data-key"), bar.get_attribute("data-period")
    n = int(bar.get_attribute("data-n"))
    bar.click()
    wait_for(browser, lambda d: "/events?" in d.current_url, "the events of the bar")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.event-row")
    assert len(rows) == n and {r.get_attribute("data-type") for r in rows} == {key}
    assert all(r.find_element(By.TAG_NAME, "td").text.replace("\n", "")[:7] <= period[:7] + "~" for r in rows)
    shoot(browser, "timeline-bar-events")
    link = rows[0].find_element(By.CSS_SELECTOR, "a.article-link")
    title, target = link.text, link.get_attribute("href").split("#at-")[1]
    link.click()
    wait_for(browser, lambda d: "/articles/" in d.current_url, "the article")
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    assert "lit" in browser.find_element(By.ID, target).get_attribute("class")
    shoot(browser, "timeline-event-article")


def test_the_search_box_searches_everything(browser, live_server, client):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    name = client.get("/api/entities", params={"type": "PER", "limit": 1}).json()[0]["name"]
    browser.get(live_server + "/")
    box = browser.find_element(By.ID, "search-box")
    box.send_keys(name, Keys.ENTER)
    wait_for(browser, lambda d: "/search?" in d.current_url, "the search page")
    entities = browser.find_element(By.ID, "search-entities").text
    assert name in entities
    assert browser.find_element(By.ID, "search-articles").find_elements(By.TAG_NAME, "a")
    shoot(browser, "search")
