"""The company's texts under content/: reading the files and checking them.

A document is a folder and each Markdown file in it is one version, named by the date it takes
effect (``2026-05-01.md``, or ``2026-05-01-some-words.md``). Front matter in YAML holds the title,
a one-sentence summary of what changed, and for FAQ entries a category and an order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .models import REGISTER_SLUG, RESERVED_FAQ_SLUGS, STATEMENT_SLUG, DocumentKind
from .register import Row, read_rows, to_json
from .search.vocabulary import FILE_NAME as VOCABULARY_FILE
from .search.vocabulary import read_vocabulary

FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:-[a-z0-9]+(?:-[a-z0-9]+)*)?\.md$")
REGISTER_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\.yml$")
REGISTER_KEYS = {"title", "summary", "change", "subprocessors"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_KEYS = {"title", "summary", "category", "order", "change"}
FAQ_ONLY_KEYS = {"category", "order"}
# Limits match the database columns, so what passes the check always fits on both databases.
TITLE_MAX = 300
SUMMARY_MAX = 300
SLUG_MAX = 120
CATEGORY_SLUG_MAX = 80
CATEGORY_TITLE_MAX = 200
ORDER_RANGE = range(-1_000_000, 1_000_001)
IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")
RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
AUTOLINK = re.compile(r"^<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def describe(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root.parent)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


@dataclass
class SourceVersion:
    """One version file, parsed."""

    kind: DocumentKind
    slug: str
    path: Path
    effective: dt.date
    title: str
    summary: str
    markdown: str
    body_line: int
    sha256: str
    editorial: bool = False
    category: str | None = None
    category_line: int = 1
    order: int = 0
    # The sub-processor register's rows; its `markdown` holds them as JSON.
    rows: list[Row] = field(default_factory=list)


def folder_of(kind: DocumentKind, slug: str) -> str:
    """A document's folder under content/."""
    return {DocumentKind.STATEMENT: STATEMENT_SLUG, DocumentKind.REGISTER: REGISTER_SLUG}.get(
        kind, f"faq/{slug}"
    )


def document_at(folder: str) -> tuple[DocumentKind, str] | None:
    """The kind and slug of the document whose folder under content/ is named (as folder_of
    names it, with or without "content/" before it), or None when no document could live there.
    """
    folder = folder.strip().strip("/").removeprefix("content/")
    single = {STATEMENT_SLUG: DocumentKind.STATEMENT, REGISTER_SLUG: DocumentKind.REGISTER}
    if folder in single:
        return single[folder], folder
    parent, _slash, slug = folder.partition("/")
    if parent == "faq" and SLUG.match(slug):
        return DocumentKind.FAQ, slug
    return None


@dataclass
class SourceCategory:
    slug: str
    title: str
    description: str
    position: int


@dataclass
class ContentTree:
    root: Path
    categories: list[SourceCategory] = field(default_factory=list)
    # (kind, slug) -> versions, oldest first
    documents: dict[tuple[DocumentKind, str], list[SourceVersion]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def versions(self) -> Iterable[SourceVersion]:
        for versions in self.documents.values():
            yield from versions


def read_tree(root: Path) -> ContentTree:
    """Parse every file under root, collecting each problem with its file and line."""
    tree = ContentTree(root=root)
    if not root.is_dir():
        tree.problem(root, 0, "the content folder does not exist")
        return tree
    _read_categories(tree, root / "faq" / "categories.yml")
    statement = root / STATEMENT_SLUG
    if not statement.is_dir():
        tree.problem(statement, 0, "the GDPR statement folder is missing")
    else:
        _read_document(tree, DocumentKind.STATEMENT, STATEMENT_SLUG, statement)
    register = root / REGISTER_SLUG
    if register.is_dir():
        _read_document(tree, DocumentKind.REGISTER, REGISTER_SLUG, register, _read_register_version)
    faq = root / "faq"
    if faq.is_dir():
        for folder in sorted(faq.iterdir()):
            if folder.name == "categories.yml":
                continue
            if not folder.is_dir():
                tree.problem(
                    folder, 0, "only folders (one per FAQ entry) and categories.yml belong here"
                )
            elif not SLUG.match(folder.name) or len(folder.name) > SLUG_MAX:
                tree.problem(
                    folder,
                    0,
                    "an FAQ folder name is its address: lowercase letters, digits and hyphens, "
                    f"at most {SLUG_MAX} characters",
                )
            elif folder.name in RESERVED_FAQ_SLUGS:
                tree.problem(
                    folder,
                    0,
                    f"'/faq/{folder.name}' is a page of the site itself: choose another name",
                )
            else:
                _read_document(tree, DocumentKind.FAQ, folder.name, folder)
    vocabulary = root / VOCABULARY_FILE
    if vocabulary.exists():
        for line, message in read_vocabulary(vocabulary).problems:
            tree.problem(vocabulary, line, message)
    for entry in sorted(root.iterdir()):
        known = {STATEMENT_SLUG, REGISTER_SLUG, "faq", VOCABULARY_FILE}
        if entry.name not in known and not entry.name.startswith("."):
            tree.problem(
                entry,
                0,
                "unexpected here: content/ holds statement/, subprocessors/, faq/ and "
                f"{VOCABULARY_FILE} only",
            )
    return tree


def _read_categories(tree: ContentTree, path: Path) -> None:
    if not path.exists():
        if (tree.root / "faq").is_dir():
            tree.problem(path, 0, "the FAQ needs categories.yml, listing its categories in order")
        return
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        tree.problem(path, 0, "the file is not UTF-8 text")
        return
    except yaml.YAMLError as error:
        tree.problem(path, _yaml_line(error, 0), f"this is not valid YAML ({_yaml_reason(error)})")
        return
    if not isinstance(data, list):
        tree.problem(
            path, 1, "categories.yml must be a list of categories (slug, title, description)"
        )
        return
    seen: set[str] = set()
    for position, item in enumerate(data):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("slug"), str)
            or not isinstance(item.get("title"), str)
        ):
            tree.problem(path, 1, f"category {position + 1} needs a slug and a title")
            continue
        slug = item["slug"]
        if len(slug) > CATEGORY_SLUG_MAX or len(item["title"]) > CATEGORY_TITLE_MAX:
            tree.problem(
                path,
                1,
                f"category {position + 1}: a slug has at most {CATEGORY_SLUG_MAX} characters "
                f"and a title at most {CATEGORY_TITLE_MAX}",
            )
        elif not SLUG.match(slug):
            tree.problem(
                path, 1, f"category slug {slug!r}: use lowercase letters, digits and hyphens"
            )
        elif slug in seen:
            tree.problem(path, 1, f"category {slug!r} is listed twice")
        seen.add(slug)
        description = item.get("description") or ""
        tree.categories.append(
            SourceCategory(
                slug=slug,
                title=item["title"].strip(),
                description=str(description).strip(),
                position=position,
            )
        )


def _read_document(
    tree: ContentTree, kind: DocumentKind, slug: str, folder: Path, read=None
) -> None:
    versions: list[SourceVersion] = []
    dates: dict[dt.date, Path] = {}
    read = read or _read_version
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        version = read(tree, kind, slug, path)
        if version is None:
            continue
        if version.effective in dates:
            other = dates[version.effective]
            tree.problem(
                path,
                1,
                f"two versions take effect on {version.effective.isoformat()}: "
                f"this file and {other.name}",
            )
            continue
        dates[version.effective] = path
        versions.append(version)
    if not versions and not any(p.path.parent == folder for p in tree.problems):
        suffix = "yml" if kind is DocumentKind.REGISTER else "md"
        tree.problem(folder, 0, f"this document has no version file (YYYY-MM-DD.{suffix})")
    versions.sort(key=lambda v: v.effective)
    tree.documents[(kind, slug)] = versions


def _dated_file(
    tree: ContentTree, path: Path, pattern: re.Pattern, named: str
) -> tuple[dt.date, bytes, str] | None:
    """A version file's date and text, or None once its problem is reported."""
    match = pattern.match(path.name)
    if not path.is_file() or not match:
        tree.problem(path, 0, f"a version file is named by the date it takes effect: {named}")
        return None
    try:
        effective = dt.date.fromisoformat(match["date"])
    except ValueError:
        tree.problem(path, 0, f"{match['date']} is not a real date")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        tree.problem(path, 1, "the file is not UTF-8 text")
        return None
    return effective, raw, text.removeprefix("\ufeff").replace("\r\n", "\n")


def _version_fields(
    tree: ContentTree, path: Path, meta: dict, keys: dict[str, int]
) -> dict[str, str | bool]:
    """What every version says of itself, as SourceVersion's fields: its title, what changed,
    and whether the change is editorial."""
    title = _text_field(tree, path, meta, keys, "title", TITLE_MAX, required=True)
    summary = _text_field(tree, path, meta, keys, "summary", SUMMARY_MAX, required=True)
    change = meta.get("change")
    if change is not None and change != "editorial":
        tree.problem(
            path,
            keys.get("change", 1),
            "change: may only be 'editorial' (a change that does not alter meaning)",
        )
    return {"title": title, "summary": summary, "editorial": change == "editorial"}


def _read_version(
    tree: ContentTree, kind: DocumentKind, slug: str, path: Path
) -> SourceVersion | None:
    opened = _dated_file(tree, path, FILE_NAME, "YYYY-MM-DD.md")
    if opened is None:
        return None
    effective, raw, text = opened
    parsed = _split_front_matter(tree, path, text)
    if parsed is None:
        return None
    meta, keys, body, body_line = parsed
    errors_before = len(tree.problems)

    for key, line in keys.items():
        if key not in FRONT_MATTER_KEYS:
            tree.problem(
                path,
                line,
                f"unknown front matter key {key!r} "
                f"(allowed: {', '.join(sorted(FRONT_MATTER_KEYS))})",
            )
        elif key in FAQ_ONLY_KEYS and kind is DocumentKind.STATEMENT:
            tree.problem(path, line, f"{key!r} is only for FAQ entries")
    fields = _version_fields(tree, path, meta, keys)
    category = None
    order = 0
    if kind is DocumentKind.FAQ:
        category = meta.get("category")
        if not isinstance(category, str) or not category.strip():
            tree.problem(
                path,
                keys.get("category", 1),
                "an FAQ entry needs a category (a slug from categories.yml)",
            )
        order = meta.get("order", 0)
        if isinstance(order, bool) or not isinstance(order, int) or order not in ORDER_RANGE:
            tree.problem(path, keys.get("order", 1), "order must be a whole number up to a million")
            order = 0
    if IMAGE.search(body):
        line = body_line + body.count("\n", 0, IMAGE.search(body).start())
        tree.problem(
            path, line, "images are not supported: the site loads nothing it does not serve"
        )
    if not body.strip():
        tree.problem(path, body_line, "the text is empty")
    _check_raw_html(tree, path, body, body_line)
    if len(tree.problems) > errors_before:
        return None
    return SourceVersion(
        kind,
        slug,
        path,
        effective,
        markdown=body.strip() + "\n",
        # Leading blank lines are dropped above: count them so that lines still match the file.
        body_line=body_line + body[: len(body) - len(body.lstrip())].count("\n"),
        sha256=hashlib.sha256(raw).hexdigest(),
        **fields,  # type: ignore[arg-type]
        category=category,
        category_line=keys.get("category", 1),
        order=order,
    )


def _read_register_version(
    tree: ContentTree, kind: DocumentKind, slug: str, path: Path
) -> SourceVersion | None:
    """One version of the sub-processor register: a YAML file with a title, a summary and the
    list of sub-processors (see register.py)."""
    opened = _dated_file(tree, path, REGISTER_FILE_NAME, "YYYY-MM-DD.yml")
    if opened is None:
        return None
    effective, raw, text = opened
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        tree.problem(path, _yaml_line(error, 0), f"this is not valid YAML ({_yaml_reason(error)})")
        return None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        tree.problem(
            path, 1, "a register version is 'key: value' lines: title, summary, subprocessors"
        )
        return None
    keys = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    errors_before = len(tree.problems)
    for key, line in keys.items():
        if key not in REGISTER_KEYS:
            tree.problem(
                path, line, f"unknown key {key!r} (allowed: {', '.join(sorted(REGISTER_KEYS))})"
            )
    fields = _version_fields(tree, path, data, keys)
    listed = next((value for key, value in node.value if key.value == "subprocessors"), None)
    lines = (
        [item.start_mark.line + 1 for item in listed.value]
        if isinstance(listed, yaml.SequenceNode)
        else []
    )
    rows = read_rows(
        data.get("subprocessors"),
        lambda line, message: tree.problem(path, line, message),
        keys.get("subprocessors", 1),
        lines,
    )
    if len(tree.problems) > errors_before:
        return None
    return SourceVersion(
        kind,
        slug,
        path,
        effective,
        markdown=to_json(rows),
        body_line=keys.get("subprocessors", 1),
        sha256=hashlib.sha256(raw).hexdigest(),
        **fields,  # type: ignore[arg-type]
        rows=rows,
    )


def _split_front_matter(
    tree: ContentTree, path: Path, text: str
) -> tuple[dict, dict[str, int], str, int] | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        tree.problem(path, 1, "the file must start with front matter between two '---' lines")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        tree.problem(path, 1, "the front matter is not closed by a '---' line")
        return None
    source = "\n".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(source)
    except yaml.YAMLError as error:
        tree.problem(
            path,
            _yaml_line(error, 1),
            f"the front matter is not valid YAML ({_yaml_reason(error)})",
        )
        return None
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        tree.problem(path, 2, "the front matter must be 'key: value' lines")
        return None
    keys = {str(key.value): key.start_mark.line + 2 for key, _ in node.value}
    body_line = end + 2
    return meta, keys, "\n".join(lines[end + 1 :]), body_line


def _text_field(
    tree: ContentTree,
    path: Path,
    meta: dict,
    keys: dict[str, int],
    name: str,
    limit: int,
    *,
    required: bool,
) -> str:
    value = meta.get(name)
    line = keys.get(name, 1)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            tree.problem(path, line, f"{name} is missing")
        return ""
    if not isinstance(value, str):
        tree.problem(path, line, f"{name} must be text (put it in quotes)")
        return ""
    value = " ".join(value.split())
    if len(value) > limit:
        tree.problem(path, line, f"{name} is longer than {limit} characters")
    return value


def _check_raw_html(tree: ContentTree, path: Path, body: str, body_line: int) -> None:
    # Code spans may show HTML as an example; blank them out, keeping line numbers.
    without_code = CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    reported: set[int] = set()
    for match in RAW_HTML.finditer(without_code):
        if AUTOLINK.match(match.group(0)):
            continue
        line = body_line + without_code.count("\n", 0, match.start())
        if line in reported:
            continue
        reported.add(line)
        tree.problem(
            path, line, f"raw HTML is not allowed, write Markdown instead: {match.group(0)[:40]}"
        )


def _yaml_line(error: yaml.YAMLError, offset: int) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 + offset if mark is not None else 1


def _yaml_reason(error: yaml.YAMLError) -> str:
    return str(getattr(error, "problem", None) or "unreadable").strip()
