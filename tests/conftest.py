"""Fixtures: an app on each database, a client, a CLI runner, and content trees to load."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import socket
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib.metadata import version
from pathlib import Path
from unittest import mock

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.routing import Rule

from faq_site import clock, create_app, moderation, page_cache, search
from faq_site.anonymise import Anonymised, Redaction
from faq_site.clock import today_for
from faq_site.config import PROJECT_ROOT, Defaults, database_uri
from faq_site.extensions import db
from faq_site.models import Question
from faq_site.urls import link

pytest_plugins = ["smtp_server", "actions", "browser_fixtures"]

IN_CI = os.environ.get("CI") == "true"
# The site's day, in the time zone its pages count days in, not the machine's: around midnight
# the two differ (a machine on UTC is an hour behind London in summer).
TODAY = today_for({"SITE_TIMEZONE": Defaults.SITE_TIMEZONE})


def _memoise_url_builders() -> None:
    """Werkzeug compiles two small Python functions for every route of every app it is given
    (to build the route's addresses), about 80 ms an app for this site's routes; the suite
    builds an app for nearly every test. A builder is a pure function of the route's pattern,
    its defaults and its steps (the rule is its first argument), so one compiled for a route
    serves every app with the same route. Only the tests do this: a site has one app a process.
    """
    original = Rule._compile_builder
    compiled: dict[tuple, object] = {}

    def memoised(rule: Rule, append_unknown: bool = True):
        key = (
            rule.rule,
            rule.host or rule.subdomain or "",
            tuple(rule._trace),
            tuple(sorted((rule.defaults or {}).items(), key=repr)),
            append_unknown,
        )
        if key not in compiled:
            compiled[key] = original(rule, append_unknown)
        return compiled[key]

    Rule._compile_builder = memoised


# Read against Werkzeug 3's builders (looked up through the rule at every call, nothing of one
# app's map kept in them); another major version compiles them afresh for every app, as a site
# does.
if version("werkzeug").split(".")[0] == "3":
    _memoise_url_builders()


def service_missing(reason: str) -> None:
    """Skip locally when a service is absent; under CI the same absence is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: services must be present)")
    pytest.skip(reason)


def redis_server(url: str) -> redis.Redis:
    """A client of the Redis at url, once it answers (see service_missing otherwise)."""
    store = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        store.ping()
    except redis.ConnectionError as error:
        store.close()
        service_missing(f"Redis at {url} is not reachable: {error}")
    return store


@contextmanager
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers: a Redis that has stalled."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        listener.close()
        for connection in held:
            connection.close()


def reset_postgresql(url: str) -> None:
    engine = create_engine(database_uri(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """The database every test runs on: SQLite always, PostgreSQL from TEST_DATABASE_URL."""
    if request.param == "sqlite":
        return "sqlite"
    return postgresql_server()


def worker_database_url(url: str, worker: str) -> str:
    """url with the database named for one pytest-xdist worker (`test` -> `test_gw0`), created
    on the same server from its `postgres` database when missing: workers never share tables."""
    address = make_url(url)
    name = f"{address.database}_{worker}"
    if name not in _CREATED:
        admin = create_engine(
            database_uri(address.set(database="postgres").render_as_string(hide_password=False)),
            isolation_level="AUTOCOMMIT",
        )
        try:
            with admin.connect() as connection:
                found = connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                ).first()
                if found is None:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                # A test database need not outlive a crash of the server: commits do not wait
                # for the disk (the same transactions, locks and isolation; no durability). A
                # role that does not own the database leaves the setting as it is.
                with suppress(ProgrammingError):
                    connection.execute(
                        text(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
                    )
        finally:
            admin.dispose()
        _CREATED.add(name)
    return address.set(database=name).render_as_string(hide_password=False)


_CREATED: set[str] = set()


def postgresql_server() -> str:
    """TEST_DATABASE_URL, once PostgreSQL answers there (see service_missing otherwise); under
    pytest-xdist, the database of this worker on that server (see worker_database_url)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        service_missing("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    try:
        if worker:
            url = worker_database_url(url, worker)
        engine = create_engine(database_uri(url))
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except OperationalError as error:
        service_missing(f"PostgreSQL at TEST_DATABASE_URL is not reachable: {error.orig}")
    return url


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the empty schema, made once per process (as the app fixture's
    `db.create_all()` makes it): each test gets a copy of the file."""
    folder = tmp_path_factory.mktemp("schema")
    path = folder / "schema.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLASK_INSTANCE_PATH", str(folder / "instance"))
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "schema",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            }
        )
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return path


class PostgresqlSchema:
    """The schema of one PostgreSQL database, made once and emptied between tests: every table
    emptied and its identity restarted leaves what DROP SCHEMA and `db.create_all()` left, in a
    fraction of the time. A test that changed the tables (dropped them, migrated) is noticed by
    the list of tables, and the schema is made again."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.tables: frozenset[str] | None = None
        # One connection kept for emptying the tables between tests, not one opened each time.
        self.engine = create_engine(database_uri(url), pool_size=1, pool_pre_ping=True)
        self.copies_cleared = False

    def _current(self, connection) -> frozenset[str]:
        rows = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        return frozenset(row[0] for row in rows)

    def prepare(self) -> None:
        with self.engine.begin() as connection:
            current = self._current(connection)
            if self.tables is not None and current == self.tables:
                self._empty(connection, current)
                return
        self.engine.dispose()
        if self.tables is None and not self.copies_cleared:
            # Copies of synced databases left by earlier runs (see PostgresqlCopy).
            with self.engine.begin() as connection:
                for schema in connection.execute(
                    text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'synced\\_%'")
                ).scalars():
                    connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            self.copies_cleared = True
        reset_postgresql(self.url)
        # The search index's tables come with the models' (as the app makes them).
        search.build_with_tables()
        with self.engine.begin() as connection:
            db.metadata.create_all(connection)
            self.tables = self._current(connection)

    @staticmethod
    def _empty(connection, tables: frozenset[str]) -> None:
        """Every row deleted and every identity restarted, as TRUNCATE ... RESTART IDENTITY
        would leave them, in a sixth of the time on a test's few rows: TRUNCATE makes new
        files for every table. The foreign keys' triggers are off while the rows go (the
        role of a replica, which only a superuser may take: TRUNCATE otherwise)."""
        if connection.execute(text("SELECT current_setting('is_superuser')")).scalar() != "on":
            names = ", ".join(f'"{name}"' for name in sorted(tables))
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        sequences = connection.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        ).scalars()
        statements = [
            "SET LOCAL session_replication_role = replica",
            *(f'DELETE FROM "{name}"' for name in sorted(tables)),  # noqa: S608
            *(f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences),
        ]
        # One round trip: names from pg_tables and pg_sequences, no values.
        connection.exec_driver_sql(";\n".join(statements))

    def forget(self) -> None:
        self.tables = None
        self.engine.dispose()


_POSTGRESQL_SCHEMAS: dict[str, PostgresqlSchema] = {}


def postgresql_schema(url: str) -> PostgresqlSchema:
    return _POSTGRESQL_SCHEMAS.setdefault(url, PostgresqlSchema(url))


@pytest.fixture
def database_url(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database holding the site's tables, all empty: on SQLite a copy of the schema file,
    on PostgreSQL the worker's database with its tables emptied."""
    if database == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), path)
        return f"sqlite:///{path}"
    postgresql_schema(database).prepare()
    return database


@pytest.fixture
def empty_database_url(database: str, tmp_path: Path) -> Iterator[str]:
    """A database without a single table, for the tests of migrations and of an app that has
    not made its tables."""
    if database == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    postgresql_schema(database).forget()
    reset_postgresql(database)
    yield database
    reset_postgresql(database)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content tree of our own, dated around today, so every state can be seen."""
    root = tmp_path / "content"
    build_content(root)
    return root


@pytest.fixture
def app_settings() -> dict:
    """Settings a test module adds to the app's, for those read only when the app is built
    (engine options, say): override this fixture in the module."""
    return {}


@pytest.fixture
def app(
    database_url: str, content_dir: Path, tmp_path: Path, monkeypatch, app_settings: dict
) -> Iterator[Flask]:
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTENT_DIR": str(content_dir),
            "SERVER_NAME": "faq.test",
            "PREFERRED_URL_SCHEME": "http",
            # Tests send forms at machine speed; the test of the minimum fill time sets its own.
            "ASK_MIN_SECONDS": 0,
            **app_settings,
        }
    )
    # database_url made the tables (and the search index's): `db.create_all()` again would only
    # ask the database for each of them, on every test.
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def synced_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this process keeps the SQLite files of first syncs (see `synced`): its own folder,
    whatever pytest does with each test's tmp_path."""
    return tmp_path_factory.mktemp("synced")


@pytest.fixture
def synced(app: Flask, runner: FlaskCliRunner, database: str, synced_folder: Path) -> Flask:
    """The app with its content tree loaded by `flask content sync`.

    The first test of a process to sync a given tree into an empty database, under given
    settings, on a given day, runs the command and keeps what it stored; every later one that
    would do the same into an empty database gets a copy of that (a file copy on SQLite, the
    rows copied back on PostgreSQL), which is what the command would have stored again but for
    the time it was run. A database that already holds rows is synced by the command.
    """
    fresh = _holds_nothing(app)
    key = _synced_key(app) if fresh else None
    kept = _SYNCED.get((database, key)) if key is not None else None
    if kept is not None:
        kept.restore(app)
        return app
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    if key is not None:
        if database == "sqlite":
            kept = SqliteCopy.keep(app, synced_folder / f"{key}.sqlite3")
        else:
            kept = PostgresqlCopy.keep(app, key)
        if kept is not None:
            _SYNCED[(database, key)] = kept
    return app


def _holds_nothing(app: Flask) -> bool:
    """Whether no table has a row yet: only then is a sync's result the same as the first's
    (another fixture may have stored a moderator or a question before it)."""
    tables = [table.name for table in db.metadata.sorted_tables]
    anything = " OR ".join(f'EXISTS (SELECT 1 FROM "{name}")' for name in tables)  # noqa: S608
    with app.app_context():
        found = db.session.execute(text(f"SELECT {anything}")).scalar()
        db.session.remove()
    return not found


# Settings that name this test's own files or ports: sync reads the files, not their folder's
# name, and sends no mail.
_NOT_IN_SYNC = frozenset(
    {"SQLALCHEMY_DATABASE_URI", "CONTENT_DIR", "INSTANCE_PATH", "MAIL_PORT", "SESSION_COOKIE_NAME"}
)


def _synced_key(app: Flask) -> str:
    """What a sync's result depends on: every file of the content tree, the app's settings
    (but its own paths), and the site's day."""
    digest = hashlib.sha256()
    root = Path(app.config["CONTENT_DIR"])
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    settings = sorted((name, repr(value)) for name, value in app.config.items())
    digest.update(repr([item for item in settings if item[0] not in _NOT_IN_SYNC]).encode())
    with app.app_context():
        digest.update(clock.today().isoformat().encode())
    return digest.hexdigest()[:16]


class SqliteCopy:
    """A synced SQLite database kept as a file, copied over a later test's database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def _file(app: Flask) -> Path:
        return Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database)

    @classmethod
    def keep(cls, app: Flask, kept: Path) -> SqliteCopy:
        with app.app_context():
            db.session.remove()
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()
        shutil.copyfile(cls._file(app), kept)
        return cls(kept)

    def restore(self, app: Flask) -> None:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        target = self._file(app)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.path, target)
        page_cache.content_changed()


class PostgresqlCopy:
    """A synced PostgreSQL database kept as copies of its tables in a schema of their own
    (`synced_<key>`), with its sequences' values; restored by copying the rows back. Every
    name in its SQL comes from the server's own catalogue or the key's hexadecimal digits."""

    def __init__(self, restore_sql: str) -> None:
        self.restore_sql = restore_sql

    @classmethod
    def keep(cls, app: Flask, key: str) -> PostgresqlCopy | None:
        """The copy, or None for a role that is not a superuser: restoring copies the rows back
        as a replica does, with the foreign keys' triggers off, which only a superuser may."""
        schema = f"synced_{key}"
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as connection:
                superuser = connection.execute(text("SELECT current_setting('is_superuser')"))
                if superuser.scalar() != "on":
                    return None
                tables = sorted(
                    connection.execute(
                        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    ).scalars()
                )
                columns = {
                    table: [
                        f'"{name}"'
                        for name in connection.execute(
                            text(
                                "SELECT column_name FROM information_schema.columns"
                                " WHERE table_schema = 'public' AND table_name = :table"
                                " AND is_generated = 'NEVER' ORDER BY ordinal_position"
                            ),
                            {"table": table},
                        ).scalars()
                    ]
                    for table in tables
                }
                sequences = connection.execute(
                    text(
                        "SELECT sequencename, last_value FROM pg_sequences"
                        " WHERE schemaname = 'public'"
                    )
                ).all()
                keep = [f'DROP SCHEMA IF EXISTS "{schema}" CASCADE', f'CREATE SCHEMA "{schema}"']
                keep += [
                    f'CREATE TABLE "{schema}"."{table}" AS SELECT * FROM public."{table}"'  # noqa: S608
                    for table in tables
                ]
                connection.exec_driver_sql(";\n".join(keep))
            db.engine.dispose()
        restore = ["SET LOCAL session_replication_role = replica"]
        restore += [f'DELETE FROM public."{table}"' for table in tables]  # noqa: S608
        for table in tables:
            names = ", ".join(columns[table])
            copy = f'INSERT INTO public."{table}" ({names}) OVERRIDING SYSTEM VALUE'
            restore.append(f'{copy} SELECT {names} FROM "{schema}"."{table}"')  # noqa: S608
        restore += [
            f"SELECT setval('public.\"{name}\"', {int(value)})"
            if value is not None
            else f'ALTER SEQUENCE public."{name}" RESTART'
            for name, value in sequences
        ]
        return cls(";\n".join(restore))

    def restore(self, app: Flask) -> None:
        with app.app_context():
            with db.engine.begin() as connection:
                connection.exec_driver_sql(self.restore_sql)
            db.session.remove()
        page_cache.content_changed()


# What the first sync of each tree stored, by database and key (see `synced`).
_SYNCED: dict[tuple[str, str], SqliteCopy | PostgresqlCopy] = {}


def receive_marked(
    text: str, pieces: list[tuple[str, str, bool]], email: str | None = None
) -> Question:
    """A question received as if the anonymiser had found `pieces` in it, each (kind, value,
    certain) at the value's first place: for tests of what a moderator does with the marks,
    whatever the anonymiser of the day finds. Needs an app context; the caller commits."""
    found = []
    for kind, value, certain in pieces:
        start = text.index(value)
        found.append(Redaction(kind, start, start + len(value), value, certain))
    result = Anonymised(text, tuple(sorted(found, key=lambda redaction: redaction.start)))
    with mock.patch.object(moderation, "anonymise", lambda _text: result):
        return moderation.receive(text, email, sender="", link=link).question


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def write_version(
    root: Path, document: str, effective: dt.date | str, front: str, body: str
) -> Path:
    """Write one version file; document is 'statement' or 'faq/<slug>'."""
    name = effective if isinstance(effective, str) else effective.isoformat()
    path = root / document / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body).lstrip()}", "utf-8"
    )
    return path


STATEMENT_OLD = """
    ## Who we are
    Example Ltd makes software for small shops.

    ## What we keep
    We keep your name and email address.

    We keep nothing for longer than we need to.

    ## Contact
    Write to our privacy team.
"""
STATEMENT_CURRENT = """
    ## Who we are
    Example Ltd makes friendly software for small shops.

    ## Contact
    Write to our privacy team.

    ## What we keep
    We keep your name, email address and order history.

    We keep nothing for longer than we need to.

    See [our answer on deletion](/faq/deleting-data) and [the first version](/gdpr/versions/2018-05-25).
"""
STATEMENT_FUTURE = """
    ## Who we are
    Example Ltd makes friendly software for small shops.

    ## Contact
    Write to our data protection officer.

    ## What we keep
    We keep your name, email address and order history.

    We keep nothing for longer than we need to.

    See [our answer on deletion](/faq/deleting-data) and [the first version](/gdpr/versions/2018-05-25).
"""
# The current statement's date: two years ago, so it is in force whatever day the tests run.
CURRENT = days(-730)
FUTURE = days(60)


def build_content(root: Path) -> None:
    (root / "faq").mkdir(parents=True)
    (root / "faq" / "categories.yml").write_text(
        "- slug: basics\n  title: The basics\n  description: What GDPR means for you.\n"
        "- slug: deletion\n  title: Deleting data\n  description: Erasure, purges and backups.\n",
        "utf-8",
    )
    write_version(
        root,
        "statement",
        "2018-05-25",
        "title: Our GDPR statement\nsummary: First published.",
        STATEMENT_OLD,
    )
    write_version(
        root,
        "statement",
        CURRENT,
        "title: Our GDPR statement\nsummary: We now keep order history, and the contact section moved up.",
        STATEMENT_CURRENT,
    )
    write_version(
        root,
        "statement",
        FUTURE,
        "title: Our GDPR statement\nsummary: A data protection officer now answers your letters.",
        STATEMENT_FUTURE,
    )
    write_version(
        root,
        "faq/deleting-data",
        "2019-01-10",
        "title: Must I delete a contact who asks?\nsummary: First published.\ncategory: deletion\norder: 10",
        "Usually yes. A soft delete can be restored, so it is not erasure.\n",
    )
    write_version(
        root,
        "faq/deleting-data",
        "2024-04-15",
        "title: Must I delete a contact who asks?\nsummary: Explains purge.\ncategory: deletion\norder: 10",
        "Usually yes. A soft delete can be restored, so it is not erasure: purge the record.\n",
    )
    write_version(
        root,
        "faq/deleting-data",
        "2024-05-06",
        "title: Must I delete a contact who asks?\nsummary: Typo fixed.\ncategory: deletion\norder: 10\n"
        "change: editorial",
        "Usually, yes. A soft delete can be restored, so it is not erasure: purge the record.\n",
    )
    write_version(
        root,
        "faq/official-statement",
        "2018-05-25",
        "title: Do you have an official GDPR statement?\nsummary: First published.\ncategory: basics\norder: 10",
        "Yes: read [our statement](/gdpr).\n",
    )
    write_version(
        root,
        "faq/where-to-learn",
        "2018-05-25",
        "title: Where can I learn the rules?\nsummary: First published.\ncategory: basics\norder: 20",
        "From the regulator's guidance at [the ICO](https://ico.org.uk/). We give no legal advice.\n",
    )
    build_register(root)


def subprocessor(provider: str, **fields: str) -> str:
    """One row of a register file, as YAML."""
    row = {
        "service": "Hosts our application",
        "data": "[names, email addresses]",
        "location": "United Kingdom",
        "safeguard": "none",
        "since": "2018-05-25",
        **fields,
    }
    return f"  - provider: {provider}\n" + "".join(f"    {k}: {v}\n" for k, v in row.items())


def write_register(root: Path, effective: dt.date | str, summary: str, *rows: str) -> Path:
    """Write one version of the sub-processor register."""
    name = effective if isinstance(effective, str) else effective.isoformat()
    path = root / "subprocessors" / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"title: Our sub-processors\nsummary: {summary}\nsubprocessors:\n" + "".join(rows),
        "utf-8",
    )
    return path


REGISTER_HOST = subprocessor("Harbour Hosting Ltd")
REGISTER_MAIL = subprocessor(
    "Postwick Mail Inc.",
    service="Delivers our email",
    location="United States",
    safeguard="standard-contractual-clauses",
)
REGISTER_SMS = subprocessor("Signalpost SMS Ltd", service="Sends sign-in codes")
REGISTER_SUPPORT = subprocessor(
    "Maplewatch Support Inc.",
    service="Answers support tickets at night",
    location="Canada (Toronto)",
    safeguard="adequacy",
    since=FUTURE.isoformat(),
)


def build_register(root: Path) -> None:
    write_register(root, "2018-05-25", "First published.", REGISTER_HOST, REGISTER_MAIL)
    write_register(
        root, CURRENT, "Adds Signalpost SMS.", REGISTER_HOST, REGISTER_MAIL, REGISTER_SMS
    )
    write_register(
        root,
        FUTURE,
        "Adds Maplewatch Support; Signalpost SMS stops; Postwick Mail moves to the UK Extension.",
        REGISTER_HOST,
        REGISTER_MAIL.replace("standard-contractual-clauses", "uk-extension"),
        REGISTER_SUPPORT,
    )


@pytest.fixture
def repository_content() -> Path:
    return PROJECT_ROOT / "content"
