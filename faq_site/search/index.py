"""The search index: one row per page, or per section of a long page, in each database's own
full-text index.

SQLite keeps the words in an FTS5 table (Porter stems, diacritics folded) and the text to show
beside it in a plain table; PostgreSQL keeps both in one table, with a weighted tsvector under a
GIN index. Both index the same words, folded here before they are stored, so that both
databases treat accents alike. Each row has three weighted fields: the title (or a section's
heading), the headings inside it, and the body, which never holds a heading, so that a snippet
never runs a heading into the text after it. Every version is indexed with the dates it is in
force, so a version that comes into force at midnight is found from that day without touching
the index. The schema is created by the migrations; SCHEMA repeats it for databases built from
the models (tests, `db.create_all`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy import Connection, bindparam, text

from ..models import Document, Version
from .query import Query, index_text

TABLE = "search_index"

SCHEMA = {
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
        "title, headings, body, tokenize = 'porter unicode61 remove_diacritics 2')",
        # What a result shows and the dates it is in force, in a plain table: cheap to filter
        # on, and read for the few rows of a page only.
        "CREATE TABLE IF NOT EXISTS search_index_row ("
        "id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL, document_id INTEGER NOT NULL, "
        "kind VARCHAR(20) NOT NULL, slug VARCHAR(120) NOT NULL, anchor TEXT, heading TEXT, "
        "title TEXT NOT NULL, body TEXT NOT NULL, effective TEXT NOT NULL, until TEXT)",
        "CREATE INDEX IF NOT EXISTS ix_search_index_row_version_id "
        "ON search_index_row (version_id)",
    ],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS search_index ("
        "id SERIAL PRIMARY KEY, "
        "version_id INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE, "
        "document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE, "
        "kind VARCHAR(20) NOT NULL, slug VARCHAR(120) NOT NULL, anchor TEXT, heading TEXT, "
        "effective DATE NOT NULL, until DATE, "
        "title TEXT NOT NULL, body TEXT NOT NULL, terms TSVECTOR NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_search_index_terms ON search_index USING gin (terms)",
        "CREATE INDEX IF NOT EXISTS ix_search_index_version_id ON search_index (version_id)",
        "CREATE INDEX IF NOT EXISTS ix_search_index_document_id ON search_index (document_id)",
    ],
}
TABLES = {"sqlite": ["search_index", "search_index_row"], "postgresql": ["search_index"]}


def _removing(statement: str):
    return text(statement).bindparams(bindparam("ids", expanding=True))


# On PostgreSQL the 'english' configuration gives stems and stop words of the content's language.
# A word in the title (or a section's heading) counts ten times one in the body, and one in a
# heading inside the text five times: bm25's column weights on SQLite, the A, B and D weights of
# ts_rank_cd on PostgreSQL.
SQLITE_WEIGHTS = "10.0, 5.0, 1.0"
POSTGRESQL_WEIGHTS = "'{0.1, 0, 0.5, 1.0}'"
REMOVE = {
    "sqlite": [
        _removing(
            "DELETE FROM search_index WHERE rowid IN "
            "(SELECT id FROM search_index_row WHERE document_id IN :ids)"
        ),
        _removing("DELETE FROM search_index_row WHERE document_id IN :ids"),
    ],
    "postgresql": [_removing("DELETE FROM search_index WHERE document_id IN :ids")],
}
ADD = {
    "sqlite": [
        text(
            "INSERT INTO search_index_row (id, version_id, document_id, kind, slug, anchor, "
            "heading, title, body, effective, until) VALUES (:id, :version_id, :document_id, "
            ":kind, :slug, :anchor, :heading, :title, :body, :effective, :until)"
        ),
        text(
            "INSERT INTO search_index (rowid, title, headings, body) "
            "VALUES (:id, :title_words, :headings_words, :body_words)"
        ),
    ],
    "postgresql": [
        text(
            "INSERT INTO search_index (version_id, document_id, kind, slug, anchor, heading, "
            "effective, until, title, body, terms) VALUES (:version_id, :document_id, :kind, "
            ":slug, :anchor, :heading, :effective, :until, :title, :body, "
            "setweight(to_tsvector('english', :title_words), 'A') || "
            "setweight(to_tsvector('english', :headings_words), 'B') || "
            "setweight(to_tsvector('english', :body_words), 'D'))"
        )
    ],
}
SHOWN = "s.id, s.kind, s.slug, s.anchor, s.title, s.heading, s.body"
IN_FORCE = "s.effective <= :today AND (s.until IS NULL OR s.until > :today)"


def _sqlite_find(groups: int) -> str:
    # bm25() works only where the FTS5 query drives: each group is its own FTS5 query, ranked in
    # a materialised step; a page's rank sums its groups'. Then keep those in force, count them,
    # and read the text of the page's few only.
    hits = " UNION ALL ".join(
        # Only numbered placeholders and fixed text are put together here; values are bound.
        f"SELECT rowid AS id, :w{i} AS weight, bm25(search_index, {SQLITE_WEIGHTS}) AS score "  # noqa: S608 # nosec B608
        f"FROM search_index WHERE search_index MATCH :m{i}"
        for i in range(groups)
    )
    return (
        f"WITH hits AS MATERIALIZED ({hits}), "  # noqa: S608 # nosec B608
        "ranked AS MATERIALIZED (SELECT id, sum(weight) AS matched, sum(score) AS score "
        "FROM hits GROUP BY id), "
        "current AS MATERIALIZED (SELECT r.id, r.matched, r.score FROM ranked r "
        f"JOIN search_index_row s ON s.id = r.id WHERE {IN_FORCE}), "
        "top AS (SELECT id, matched, score FROM current "
        "ORDER BY matched DESC, score, id LIMIT :limit OFFSET :offset) "
        f"SELECT {SHOWN}, (SELECT count(*) FROM current) "
        "FROM top JOIN search_index_row s ON s.id = top.id "
        "ORDER BY top.matched DESC, top.score, top.id"
    )


def _postgresql_find(query: Query) -> tuple[str, dict]:
    # Every word reaches PostgreSQL as a bound value read by phraseto_tsquery, which knows no
    # operators; the tsquery is put together from those with ||, && and !!.
    params: dict = {}

    def phrase(value: str) -> str:
        name = f"t{len(params)}"
        params[name] = value
        return f"phraseto_tsquery('english', :{name})"

    groups = [
        "(" + " || ".join(phrase(term.text) for term in group.terms) + ")" for group in query.groups
    ]
    everything = "(" + " || ".join(groups) + ")"
    for group, written in zip(query.groups, groups, strict=True):
        if group.required:
            everything += f" && {written}"
    for term in query.excluded:
        everything += f" && !!{phrase(term.text)}"
    columns = ", ".join(f"{written} AS g{i}" for i, written in enumerate(groups))
    matched = " + ".join(f"(s.terms @@ p.g{i})::int * :w{i}" for i in range(len(groups)))
    params.update({f"w{i}": group.weight for i, group in enumerate(query.groups)})
    statement = (
        f"SELECT {SHOWN}, count(*) OVER () "  # noqa: S608 # nosec B608
        f"FROM search_index s, (SELECT {everything} AS q, {columns}) AS p "
        f"WHERE s.terms @@ p.q AND {IN_FORCE} "
        f"ORDER BY {matched} DESC, "
        f"ts_rank_cd({POSTGRESQL_WEIGHTS}, s.terms, p.q, 1) DESC, s.id "
        "LIMIT :limit OFFSET :offset"
    )
    return statement, params


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


HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "li", "td", "th", "br", "blockquote", "pre", "tr"} | HEADINGS


@dataclass
class Block:
    """A heading (with its id) or a stretch of text between headings."""

    text: str
    heading: str | None = None
    anchor: str | None = None


class _Blocks(HTMLParser):
    """The text of a rendered version in blocks, headings apart, without the permalinks beside
    its headings."""

    SKIPPED = "headerlink"

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = [Block("")]
        self.parts: list[str] = []
        self.skipping = 0

    def _close(self) -> None:
        self.blocks[-1].text += " " + "".join(self.parts)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if self.skipping or (tag == "a" and dict(attrs).get("class") == self.SKIPPED):
            self.skipping += 1 if tag == "a" else 0
        if tag in HEADINGS:
            self._close()
            self.blocks.append(Block("", heading=tag, anchor=dict(attrs).get("id")))
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skipping and tag == "a":
            self.skipping -= 1
        if tag in HEADINGS:
            self._close()
            self.blocks.append(Block(""))
        elif tag in BLOCKS:
            self.parts.append(_END)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


_END = "\x00"  # where a paragraph, an item or a table cell ends


def _joined(text: str) -> str:
    """A block's pieces (paragraphs, list items, table cells) in one line, a piece that ends
    without punctuation kept apart from the next by a middle dot: "suppression list · Backups"."""
    line = ""
    for piece in text.split(_END):
        piece = " ".join(piece.split())
        if not piece:
            continue
        if line and not line.endswith((".", "!", "?", ":", ";", ",")):
            line += " \u00b7"
        line = f"{line} {piece}" if line else piece
    return line


def blocks(html: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._close()
    found = [Block(_joined(b.text), b.heading, b.anchor) for b in parser.blocks]
    return [b for b in found if b.text]


def plain_text(html: str) -> str:
    return " ".join(b.text for b in blocks(html))


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
    headings: str = ""
    anchor: str | None = None
    heading: str | None = None
    indexed_title: str | None = None

    def params(self) -> dict:
        return {
            **self.__dict__,
            "title_words": index_text(self.indexed_title or self.title),
            "headings_words": index_text(self.headings),
            "body_words": index_text(self.body),
        }


# Documents of these kinds are long enough to be searched, and linked to, section by section.
BY_SECTION = {"statement"}


SECTION_HEADINGS = ("h2", "h3")


def _sections(parts: list[Block]) -> list[tuple[list[str], list[Block]]]:
    """The blocks cut at each heading the page's contents list links to (`##` and `###`), each
    with the headings it sits under, its own last."""
    sections: list[tuple[list[str], list[Block]]] = [([], [])]
    outer: list[str] = []
    for block in parts:
        if block.heading in SECTION_HEADINGS:
            outer = [*outer[: int(block.heading[1]) - 2], block.text]
            sections.append((outer, [block]))
        else:
            sections[-1][1].append(block)
    return [(path, section) for path, section in sections if section]


def rows_for(document: Document) -> list[Row]:
    """A document's rows: every version (or each section of it) with the dates it is in
    force; none once the document is withdrawn, and none for a withdrawn version."""
    if document.withdrawn is not None:
        return []
    versions: Sequence[Version] = sorted(
        (v for v in document.versions if v.withdrawn is None), key=lambda v: v.effective
    )
    rows = []
    for i, version in enumerate(versions):
        parts = blocks(version.html)
        by_section = str(document.kind) in BY_SECTION
        sections = _sections(parts) if by_section else [([], parts)]
        for number, (path, section) in enumerate(sections):
            top = section[0] if path else None
            rest = section[1:] if top else section
            rows.append(
                Row(
                    version_id=version.id,
                    document_id=document.id,
                    kind=str(document.kind),
                    slug=document.slug,
                    effective=version.effective,
                    until=versions[i + 1].effective if i + 1 < len(versions) else None,
                    title=version.title,
                    headings=" ".join(b.text for b in rest if b.heading),
                    body=" ".join(b.text for b in rest if not b.heading),
                    anchor=top.anchor if top else None,
                    heading=top.text if top else None,
                    # A section is found by its headings; the page's title leads to its top.
                    indexed_title=" ".join(([version.title] if number == 0 else []) + path),
                )
            )
    return rows


def remove(connection: Connection, document_ids: Iterable[int]) -> None:
    """Every row of these documents, whichever versions they still have."""
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), 500):
        for statement in REMOVE[connection.dialect.name]:
            connection.execute(statement, {"ids": ids[start : start + 500]})


def add(connection: Connection, rows: list[Row]) -> None:
    if not rows:
        return
    params = [row.params() for row in rows]
    if connection.dialect.name == "sqlite":
        # The two tables share their ids; this transaction already holds SQLite's write lock.
        last = connection.execute(text("SELECT coalesce(max(id), 0) FROM search_index_row"))
        first = last.scalar_one() + 1
        for number, values in enumerate(params):
            values.update(
                id=first + number,
                effective=values["effective"].isoformat(),
                until=_iso(values["until"]),
            )
    for statement in ADD[connection.dialect.name]:
        connection.execute(statement, params)


def clear(connection: Connection) -> None:
    for table in TABLES[connection.dialect.name]:
        connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 # nosec B608 # a fixed name


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Hit:
    id: int
    kind: str
    slug: str
    anchor: str | None
    title: str
    heading: str | None
    body: str


def find(
    connection: Connection, query: Query, today: dt.date, *, limit: int, offset: int
) -> tuple[list[Hit], int]:
    """The rows in force today that match, best first, and how many match in all."""
    if not query.searchable:
        return [], 0
    if connection.dialect.name == "sqlite":
        statement = _sqlite_find(len(query.groups))
        params = {"today": today.isoformat()}
        for i, (group, match) in enumerate(zip(query.groups, query.fts5_groups(), strict=True)):
            params.update({f"m{i}": match, f"w{i}": group.weight})
    else:
        statement, params = _postgresql_find(query)
        params["today"] = today
    rows = connection.execute(text(statement), {**params, "limit": limit, "offset": offset}).all()
    if rows:
        return [Hit(*row[:7]) for row in rows], rows[0][7]
    if offset:
        # Past the last page: say how many there are, so the page can point back.
        everything = connection.execute(text(statement), {**params, "limit": 1, "offset": 0})
        first = everything.first()
        return [], first[7] if first else 0
    return [], 0


TEXTS = {
    "sqlite": "SELECT title, heading, body FROM search_index_row",
    "postgresql": "SELECT title, heading, body FROM search_index",
}


def texts(connection: Connection) -> Iterable[str]:
    """Every indexed text, for the words typo tolerance knows."""
    for row in connection.execute(text(TEXTS[connection.dialect.name])):
        yield from (value for value in row if value)
