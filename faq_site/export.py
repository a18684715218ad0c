"""A static copy of the reading side, for nginx or a CDN to serve.

The copy is made by reading the site as a visitor would: from the home page, the feeds and the
sitemap, every page they link to is fetched through the app itself and written as a file, so
the copy holds exactly the pages its links reach and its links are the site's own. A page at
`/gdpr/versions` becomes `gdpr/versions/index.html`; feeds and the sitemap keep their names.
Everything the copy cannot answer (the forms, search, comparisons chosen in a form, anything
with a query string) links to the live site at SITE_URL instead.

The copy is written beside the target folder and swapped in when complete, so a server never
serves half an export; a page that fails leaves the previous copy in place.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import deque
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import Flask
from werkzeug.exceptions import HTTPException

# Pages of the reading side that are still made by the live site: chosen in a form, or changing
# with every request.
LIVE_ONLY = frozenset(
    {
        "public.statement_compare",
        "public.faq_entry_compare",
        "public.subprocessors_compare",
        "public.transparency",
    }
)
COPIED = ("public.", "machine.")
SEEDS = (
    "/",
    "/robots.txt",
    "/sitemap.xml",
    "/gdpr/feed.atom",
    "/faq/feed.atom",
    "/subprocessors/feed.atom",
)
_LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>')


class ExportError(Exception):
    pass


def in_static_copy(endpoint: str, url: str) -> bool:
    """Whether a link made by url_for leads to a page that the static copy holds."""
    if "?" in url or url.startswith(("http://", "https://")):
        return False
    if endpoint == "static":
        return True
    return endpoint.startswith(COPIED) and endpoint not in LIVE_ONLY


@dataclass
class ExportReport:
    pages: int
    static_files: int
    target: Path

    def __str__(self) -> str:
        return f"Exported {self.pages} pages and {self.static_files} static files to {self.target}."


def _file_for(root: Path, path: str, is_html: bool) -> Path:
    parts = PurePosixPath(path).parts[1:]
    if any(part in {"..", "."} for part in parts):
        raise ExportError(f"{path}: not a path the copy can hold")
    relative = Path(*parts) if parts else Path()
    return root / relative / "index.html" if is_html else root / relative


def _copied(app: Flask, path: str) -> bool:
    try:
        endpoint, _arguments = app.url_map.bind("copy").match(path, method="GET")
    except HTTPException:
        return False
    # Static files are copied as a folder, not fetched.
    return endpoint != "static" and in_static_copy(endpoint, path)


def _links(app: Flask, body: str, site_url: str) -> set[str]:
    """The site's own pages a page links to (feeds and the sitemap link with full addresses)."""
    found = set()
    for match in _LINK.finditer(body):
        link = html.unescape(match.group(1) or match.group(2)).strip()
        if link.startswith(site_url + "/"):
            link = link[len(site_url) :]
        link = link.split("#", 1)[0]
        if link.startswith("/") and not link.startswith("//") and _copied(app, link):
            found.add(link)
    return found


_SITE_LINK = re.compile(r'(?P<attribute>(?:href|src|action)=")(?P<path>/(?!/)[^"]*)"')


def _to_live_site(app: Flask, body: str, site_url: str) -> str:
    """Links written inside the texts (a moderator's "/requests/new", "/ask") to pages the copy
    does not hold, pointed at the live site as the page's own chrome already is."""

    def rewritten(match: re.Match[str]) -> str:
        path = html.unescape(match.group("path")).split("#", 1)[0]
        if path.startswith("/static/") or _copied(app, path):
            return match.group()
        return f'{match.group("attribute")}{site_url}{match.group("path")}"'

    return _SITE_LINK.sub(rewritten, body)


def export_site(app: Flask, target: Path) -> ExportReport:
    """Write the reading side as plain files into target (replaced as a whole when done)."""
    site_url = (app.config.get("SITE_URL") or "").rstrip("/")
    if not site_url:
        raise ExportError("Set FLASK_SITE_URL: the copy's forms and search link to the live site.")
    target = target.resolve()
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    app.config["STATIC_EXPORT"] = True
    try:
        client = app.test_client()
        queue, seen = deque(SEEDS), set(SEEDS)
        while queue:
            path = queue.popleft()
            response = client.get(path, base_url=site_url)
            if response.status_code != 200:
                raise ExportError(f"{path}: the site answered {response.status}")
            is_html = response.mimetype == "text/html"
            file = _file_for(staging, path, is_html)
            file.parent.mkdir(parents=True, exist_ok=True)
            body = response.get_data(as_text=True) if is_html else None
            if body is not None:
                body = _to_live_site(app, body, site_url)
                file.write_text(body, "utf-8")
            else:
                file.write_bytes(response.get_data())
            if is_html or response.mimetype.endswith("xml"):
                for link in _links(app, body or response.get_data(as_text=True), site_url) - seen:
                    seen.add(link)
                    queue.append(link)
        missing = client.get("/.not-in-the-copy", base_url=site_url)
        (staging / "404.html").write_bytes(missing.get_data())
        static = Path(app.static_folder or "")
        shutil.copytree(static, staging / "static")
        static_files = sum(1 for f in (staging / "static").rglob("*") if f.is_file())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        app.config["STATIC_EXPORT"] = False
    _swap(staging, target)
    return ExportReport(pages=len(seen), static_files=static_files, target=target)


def _swap(staging: Path, target: Path) -> None:
    previous = target.with_name(target.name + ".old")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
