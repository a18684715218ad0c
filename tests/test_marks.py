"""The two kinds of marks on a question: what the anonymiser redacted, and what it was unsure of
("checks"), which a moderator redacts or keeps before the question may be published; in the
domain functions and on the panel's question page."""

from __future__ import annotations

import json
import re

import pytest

from faq_site import audit, marks, moderation
from faq_site.anonymise import Redaction
from faq_site.extensions import db
from faq_site.models import AuditEvent, Document, Question, QuestionStatus
from faq_site.urls import link

from actions import csrf_token
from conftest import receive_marked

ASKED = (
    "Hi, I'm Tom Baker (tom.baker@example.org). We sent the file to Brennanova yesterday, "
    "and Brennanova replied from account QX48213: must you delete it when we ask?"
)
PIECES = [
    ("name", "Tom Baker", True),
    ("email", "tom.baker@example.org", True),
    ("name", "Brennanova", False),
    ("id number", "QX48213", False),
]
TITLE = "We sent a file to Brennanova: must you delete it when we ask?"
ANSWER = "Yes, once you ask, unless the law makes us keep it."


@pytest.fixture
def marked(app) -> int:
    """A question with two redacted pieces and two checks, the first check met twice."""
    with app.test_request_context():
        question = receive_marked(ASKED, PIECES, email="tom.baker@example.org")
        # The anonymiser met the name twice: both places are marked.
        second = ASKED.index("Brennanova", ASKED.index("Brennanova") + 1)
        question.redactions = [
            *question.redactions[:3],
            {
                "kind": "name",
                "start": second,
                "end": second + 10,
                "certain": False,
                "resolved": None,
            },
            *question.redactions[3:],
        ]
        db.session.commit()
        return question.id


def load(app, question_id: int) -> Question:
    with app.app_context():
        question = db.session.get(Question, question_id)
        db.session.expunge(question)
        return question


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


# Storing


def test_a_check_is_stored_as_uncertain_and_undecided():
    found = (
        Redaction("email", 0, 5, "a@b.c"),
        Redaction("name", 10, 20, "Brennanova", certain=False),
    )
    assert marks.entries(found) == [
        {"kind": "email", "start": 0, "end": 5},
        {"kind": "name", "start": 10, "end": 20, "certain": False, "resolved": None},
    ]


def test_receiving_stores_the_anonymisers_checks_as_it_finds_them(app):
    """Whatever the anonymiser of the day finds, its checks are stored as checks and left in
    the anonymised text, and its certain findings are replaced."""
    text = "we sent the file to Brennanova Quextrel yesterday, from ann@example.org"
    with app.test_request_context():
        expected = moderation.anonymise(text)
        question = moderation.receive(text, None, sender="", link=link).question
        db.session.commit()
        stored = question.redactions
    assert stored == marks.entries(expected.redactions)
    assert sum(1 for entry in stored if entry.get("certain") is False) == len(expected.checks)
    assert question.redacted == expected.text
    assert "[email]" in question.redacted
    [event] = events(app, "question.received")
    assert event.detail["checks"] == len(expected.checks)


def test_old_rows_without_the_key_are_redacted_pieces(app, marked):
    with app.app_context():
        question = db.session.get(Question, marked)
        question.redactions = [{"kind": "email", "start": 16, "end": 37}]
        found = marks.marks(question)
    assert [(mark.kind, mark.certain, mark.is_check) for mark in found] == [("email", True, False)]


def test_the_marks_and_segments_of_a_question(app, marked):
    question = load(app, marked)
    found = marks.marks(question)
    assert [(mark.text, mark.kind, mark.is_open) for mark in found] == [
        ("Tom Baker", "name", False),
        ("tom.baker@example.org", "email", False),
        ("Brennanova", "name", True),
        ("Brennanova", "name", True),
        ("QX48213", "id number", True),
    ]
    assert "".join(text for text, _mark in marks.segments(question)) == ASKED
    # One check per value: the name met twice is decided once.
    assert [(check.text, check.index) for check in marks.open_checks(question)] == [
        ("Brennanova", 2),
        ("QX48213", 4),
    ]
    assert question.redacted.startswith("Hi, I'm [name] ([email]). We sent the file to Brenn")


@pytest.mark.parametrize(
    ("wording", "still"),
    [
        ("We sent a file to Brennanova: must you delete it?", ["Brennanova"]),
        ("We sent a file to BRENNANOVA: must you delete it?", ["Brennanova"]),
        ("Brennanova's account QX48213: must you delete it?", ["Brennanova", "QX48213"]),
        ("We sent a file to a supplier: must you delete it?", []),
        ("We sent a file to [name]: must you delete it?", []),
        ("", []),
    ],
)
def test_still_in_finds_the_open_checks_left_in_a_wording(app, marked, wording, still):
    question = load(app, marked)
    still_open, _redacted = marks.still_in(question, wording)
    assert [check.text for check in still_open] == still


@pytest.mark.parametrize(
    "wording",
    [
        "We sent a file to Brennanova  Quextrel: must you delete it?",
        "We sent a file to Brennanova\nQuextrel: must you delete it?",
        "We sent a file to Brennanova\u00a0Quextrel: must you delete it?",
        "We sent a file to Mr Quextrel: must you delete it?",
        "We sent a file to brennanova: must you delete it?",
    ],
)
def test_a_name_to_check_is_found_however_it_is_spaced_and_by_each_of_its_words(app, wording):
    text = "We sent the file to Brennanova Quextrel: must you delete it?"
    with app.test_request_context():
        question = receive_marked(text, [("name", "Brennanova Quextrel", False)])
        db.session.commit()
        still_open, _redacted = marks.still_in(question, wording)
    assert [check.text for check in still_open] == ["Brennanova Quextrel"]


def test_a_value_is_matched_as_a_whole_word_only(app):
    text = "We sent our list to Vantrimo. Does VantrimoCloud count as a processor?"
    with app.test_request_context():
        question = receive_marked(text, [("name", "Vantrimo", False)])
        db.session.commit()
        assert marks.still_in(question, "Does VantrimoCloud count as a processor?") == ([], [])
        wording = marks.resolve(
            question, 0, marks.Resolution.REDACTED, wording=text, by=audit.SYSTEM
        )
    assert wording == "We sent our list to [name]. Does VantrimoCloud count as a processor?"


def test_a_redacted_value_typed_back_is_refused_too(app, marked):
    """Redacted by the anonymiser or by a moderator (in another tab, say): it is never published."""
    with app.test_request_context():
        question = db.session.get(Question, marked)
        marks.resolve(question, 2, marks.Resolution.REDACTED, by=audit.SYSTEM)
        db.session.commit()
        for wording, back in [
            ("We sent a file to Brennanova: must you delete it?", ["Brennanova"]),
            ("Tom Baker asks: must you delete it?", ["Tom Baker"]),
            ("Baker asks: must you delete it?", ["Tom Baker"]),
        ]:
            still_open, redacted = marks.still_in(question, wording)
            assert still_open == []
            assert [mark.text for mark in redacted] == back
            with pytest.raises(marks.StillToCheck):
                moderation.publish(
                    question, title=wording, answer=ANSWER, category=None, notify=False,
                    author="moderator 1",
                    link=link,
                    by=audit.SYSTEM,
                )  # fmt: skip
        assert question.status is QuestionStatus.NEW


def test_a_decided_question_keeps_no_unchecked_value(app, marked):
    with app.test_request_context():
        question = db.session.get(Question, marked)
        moderation.publish(
            question, title="We sent a file: must you delete it?", answer=ANSWER, category=None,
            notify=False, author="moderator 1",
            link=link,
            by=audit.SYSTEM,
        )  # fmt: skip
        db.session.commit()
    question = load(app, marked)
    assert question.status is QuestionStatus.PUBLISHED
    assert "Brennanova" not in question.redacted
    assert "QX48213" not in question.redacted
    assert "[name]" in question.redacted


# Deciding a check


def test_redacting_replaces_every_occurrence_everywhere(app, marked):
    with app.test_request_context():
        question = db.session.get(Question, marked)
        question.public_text = "What Brennanova holds: must you delete it?"
        wording = marks.resolve(
            question,
            3,
            marks.Resolution.REDACTED,
            wording="Brennanova and brennanova?",
            by=audit.SYSTEM,
        )
        db.session.commit()
    assert wording == "[name] and [name]?"
    question = load(app, marked)
    assert "Brennanova" not in question.redacted
    assert question.redacted.count("[name]") == 3
    assert question.public_text == "What [name] holds: must you delete it?"
    assert question.original == ASKED, "the moderator's copy of the original is unchanged"
    assert [entry.get("resolved") for entry in question.redactions] == [
        None,
        None,
        "redacted",
        "redacted",
        None,
    ]
    assert [check.text for check in marks.open_checks(question)] == ["QX48213"]
    [event] = events(app, "question.check_redacted")
    assert event.detail == {"check": 3, "kind": "name", "occurrences": 2}
    assert "Brennanova" not in json.dumps(event.detail)


def test_keeping_leaves_the_texts_as_they_are(app, marked):
    with app.test_request_context():
        question = db.session.get(Question, marked)
        before = question.redacted
        wording = marks.resolve(
            question, 4, marks.Resolution.KEPT, wording="Account QX48213?", by=audit.SYSTEM
        )
        db.session.commit()
    assert wording == "Account QX48213?"
    question = load(app, marked)
    assert question.redacted == before
    assert question.redactions[4]["resolved"] == "kept"
    assert marks.still_in(question, "Account QX48213?") == ([], [])
    [event] = events(app, "question.check_kept")
    assert event.detail == {"check": 4, "kind": "id number", "occurrences": 1}


@pytest.mark.parametrize("index", [-1, 0, 1, 5, 99])
def test_only_a_check_can_be_decided(app, marked, index):
    with app.test_request_context():
        question = db.session.get(Question, marked)
        with pytest.raises(marks.NoSuchCheck):
            marks.resolve(question, index, marks.Resolution.KEPT, by=audit.SYSTEM)


def test_a_check_is_decided_once(app, marked):
    with app.test_request_context():
        question = db.session.get(Question, marked)
        marks.resolve(question, 2, marks.Resolution.KEPT, by=audit.SYSTEM)
        with pytest.raises(marks.AlreadyDecided) as decided:
            marks.resolve(question, 3, marks.Resolution.REDACTED, by=audit.SYSTEM)
    assert decided.value.resolution is marks.Resolution.KEPT


def test_publishing_refuses_while_a_check_is_in_the_wording_and_changes_nothing(app, marked):
    with app.test_request_context():
        question = db.session.get(Question, marked)
        with pytest.raises(marks.StillToCheck) as refused:
            moderation.publish(
                question,
                title=TITLE,
                answer=ANSWER,
                category=None,
                notify=False,
                author="moderator #1",
                link=link,
                by=audit.SYSTEM,
            )
        assert [check.text for check in refused.value.checks] == ["Brennanova"]
        assert not db.session.dirty and not db.session.new
        # Once the wording no longer holds it, the other open check does not stand in the way.
        document, _message = moderation.publish(
            question,
            title="We sent a file to a supplier: must you delete it?",
            answer=ANSWER,
            category=None,
            notify=False,
            author="moderator #1",
            link=link,
            by=audit.SYSTEM,
        )
        db.session.commit()
        assert document.id is not None
        assert (question.original, question.redactions) == (None, None)


def test_a_question_without_its_original_has_no_marks(app, marked):
    with app.app_context():
        question = db.session.get(Question, marked)
        question.original = None
        assert marks.marks(question) == marks.segments(question) == marks.checks(question) == []


# The question page


def page_of(client, question_id: int):
    return client.get(f"/admin/questions/{question_id}")


def form_data(page, **fields) -> dict:
    data = {
        "csrf_token": csrf_token(page),
        "title": TITLE,
        "answer": ANSWER,
        "category": "0",
        "notify": "y",
    }
    data.update(fields)
    return data


def test_the_page_shows_both_kinds_of_marks_with_words_not_colour_alone(moderator_client, marked):
    html = page_of(moderator_client, marked).get_data(as_text=True)
    redacted = re.findall(r'<mark class="redaction" title="([a-z ]+)">.*?</span>(.*?)<span', html)
    assert redacted == [("name", "Tom Baker"), ("email", "tom.baker@example.org")]
    checks = re.findall(
        r'<mark class="redaction redaction--check" title="check: ([a-z ]+)">.*?</span>(.*?)<span',
        html,
    )
    assert checks == [("name", "Brennanova"), ("name", "Brennanova"), ("id number", "QX48213")]
    assert ">redacted: email</span>" in html and ">check: name</span>" in html
    assert "possible personal data, to check (name):" in html
    assert html.count(f'formaction="/admin/questions/{marked}/checks/redact"') == 2
    assert html.count(f'formaction="/admin/questions/{marked}/checks/keep"') == 2
    # The buttons belong to the answer form, so the wording travels with them; a hidden preview
    # comes first, so that Enter in a field never redacts.
    form = html[html.index('id="page-answer-form"') :]
    assert form.index('name="preview" value="Preview" hidden') < form.index('name="check"')


def test_the_proposed_wording_leaves_out_the_greeting_and_contact_details(moderator_client, marked):
    html = page_of(moderator_client, marked).get_data(as_text=True)
    textarea = re.search(r'<textarea[^>]*name="title"[^>]*>\s*(.*?)</textarea>', html, re.S)
    assert textarea.group(1).startswith("We sent the file to Brennanova yesterday")
    assert "[email]" not in textarea.group(1) and "Hi," not in textarea.group(1)


def test_publishing_is_refused_with_the_values_named_and_nothing_changes(
    app, moderator_client, marked
):
    page = page_of(moderator_client, marked)
    response = moderator_client.post(
        f"/admin/questions/{marked}",
        data=form_data(page, title="Brennanova keeps QX48213: must you delete it?", publish="1"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    message = (
        "Still to check: ‘Brennanova’ (name), ‘QX48213’ (id number). Redact or keep them first."
    )
    assert message in html
    assert re.search(r'id="title-error">.*Still to check', html), "tied to the field"
    assert 'aria-invalid="true"' in html
    question = load(app, marked)
    assert question.status is QuestionStatus.NEW and question.original == ASKED
    assert question.public_text is None and question.email is not None
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Document.id))) == 0
    assert events(app, "question.published") == []

    one = moderator_client.post(
        f"/admin/questions/{marked}", data=form_data(page, publish="1", notify="")
    )
    assert one.status_code == 400
    assert "Still to check: ‘Brennanova’ (name). Redact or keep it first." in (
        one.get_data(as_text=True)
    )


def test_a_redacted_value_typed_back_is_refused_on_the_page(app, moderator_client, marked):
    page = page_of(moderator_client, marked)
    response = moderator_client.post(
        f"/admin/questions/{marked}",
        data=form_data(page, title="Tom  Baker asks: must you delete it?", publish="1"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        "Redacted personal data is in the wording again: ‘Tom Baker’ (name). Take it out first."
        in html
    )
    assert load(app, marked).status is QuestionStatus.NEW


def test_a_wording_without_the_value_may_be_published(app, moderator_client, marked):
    page = page_of(moderator_client, marked)
    response = moderator_client.post(
        f"/admin/questions/{marked}",
        data=form_data(page, title="Must you delete a file we sent you?", publish="1", notify=""),
    )
    assert response.status_code == 302
    assert load(app, marked).status is QuestionStatus.PUBLISHED


def test_redact_then_publish(app, moderator_client, marked):
    page = page_of(moderator_client, marked)
    response = moderator_client.post(
        f"/admin/questions/{marked}/checks/redact",
        data=form_data(page, check="2", answer="My draft answer."),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Redacted: each occurrence is now replaced by its placeholder." in html
    textarea = re.search(r'<textarea[^>]*name="title"[^>]*>\s*(.*?)</textarea>', html, re.S)
    assert textarea.group(1) == "We sent a file to [name]: must you delete it when we ask?"
    assert "My draft answer.</textarea>" in html, "the moderator's answer is not lost"
    assert "redacted: name</span>" in html
    assert html.count(f'formaction="/admin/questions/{marked}/checks/redact"') == 1
    question = load(app, marked)
    assert "Brennanova" not in question.redacted

    published = moderator_client.post(
        f"/admin/questions/{marked}",
        data=form_data(page, title=textarea.group(1), publish="1", notify=""),
    )
    assert published.status_code == 302
    assert (
        load(app, marked).public_text == "We sent a file to [name]: must you delete it when we ask?"
    )


def test_keep_then_publish_with_the_value(app, moderator_client, marked):
    page = page_of(moderator_client, marked)
    kept = moderator_client.post(
        f"/admin/questions/{marked}/checks/keep", data=form_data(page, check="2")
    )
    assert kept.status_code == 200
    html = kept.get_data(as_text=True)
    assert "Kept: it stays in the text as written." in html
    assert '<mark class="redaction redaction--kept" title="kept: name">' in html
    assert TITLE in html
    published = moderator_client.post(
        f"/admin/questions/{marked}", data=form_data(page, publish="1", notify="")
    )
    assert published.status_code == 302
    assert load(app, marked).public_text == TITLE
    [event] = events(app, "question.check_kept")
    assert event.actor.startswith("moderator #") and event.detail["kind"] == "name"


def test_a_decision_sent_without_the_wording_shows_the_proposed_one(app, moderator_client, marked):
    page = page_of(moderator_client, marked)
    response = moderator_client.post(
        f"/admin/questions/{marked}/checks/redact",
        data={"csrf_token": csrf_token(page), "check": "4"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "replied from account [id number]: must you delete it" in html


@pytest.mark.parametrize("action", ["redact", "keep"])
@pytest.mark.parametrize(
    ("check", "status"), [("", 400), ("x", 400), ("-1", 400), ("0", 400), ("42", 400)]
)
def test_a_decision_needs_a_check_of_the_question(
    app, moderator_client, marked, action, check, status
):
    page = page_of(moderator_client, marked)
    response = moderator_client.post(
        f"/admin/questions/{marked}/checks/{action}", data=form_data(page, check=check)
    )
    assert response.status_code == status
    question = load(app, marked)
    assert all(entry.get("resolved") is None for entry in question.redactions)
    assert "Brennanova" in question.redacted


def test_the_same_decision_twice_is_harmless_and_the_other_is_refused(
    app, moderator_client, marked
):
    page = page_of(moderator_client, marked)
    url = f"/admin/questions/{marked}/checks"
    assert moderator_client.post(f"{url}/keep", data=form_data(page, check="2")).status_code == 200
    assert moderator_client.post(f"{url}/keep", data=form_data(page, check="3")).status_code == 200
    refused = moderator_client.post(f"{url}/redact", data=form_data(page, check="2"))
    assert refused.status_code == 409
    assert "Brennanova" in load(app, marked).redacted
    assert len(events(app, "question.check_kept")) == 1


@pytest.mark.parametrize("action", ["redact", "keep"])
@pytest.mark.parametrize("token", [None, "forged"])
def test_a_decision_needs_the_csrf_token(app, moderator_client, marked, action, token):
    data = {"check": "2"}
    if token:
        data["csrf_token"] = token
    response = moderator_client.post(f"/admin/questions/{marked}/checks/{action}", data=data)
    assert response.status_code == 400
    assert load(app, marked).redactions[2]["resolved"] is None


@pytest.mark.parametrize("action", ["redact", "keep"])
def test_a_decision_needs_a_moderator(app, client, marked, action):
    page = client.get("/admin/sign-in")
    response = client.post(
        f"/admin/questions/{marked}/checks/{action}",
        data={"csrf_token": csrf_token(page), "check": "2"},
    )
    assert response.status_code == 302
    assert "/admin/sign-in" in response.headers["Location"]
    assert load(app, marked).redactions[2]["resolved"] is None


@pytest.mark.parametrize("action", ["redact", "keep"])
def test_a_decided_question_takes_no_decision(app, moderator_client, marked, action):
    page = page_of(moderator_client, marked)
    moderator_client.post(
        f"/admin/questions/{marked}",
        data=form_data(page, title="Must you delete a file we sent?", publish="1", notify=""),
    )
    response = moderator_client.post(
        f"/admin/questions/{marked}/checks/{action}", data=form_data(page, check="2")
    )
    assert response.status_code == 409
