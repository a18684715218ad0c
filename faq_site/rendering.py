"""Markdown to safe HTML: the one pipeline for every text the site renders.

Raw HTML in the source is shown as text, never passed through; the output is then cleaned with
nh3 against an allow-list, so whatever a file or a moderator writes comes out inert.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element  # nosec B405 # builds, never parses

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "div", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "ins", "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "aria-label"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "div": {"role", "tabindex", "aria-label"},
}
ALLOWED_CLASSES = {"a": {"headerlink"}, "div": {"toc", "table-wrap"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener"


@dataclass(frozen=True)
class Labels:
    """Words the pipeline writes into the HTML for assistive technology, translatable."""

    section_link: str = "Link to this section: %(title)s"
    table: str = "Table: %(columns)s"


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str
    headings: int


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


class _ExternalLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            if is_external(link.get("href", "")):
                link.set("rel", EXTERNAL_REL)


class _Demote(Treeprocessor):
    """The page title is the only <h1>: headings in a body start at level 2."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"


class _Accessible(Treeprocessor):
    """Names each heading's permalink after its heading, and makes each table a labelled region
    that scrolls on a narrow screen and that keyboard users can reach."""

    def __init__(self, md: markdown.Markdown, labels: Labels) -> None:
        super().__init__(md)
        self.labels = labels

    def run(self, root: Element) -> None:
        tokens = _flatten(self.md.toc_tokens)  # type: ignore[attr-defined]
        names = {token["id"]: token["name"] for token in tokens}
        for heading in root.iter():
            for link in heading.findall("a[@class='headerlink']"):
                title = unescape(names.get(heading.get("id", ""), ""))
                link.set("aria-label", self.labels.section_link % {"title": title})
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                columns = ", ".join("".join(th.itertext()).strip() for th in child.iter("th"))
                wrapper = Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0"})
                wrapper.set("aria-label", self.labels.table % {"columns": columns})
                parent.remove(child)
                wrapper.append(child)
                parent.insert(index, wrapper)


def _flatten(tokens: list[dict]) -> list[dict]:
    return [item for token in tokens for item in (token, *_flatten(token.get("children", [])))]


class _SafeMarkdown(Extension):
    def __init__(self, labels: Labels) -> None:
        super().__init__()
        self.labels = labels

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # Markdown's own name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Demote(md), "demote_headings", 30)
        md.treeprocessors.register(_Accessible(md, self.labels), "accessible", 2)
        md.treeprocessors.register(_ExternalLinks(md), "external_links", 1)


# The page's own ids start with these; a heading's id never does, so the two cannot clash.
RESERVED_ID_PREFIXES = ("page-", "category-", "upcoming-")


def heading_id(value: str, separator: str) -> str:
    """A readable id for a heading, in any script, never one the page itself uses."""
    slug = slugify_unicode(value, separator)
    if not slug or slug.startswith(RESERVED_ID_PREFIXES) or not slug[0].isalpha():
        slug = f"section{separator}{slug}".rstrip(separator)
    return slug


def _markdown(labels: Labels) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            _SafeMarkdown(labels),
            "tables",
            "sane_lists",
            "smarty",
            "toc",
        ],
        extension_configs={
            "toc": {
                "permalink": "\N{PILCROW SIGN}",
                "permalink_class": "headerlink",
                "permalink_title": "",
                "toc_depth": "2-3",
                "slugify": heading_id,
            }
        },
        output_format="html",
    )


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render(source: str, labels: Labels = Labels()) -> Rendered:
    """Render Markdown once, for storing; page requests only read the result."""
    md = _markdown(labels)
    body = md.convert(source)
    toc_tokens = md.toc_tokens  # type: ignore[attr-defined]
    headings = _count(toc_tokens)
    return Rendered(
        html=sanitise(body), toc_html=sanitise(md.toc) if headings else "", headings=headings
    )  # type: ignore[attr-defined]


def _count(tokens: list[dict]) -> int:
    return sum(1 + _count(token.get("children", [])) for token in tokens)


class TooComplex(ValueError):
    """Markdown that cannot be formatted within the time allowed (some shapes, such as
    thousands of '[' or list markers nested on one line, make Python-Markdown's parsing
    quadratic or exhaust its recursion)."""


def render_within(source: str, seconds: float, labels: Labels = Labels()) -> Rendered:
    """Render as `render` does, in a child process given at most `seconds`: text a moderator
    typed can then never hold a worker. The child is killed when its time is up, and a text it
    could not render (too deep to parse) is refused the same way. Costs a fork (milliseconds)."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports through the pipe
        os.close(reader)
        status = 1
        try:
            rendered = render(source, labels)
            payload = json.dumps([rendered.html, rendered.toc_html, rendered.headings]).encode()
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        with os.fdopen(reader, "rb", buffering=0) as pipe:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([pipe], [], [], remaining)[0]:
                    os.kill(child, signal.SIGKILL)
                    raise TooComplex(source)
                chunk = pipe.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.waitpid(child, 0)
    if not chunks:
        raise TooComplex(source)
    html, toc_html, headings = json.loads(b"".join(chunks))
    return Rendered(html=html, toc_html=toc_html, headings=headings)
