"""The site answers its own host names only: another name, or one that cannot be parsed, is a
plain 400 with one log line, never a crash, and never an entry in the page cache. Logs carry no
private token or query string, whichever logger writes them."""

from __future__ import annotations

import logging

import pytest

from faq_site.hosts import allowed_names, answers_for, split_host
from faq_site.logs import redact

LONG_LABEL = "a" * 64 + ".example"


@pytest.fixture
def site(synced):
    synced.config.update(SERVER_NAME=None, SITE_URL="https://gdpr.example")
    return synced


def test_the_sites_own_name_is_answered_and_others_refused(site, caplog):
    client = site.test_client()
    assert client.get("/faq", headers={"Host": "gdpr.example"}).status_code == 200
    assert client.get("/faq", headers={"Host": "GDPR.example:443"}).status_code == 200
    caplog.clear()
    for host in ("evil.example", "gdpr.example.evil.example", LONG_LABEL, "x..y", "a b", ""):
        response = client.get("/faq", headers={"Host": host})
        assert response.status_code == 400, host
        assert b"does not answer for that host name" in response.get_data()
        assert response.headers["Cache-Control"] == "no-store"
    refusals = [r for r in caplog.records if "Refused a request for a host name" in r.message]
    assert len(refusals) == len(caplog.records) == 6
    assert "evil" not in caplog.text
    assert "aaaa" not in caplog.text


def test_a_name_werkzeug_cannot_encode_is_a_400_even_with_no_site_url(synced, caplog):
    """Before the guard, a label over 63 characters crashed the routing and the error page."""
    synced.config.update(SERVER_NAME=None, SITE_URL=None)
    client = synced.test_client()
    for path in ("/", "/faq", "/no-such-page", "/ask"):
        assert client.get(path, headers={"Host": LONG_LABEL}).status_code == 400
    assert "Traceback" not in caplog.text
    assert len(caplog.records) == 4


def test_made_up_host_names_never_reach_the_page_cache(site):
    client = site.test_client()
    for number in range(300):
        client.get("/robots.txt", headers={"Host": f"{'h' * 60}{number}.example"})
    assert site.extensions["page_cache"].pages == {}


def test_the_health_check_answers_whatever_the_name(site):
    client = site.test_client()
    assert client.get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": LONG_LABEL}).status_code == 400


def test_allowed_names_come_from_the_setting_then_the_site_url():
    assert allowed_names({"SITE_URL": "https://gdpr.example:8443/"}) == ("gdpr.example",)
    assert allowed_names({"ALLOWED_HOSTS": "a.example, .b.example", "SITE_URL": "https://c"}) == (
        "a.example",
        ".b.example",
    )
    assert allowed_names({"SITE_URL": "http://127.0.0.1:5000", "DEBUG": True}) == (
        "127.0.0.1",
        "localhost",
        "127.0.0.1",
        "[::1]",
    )
    assert allowed_names({}) is None
    names = allowed_names({"ALLOWED_HOSTS": ["gdpr.example", ".staging.example"]})
    assert answers_for("eu.staging.example", names)
    assert not answers_for("staging.example.evil", names)
    assert not answers_for("evilgdpr.example", names)


@pytest.mark.parametrize(
    ("header", "parts"),
    [
        ("gdpr.example", ("gdpr.example", "")),
        ("GDPR.Example.:8080", ("gdpr.example", "8080")),
        ("[::1]:5000", ("[::1]", "5000")),
        ("127.0.0.1", ("127.0.0.1", "")),
        ("gdpr.example:99999", None),
        ("-bad.example", None),
        ("under_score.example", None),
        ("a" * 63 + ".example", ("a" * 63 + ".example", "")),
        (LONG_LABEL, None),
        (".".join(["abcdefgh"] * 29), None),
        ("", None),
    ],
)
def test_host_headers_are_parsed_strictly(header, parts):
    assert split_host(header) == parts


def test_private_tokens_and_query_strings_are_redacted_from_any_log_line(synced, caplog):
    text = '"GET /requests/status/Wk7-secret/answer?q=my+words HTTP/1.1" 200 and /ask/status/Zx9'
    assert redact(text) == (
        '"GET /requests/status/<private>/answer?<query> HTTP/1.1" 200 and /ask/status/<private>'
    )
    caplog.set_level(logging.INFO)
    logging.getLogger("werkzeug").info('"GET /requests/confirm/Qy8.signed/ HTTP/1.1" 200 -')
    synced.logger.error("Exception on /ask/status/Zx9-token [GET]")
    assert "Qy8" not in caplog.text
    assert "Zx9" not in caplog.text
    assert caplog.text.count("<private>") == 2


def test_a_crash_on_a_private_page_logs_its_path_redacted(synced, caplog, monkeypatch):
    synced.config["PROPAGATE_EXCEPTIONS"] = False

    def crash(token: str):
        raise RuntimeError(f"something broke while showing {token[:0]}a status page")

    monkeypatch.setitem(synced.view_functions, "questions.status", crash)
    response = synced.test_client().get("/ask/status/Zx9-private-token?q=my+own+words")
    assert response.status_code == 500
    assert "Exception on /ask/status/<private> [GET]" in caplog.text
    assert "Traceback" in caplog.text
    assert "Zx9" not in caplog.text
    assert "own words" not in caplog.text
