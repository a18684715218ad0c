"""Change notices at scale: a sync that announces a version to 10,000 subscribers, and the mail
workers' telling of it. Run by `make bench`, or alone:

    python -m bench.notices

For each database (SQLite in a temporary folder; PostgreSQL too when BENCH_POSTGRESQL_URL names
an empty database), the demo content is synced, then a new version of the statement, announced
for a later day, is synced twice over: once with no subscribers and once with
BENCH_SUBSCRIBERS (10,000) confirmed ones. The ratio of the two syncs shows what subscribers
cost the sync: it only records the announcement. Then fan_out() turns the announcement into
messages, a batch per transaction; the figures are its total time, and how long each batch held
the database's write lock (from its first write to its commit), the longest and the median.
Writes bench/NOTICES.md.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
POSTGRESQL = os.environ.get("BENCH_POSTGRESQL_URL", "")


def _app(url: str, content: Path):
    from faq_site import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": url,
            "CONTENT_DIR": str(content),
            "SITE_URL": "https://gdpr.example",
        }
    )


def _announce_a_statement(content: Path, day: dt.date) -> None:
    folder = content / "statement"
    latest = sorted(folder.glob("*.md"))[-1].read_text("utf-8")
    front, body = latest.split("\n---\n", 1)
    front = "\n".join(
        line for line in front.splitlines() if not line.startswith(("summary:", "change:"))
    )
    (folder / f"{day.isoformat()}.md").write_text(
        f"{front}\nsummary: Names our new data protection officer.\n---\n{body}\n\nA new line.\n",
        "utf-8",
    )


def _sync(app) -> float:
    from faq_site import clock, publishing
    from faq_site.content import read_tree
    from faq_site.extensions import db

    with app.app_context():
        tree = read_tree(Path(app.config["CONTENT_DIR"]))
        started = time.perf_counter()
        publishing.sync(tree, clock.today())
        db.session.commit()
        return time.perf_counter() - started


def _run(url: str, subscribers: int, workdir: Path) -> dict[str, float]:
    from faq_site.extensions import db
    from faq_site.models import Announcement, Subscription, utcnow
    from faq_site.notices import workflow
    from faq_site.urls import site_links

    content = workdir / f"content-{subscribers}"
    shutil.copytree(ROOT / "content", content)
    app = _app(url, content)
    with app.app_context():
        db.drop_all()
        db.create_all()
    _sync(app)
    now = utcnow()
    with app.app_context():
        # What the first sync announced is told already: only the new version counts.
        db.session.execute(db.update(Announcement).values(finished=now))
        if subscribers:
            db.session.execute(
                insert(Subscription),
                [
                    {
                        "email": f"reader{n}@example.com",
                        "statement": True,
                        "register": True,
                        "editorial": False,
                        "wording": "2026-12-07",
                        "handle": f"{n:016x}",
                        "requested": now,
                        "confirmed": now,
                        "consented": now,
                    }
                    for n in range(subscribers)
                ],
            )
        db.session.commit()
    _announce_a_statement(content, dt.date.today() + dt.timedelta(days=45))
    figures = {"sync": _sync(app)}
    if not subscribers:
        return figures
    holds: list[float] = []
    writing: list[float] = []

    def first_write(_conn, _cursor, statement, *_args) -> None:
        if not writing and statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            writing.append(time.perf_counter())

    def committed(_conn) -> None:
        if writing:
            holds.append(time.perf_counter() - writing.pop())

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", first_write)
        event.listen(engine, "commit", committed)
        try:
            started = time.perf_counter()
            queued = workflow.fan_out(site_links())
            figures["fan_out"] = time.perf_counter() - started
        finally:
            event.remove(engine, "before_cursor_execute", first_write)
            event.remove(engine, "commit", committed)
        db.drop_all()
    figures.update(
        queued=queued,
        batches=len(holds),
        hold_max=max(holds),
        hold_median=statistics.median(holds),
    )
    return figures


def measure(name: str, url: str, workdir: Path) -> dict[str, float]:
    workdir = workdir / name
    workdir.mkdir()
    quiet = _run(url, 0, workdir)
    busy = _run(url, SUBSCRIBERS, workdir)
    return {"database": name, "sync_without": quiet["sync"], **busy}


def markdown(rows: list[dict]) -> str:
    lines = [
        "# Change notices at scale",
        "",
        f"A sync announcing a new statement version to {SUBSCRIBERS:,} confirmed subscribers, "
        "then the mail workers' telling of it (`python -m bench.notices`). The sync records one "
        "announcement and no message; `fan_out` queues the messages in batches of "
        "500, each its own short transaction, with no request involved.",
        "",
        "| database | sync, no subscribers | sync, with them | ratio | fan-out | notices/s | "
        "batches | longest write lock | median write lock |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['database']} | {row['sync_without'] * 1000:.0f} ms | "
            f"{row['sync'] * 1000:.0f} ms | {row['sync'] / row['sync_without']:.2f}x | "
            f"{row['fan_out']:.1f} s | {row['queued'] / row['fan_out']:,.0f} | {row['batches']} | "
            f"{row['hold_max'] * 1000:.0f} ms | {row['hold_median'] * 1000:.0f} ms |"
        )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        rows.append(measure("SQLite", f"sqlite:///{workdir / 'bench.db'}", workdir))
        if POSTGRESQL:
            rows.append(measure("PostgreSQL", POSTGRESQL, workdir))
    text = markdown(rows)
    (ROOT / "bench" / "NOTICES.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
