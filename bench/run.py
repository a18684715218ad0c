"""The benchmark, as `make bench` runs it: seed, load, then measure each server with wrk.

    python -m bench.run

Settings come from the environment (defaults in brackets):

    BENCH_ENTRIES [10000]        FAQ entries to seed
    BENCH_SEED [2026]            the seed of the generator
    BENCH_SECONDS [10]           length of each measurement
    BENCH_THREADS [2]            wrk threads
    BENCH_CONNECTIONS [16]       wrk connections
    BENCH_TIMEOUT [10]           seconds before wrk counts a request as timed out (an error)
    BENCH_WARMUP_SECONDS [2]     load on each address before it is measured
    BENCH_WORKERS [2]            worker processes of each server
    BENCH_SERVERS [gunicorn,granian]
    BENCH_DATABASE_URL           a PostgreSQL database to use instead of SQLite: it is WIPED
    BENCH_WORKDIR [instance/bench]  where the content and the SQLite database are made afresh
    BENCH_RESULTS [bench/RESULTS.md]

A quick check of the machinery: BENCH_ENTRIES=300 BENCH_SECONDS=2 BENCH_WARMUP_SECONDS=1.
A run with fewer than 10,000 entries or shorter than 10 s is written as a smoke run.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from faq_site.config import PROJECT_ROOT

from . import machine, report, servers, site
from .seed import Manifest, seed
from .targets import ALONE, LABELS, LATENCY, ServerResult, recommend, verdicts
from .wrk import Load, Request, measure, wrk_binary


@dataclass(frozen=True)
class Settings:
    entries: int
    seed: int
    load: Load
    warmup_seconds: int
    workers: int
    servers: tuple[str, ...]
    database_url: str | None
    workdir: Path
    results: Path

    @classmethod
    def from_environment(cls, env: dict[str, str]) -> Settings:
        def number(name: str, default: int) -> int:
            value = env.get(name, "").strip()
            if not value:
                return default
            if not value.isdigit() or int(value) < 1:
                raise SystemExit(f"{name} must be a whole number of at least 1, not {value!r}.")
            return int(value)

        names = tuple(n.strip() for n in env.get("BENCH_SERVERS", "gunicorn,granian").split(","))
        unknown = [name for name in names if name not in servers.COMMANDS]
        if unknown:
            raise SystemExit(f"BENCH_SERVERS: unknown server {unknown[0]!r} (gunicorn, granian).")
        return cls(
            entries=number("BENCH_ENTRIES", 10_000),
            seed=number("BENCH_SEED", 2026),
            load=Load(
                seconds=number("BENCH_SECONDS", 10),
                threads=number("BENCH_THREADS", 2),
                connections=number("BENCH_CONNECTIONS", 16),
                timeout_seconds=number("BENCH_TIMEOUT", 10),
            ),
            warmup_seconds=number("BENCH_WARMUP_SECONDS", 2),
            workers=number("BENCH_WORKERS", 2),
            servers=names,
            database_url=env.get("BENCH_DATABASE_URL") or None,
            workdir=Path(env.get("BENCH_WORKDIR") or PROJECT_ROOT / "instance" / "bench"),
            results=Path(env.get("BENCH_RESULTS") or PROJECT_ROOT / "bench" / "RESULTS.md"),
        )


def say(message: str) -> None:
    print(message, flush=True)


def prepare(settings: Settings) -> tuple[Manifest, dict[str, str], str]:
    """Seed the content and load it into a fresh database; returns the site's environment."""
    if settings.workdir.exists():
        shutil.rmtree(settings.workdir)
    content = settings.workdir / "content"
    manifest = seed(content, settings.entries, settings.seed)
    say(
        f"Seeded {manifest.entries} entries ({manifest.versions} versions) into {content}: "
        f"{manifest.common_term!r} in {manifest.common_hits}, "
        f"{manifest.rare_term!r} in {manifest.rare_hits}."
    )
    if settings.database_url:
        site.wipe_postgresql(settings.database_url)
        database, described = settings.database_url, "PostgreSQL (psycopg 3)"
    else:
        database = f"sqlite:///{settings.workdir / 'bench.sqlite3'}"
        described = "SQLite (WAL), a fresh file"
    env = site.environment(
        dict(os.environ), database=database, content=content, instance=settings.workdir
    )
    for line in site.load(env):
        say(line)
    return manifest, env, described


def _measure(
    server: servers.Server,
    name: str,
    request: Request,
    settings: Settings,
    load: Load | None = None,
):
    load = load or settings.load
    if request.expected != 302:
        site.prime(server.url, request.path, settings.workers)
    warmup = Load(settings.warmup_seconds, load.threads, load.connections)
    measure(server.url, request, warmup)
    measured = measure(server.url, request, load)
    flag = "" if measured.note == "none" else f"  {measured.note}"
    say(
        f"  {server.name:9} {LABELS[name]:34} {measured.requests_per_second:9.0f}/s "
        f"p50 {measured.p50_ms:7.1f} ms  p99 {measured.p99_ms:7.1f} ms{flag}"
    )
    return measured


def measure_server(
    name: str, settings: Settings, manifest: Manifest, env: dict[str, str]
) -> tuple[ServerResult, int]:
    """The site's requests, then the bare app with a page of /gdpr's size, on one server."""
    result = ServerResult(name, servers.describe(name, settings.workers))
    workers = settings.workers
    with servers.running(
        name,
        servers.SITE,
        workers=workers,
        environment=env,
        log=settings.workdir / f"{name}-site.log",
        ready="/healthz",
    ) as server:
        plan = site.plan(server.url, manifest)
        result.missing = plan.missing
        alone = Load(settings.load.seconds, 1, 1, settings.load.timeout_seconds)
        for request_name, request in plan.requests.items():
            result.measurements[request_name] = _measure(server, request_name, request, settings)
            if request_name in LATENCY:
                result.measurements[request_name + ALONE] = _measure(
                    server, request_name + ALONE, request, settings, alone
                )
        result.worker_mb = server.worker_rss_mb()
        result.worker_pss_mb = server.worker_pss_mb()
    with servers.running(
        name,
        servers.BARE,
        workers=workers,
        environment=env | {"BENCH_PAGE_BYTES": str(plan.page_bytes)},
        log=settings.workdir / f"{name}-bare.log",
        ready="/",
    ) as server:
        result.measurements["bare"] = _measure(server, "bare", Request("/"), settings)
        result.bare_worker_mb = server.worker_rss_mb()
    return result, plan.page_bytes


def main() -> None:
    if len(sys.argv) > 1:
        raise SystemExit(__doc__)
    settings = Settings.from_environment(dict(os.environ))
    wrk_binary()
    machine_described = machine.describe()
    manifest, env, database = prepare(settings)
    results, page_bytes = [], 0
    for name in settings.servers:
        say(f"Measuring {servers.describe(name, settings.workers)}:")
        result, page_bytes = measure_server(name, settings, manifest, env)
        results.append(result)
    run = report.Run(
        machine=machine_described,
        load=settings.load.describe(),
        database=database,
        manifest=manifest,
        page_bytes=page_bytes,
        results=results,
        load_seconds=settings.load.seconds,
    )
    for result in results:
        say("\n" + report.terminal_table(result))
        for verdict in verdicts(result, manifest.entries):
            say(f"  {verdict.outcome:40} {verdict.target} ({verdict.measured})")
    say("")
    for line in recommend(results, manifest.entries):
        say(line.replace("**", ""))
    report.write(run, settings.results)
    kind = "SMOKE RUN (not a measurement)" if run.smoke else "full run"
    say(f"\nWrote {settings.results} ({kind}).")
    if any(result.flagged for result in results):
        raise SystemExit("Some measurements had errors: see the table above.")


if __name__ == "__main__":
    main()
