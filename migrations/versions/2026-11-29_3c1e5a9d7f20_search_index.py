"""search index: FTS5 on SQLite, a weighted tsvector under GIN on PostgreSQL

Revision ID: 3c1e5a9d7f20
Revises: b24de6a805b0
Create Date: 2026-11-29 03:10:00

The index is not a model: SQLite's FTS5 table is virtual and PostgreSQL's holds a tsvector, so
each dialect gets its own statements, and env.py keeps autogenerate away from them. After the
upgrade, `flask search reindex` fills the index from the content already in the database.
"""
from alembic import op


revision = '3c1e5a9d7f20'
down_revision = 'b24de6a805b0'
branch_labels = None
depends_on = None


SQLITE = [
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, body, kind UNINDEXED, slug UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    # The dates each version is in force, in a plain table: cheap to filter on.
    "CREATE TABLE search_index_span ("
    "version_id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, "
    "effective TEXT NOT NULL, until TEXT)",
]
POSTGRESQL = [
    "CREATE TABLE search_index ("
    "version_id INTEGER PRIMARY KEY REFERENCES version (id) ON DELETE CASCADE, "
    "document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE, "
    "kind VARCHAR(20) NOT NULL, slug VARCHAR(120) NOT NULL, "
    "effective DATE NOT NULL, until DATE, "
    "title TEXT NOT NULL, body TEXT NOT NULL, terms TSVECTOR NOT NULL)",
    "CREATE INDEX ix_search_index_terms ON search_index USING gin (terms)",
    "CREATE INDEX ix_search_index_document_id ON search_index (document_id)",
]


def upgrade():
    dialect = op.get_bind().dialect.name
    for statement in SQLITE if dialect == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_index_span")
    op.execute("DROP TABLE search_index")
