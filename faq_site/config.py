"""Configuration: defaults for a laptop, then FLASK_-prefixed environment variables, then tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    SITE_NAME = "Quillstone GDPR"
    COMPANY_NAME = "Quillstone CRM Ltd"
    # Where people may send post about their data (an authority, a proof of identity, a letter):
    # emails that say "send it by post" give this address. Keep it the statement's.
    POSTAL_ADDRESS = (
        "Data Protection Officer, Quillstone CRM Ltd, 14 Tannery Yard, Leeds, United Kingdom"
    )
    SITE_TIMEZONE = "Europe/London"
    CONTENT_DIR = str(PROJECT_ROOT / "content")
    BABEL_DEFAULT_LOCALE = "en_GB"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    # hide_parameters keeps the values of a failed statement, which may be personal, out of logs.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    # Seconds a write on SQLite waits for another writer before the request gives up with a
    # "try again" page (503).
    SQLITE_BUSY_TIMEOUT = 5
    # PostgreSQL: seconds to wait for a connection, for one statement, and for a lock, before
    # the request gives up with a "try again" page (503) instead of holding its worker. A server
    # that stops answering altogether is given the statement timeout plus a few seconds. 0 turns
    # one off (a long migration, say: FLASK_DATABASE_STATEMENT_TIMEOUT=0 flask db upgrade).
    DATABASE_CONNECT_TIMEOUT = 3
    DATABASE_STATEMENT_TIMEOUT = 5
    DATABASE_LOCK_TIMEOUT = 3
    # Public pages may be kept by browsers and shared caches this long (seconds). Versions come
    # into force at midnight, so a few minutes of staleness is the most a reader can see.
    PUBLIC_MAX_AGE = 300
    # Each worker keeps whole public pages in memory up to this many bytes (0: none), renewed
    # when the content changes or the day turns.
    PAGE_CACHE_BYTES = 32 * 1024 * 1024
    # Seconds a worker goes on trusting the content revision it last read before asking the
    # database again: a change made on another host is seen within this time.
    PAGE_CACHE_REVISION_SECONDS = 0.5
    MAX_CONTENT_LENGTH = 1024 * 1024
    # /healthz says "degraded" (still 200) when the disk of the database or the instance folder
    # has less free space than this, or when a write was refused for want of space or of write
    # access within the last so many seconds.
    HEALTH_MIN_FREE_BYTES = 100 * 1024 * 1024
    HEALTH_WRITE_FAILURE_SECONDS = 300
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "https"
    FEED_LENGTH = 50
    # The FAQ index shows this many entries of each category, each category's own page this
    # many at a time.
    FAQ_SECTION_SIZE = 25
    FAQ_PAGE_SIZE = 100
    # Answers, with their texts, on each page of /faq/all: a small FAQ fits on one.
    FAQ_ALL_PAGE_SIZE = 200
    # A version of the sub-processor register that adds a provider must be announced at least
    # this many days before it takes effect (UK and EU GDPR Art. 28(2): customers may object).
    SUBPROCESSOR_NOTICE_DAYS = 30
    # The public address, for links in emails and feeds (e.g. https://gdpr.example); required in
    # production.
    SITE_URL: str | None = None
    # The host names the site answers for (comma-separated; ".example.com" allows every
    # subdomain). Empty: the hosts of SITE_URL and SERVER_NAME. Any other Host header gets a 400
    # (see hosts.py).
    ALLOWED_HOSTS: str | list[str] = ""
    # How many proxies (load balancers) stand in front of the app and set X-Forwarded-For and
    # X-Forwarded-Proto: the client address (for rate limits) and HTTPS come from them.
    TRUSTED_PROXIES = 0
    # Session cookies go over HTTPS only, except on a development machine (None: decided in
    # finish()).
    SESSION_COOKIE_SECURE: bool | None = None
    SESSION_COOKIE_NAME = "faq_session"

    # Email: a local catcher by default (flask mail catcher, started by make run).
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 1025
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "Quillstone GDPR <gdpr@quillstone.example>"
    # Seconds to wait for the mail server, so a stalled server never hangs a request.
    MAIL_TIMEOUT = 10

    # Rate limits (Flask-Limiter syntax), per client address.
    RATELIMIT_STORAGE_URI = "memory://"
    # When that storage (Redis) cannot be reached, count in this process's memory instead, with a
    # warning in the log, rather than fail every limited form; Redis is tried again as time goes.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    # A Redis that stalls costs a request half a second, not Redis's own unbounded wait, before
    # the limiter counts in memory instead (redis:// and rediss:// only).
    REDIS_TIMEOUT_SECONDS = 0.5
    ASK_RATE_LIMIT = "5 per minute; 20 per hour; 50 per day"
    SIGN_IN_RATE_LIMIT = "10 per minute; 100 per day"

    # Seconds a moderator's Markdown may take to format (in a child process) before it is
    # refused as too intricate; an ordinary answer takes a few milliseconds.
    MARKDOWN_RENDER_SECONDS = 2

    # Questions
    QUESTION_MIN_LENGTH = 10
    QUESTION_MAX_LENGTH = 2000
    # A human takes at least this long to write a question; a faster form is a bot's.
    ASK_MIN_SECONDS = 3
    # The same text sent again within this many minutes is stored once.
    DUPLICATE_WINDOW_MINUTES = 10
    # Originals and email addresses of undecided questions are erased after this many days.
    QUESTION_RETENTION_DAYS = 90

    # Subject-access requests
    BANK_HOLIDAY_COUNTRY = "GB"
    BANK_HOLIDAY_REGION = "ENG"
    REQUEST_CONFIRMATION_HOURS = 48
    # An unconfirmed request is erased after this many days.
    UNCONFIRMED_REQUEST_DAYS = 7
    # The answer file can be downloaded this many days, then it is erased.
    REQUEST_ANSWER_DAYS = 7
    REQUEST_ANSWER_MAX_BYTES = 20 * 1024 * 1024
    # Personal fields of closed requests are erased after this many months.
    REQUEST_RETENTION_MONTHS = 24
    # A request paused this many days for the requester's answer is flagged in the queue.
    REQUEST_PAUSE_FLAG_DAYS = 14
    # Whether a moderator may ask for a fee, where the law allows one (a manifestly unfounded
    # or excessive request, Art. 12(5)(a); further copies, Art. 15(3)). Off: most requests are
    # free, and a controller decides to charge deliberately.
    REQUEST_FEES = False
    REQUEST_RATE_LIMIT = "3 per minute; 10 per hour; 20 per day"
    # Every send of those forms, kept or not, counted the moment it arrives: the limit above
    # counts only forms taken, once answered, so sends made all at once would all pass it.
    REQUEST_BURST_LIMIT = "10 per minute; 60 per day"
    # Tries at a reference and access code from one place, right or wrong: enough for a person
    # who mistypes, far too few to guess a code (about 59 bits).
    FOLLOW_RATE_LIMIT = "10 per hour; 30 per day"

    # Moderators. Failed sign-ins are counted per address typed and per place (the client's
    # network, as the rate limits see it): after this many in a row, that place waits a minute
    # before its next attempt at that address, doubling with each further failure up to the
    # ceiling, while the moderator can still sign in from anywhere else.
    SIGN_IN_FAILURES_BEFORE_DELAY = 5
    SIGN_IN_MAX_DELAY_SECONDS = 900
    # The last resort against guesses spread over many places: after this many failures at one
    # address from everywhere within a day, the address waits too (the same doubling delays),
    # except for a place that signed in to it within SIGN_IN_KNOWN_PLACE_DAYS and for an account
    # with two-step sign-in, whose right password and code still get in from anywhere.
    SIGN_IN_ADDRESS_FAILURES_BEFORE_DELAY = 25
    SIGN_IN_KNOWN_PLACE_DAYS = 30
    # Minutes a two-step set-up waits for its first code before the new secret is dropped.
    TOTP_SET_UP_MINUTES = 15
    # How long a link to set a new password works (sent by an admin or flask moderator
    # reset-password); it works once.
    PASSWORD_RESET_MINUTES = 60


def database_uri(uri: str) -> str:
    """Point PostgreSQL addresses at psycopg 3, whichever spelling the environment used."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


def postgresql_options(config) -> dict:
    """The engine options with PostgreSQL's timeouts added, leaving any given explicitly."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect = int(float(config["DATABASE_CONNECT_TIMEOUT"]))
    if connect:
        connect_args.setdefault("connect_timeout", max(connect, 2))
    settings = [
        f"-c {name}={int(float(config[key]) * 1000)}"
        for name, key in (
            ("statement_timeout", "DATABASE_STATEMENT_TIMEOUT"),
            ("lock_timeout", "DATABASE_LOCK_TIMEOUT"),
        )
        if float(config[key]) and f"{name}=" not in connect_args.get("options", "")
    ]
    if settings:
        connect_args["options"] = " ".join([connect_args.get("options", ""), *settings]).strip()
    # A network that drops packets is noticed within seconds, not after the kernel's hours.
    connect_args.setdefault("keepalives", 1)
    connect_args.setdefault("keepalives_idle", 10)
    connect_args.setdefault("keepalives_interval", 2)
    connect_args.setdefault("keepalives_count", 3)
    connect_args.setdefault("tcp_user_timeout", 10_000)
    options["connect_args"] = connect_args
    # A worker waits this long for a connection from its pool, not SQLAlchemy's 30 seconds.
    options.setdefault("pool_timeout", max(connect, 2))
    return options


class SettingMissing(RuntimeError):
    """A setting the site cannot start without; its message says which and how to set it."""


def finish(config, instance_path: str) -> None:
    """Fill in what depends on the environment and the instance folder, after every source."""
    uri = config.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not uri:
        # A relative SQLite path lives in the instance folder, which Flask-SQLAlchemy creates.
        uri = "sqlite:///faq_site.sqlite3"
    config["SQLALCHEMY_DATABASE_URI"] = database_uri(uri)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        config["SQLALCHEMY_ENGINE_OPTIONS"] = postgresql_options(config)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _local_secret_key(config, instance_path)
    if not config.get("SITE_URL") and not (config.get("DEBUG") or config.get("TESTING")):
        raise SettingMissing(
            "FLASK_SITE_URL is not set. Set it to the site's public address (for example "
            "https://gdpr.example): links in emails and feeds must never take their host from "
            "a request's Host header."
        )
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "")
    if storage.startswith(("redis://", "rediss://")):
        options = dict(config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        seconds = float(config["REDIS_TIMEOUT_SECONDS"])
        options.setdefault("socket_connect_timeout", seconds)
        options.setdefault("socket_timeout", seconds)
        config["RATELIMIT_STORAGE_OPTIONS"] = options
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = not (config.get("DEBUG") or config.get("TESTING"))


def _local_secret_key(config, instance_path: str) -> str:
    if not (config.get("DEBUG") or config.get("TESTING")):
        raise SettingMissing(
            "No secret key is set. Set FLASK_SECRET_KEY to a long random value "
            '(python -c "import secrets; print(secrets.token_hex(32))") before starting the site '
            "in production, or set FLASK_DEBUG=1 on a development machine to use a local key."
        )
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with owner-only permissions: the key signs sessions and CSRF tokens.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key
