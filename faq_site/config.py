"""Configuration: defaults for a laptop, then FLASK_-prefixed environment variables, then tests."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    SITE_NAME = "Quillstone GDPR"
    COMPANY_NAME = "Quillstone CRM Ltd"
    SITE_TIMEZONE = "Europe/London"
    CONTENT_DIR = str(PROJECT_ROOT / "content")
    BABEL_DEFAULT_LOCALE = "en_GB"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    # hide_parameters keeps the values of a failed statement, which may be personal, out of logs.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    # Public pages may be kept by browsers and shared caches this long (seconds). Versions come
    # into force at midnight, so a few minutes of staleness is the most a reader can see.
    PUBLIC_MAX_AGE = 300
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "https"
    FEED_LENGTH = 50


def database_uri(uri: str) -> str:
    """Point PostgreSQL addresses at psycopg 3, whichever spelling the environment used."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


def finish(config, instance_path: str) -> None:
    """Fill in what depends on the environment and the instance folder, after every source."""
    uri = config.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not uri:
        # A relative SQLite path lives in the instance folder, which Flask-SQLAlchemy creates.
        uri = "sqlite:///faq_site.sqlite3"
    config["SQLALCHEMY_DATABASE_URI"] = database_uri(uri)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _local_secret_key(config, instance_path)


def _local_secret_key(config, instance_path: str) -> str:
    if not (config.get("DEBUG") or config.get("TESTING")):
        raise RuntimeError(
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
