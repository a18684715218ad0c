"""search index by section, with headings weighted apart from the body

Revision ID: a7c41e93d2b5
Revises: a3f0c2d1e7b4
Create Date: 2026-12-05 09:00:00

A row is now a page or a section of one (its anchor and heading), with three weighted fields:
title, headings, body. The old index cannot be converted in SQL (the sections come from the
rendered HTML), so it is dropped and created anew: run `flask search reindex` after the
upgrade, as docs/deploy.md says for an upgrade that asks for it.
"""
from alembic import op


revision = 'a7c41e93d2b5'
down_revision = 'a3f0c2d1e7b4'
branch_labels = None
depends_on = None


SQLITE = [
    "DROP TABLE search_index_span",
    "DROP TABLE search_index",
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, headings, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE search_index_row ("
    "id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL, document_id INTEGER NOT NULL, "
    "kind VARCHAR(20) NOT NULL, slug VARCHAR(120) NOT NULL, anchor TEXT, heading TEXT, "
    "title TEXT NOT NULL, body TEXT NOT NULL, effective TEXT NOT NULL, until TEXT)",
    "CREATE INDEX ix_search_index_row_version_id ON search_index_row (version_id)",
]
POSTGRESQL = [
    "DROP TABLE search_index",
    "CREATE TABLE search_index ("
    "id SERIAL PRIMARY KEY, "
    "version_id INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE, "
    "document_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE, "
    "kind VARCHAR(20) NOT NULL, slug VARCHAR(120) NOT NULL, anchor TEXT, heading TEXT, "
    "effective DATE NOT NULL, until DATE, "
    "title TEXT NOT NULL, body TEXT NOT NULL, terms TSVECTOR NOT NULL)",
    "CREATE INDEX ix_search_index_terms ON search_index USING gin (terms)",
    "CREATE INDEX ix_search_index_version_id ON search_index (version_id)",
    "CREATE INDEX ix_search_index_document_id ON search_index (document_id)",
]

SQLITE_BEFORE = [
    "DROP TABLE search_index_row",
    "DROP TABLE search_index",
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, body, kind UNINDEXED, slug UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE search_index_span ("
    "version_id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, "
    "effective TEXT NOT NULL, until TEXT)",
]
POSTGRESQL_BEFORE = [
    "DROP TABLE search_index",
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
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_BEFORE if dialect == "sqlite" else POSTGRESQL_BEFORE:
        op.execute(statement)
