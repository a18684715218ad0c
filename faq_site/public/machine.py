"""Addresses read by programs: Atom feeds, the sitemap, robots.txt, the icon and the health
check."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, jsonify, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from .. import documents, health
from ..clock import now, today
from ..http_cache import no_store, public_cache
from ..models import DocumentKind, Version
from ..urls import absolute
from .pages import DocumentPage

bp = Blueprint("machine", __name__)
log = logging.getLogger(__name__)

# Atom, served as XML: a browser then lays it out with static/feed.css as a readable page, where
# it shows application/atom+xml as raw text; feed readers read it as Atom all the same.
ATOM = "application/xml; charset=utf-8"


def _updated(version: Version, today: dt.date) -> dt.datetime:
    """When a feed entry last changed: the day it took effect, or for an announced version, the
    moment it was announced."""
    if version.effective <= today:
        zone = ZoneInfo(current_app.config["SITE_TIMEZONE"])
        return dt.datetime.combine(version.effective, dt.time(), tzinfo=zone)
    return version.created


def entry_when(version: Version, page: DocumentPage, today: dt.date) -> str:
    """What happened to the text in a feed entry, and on which day, as a person would say it."""
    date = format_date(version.effective, "long")
    if version.effective > today:
        return _("Takes effect on %(date)s", date=date)
    if page.timeline.earlier_shown(version) is None:
        return _("Published on %(date)s", date=date)
    return _("Updated on %(date)s", date=date)


def _feed(kind: DocumentKind, title: str, self_endpoint: str, alternate_endpoint: str):
    day = today()
    items = []
    for version, entry in documents.feed_versions(kind, current_app.config["FEED_LENGTH"]):
        page = DocumentPage(entry)
        when = entry_when(version, page, day)
        items.append(
            {
                "version": version,
                "page": page,
                "when": when,
                "title": _("%(when)s: %(title)s", when=when, title=version.title),
                "updated": _updated(version, day),
            }
        )
    updated = max((item["updated"] for item in items), default=now())
    body = render_template(
        "machine/feed.atom.xml",
        items=items,
        title=title,
        updated=updated,
        today=day,
        self_url=absolute(url_for(self_endpoint)),
        alternate_url=absolute(url_for(alternate_endpoint)),
    )
    return body, 200, {"Content-Type": ATOM}


@bp.get("/gdpr/feed.atom")
@public_cache
def statement_feed():
    return _feed(
        DocumentKind.STATEMENT,
        _("%(company)s GDPR statement", company=current_app.config["COMPANY_NAME"]),
        "machine.statement_feed",
        "public.statement_versions",
    )


@bp.get("/faq/feed.atom")
@public_cache
def faq_feed():
    return _feed(
        DocumentKind.FAQ,
        _("%(company)s GDPR FAQ", company=current_app.config["COMPANY_NAME"]),
        "machine.faq_feed",
        "public.faq",
    )


@bp.get("/subprocessors/feed.atom")
@public_cache
def register_feed():
    return _feed(
        DocumentKind.REGISTER,
        _("%(company)s sub-processors", company=current_app.config["COMPANY_NAME"]),
        "machine.register_feed",
        "public.subprocessors",
    )


@bp.get("/sitemap.xml")
@public_cache
def sitemap():
    pages = []
    shown_whole = [documents.statement(), documents.register()]
    entries = [entry for entry in shown_whole if entry] + documents.faq_entries()
    for entry in entries:
        page = DocumentPage(entry)
        newest = entry.timeline.current
        pages.append((absolute(page.url()), newest.effective if newest else None))
        pages.append((absolute(page.history_url()), newest.effective if newest else None))
        pages.extend(
            (absolute(page.version_url(v)), min(v.effective, v.created.date()))
            for v in entry.timeline.shown
        )
    latest = max((lastmod for _, lastmod in pages if lastmod), default=None)
    pages[:0] = [
        (absolute(url_for("public.home")), latest),
        (absolute(url_for("public.faq")), latest),
        (absolute(url_for("public.faq_all")), latest),
        (absolute(url_for("public.transparency")), None),
    ]
    body = render_template("machine/sitemap.xml", pages=pages)
    return body, 200, {"Content-Type": "application/xml; charset=utf-8"}


@bp.get("/robots.txt")
@public_cache
def robots():
    body = render_template("machine/robots.txt", sitemap=absolute(url_for("machine.sitemap")))
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers and feed readers ask for /favicon.ico whatever the page says: they get the
    site's icon (an SVG, which browsers take at this address too) rather than a 404."""
    response = current_app.send_static_file("favicon.svg")
    response.headers["Content-Type"] = "image/svg+xml"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/healthz")
def healthz():
    code, report = health.check()
    return no_store(jsonify(report)), code
