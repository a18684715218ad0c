"""Checks that need more than one file: links between texts, and what the database published.

A version in force is history: its file must not change or go, and a new version cannot be slipped
in before today once a document has been published.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .content import CODE_SPAN, STATEMENT_SLUG, ContentTree, Problem, SourceVersion, folder_of
from .models import DocumentKind
from .register import added

# A link in Markdown: inline [text](target "title") or a reference definition [id]: target.
INLINE_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)", re.MULTILINE)


@dataclass(frozen=True)
class PublishedVersion:
    """What the database holds of a version that came from a file."""

    sha256: str
    effective: dt.date
    # Withdrawn from the public history: its words are erased, and its file may change or go.
    withdrawn: bool = False
    # For a version of the sub-processor register: the providers it announced when published.
    providers: frozenset[str] = frozenset()


# (kind, slug, effective date) -> what was published
Published = Mapping[tuple[DocumentKind, str, dt.date], PublishedVersion]
# Resolves a site path to the arguments of the page it names, or None when no page has it.
Resolver = Callable[[str], Mapping[str, object] | None]


def check(
    tree: ContentTree,
    *,
    resolve: Resolver,
    published: Published,
    today: dt.date,
    notice_days: int = 30,
) -> list[Problem]:
    """Every problem with the content: the files' own, links, categories, and edits to history."""
    problems = list(tree.problems)
    for version in tree.versions():
        for target, line in internal_links(version):
            message = _link_problem(tree, target, resolve)
            if message:
                problems.append(Problem(version.path, line, message))
    problems.extend(_category_problems(tree, today))
    problems.extend(_history_problems(tree, published, today))
    problems.extend(_notice_problems(tree, published, today, notice_days))
    return problems


def internal_links(version: SourceVersion) -> Iterable[tuple[str, int]]:
    """Yield each link target of a version with the line it is on; code is not searched."""
    text = CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), version.markdown)
    for pattern in (INLINE_LINK, REFERENCE_LINK):
        for match in pattern.finditer(text):
            line = version.body_line + text.count("\n", 0, match.start("target"))
            yield match["target"], line


def _link_problem(tree: ContentTree, target: str, resolve: Resolver) -> str | None:
    if target.startswith(("#", "mailto:")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return None
    if target.startswith("//"):
        return f"link {target}: write external links with https://"
    if not target.startswith("/"):
        return f"link {target}: internal links start with / (relative links break on version pages)"
    path = target.split("#", 1)[0].split("?", 1)[0]
    arguments = resolve(path)
    if arguments is None:
        return f"broken link {target}: no page has that address"
    slug = arguments.get("slug")
    key = (DocumentKind.FAQ, slug) if slug else (DocumentKind.STATEMENT, STATEMENT_SLUG)
    if slug and key not in tree.documents:
        return f"broken link {target}: there is no FAQ entry {slug!r}"
    dates = {v.effective for v in tree.documents.get(key, [])}
    for value in arguments.values():
        if isinstance(value, dt.date) and value not in dates:
            return f"broken link {target}: there is no version of {value.isoformat()}"
    return None


def _category_problems(tree: ContentTree, today: dt.date) -> Iterable[Problem]:
    """The version in force and those announced place an entry; older ones are history, and a
    category they name may since have been renamed."""
    known = {category.slug for category in tree.categories}
    for (kind, _slug), versions in tree.documents.items():
        if kind is not DocumentKind.FAQ:
            continue
        in_force = [v for v in versions if v.effective <= today]
        placing = versions[len(in_force) - 1 :] if in_force else versions
        for version in placing:
            if version.category and version.category not in known:
                yield Problem(
                    version.path,
                    version.category_line,
                    f"category {version.category!r} is not in faq/categories.yml",
                )


def _history_problems(tree: ContentTree, published: Published, today: dt.date) -> list[Problem]:
    problems = []
    on_disk = {(v.kind, v.slug, v.effective): v for v in tree.versions()}
    unreadable = {p.path for p in tree.problems}
    for key, stored in published.items():
        if stored.effective > today or stored.withdrawn:
            continue
        version = on_disk.get(key)
        kind, slug, effective = key
        if version is None:
            folder = tree.root / folder_of(kind, slug)
            if any(path.parent == folder for path in unreadable):
                continue
            problems.append(
                Problem(
                    folder,
                    0,
                    f"the version of {effective.isoformat()} is in force and published, "
                    "but its file is gone; restore it",
                )
            )
        elif version.sha256 != stored.sha256:
            problems.append(
                Problem(
                    version.path,
                    1,
                    f"this version has been in force since {effective.isoformat()} "
                    "and is published; its file must not change. "
                    "Restore it and add a new version file instead",
                )
            )
    published_documents = {(kind, slug) for kind, slug, _ in published}
    for version in tree.versions():
        key = (version.kind, version.slug, version.effective)
        if (
            key not in published
            and (version.kind, version.slug) in published_documents
            and version.effective < today
        ):
            problems.append(
                Problem(
                    version.path,
                    0,
                    "a new version cannot take effect in the past, once its document is "
                    f"published: date it {today.isoformat()} or later",
                )
            )
    return problems


def _notice_problems(
    tree: ContentTree, published: Published, today: dt.date, notice_days: int
) -> Iterable[Problem]:
    """A version of the sub-processor register that adds a provider is announced at least
    `notice_days` before it takes effect, so that customers can object in time.

    The notice runs from the day the provider is first announced: today for a file the database
    has not published, or for a provider added since to an announced version. Versions already
    in force are history. A register not yet published at all is the site's starting point,
    which no customer has yet been shown: it is loaded as it is.
    """
    if not any(kind is DocumentKind.REGISTER for kind, _, _ in published):
        return
    versions = [v for v in tree.versions() if v.kind is DocumentKind.REGISTER]
    for previous, version in itertools.pairwise(versions):
        stored = published.get((version.kind, version.slug, version.effective))
        if version.effective <= today and stored is not None:
            continue
        announced = stored.providers if stored is not None else frozenset()
        notice = (version.effective - today).days
        for row in added(previous.rows, version.rows):
            if row.since < version.effective:
                yield Problem(
                    version.path,
                    row.line,
                    f"sub-processor {row.provider!r} is new in this version, so it cannot have "
                    f"started before the version takes effect: since must be "
                    f"{version.effective.isoformat()} or later",
                )
            if row.key not in announced and notice < notice_days:
                earliest = today + dt.timedelta(days=notice_days)
                yield Problem(
                    version.path,
                    row.line,
                    f"sub-processor {row.provider!r} is added with {max(notice, 0)} days' notice; "
                    f"customers must be told {notice_days} days before a new sub-processor "
                    f"starts: date this version {earliest.isoformat()} or later",
                )
