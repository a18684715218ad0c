"""Command-line tasks, grouped by noun: flask content check|sync|withdraw, flask search reindex,
flask export-static, flask purge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from .. import audit, clock, corrections, publishing, retention
from .. import search as site_search
from ..database import settle_erasures
from ..extensions import db
from ..models import Document, Version
from .errors import Command, Group, fail

# What only these commands use (reading and checking content files, YAML, the static export) is
# imported inside them, so that a web worker, which registers the commands, never loads it.
if TYPE_CHECKING:
    from ..checks import Published
    from ..content import ContentTree, Problem

content = Group("content", help="Check the texts under content/ and load them into the database.")


def resolve(path: str) -> Mapping[str, object] | None:
    """The arguments of the page at path on this site, or None when there is no such page."""
    adapter = current_app.url_map.bind("localhost")
    try:
        _endpoint, arguments = adapter.match(path, method="GET")
    except (NotFound, MethodNotAllowed, RequestRedirect):
        return None
    return arguments


def _published() -> Published | None:
    try:
        if not inspect(db.engine).has_table(Version.__tablename__):
            return None
        return publishing.published_versions()
    except OperationalError:
        return None


def _problems(tree: ContentTree, published: Published | None) -> list[Problem]:
    from ..checks import check

    return check(
        tree,
        resolve=resolve,
        published=published or {},
        today=clock.today(),
        notice_days=int(current_app.config["SUBPROCESSOR_NOTICE_DAYS"]),
    )


def _report(tree: ContentTree, problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.describe(tree.root), err=True)
    click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", err=True)


@content.command("check")
def check_command() -> None:
    """Validate every content file; exit with status 1 on any problem."""
    from ..content import read_tree

    tree = read_tree(Path(current_app.config["CONTENT_DIR"]))
    published = _published()
    if published is None:
        click.echo(
            "Note: the database has no published content yet, so edits to versions in force "
            "were not checked, nor the notice given of new sub-processors.",
            err=True,
        )
    problems = _problems(tree, published)
    if problems:
        _report(tree, problems)
        raise SystemExit(1)
    versions = sum(1 for _ in tree.versions())
    click.echo(f"Content is valid: {len(tree.documents)} documents, {versions} versions.")


@content.command("sync")
@click.option(
    "--rerender",
    is_flag=True,
    help="Also render every stored version again, after a change to the rendering pipeline.",
)
def sync_command(rerender: bool) -> None:
    """Load the content into the database; running it again changes nothing."""
    from ..content import read_tree

    tree = read_tree(Path(current_app.config["CONTENT_DIR"]))
    published = _published()
    if published is None:
        click.echo(
            "The database has no tables yet, or cannot be reached: run 'flask db upgrade' first.",
            err=True,
        )
        raise SystemExit(1)
    problems = _problems(tree, published)
    if problems:
        _report(tree, problems)
        click.echo("Nothing was loaded. Fix the problems above and run sync again.", err=True)
        raise SystemExit(1)
    report = publishing.sync(tree, clock.today())
    if rerender:
        click.echo(f"Rendered again: {publishing.rerender()} versions changed.")
    db.session.commit()
    click.echo(
        f"Synced: {report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged (content revision {report.revision})."
    )


@content.command("withdraw")
@click.argument("folder")
@click.argument("date")
@click.option(
    "--reason",
    default="it contained personal data",
    show_default=True,
    help="Why it is withdrawn, as readers will read it at the version's address.",
)
@click.option("--yes", is_flag=True, help="Withdraw without asking first (for scripts).")
def withdraw_command(folder: str, date: str, reason: str, yes: bool) -> None:
    """Take the version dated DATE of the text in FOLDER out of the public history, its words
    erased for good, as an admin does in the panel.

    FOLDER is the text's folder under content/: statement, subprocessors or faq/SLUG (an
    answer published from the panel too). DATE is the version's date, YYYY-MM-DD, as its file
    is named.
    """
    from ..content import document_at, folder_of

    key = document_at(folder)
    if key is None:
        fail(
            f"No text lives in {folder!r}: name its folder under content/ (statement, "
            "subprocessors or faq/SLUG)."
        )
    document = db.session.scalar(
        db.select(Document).where(Document.kind == key[0], Document.slug == key[1])
    )
    if document is None:
        fail(f"No text from {folder_of(*key)} is published: check the name, or sync first.")
    try:
        effective = dt.date.fromisoformat(date)
    except ValueError:
        fail(f"Give the version's date as YYYY-MM-DD, as its file is named (not {date!r}).")
    name = f"{folder_of(*key)}/{effective.isoformat()}"
    version = next((v for v in document.versions if v.effective == effective), None)
    if version is None:
        dates = ", ".join(v.effective.isoformat() for v in document.versions)
        fail(f"{folder_of(*key)} has no version dated {effective.isoformat()}: it has {dates}.")
    problem = corrections.withdrawable(document, version) or corrections.reason_problem(reason)
    if problem:
        fail(f"{name}: {problem}")
    if not yes:
        click.confirm(
            f"Withdraw {name}? Its title, summary and text are erased from the site for good.",
            abort=True,
        )
    corrections.withdraw(document, version, reason=reason, by=audit.SYSTEM)
    db.session.commit()
    click.echo(f"Withdrawn: {name}. Its address now says why: {version.withdrawn_reason}")
    click.echo(
        "Its file may now be changed or deleted (sync never loads it again); remove its words "
        "from the content repository's history too."
    )


search = Group("search", help="The full-text search index of the statement and the FAQ.")


@search.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index from the database (after a restore or an upgrade)."""
    count = site_search.reindex()
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} versions indexed.")


@click.command("export-static", cls=Command)
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_static(target: Path) -> None:
    """Write the statement, the FAQ, their histories, changes and feeds as plain files into
    TARGET, for nginx or a CDN; the copy's forms and search lead to the live site."""
    from ..export import ExportError, export_site

    try:
        report = export_site(current_app._get_current_object(), target)  # type: ignore[attr-defined]
    except ExportError as error:
        click.echo(f"Nothing was exported: {error}", err=True)
        raise SystemExit(1) from error
    click.echo(str(report))


@click.command("purge", cls=Command)
@with_appcontext
def purge() -> None:
    """Erase personal data that has outlived its purpose, and report what went."""
    report = retention.purge()
    db.session.commit()
    settle_erasures()
    click.echo(str(report))
