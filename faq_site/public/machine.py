"""Addresses read by programs: Atom feeds, the sitemap, robots.txt and the health check."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, jsonify, render_template, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import documents
from ..clock import now
from ..documents import Entry
from ..extensions import db
from ..http_cache import no_store, public_cache
from ..models import Version
from .pages import DocumentPage

bp = Blueprint("machine", __name__)
log = logging.getLogger(__name__)

ATOM = "application/atom+xml; charset=utf-8"


def _updated(version: Version, today: dt.date) -> dt.datetime:
    """When a feed entry last changed: the day it took effect, or for an announced version, the
    moment it was announced."""
    if version.effective <= today:
        zone = ZoneInfo(current_app.config["SITE_TIMEZONE"])
        return dt.datetime.combine(version.effective, dt.time(), tzinfo=zone)
    return version.created


def _feed(entries: list[Entry], title: str, self_endpoint: str, alternate_endpoint: str):
    today = now().date()
    items = [
        {"version": version, "page": DocumentPage(entry), "updated": _updated(version, today)}
        for version, entry in documents.recent_versions(entries, current_app.config["FEED_LENGTH"])
    ]
    updated = max((item["updated"] for item in items), default=now())
    body = render_template(
        "machine/feed.atom.xml",
        items=items,
        title=title,
        updated=updated,
        today=today,
        self_url=url_for(self_endpoint, _external=True),
        alternate_url=url_for(alternate_endpoint, _external=True),
    )
    return body, 200, {"Content-Type": ATOM}


@bp.get("/gdpr/feed.atom")
@public_cache
def statement_feed():
    statement = documents.statement()
    return _feed(
        [statement] if statement else [],
        current_app.config["COMPANY_NAME"] + " GDPR statement",
        "machine.statement_feed",
        "public.statement_versions",
    )


@bp.get("/faq/feed.atom")
@public_cache
def faq_feed():
    return _feed(
        documents.all_faq_entries(),
        current_app.config["COMPANY_NAME"] + " GDPR FAQ",
        "machine.faq_feed",
        "public.faq",
    )


@bp.get("/sitemap.xml")
@public_cache
def sitemap():
    pages = []
    statement = documents.statement()
    entries = ([statement] if statement else []) + documents.faq_entries()
    for entry in entries:
        page = DocumentPage(entry)
        newest = entry.timeline.current
        pages.append((page.url(_external=True), newest.effective if newest else None))
        pages.append((page.history_url(_external=True), newest.effective if newest else None))
        pages.extend(
            (page.version_url(v, _external=True), min(v.effective, v.created.date()))
            for v in entry.timeline.versions
        )
    latest = max((lastmod for _, lastmod in pages if lastmod), default=None)
    pages[:0] = [
        (url_for("public.home", _external=True), latest),
        (url_for("public.faq", _external=True), latest),
    ]
    body = render_template("machine/sitemap.xml", pages=pages)
    return body, 200, {"Content-Type": "application/xml; charset=utf-8"}


@bp.get("/robots.txt")
@public_cache
def robots():
    body = render_template("machine/robots.txt", sitemap=url_for("machine.sitemap", _external=True))
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("health check: database unavailable (%s)", type(error).__name__)
        return no_store(jsonify(status="error", database="unavailable")), 503
    return no_store(jsonify(status="ok", database="ok"))
