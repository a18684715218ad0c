"""Odd input anywhere gives a clear 4xx, never a 500: on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest

from faq_site.forms import cleaned

from actions import csrf_token
from smtp_server import delivered


@pytest.mark.parametrize(
    "url",
    [
        "/ask/status/a%00b",
        "/requests/status/a%00b",
        "/requests/status/a%00b/answer",
        "/gdpr?x=%00",
        "/faq/feed.atom?q=%00",
    ],
)
def test_a_nul_byte_in_an_address_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/questions/3000000000",
        "/admin/questions/99999999999999999999",
        "/admin/answers/2147483648",
        "/admin/requests/3000000000",
    ],
)
def test_ids_too_large_for_any_row_name_nothing(admin_client, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize("number", ["3000000000", "99999999999999999999"])
def test_an_id_too_large_for_any_row_in_a_post_names_nothing(admin_client, number):
    token = csrf_token(admin_client.get("/admin/"))
    response = admin_client.post(
        f"/admin/moderators/{number}/deactivate", data={"csrf_token": token}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?page=99999999999999999999",
        "?page=-1",
        "?page=abc",
        "?page=%C2%B2",  # a superscript two: a digit to str.isdigit, not to int()
        "?page=%D9%A3",  # an Arabic-Indic three
        "?until=9999-12-31",
        "?since=0000-01-01",
        "?action=%00",
        "?actor=" + "x" * 5000,
    ],
)
def test_odd_list_parameters_never_crash_the_panel(admin_client, query):
    for path in ("/admin/audit", "/admin/questions", "/admin/requests/"):
        assert admin_client.get(path + query).status_code < 500, (path, query)


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A3", "abc", "-1", "99999999999"])
def test_odd_page_numbers_never_crash_a_public_list(synced, client, page):
    for path in ("/search?q=data&page=", "/faq/all?page=", "/faq/categories/basics?page="):
        assert client.get(path + page).status_code < 500, (path, page)


def test_a_nul_byte_in_a_panel_form_is_a_400(client, moderator):
    page = client.get("/admin/sign-in")
    response = client.post(
        "/admin/sign-in",
        data={"csrf_token": csrf_token(page), "email": "a\x00@example.com", "password": "x"},
    )
    assert response.status_code == 400


def test_links_in_emails_never_take_the_host_from_the_request(app, smtp_server):
    """Without SERVER_NAME, the configured SITE_URL alone decides the host of every link, even
    when the site also answers another name."""
    app.config.update(
        SERVER_NAME=None, SITE_URL="https://gdpr.example", ALLOWED_HOSTS="gdpr.example,old.example"
    )
    client = app.test_client()
    page = client.get("/requests/new", headers={"Host": "old.example"})
    from actions import form_field

    response = client.post(
        "/requests/new",
        headers={"Host": "old.example"},
        data={
            "csrf_token": csrf_token(page),
            "started": form_field(page, "started"),
            "submission": form_field(page, "submission"),
            "right": "access",
            "name": "Ann Example",
            "email": "ann@example.com",
            "details": "All of it.",
        },
    )
    assert response.status_code == 302
    (message,) = delivered(app, smtp_server)
    text = message.get_body(("plain",)).get_content()
    assert "https://gdpr.example/requests/confirm/" in text and "old.example" not in text


def test_text_that_shows_nothing_is_no_text():
    """Every form's text filter: zero-width spaces, joiners, bidirectional marks or a combining
    mark alone are as empty as spaces, so a required field says so; text that shows keeps its
    joiners (an emoji family, a Hindi conjunct)."""
    for nothing in ("\u200b\u200b", " \u200d ", "\u2060", "\u0301", "\u200e\u00a0"):
        assert cleaned(nothing) == "", repr(nothing)
    for text in ("Ann", "\u0915\u094d\u200d\u0937", "\U0001f468\u200d\U0001f469", "?"):
        assert cleaned(text) == text, repr(text)
    assert cleaned(None) is None
