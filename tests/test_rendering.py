"""The one Markdown pipeline: useful HTML out, nothing executable through."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from faq_site.rendering import render

INERT = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](https://tracker.example/pixel.gif "t")',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    '[x](https://ok.example "title" onclick="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


SAFE_TAGS = {"p", "a", "h2", "strong", "em", "code", "br", "ul", "li", "ol", "div"}


@pytest.mark.parametrize("source", INERT)
def test_nothing_executable_or_loaded_from_elsewhere_comes_out(source):
    html = render(f"Before\n\n{source}\n\nAfter").html
    for tag, attributes in elements(html):
        assert tag in SAFE_TAGS, html
        assert not any(name.startswith("on") or name in {"style", "src"} for name in attributes), (
            html
        )
        href = (attributes.get("href") or "").strip().lower()
        assert not href or href.startswith(("https://", "http://", "mailto:", "/", "#")), html
    assert "Before" in html and "After" in html


def test_raw_html_is_shown_as_text_not_passed_through():
    html = render("<b>bold</b> and <em>em</em>").html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>" not in html


def test_external_links_get_nofollow_noopener_and_internal_ones_do_not():
    html = render("[ICO](https://ico.org.uk/) and [FAQ](/faq) and [top](#top)").html
    assert '<a href="https://ico.org.uk/" rel="nofollow noopener">ICO</a>' in html
    assert '<a href="/faq">FAQ</a>' in html
    assert '<a href="#top">top</a>' in html


def test_headings_get_ids_and_anchor_links_and_a_table_of_contents():
    rendered = render("# Top\n\n## Who we are\n\nText\n\n### Our address\n\nMore\n")
    assert '<h2 id="top">' in rendered.html, "a level-1 heading in a body becomes level 2"
    assert (
        '<h2 id="who-we-are">Who we are<a aria-label="Link to this section: Who we are" class="headerlink" href="#who-we-are">'
        in rendered.html
    )
    assert '<h3 id="our-address">' in rendered.html
    assert rendered.headings == 3
    assert '<a href="#our-address">Our address</a>' in rendered.toc_html


def test_tables_are_labelled_scrollable_regions():
    html = render("| Data | Kept |\n|---|---|\n| Invoices | 6 years |\n").html
    assert html.startswith(
        '<div aria-label="Table: Data, Kept" class="table-wrap" role="region" tabindex="0"><table>'
    )


def test_tables_and_lists_render():
    html = render(
        "| Data | Kept |\n|---|---|\n| Invoices | 6 years |\n\n1. one\n2. two\n\n- a\n- b\n"
    ).html
    assert "<table>" in html and "<th>Data</th>" in html and "<td>6 years</td>" in html
    assert "<ol>" in html and "<ul>" in html


def test_text_without_headings_has_no_table_of_contents():
    assert render("Just a paragraph.").toc_html == ""
