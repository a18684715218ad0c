"""How well search finds the page a reader wants, on a set of queries with their pages.

    python -m faq_site.search.measure [queries.tsv]

builds the demo content (content/) in a scratch SQLite database, or in the database of
DATABASE_URL, runs every query and prints hit@3 (an expected page among the first three
results) and the mean reciprocal rank, with the misses. A file holds `query<TAB>page...`
lines, best page first; a page is `/faq/<slug>`, `/gdpr` or `/gdpr#<anchor>`, and a statement
result counts for `/gdpr#x` only when it leads to that anchor. Lines starting with # are notes.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from flask import url_for
from flask_migrate import upgrade

from .. import create_app
from ..cli.db import enable_migrations
from ..extensions import db
from . import search

QUERIES = Path(__file__).resolve().parents[2] / "tests" / "data" / "search" / "queries.tsv"
TOP = 3


@dataclass
class Measure:
    queries: int = 0
    hits: int = 0
    reciprocal: float = 0.0
    misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def hit_at_3(self) -> float:
        return self.hits / self.queries if self.queries else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.queries if self.queries else 0.0


def read_queries(path: Path) -> list[tuple[str, list[str]]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, *pages = line.split("\t")
            found.append((query, [p.strip() for p in pages if p.strip()]))
    return found


def answers(url: str, expected: str) -> bool:
    if expected == "/gdpr":
        return url.split("#")[0] == "/gdpr"
    return url == expected


def measure(queries: list[tuple[str, list[str]]], top_urls) -> Measure:
    """`top_urls(query)` gives the result addresses, best first (a request context is open)."""
    result = Measure()
    for query, pages in queries:
        urls = top_urls(query)
        result.queries += 1
        rank = next(
            (i for i, url in enumerate(urls, 1) if any(answers(url, p) for p in pages)), None
        )
        if rank is not None:
            result.reciprocal += 1 / rank
        if rank is not None and rank <= TOP:
            result.hits += 1
        else:
            result.misses.append((query, pages, urls[:TOP]))
    return result


def result_urls(text: str) -> list[str]:
    return [result.url(url_for) for result in search(text).results]


# The day the set was written for: the statement of 2026-05-01 in force.
DAY = "2026-12-01"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else QUERIES
    with tempfile.TemporaryDirectory() as scratch:
        uri = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/measure.sqlite3"
        app = create_app(
            {
                "SECRET_KEY": secrets.token_hex(16),
                "SQLALCHEMY_DATABASE_URI": uri,
                "SERVER_NAME": "m.test",
                "SITE_URL": "http://m.test",
                "TESTING": True,
                "SITE_TODAY": DAY,
            }
        )
        enable_migrations(app)
        with app.app_context():
            upgrade()
            app.test_cli_runner().invoke(args=["content", "sync"])
            app.test_cli_runner().invoke(args=["search", "reindex"])
            with app.test_request_context():
                found = measure(read_queries(path), result_urls)
            db.session.remove()
    print(f"{found.queries} queries: hit@3 {found.hit_at_3:.3f}, MRR {found.mrr:.3f}")
    for query, pages, urls in found.misses:
        print(f"  miss: {query!r}: wanted {' '.join(pages)}; got {' '.join(urls) or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
