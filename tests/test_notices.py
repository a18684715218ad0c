"""Change notices: subscribing with an address alone, double opt-in, one email per subscriber for
each version a sync announces (also with workers on several hosts at once), one-click
unsubscribe (RFC 8058), the purge of unconfirmed subscriptions and "find a person's data".
Every test runs on SQLite and on PostgreSQL; email goes through a real SMTP server."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from flask import Flask
from sqlalchemy import event

from faq_site import audit, outbox, retention, subjects
from faq_site.cli import mail as mail_cli
from faq_site.extensions import db
from faq_site.models import Announcement, OutboxMessage, Subscription, Version, utcnow
from faq_site.notices import workflow as notices
from faq_site.urls import site_links

from actions import csrf_token, form_field
from conftest import (
    FUTURE,
    REGISTER_HOST,
    REGISTER_MAIL,
    REGISTER_SUPPORT,
    days,
    write_register,
    write_version,
)
from smtp_server import delivered

pytestmark = pytest.mark.usefixtures("synced")

READER = "reader@example.com"


def subscribe_form(client, **fields) -> dict[str, str]:
    page = client.get("/notices")
    assert page.status_code == 200
    return {
        "csrf_token": csrf_token(page),
        "started": form_field(page, "started"),
        "email": READER,
        "statement": "y",
        "register": "y",
        "website": "",
        **fields,
    }


def subscribe(client, ip: str = "127.0.0.1", **fields):
    return client.post(
        "/notices", data=subscribe_form(client, **fields), environ_base={"REMOTE_ADDR": ip}
    )


def messages(app: Flask, template: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if template:
            query = query.where(OutboxMessage.template == template)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def the_subscription(app: Flask, email: str = READER) -> Subscription | None:
    with app.app_context():
        found = notices.find(email)
        if found is not None:
            db.session.expunge(found)
        return found


def link_in(body: str, path: str) -> str:
    found = re.search(rf"http://faq\.test({re.escape(path)}[^\s\"<]+)", body)
    assert found, f"no {path} link in {body!r}"
    return found.group(1)


def confirm(client, app: Flask, email: str = READER) -> str:
    """Use the link of the first email, as its reader does; returns the token."""
    body = [m for m in messages(app, "notice_confirm") if m.recipient == email][-1].body_text
    path = link_in(body, "/notices/confirm/")
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    return path.rsplit("/", 1)[1]


def subscribed(app: Flask, email: str, choice: notices.Choice, *, confirmed: bool = True) -> str:
    with app.test_request_context():
        subscription = notices.subscribe(email, choice, site_links())
        if confirmed:
            notices.confirm(subscription)
        db.session.commit()
        return notices.token(subscription)


def announce_statement(app: Flask, content_dir, runner, *, editorial: bool = False) -> Version:
    """A new version of the statement, announced for a later day, brought in by a sync."""
    change = "change: editorial\n" if editorial else ""
    write_version(
        content_dir,
        "statement",
        days(90),
        f"title: Our GDPR statement\nsummary: We name our new DPO.\n{change}",
        "## Who we are\nExample Ltd.\n\n## Contact\nWrite to our new DPO.\n",
    )
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        version = db.session.scalar(db.select(Version).where(Version.effective == days(90)))
        db.session.expunge(version)
        return version


def fan_out(app: Flask, **kwargs) -> int:
    with app.app_context():
        return notices.fan_out(site_links(), **kwargs)


def drain(app: Flask) -> None:
    """Tell what earlier syncs announced, so that a test starts from a quiet outbox."""
    fan_out(app)
    with app.app_context():
        db.session.execute(db.delete(OutboxMessage))
        db.session.commit()


# Subscribing ----------------------------------------------------------------------------------


def test_the_statement_the_register_and_the_footer_link_to_the_form(client):
    assert 'href="/notices?statement=1"' in client.get("/gdpr").get_data(as_text=True)
    register = client.get("/subprocessors").get_data(as_text=True)
    assert 'href="/notices?register=1"' in register
    assert 'href="/notices"' in client.get("/faq").get_data(as_text=True)
    page = client.get("/notices?register=1").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*name="register"', page)
    assert not re.search(r'<input checked [^>]*name="statement"', page)
    both = client.get("/notices").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*name="statement"', both)
    assert re.search(r'<input checked [^>]*name="register"', both)
    # The privacy notice beside the form says what is kept, why and for how long.
    assert "keeps your email address, what you chose, when you asked and agreed" in both
    assert 'href="/gdpr"' in both  # rights and complaints: the statement
    assert "If you do not confirm within 7 days, we delete the address." in both


def test_subscribing_sends_the_confirmation_and_nothing_else(app, client, smtp_server):
    response = subscribe(client)
    assert response.status_code == 302 and response.location.endswith("/notices/sent")
    stored = the_subscription(app)
    assert stored.confirmed is None and stored.statement and stored.register
    assert stored.wording == "2026-12-07"
    [sent] = delivered(app, smtp_server)
    assert sent["To"] == READER
    assert sent["Subject"] == "Confirm that you want emails when our policies change"
    assert "List-Unsubscribe" not in sent  # not a notice: nothing to unsubscribe from yet
    text = sent.get_body(preferencelist=("plain",)).get_content()
    assert "the GDPR statement" in text and "the register of sub-processors" in text
    assert "/notices/confirm/" in text


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"statement": "", "register": ""}, "Choose the statement, the register, or both."),
        ({"email": "not-an-address"}, "Enter an email address like name@example.com."),
        ({"email": ""}, "Enter your email address: we send a link to it to confirm."),
    ],
)
def test_a_form_with_a_mistake_says_so_and_stores_nothing(app, client, fields, error):
    data = subscribe_form(client, **fields)
    for name, value in fields.items():
        if value == "" and name != "email":
            del data[name]  # an unticked box is not sent at all
    response = client.post("/notices", data=data)
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Subscription.id))) == 0
    assert messages(app) == []


def test_confirming_needs_the_button_not_just_the_link(app, client):
    subscribe(client)
    body = messages(app, "notice_confirm")[0].body_text
    path = link_in(body, "/notices/confirm/")
    # A mail scanner that opens the link confirms nothing.
    page = client.get(path)
    assert page.status_code == 200 and "Confirm your subscription" in page.get_data(as_text=True)
    assert the_subscription(app).confirmed is None
    response = client.post(path, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and "confirmed=1" in response.location
    assert the_subscription(app).confirmed is not None
    done = client.get(response.location).get_data(as_text=True)
    assert "your subscription is confirmed" in done and READER in done


@pytest.mark.parametrize("path", ["/notices/confirm/", "/notices/manage/", "/notices/unsubscribe/"])
def test_a_wrong_or_tampered_link_is_refused(app, client, path):
    token = subscribed(app, READER, notices.Choice(True, False))
    other = subscribed(app, "other@example.com", notices.Choice(True, False))
    handle, mac = token.split("-")
    wrong = [
        f"{handle}-{'0' * 32}",
        f"{other.split('-')[0]}-{mac}",  # one subscription's hash on another's handle
        "nonsense",
        f"{handle}-{mac}x",
    ]
    for value in wrong:
        response = client.get(path + value)
        if path == "/notices/unsubscribe/":
            # It says that no subscription is there, and claims to have ended none.
            assert response.status_code == 200
            assert "No subscription at this link" in response.get_data(as_text=True)
        else:
            assert response.status_code == 404, value
    assert the_subscription(app) is not None and the_subscription(app, "other@example.com")


def test_a_link_says_nothing_of_the_other_subscriptions(app):
    first = subscribed(app, "first@example.com", notices.Choice(True, False))
    second = subscribed(app, "second@example.com", notices.Choice(True, False))
    handles = [token.split("-")[0] for token in (first, second)]
    assert all(re.fullmatch(r"[0-9a-f]{16}", handle) for handle in handles)
    with app.app_context():
        ids = [notices.find(e).id for e in ("first@example.com", "second@example.com")]
    # The links name a random handle, not the row's number, which would count subscribers and
    # tell, by the gap between two of the sender's own, whether an address made a row.
    assert len(set(handles)) == 2
    assert not any(token.startswith(f"{n}-") for n, token in zip(ids, (first, second), strict=True))


def a_day_passes(app: Flask, email: str = READER) -> None:
    with app.app_context():
        notices.find(email).mailed -= dt.timedelta(days=1, seconds=1)
        db.session.commit()


def test_subscribing_again_tells_the_owner_and_changes_nothing(app, client):
    token = subscribed(app, READER, notices.Choice(False, True))
    a_day_passes(app)
    before = the_subscription(app)
    response = subscribe(client, email=READER.upper())
    # The same answer as for a new address: the form tells nobody who is subscribed.
    assert response.status_code == 302 and response.location.endswith("/notices/sent")
    after = the_subscription(app)
    assert (after.statement, after.register, after.confirmed) == (False, True, before.confirmed)
    [already] = messages(app, "notice_already")
    assert already.recipient == READER
    assert f"/notices/manage/{token}" in already.body_text


def test_check_your_email_shows_the_address_once_and_tells_nobody_who_subscribed(app, client):
    response = subscribe(client, email="Reader@Example.com")
    assert "reader" not in response.location.lower(), "never in an address, so never in a log"
    page = client.get(response.location)
    shown = '<strong class="sent-address">reader@example.com</strong>'
    assert f"We email a link to {shown}." in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store, private"
    # Once: opened again, or after a robot's send that stored nothing, it names no address.
    again = client.get("/notices/sent").get_data(as_text=True)
    assert "We email the address you gave a link." in again and "sent-address" not in again
    subscribe(client, website="http://spam.example")
    assert "sent-address" not in client.get("/notices/sent").get_data(as_text=True)

    # Someone else typing the address sees it as they typed it, not in the capitals it was
    # first stored in, which would tell them that it is subscribed.
    stranger = app.test_client()
    sent = stranger.get(subscribe(stranger, email=READER).location).get_data(as_text=True)
    assert shown in sent and "Reader@Example.com" not in sent


def test_the_form_cannot_be_used_to_flood_or_keep_an_address(app, client):
    """Sent again and again with someone's address, the form emails them once a day at most and
    never extends the seven days; the choice is the last one asked for, shown on the
    confirmation page before anyone agrees to it."""
    subscribe(client, register="")
    first = the_subscription(app)
    # From many places at once, as a robot sends it: each place's own limit is never reached.
    for n in range(6):
        assert subscribe(client, ip=f"203.0.113.{n}", statement="").status_code == 302
    assert len(messages(app, "notice_confirm")) == 1
    stored = the_subscription(app)
    assert (stored.statement, stored.register) == (False, True), "the last choice asked for"
    a_day_passes(app)
    subscribe(client, ip="198.51.100.7", statement="")
    again = messages(app, "notice_confirm")
    assert len(again) == 2
    # The same link, which still works: the person's own email stays good.
    links = [link_in(m.body_text, "/notices/confirm/") for m in again]
    assert links[0] == links[1] and client.get(links[0]).status_code == 200
    assert the_subscription(app).requested == first.requested


def test_a_link_not_used_within_seven_days_has_expired_and_purge_erases_it(app, client):
    subscribe(client)
    subscribed(app, "keeps@example.com", notices.Choice(True, True))
    with app.app_context():
        row = notices.find(READER)
        row.requested = utcnow() - dt.timedelta(days=7, minutes=1)
        db.session.commit()
    path = link_in(messages(app, "notice_confirm")[0].body_text, "/notices/confirm/")
    page = client.get(path)
    assert page.status_code == 410 and "This link has expired" in page.get_data(as_text=True)
    with app.app_context():
        report = retention.purge()
        db.session.commit()
        assert report.subscriptions_deleted == 1
        assert "1 change-notice subscriptions never confirmed" in str(report)
    assert the_subscription(app) is None
    assert the_subscription(app, "keeps@example.com") is not None


def test_forms_sent_all_at_once_are_stopped_at_the_burst_limit(app):
    """Sends made in parallel all pass the limit on forms taken, which is counted once each is
    answered; the burst limit, counted as each arrives, stops them at its size."""
    app.config["REQUEST_BURST_LIMIT"] = "5 per minute"
    ready = threading.Barrier(12)
    statuses: list[int] = []

    def send(number: int) -> None:
        client = app.test_client()
        data = subscribe_form(client, email=f"burst{number}@example.com")
        ready.wait(timeout=10)
        statuses.append(client.post("/notices", data=data).status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses).count(302) <= 5 and 429 in statuses, statuses
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Subscription.id))) <= 5


# Managing and unsubscribing -------------------------------------------------------------------


def test_a_subscriber_changes_the_choice(app, client):
    subscribe(client)
    token = confirm(client, app)
    page = client.get(f"/notices/manage/{token}")
    response = client.post(
        f"/notices/manage/{token}",
        data={"csrf_token": csrf_token(page), "register": "y", "editorial": "y"},
    )
    assert response.status_code == 200 and "Your choice is saved." in response.get_data(
        as_text=True
    )
    stored = the_subscription(app)
    assert (stored.statement, stored.register, stored.editorial) == (False, True, True)
    wrong = client.post(f"/notices/manage/{token}", data={"csrf_token": csrf_token(page)})
    assert wrong.status_code == 400
    assert "Choose the statement, the register, or both." in wrong.get_data(as_text=True)
    assert the_subscription(app).register, "a refused change changes nothing"


def test_unsubscribing_from_the_page_erases_the_address(app, client, content_dir, runner):
    token = subscribed(app, READER, notices.Choice(True, True))
    subscribed(app, "stays@example.com", notices.Choice(True, True))
    drain(app)
    announce_statement(app, content_dir, runner)
    assert fan_out(app) == 2  # queued, not yet sent
    page = client.get(f"/notices/unsubscribe/{token}")
    assert page.status_code == 200 and the_subscription(app) is not None
    response = client.post(f"/notices/unsubscribe/{token}", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.location.endswith("/notices/gone")
    assert "we have erased it" in client.get(response.location).get_data(as_text=True)
    assert the_subscription(app) is None
    # Its notice waiting in the outbox went with it; the other subscriber's stays.
    assert [m.recipient for m in messages(app)] == ["stays@example.com"]


def test_one_click_unsubscribe_works_without_a_form_as_rfc_8058_asks(app, client):
    token = subscribed(app, READER, notices.Choice(True, True))
    # A mail program's POST carries only this field: no CSRF token, no cookie.
    refused = client.post(f"/notices/one-click/{token}", data={"something": "else"})
    assert refused.status_code == 400 and the_subscription(app) is not None
    response = client.post(f"/notices/one-click/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert the_subscription(app) is None
    again = client.post(f"/notices/one-click/{token}", data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200, "a second click answers calmly"
    # Its token is the only key: a guessed one ends nothing.
    other = subscribed(app, "other@example.com", notices.Choice(True, True))
    handle = other.split("-")[0]
    client.post(f"/notices/one-click/{handle}-{'a' * 32}", data={"List-Unsubscribe": "One-Click"})
    assert the_subscription(app, "other@example.com") is not None
    # Opened in a browser, the one-click address shows the unsubscribe page and its button.
    page = client.get(f"/notices/one-click/{other}")
    assert page.status_code == 200 and "Unsubscribe and erase my address" in page.get_data(
        as_text=True
    )
    assert the_subscription(app, "other@example.com") is not None


# Announcing and telling -----------------------------------------------------------------------


def test_the_first_sync_announces_the_versions_to_come_and_a_second_sync_nothing(app, runner):
    with app.app_context():
        announced = {
            db.session.get(Version, a.version_id).effective
            for a in db.session.scalars(db.select(Announcement))
        }
    assert announced == {FUTURE}, "the statement's and the register's versions to come"
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Announcement.id))) == 2


def test_an_announced_version_rewritten_before_it_takes_effect_is_told_again(
    app, content_dir, runner
):
    drain(app)
    subscribed(app, READER, notices.Choice(True, False))
    announce_statement(app, content_dir, runner)
    assert fan_out(app) == 1
    # The version announced for a later day is rewritten before it takes effect: told anew.
    path = content_dir / "statement" / f"{days(90).isoformat()}.md"
    path.write_text(path.read_text("utf-8").replace("our new DPO", "our new DPO, Ms Example"))
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert fan_out(app) == 1
    told = [m.body_text for m in messages(app, "change_notice")]
    assert "our new DPO, Ms Example" in told[-1] and "Ms Example" not in told[0]
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert fan_out(app) == 0, "the same words are not told twice"


def test_a_notice_waits_behind_a_persons_email_and_a_failed_telling_stops_no_mail(
    app, content_dir, runner, smtp_server, caplog, monkeypatch
):
    drain(app)
    subscribed(app, READER, notices.Choice(True, False))
    drain(app)  # and the first email with it
    announce_statement(app, content_dir, runner)
    fan_out(app)
    with app.app_context():
        outbox.queue("question_answered", "asker@example.com", {"answer_url": "http://faq.test/"})
        db.session.commit()
    with app.app_context():
        report = outbox.deliver(limit=1)
    assert report.sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["asker@example.com"], "the person first"

    def broken(_link, **_kwargs):
        raise ValueError("a template went wrong")

    monkeypatch.setattr(mail_cli, "fan_out", broken)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Change notices could not be queued" in caplog.text
    assert len(smtp_server.messages) == 2, "the outbox was sent all the same"


def test_each_subscriber_is_told_once_of_what_they_chose(app, client, content_dir, runner):
    drain(app)
    subscribed(app, "both@example.com", notices.Choice(True, True))
    subscribed(app, "register@example.com", notices.Choice(False, True))
    subscribed(app, "statement@example.com", notices.Choice(True, False))
    subscribed(app, "waiting@example.com", notices.Choice(True, True), confirmed=False)
    announce_statement(app, content_dir, runner)
    assert fan_out(app) == 2
    assert fan_out(app) == 0, "never twice"
    told = messages(app, "change_notice")
    assert sorted(m.recipient for m in told) == ["both@example.com", "statement@example.com"]
    notice = told[0]
    assert notice.subject == f"Our GDPR statement changes on {days(90).strftime('%-d %B %Y')}"
    assert "We name our new DPO." in notice.body_text
    assert f"/gdpr/changes/{FUTURE.isoformat()}..{days(90).isoformat()}" in notice.body_text
    assert notice.unsubscribe.startswith("http://faq.test/notices/one-click/")


def test_an_editorial_change_goes_only_to_those_who_asked_for_them(app, content_dir, runner):
    drain(app)
    subscribed(app, "all@example.com", notices.Choice(True, False, editorial=True))
    subscribed(app, "material@example.com", notices.Choice(True, False))
    announce_statement(app, content_dir, runner, editorial=True)
    assert fan_out(app) == 1
    [told] = messages(app, "change_notice")
    assert told.recipient == "all@example.com"
    assert "It is an editorial change: the meaning stays the same." in told.body_text


def test_a_register_notice_names_the_providers_and_links_the_objection_form(
    app, content_dir, runner
):
    subscribed(app, "customer@example.com", notices.Choice(False, True))
    # The register's version to come was announced by the first sync: the worker tells it now.
    assert fan_out(app) == 1
    [told] = messages(app, "change_notice")
    assert told.subject == f"Our sub-processors change on {FUTURE.strftime('%-d %B %Y')}"
    assert "New sub-processors: Maplewatch Support Inc." in told.body_text
    assert "Sub-processors we stop using: Signalpost SMS Ltd" in told.body_text
    assert "Sub-processors whose entry changes: Postwick Mail Inc." in told.body_text
    assert "http://faq.test/subprocessors/object" in told.body_text
    # A later version of the register, for a subscriber who came after: told of that alone.
    write_register(content_dir, days(120), "Drops Postwick.", REGISTER_HOST, REGISTER_SUPPORT)
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    assert fan_out(app) == 1
    assert len(messages(app, "change_notice")) == 2
    assert REGISTER_MAIL  # the row dropped is named in the notice
    assert (
        "Sub-processors we stop using: Postwick Mail Inc."
        in messages(app, "change_notice")[-1].body_text
    )


def test_a_notice_arrives_with_one_click_unsubscribe_headers_and_forgets_them(
    app, content_dir, runner, smtp_server
):
    drain(app)
    token = subscribed(app, READER, notices.Choice(True, False))
    announce_statement(app, content_dir, runner)
    fan_out(app)
    [sent] = [m for m in delivered(app, smtp_server) if "List-Unsubscribe" in m]
    # Written whole, never folded into an encoded word a mail program would not read.
    assert sent["List-Unsubscribe"] == f"<http://faq.test/notices/one-click/{token}>"
    [raw] = [r for r in smtp_server.raw if b"List-Unsubscribe:" in r]
    assert f"\r\nList-Unsubscribe: <http://faq.test/notices/one-click/{token}>\r\n".encode() in raw
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = sent.get_body(preferencelist=("plain",)).get_content()
    assert f"http://faq.test/notices/manage/{token}" in text
    assert f"http://faq.test/notices/unsubscribe/{token}" in text
    html = sent.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://faq.test/notices/unsubscribe/{token}"' in html
    [row] = messages(app, "change_notice")
    assert row.sent is not None and row.unsubscribe is None and row.recipient is None


def test_the_mail_worker_queues_the_notices_before_sending(app, content_dir, runner, smtp_server):
    drain(app)
    subscribed(app, READER, notices.Choice(True, False))
    announce_statement(app, content_dir, runner)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Queued 1 change notices." in result.output
    [notice] = [m for m in smtp_server.messages if m["Subject"].startswith("Our GDPR statement")]
    assert notice["To"] == READER


def test_a_version_withdrawn_before_its_telling_is_told_to_nobody(app, content_dir, runner):
    drain(app)
    subscribed(app, READER, notices.Choice(True, False))
    version = announce_statement(app, content_dir, runner)
    with app.app_context():
        db.session.get(Version, version.id).withdrawn = utcnow()
        db.session.commit()
    assert fan_out(app) == 0
    with app.app_context():
        [announcement] = db.session.scalars(
            db.select(Announcement).where(Announcement.version_id == version.id)
        ).all()
        assert announcement.finished is not None


def test_workers_on_several_hosts_tell_each_subscriber_once(app, content_dir, runner):
    """Three workers, each with its own connection, as on three hosts, all look at the cursor
    before any moves it; batches of 7 make them race again and again."""
    drain(app)
    readers = [f"reader{n}@example.com" for n in range(40)]
    for reader in readers:
        subscribed(app, reader, notices.Choice(True, False))
    announce_statement(app, content_dir, runner)
    with app.app_context():
        engine = db.engine
    looked = threading.Barrier(3)
    waited: set[int] = set()

    def wait_for_the_others(_connection, _cursor, statement, *_args) -> None:
        if statement.startswith("SELECT subscription.") and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            looked.wait(timeout=10)

    counts: list[int] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            counts.append(fan_out(app, batch=7))
        except BaseException as error:
            failures.append(error)

    event.listen(engine, "after_cursor_execute", wait_for_the_others)
    try:
        threads = [threading.Thread(target=work) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "after_cursor_execute", wait_for_the_others)
    assert failures == []
    assert len(waited) == 3, "all three read the same cursor before any moved it"
    assert sum(counts) == 40
    told = sorted(m.recipient for m in messages(app, "change_notice"))
    assert told == sorted(readers), "each subscriber once"


# A person's data ------------------------------------------------------------------------------


def test_find_export_and_erase_cover_the_subscription(app):
    subscribed(app, READER, notices.Choice(True, False, editorial=True))
    with app.test_request_context():
        holdings = subjects.find(READER.upper())
        assert [s.email for s in holdings.subscriptions] == [READER]
        exported = subjects.export(holdings)
        [row] = exported["change_notice_subscriptions"]
        assert row["email"] == READER and row["editorial"] is True
        assert "handle" not in row
        assert "handle" in exported["withheld"]["change_notice_subscriptions"]
        assert row["wording_agreed_to"].startswith("Email me when the GDPR statement")
        report = subjects.erase(holdings, by=audit.SYSTEM)
        db.session.commit()
        assert report.subscriptions_deleted == 1
    assert the_subscription(app) is None


def test_a_subscription_the_rate_limit_refuses_gets_the_form_back_with_why(app, client):
    for number in range(3):
        assert subscribe(client, email=f"reader{number}@example.com").status_code == 302
    refused = subscribe(client, email="kept@example.com", register="")
    assert refused.status_code == 429
    assert refused.headers["Cache-Control"] == "no-store, private"
    # The form again, as it was sent, with why it was not taken: ready to send once more.
    html = refused.get_data(as_text=True)
    assert 'class="error-summary" role="alert"' in html
    assert "so we have not taken it. What you typed is kept below" in html
    assert 'value="kept@example.com"' in html
    assert '<input checked id="statement" name="statement"' in html
    assert '<input id="register" name="register"' in html
    assert csrf_token(refused) and form_field(refused, "started")
    with app.app_context():
        stored = db.session.scalars(db.select(Subscription.email)).all()
    assert "kept@example.com" not in stored
