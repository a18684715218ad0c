"""The results as a table on the terminal and as bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .seed import Manifest
from .targets import FULL_SIZE_ENTRIES, LABELS, ServerResult, recommend, verdicts


@dataclass
class Run:
    """One run of the benchmark: where, with what, on which data, and what came out."""

    machine: list[tuple[str, str]]
    load: str
    database: str
    manifest: Manifest
    page_bytes: int
    results: list[ServerResult]
    load_seconds: int

    @property
    def smoke(self) -> bool:
        return self.manifest.entries < FULL_SIZE_ENTRIES or self.load_seconds < 10


HEADER = ("Measurement", "Requests/s", "p50 ms", "p99 ms", "x bare", "Requests", "Problems")


def rows(result: ServerResult) -> list[tuple[str, ...]]:
    table = []
    for name, label in LABELS.items():
        measured = result.measurements.get(name)
        if measured is None:
            reason = result.missing.get(name, "not measured")
            table.append((label, "-", "-", "-", "-", "-", reason))
            continue
        ratio = result.ratio(name)
        table.append(
            (
                label,
                f"{measured.requests_per_second:.0f}",
                f"{measured.p50_ms:.1f}",
                f"{measured.p99_ms:.1f}",
                f"{ratio:.2f}" if ratio is not None else "-",
                str(measured.requests),
                measured.note,
            )
        )
    return table


def memory(result: ServerResult) -> str:
    if not result.worker_mb:
        return "not measured"
    rss = ", ".join(f"{mb:.1f}" for mb in result.worker_mb)
    pss = ", ".join(f"{mb:.1f}" for mb in result.worker_pss_mb) or "-"
    bare = ", ".join(f"{mb:.1f}" for mb in result.bare_worker_mb) or "-"
    return (
        f"RSS {rss} MB (the target's measure); PSS {pss} MB (shared pages split); "
        f"the bare app's workers: RSS {bare} MB"
    )


def terminal_table(result: ServerResult) -> str:
    table = [HEADER, *rows(result)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = [f"{result.settings}"]
    for number, row in enumerate(table):
        cells = [
            cell.ljust(width) if i in (0, 6) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines.append(f"Memory per worker after the run: {memory(result)}")
    return "\n".join(lines)


def _markdown_table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return lines


def markdown(run: Run, now: dt.datetime) -> str:
    manifest = run.manifest
    out = ["# Benchmark results", ""]
    if run.smoke:
        out += [
            "> **SMOKE RUN: not a measurement.** This file comes from a quick run that checks "
            f"the benchmark's machinery ({manifest.entries} entries, {run.load_seconds} s per "
            "measurement). Its numbers say nothing about the site's speed; the targets below are "
            "judged only to show the format. Run `make bench` on a quiet machine for real results.",
            "",
        ]
    out += [f"Run on {now:%Y-%m-%d %H:%M} UTC.", "", "## Machine", ""]
    out += _markdown_table(("What", "Version or size"), run.machine)
    out += [
        "",
        "## Settings",
        "",
        f"- Load: {run.load}. Before each measurement every worker renders the address once, "
        "then wrk warms it up with the same load.",
        f"- Database: {run.database}.",
        f"- Data: {manifest.entries} FAQ entries ({manifest.versions} versions) from "
        f"`bench/seed.py`, the site's own statement versions; search terms "
        f"`{manifest.common_term}` (in {manifest.common_hits} entries) and "
        f"`{manifest.rare_term}` (in {manifest.rare_hits}); FAQ entry measured: "
        f"`/faq/{manifest.sample_slug}`.",
        f"- The bare app serves a page of {run.page_bytes} bytes, the size of `/gdpr` measured "
        "at the start of the run.",
        "- Production-like site settings: `FLASK_SECRET_KEY` and `FLASK_SITE_URL` set, no "
        "debug, access logs off on both servers.",
        "- **Rate limits were disabled for the benchmark** (`FLASK_RATELIMIT_ENABLED=false`) "
        "and the question form's minimum fill time set to 0 (`FLASK_ASK_MIN_SECONDS=0`), so "
        "that wrk could send questions back to back; in production both are on. Each question "
        "has words of its own and a valid CSRF token and session cookie, fetched before.",
        "- gunicorn's sync workers close the connection after every response, so wrk opens a "
        "new connection for each request there, while granian keeps connections open, so "
        "the two bare apps differ in that too. Each page's ratio is to the bare app on its "
        "own server; the recommendation weighs only absolute numbers.",
        "- Search and the question submission are measured twice: under the shared load "
        "(16 connections on 2 workers, so each request also waits for those queued before it) "
        "and with one client at a time (wrk with 1 thread and 1 connection), which is what "
        "their latency targets are judged on: a request's own time, not the queue's.",
        "- wrk counts only the requests that finish within a measurement: a page slower than "
        "that is marked as too few requests to judge, not as fast.",
        "- A measurement with any response outside 2xx/3xx, any status other than the expected "
        "one, or any socket error is marked ERRORS and judged against no target.",
        "",
    ]
    for result in run.results:
        out += [f"## {result.name}", "", result.settings + ".", ""]
        out += _markdown_table(HEADER, rows(result))
        out += ["", f"Memory per worker after the run: {memory(result)}.", ""]
        out += ["### Targets", ""]
        out += _markdown_table(
            ("Target", "Measured", "Outcome"),
            [(v.target, v.measured, v.outcome) for v in verdicts(result, manifest.entries)],
        )
        out.append("")
    out += [
        "## Reading the targets",
        "",
        "- **Pages.** Public pages come from each worker's page cache (`faq_site/page_cache.py`) "
        "after one query for the content revision, so they cost about what the bare app's page "
        "costs; the 304 costs less than a page.",
        "- **Search.** A search ranks every match with bm25 (SQLite FTS5) before it keeps ten, "
        "so a word found in thousands of entries costs more than a rare one; search results are "
        "not kept by the page cache, so every search here was a real one. Under the shared load "
        "most of a search's latency is its wait behind the searches queued before it on two "
        "workers.",
        "- **Question submission.** Each one anonymises the text, checks for a duplicate, writes "
        "the question and its audit event and commits, on SQLite with WAL.",
        "- **Memory.** A worker holds Python, Flask, SQLAlchemy, the Markdown, sanitising, date "
        "and phone-number libraries before any request; what only commands use (Alembic, "
        "reading content files, the export) and the bank-holiday tables are loaded only where "
        "they are needed. Compare the bare app's workers on the same line. The page cache adds at "
        "most `PAGE_CACHE_BYTES` (32 MB by default; a few hundred KB in this run).",
        "",
    ]
    out += ["## Recommendation", ""]
    out += [f"- {line}" for line in recommend(run.results, manifest.entries)]
    out += [
        "",
        "## Reproduce",
        "",
        "`make bench` (from a fresh clone: installs the `bench` extra, seeds, loads, measures, "
        "writes this file). `BENCH_ENTRIES`, `BENCH_SECONDS`, `BENCH_THREADS`, "
        "`BENCH_CONNECTIONS`, `BENCH_TIMEOUT`, `BENCH_WARMUP_SECONDS`, `BENCH_WORKERS`, "
        "`BENCH_SERVERS` and `BENCH_DATABASE_URL` (a PostgreSQL database the run may wipe) "
        "change the run; see `bench/run.py`.",
        "",
    ]
    return "\n".join(out)


def write(run: Run, path: Path) -> None:
    path.write_text(markdown(run, dt.datetime.now(dt.UTC)), encoding="utf-8")
