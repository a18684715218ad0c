"""The ask form and the moderators' sign-in, used with the keyboard alone in Debian's chromium:
the order Tab takes, a visible focus ring on every stop, Enter to send, errors a screen reader
announces and ties to their fields, and what was typed kept when a form comes back."""

from __future__ import annotations

from itertools import pairwise

import pytest
from playwright.sync_api import expect

from actions import add_moderator
from browser_fixtures import DESKTOP, PHONE, shot, sign_in_page

pytestmark = pytest.mark.browser

# What a keyboard user meets on each stop: where it is, what it is called, and its focus ring.
FOCUSED = """() => {
    const element = document.activeElement;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    const label = element.labels && element.labels.length ? element.labels[0].innerText : "";
    return {
        index: [...document.querySelectorAll("*")].indexOf(element),
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: (element.getAttribute("aria-label") || label || element.innerText
               || element.value || "").trim(),
        in_main: element.closest("main") !== null,
        in_form: element.closest("main form") !== null,
        left: box.left + scrollX,
        top: box.top + scrollY,
        right: box.right + scrollX,
        bottom: box.bottom + scrollY,
        ring: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow],
    };
}"""
# The same elements' rings when nothing has focus.
AT_REST = """(indexes) => {
    document.activeElement.blur();
    const all = [...document.querySelectorAll("*")];
    return indexes.map((index) => {
        const style = getComputedStyle(all[index]);
        return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow];
    });
}"""
# Each field marked invalid, and the text of the elements its aria-describedby names.
INVALID_FIELDS = """() => [...document.querySelectorAll('[aria-invalid="true"]')].map((field) => ({
    id: field.id,
    described: (field.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
        .map((id) => { const found = document.getElementById(id); return found ? found.innerText : null; }),
}))"""


@pytest.fixture(scope="module")
def moderator(live_app):
    return add_moderator(live_app, "keyboard.moderator@quillstone.example")


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, live_server):
    context = browser.new_context(
        viewport=PHONE if request.param == "phone" else DESKTOP, base_url=live_server
    )
    page = context.new_page()
    page.kind = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def tab_through(page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it, recording each stop."""
    stops: list[dict] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "body" or (stops and stop["index"] == stops[0]["index"]):
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab never leaves {page.url}: {[s['name'] for s in stops]}")


def tab_to(page, name: str) -> None:
    """Press Tab until the element called name has focus."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["name"] == name:
            return
    raise AssertionError(f"Tab never reaches {name!r} on {page.url}")


def out_of_reading_order(stops: list[dict]) -> list[str]:
    """Pairs of stops where focus goes back up the page, or leftwards along a line."""
    wrong = []
    for before, after in pairwise(stops):
        next_line = after["top"] >= before["bottom"] - 2
        same_line = (
            after["top"] < before["bottom"]
            and after["bottom"] > before["top"]
            and after["left"] >= before["right"] - 2
        )
        if not (next_line or same_line):
            wrong.append(f"{before['name']!r} -> {after['name']!r}")
    return wrong


def check_tab_order_and_focus(page, expected_in_main: list[str], kind: str) -> None:
    stops = tab_through(page)
    names = [stop["name"] for stop in stops]
    assert names[0] == "Skip to main content", names
    assert [stop["name"] for stop in stops if stop["in_main"]] == expected_in_main, names
    assert len({stop["index"] for stop in stops}) == len(stops), f"a stop comes twice: {names}"
    # On a phone the page is one column, so the order must run down the page; on a desktop
    # the notice stands in a column beside the form, so the order is checked in the form.
    looked_at = [stop for stop in stops[1:] if kind == "phone" or stop["in_form"]]
    assert out_of_reading_order(looked_at) == [], names

    rest = page.evaluate(AT_REST, [stop["index"] for stop in stops])
    for stop, ring_at_rest in zip(stops, rest, strict=True):
        style, width, _colour, shadow = stop["ring"]
        visible = (style != "none" and width != "0px") or shadow != "none"
        assert visible and stop["ring"] != ring_at_rest, (
            f"no visible focus on {stop['name']!r}: {stop['ring']} (at rest {ring_at_rest})"
        )


def check_errors_announced_and_linked(page, fields: dict[str, str]) -> None:
    """The error summary is announced (role=alert) and links to each field; each field is
    aria-invalid and described by its own error message."""
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        f"#{field}" for field in fields
    ]
    invalid = {field["id"]: field["described"] for field in page.evaluate(INVALID_FIELDS)}
    assert set(invalid) == set(fields), invalid
    for field, message in fields.items():
        assert any(text and message in text for text in invalid[field]), (field, invalid[field])
        assert message in summary.inner_text()


def test_the_keyboard_reaches_the_skip_link_first(page):
    page.goto("/gdpr")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "page-main"


def test_the_ask_form_in_tab_order_with_focus_shown(page):
    page.goto("/ask")
    check_tab_order_and_focus(
        page,
        [
            "Home",
            "Your question",
            "Your email address (optional)",
            "Send your question",
            "Our GDPR statement",
            "Make a complaint",
        ],
        page.kind,
    )


def test_a_question_is_sent_with_the_keyboard_alone(page):
    page.goto("/ask")
    tab_to(page, "Your question")
    page.keyboard.type(f"Do you keep my support tickets after I leave? (asked on a {page.kind})")
    page.keyboard.press("Tab")
    page.keyboard.type("keyboard.asker@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/ask/status/" in page.url
    assert "your question has been received" in page.locator("main").inner_text()


def test_ask_errors_are_announced_linked_and_keep_what_was_typed(page):
    page.goto("/ask")
    tab_to(page, "Your question")
    page.keyboard.type("Hi?")
    page.keyboard.press("Tab")
    page.keyboard.type("tom at home")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    assert page.title().startswith("Error:")
    shot(page, "keyboard-ask-errors", page.kind)
    check_errors_announced_and_linked(
        page,
        {
            "question": "Your question is too short",
            "email": "Enter an email address like name@example.com",
        },
    )
    assert page.locator("#question").input_value() == "Hi?"
    assert page.locator("#email").input_value() == "tom at home"

    # The summary's link takes the keyboard to the field to mend, its label still in view.
    tab_to(page, page.locator(".error-summary a").first.inner_text())
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "question"
    assert (
        page.evaluate("document.querySelector('label[for=question]').getBoundingClientRect().top")
        >= 0
    )
    page.keyboard.press("End")
    page.keyboard.type(" How long do you keep backups?")
    page.keyboard.press("Tab")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("tom@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/ask/status/" in page.url


def test_the_sign_in_form_in_tab_order_with_focus_shown(page):
    page.goto("/admin/sign-in")
    check_tab_order_and_focus(page, ["Email address", "Password", "Sign in"], page.kind)


def test_a_moderator_signs_in_with_the_keyboard_alone(page, moderator):
    page.goto("/admin/sign-in")
    tab_to(page, "Email address")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 422
    check_errors_announced_and_linked(
        page, {"email": "Enter your email address.", "password": "Enter your password."}
    )

    tab_to(page, "Email address")
    page.keyboard.type(moderator.email)
    page.keyboard.press("Tab")
    page.keyboard.type("not the password at all")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 422
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "do not match an active account" in summary.inner_text()
    shot(page, "keyboard-sign-in-refused", page.kind)
    assert page.locator("#email").input_value() == moderator.email, "the address is kept"
    assert page.locator("#password").input_value() == "", "the password is never sent back"

    tab_to(page, "Password")
    page.keyboard.type(moderator.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/admin/")


def test_the_request_form_keeps_what_was_typed(page):
    page.goto("/requests/new")
    page.get_by_label("Erasure", exact=False).check()
    page.get_by_label("Your full name").fill("Ann Example")
    page.get_by_label("Your email address").fill("ann@")
    page.get_by_label("Describe your request").fill("Everything in your billing system.")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my request").click()
    assert navigation.value.status == 400
    check_errors_announced_and_linked(
        page, {"email": "Enter an email address like name@example.com."}
    )
    assert page.get_by_label("Erasure", exact=False).is_checked()
    assert page.get_by_label("Your full name").input_value() == "Ann Example"
    assert page.get_by_label("Your email address").input_value() == "ann@"
    assert (
        page.get_by_label("Describe your request").input_value()
        == "Everything in your billing system."
    )


def test_after_a_search_of_a_persons_data_the_keyboard_is_at_the_results(page, moderator):
    sign_in_page(page, moderator.email, moderator.password)
    page.goto("/admin/subjects/")
    main = page.locator("main")
    main.get_by_label("Email address").fill("nobody.here@example.com")
    with page.expect_navigation():
        main.get_by_role("button", name="Search", exact=True).click()
    # The browser moves focus once the page has been laid out.
    expect(page.locator("#page-results-title")).to_be_focused(timeout=3000)
    assert "What the site holds about" in page.evaluate("document.activeElement.innerText")
