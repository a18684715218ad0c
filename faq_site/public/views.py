"""The reading side: home, the GDPR statement and the FAQ, their histories and changes."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import Gone

from .. import documents, register
from ..clock import today
from ..diffing import diff, spoken
from ..documents import Entry
from ..extensions import db
from ..http_cache import public_cache
from ..inputs import page_number
from ..models import Category, Version
from ..objections import workflow as objections
from ..transparency import quarterly_figures
from .pages import DocumentPage

bp = Blueprint("public", __name__)


@bp.app_template_filter("spoken")
def spoken_changes(html):
    return spoken(html, added=_("added:"), removed=_("removed:"))


RECENT_CHANGES = 6


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_HEADING_ID = re.compile(r'(<h[1-6][^>]*?) id="[^"]*"')
_HEADER_LINK = re.compile(r'<a [^>]*class="headerlink"[^>]*>.*?</a>', re.S)


@bp.app_template_filter("nested_answer")
def nested_answer(html: str, under: int = 3) -> Markup:
    """An answer's text shown under a heading of level `under`, beside other answers: its own
    headings one level deeper each (at most h6), without the ids and permalinks that would
    repeat from one answer to the next."""
    html = _HEADER_LINK.sub("", _HEADING_ID.sub(r"\1", str(html)))
    shift = under - 1
    # The sanitised HTML of a version, with only its heading tags renamed.
    return Markup(  # noqa: S704 # nosec B704
        _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}", html)
    )


@bp.get("/")
@public_cache
def home():
    statement = documents.statement()
    counts = documents.category_counts()
    recent = [
        (version, DocumentPage(entry))
        for version, entry in documents.recent_changes(RECENT_CHANGES)
    ]
    return render_template(
        "public/home.html",
        statement=DocumentPage(statement) if statement else None,
        category_count=len(counts),
        entry_count=sum(counts.values()),
        recent=recent,
    )


@bp.get("/transparency")
# Its figures move with every request and question, not with the content.
@public_cache(in_worker=False)
def transparency():
    return render_template(
        "public/transparency.html",
        quarters=quarterly_figures(today()),
        active=None,
    )


# The statement


def _statement() -> Entry:
    entry = documents.statement()
    if entry is None or not entry.timeline.versions:
        abort(404, description=_("The GDPR statement has not been published yet."))
    return entry


@bp.get("/gdpr")
@public_cache
def statement():
    return _show_current(_statement(), active="statement")


@bp.get("/gdpr/versions")
@public_cache
def statement_versions():
    return _show_history(_statement(), active="statement")


@bp.get("/gdpr/versions/<isodate:effective>")
@public_cache
def statement_version(effective: dt.date):
    return _show_version(_statement(), effective, active="statement")


@bp.get("/gdpr/changes/<isodate:from_date>..<isodate:to_date>")
@public_cache(reads=("show",))
def statement_changes(from_date: dt.date, to_date: dt.date):
    return _show_changes(_statement(), from_date, to_date, active="statement")


@bp.get("/gdpr/changes")
def statement_compare():
    return _compare(_statement())


# The FAQ


@bp.get("/faq")
@public_cache
def faq():
    sections = documents.faq_sections(shown=current_app.config["FAQ_SECTION_SIZE"])
    return render_template("public/faq.html", sections=sections, active="faq")


@bp.get("/faq/all")
@public_cache(reads=("page",))
def faq_all():
    """Every answer on one page, with its heading and anchor, to read through or print."""
    page, per_page = page_number(), current_app.config["FAQ_ALL_PAGE_SIZE"]
    sections, total = documents.all_answers(page, per_page)
    if not sections and page > 1:
        abort(404, description=_("This list has fewer pages."))
    return render_template(
        "public/faq_all.html",
        sections=sections,
        total=total,
        page=page,
        pages=max(1, -(-total // per_page)),
        active="faq",
    )


@bp.get("/faq/categories/<slug:slug>")
@public_cache(reads=("page",))
def faq_category(slug: str):
    category = db.first_or_404(db.select(Category).where(Category.slug == slug))
    page, per_page = page_number(), current_app.config["FAQ_PAGE_SIZE"]
    entries, total = documents.category_page(category, page, per_page)
    if not entries and page > 1:
        abort(404, description=_("This list has fewer pages."))
    return render_template(
        "public/category.html",
        category=category,
        entries=entries,
        total=total,
        page=page,
        pages=max(1, -(-total // per_page)),
        active="faq",
    )


def _faq_entry(slug: str) -> Entry:
    entry = documents.faq_entry(slug)
    if entry is None or not entry.timeline.versions:
        abort(404, description=_("There is no FAQ entry at this address."))
    if entry.document.withdrawn is not None:
        raise Gone(
            description=_(
                "This answer was taken down on %(date)s. The reason: %(reason)s",
                date=format_date(entry.document.withdrawn, "long"),
                reason=entry.document.withdrawn_reason,
            )
        )
    return entry


@bp.get("/faq/<slug:slug>")
@public_cache
def faq_entry(slug: str):
    return _show_current(_faq_entry(slug), active="faq")


@bp.get("/faq/<slug:slug>/versions")
@public_cache
def faq_entry_versions(slug: str):
    return _show_history(_faq_entry(slug), active="faq")


@bp.get("/faq/<slug:slug>/versions/<isodate:effective>")
@public_cache
def faq_entry_version(slug: str, effective: dt.date):
    return _show_version(_faq_entry(slug), effective, active="faq")


@bp.get("/faq/<slug:slug>/changes/<isodate:from_date>..<isodate:to_date>")
@public_cache(reads=("show",))
def faq_entry_changes(slug: str, from_date: dt.date, to_date: dt.date):
    return _show_changes(_faq_entry(slug), from_date, to_date, active="faq")


@bp.get("/faq/<slug:slug>/changes")
def faq_entry_compare(slug: str):
    return _compare(_faq_entry(slug))


# The sub-processor register


def _register() -> Entry:
    entry = documents.register()
    if entry is None or not entry.timeline.versions:
        abort(404, description=_("The register of sub-processors has not been published yet."))
    return entry


def _row_changes(old: Version, new: Version) -> list[register.RowChange]:
    return register.compare(register.from_json(old.markdown), register.from_json(new.markdown))


@bp.get("/subprocessors")
@public_cache
def subprocessors():
    entry = _register()
    current = entry.timeline.current
    announced = [
        (version, _row_changes(current, version) if current else [])
        for version in entry.timeline.upcoming
    ]
    return render_template(
        "public/register.html",
        page=DocumentPage(entry),
        announced=announced,
        notice_days=current_app.config["SUBPROCESSOR_NOTICE_DAYS"],
        columns=register.COLUMNS,
        can_object=bool(objections.announced()),
        active="subprocessors",
    )


@bp.get("/subprocessors/versions")
@public_cache
def subprocessors_versions():
    return _show_history(_register(), active="subprocessors")


@bp.get("/subprocessors/versions/<isodate:effective>")
@public_cache
def subprocessors_version(effective: dt.date):
    return _show_version(_register(), effective, active="subprocessors")


@bp.get("/subprocessors/changes/<isodate:from_date>..<isodate:to_date>")
@public_cache
def subprocessors_changes(from_date: dt.date, to_date: dt.date):
    return _show_changes(_register(), from_date, to_date, active="subprocessors")


@bp.get("/subprocessors/changes")
def subprocessors_compare():
    return _compare(_register())


# Shared by the statement, the FAQ and the register


def _show_current(entry: Entry, active: str):
    return render_template("public/document.html", page=DocumentPage(entry), active=active)


def _show_history(entry: Entry, active: str):
    return render_template("public/history.html", page=DocumentPage(entry), active=active)


def _show_version(entry: Entry, effective: dt.date, active: str):
    version = entry.timeline.on(effective)
    if version is None:
        abort(
            404,
            description=_(
                "There is no version of this text dated %(date)s.", date=effective.isoformat()
            ),
        )
    if version.withdrawn is not None:
        return _show_withdrawn(entry, [version], active=active)
    return render_template(
        "public/version.html", page=DocumentPage(entry), version=version, active=active
    )


def _show_withdrawn(entry: Entry, versions: list, active: str, changes: bool = False):
    """A withdrawn version's address, or a comparison with one: gone, with the date and the
    reason, and no word of its text."""
    return render_template(
        "public/withdrawn.html",
        page=DocumentPage(entry),
        versions=versions,
        changes=changes,
        active=active,
    ), 410


def _show_changes(entry: Entry, from_date: dt.date, to_date: dt.date, active: str):
    page = DocumentPage(entry)
    old, new = entry.timeline.on(from_date), entry.timeline.on(to_date)
    if old is None or new is None:
        missing = from_date if old is None else to_date
        abort(
            404,
            description=_(
                "There is no version of this text dated %(date)s.", date=missing.isoformat()
            ),
        )
    if old is new:
        return redirect(page.version_url(new))
    if old.effective > new.effective:
        return redirect(page.changes_url(new, old))
    withdrawn = [v for v in (old, new) if v.withdrawn is not None]
    if withdrawn:
        return _show_withdrawn(entry, withdrawn, active=active, changes=True)
    if page.is_register:
        # The register changes row by row: who was added, removed, or changed in what.
        return render_template(
            "public/register_changes.html",
            page=page,
            old=old,
            new=new,
            changes=_row_changes(old, new),
            columns=register.COLUMNS,
            active=active,
        )
    return render_template(
        "public/changes.html",
        page=page,
        old=old,
        new=new,
        diff=diff(old.html, new.html),
        only_changes=request.args.get("show") == "changes",
        active=active,
    )


def _version_on(entry: Entry, day: str) -> Version | None:
    """The version shown on a day given as YYYY-MM-DD; None for no such day or version."""
    try:
        return entry.timeline.on(dt.date.fromisoformat(day))
    except ValueError:
        return None


def _compare(entry: Entry):
    """The history page's form: two dates chosen, sent to the permanent address of their diff."""
    page = DocumentPage(entry)
    chosen = {name: _version_on(entry, request.args.get(name, "")) for name in ("from", "to")}
    old, new = chosen["from"], chosen["to"]
    if old is None or new is None:
        error = _("Choose two versions of this text to compare.")
        if len(entry.timeline.shown) < 2:
            abort(400, description=error)
        # The chooser again, as the history page has it, keeping a date that was right.
        return render_template(
            "public/compare.html",
            page=page,
            chosen={name: v.effective.isoformat() for name, v in chosen.items() if v},
            error=error,
        ), 400
    if old is new:
        return redirect(page.version_url(new))
    if old.effective > new.effective:
        old, new = new, old
    return redirect(page.changes_url(old, new))
