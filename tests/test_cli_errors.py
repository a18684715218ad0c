"""The README's `flask ...` commands, run from a fresh shell without the settings or the schema
they need: one line saying why, and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess  # nosec B404: runs the site's own flask command
import sys
from pathlib import Path

import pytest

from faq_site.config import PROJECT_ROOT

COMMANDS = [
    ["content", "sync"],
    ["content", "check"],
    ["moderator", "create", "new@quillstone.example", "--password-stdin"],
    ["moderator", "list"],
    ["mail", "send"],
    ["purge"],
    ["search", "reindex"],
    ["content", "withdraw", "statement", "2018-05-25", "--yes"],
    ["db", "upgrade"],
]
# What the database step does not concern: they need no table, or create them.
NEED_NO_TABLES = {("content", "check"), ("db", "upgrade")}


def flask(args: list[str], instance: Path, **settings: str) -> subprocess.CompletedProcess:
    """`flask ARGS` in the project folder, as from a fresh shell: no FLASK_ variable but those
    given (not even FLASK_APP: the flask command finds wsgi.py)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FLASK_") and key != "DATABASE_URL"
    }
    environment.update(FLASK_INSTANCE_PATH=str(instance), **settings)
    return subprocess.run(  # nosec B603: a fixed command line
        [sys.executable, "-m", "flask", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        input="a long enough password\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line(result: subprocess.CompletedProcess, reason: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {reason}"), result.stderr


@pytest.mark.parametrize("args", [*COMMANDS[:-1:2], COMMANDS[-1]], ids=" ".join)
def test_without_a_secret_key_the_reason_in_one_line(tmp_path, args):
    result = flask(args, tmp_path)
    assert_one_line(result, "No secret key is set. Set FLASK_SECRET_KEY")
    assert not (tmp_path / "faq_site.sqlite3").exists(), "nothing was written"


def test_without_the_site_address_the_reason_in_one_line(tmp_path):
    result = flask(["mail", "send"], tmp_path, FLASK_SECRET_KEY="k" * 32)
    assert_one_line(result, "FLASK_SITE_URL is not set.")


@pytest.mark.parametrize(
    "args", [a for a in COMMANDS if tuple(a[:2]) not in NEED_NO_TABLES], ids=" ".join
)
def test_before_the_schema_is_made_the_reason_in_one_line(tmp_path, args):
    settings = {"FLASK_SECRET_KEY": "k" * 32, "FLASK_SITE_URL": "https://gdpr.example"}
    result = flask(args, tmp_path, **settings)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "run 'flask db upgrade' first" in result.stderr


def test_a_database_that_does_not_answer_is_named_without_its_password(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = flask(
        ["purge"],
        tmp_path,
        FLASK_SECRET_KEY="k" * 32,
        FLASK_SITE_URL="https://gdpr.example",
        DATABASE_URL=f"postgresql://faq:hunter2secret@127.0.0.1:{port}/faq",
    )
    assert_one_line(result, f"The database postgresql+psycopg://faq:***@127.0.0.1:{port}/faq")
    assert "cannot be reached" in result.stderr and "hunter2secret" not in result.stderr
