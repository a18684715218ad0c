"""A reader's journey in a real browser: Debian's chromium, driven by Playwright, against a live
server holding the repository's own content."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from faq_site import create_app
from faq_site.extensions import db

from conftest import PROJECT_ROOT, service_missing
from moderator_fixtures import PASSWORD, add_moderator
from smtp_server import SmtpServer, free_port

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = PROJECT_ROOT / "tests" / ".artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def mailbox() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, mailbox):
    folder = tmp_path_factory.mktemp("live")
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-tests",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
            "CONTENT_DIR": str(PROJECT_ROOT / "content"),
            # The journeys read the demo content as it stands on this day, whatever day they run.
            "SITE_TODAY": "2026-11-29",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mailbox.port,
            "MAIL_TIMEOUT": 5,
            # A browser driven by a program fills a form faster than a person.
            "ASK_MIN_SECONDS": 0,
        }
    )


@pytest.fixture(scope="module")
def live_server(live_app) -> Iterator[str]:
    app = live_app
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        service_missing("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=["desktop", "phone", "no-javascript"])
def context(request, browser, live_server):
    """A fresh browser context per way of reading: a desktop, a phone, and JavaScript off."""
    viewport = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(
        viewport=viewport,
        java_script_enabled=request.param != "no-javascript",
        base_url=live_server,
    )
    context.requests = []  # type: ignore[attr-defined]
    context.on("request", lambda r: context.requests.append(r.url))  # type: ignore[attr-defined]
    context.kind = request.param  # type: ignore[attr-defined]
    yield context
    context.close()


def shot(page, name: str, kind: str) -> None:
    """Keep a picture of the page: whole, and as first seen (the README shows the statement's)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{kind}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{kind}-first-screen.png"))


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow is not None:  # without JavaScript nothing can be measured
        assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def test_a_reader_follows_the_statement_its_history_and_changes(context, live_server):
    page = context.new_page()
    kind = context.kind
    page.goto("/")
    assert page.locator("h1").inner_text() == "Your data and Quillstone CRM Ltd"
    shot(page, "home", kind)
    no_sideways_scroll(page) if kind != "no-javascript" else None

    page.get_by_role("link", name="Our GDPR statement").first.click()
    page.wait_for_url("**/gdpr")
    assert "In force since 1 May 2026" in page.locator(".meta").inner_text()
    assert (
        "An updated statement takes effect on 1 March 2027"
        in page.locator(".notice--upcoming").inner_text()
    )
    shot(page, "statement", kind)

    page.get_by_role("link", name="See the changes").first.click()
    page.wait_for_url("**/gdpr/changes/2018-05-25..2026-05-01")
    assert page.locator("ins").count() > 5 and page.locator("del").count() > 1
    assert page.locator(".diff-block--moved").count() >= 1
    shot(page, "changes", kind)

    page.get_by_role("link", name="All versions").first.click()
    page.wait_for_url("**/gdpr/versions")
    items = page.locator(".versions__date").all_inner_texts()
    assert items == ["1 March 2027", "1 May 2026", "25 May 2018"]
    shot(page, "history", kind)

    page.get_by_role("link", name="25 May 2018", exact=True).click()
    page.wait_for_url("**/gdpr/versions/2018-05-25")
    assert "This version is no longer in force." in page.locator(".notice--superseded").inner_text()

    page.goto("/gdpr/versions")
    page.select_option("#page-compare-from", "2018-05-25")
    page.select_option("#page-compare-to", "2027-03-01")
    page.get_by_role("button", name="Show the changes").click()
    page.wait_for_url("**/gdpr/changes/2018-05-25..2027-03-01")

    hosts = {urlsplit(url).netloc for url in context.requests}
    assert hosts == {urlsplit(live_server).netloc}, "every request stays on this site"
    assert context.cookies() == [], "reading sets no cookie"


def test_a_reader_browses_the_faq_and_finds_the_feed(context):
    page = context.new_page()
    kind = context.kind
    page.goto("/faq")
    assert page.locator("h2#category-our-commitments").count() == 1
    shot(page, "faq", kind)
    no_sideways_scroll(page)
    page.get_by_role("link", name="Does Quillstone have an official GDPR statement?").click()
    page.wait_for_url("**/faq/official-gdpr-statement")
    assert "Last changed" in page.locator(".meta").inner_text()
    shot(page, "faq-entry", kind)
    page.get_by_role("link", name="All versions").click()
    assert page.locator(".versions__item").count() == 3
    response = page.request.get("/faq/feed.atom")
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")


def test_the_keyboard_reaches_the_skip_link_first(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server)
    page = context.new_page()
    page.goto("/gdpr")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "page-main"
    context.close()


def test_a_missing_page_is_friendly(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    response = page.goto("/gdpr/versions/1999-01-01")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    page.locator(".error-page__links").get_by_role("link", name="FAQ", exact=True).click()
    page.wait_for_url("**/faq")
    context.close()


def test_an_asker_and_a_moderator_take_a_question_to_the_faq(
    browser, live_app, live_server, mailbox
):
    moderator = add_moderator(live_app, "browser.moderator@quillstone.example")
    context = browser.new_context(viewport=DESKTOP, base_url=live_server)
    asker = context.new_page()
    asker.goto("/ask?q=backup+copies+for+support")
    assert asker.locator("#page-matches-title").count() == 1
    asker.get_by_label("Your question").fill(
        "Hi, I'm Tom Baker (tom.baker@example.org, 07700 900123). How long do you keep backups I send to support?"
    )
    asker.get_by_label("Your email address (optional)").fill("tom.baker@example.org")
    shot(asker, "ask", "desktop")
    asker.get_by_role("button", name="Send your question").click()
    asker.wait_for_url("**/ask/status/**")
    assert "your question has been received" in asker.locator("main").inner_text()
    assert "tom.baker@example.org" not in asker.locator("main").inner_text()
    shot(asker, "ask-status", "desktop")

    panel = context.new_page()
    panel.goto("/admin/")
    panel.wait_for_url("**/admin/sign-in**")
    panel.get_by_label("Email address").fill(moderator.email)
    panel.get_by_label("Password").fill(PASSWORD)
    panel.get_by_role("button", name="Sign in").click()
    panel.wait_for_url("**/admin/")
    panel.locator(".queue__item a").first.click()
    question_url = panel.url
    assert panel.locator("mark.redaction").count() >= 3
    shot(panel, "admin-question", "desktop")
    panel.get_by_label("The question as it will be published").fill(
        "How long are backups sent to support kept?"
    )
    panel.get_by_label("Answer (Markdown)").fill(
        "We delete them **within 30 days** of the ticket closing."
    )
    panel.get_by_role("button", name="Preview").click()
    assert "within 30 days" in panel.locator(".preview").inner_text()
    panel.get_by_role("button", name="Publish to the FAQ").click()
    panel.wait_for_url("**/faq/how-long-are-backups-sent-to-support-kept")
    assert "We delete them within 30 days" in panel.locator(".prose").inner_text()

    assert len(mailbox.messages) == 1 and mailbox.messages[0]["To"] == "tom.baker@example.org"
    asker.reload()
    assert "Answered and published." in asker.locator("main").inner_text()

    panel.goto(question_url)
    assert "Published as:" in panel.locator("main").inner_text()
    panel.get_by_role("button", name="Sign out").click()
    panel.wait_for_url("**/admin/sign-in**")
    panel.go_back()
    panel.wait_for_load_state()
    assert "Published as:" not in panel.content(), "the back button shows nothing of the panel"
    assert "/admin/sign-in" in panel.url
    context.close()


def test_a_requester_and_a_moderator_work_a_request_to_its_answer(
    browser, live_app, live_server, mailbox, tmp_path
):
    moderator = add_moderator(live_app, "browser.requests@quillstone.example")
    context = browser.new_context(viewport=PHONE, base_url=live_server, accept_downloads=True)
    requester = context.new_page()
    requester.goto("/requests/new")
    requester.get_by_label("Access: a copy of the personal data you hold about me").check()
    requester.get_by_label("Your full name").fill("Ann Example")
    requester.get_by_label("Your email address").fill("ann.example@example.org")
    requester.get_by_label("Describe your request").fill(
        "Everything about me in your billing system."
    )
    shot(requester, "request-form", "phone")
    sent_before = len(mailbox.messages)
    requester.get_by_role("button", name="Send my request").click()
    requester.wait_for_url("**/requests/sent")
    link = re.search(
        r"http://\S+/requests/confirm/\S+",
        mailbox.messages[sent_before].get_body(("plain",)).get_content(),
    ).group(0)
    requester.goto(urlsplit(link).path)
    requester.get_by_role("button", name="Confirm my request").click()
    requester.wait_for_url("**/requests/status/**")
    status = requester.locator("main").inner_text()
    assert (
        "your request is confirmed" in status
        and "SAR-" in status
        and "Our answer is due by" in status
    )
    assert "Ann Example" not in status
    shot(requester, "request-status", "phone")
    status_url = requester.url

    panel = context.new_page()
    panel.goto("/admin/sign-in")
    panel.get_by_label("Email address").fill(moderator.email)
    panel.get_by_label("Password").fill(PASSWORD)
    panel.get_by_role("button", name="Sign in").click()
    panel.goto("/admin/requests/")
    panel.locator("main table a").first.click()
    panel.get_by_role("button", name="Start work on this request").click()
    answer = tmp_path / "your-data.csv"
    answer.write_text("field,value\nname,Ann Example\n")
    panel.get_by_label("What was provided, and what was withheld and why").fill(
        "Your billing records."
    )
    panel.get_by_label("The answer as a file (optional)").set_input_files(str(answer))
    panel.get_by_role("button", name="Complete the request").click()
    assert "Completed" in panel.locator("h1").inner_text()
    shot(panel, "admin-request", "phone")

    requester.goto(status_url)
    text = requester.locator("main").inner_text()
    assert "We started work on your request" in text and "Completed" in text
    with requester.expect_download() as download:
        requester.get_by_role("link", name="Download the answer").click()
    assert download.value.suggested_filename == "your-data.csv"
    assert Path(download.value.path()).read_text() == answer.read_text()
    context.close()
