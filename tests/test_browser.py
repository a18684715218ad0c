"""Journeys through the site in a real browser: Debian's chromium, driven by Playwright, against
a live server holding the repository's own content. Each journey runs on a desktop, on a phone
and with JavaScript off, and asks for nothing from another site. Pictures land in
tests/.artifacts/: the statement's first screen and the feed's on every run, each page's whole
with FAQ_SCREENSHOTS=all."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote_plus, urlsplit
from zoneinfo import ZoneInfo

import pytest

from faq_site import audit, moderation
from faq_site.access_requests import workflow
from faq_site.clock import today
from faq_site.extensions import db
from faq_site.models import Right, Role, Version
from faq_site.urls import link

from actions import add_moderator
from browser_fixtures import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    layout_problems,
    look,
    other_origins,
    record_requests,
    shot,
    sign_in_page,
)
from conftest import receive_marked
from smtp_server import run_mail_worker

pytestmark = pytest.mark.browser


@pytest.fixture(params=["desktop", "phone", "no-javascript"])
def context(request, browser, live_server):
    """A fresh browser context per way of reading: a desktop, a phone, and JavaScript off.
    Every request its pages make is recorded, and checked to stay on this site."""
    context = browser.new_context(
        viewport=PHONE if request.param == "phone" else DESKTOP,
        java_script_enabled=request.param != "no-javascript",
        base_url=live_server,
        accept_downloads=True,
    )
    context.requests = record_requests(context)  # type: ignore[attr-defined]
    context.kind = request.param  # type: ignore[attr-defined]
    yield context
    assert other_origins(context.requests, live_server) == [], "every request stays on this site"
    context.close()


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow is not None:  # without JavaScript nothing can be measured
        assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


# The right edge of the cells of the page's table furthest to the right, and of the box the
# table scrolls in.
_TABLE_EDGES = """() => {
  const cells = [...document.querySelectorAll(".data-table td, .data-table tbody th")];
  const box = document.querySelector(".table-scroll");
  return {
    cells: Math.max(...cells.map((cell) => cell.getBoundingClientRect().right)),
    box: box.getBoundingClientRect().right,
  };
}"""


def every_cell_in_view(page) -> None:
    """Every cell of the panel's table is in view, inside the table's own box: on a phone the
    rows stack as blocks of labelled lines, and on a desktop long addresses wrap, rather than
    push the last columns off to the side, where a phone hides them."""
    edges = page.evaluate(_TABLE_EDGES)
    if edges is not None:  # without JavaScript nothing can be measured
        limit = min(edges["box"], page.viewport_size["width"]) + 1
        assert edges["cells"] <= limit, f"{page.url}: a column reaches {edges['cells']} px"


def see_it_published(panel, kind: str) -> None:
    """After Publish the moderator lands on the answer in the panel, told it is published, and
    follows the link to the entry in the FAQ."""
    panel.wait_for_url(re.compile(r".*/admin/answers/\d+$"))
    assert "Published. The answer is now in the FAQ." in panel.locator(".flashes").inner_text()
    # The way on to the next question sits in the confirmation (other journeys leave some).
    onward = re.compile(r"^(Next waiting question|Back to the queue)$")
    assert panel.locator(".flashes").get_by_role("link", name=onward).count() == 1
    shot(panel, "admin-published", kind)
    panel.get_by_role("link", name="Read it in the FAQ").click()
    panel.wait_for_url(re.compile(r".*/faq/[a-z0-9-]+$"))


# Pairs of a removed word straight followed by an added one, and those of them drawn touching.
_TOUCHING_REPLACEMENTS = """() => {
  const pairs = [...document.querySelectorAll("del + ins")]
    .filter((ins) => ins.previousSibling === ins.previousElementSibling);
  const touching = pairs.filter((ins) => {
    const before = [...ins.previousElementSibling.getClientRects()].pop();
    const after = ins.getClientRects()[0];
    return before && after && Math.abs(before.top - after.top) < 2 && after.left - before.right < 2;
  });
  return {pairs: pairs.length, touching: touching.length};
}"""


def test_a_reader_follows_the_statement_its_history_and_changes(context):
    page = context.new_page()
    kind = context.kind
    page.goto("/")
    assert page.locator("h1").inner_text() == "Your data and Quillstone CRM Ltd"
    look(page, "home", kind)
    no_sideways_scroll(page)

    page.get_by_role("link", name="Our GDPR statement").first.click()
    page.wait_for_url("**/gdpr")
    assert "In force since 1 May 2026" in page.locator(".meta").inner_text()
    # On the pinned day three versions are announced, the nearest first.
    upcoming = page.locator(".notice--upcoming").all_inner_texts()
    assert len(upcoming) == 3
    assert "An updated statement takes effect on 6 December 2026" in upcoming[0]
    assert "An updated statement takes effect on 8 December 2026" in upcoming[1]
    assert "An updated statement takes effect on 1 March 2027" in upcoming[2]
    shot(page, "statement", kind, first_screen=True)
    assert layout_problems(page) == []
    no_sideways_scroll(page)

    page.get_by_role("link", name="See the changes").first.click()
    page.wait_for_url("**/gdpr/changes/2018-05-25..2026-05-01")
    assert page.locator("ins").count() > 5 and page.locator("del").count() > 1
    assert page.locator(".diff-block--moved").count() >= 1
    # A removed word and the word added in its place never touch on the screen.
    touching = page.evaluate(_TOUCHING_REPLACEMENTS)
    assert touching == {"pairs": touching["pairs"], "touching": 0} and touching["pairs"] > 0
    look(page, "changes", kind)
    # Printed, the page keeps its text and drops what only works on a screen.
    page.emulate_media(media="print")
    assert not page.locator(".site-search").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("h1").is_visible()
    page.emulate_media(media="screen")
    no_sideways_scroll(page)

    page.get_by_role("link", name="All versions").first.click()
    page.wait_for_url("**/gdpr/versions")
    items = page.locator(".versions__date").all_inner_texts()
    assert items == [
        "1 March 2027",
        "8 December 2026",
        "6 December 2026",
        "1 May 2026",
        "25 May 2018",
    ]
    look(page, "history", kind)

    page.get_by_role("link", name="25 May 2018", exact=True).click()
    page.wait_for_url("**/gdpr/versions/2018-05-25")
    assert "This version is no longer in force." in page.locator(".notice--superseded").inner_text()
    look(page, "old-version", kind)

    page.goto("/gdpr/versions")
    page.select_option("#page-compare-from", "2018-05-25")
    page.select_option("#page-compare-to", "2027-03-01")
    page.get_by_role("button", name="Show the changes").click()
    page.wait_for_url("**/gdpr/changes/2018-05-25..2027-03-01")
    look(page, "changes-chosen", kind)

    assert context.cookies() == [], "reading sets no cookie"


def test_a_reader_browses_the_faq_and_finds_the_feed(context):
    page = context.new_page()
    kind = context.kind
    page.goto("/faq")
    assert page.locator("h2#category-our-commitments").count() == 1
    look(page, "faq", kind)
    no_sideways_scroll(page)
    page.get_by_role("link", name="Does Quillstone have an official GDPR statement?").click()
    page.wait_for_url("**/faq/official-gdpr-statement")
    assert "Last changed" in page.locator(".meta").inner_text()
    look(page, "faq-entry", kind)
    page.get_by_role("link", name="All versions").click()
    page.wait_for_url("**/faq/official-gdpr-statement/versions")
    assert page.locator(".versions__item").count() == 4
    look(page, "faq-entry-versions", kind)

    # The search box on every page: results ranked, each leading to its entry.
    page.get_by_label("Search the statement and FAQ").fill("backups")
    page.get_by_label("Search the statement and FAQ").press("Enter")
    page.wait_for_url("**/search?q=backups")
    assert "results for" in page.locator(".search-status").inner_text()
    look(page, "search-results", kind)
    page.locator(".results").get_by_role(
        "link", name="How do you handle backups and exports we send to support?"
    ).click()
    page.wait_for_url("**/faq/backups-sent-to-support")
    response = page.request.get("/faq/feed.atom")
    assert response.ok and response.headers["content-type"].startswith("application/xml")
    # Opened in the browser, the feed is laid out as a page by its stylesheet and says what it
    # is for: a large title, a note, then each entry as its summary shows it (a link, a day in
    # words, what changed), nothing else.
    page.goto("/faq/feed.atom")
    laid_out = page.evaluate(
        """() => {
            const style = (el, pseudo) => getComputedStyle(el, pseudo || null);
            const title = document.documentElement.querySelector(":scope > title");
            const entries = [...document.getElementsByTagName("entry")];
            return {
                titleSize: parseFloat(style(title).fontSize),
                note: style(title, "::after").content,
                entries: entries.filter((e) => style(e).display === "block").length,
                shown: [...entries[0].children]
                    .filter((c) => style(c).display !== "none").map((c) => c.localName),
            };
        }"""
    )
    assert laid_out["titleSize"] >= 28
    assert "copy this page's address into a feed reader" in laid_out["note"]
    assert laid_out["entries"] >= 10
    assert laid_out["shown"] == ["summary"]
    # A whole-page picture of an XML document never completes in Chromium: its first screen.
    page.screenshot(path=str(ARTIFACTS / f"faq-feed-{kind}.png"))
    # Each entry is a link a person can follow, named as a person would write it, its day in
    # words (no ISO date in sight).
    entries = page.locator("xpath=//*[local-name()='entry']")
    assert entries.count() >= 10
    done = entries.filter(has_text=re.compile(r"(Published|Updated) on \d{1,2} \w+ \d{4}"))
    entry = done.first.get_by_role("link").first
    shown = page.evaluate(
        """() => [...document.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "div")]
            .map((div) => div.innerText).join("\\n")"""
    )
    assert not re.search(r"\d{4}-\d\d-\d\d", shown), "an ISO date is shown"
    assert "?: version of" not in shown
    name = entry.inner_text()
    entry.click()
    page.wait_for_url(re.compile(r".*/faq/[a-z0-9-]+/versions/\d{4}-\d\d-\d\d$"))
    assert page.locator("h1").inner_text() == name
    assert context.cookies() == [], "reading sets no cookie"


def test_a_customer_reads_the_subprocessors_and_what_is_announced(context):
    """From the FAQ to the register in force, what is announced for 1 March 2027, the changes
    row by row, an old version and the feed: every column readable on a phone too."""
    page = context.new_page()
    kind = context.kind
    page.goto("/faq")
    page.get_by_role("link", name="Our sub-processors").first.click()
    page.wait_for_url("**/subprocessors")
    assert "In force since 9 May 2022" in page.locator(".meta").inner_text()
    table = page.get_by_role("table", name="Sub-processors from 9 May 2022")
    assert table.get_by_role("rowheader").count() == 12
    assert table.get_by_role("columnheader").all_inner_texts() == [
        "Provider", "What it does for us", "Personal data", "Where", "Transfer safeguard", "Since",
    ]  # fmt: skip
    notice = page.locator(".notice--upcoming")
    assert "Changes announced for 1 March 2027" in notice.inner_text()
    changes = notice.locator(".register-changes__item").all_inner_texts()
    assert [text.split()[:2] for text in changes] == [
        ["+", "ADDED"], ["−", "REMOVED"], ["~", "CHANGED"],
    ]  # fmt: skip
    assert "Maplewatch Support Inc." in changes[0]
    if kind == "phone":
        # Each sub-processor stands as a block whose cells say which column they are.
        row = table.get_by_role("row").nth(1)
        labels = row.evaluate(
            """(row) => [...row.querySelectorAll("td")].map(
                (cell) => getComputedStyle(cell, "::before").content)"""
        )
        assert labels == [
            '"What it does for us: "', '"Personal data: "', '"Where: "',
            '"Transfer safeguard: "', '"Since: "',
        ]  # fmt: skip
    look(page, "subprocessors", kind)
    no_sideways_scroll(page)

    page.get_by_role("link", name="See every change in detail").click()
    page.wait_for_url("**/subprocessors/changes/2022-05-09..2027-03-01")
    assert "1 added, 1 removed, 1 changed." in page.locator(".legend__counts").inner_text()
    rows = page.get_by_role("table").get_by_role("row")
    assert rows.count() == 4
    assert "Standard contractual clauses" in rows.nth(3).locator("del").inner_text()
    look(page, "subprocessors-changes", kind)
    no_sideways_scroll(page)

    page.get_by_role("link", name="All versions").first.click()
    page.wait_for_url("**/subprocessors/versions")
    assert page.locator(".versions__date").all_inner_texts() == [
        "1 March 2027", "9 May 2022", "3 August 2020", "25 May 2018",
    ]  # fmt: skip
    page.select_option("#page-compare-from", "2018-05-25")
    page.select_option("#page-compare-to", "2020-08-03")
    page.get_by_role("button", name="Show the changes").click()
    page.wait_for_url("**/subprocessors/changes/2018-05-25..2020-08-03")
    assert "3 added, 0 removed, 0 changed." in page.locator(".legend__counts").inner_text()
    page.get_by_role("link", name="Read the version of 25 May 2018").click()
    page.wait_for_url("**/subprocessors/versions/2018-05-25")
    assert "This version is no longer in force." in page.locator(".notice--superseded").inner_text()
    assert page.get_by_role("table").get_by_role("rowheader").count() == 8
    look(page, "subprocessors-old-version", kind)

    response = page.request.get("/subprocessors/feed.atom")
    assert response.ok and "Maplewatch Support Inc." in response.text()
    assert context.cookies() == [], "reading sets no cookie"


def test_a_missing_page_is_friendly(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    response = page.goto("/gdpr/versions/1999-01-01")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    look(page, "not-found", "phone")
    page.locator(".error-page__links").get_by_role("link", name="FAQ", exact=True).click()
    page.wait_for_url("**/faq")
    context.close()


# One question for each way of reading, so that no journey meets another's question: who the
# asker is (which the site must take out), what they search for and find nothing, then the
# question as published and its answer.
QUESTIONS = {
    "desktop": (
        "Hi, I'm Tom Baker (tom.baker@example.org, 07700 900123).",
        "How long are support call recordings kept?",
        "How long are support call recordings kept?",
        "We delete them **within 90 days** of the call.",
    ),
    "phone": (
        "Hello, my name is Ruth Jones, call me on 07700 900456 or ruth@example.net.",
        "Which countries is my CRM data stored in?",
        "In which countries is CRM data stored?",
        "In the UK and Ireland, **never** outside the EEA.",
    ),
    "no-javascript": (
        "Dear team, I am Priya Shah (priya.shah@example.com, 07700 900789).",
        "Can a tachograph feed sync into my contacts?",
        "Can tachograph data be synced into contacts?",
        "No: the CRM takes **no vehicle data** of any kind.",
    ),
}


def test_an_asker_and_a_moderator_take_a_question_to_the_faq(
    context, live_app, live_server, mailbox
):
    kind = context.kind
    intro, words, title, answer = QUESTIONS[kind]
    address = re.search(r"[\w.]+@example\.\w+", intro).group(0)
    moderator = add_moderator(live_app, f"browser.moderator.{kind}@quillstone.example")

    # The asker looks for an answer first, finds none, and takes the words to the ask form.
    asker = context.new_page()
    asker.goto("/")
    asker.get_by_label("Search the statement and FAQ").fill(words)
    asker.get_by_role("search").get_by_role("button", name="Search").click()
    asker.wait_for_url("**/search?q=*")
    # Words of the question match other pages; none answers it, so the asker asks.
    assert f'"{words}"' in asker.locator(".search-status").inner_text()
    look(asker, "search-not-answered", kind)
    asker.get_by_role("link", name=re.compile(r"^Ask (us )?this question$")).click()
    asker.wait_for_url("**/ask?q=*")
    assert asker.get_by_label("Your question").input_value() == words
    asker.get_by_label("Your question").press("ControlOrMeta+Home")
    asker.get_by_label("Your question").press_sequentially(f"{intro} ")
    asker.get_by_label("Your email address (optional)").fill(address)
    look(asker, "ask", kind)
    asker.get_by_role("button", name="Send your question").click()
    asker.wait_for_url("**/ask/status/**")
    assert "your question has been received" in asker.locator("main").inner_text()
    assert address not in asker.locator("main").inner_text()
    look(asker, "ask-status", kind)

    panel = context.new_page()
    panel.goto("/admin/")
    panel.wait_for_url("**/admin/sign-in**")
    look(panel, "sign-in", kind)
    sign_in_page(panel, moderator.email, moderator.password)
    look(panel, "dashboard", kind)
    panel.goto("/admin/questions")
    assert panel.locator(".data-table tbody tr").count() >= 1
    every_cell_in_view(panel)
    look(panel, "admin-questions", kind)
    panel.goto("/admin/")
    panel.locator(".queue__item", has_text=words).get_by_role("link").click()
    panel.wait_for_url("**/admin/questions/*")
    question_url = panel.url
    assert panel.locator("mark.redaction").count() >= 3
    look(panel, "admin-question", kind)
    panel.get_by_label("The question as it will be published").fill(title)
    panel.get_by_label("Answer (Markdown)").fill(answer)
    panel.get_by_role("button", name="Preview").click()
    panel.wait_for_load_state()
    assert answer.replace("**", "") in panel.locator(".preview").inner_text()
    # The page opens at the preview, not at its top with the preview out of sight.
    assert panel.url.endswith("#page-preview-title")
    top = panel.locator("#page-preview-title").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < panel.viewport_size["height"] / 2
    look(panel, "admin-question-preview", kind)
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    panel.get_by_role("button", name="Publish to the FAQ").click()
    see_it_published(panel, kind)
    assert panel.locator("h1").inner_text() == title
    assert answer.replace("**", "") in panel.locator(".prose").inner_text()
    look(panel, "published-answer", kind)

    run_mail_worker(live_app)
    assert [message["To"] for message in mailbox.messages[sent_before:]] == [address]
    asker.reload()
    assert "Answered and published." in asker.locator("main").inner_text()
    # The next person who searches the same words finds the answer.
    asker.goto(f"/search?q={quote_plus(words)}")
    asker.locator(".results").get_by_role("link", name=title).click()
    asker.wait_for_url(panel.url)

    response = panel.goto(question_url)
    assert "no-store" in response.headers["cache-control"]
    assert f"Published as: {title}" in panel.locator("main").inner_text()
    panel.get_by_role("button", name="Sign out").click()
    panel.wait_for_url("**/admin/sign-in**")
    assert "You have signed out." in panel.locator("main").inner_text()
    asked_before_back = len(context.requests)
    panel.go_back()
    panel.wait_for_url("**/admin/sign-in**")
    # The browser asked the server again (the panel is never stored), and was sent to sign in.
    assert question_url in context.requests[asked_before_back:], "back shows a stored panel"
    assert panel.locator("h1").inner_text() == "Sign in to moderate"
    assert "Published as:" not in panel.content(), "the back button shows nothing of the panel"
    look(panel, "after-sign-out-back", kind)


def test_a_requester_and_a_moderator_work_a_request_to_its_answer(
    context, live_app, mailbox, tmp_path
):
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.requests.{kind}@quillstone.example")
    requester = context.new_page()
    requester.goto("/requests/new")
    requester.get_by_label("Access: a copy of the personal data you hold about me").check()
    requester.get_by_label("Your full name").fill("Ann Example")
    requester.get_by_label("Your email address").fill(f"ann.{kind}@example.org")
    requester.get_by_label("Describe your request").fill(
        "Everything about me in your billing system."
    )
    look(requester, "request-form", kind)
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    requester.get_by_role("button", name="Send my request").click()
    requester.wait_for_url("**/requests/sent")
    # The address the link went to, to spot a typing error in.
    assert (
        f"We have sent a link to ann.{kind}@example.org." in requester.locator("main").inner_text()
    )
    look(requester, "request-sent", kind)
    run_mail_worker(live_app)
    link = re.search(
        r"http://\S+/requests/confirm/\S+",
        mailbox.messages[sent_before].get_body(("plain",)).get_content(),
    ).group(0)
    requester.goto(urlsplit(link).path)
    look(requester, "request-confirm", kind)
    requester.get_by_role("button", name="Confirm my request").click()
    requester.wait_for_url("**/requests/status/**")
    status = requester.locator("main").inner_text()
    assert "your request is confirmed" in status and "Ann Example" not in status
    # Confirmed on Sunday 29 November 2026: due a month later, on Tuesday 29 December.
    assert "Our answer is due by\n29 December 2026" in status
    reference = re.search(r"SAR-2026-\d{6}", status).group(0)
    look(requester, "request-status", kind)
    status_url = requester.url

    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto("/admin/requests/")
    panel.get_by_label("Reference").fill(reference)
    panel.get_by_role("button", name="Show").click()
    panel.wait_for_url("**reference=*")
    look(panel, "admin-requests", kind)
    panel.get_by_role("link", name=reference).click()
    panel.wait_for_url("**/admin/requests/*")
    panel.get_by_role("button", name="Start work on this request").click()
    panel.wait_for_load_state()
    assert "Work on the request has started" in panel.locator("main").inner_text()

    panel.get_by_label("Why the request needs more time").fill(
        "Your records are spread over three billing systems and ten years."
    )
    panel.get_by_role("button", name="Extend the deadline").click()
    panel.wait_for_load_state()
    assert "Extended by two months." in panel.locator("main").inner_text()
    # Three months from the start fall on Sunday 28 February 2027: the next working day.
    assert "1 March 2027" in panel.locator("main").inner_text()
    look(panel, "admin-request-extended", kind)
    requester.goto(status_url)
    status = requester.locator("main").inner_text()
    assert "Our answer is due by\n1 March 2027 (extended)" in status
    assert "three billing systems" in status, "the requester reads the reason"

    answer = tmp_path / "your-data.csv"
    answer.write_text("field,value\nname,Ann Example\n")
    panel.get_by_label("What was provided, and what was withheld and why").fill(
        "Your billing records."
    )
    panel.get_by_label("The answer as a file (optional)").set_input_files(str(answer))
    panel.get_by_role("button", name="Complete the request").click()
    panel.wait_for_load_state()
    assert "Completed" in panel.locator("h1").inner_text()
    look(panel, "admin-request-completed", kind)

    requester.goto(status_url)
    text = requester.locator("main").inner_text()
    assert "We started work on your request" in text and "Completed" in text
    look(requester, "request-status-completed", kind)
    with requester.expect_download() as download:
        requester.get_by_role("link", name="Download the answer").click()
    assert download.value.suggested_filename == "your-data.csv"
    assert Path(download.value.path()).read_text() == answer.read_text()


def test_a_complainant_and_a_moderator_take_a_complaint_to_its_outcome(context, live_app, mailbox):
    """From a request's status page to the complaint form, an error, the link by email, the
    status page; the moderator finds it marked in the queue, acknowledges it and closes it; the
    complainant reads each step, and the outcome with the ICO and the courts."""
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.complaints.{kind}@quillstone.example")
    with live_app.test_request_context():
        request, _confirmation = workflow.submit(
            Right.ACCESS, "Bea Example", f"bea.sar.{kind}@example.org", "My billing records."
        )
        workflow.confirm(request)
        db.session.commit()
        sar, sar_token = request.reference, request.token

    person = context.new_page()
    person.goto(f"/requests/status/{sar_token}")
    person.get_by_role("link", name="Make a complaint").click()
    person.wait_for_url("**/complaints/new?about=*")
    assert (
        person.get_by_label(
            "The reference of a request or question it is about (optional)"
        ).input_value()
        == sar
    )
    person.get_by_label("Your full name").fill("Bea Example")
    person.get_by_label("Your email address").fill(f"bea.{kind}@example.org")
    person.get_by_label("What you would like us to do").fill(
        "Answer my request, and tell me why it took so long."
    )
    person.get_by_role("button", name="Send my complaint").click()
    person.wait_for_load_state()
    assert "There is a problem" in person.locator(".error-summary").inner_text()
    assert "Tell us what happened" in person.locator("#details-error").inner_text()
    assert person.get_by_label("What you would like us to do").input_value().startswith("Answer")
    look(person, "complaint-form-error", kind)

    person.get_by_label("What happened").fill(
        "I asked for my billing records and heard nothing but a reference."
    )
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    person.get_by_role("button", name="Send my complaint").click()
    person.wait_for_url("**/complaints/sent")
    assert "confirm your complaint" in person.locator("main").inner_text()
    look(person, "complaint-sent", kind)
    run_mail_worker(live_app)
    (confirmation,) = mailbox.messages[sent_before:]
    assert confirmation["Subject"] == "Confirm your complaint to Quillstone CRM Ltd"
    link = re.search(
        r"http://\S+/requests/confirm/\S+", confirmation.get_body(("plain",)).get_content()
    ).group(0)
    person.goto(urlsplit(link).path)
    look(person, "complaint-confirm", kind)
    person.get_by_role("button", name="Confirm my complaint").click()
    person.wait_for_url("**/requests/status/**")
    status = person.locator("main").inner_text()
    assert "your complaint is confirmed" in status and "Bea Example" not in status
    reference = re.search(r"CMP-2026-\d{6}", status).group(0)
    # Received on Sunday 29 November 2026, day one of thirty: acknowledged by 28 December, a
    # bank holiday, which moves nothing.
    assert "We will acknowledge it by\n28 December 2026" in status
    look(person, "complaint-status", kind)
    status_url = person.url

    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto("/admin/requests/")
    panel.get_by_role("link", name="Complaints waiting for us").click()
    panel.wait_for_url("**right=complaint*")
    row = panel.locator("tr", has_text=reference)
    assert "Complaint" in row.inner_text() and "Acknowledgement due" in row.inner_text()
    assert "29 days left" in row.inner_text()
    assert sar not in panel.locator("tbody").inner_text(), "requests are left out"
    look(panel, "admin-complaints", kind)
    row.get_by_role("link", name=reference).click()
    panel.wait_for_url("**/admin/requests/*")
    main = panel.locator("main").inner_text()
    assert "heard nothing but a reference" in main and "tell me why it took so long" in main
    assert panel.get_by_role("link", name=sar).count() == 1, "what it is about, linked"
    panel.get_by_role("button", name="Acknowledge the complaint").click()
    panel.wait_for_load_state()
    assert "Write the acknowledgement" in panel.locator(".error-summary").inner_text()
    look(panel, "admin-complaint-acknowledge-error", kind)
    panel.get_by_label("Your message to the complainant").fill(
        "We are sorry. We are checking what happened to your request and will answer by 11 December."
    )
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    panel.get_by_role("button", name="Acknowledge the complaint").click()
    panel.wait_for_load_state()
    assert "The complaint is acknowledged" in panel.locator(".flashes").inner_text()
    assert panel.get_by_role("button", name="Acknowledge the complaint").count() == 0
    look(panel, "admin-complaint-acknowledged", kind)
    run_mail_worker(live_app)
    (acknowledgement,) = mailbox.messages[sent_before:]
    assert reference in acknowledgement["Subject"]
    assert "will answer by 11 December" in acknowledgement.get_body(("plain",)).get_content()

    person.goto(status_url)
    status = person.locator("main").inner_text()
    assert "Acknowledged: being looked into" in status
    assert "We acknowledged your complaint" in status and "will answer by 11 December" in status
    look(person, "complaint-status-acknowledged", kind)

    panel.get_by_label("The outcome, as the complainant will read it").fill(
        "Your request was filed under the wrong team. It is answered today, and we have changed "
        "how requests are routed."
    )
    panel.get_by_role("button", name="Close with this outcome").click()
    panel.wait_for_load_state()
    assert "Closed with its outcome" in panel.locator("h1").inner_text()
    look(panel, "admin-complaint-closed", kind)
    run_mail_worker(live_app)
    outcome = mailbox.messages[-1].get_body(("plain",)).get_content()
    assert "filed under the wrong team" in outcome
    assert "https://ico.org.uk/make-a-complaint/" in outcome and "court" in outcome

    person.goto(status_url)
    status = person.locator("main").inner_text()
    assert "filed under the wrong team" in status and "take the matter to court" in status
    assert (
        person.get_by_role("link", name="How to complain to the ICO").get_attribute("href")
        == "https://ico.org.uk/make-a-complaint/"
    )
    assert person.get_by_role("button", name="Withdraw my complaint").count() == 0
    look(person, "complaint-status-closed", kind)


def test_a_customer_objects_to_an_announced_sub_processor(context, live_app, mailbox):
    """From the announced change on the register to the objection form, a mistake explained
    beside its field, the copy by email, and the objection in the moderator's list."""
    kind = context.kind
    page = context.new_page()
    page.goto("/subprocessors")
    page.get_by_role("link", name="Object to Maplewatch Support Inc.").click()
    page.wait_for_url("**/subprocessors/object?provider=*")
    assert page.get_by_label("Maplewatch Support Inc., from 1 March 2027").is_checked()
    page.get_by_label("Your company").fill(f"Brightfield Analytics {kind}")
    page.get_by_label("Your name").fill("Priya Contact")
    page.get_by_label("Your work email address").fill("priya@")
    page.get_by_label("Why you object").fill("Support staff outside the UK and the EEA.")
    page.get_by_role("button", name="Send my objection").click()
    page.wait_for_load_state()
    assert [" ".join(t.split()) for t in page.locator(".field__error").all_inner_texts()] == [
        "Error: Enter an email address like name@example.com."
    ]
    assert page.get_by_label("Why you object").input_value().startswith("Support staff")
    look(page, "objection-error", kind)
    page.get_by_label("Your work email address").fill(f"priya.{kind}@brightfield.example")
    page.get_by_role("button", name="Send my objection").click()
    page.wait_for_url("**/subprocessors/object/sent")
    assert "We have your objection" in page.locator("h1").inner_text()
    look(page, "objection-sent", kind)
    sent_before = len(mailbox.messages)
    run_mail_worker(live_app)
    [copy] = mailbox.messages[sent_before:]
    assert copy["To"] == f"priya.{kind}@brightfield.example"

    moderator = add_moderator(live_app, f"browser.objections.{kind}@quillstone.example")
    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto("/admin/")
    panel.get_by_role("link", name=re.compile("Not answered yet")).first.click()
    panel.wait_for_url("**/admin/objections/")
    row = panel.get_by_role("row").filter(has_text=f"Brightfield Analytics {kind}")
    assert "Support staff outside the UK" in row.inner_text()
    look(panel, "admin-objections", kind)
    row.get_by_role("button", name="Mark answered").click()
    panel.wait_for_url("**/admin/objections/")
    assert "is marked answered" in panel.locator(".flashes").inner_text()


def test_a_moderator_records_a_request_that_came_by_post(context, live_app, mailbox):
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.letters.{kind}@quillstone.example")
    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto("/admin/requests/")
    panel.get_by_role("link", name="Record a request received by post, email or phone").click()
    panel.wait_for_url("**/admin/requests/record/")
    look(panel, "admin-record-request", kind)

    # The letter arrived on Wednesday 25 November; the moderator first types a day to come.
    panel.get_by_label("Date the request was received").fill("2026-12-01")
    panel.get_by_label("By post").check()
    panel.get_by_label("Access to my data").check()
    panel.get_by_label("UK GDPR", exact=True).check()
    panel.get_by_label("The requester’s full name").fill(f"Brian Letterwright {kind}")
    panel.get_by_label("Their postal address").fill("14 Harbour Lane\nFalmouth TR11 2AB")
    panel.get_by_label("The request, as they made it").fill(
        "Please send me a copy of everything you hold about me since 2022."
    )
    panel.get_by_role("button", name="Record the request").click()
    panel.wait_for_load_state()
    errors = [" ".join(text.split()) for text in panel.locator(".field__error").all_inner_texts()]
    assert errors == [
        "Error: The date of receipt cannot be in the future: give the day it arrived."
    ]
    assert panel.get_by_label("Their postal address").input_value().startswith("14 Harbour Lane")
    # The page opens on its summary of mistakes, with or without JavaScript (autofocus).
    assert panel.evaluate("document.activeElement.classList.contains('error-summary')")
    look(panel, "admin-record-request-error", kind)

    panel.get_by_label("Date the request was received").fill("2026-11-25")
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    panel.get_by_role("button", name="Record the request").click()
    panel.wait_for_url(re.compile(r".*/admin/requests/\d+$"))
    main = panel.locator("main").inner_text()
    assert "The request is recorded as SAR-2026-" in main
    reference = re.search(r"SAR-2026-\d{6}", main).group(0)
    assert "25 November 2026 by post" in main
    # Wednesday 25 November plus a month is Friday 25 December, a bank holiday, as is
    # Monday 28 December (Boxing Day's substitute): due Tuesday 29 December.
    assert "29 December 2026" in main
    assert "Harbour Lane" in main
    look(panel, "admin-request-recorded", kind)
    run_mail_worker(live_app)
    assert len(mailbox.messages) == sent_before, "with no email address, nobody is emailed"

    # The letter to print: its heading keeps the reference whole, at any width.
    panel.get_by_role("link", name="Print the acknowledgement as a letter").click()
    heading = panel.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Your request {reference}"
    reference_box = heading.locator(".reference").bounding_box()
    assert reference_box["height"] < 2 * panel.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('h1 .reference')).lineHeight)"
    ), "the reference is on one line"
    look(panel, "admin-request-letter", kind)
    panel.go_back()

    # The requester, sent the link by post, follows the request like any other.
    status_url = urlsplit(panel.locator(".private-link").inner_text().strip()).path
    requester = context.new_page()
    requester.goto(status_url)
    status = requester.locator("main").inner_text()
    assert reference in status and "Request received and recorded" in status
    assert "Our answer is due by\n29 December 2026" in status
    assert "Letterwright" not in status
    look(requester, "request-status-recorded", kind)


def test_a_moderator_records_a_complaint_by_phone_and_keeps_the_complainant_informed(
    context, live_app, mailbox
):
    """A complaint made by phone: recorded with the day of the call, a mistake explained beside
    its field, then acknowledged and updated on progress; the complainant, sent the status link,
    reads each message and never their own details."""
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.calls.{kind}@quillstone.example")
    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto("/admin/requests/")
    panel.get_by_role("link", name="Record a complaint received by post, email or phone").click()
    panel.wait_for_url("**/admin/requests/record/complaint")
    look(panel, "admin-record-complaint", kind)

    # The call came on Friday 20 November; the moderator forgets what happened.
    panel.get_by_label("Date the complaint was received").fill("2026-11-20")
    panel.get_by_label("By phone").check()
    panel.get_by_label("UK GDPR", exact=True).check()
    panel.get_by_label("The complainant\u2019s full name").fill(f"Carys Caller {kind}")
    panel.get_by_label("Their phone number").fill("07700 900481")
    panel.get_by_label("What they would like us to do (if they said)").fill(
        "Stop the calls and say sorry."
    )
    panel.get_by_role("button", name="Record the complaint").click()
    panel.wait_for_load_state()
    assert "There is a problem" in panel.locator(".error-summary").inner_text()
    details = panel.get_by_label("What happened, as they told it")
    assert details.get_attribute("aria-invalid") == "true"
    assert panel.get_by_label("Their phone number").input_value() == "07700 900481"
    look(panel, "admin-record-complaint-error", kind)

    details.fill("Our sales team kept ringing her after she asked us to stop, twice a week.")
    panel.get_by_role("button", name="Record the complaint").click()
    panel.wait_for_url(re.compile(r".*/admin/requests/\d+$"))
    main = panel.locator("main").inner_text()
    reference = re.search(r"CMP-2026-\d{6}", main).group(0)
    # Friday 20 November is day one of thirty: acknowledged by Saturday 19 December.
    assert "19 December 2026" in main and "twice a week" in main
    look(panel, "admin-complaint-recorded", kind)
    status_url = urlsplit(panel.locator(".private-link").inner_text().strip()).path

    panel.get_by_label("Your message to the complainant").fill(
        "Thank you for calling us. We are finding out who made the calls."
    )
    panel.get_by_role("button", name="Acknowledge the complaint").click()
    panel.wait_for_load_state()
    flashes = panel.locator(".flashes").inner_text()
    assert "Saved: it is on the status page." in flashes
    assert "nothing was emailed: tell the complainant by post or phone" in flashes
    panel.get_by_label("Your update to the complainant").fill(
        "We found the list the calls came from and have taken your number off it."
    )
    panel.get_by_role("button", name="Send the update").click()
    panel.wait_for_load_state()
    log = panel.locator("#page-log-title + .table-wrap").inner_text()
    assert "taken your number off it" in log
    look(panel, "admin-complaint-updated", kind)
    run_mail_worker(live_app)
    assert not [m for m in mailbox.messages if reference in m["Subject"]], "no address, no email"

    person = context.new_page()
    person.goto(status_url)
    status = person.locator("main").inner_text()
    assert reference in status and "Complaint received and recorded" in status
    assert "finding out who made the calls" in status and "taken your number off it" in status
    assert "Carys" not in status and "07700" not in status
    look(person, "complaint-status-updated", kind)


def test_a_solicitor_asks_for_a_client_and_the_clock_waits_for_the_authority(
    context, live_app, mailbox
):
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.behalf.{kind}@quillstone.example")
    requester = context.new_page()
    requester.goto("/requests/new")
    requester.get_by_label("Access: a copy of the personal data you hold about me").check()
    requester.get_by_label("Your full name").fill("Ruth Ashdown")
    requester.get_by_label("Your email address").fill(f"ruth.{kind}@example.org")
    requester.get_by_label("Describe your request").fill("Everything held about my client.")
    # The part for someone else is closed until it is wanted; a summary opens it, with or
    # without JavaScript, and a half-filled part is refused with the reason beside it.
    assert not requester.get_by_label("Their full name").is_visible()
    requester.get_by_text("I am asking for someone else").click()
    requester.get_by_label("Their full name").fill("Grace Okonkwo")
    requester.get_by_role("button", name="Send my request").click()
    requester.wait_for_load_state()
    errors = [" ".join(t.split()) for t in requester.locator(".field__error").all_inner_texts()]
    assert errors == ["Error: Choose in what capacity the request is made for them."]
    assert requester.get_by_label("Their full name").is_visible(), "the part stays open"
    assert requester.evaluate("document.activeElement.classList.contains('error-summary')")
    look(requester, "request-form-behalf-error", kind)
    requester.get_by_label("Their solicitor or legal representative").check()
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    requester.get_by_role("button", name="Send my request").click()
    requester.wait_for_url("**/requests/sent")
    run_mail_worker(live_app)
    link = re.search(
        r"http://\S+/requests/confirm/\S+",
        mailbox.messages[sent_before].get_body(("plain",)).get_content(),
    ).group(0)
    requester.goto(urlsplit(link).path)
    requester.get_by_role("button", name="Confirm my request").click()
    requester.wait_for_url("**/requests/status/**")
    status = requester.locator("main").inner_text()
    assert "The clock waits for your authority to act for the person" in status
    look(requester, "request-status-behalf", kind)
    reference = re.search(r"SAR-2026-\d{6}", status).group(0)
    status_url = requester.url

    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto("/admin/requests/")
    row = panel.get_by_role("row").filter(has_text=reference).inner_text()
    assert "for authority to act from the requester" in row
    panel.get_by_role("link", name=reference).click()
    panel.wait_for_url("**/admin/requests/*")
    main = panel.locator("main").inner_text()
    assert "Grace Okonkwo (Their solicitor or legal representative)" in main
    look(panel, "admin-request-behalf", kind)
    panel.get_by_label("Date it was received").fill("2026-11-29")
    panel.get_by_label("By email").check()
    panel.get_by_role("button", name="Record it: the clock starts again").click()
    panel.wait_for_load_state()
    assert "the clock starts again from that day" in panel.locator("main").inner_text()
    requester.goto(status_url)
    status = requester.locator("main").inner_text()
    assert "Our answer is due by\n29 December 2026" in status


# A question in which the anonymiser was sure of the asker's name and address, and unsure of two
# capitalised words: a person's name, and the name of a product.
CHECKED = (
    "Hi, I'm Tom Baker (tom.baker@example.org). We sent the file to Brennanova Quextrel "
    "through Vexlora Sync: must you delete it when we ask?"
)
CHECKED_PIECES = [
    ("name", "Tom Baker", True),
    ("email", "tom.baker@example.org", True),
    ("name", "Brennanova Quextrel", False),
    ("name", "Vexlora Sync", False),
]


def test_a_moderator_redacts_or_keeps_what_the_anonymiser_was_unsure_of(
    context, live_app, live_server
):
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.checks.{kind}@quillstone.example")
    with live_app.test_request_context(base_url=live_server):
        question = receive_marked(CHECKED, CHECKED_PIECES, email="tom.baker@example.org")
        db.session.commit()
        question_id = question.id
    panel = context.new_page()
    sign_in_page(panel, moderator.email, moderator.password)
    panel.goto(f"/admin/questions/{question_id}")
    original = panel.locator(".submitted").first
    assert original.locator("mark.redaction--check").count() == 2
    assert original.locator("mark.redaction:not(.redaction--check)").count() == 2
    shown = original.inner_text()
    assert "redacted: email" in shown and "check: name" in shown, "words, not colour alone"
    title = panel.get_by_label("The question as it will be published")
    assert title.input_value().startswith("We sent the file to Brennanova Quextrel through")
    no_sideways_scroll(panel)
    look(panel, "admin-question-checks", kind)

    # Enter in the form previews, as before: it never redacts or keeps a check.
    panel.get_by_label("Answer (Markdown)").fill("Yes, once you ask.")
    panel.get_by_label("Email the asker that the answer is published").press("Enter")
    panel.wait_for_load_state()
    assert panel.locator(".preview").count() == 1
    assert panel.get_by_role("button", name=re.compile("^Redact")).count() == 2

    title = panel.get_by_label("The question as it will be published")
    title.fill("We sent a file to Brennanova Quextrel through Vexlora Sync: must you delete it?")
    panel.get_by_role("button", name="Publish to the FAQ").click()
    panel.wait_for_load_state()
    refusal = (
        "Still to check: ‘Brennanova Quextrel’ (name), ‘Vexlora Sync’ (name). "
        "Redact or keep them first."
    )
    assert refusal in panel.locator(".error-summary").inner_text()
    assert refusal in panel.locator("#title-error").inner_text()
    look(panel, "admin-question-still-to-check", kind)

    panel.get_by_role("button", name=re.compile("^Redact.*Brennanova Quextrel")).click()
    panel.wait_for_load_state()
    assert "Redacted:" in panel.locator(".flashes").inner_text()
    title = panel.get_by_label("The question as it will be published")
    assert title.input_value() == (
        "We sent a file to [name] through Vexlora Sync: must you delete it?"
    ), "the wording being written is kept, with the value redacted"
    assert panel.get_by_label("Answer (Markdown)").input_value() == "Yes, once you ask."
    panel.get_by_role("button", name=re.compile("^Keep.*Vexlora Sync")).click()
    panel.wait_for_load_state()
    assert panel.get_by_role("button", name=re.compile("^(Redact|Keep) ")).count() == 0
    original = panel.locator(".submitted").first.inner_text()
    assert "redacted: name" in original and "kept: name" in original
    no_sideways_scroll(panel)
    look(panel, "admin-question-checked", kind)

    panel.get_by_role("button", name="Publish to the FAQ").click()
    see_it_published(panel, kind)
    assert panel.locator("h1").inner_text() == (
        "We sent a file to [name] through Vexlora Sync: must you delete it?"
    )
    assert "Brennanova" not in panel.content()


# For each way of reading, an answer whose first wording named a customer: who it was, the
# question, and the wording that put it right the next time.
LEAKED = {
    "desktop": ("Aoife Okafor", "How long do you keep support tickets?"),
    "phone": ("Tadhg Quennell", "Do you keep the notes of sales calls?"),
    "no-javascript": ("Morwenna Abernethy", "Are old invoices kept after an account closes?"),
}


def published_with_a_leak(live_app, live_server, kind: str) -> tuple[int, str, dt.date]:
    """An answer published a month ago naming a customer, and put right by a new version in
    force from today: its id, its address and the date of the version to withdraw."""
    name, title = LEAKED[kind]
    with live_app.test_request_context(base_url=live_server):
        question = moderation.receive(title, None, sender="", link=link).question
        document, _message = moderation.publish(
            question,
            title=title,
            answer=f"For two years. Ask {name} in our support team.",
            category=None,
            notify=False,
            author="moderator #1",
            link=link,
            by=audit.SYSTEM,
        )
        first = document.versions[0]
        first.effective = today() - dt.timedelta(days=30)
        moderation.revise(
            document,
            title=title,
            answer="For two years. Write to the privacy team.",
            summary="Names no one.",
            effective=today(),
            editorial=False,
            author="moderator #1",
            by=audit.SYSTEM,
        )
        db.session.commit()
        return document.id, f"/faq/{document.slug}", first.effective


def test_an_admin_withdraws_a_version_and_readers_find_its_words_nowhere(
    context, live_app, live_server
):
    """A published answer's first version named a customer: the admin withdraws it in the
    panel (a reason is needed), and its permanent address then says when and why, while its
    words are gone from the page, the history, search and the feed."""
    kind = context.kind
    name, _title = LEAKED[kind]
    surname = name.split()[-1]
    document_id, entry, effective = published_with_a_leak(live_app, live_server, kind)
    address = f"{entry}/versions/{effective.isoformat()}"
    reader = context.new_page()
    assert reader.goto(address).status == 200
    assert name in reader.locator("main").inner_text()
    feed = context.request.get("/faq/feed.atom")
    assert feed.ok and surname in feed.text(), "the feed carries every version"

    admin = add_moderator(live_app, f"browser.withdraw.{kind}@quillstone.example", role=Role.ADMIN)
    panel = context.new_page()
    sign_in_page(panel, admin.email, admin.password)
    panel.goto(f"/admin/answers/{document_id}")
    when = f"{effective.day} {effective:%B %Y}"
    choice = panel.get_by_label("Version to withdraw")
    assert choice.locator("option").all_inner_texts() == [f"Version 1, {when}"]
    choice.select_option(label=f"Version 1, {when}")
    reason = panel.get_by_label("Why it is withdrawn (shown to readers at its address)")
    assert reason.input_value() == "it contained personal data"
    reason.fill("")
    with panel.expect_navigation() as sent:
        panel.get_by_role("button", name="Withdraw this version").click()
    assert sent.value.status == 400
    assert "Give the reason readers will see." in panel.locator(".error-summary").inner_text()
    assert reason.get_attribute("aria-invalid") == "true"
    look(panel, "admin-answer-withdraw-error", kind)

    reason.fill("it named a customer")
    panel.get_by_role("button", name="Withdraw this version").click()
    panel.wait_for_url(f"**/admin/answers/{document_id}")
    assert f"The version of {when} is withdrawn" in panel.locator(".flashes").inner_text()
    with live_app.app_context():
        stored = db.session.scalar(
            db.select(Version).where(
                Version.effective == effective, Version.document_id == document_id
            )
        )
        withdrawn = stored.withdrawn.astimezone(ZoneInfo(live_app.config["SITE_TIMEZONE"]))
    on = f"{withdrawn.day} {withdrawn:%B %Y}"
    versions = panel.locator("#page-versions-title + ol").inner_text()
    assert f"withdrawn on {on} — it named a customer" in versions
    assert "There is no version to withdraw" in panel.locator("main").inner_text()
    look(panel, "admin-answer-withdrawn", kind)

    # Its permanent address says when and why, and shows none of its words.
    response = reader.goto(address)
    assert response.status == 410
    notice = reader.locator(".notice--withdrawn").inner_text()
    assert f"This version was withdrawn on {on}: it named a customer" in " ".join(notice.split())
    assert surname not in reader.content()
    look(reader, "faq-version-withdrawn", kind)
    reader.get_by_role("link", name="See every version").click()
    reader.wait_for_url(f"**{entry}/versions")
    assert "Withdrawn" in reader.locator("main").inner_text()
    assert reader.locator(f'a[href="{address}"]').count() == 0
    assert surname not in reader.content()
    look(reader, "faq-history-withdrawn", kind)
    reader.goto(entry)
    assert "Write to the privacy team." in reader.locator("main").inner_text()
    assert surname not in reader.content()
    reader.goto(f"/search?q={surname}")
    assert reader.locator(".results").get_by_role("link").count() == 0
    assert surname not in reader.locator("main").inner_text().replace(f'"{surname}"', "")
    feed = context.request.get("/faq/feed.atom")
    assert feed.ok and surname not in feed.text()


def test_an_admin_reads_the_audit_log_in_words(context, live_app):
    kind = context.kind
    admin = add_moderator(live_app, f"browser.audit.{kind}@quillstone.example", role=Role.ADMIN)
    page = context.new_page()
    page.goto("/admin/sign-in")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    with live_app.test_request_context():
        request, _confirmation = workflow.submit(
            Right.ERASURE, "Ann Example", f"ann.audit.{kind}@example.org", "My CRM records."
        )
        workflow.confirm(request)
        db.session.commit()
        reference = request.reference

    sign_in_page(page, admin.email, admin.password)
    page.get_by_role("link", name="Audit log").click()
    page.wait_for_url("**/admin/audit")
    table = page.locator(".data-table")
    failed = table.locator("tr", has_text="Signed in — failed").first
    # Who, and on whom, as the admin knows them: by address, not by number.
    assert failed.inner_text().count(admin.email) == 1  # a visitor failed to sign in as them
    assert "A visitor" in failed.inner_text()
    assert "wrong password" in failed.inner_text()
    assert table.get_by_role("link", name=f"Request {reference}").count() >= 1
    made = table.locator("tr", has=page.get_by_role("link", name=f"Request {reference}"))
    assert "Right to erasure" in made.filter(has_text="Request made").inner_text()
    assert "sign_in_failed" not in table.inner_text()
    no_sideways_scroll(page)
    every_cell_in_view(page)
    shot(page, "admin-audit", kind)


# What makes a select look like the site's own: its box, its border and its typeface (its size
# follows the text around it, smaller in a table).
SELECT_LOOK = """(select) => {
  const style = getComputedStyle(select);
  return ["min-height", "padding-top", "padding-left", "border-top-width", "border-top-style",
          "border-top-color", "border-radius", "background-color", "color", "font-family"]
    .map((name) => `${name}: ${style.getPropertyValue(name)}`);
}"""


def test_the_role_chooser_in_the_moderators_list_looks_like_the_sites_selects(context, live_app):
    kind = context.kind
    admin = add_moderator(live_app, f"browser.roles.{kind}@quillstone.example", role=Role.ADMIN)
    other = add_moderator(live_app, f"browser.role-of.{kind}@quillstone.example")
    panel = context.new_page()
    sign_in_page(panel, admin.email, admin.password)
    panel.goto("/admin/moderators/new")
    # The same chooser in a form of its own, where it is styled as every field is.
    site_select = panel.get_by_label("Role", exact=True).evaluate(SELECT_LOOK)
    panel.goto("/admin/moderators/")
    role = panel.get_by_label(f"Role of {other.email}")
    assert role.evaluate(SELECT_LOOK) == site_select
    look(panel, "moderators", kind)
    every_cell_in_view(panel)
    no_sideways_scroll(panel)


def test_an_admin_sends_a_reset_link_and_the_moderator_sets_a_new_password(
    context, live_app, mailbox
):
    kind = context.kind
    admin = add_moderator(
        live_app, f"browser.reset-admin.{kind}@quillstone.example", role=Role.ADMIN
    )
    forgetful = add_moderator(live_app, f"browser.forgetful.{kind}@quillstone.example")
    panel = context.new_page()
    sign_in_page(panel, admin.email, admin.password)
    panel.goto("/admin/moderators/")
    run_mail_worker(live_app)
    sent_before = len(mailbox.messages)
    panel.get_by_role("button", name=f"Send a password reset link to {forgetful.email}").click()
    panel.wait_for_url("**/admin/moderators/")
    assert f"A link to set a new password was emailed to {forgetful.email}" in (
        panel.locator(".flashes").inner_text()
    )
    look(panel, "moderators-reset-sent", kind)
    no_sideways_scroll(panel)

    run_mail_worker(live_app)
    (message,) = mailbox.messages[sent_before:]
    assert message["To"] == forgetful.email
    link = re.search(
        r"http://\S+/admin/reset-password/\S+", message.get_body(("plain",)).get_content()
    )
    page = context.new_page()
    page.goto(urlsplit(link.group(0)).path)
    shot(page, "reset-password", kind)
    page.get_by_label("New password", exact=True).fill("too short")
    page.get_by_label("New password again").fill("too short")
    page.get_by_role("button", name="Set the new password").click()
    page.wait_for_load_state()
    assert "between 12 and 128 characters" in page.locator("#new_password-error").inner_text()
    shot(page, "reset-password-error", kind)
    page.get_by_label("New password", exact=True).fill("a new and long passphrase")
    page.get_by_label("New password again").fill("a new and long passphrase")
    page.get_by_role("button", name="Set the new password").click()
    page.wait_for_url("**/admin/sign-in")
    assert "Your new password is set." in page.locator("main").inner_text()
    sign_in_page(page, forgetful.email, "a new and long passphrase")
    page.goto(urlsplit(link.group(0)).path)
    assert page.locator("h1").inner_text() == "This link no longer works"
    shot(page, "reset-password-gone", kind)


def test_a_reader_subscribes_to_change_notices_confirms_changes_and_leaves(
    context, live_app, mailbox
):
    """From the register's link to the form, a mistake beside its field, the first email, a
    confirmation by button, a change of choice, and unsubscribing."""
    kind = context.kind
    page = context.new_page()
    page.goto("/subprocessors")
    page.get_by_role("link", name="Email me when it changes").click()
    page.wait_for_url("**/notices?register=1")
    assert page.get_by_label("The register of sub-processors").is_checked()
    assert not page.get_by_label("The GDPR statement").is_checked()
    page.get_by_label("The register of sub-processors").uncheck()
    page.get_by_label("Your email address").fill(f"reader.{kind}@example.com")
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()
    assert [" ".join(t.split()) for t in page.locator(".field__error").all_inner_texts()] == [
        "Error: Choose the statement, the register, or both."
    ]
    look(page, "notices-error", kind)
    page.get_by_label("The GDPR statement").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/notices/sent")
    assert f"We email a link to reader.{kind}@example.com." in page.locator("main").inner_text()
    look(page, "notices-sent", kind)
    sent_before = len(mailbox.messages)
    run_mail_worker(live_app)
    [first] = mailbox.messages[sent_before:]
    assert first["To"] == f"reader.{kind}@example.com"
    link = re.search(r"http://\S+/notices/confirm/\S+", first.get_body(("plain",)).get_content())
    page.goto(urlsplit(link.group()).path)
    assert "Confirm your subscription" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/notices/manage/*?confirmed=1")
    assert "your subscription is confirmed" in page.locator("[role=status]").inner_text()
    look(page, "notices-confirmed", kind)
    page.get_by_label("The register of sub-processors").check()
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_load_state()
    assert "Your choice is saved." in page.locator("[role=status]").inner_text()
    assert page.get_by_label("The register of sub-processors").is_checked()
    page.get_by_role("button", name="Unsubscribe and erase my address").click()
    page.wait_for_load_state()
    assert "You are unsubscribed" in page.locator("h1").inner_text()
    look(page, "notices-gone", kind)


def test_a_moderator_signed_in_elsewhere_is_told_why_on_the_first_device(
    context, browser, live_app, live_server
):
    kind = context.kind
    moderator = add_moderator(live_app, f"browser.twice.{kind}@quillstone.example")
    first = context.new_page()
    sign_in_page(first, moderator.email, moderator.password)
    other = browser.new_context(viewport=DESKTOP, base_url=live_server)
    try:
        sign_in_page(other.new_page(), moderator.email, moderator.password)
    finally:
        other.close()
    first.get_by_role("link", name="Questions").first.click()
    first.wait_for_url("**/admin/sign-in**")
    notice = first.locator("main [role=status]")
    assert "signed in on another device or browser" in notice.inner_text()
    look(first, "signed-out-elsewhere", kind)
