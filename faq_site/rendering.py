"""Markdown to safe HTML: the one pipeline for every text the site renders.

Raw HTML in the source is shown as text, never passed through; the output is then cleaned with
nh3 against an allow-list, so whatever a file or a moderator writes comes out inert.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "div", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "ins", "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"a": {"headerlink"}, "div": {"toc"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener"


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


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Demote(md), "demote_headings", 30)
        md.treeprocessors.register(_ExternalLinks(md), "external_links", 1)


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            _SafeMarkdown(),
            "tables",
            "sane_lists",
            "smarty",
            "toc",
        ],
        extension_configs={
            "toc": {
                "permalink": "\N{PILCROW SIGN}",
                "permalink_class": "headerlink",
                "permalink_title": "Link to this section",
                "toc_depth": "2-3",
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


def render(source: str) -> Rendered:
    """Render Markdown once, for storing; page requests only read the result."""
    md = _markdown()
    body = md.convert(source)
    toc_tokens = md.toc_tokens  # type: ignore[attr-defined]
    headings = _count(toc_tokens)
    return Rendered(
        html=sanitise(body), toc_html=sanitise(md.toc) if headings else "", headings=headings
    )  # type: ignore[attr-defined]


def _count(tokens: list[dict]) -> int:
    return sum(1 + _count(token.get("children", [])) for token in tokens)
