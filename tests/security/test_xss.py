"""Stored cross-site scripting: every payload of xss_payloads.txt goes into every field the site
ever shows (questions, answers and their titles and summaries, decline and unpublish reasons,
the requester's name, details and replies, a complaint's fields, the moderators' messages and a
complaint's acknowledgement and outcome, moderator addresses, and
content files through `flask content sync`), then every page, feed and email that shows them is
parsed and checked for live markup: no script, no event handler, no javascript:, data: or
vbscript: URL, no svg, iframe, object, embed or style element."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest

from faq_site import audit, moderation, outbox
from faq_site.access_requests import workflow
from faq_site.admin import accounts
from faq_site.cleaning import clean_text
from faq_site.complaints import workflow as complaints
from faq_site.extensions import db
from faq_site.models import AccessRequest, Document, Moderator, Question, Right
from faq_site.urls import link

from .conftest import World
from .support import changes, markup_problems, snapshot
from actions import csrf_token
from conftest import TODAY

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")
ATOM = "{http://www.w3.org/2005/Atom}"
TOMORROW = TODAY + dt.timedelta(days=1)


def load_payloads() -> list[str]:
    lines = PAYLOAD_FILE.read_text("utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("#")]


PAYLOADS = load_payloads()


def marker(index: int) -> str:
    """A word beside each payload, to prove the page really shows it."""
    return f"xss{index:03d}"


@dataclass
class Seeded:
    world: World
    waiting: list[tuple[int, str]] = field(default_factory=list)  # (question id, token)
    declined: list[tuple[int, str]] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)  # (document id, slug)
    taken_down: list[tuple[int, str]] = field(default_factory=list)
    requests: list[tuple[int, str]] = field(default_factory=list)  # (request id, token)
    complaints: list[tuple[int, str]] = field(default_factory=list)  # (request id, token)
    moderators: int = 0
    content: list[str] = field(default_factory=list)  # slugs of content entries
    content_refused: list[str] = field(default_factory=list)


def test_the_corpus_has_enough_payloads():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


# Seeding --------------------------------------------------------------------------------------


def title_with(index: int, payload: str, word: str) -> str:
    return f"{marker(index)} {word} {payload}"[:300]


def seed_questions(world: World, seeded: Seeded) -> None:
    for index, payload in enumerate(PAYLOADS):
        with world.app.test_request_context():
            waiting = moderation.receive(
                f"{marker(index)} {payload}", f"asker-{index}@example.com", sender="", link=link
            ).question
            # The payloads that are published come from the moderator's wording and answer; the
            # questions themselves hold none, so no redacted or unchecked value stands in the way.
            asked = moderation.receive(
                f"{marker(index)} asked", f"answered-{index}@example.com", sender="", link=link
            ).question
            document, _message = moderation.publish(
                asked,
                title=title_with(index, payload, "title"),
                answer=f"{marker(index)}\n\n{payload}",
                category=None,
                notify=True,
                author="moderator #1",
                link=link,
                by=audit.SYSTEM,
            )
            moderation.revise(
                document,
                title=title_with(index, payload, "revised"),
                answer=f"{marker(index)} revised\n\n{payload}\n\nAnd more.",
                summary=title_with(index, payload, "summary"),
                effective=TOMORROW,
                editorial=False,
                author="moderator #1",
                by=audit.SYSTEM,
            )
            refused = moderation.receive(
                f"{marker(index)} declined {payload}",
                f"declined-{index}@example.com",
                sender="",
                link=link,
            ).question
            moderation.decline(
                refused,
                reason=f"{marker(index)} {payload}",
                notify=True,
                link=link,
                by=audit.SYSTEM,
            )
            down = moderation.receive(
                f"{marker(index)} taken down", None, sender="", link=link
            ).question
            gone, _ = moderation.publish(
                down,
                title=title_with(index, payload, "gone"),
                answer=payload,
                category=None,
                notify=False,
                author="moderator #1",
                link=link,
                by=audit.SYSTEM,
            )
            moderation.unpublish(gone, reason=f"{marker(index)} {payload}", by=audit.SYSTEM)
            db.session.commit()
            seeded.waiting.append((waiting.id, waiting.token))
            seeded.declined.append((refused.id, refused.token))
            seeded.answers.append((document.id, document.slug))
            seeded.taken_down.append((gone.id, gone.slug))


def seed_requests(world: World, seeded: Seeded) -> None:
    for index, payload in enumerate(PAYLOADS):
        words = f"{marker(index)} {payload}"
        with world.app.test_request_context():
            found, _message = workflow.submit(
                Right.ACCESS, words[:200], f"requester-{index}@example.com", words
            )
            workflow.confirm(found)
            workflow.ask_clarification(found, words, by=audit.SYSTEM)
            workflow.answer_clarification(found, words)
            workflow.extend(found, words, by=audit.SYSTEM)
            if index % 2:
                workflow.complete(found, words, by=audit.SYSTEM)
            else:
                workflow.refuse(found, words, by=audit.SYSTEM)
            db.session.commit()
            seeded.requests.append((found.id, found.token))


def seed_complaints(world: World, seeded: Seeded) -> None:
    """Payloads in every field of the complaint form and in the moderators' acknowledgement,
    progress update and outcome: every other one acknowledged and updated first, every one
    closed."""
    for index, payload in enumerate(PAYLOADS):
        words = f"{marker(index)} {payload}"
        with world.app.test_request_context():
            found, _message = complaints.make(
                words[:200],
                f"complainant-{index}@example.com",
                words,
                words,
                concerns=words[:200],
            )
            workflow.confirm(found)
            if index % 2:
                complaints.acknowledge(found, words, by=audit.SYSTEM)
                complaints.update(found, words, by=audit.SYSTEM)
            complaints.close(found, words, by=audit.SYSTEM)
            db.session.commit()
            seeded.complaints.append((found.id, found.token))


def seed_moderators(world: World, seeded: Seeded) -> None:
    """Addresses the panel accepts, made of payloads: the moderators' list shows them."""
    with world.app.test_request_context():
        for index, payload in enumerate(PAYLOADS):
            email = "".join(payload.split())[:200] + f"{index}@quillstone.example"
            if accounts.email_problem(email):
                continue
            db.session.add(
                Moderator(
                    email=accounts.normalise_email(email),
                    password_hash=world.password_hash,
                    session_token=f"xss-{index}",
                )
            )
            db.session.flush()
            seeded.moderators += 1
        db.session.commit()


def front_matter(index: int, payload: str, order: int) -> str:
    # JSON strings are YAML strings: every payload stays one quoted value.
    return "\n".join(
        [
            f"title: {json.dumps(title_with(index, payload, 'content'))}",
            f"summary: {json.dumps(title_with(index, payload, 'change'))}",
            "category: tricks",
            f"order: {order}",
        ]
    )


def seed_content(world: World, seeded: Seeded) -> None:
    """Payloads in content files' front matter and bodies, and in a category's title. Sync
    refuses raw HTML in a body, and then loads nothing at all; the refused entries are taken
    out and the rest loads."""
    root = Path(world.app.config["CONTENT_DIR"])
    categories = root / "faq" / "categories.yml"
    categories.write_text(
        categories.read_text("utf-8")
        + "- slug: tricks\n"
        + f"  title: {json.dumps('Tricks <script>alert(1)</script>')}\n"
        + f"  description: {json.dumps('<img src=x onerror=alert(1)> [x](javascript:alert(1))')}\n",
        "utf-8",
    )
    for index, payload in enumerate(PAYLOADS):
        folder = root / "faq" / f"xss-{index:03d}"
        folder.mkdir()
        (folder / "2020-01-01.md").write_text(
            f"---\n{front_matter(index, payload, index)}\n---\n{marker(index)}\n\n{payload}\n",
            "utf-8",
        )
        (folder / "2021-01-01.md").write_text(
            f"---\n{front_matter(index, payload, index)}\n---\n{marker(index)} again\n\n"
            f"{payload}\n\nChanged.\n",
            "utf-8",
        )
    runner = world.app.test_cli_runner()
    before = snapshot(world.app)
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 1, result.output
    assert changes(before, snapshot(world.app)) == {}, "a refused sync stored something"
    refused = set(re.findall(r"faq/(xss-\d{3})/[\d-]+\.md:\d+:", result.output))
    assert refused, result.output
    for slug in refused:
        shutil.rmtree(root / "faq" / slug)
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    seeded.content_refused = sorted(refused)
    seeded.content = sorted(p.name for p in (root / "faq").glob("xss-*"))


@pytest.fixture(scope="module")
def seeded(world: World) -> Seeded:
    seeded = Seeded(world)
    seed_questions(world, seeded)
    seed_requests(world, seeded)
    seed_complaints(world, seeded)
    seed_moderators(world, seeded)
    seed_content(world, seeded)
    with world.app.app_context():
        report = outbox.deliver(limit=10_000)
    assert report.failed == 0 and report.waiting == 0, report
    return seeded


# Checking -------------------------------------------------------------------------------------


def inert(client, url: str, *, expect: str | None = None, email: str | None = None) -> list[str]:
    """Fetch a page (with email: search for it, as the panel's form does) and list what in it
    is live markup; empty when all is inert."""
    if email is None:
        response = client.get(url)
    else:
        token = csrf_token(client.get(url))
        response = client.post(url, data={"csrf_token": token, "email": email})
    assert response.status_code == 200, (url, response.status_code)
    page = response.get_data(as_text=True)
    if expect is not None:
        assert expect in page, f"{url} does not show {expect}"
    return [f"{url}: {problem}" for problem in markup_problems(page)]


def test_content_sync_refused_raw_html_and_loaded_the_rest(seeded):
    # Raw HTML in a body is refused; Markdown tricks are not HTML and load, rendered inert.
    assert "xss-000" in seeded.content_refused
    link = PAYLOADS.index("[click](javascript:alert(1))")
    reference = PAYLOADS.index("[click][evil]\n\n[evil]: javascript:alert(1)")
    assert {f"xss-{link:03d}", f"xss-{reference:03d}"} <= set(seeded.content)
    assert len(seeded.content) >= 20
    with seeded.world.app.app_context():
        for slug in seeded.content:
            document = db.session.scalar(db.select(Document).where(Document.slug == slug))
            assert document is not None and len(document.versions) == 2, slug


def entry_pages(client, slug: str, index: int, first, second) -> list[str]:
    """An FAQ entry's page, its history, a version and the changes between two versions."""
    return [
        *inert(client, f"/faq/{slug}", expect=marker(index)),
        *inert(client, f"/faq/{slug}/versions", expect=marker(index)),
        *inert(client, f"/faq/{slug}/versions/{first}", expect=marker(index)),
        *inert(client, f"/faq/{slug}/changes/{first}..{second}"),
    ]


def test_public_faq_pages_are_inert(seeded):
    client = seeded.world.app.test_client()
    problems = inert(client, "/") + inert(client, "/faq", expect="Tricks &lt;script&gt;")
    for index, (_id, slug) in enumerate(seeded.answers):
        problems += entry_pages(client, slug, index, TODAY, TOMORROW)
    assert problems == []


def test_taken_down_answers_show_their_reason_inertly(seeded):
    client = seeded.world.app.test_client()
    problems = []
    for index, (_id, slug) in enumerate(seeded.taken_down):
        response = client.get(f"/faq/{slug}")
        assert response.status_code == 410
        page = response.get_data(as_text=True)
        assert marker(index) in page
        problems += [f"/faq/{slug}: {p}" for p in markup_problems(page)]
    assert problems == []


def test_content_file_pages_are_inert(seeded):
    client = seeded.world.app.test_client()
    problems = []
    for slug in seeded.content:
        index = int(slug.removeprefix("xss-"))
        problems += entry_pages(client, slug, index, "2020-01-01", "2021-01-01")
    assert problems == []


def test_status_pages_are_inert(seeded):
    client = seeded.world.app.test_client()
    problems = []
    for index, (_id, token) in enumerate(seeded.declined):
        problems += inert(client, f"/ask/status/{token}", expect=marker(index))
    for _id, token in seeded.waiting:
        problems += inert(client, f"/ask/status/{token}")
    for index, (_id, token) in enumerate(seeded.requests + seeded.complaints):
        problems += inert(client, f"/requests/status/{token}", expect=marker(index % len(PAYLOADS)))
    assert problems == []


def test_a_search_handed_to_the_ask_form_is_inert(seeded):
    client = seeded.world.app.test_client()
    problems = []
    for payload in PAYLOADS:
        problems += inert(client, f"/ask?q={quote(payload)}")
    assert problems == []


def test_panel_pages_are_inert(seeded):
    world = seeded.world
    client = world.client(world.admin)
    problems = inert(client, "/admin/") + inert(client, "/admin/audit")
    problems += inert(client, "/admin/moderators/")
    for status in ("new", "published", "declined"):
        for page in range(1, 4):
            problems += inert(client, f"/admin/questions?status={status}&page={page}")
    for page in range(1, 4):
        problems += inert(client, f"/admin/requests/?status=refused&page={page}")
    for index, (ident, _token) in enumerate(seeded.waiting):
        problems += inert(client, f"/admin/questions/{ident}", expect=marker(index))
        problems += inert(client, "/admin/subjects/", email=f"asker-{index}@example.com")
    for index, (ident, _slug) in enumerate(seeded.answers):
        problems += inert(client, f"/admin/answers/{ident}", expect=marker(index))
    for index, (ident, _token) in enumerate(seeded.requests):
        problems += inert(client, f"/admin/requests/{ident}", expect=marker(index))
        problems += inert(
            client, "/admin/subjects/", email=f"requester-{index}@example.com", expect=marker(index)
        )
    for index, (ident, _token) in enumerate(seeded.complaints):
        problems += inert(client, f"/admin/requests/{ident}", expect=marker(index))
        problems += inert(
            client,
            "/admin/subjects/",
            email=f"complainant-{index}@example.com",
            expect=marker(index),
        )
    for page in range(1, 4):
        problems += inert(client, f"/admin/requests/?right=complaint&page={page}")
    assert problems == []


def test_moderator_addresses_made_of_payloads_are_listed_inertly(seeded):
    assert seeded.moderators >= 10
    client = seeded.world.client(seeded.world.admin)
    page = client.get("/admin/moderators/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;0@quillstone.example" in page
    assert markup_problems(page) == []


def test_previews_of_payload_answers_are_inert(seeded):
    """The preview shows the moderator's Markdown rendered before anything is stored."""
    world = seeded.world
    client = world.client(world.moderator)
    question = world.question()
    url = f"/admin/questions/{question.id}"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).text).group(1)
    problems = []
    for index, payload in enumerate(PAYLOADS):
        response = client.post(
            url,
            data={
                "csrf_token": token,
                "title": title_with(index, payload, "preview"),
                "answer": f"{marker(index)}\n\n{payload}",
                "category": "0",
                "preview": "1",
            },
        )
        assert response.status_code == 200
        problems += [f"preview {index}: {p}" for p in markup_problems(response.text)]
    assert problems == []
    with world.app.app_context():
        assert db.session.get(Question, question.id).status == "new"


def test_the_subject_export_is_json_that_no_browser_sniffs_as_html(seeded):
    client = seeded.world.client(seeded.world.admin)
    token = csrf_token(client.get("/admin/subjects/"))
    response = client.post(
        "/admin/subjects/export", data={"csrf_token": token, "email": "requester-0@example.com"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.data)


# Feeds ----------------------------------------------------------------------------------------


# What the site writes in a feed entry's XHTML summary.
FEED_XHTML = {f"{{http://www.w3.org/1999/xhtml}}{tag}" for tag in ("div", "h2", "a", "p", "time")}


@pytest.mark.parametrize("url", ["/faq/feed.atom", "/gdpr/feed.atom"])
def test_feeds_are_well_formed_and_their_html_is_sanitised(seeded, url):
    response = seeded.world.app.test_client().get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    root = ET.fromstring(response.data)
    entries = root.findall(f"{ATOM}entry")
    assert entries
    problems = []
    for entry in entries:
        # A plain text construct: a reader shows it as text, whatever it says.
        title = entry.find(f"{ATOM}title")
        assert title.get("type", "text") == "text" and len(title) == 0
        # The summary is XHTML made by the site alone: the words people wrote are text in it,
        # never elements or attributes of their own.
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "xhtml"
        for element in summary.iter():
            if element is summary:
                continue
            assert element.tag in FEED_XHTML, element.tag
            assert set(element.attrib) <= {"href", "datetime", "class"}, element.attrib
            assert element.get("href", "http://").startswith(("http://", "https://"))
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        problems += [f"{entry.findtext(f'{ATOM}id')}: {p}" for p in markup_problems(content.text)]
    assert problems == []
    if url == "/faq/feed.atom":
        titles = " ".join(entry.findtext(f"{ATOM}title") for entry in entries)
        assert "<script>alert(1)</script>" in titles, "the feed shows no payload"


# Emails ---------------------------------------------------------------------------------------


def test_emails_are_inert_in_html_and_plain_in_text(seeded):
    world = seeded.world
    messages = world.smtp.messages
    reasons = 0
    problems = []
    for message in messages:
        html_part = message.get_body(("html",))
        text_part = message.get_body(("plain",))
        assert html_part is not None and text_part is not None
        problems += [f"{message['Subject']}: {p}" for p in markup_problems(html_part.get_content())]
        text = text_part.get_content()
        found = re.search(r"Our reasons?: xss(\d{3})", text)
        if found:
            reasons += 1
            # The text part carries the words as written, not escaped for HTML.
            payload = PAYLOADS[int(found.group(1))]
            assert clean_text(payload).splitlines()[0] in text
        assert "xss" not in message["Subject"]
    assert problems == []
    # Every decline and every refusal carried its reason; nothing else repeats personal words.
    refusals = len(range(0, len(PAYLOADS), 2))
    assert reasons == len(PAYLOADS) + refusals


def test_nothing_of_the_payloads_reached_an_email_header(seeded):
    for message in seeded.world.smtp.messages:
        for name, value in message.items():
            assert "<script" not in value and "javascript:" not in value, name


def test_the_site_stored_no_request_in_an_unexpected_state(seeded):
    with seeded.world.app.app_context():
        statuses = {
            found.status.value
            for found in db.session.scalars(
                db.select(AccessRequest).where(
                    AccessRequest.id.in_([ident for ident, _ in seeded.requests])
                )
            )
        }
    assert statuses == {"completed", "refused"}
    with seeded.world.app.app_context():
        closed = set(
            db.session.scalars(
                db.select(AccessRequest.status).where(
                    AccessRequest.id.in_([ident for ident, _ in seeded.complaints])
                )
            )
        )
    assert {status.value for status in closed} == {"completed"}
