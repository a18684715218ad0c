"""The panel's work on questions: read, answer with a preview, publish, decline, mark as spam,
revise and unpublish answers, and the audit trail of all of it."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest

from faq_site import audit, moderation, rendering
from faq_site.extensions import db
from faq_site.models import (
    AuditEvent,
    Document,
    OutboxMessage,
    Question,
    QuestionStatus,
)

from actions import QUESTION, ask, csrf_token, decide, document_of
from conftest import TODAY


@pytest.fixture
def question_id(synced, client) -> int:
    assert ask(client).status_code == 302
    with synced.app_context():
        return db.session.scalar(db.select(Question.id))


def get(app, model, ident):
    with app.app_context():
        return db.session.get(model, ident)


def test_the_dashboard_shows_what_waits_oldest_first_and_counts(
    synced, moderator_client, question_id
):
    response = moderator_client.get("/admin/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/admin/questions/{question_id}"' in html
    assert "[email]" in html and "jane.smith@example.com" not in html
    assert response.headers["Cache-Control"] == "no-store, private"


def test_the_question_page_highlights_every_redaction_in_the_original(
    moderator_client, question_id
):
    html = moderator_client.get(f"/admin/questions/{question_id}").get_data(as_text=True)
    marks = re.findall(r'<mark class="redaction" title="([a-z ]+)">.*?</span>(.*?)<span', html)
    assert ("name", "Jane Smith") in marks
    assert ("email", "jane.smith@example.com") in marks
    assert "Hello, I’m [name] ([email])." in html or "Hello, I&#39;m [name] ([email])." in html


def test_preview_renders_the_answer_and_changes_nothing(synced, moderator_client, question_id):
    response = decide(moderator_client, question_id, preview="Preview")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h2 id="usually-yes">Usually, yes' in html
    assert "A soft delete is <strong>not</strong> erasure." in html
    assert get(synced, Question, question_id).status is QuestionStatus.NEW


def slow_render(source, labels=None):
    time.sleep(30)


def parser_overflow(source, labels=None):
    raise RecursionError("maximum recursion depth exceeded")


@pytest.mark.parametrize("formatter", [slow_render, parser_overflow], ids=["too-slow", "too-deep"])
@pytest.mark.parametrize("button", ["preview", "publish"])
def test_markdown_too_intricate_to_format_is_refused_within_seconds(
    synced, moderator_client, question_id, monkeypatch, formatter, button
):
    # Python-Markdown has had shapes that made it quadratic ("[" * 19,999 took 30 s in one
    # worker) or ran its recursion out ("1. " * 6,666, a 500); the formatter may have another.
    # The guard must hold whatever the formatter does: it runs in a child process that is
    # killed when MARKDOWN_RENDER_SECONDS are up, and a child that fails is refused the same way.
    # The child is a fork, so it runs the formatter patched here.
    monkeypatch.setattr(rendering, "render", formatter)
    synced.config["MARKDOWN_RENDER_SECONDS"] = 0.5
    started = time.monotonic()
    response = decide(moderator_client, question_id, **{button: "y"})
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "its Markdown is too intricate" in html
    assert 'aria-describedby="answer-error"' in html or 'id="answer-error"' in html
    assert get(synced, Question, question_id).status is QuestionStatus.NEW


@pytest.mark.parametrize("answer", ["[" * 19_999, "1. " * 6_666], ids=["brackets", "nested-lists"])
def test_markdown_shapes_that_once_hung_or_broke_the_formatter_never_hold_a_worker(
    synced, moderator_client, question_id, answer
):
    # With today's Python-Markdown these format quickly; with an older one they are refused.
    # Either way the moderator has an answer within seconds and never a server error.
    started = time.monotonic()
    response = decide(moderator_client, question_id, answer=answer, preview="y")
    assert time.monotonic() - started < 5
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "its Markdown is too intricate" in response.get_data(as_text=True)
    assert get(synced, Question, question_id).status is QuestionStatus.NEW


def test_publishing_creates_an_faq_entry_erases_the_original_and_queues_the_email(
    synced, client, moderator_client, question_id
):
    response = decide(moderator_client, question_id, publish="Publish")
    assert response.status_code == 302
    slug = "must-a-company-delete-my-contact-record-when-i-ask"
    document = document_of(synced, question_id)
    assert document.slug == slug
    # The moderator lands in the panel, on the answer, and is told it is published there.
    assert response.headers["Location"] == f"/admin/answers/{document.id}"
    landed = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flashes"' in landed and "Published. The answer is now in the FAQ." in landed
    assert f'href="/faq/{slug}"' in landed
    question = get(synced, Question, question_id)
    assert question.status is QuestionStatus.PUBLISHED
    assert (question.original, question.redactions, question.fingerprint) == (None, None, None)
    with synced.app_context():
        message = db.session.scalar(
            db.select(OutboxMessage).where(OutboxMessage.template == "question_answered")
        )
        assert message.recipient == "jane.smith@example.com"
        assert f"http://faq.test/faq/{slug}" in message.body_text
        assert (
            "Jane" not in message.body_text and "contact record if I ask" not in message.body_text
        )
    page = client.get(f"/faq/{slug}").get_data(as_text=True)
    assert "Must a company delete my contact record when I ask?" in page
    assert "A visitor’s question" in page
    assert "In force since" not in page and "Version 1 of 1" in page
    listing = client.get("/faq").get_data(as_text=True)
    assert f'href="/faq/{slug}"' in listing and "A visitor’s question" in listing


def test_after_publishing_the_confirmation_leads_on_to_the_next_waiting_question(
    synced, client, moderator_client, question_id
):
    assert ask(client, "Do you keep my order history after I close my account?").status_code == 302
    with synced.app_context():
        later = db.session.scalar(db.select(Question.id).where(Question.id != question_id))
    landed = moderator_client.get(
        decide(moderator_client, question_id, publish="Publish").headers["Location"]
    ).get_data(as_text=True)
    # In the confirmation itself, where the moderator's eye is, not under the forms.
    assert re.search(
        r"Published\. The answer is now in the FAQ\. "
        rf'<a class="notice__onward" href="/admin/questions/{later}">Next waiting question</a>',
        landed,
    )

    landed = moderator_client.get(
        decide(moderator_client, later, title="Do you keep my orders?", publish="Publish").headers[
            "Location"
        ]
    ).get_data(as_text=True)
    assert '<a class="notice__onward" href="/admin/questions">Back to the queue</a>' in landed
    assert "Next waiting question" not in landed
    # Only after publishing: the same page opened again offers no way on.
    again = moderator_client.get(f"/admin/answers/{document_of(synced, later).id}")
    assert "Back to the queue" not in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "When a company merges with another, which of the two must answer the access "
            "request I made before the merger was announced?",
            "when-a-company-merges-with-another-which-of-the-two-must-answer-the-access",
        ),
        ("Ünïcödé — déjà vu?", "unicode-deja-vu"),
        ("A" + "b" * 99 + " data?", "a" + "b" * 79),
    ],
    ids=["cut-at-a-word", "accents-folded", "one-long-word"],
)
def test_a_slug_is_cut_at_a_word_boundary(synced, moderator_client, question_id, title, slug):
    response = decide(moderator_client, question_id, publish="Publish", title=title, notify="")
    assert response.status_code == 302
    made = document_of(synced, question_id).slug
    assert made == slug and len(made) <= 80


def test_a_slug_never_takes_an_address_of_the_site_itself(synced):
    with synced.app_context():
        assert moderation.slug_for("All?") == "all-2"  # /faq/all is the page of every answer


def test_publishing_without_email_forgets_the_address_at_once(
    synced, moderator_client, question_id
):
    data = {"notify": ""}
    response = decide(moderator_client, question_id, publish="Publish", **data)
    assert response.status_code == 302
    assert get(synced, Question, question_id).email is None
    with synced.app_context():
        templates = db.session.scalars(db.select(OutboxMessage.template)).all()
        assert templates == ["question_received"], "only the receipt, sent when asked"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Write the question as it will be published."),
        ({"answer": ""}, "Write an answer before publishing."),
        ({"category": "9999"}, "Not a valid choice"),
    ],
)
def test_publishing_needs_a_wording_and_an_answer(
    synced, moderator_client, question_id, fields, message
):
    response = decide(moderator_client, question_id, publish="Publish", **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert get(synced, Question, question_id).status is QuestionStatus.NEW


def test_markup_in_a_question_and_its_answer_stays_inert(synced, client, moderator_client):
    ask(
        client,
        text="<script>alert('q')</script> Is my <img src=x onerror=alert(1)> data safe?",
        email="",
    )
    with synced.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    admin_html = moderator_client.get(f"/admin/questions/{question_id}").get_data(as_text=True)
    assert "<script>alert" not in admin_html and "<img src=x" not in admin_html
    decide(
        moderator_client,
        question_id,
        publish="Publish",
        title="<b>Is</b> my data safe? <script>alert(2)</script>",
        answer="Yes. <script>alert(3)</script> [x](javascript:alert(4)) <a href=x onclick=y>z</a>",
        notify="",
    )
    slug = document_of(synced, question_id).slug
    page = client.get(f"/faq/{slug}").get_data(as_text=True)
    assert "<script" not in page
    assert not re.search(r"<[^>]+\son\w+\s*=", page), "no event handler attribute"
    assert 'href="javascript' not in page
    assert "&lt;b&gt;Is&lt;/b&gt;" in page


def test_declining_tells_the_asker_why_on_their_status_page(
    synced, client, moderator_client, question_id
):
    page = moderator_client.get(f"/admin/questions/{question_id}")
    response = moderator_client.post(
        f"/admin/questions/{question_id}/decline",
        data={"csrf_token": csrf_token(page), "reason": "We only answer questions about GDPR."},
    )
    assert response.status_code == 302
    question = get(synced, Question, question_id)
    assert question.status is QuestionStatus.DECLINED
    assert question.email is None and question.original is None
    status = client.get(f"/ask/status/{question.token}").get_data(as_text=True)
    assert "Declined" in status and "We only answer questions about GDPR." in status


def test_spam_is_erased_and_its_link_stops_working(synced, client, moderator_client, question_id):
    page = moderator_client.get(f"/admin/questions/{question_id}")
    token = get(synced, Question, question_id).token
    unsure = moderator_client.post(
        f"/admin/questions/{question_id}/spam", data={"csrf_token": csrf_token(page)}
    )
    assert unsure.status_code == 400, "one click beside Decline erases nothing"
    assert "Tick the box to say the question is spam" in unsure.get_data(as_text=True)
    assert get(synced, Question, question_id).original is not None
    response = moderator_client.post(
        f"/admin/questions/{question_id}/spam",
        data={"csrf_token": csrf_token(page), "sure": "y"},
    )
    assert response.status_code == 302
    question = get(synced, Question, question_id)
    assert (question.original, question.email, question.redacted) == (None, None, "")
    assert client.get(f"/ask/status/{token}").status_code == 404


def test_declining_needs_a_reason_for_the_asker(synced, moderator_client, question_id):
    page = moderator_client.get(f"/admin/questions/{question_id}")
    response = moderator_client.post(
        f"/admin/questions/{question_id}/decline",
        data={"csrf_token": csrf_token(page), "reason": "  "},
    )
    assert response.status_code == 400
    assert "Say why: the asker reads it on their status page." in response.get_data(as_text=True)
    assert get(synced, Question, question_id).status is QuestionStatus.NEW


def test_a_decided_question_cannot_be_decided_again(synced, moderator_client, question_id):
    page = moderator_client.get(f"/admin/questions/{question_id}").get_data(as_text=True)
    forms = ("decline", "spam")
    assert all(f'action="/admin/questions/{question_id}/{form}"' in page for form in forms)
    decide(moderator_client, question_id, publish="Publish", notify="")
    again = decide(moderator_client, question_id, publish="Publish", notify="")
    assert again.status_code == 409
    assert "This question has already been decided." in again.get_data(as_text=True)
    page = moderator_client.get(f"/admin/questions/{question_id}").get_data(as_text=True)
    # The page offers no step the rules refuse, and the steps themselves refuse them too.
    assert not any(f'action="/admin/questions/{question_id}/{form}"' in page for form in forms)
    assert 'id="page-answer-form"' not in page
    token = csrf_token(moderator_client.get("/admin/"))
    for form, fields in (("spam", {"sure": "y"}), ("decline", {"reason": "Off topic."})):
        response = moderator_client.post(
            f"/admin/questions/{question_id}/{form}", data={"csrf_token": token, **fields}
        )
        assert response.status_code == 409, form
    with synced.app_context():
        question = db.session.get(Question, question_id)
        assert moderation.allowed_steps(question) == frozenset()
        with pytest.raises(moderation.StepRefused, match="already been decided"):
            moderation.mark_spam(question, by=audit.SYSTEM)
        db.session.rollback()
    with synced.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count(Document.id)).where(Document.origin == "question")
            )
            == 1
        )


@pytest.mark.parametrize(
    "url",
    ["/admin/questions/{id}", "/admin/questions/{id}/decline", "/admin/questions/{id}/spam"],
)
def test_panel_forms_refuse_a_missing_or_foreign_csrf_token(
    synced, moderator_client, question_id, url
):
    target = url.format(id=question_id)
    assert (
        moderator_client.post(
            target, data={"publish": "1", "title": "x" * 20, "answer": "y"}
        ).status_code
        == 400
    )
    assert (
        moderator_client.post(
            target, data={"csrf_token": "forged", "title": "x" * 20, "answer": "y"}
        ).status_code
        == 400
    )
    assert get(synced, Question, question_id).status is QuestionStatus.NEW


def publish_one(synced, moderator_client, question_id) -> Document:
    decide(moderator_client, question_id, publish="Publish", notify="")
    return document_of(synced, question_id)


def test_revising_an_answer_adds_a_version_with_its_summary(
    synced, client, moderator_client, question_id
):
    document = publish_one(synced, moderator_client, question_id)
    page = moderator_client.get(f"/admin/answers/{document.id}")
    html = page.get_data(as_text=True)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert f'value="{tomorrow.isoformat()}"' in html, "today is taken, so tomorrow is suggested"
    same_day = moderator_client.post(
        f"/admin/answers/{document.id}",
        data={
            "csrf_token": csrf_token(page),
            "title": "Must a company delete my contact record when I ask?",
            "answer": "Usually, yes. Purge it.",
            "summary": "Says to purge.",
            "effective": TODAY.isoformat(),
            "save": "1",
        },
    )
    assert same_day.status_code == 400
    assert "A version already takes effect on that date" in same_day.get_data(as_text=True)
    saved = moderator_client.post(
        f"/admin/answers/{document.id}",
        data={
            "csrf_token": csrf_token(page),
            "title": "Must a company delete my contact record when I ask?",
            "answer": "Usually, yes. Purge it.",
            "summary": "Says to purge.",
            "effective": tomorrow.isoformat(),
            "save": "1",
        },
    )
    assert saved.status_code == 302
    # The panel says the version is announced, and from when, not that it is published.
    landed = moderator_client.get(saved.headers["Location"]).get_data(as_text=True)
    assert (
        f"The new version is announced: it takes effect on {tomorrow.day} {tomorrow:%B %Y}."
        in landed
    )
    assert "is published" not in landed
    # Its line in the panel's list of versions says so too, beside the one still in force.
    assert (
        f"{tomorrow.day} {tomorrow:%B %Y}</time> <strong>(announced: readers see it from this day)"
        in landed
    )
    assert "<strong>(in force)</strong>" in landed
    history = client.get(f"/faq/{document.slug}/versions").get_data(as_text=True)
    assert "Says to purge." in history and "Announced" in history
    changes = client.get(
        f"/faq/{document.slug}/changes/{TODAY.isoformat()}..{tomorrow.isoformat()}"
    )
    assert changes.status_code == 200 and "Purge it" in changes.get_data(as_text=True)


def test_an_answer_from_the_content_files_is_not_edited_in_the_panel(synced, moderator_client):
    with synced.app_context():
        file_document = db.session.scalar(
            db.select(Document).where(Document.slug == "deleting-data")
        )
    assert moderator_client.get(f"/admin/answers/{file_document.id}").status_code == 404


def test_unpublishing_takes_an_answer_down_with_its_reason(
    synced, client, moderator_client, question_id
):
    document = publish_one(synced, moderator_client, question_id)
    page = moderator_client.get(f"/admin/answers/{document.id}")
    assert (
        moderator_client.post(
            f"/admin/answers/{document.id}/unpublish",
            data={"csrf_token": csrf_token(page), "reason": ""},
        ).status_code
        == 400
    )
    response = moderator_client.post(
        f"/admin/answers/{document.id}/unpublish",
        data={"csrf_token": csrf_token(page), "reason": "The law changed; a new answer is coming."},
    )
    assert response.status_code == 302
    gone = client.get(f"/faq/{document.slug}")
    assert gone.status_code == 410
    assert "The law changed; a new answer is coming." in gone.get_data(as_text=True)
    assert f'href="/faq/{document.slug}"' not in client.get("/faq").get_data(as_text=True)
    assert f"/faq/{document.slug}/" not in client.get("/faq/feed.atom").get_data(as_text=True)
    page = moderator_client.get(f"/admin/answers/{document.id}")
    moderator_client.post(
        f"/admin/answers/{document.id}/republish", data={"csrf_token": csrf_token(page)}
    )
    assert client.get(f"/faq/{document.slug}").status_code == 200


def test_the_audit_log_is_for_admins_and_holds_no_personal_data(
    synced, admin_client, moderator_client, question_id
):
    decide(moderator_client, question_id, publish="Publish")
    assert moderator_client.get("/admin/audit").status_code == 403
    response = admin_client.get("/admin/audit")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Question received" in html and "Question answered and published" in html
    filtered = admin_client.get("/admin/audit?action=question.published").get_data(as_text=True)
    assert "Question received</td>" not in filtered
    assert "Question answered and published</td>" in filtered
    assert admin_client.get("/admin/audit?since=yesterday").status_code == 400
    with synced.app_context():
        events = db.session.scalars(db.select(AuditEvent)).all()
        dumped = json.dumps([[e.actor, e.action, e.subject_type, e.detail] for e in events])
    assert "example.com" not in dumped and "Jane" not in dumped
    published = next(e for e in events if e.action == "question.published")
    assert published.actor.startswith("moderator #") and published.detail["emailed"] is True


def test_an_unknown_status_filter_is_a_400(moderator_client):
    assert moderator_client.get("/admin/questions?status=everything").status_code == 400


def test_a_question_that_does_not_exist_is_a_404(moderator_client):
    assert moderator_client.get("/admin/questions/999999").status_code == 404


def test_the_full_question_text_is_kept_for_the_moderator_until_decided(
    synced, moderator_client, question_id
):
    html = moderator_client.get(f"/admin/questions/{question_id}").get_data(as_text=True)
    assert "What was sent, with personal data marked" in html
    decide(moderator_client, question_id, publish="Publish", notify="")
    html = moderator_client.get(f"/admin/questions/{question_id}").get_data(as_text=True)
    assert "What was sent, with personal data marked" not in html
    assert QUESTION not in html


def test_the_question_lifecycle_runs_without_a_request(synced):
    """The domain code reads no request globals: given the sender's secret and a URL builder,
    receiving, publishing and declining run in a plain app context, as a command would."""
    addresses: list[tuple[str, dict]] = []

    def link(endpoint: str, /, **values) -> str:
        addresses.append((endpoint, values))
        return f"https://elsewhere.example/{endpoint}"

    with synced.app_context():
        first = moderation.receive(QUESTION, "jane@example.com", sender="browser-a", link=link)
        again = moderation.receive(QUESTION, "jane@example.com", sender="browser-a", link=link)
        other = moderation.receive(QUESTION, "jane@example.com", sender="browser-b", link=link)
        assert again.duplicate and again.question is first.question
        assert not other.duplicate, "another browser's same words are another question"
        document, message = moderation.publish(
            first.question,
            title="Must a company delete my contact record when I ask?",
            answer="Usually, yes.",
            category=None,
            notify=True,
            author="moderator #1",
            link=link,
            by=audit.SYSTEM,
        )
        declined = moderation.decline(
            other.question, reason="Too specific.", notify=True, link=link, by=audit.SYSTEM
        )
        db.session.commit()
        assert "https://elsewhere.example/public.faq_entry" in message.body_text
        assert "https://elsewhere.example/questions.status" in declined.body_text
        assert ("public.faq_entry", {"slug": document.slug}) in addresses
        assert ("questions.status", {"token": other.question.token}) in addresses
