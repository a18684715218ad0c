"""The browser tests' shared parts: the live site (a werkzeug server in a thread, holding the
repository's own content), Debian's chromium driven by Playwright, axe-core to check a page's
accessibility, and helpers to sign in and keep screenshots.

Loaded for every test file by `pytest_plugins` in conftest.py. Every fixture here is
module-scoped, so each test file gets its own site and one browser for all its tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from faq_site import create_app
from faq_site.extensions import db

from conftest import PROJECT_ROOT, service_missing
from smtp_server import SmtpServer, free_port

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
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The success criteria the site keeps to: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Machines send forms faster than people, and every journey comes from 127.0.0.1: the limits
# themselves are tested without a browser.
GENEROUS_LIMIT = "1000 per minute"
# Whole-page pictures of every page the browser checks, for a person to look through (before a
# release, say); without it only the pages that fail a check are kept.
KEEP_EVERY_PAGE = os.environ.get("FAQ_SCREENSHOTS") == "all"


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
            # The pages show the demo content as it stands on this day, whatever day they run.
            "SITE_TODAY": "2026-11-29",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mailbox.port,
            "MAIL_TIMEOUT": 5,
            "ASK_MIN_SECONDS": 0,
            "ASK_RATE_LIMIT": GENEROUS_LIMIT,
            "REQUEST_RATE_LIMIT": GENEROUS_LIMIT,
            "REQUEST_BURST_LIMIT": GENEROUS_LIMIT,
            "FOLLOW_RATE_LIMIT": GENEROUS_LIMIT,
            "SIGN_IN_RATE_LIMIT": GENEROUS_LIMIT,
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


def _pinned_axe_version() -> str:
    manifest = json.loads((PROJECT_ROOT / "package.json").read_text("utf-8"))
    return manifest["dependencies"]["axe-core"]


def _installed_axe_version() -> str | None:
    manifest = AXE_SCRIPT.parent / "package.json"
    if not AXE_SCRIPT.exists() or not manifest.exists():
        return None
    return json.loads(manifest.read_text("utf-8")).get("version")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core at the version package-lock.json pins, installed by `npm ci` when it is missing
    or another version, so that `make test` on a fresh clone checks with the pinned rules."""
    if _installed_axe_version() != _pinned_axe_version():
        npm = shutil.which("npm")
        if npm is None:
            service_missing("npm is not installed, so axe-core cannot be (apt-get install npm)")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            service_missing(f"npm ci could not install axe-core: {done.stderr.strip()[-500:]}")
    installed = _installed_axe_version()
    assert installed == _pinned_axe_version(), f"axe-core {installed} is installed"
    return AXE_SCRIPT


def axe_violations(page, script: Path) -> list[dict]:
    """Run axe-core on the page as it stands, with the WCAG A and AA rules only."""
    page.add_script_tag(path=str(script))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['summary']}".replace("\n", " / "))
    return "\n".join(lines)


def shot(page, name: str, kind: str, *, first_screen: bool = False, always: bool = False) -> None:
    """Keep a picture of the whole page when every page is kept (FAQ_SCREENSHOTS=all) or
    `always` (a page that failed a check); first_screen keeps what a reader first sees (the
    README shows the statement's), as a PNG, on every run.

    The whole page is kept as a JPEG at quality 85: as legible to a person looking at it, and
    chromium encodes a long page in well under half the time a PNG takes (0.3 s against 0.8 s
    for the statement). Even so a whole-page picture cost about a quarter of a second, a
    quarter of each accessibility test, for hundreds of pictures nobody looked at unless a check
    failed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if always or KEEP_EVERY_PAGE:
        path = str(ARTIFACTS / f"{name}-{kind}.jpeg")
        try:
            page.screenshot(path=path, full_page=True, type="jpeg", quality=85)
        except PlaywrightError:
            # Chromium now and then fails to capture a long page under load ("Unable to
            # capture screenshot"): the picture is taken again once; a second failure is real.
            page.screenshot(path=path, full_page=True, type="jpeg", quality=85)
    if first_screen:
        page.screenshot(path=str(ARTIFACTS / f"{name}-{kind}-first-screen.png"))


def sign_in_page(page, email: str, password: str) -> None:
    """Sign in through the form, as a moderator does, and wait for the panel."""
    page.goto("/admin/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def record_requests(context) -> list[str]:
    """Every address the context's pages ask for, in order, from now on."""
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


def other_origins(requests: list[str], site: str) -> list[str]:
    origin = urlsplit(site)
    return [
        url
        for url in requests
        if (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)
    ]


# What a screenshot shows and axe cannot see, measured in the page as it is laid out.
LAYOUT_SCRIPT = """() => {
    const problems = [];
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (typeof el.className === "string" && el.className.trim()
            ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    const shown = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== "hidden"
            && !el.closest(".trap, .visually-hidden, [hidden]");
    };
    const width = document.documentElement.clientWidth;

    // Every radio and checkbox is a small box beside its label, on the label's line.
    for (const box of document.querySelectorAll('input[type="radio"], input[type="checkbox"]')) {
        if (!shown(box)) continue;
        const own = box.getBoundingClientRect();
        if (own.width > 24 || own.height > 24) {
            problems.push(`${name(box)} is ${Math.round(own.width)} by ${Math.round(own.height)} px, not a small box`);
        }
        const label = box.labels && box.labels[0];
        if (!label) continue;  // axe reports a missing label
        const text = label.getBoundingClientRect();
        const gap = text.left - own.right;
        const sameLine = text.top < own.bottom && own.top < text.bottom;
        if (!sameLine || gap < 0 || gap > 16) {
            problems.push(`${name(box)} is not beside its label (${Math.round(gap)} px apart)`);
        }
    }

    // No element reaches past the page's width, unless it sits in a region that scrolls.
    const scrolls = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) return true;
        }
        return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
        if (!shown(el)) continue;
        const box = el.getBoundingClientRect();
        if (box.right <= 0) continue;  // moved out of sight on purpose
        if ((box.right > width + 1 || box.left < -1) && !scrolls(el)) {
            problems.push(`${name(el)} spans ${Math.round(box.left)} to ${Math.round(box.right)} px, past the ${width} px page`);
        }
    }

    // A table of the panel wider than the page scrolls in a region the keyboard can reach.
    for (const table of document.querySelectorAll(".data-table")) {
        if (table.getBoundingClientRect().width <= width) continue;
        const region = table.closest('[role="region"][tabindex="0"]');
        if (!region || !(region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))) {
            problems.push(`a table wider than the page is not in a labelled region the keyboard can scroll`);
        }
    }

    // A button breaks its label between words, never inside one (a line may end after a
    // hyphen); words read to a screen reader alone are not laid out to be seen.
    for (const button of document.querySelectorAll('button, .button, [role="button"]')) {
        if (!shown(button)) continue;
        const texts = [];
        const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.parentElement.closest(".visually-hidden")) texts.push(node);
        }
        const label = texts.map((node) => node.textContent).join("").trim().replace(/\\s+/g, " ");
        for (const node of texts) {
            for (const word of node.textContent.matchAll(/[^\\s\\-\\u2010\\u2011]+[\\-\\u2010\\u2011]?/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = [...range.getClientRects()].filter((rect) => rect.width > 0);
                const tops = lines.map((rect) => rect.top);
                const height = Math.min(...lines.map((rect) => rect.height));
                if (lines.length > 1 && Math.max(...tops) - Math.min(...tops) >= height / 2) {
                    problems.push(`the word "${word[0]}" is broken across lines in the button "${label}"`);
                }
            }
        }
    }

    // The header keeps to one row on a desktop (from 1024 px); no navigation item sits alone on
    // a row.
    const header = document.querySelector(".site-header__inner");
    if (header && width >= 1024) {
        const parts = [...header.children].filter(shown).map((el) => el.getBoundingClientRect());
        if (Math.max(...parts.map((b) => b.top)) >= Math.min(...parts.map((b) => b.bottom))) {
            problems.push("the header takes more than one row");
        }
    }
    // A navigation item keeps its words on one line inside its box, the current one (in bold)
    // included.
    for (const item of document.querySelectorAll("nav.site-nav a")) {
        if (!shown(item)) continue;
        const range = document.createRange();
        range.selectNodeContents(item);
        const tops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.top)));
        if (tops.size > 1) {
            problems.push(`the navigation item "${item.textContent.trim()}" takes ${tops.size} lines`);
        } else if (item.scrollWidth > item.clientWidth + 1) {
            problems.push(`the navigation item "${item.textContent.trim()}" is wider than its box`);
        }
    }
    for (const list of document.querySelectorAll("nav.site-nav ul, nav.admin-nav ul")) {
        const rows = new Map();
        for (const item of list.children) {
            if (!shown(item)) continue;
            const top = Math.round(item.getBoundingClientRect().top);
            rows.set(top, (rows.get(top) || 0) + 1);
        }
        if (rows.size > 1 && [...rows.values()].includes(1)) {
            problems.push(`${name(list.parentElement)} leaves an item alone on a row`);
        }
    }

    // An error outlines its field: the box itself, or a bar beside a group of choices.
    const probe = document.createElement("span");
    probe.style.color = "var(--error)";
    document.body.append(probe);
    const red = getComputedStyle(probe).color;
    probe.remove();
    const textual = 'input:not([type="radio"], [type="checkbox"], [type="hidden"]), textarea, select';
    const outlined = (el, sides) => sides.some((side) => {
        const style = getComputedStyle(el);
        return style[`border${side}Color`] === red && parseFloat(style[`border${side}Width`]) >= 2;
    });
    const all = ["Top", "Right", "Bottom", "Left"];
    for (const field of document.querySelectorAll(".field--error")) {
        const box = field.querySelector(textual);
        if (box ? !outlined(box, all) : !outlined(field, ["Left"])) {
            problems.push(`${name(box || field)} shows no error outline`);
        }
    }
    for (const box of document.querySelectorAll('[aria-invalid="true"]')) {
        if (box.matches(textual) && shown(box) && !outlined(box, all)) {
            problems.push(`${name(box)} is invalid but shows no error outline`);
        }
    }
    return problems;
}"""


def layout_problems(page) -> list[str]:
    """What a person would see is wrong with the page as laid out at its current width: radios
    or checkboxes that are not small boxes beside their labels, anything wider than the page,
    a word broken across lines inside a button, a desktop header (1024 px and wider) on more
    than one row, a navigation item alone on a row or on two lines, an error that does not
    outline its field.
    Without JavaScript nothing can be measured: no problems."""
    return page.evaluate(LAYOUT_SCRIPT) or []


def look(page, name: str, kind: str) -> None:
    """Fail on what a picture of the page would show wrong, keeping the picture of a page that
    fails (and of every page with FAQ_SCREENSHOTS=all)."""
    problems = layout_problems(page)
    shot(page, name, kind, always=bool(problems))
    assert problems == [], f"{page.url} at {kind} width:\n" + "\n".join(problems[:20])
