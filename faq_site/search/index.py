"""The search index: one row per version, in each database's own full-text index.

SQLite keeps it in an FTS5 table (Porter stems, diacritics folded by the tokenizer); PostgreSQL
in a table with a weighted tsvector under a GIN index, the text folded here before it is
vectorised, so that both databases treat accents alike. Every version is indexed with the dates
it is in force, so a version that comes into force at midnight is found from that day without
touching the index. The schema is created by the migrations; SCHEMA repeats it for databases
built from the models (tests, `db.create_all`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy import Connection, bindparam, text

from ..models import Document, Version
from .query import Query, fold

TABLE = "search_index"

SCHEMA = {
    # On SQLite the dates a version is in force sit in a plain table beside the FTS5 table:
    # filtering on FTS5's own unindexed columns reads each match's whole stored row.
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
        "title, body, kind UNINDEXED, slug UNINDEXED, "
        "tokenize = 'porter unicode61 remove_diacritics 2')",
        "CREATE TABLE IF NOT EXISTS search_index_span ("
        "version_id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, "
        "effective TEXT NOT NULL, until TEXT)",
    ],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS search_index ("
        "version_id INTEGER PRIMARY KEY REFERENCES version (id) ON DELETE CASCADE, "
        "document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE, "
        "kind VARCHAR(20) NOT NULL, slug VARCHAR(120) NOT NULL, "
        "effective DATE NOT NULL, until DATE, "
        "title TEXT NOT NULL, body TEXT NOT NULL, terms TSVECTOR NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_search_index_terms ON search_index USING gin (terms)",
        "CREATE INDEX IF NOT EXISTS ix_search_index_document_id ON search_index (document_id)",
    ],
}
TABLES = {"sqlite": ["search_index", "search_index_span"], "postgresql": ["search_index"]}


def _removing(statement: str):
    return text(statement).bindparams(bindparam("ids", expanding=True))


# The statements, spelt out per dialect. On PostgreSQL the 'english' configuration gives stems and
# stop words of the content's language. A word in the title counts ten times one in the body:
# bm25's column weights on SQLite, the A (title) and B (body) weights of ts_rank on PostgreSQL.
REMOVE = {
    "sqlite": [
        _removing("DELETE FROM search_index WHERE rowid IN :ids"),
        _removing("DELETE FROM search_index_span WHERE version_id IN :ids"),
    ],
    "postgresql": [_removing("DELETE FROM search_index WHERE version_id IN :ids")],
}
ADD = {
    "sqlite": [
        text(
            "INSERT INTO search_index (rowid, title, body, kind, slug) "
            "VALUES (:version_id, :title, :body, :kind, :slug)"
        ),
        text(
            "INSERT INTO search_index_span (version_id, document_id, effective, until) "
            "VALUES (:version_id, :document_id, :effective, :until)"
        ),
    ],
    "postgresql": [
        text(
            "INSERT INTO search_index "
            "(version_id, document_id, kind, slug, effective, until, title, body, terms) "
            "VALUES (:version_id, :document_id, :kind, :slug, :effective, :until, :title, "
            ":body, setweight(to_tsvector('english', :folded_title), 'A') || "
            "setweight(to_tsvector('english', :folded_body), 'B'))"
        )
    ],
}
FIND = {
    # bm25() works only where the FTS5 query drives: rank every match in a materialised step,
    # keep those in force, count them, and read the text of the page's few only.
    "sqlite": text(
        "WITH ranked AS MATERIALIZED (SELECT rowid AS id, bm25(search_index, 10.0, 1.0) AS score "
        "FROM search_index WHERE search_index MATCH :match), "
        "current AS MATERIALIZED (SELECT r.id, r.score FROM ranked r "
        "JOIN search_index_span s ON s.version_id = r.id "
        "WHERE s.effective <= :today AND (s.until IS NULL OR s.until > :today)), "
        "top AS (SELECT id, score FROM current ORDER BY score, id LIMIT :limit OFFSET :offset) "
        "SELECT f.rowid, f.kind, f.slug, f.title, f.body, (SELECT count(*) FROM current) "
        "FROM top JOIN search_index f ON f.rowid = top.id ORDER BY top.score, top.id"
    ),
    "postgresql": text(
        "SELECT version_id, kind, slug, title, body, count(*) OVER () "
        "FROM search_index, websearch_to_tsquery('english', :match) AS q "
        "WHERE terms @@ q AND effective <= :today AND (until IS NULL OR until > :today) "
        "ORDER BY ts_rank('{0, 0, 0.1, 1.0}', terms, q, 1) DESC, version_id "
        "LIMIT :limit OFFSET :offset"
    ),
}
TITLES = {
    "sqlite": text(
        "SELECT f.title FROM search_index f JOIN search_index_span s ON s.version_id = f.rowid "
        "WHERE s.effective <= :today AND (s.until IS NULL OR s.until > :today)"
    ),
    "postgresql": text(
        "SELECT title FROM search_index "
        "WHERE effective <= :today AND (until IS NULL OR until > :today)"
    ),
}


def include_name(name: str | None, type_: str, _parents=None) -> bool:
    """Alembic's filter: autogenerate leaves the search index alone, since it is built per
    dialect by its own migration (with FTS5's shadow tables on SQLite), not from the models."""
    return not (name or "").startswith((TABLE, f"ix_{TABLE}"))


def create_schema(connection: Connection) -> None:
    for statement in SCHEMA[connection.dialect.name]:
        connection.execute(text(statement))


def drop_schema(connection: Connection) -> None:
    for table in TABLES[connection.dialect.name]:
        connection.execute(text(f"DROP TABLE IF EXISTS {table}"))


class _PlainText(HTMLParser):
    """The words of a rendered version, without the permalinks beside its headings."""

    SKIPPED = "headerlink"

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if self.skipping or (tag == "a" and dict(attrs).get("class") == self.SKIPPED):
            self.skipping += 1 if tag == "a" else 0
        if tag in {"p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "br", "blockquote"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skipping and tag == "a":
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


@dataclass(frozen=True)
class Row:
    version_id: int
    document_id: int
    kind: str
    slug: str
    effective: dt.date
    until: dt.date | None
    title: str
    body: str


def rows_for(document: Document) -> list[Row]:
    """A document's rows: every version with the dates it is in force; none once withdrawn."""
    if document.withdrawn is not None:
        return []
    versions: Sequence[Version] = sorted(document.versions, key=lambda v: v.effective)
    return [
        Row(
            version_id=version.id,
            document_id=document.id,
            kind=str(document.kind),
            slug=document.slug,
            effective=version.effective,
            until=versions[i + 1].effective if i + 1 < len(versions) else None,
            title=version.title,
            body=plain_text(version.html),
        )
        for i, version in enumerate(versions)
    ]


def remove(connection: Connection, version_ids: Iterable[int]) -> None:
    ids = sorted(set(version_ids))
    for start in range(0, len(ids), 500):
        for statement in REMOVE[connection.dialect.name]:
            connection.execute(statement, {"ids": ids[start : start + 500]})


def add(connection: Connection, rows: list[Row]) -> None:
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        params = [
            {**row.__dict__, "effective": row.effective.isoformat(), "until": _iso(row.until)}
            for row in rows
        ]
    else:
        params = [
            {**row.__dict__, "folded_title": fold(row.title), "folded_body": fold(row.body)}
            for row in rows
        ]
    for statement in ADD[connection.dialect.name]:
        connection.execute(statement, params)


def clear(connection: Connection) -> None:
    for table in TABLES[connection.dialect.name]:
        connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 # nosec B608 # a fixed name


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Hit:
    version_id: int
    kind: str
    slug: str
    title: str
    body: str


def find(
    connection: Connection, query: Query, today: dt.date, *, limit: int, offset: int
) -> tuple[list[Hit], int]:
    """The versions in force today that match, best first, and how many match in all."""
    if not query.searchable:
        return [], 0
    if connection.dialect.name == "sqlite":
        statement = FIND["sqlite"]
        params = {"match": query.fts5(), "today": today.isoformat()}
    else:
        statement = FIND["postgresql"]
        params = {"match": query.websearch(), "today": today}
    rows = connection.execute(statement, {**params, "limit": limit, "offset": offset}).all()
    if rows:
        return [Hit(*row[:5]) for row in rows], rows[0][5]
    if offset:
        # Past the last page: say how many there are, so the page can point back.
        everything = connection.execute(statement, {**params, "limit": 1, "offset": 0}).all()
        return [], everything[0][5] if everything else 0
    return [], 0


def current_titles(connection: Connection, today: dt.date) -> list[str]:
    """The title of every version in force today, for spelling suggestions."""
    day = today.isoformat() if connection.dialect.name == "sqlite" else today
    return list(connection.execute(TITLES[connection.dialect.name], {"today": day}).scalars())
