"""The site on several hosts: two gunicorn servers (two workers each) and two mail workers,
sharing one PostgreSQL database, one Redis and one secret key, as a load-balanced deployment
does. Everything runs as in production: `flask db upgrade` and `flask content sync` build the
database, gunicorn serves wsgi:app with gunicorn.conf.py, `flask mail send --loop` empties the
outbox into a real SMTP server.

- 200 visitors ask at once, each fetching the form from one host and sending it to the other;
  two moderators, one signed in on each host, publish the 200 answers at once while readers
  keep reading the FAQ: every publish succeeds once, every asker gets exactly one email, the
  outbox is empty afterwards, and both hosts list all 200 answers.
- A change made through one host is seen on the other at once, by every worker, although each
  worker keeps whole pages in memory.
- A rate limit hit through one host counts on the other: the count lives in Redis.

The database (`faq_scale_<random>` on the server of TEST_DATABASE_URL) and the Redis key prefix
are this module's own, made and removed by it. Select it with `pytest -m scale`.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from faq_site.config import PROJECT_ROOT, Defaults, database_uri
from faq_site.models import Document, DocumentKind, Origin, OutboxMessage, Question, SiteState

from actions import DIGITS_AS_LETTERS, HOST, STATUS_LINK, request
from conftest import postgresql_server, redis_server
from smtp_server import SmtpServer, free_port

pytestmark = pytest.mark.scale

REDIS_URL = "redis://127.0.0.1:6379/0"
SITE_URL = "https://gdpr.example"
ASKERS = 200
# Requests in flight at once from the test's visitors and moderators.
CONCURRENCY = 16
WORKERS_PER_HOST = 2
# The production default, kept: every form is fetched first, then all are sent once a person
# could have written them.
ASK_MIN_SECONDS = 3
MAIL_INTERVAL = 0.2
# The limit the shared-count check trips; no other part of this module posts that form.
REQUEST_LIMIT = 3
PASSWORD = "a long passphrase for the panel"
# gunicorn's access log with the worker's process id, to tell which worker served a page.
ACCESS_FORMAT = "%(p)s %(m)s %(U)s %(s)s"
ACCESS_LINE = re.compile(r"^<(\d+)> (\S+) (\S+) (\d{3})$")
FIELD = re.compile(r'name="(csrf_token|started|submission)"[^>]*value="([^"]*)"')


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    text: str


class Visitor:
    """A browser of its own: it keeps its cookies from one answer to the next, whichever host
    answered (the hosts are one site behind a load balancer). The session cookie is marked
    Secure; here it travels over the loopback, where a TLS-terminating proxy would hand it on."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        # A moderator's tabs share one session: once it is set up, answers that only add a
        # flash message to it are not taken in, so that no tab overwrites another's cookie.
        self.frozen = False

    def get(self, host: Host, path: str) -> Reply:
        return self._send(host, "GET", path, "")

    def post(self, host: Host, path: str, form: dict[str, str]) -> Reply:
        return self._send(host, "POST", path, urlencode(form))

    def _send(self, host: Host, method: str, path: str, body: str) -> Reply:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        status, headers, page = request(host.address, method, path, cookie=cookie, body=body)
        if not self.frozen:
            for line in headers.get_all("Set-Cookie") or []:
                name, _, value = line.split(";", 1)[0].partition("=")
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        return Reply(status, headers.get("Location", ""), page)


def form_fields(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in FIELD.findall(page)}


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    stdout: Path
    stderr: Path

    def tail(self, lines: int = 30) -> str:
        parts = []
        for path in (self.stderr, self.stdout):
            content = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {self.name} {path.suffix[1:]} (last {lines} lines) ---")
            parts.extend(content)
        return "\n".join(parts)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=15)


@dataclass
class Host:
    """One app server: gunicorn with its workers, on a port of its own."""

    name: str
    port: int
    process: Process

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def access_log(self) -> list[tuple[str, str, str, int]]:
        """(worker pid, method, path, status) of every request served so far."""
        found = []
        for line in self.process.stdout.read_text(errors="replace").splitlines():
            match = ACCESS_LINE.match(line.strip())
            if match:
                pid, method, path, status = match.groups()
                found.append((pid, method, path, int(status)))
        return found


@dataclass
class Site:
    hosts: list[Host]
    mail_workers: list[Process]
    smtp: SmtpServer
    engine: Engine
    redis_prefix: str
    moderator_emails: list[str]
    processes: list[Process] = field(default_factory=list)

    @property
    def a(self) -> Host:
        return self.hosts[0]

    @property
    def b(self) -> Host:
        return self.hosts[1]

    def logs(self) -> str:
        return "\n".join(process.tail() for process in self.processes)

    @contextlib.contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        """On any failure, print what every process wrote (pytest shows it with the failure)."""
        try:
            yield
        except BaseException:
            print(self.logs())
            raise

    def scalar(self, statement):
        with Session(self.engine) as session:
            return session.scalar(statement)

    def scalars(self, statement) -> list:
        with Session(self.engine) as session:
            return list(session.scalars(statement))

    def rows(self, statement) -> list:
        with Session(self.engine) as session:
            return [tuple(row) for row in session.execute(statement)]

    def revision(self) -> int:
        return self.scalar(select(SiteState.content_revision).where(SiteState.id == 1)) or 0

    def unsent(self) -> int:
        return self.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.sent.is_(None)))

    def server_errors(self) -> list[tuple[str, str, int]]:
        return [
            (host.name, path, status)
            for host in self.hosts
            for _pid, _method, path, status in host.access_log()
            if status >= 500
        ]

    def check_processes_alive(self) -> None:
        dead = [p.name for p in self.processes if p.popen.poll() is not None]
        assert not dead, f"these processes died: {dead}"


def run_all(job: Callable, items: Iterable, workers: int = CONCURRENCY) -> list:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(job, items))


def code_for(number: int) -> str:
    """A word of letters naming one question, which neither the anonymiser nor search cuts."""
    return "scale" + f"{number:03d}".translate(DIGITS_AS_LETTERS)


def slug_of(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


# --- Starting and stopping the hosts ---------------------------------------------------------


@contextlib.contextmanager
def own_database(server_url: str) -> Iterator[str]:
    """A PostgreSQL database made for this module on the test server, and dropped after it."""
    name = f"faq_scale_{secrets.token_hex(6)}"
    admin = create_engine(database_uri(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def site_environment(database_url: str, redis_prefix: str, smtp_port: int, instance: Path):
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "GUNICORN_"))
        and key not in {"DATABASE_URL", "WEB_CONCURRENCY"}
    }
    return inherited | {
        "FLASK_APP": "faq_site",
        "FLASK_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        # One key for every host, as a deployment shares it: sessions, CSRF tokens, form stamps
        # and the hashed client addresses the limits count must mean the same everywhere.
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        "FLASK_SITE_URL": SITE_URL,
        # The name the visitors here send (test_concurrency.HOST), as a proxy in front would
        # pass it on.
        "FLASK_ALLOWED_HOSTS": f"{HOST},gdpr.example",
        "FLASK_RATELIMIT_STORAGE_URI": REDIS_URL,
        "FLASK_RATELIMIT_KEY_PREFIX": redis_prefix,
        # All visitors here come from 127.0.0.1: the limits this module does not test are
        # raised, the one it tests is lowered.
        "FLASK_ASK_RATE_LIMIT": "100000 per minute",
        "FLASK_SIGN_IN_RATE_LIMIT": "100 per minute",
        "FLASK_REQUEST_RATE_LIMIT": f"{REQUEST_LIMIT} per minute",
        "FLASK_MAIL_SERVER": "127.0.0.1",
        "FLASK_MAIL_PORT": str(smtp_port),
        "FLASK_MAIL_TIMEOUT": "5",
        "GUNICORN_WORKERS": str(WORKERS_PER_HOST),
        "GUNICORN_ACCESS_LOG": "-",
        "PYTHONUNBUFFERED": "1",
    }


def flask_command(*args: str, environment: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(command: subprocess.Popen, stdin: str = "") -> None:
    try:
        output, _ = command.communicate(stdin, timeout=120)
    except subprocess.TimeoutExpired:
        command.kill()
        output, _ = command.communicate()
    assert command.returncode == 0, f"flask {' '.join(command.args[3:])} failed:\n{output}"


def build_database(environment: dict, moderator_emails: list[str]) -> None:
    """What a deployment runs once: migrate, load the content, create the moderators."""
    finish(flask_command("db", "upgrade", environment=environment))
    finish(flask_command("content", "sync", environment=environment))
    creating = [
        flask_command("moderator", "create", email, "--password-stdin", environment=environment)
        for email in moderator_emails
    ]
    for command in creating:
        finish(command, PASSWORD + "\n")


def start(name: str, arguments: list[str], environment: dict, logs: Path) -> Process:
    stdout, stderr = logs / f"{name}.out", logs / f"{name}.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        popen = subprocess.Popen(
            arguments, cwd=PROJECT_ROOT, env=environment, stdout=out, stderr=err
        )
    return Process(name, popen, stdout, stderr)


def wait_until_healthy(site: Site, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    waiting = list(site.hosts)
    while waiting and time.monotonic() < deadline:
        site.check_processes_alive()
        for host in list(waiting):
            try:
                status, _headers, page = request(host.address, "GET", "/healthz")
            except OSError:
                continue
            if status == 200 and '"database":"ok"' in page.replace(" ", ""):
                waiting.remove(host)
        time.sleep(0.2)
    assert not waiting, f"not healthy within {seconds} s: {[h.name for h in waiting]}"


def stop_all(processes: list[Process]) -> None:
    for process in processes:
        process.stop()


def forget_counts(store: redis.Redis, prefix: str) -> None:
    leftover = list(store.scan_iter(f"*{prefix}*"))
    if leftover:
        store.delete(*leftover)
    store.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    server_url = postgresql_server()
    store = redis_server(REDIS_URL)
    redis_prefix = f"faq-scale-{secrets.token_hex(8)}"
    logs = tmp_path_factory.mktemp("scale")
    moderator_emails = ["moderator.a@quillstone.example", "moderator.b@quillstone.example"]
    # Undone in reverse order: processes stopped, then the SMTP server, the database and the
    # Redis counts removed.
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(forget_counts, store, redis_prefix)
        database_url = cleanup.enter_context(own_database(server_url))
        smtp = SmtpServer(free_port())
        environment = site_environment(database_url, redis_prefix, smtp.port, logs / "instance")
        build_database(environment, moderator_emails)
        smtp.start()
        cleanup.callback(smtp.stop)

        processes: list[Process] = []
        cleanup.callback(stop_all, processes)
        hosts = []
        for name in ("host-a", "host-b"):
            port = free_port()
            arguments = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
            arguments += ["--bind", f"127.0.0.1:{port}", "--access-logformat", ACCESS_FORMAT]
            processes.append(start(name, [*arguments, "wsgi:app"], environment, logs))
            hosts.append(Host(name, port, processes[-1]))
        mail = [sys.executable, "-m", "flask", "mail", "send", "--loop"]
        mail += ["--interval", str(MAIL_INTERVAL)]
        workers = [start(f"mail-{n}", mail, environment, logs) for n in (1, 2)]
        processes += workers

        engine = create_engine(database_uri(database_url))
        cleanup.callback(engine.dispose)
        site = Site(hosts, workers, smtp, engine, redis_prefix, moderator_emails, processes)
        with site.logs_on_failure():
            wait_until_healthy(site)
        yield site


@pytest.fixture(scope="module")
def moderators(site: Site) -> list[tuple[Visitor, Host]]:
    """Moderator A signed in on host A, moderator B on host B, each with one session."""
    signed_in = []
    for email, host in zip(site.moderator_emails, site.hosts, strict=True):
        moderator = Visitor()
        page = moderator.get(host, "/admin/sign-in")
        reply = moderator.post(
            host,
            "/admin/sign-in",
            {
                "csrf_token": form_fields(page.text)["csrf_token"],
                "email": email,
                "password": PASSWORD,
            },
        )
        assert reply.status == 302, reply.text
        # The session gets its CSRF secret from the first form after signing in.
        assert moderator.get(host, "/admin/").status == 200
        moderator.frozen = True
        signed_in.append((moderator, host))
    return signed_in


# --- What a visitor, a reader and a moderator do ---------------------------------------------


@dataclass
class Asker:
    number: int
    visitor: Visitor = field(default_factory=Visitor)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def email(self) -> str:
        return f"asker.{self.number:03d}@example.com"

    @property
    def title(self) -> str:
        return f"How long do you keep the support notes of case {code_for(self.number)}?"

    @property
    def slug(self) -> str:
        return slug_of(self.title)

    def fetch_form(self, host: Host) -> None:
        page = self.visitor.get(host, "/ask")
        assert page.status == 200, page.status
        self.fields = form_fields(page.text)

    def send(self, host: Host, *, email: bool = True) -> Reply:
        reply = self.visitor.post(
            host,
            "/ask",
            {
                **self.fields,
                "question": f"My support case {code_for(self.number)}: how long are its notes kept?",
                "email": self.email if email else "",
                "website": "",
            },
        )
        assert reply.status == 302 and STATUS_LINK.match(reply.location), (
            reply.status,
            reply.text[:2000],
        )
        return reply


def ask_all(site: Site, askers: list[Asker]) -> None:
    """Each asker fetches the form from one host and sends it through the other."""
    run_all(lambda asker: asker.fetch_form(site.hosts[asker.number % 2]), askers)
    time.sleep(ASK_MIN_SECONDS + 0.2)
    run_all(lambda asker: asker.send(site.hosts[(asker.number + 1) % 2]), askers)


def question_id(site: Site, asker: Asker) -> int:
    return site.scalar(
        select(Question.id).where(Question.redacted.contains(code_for(asker.number)))
    )


def publish(moderator: Visitor, host: Host, question: int, asker: Asker, notify: bool) -> Reply:
    path = f"/admin/questions/{question}"
    page = moderator.get(host, path)
    assert page.status == 200, (page.status, page.text[:2000])
    if notify:
        box = re.search(r'<input[^>]*name="notify"[^>]*>', page.text)
        assert box and " checked" in box.group(0), "the email to the asker is not offered"
    form = {
        "csrf_token": form_fields(page.text)["csrf_token"],
        "title": asker.title,
        "answer": f"## For six years\n\nThe notes of case {code_for(asker.number)} are kept "
        "for six years after the contract ends, then deleted.",
        "category": "0",
        "publish": "Publish",
    }
    if notify:
        form["notify"] = "y"
    return moderator.post(host, path, form)


def served_by_every_worker(
    host: Host, path: str, check: Callable[[Reply], None], *, rounds: int = 12
) -> int:
    """Read `path` from `host` in bursts of concurrent requests until every worker of the host
    has served it, checking every answer; returns how many answers were checked."""
    start = len(host.access_log())
    reader = Visitor()
    made = 0
    for _round in range(rounds):
        for reply in run_all(lambda _n: reader.get(host, path), range(4), workers=4):
            check(reply)
        made += 4
        # A worker writes its access line just after its answer: wait for all of them.
        deadline = time.monotonic() + 5
        while True:
            lines = [entry for entry in host.access_log()[start:] if entry[2] == path.split("?")[0]]
            if len(lines) >= made or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if len({pid for pid, *_rest in lines}) >= WORKERS_PER_HOST:
            return made
    raise AssertionError(f"{path} on {host.name} was not served by {WORKERS_PER_HOST} workers")


def listed(slug: str) -> Callable[[Reply], None]:
    def check(reply: Reply) -> None:
        assert reply.status == 200, reply.status
        assert f'href="/faq/{slug}"' in reply.text, f"/faq does not list {slug} yet"

    return check


def not_listed(slug: str) -> Callable[[Reply], None]:
    def check(reply: Reply) -> None:
        assert reply.status == 200, reply.status
        assert f'href="/faq/{slug}"' not in reply.text, f"/faq still lists {slug}"

    return check


def status_is(expected: int, *words: str) -> Callable[[Reply], None]:
    def check(reply: Reply) -> None:
        assert reply.status == expected, (reply.status, reply.text[:500])
        for word in words:
            assert word in reply.text, word

    return check


# --- The tests ------------------------------------------------------------------------------


def test_200_answers_published_through_two_hosts_each_email_exactly_one_asker(
    site: Site, moderators: list[tuple[Visitor, Host]]
):
    with site.logs_on_failure():
        askers = [Asker(number) for number in range(ASKERS)]
        ask_all(site, askers)
        questions = {asker.number: question_id(site, asker) for asker in askers}
        assert None not in questions.values() and len(set(questions.values())) == ASKERS
        stored = site.scalars(select(Question.email).where(Question.email.is_not(None)))
        assert sorted(stored) == sorted(asker.email for asker in askers)
        revision = site.revision()

        # Readers keep reading the FAQ on both hosts while the answers are published, so that
        # every worker keeps pages made at one revision or another along the way.
        publishing = threading.Event()
        reads: list[tuple[str, int]] = []

        def keep_reading(host: Host) -> None:
            reader = Visitor()
            for _n in range(2000):
                if publishing.is_set():
                    return
                reads.append((host.name, reader.get(host, "/faq").status))

        readers = [threading.Thread(target=keep_reading, args=(host,)) for host in site.hosts]
        for reader in readers:
            reader.start()
        try:

            def publish_one(asker: Asker) -> Reply:
                moderator, host = moderators[asker.number % 2]
                return publish(moderator, host, questions[asker.number], asker, notify=True)

            replies = run_all(publish_one, askers)
        finally:
            publishing.set()
            for reader in readers:
                reader.join(timeout=60)

        outcomes = Counter(reply.status for reply in replies)
        assert outcomes == {302: ASKERS}, outcomes
        answered = dict(
            site.rows(select(Document.slug, Document.id).where(Document.origin == Origin.QUESTION))
        )
        for asker, reply in zip(askers, replies, strict=True):
            landing = f"/admin/answers/{answered.get(asker.slug)}"
            assert reply.location == landing, (reply.location, asker.slug)
        assert reads and {status for _host, status in reads} == {200}, Counter(reads)

        answers = site.scalars(
            select(Document.slug).where(
                Document.kind == DocumentKind.FAQ, Document.origin == Origin.QUESTION
            )
        )
        assert sorted(answers) == sorted(asker.slug for asker in askers)
        # Each publish moved the revision that the page caches are keyed on: one lost among
        # concurrent publishes would leave a worker serving pages made before the last one.
        assert site.revision() == revision + ASKERS

        every_answer = [asker.slug for asker in askers]

        def lists_every_answer(reply: Reply) -> None:
            assert reply.status == 200, reply.status
            missing = [s for s in every_answer if f'href="/faq/{s}"' not in reply.text]
            assert not missing, f"/faq misses {len(missing)} answers, such as {missing[:3]}"

        within_the_revision_interval()
        for host in site.hosts:
            served_by_every_worker(host, "/faq", lists_every_answer)

        # Every asker gets two emails, each once, from whichever mail worker sent it first: the
        # private link when they asked, and the answer.
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and (
            len(site.smtp.envelopes) < 2 * ASKERS or site.unsent() > 0
        ):
            time.sleep(0.1)
        # Several more rounds of both workers: a message sent twice would arrive now.
        time.sleep(10 * MAIL_INTERVAL)
        recipients = Counter(
            address for _sender, addresses in site.smtp.envelopes for address in addresses
        )
        assert recipients == Counter(asker.email for asker in askers for _email in range(2)), {
            address: count for address, count in recipients.items() if count != 2
        } or f"{len(recipients)} of {ASKERS} askers got their emails"
        bodies = Counter(
            (message["To"], message.get_body(preferencelist=("plain",)).get_content())
            for message in site.smtp.messages
        )
        for asker in askers:
            told = [body for (to, body) in bodies if to == asker.email]
            assert sum(f"{SITE_URL}/faq/{asker.slug}" in body for body in told) == 1, asker.email
            assert sum(f"{SITE_URL}/ask/status/" in body for body in told) == 1, asker.email
        assert len({message["Message-ID"] for message in site.smtp.messages}) == 2 * ASKERS
        assert site.unsent() == 0
        assert site.scalar(select(func.count(OutboxMessage.id))) == 2 * ASKERS
        # Sent mail takes the askers' addresses with it.
        assert site.scalar(select(func.count(Question.id)).where(Question.email.is_not(None))) == 0

        assert site.server_errors() == []
        site.check_processes_alive()


def within_the_revision_interval() -> None:
    """A worker trusts the content revision it read for PAGE_CACHE_REVISION_SECONDS: a change
    made on another host is seen by every worker once that long has passed."""
    time.sleep(Defaults.PAGE_CACHE_REVISION_SECONDS + 0.05)


def test_a_change_made_through_one_host_is_seen_on_the_other_within_the_interval(
    site: Site, moderators: list[tuple[Visitor, Host]]
):
    with site.logs_on_failure():
        asker = Asker(900)
        asker.fetch_form(site.b)
        time.sleep(ASK_MIN_SECONDS + 0.2)
        asker.send(site.b, email=False)
        question = question_id(site, asker)
        entry, search = f"/faq/{asker.slug}", f"/search?q={quote(code_for(asker.number))}"

        # Every worker of host B has the FAQ page in memory, without the new answer.
        served_by_every_worker(site.b, "/faq", not_listed(asker.slug))
        assert Visitor().get(site.b, entry).status == 404
        assert f'href="{entry}"' not in Visitor().get(site.b, search).text

        moderator_a, host_a = moderators[0]
        assert host_a is site.a
        reply = publish(moderator_a, site.a, question, asker, notify=False)
        assert reply.status == 302, reply.text[:2000]
        document = site.scalar(select(Document.id).where(Document.slug == asker.slug))
        assert reply.location == f"/admin/answers/{document}"

        # Once the interval has passed, the first read on host B shows it, on every worker.
        within_the_revision_interval()
        served_by_every_worker(site.b, "/faq", listed(asker.slug))
        served_by_every_worker(site.b, entry, status_is(200, asker.title))
        assert f'href="{entry}"' in Visitor().get(site.b, search).text

        # The other way: host A keeps the answer's page and the FAQ in every worker, host B
        # takes the answer down, and host A shows it gone within the interval.
        served_by_every_worker(site.a, entry, status_is(200, asker.title))
        served_by_every_worker(site.a, "/faq", listed(asker.slug))
        moderator_b, host_b = moderators[1]
        assert host_b is site.b
        page = moderator_b.get(site.b, f"/admin/answers/{document}")
        reason = "The retention schedule is under review."
        reply = moderator_b.post(
            site.b,
            f"/admin/answers/{document}/unpublish",
            {"csrf_token": form_fields(page.text)["csrf_token"], "reason": reason},
        )
        assert reply.status == 302, reply.text[:2000]
        within_the_revision_interval()
        served_by_every_worker(site.a, entry, status_is(410, reason))
        served_by_every_worker(site.a, "/faq", not_listed(asker.slug))

        assert site.server_errors() == []


def test_a_rate_limit_hit_through_one_host_counts_on_the_other(site: Site):
    with site.logs_on_failure():
        visitor = Visitor()
        page = visitor.get(site.a, "/requests/new")
        assert page.status == 200
        # An incomplete request is refused by the form (400) and does not count: correcting a
        # mistake is not "too many".
        fields = form_fields(page.text)
        incomplete = {**fields, "name": "", "email": "", "website": ""}
        for _attempt in range(REQUEST_LIMIT + 1):
            assert visitor.post(site.a, "/requests/new", incomplete).status == 400
        # A request taken counts (the same form sent again is the same request, and counts too).
        complete = {
            **fields,
            "right": "access",
            "name": "Rita Limit",
            "email": "rita.limit@example.com",
            "details": "A copy of my data, please.",
            "website": "",
        }
        time.sleep(ASK_MIN_SECONDS + 0.2)
        for _attempt in range(REQUEST_LIMIT):
            taken = visitor.post(site.a, "/requests/new", complete)
            assert taken.status == 302, taken.text[-3000:]
        refused = visitor.post(site.b, "/requests/new", complete)
        assert refused.status == 429, refused.status
        assert "Too many requests" in refused.text and "Back button" in refused.text
        assert visitor.post(site.a, "/requests/new", incomplete).status == 429

        # The count is Redis's: under this module's prefix, with no client address in it, and
        # once it is gone there, both hosts accept the visitor again.
        store = redis_server(REDIS_URL)
        try:
            keys = [key.decode() for key in store.scan_iter(f"*{site.redis_prefix}*")]
            # The request and complaint forms share one count (each sends an email).
            assert any("emailing-forms" in key for key in keys), keys
            assert not any("127.0.0.1" in key for key in keys), keys
            store.delete(*keys)
        finally:
            store.close()
        assert visitor.post(site.b, "/requests/new", incomplete).status == 400
        assert visitor.post(site.a, "/requests/new", incomplete).status == 400

        logs = "".join(host.process.stderr.read_text() for host in site.hosts)
        assert "falling back" not in logs
        assert site.server_errors() == []
