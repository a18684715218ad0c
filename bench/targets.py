"""The targets the site is held to, each judged met or missed by how much, and the choice of
server that follows from the numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .wrk import Measurement

FULL_SIZE_ENTRIES = 10_000
PAGE_RATIO = 0.9
SEARCH_P99_MS = 25.0
ASK_P50_MS = 20.0
WORKER_MB = 80.0
# Throughput closer than this is within what two runs on one machine differ by.
NOISE = 0.10

LABELS = {
    "bare": "Bare Flask app, same page size",
    "statement": "Statement /gdpr",
    "faq_entry": "FAQ entry /faq/<slug>",
    "faq_index": "FAQ index /faq",
    "search_common": "Search, common term",
    "search_rare": "Search, rare term",
    "ask": "Question submission POST /ask",
    "not_modified": "304 for /gdpr (If-None-Match)",
    "search_common_alone": "Search, common term, one client",
    "search_rare_alone": "Search, rare term, one client",
    "ask_alone": "Question submission, one client",
}
# Latency targets are judged on one client at a time: under the shared load every request also
# waits for the ones queued before it, which measures the queue, not the request.
ALONE = "_alone"
LATENCY = ("search_common", "search_rare", "ask")
PAGES = ("statement", "faq_entry", "faq_index")
SEARCHES = ("search_common", "search_rare")


@dataclass
class ServerResult:
    """Everything measured on one server."""

    name: str
    settings: str
    measurements: dict[str, Measurement] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    worker_mb: list[float] = field(default_factory=list)
    worker_pss_mb: list[float] = field(default_factory=list)
    # The bare app's workers after its measurement: what Python and Flask alone hold.
    bare_worker_mb: list[float] = field(default_factory=list)

    def ratio(self, name: str) -> float | None:
        bare = self.measurements.get("bare")
        measured = self.measurements.get(name)
        if not bare or not measured or not bare.requests_per_second:
            return None
        return measured.requests_per_second / bare.requests_per_second

    @property
    def flagged(self) -> dict[str, list[str]]:
        return {name: m.problems for name, m in self.measurements.items() if m.problems}


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    outcome: str
    # Relative targets compare with the bare app on the same server; absolute ones do not.
    relative: bool = False

    @property
    def met(self) -> bool:
        return self.outcome == "met"


def _judge(measurement: Measurement | None, value: float | None, limit: float, *, above: bool):
    if measurement is None or value is None:
        return None
    if measurement.problems:
        return "not judged: the measurement had errors"
    if measurement.too_few:
        return f"not judged: only {measurement.requests} requests completed"
    if (value >= limit) if above else (value < limit):
        return "met"
    return f"missed by {abs(value - limit):.2f}" if above else f"missed by {value - limit:.1f} ms"


def verdicts(result: ServerResult, entries: int) -> list[Verdict]:
    found = []
    for name in PAGES:
        ratio = result.ratio(name)
        outcome = _judge(result.measurements.get(name), ratio, PAGE_RATIO, above=True)
        found.append(
            Verdict(
                f"{LABELS[name]}: at least {PAGE_RATIO} of bare",
                f"{ratio:.2f} of bare" if ratio is not None else "not measured",
                outcome or "not measured",
                relative=True,
            )
        )
    scale = "" if entries >= FULL_SIZE_ENTRIES else f" (at {entries} entries, not 10,000)"
    for name in SEARCHES:
        measured = result.measurements.get(name + ALONE) or result.measurements.get(name)
        outcome = _judge(measured, measured and measured.p99_ms, SEARCH_P99_MS, above=False)
        found.append(
            Verdict(
                f"{LABELS[name]}: p99 under {SEARCH_P99_MS:.0f} ms at 10,000 entries, one client",
                f"p99 {measured.p99_ms:.1f} ms{scale}" if measured else "not measured",
                outcome or f"not measured: {result.missing.get(name, 'no result')}",
            )
        )
    ask = result.measurements.get("ask" + ALONE) or result.measurements.get("ask")
    found.append(
        Verdict(
            f"Question submission: p50 under {ASK_P50_MS:.0f} ms, one client",
            f"p50 {ask.p50_ms:.1f} ms" if ask else "not measured",
            _judge(ask, ask and ask.p50_ms, ASK_P50_MS, above=False) or "not measured",
        )
    )
    biggest = max(result.worker_mb, default=None)
    memory = "not measured"
    if biggest is not None:
        memory = "met" if biggest < WORKER_MB else f"missed by {biggest - WORKER_MB:.1f} MB"
    found.append(
        Verdict(
            f"Memory per worker under {WORKER_MB:.0f} MB",
            f"largest worker {biggest:.1f} MB" if biggest is not None else "not measured",
            memory,
        )
    )
    return found


def _judged(result: ServerResult) -> set[str]:
    """The site's measurements (not the bare app's) that can be compared: clean and enough."""
    return {
        name
        for name, m in result.measurements.items()
        if name != "bare" and not name.endswith(ALONE) and not m.problems and not m.too_few
    }


def _site_throughput(result: ServerResult, names: set[str]) -> float:
    """The geometric mean of requests/s over the named measurements."""
    rates = [result.measurements[name].requests_per_second for name in sorted(names)]
    return math.exp(sum(map(math.log, rates)) / len(rates)) if rates else 0.0


def recommend(results: list[ServerResult], entries: int) -> list[str]:
    """Which server to run in production, and why, in sentences computed from the numbers."""
    if len(results) < 2:
        return ["Only one server was measured: nothing to compare."]
    lines = []
    scored = []
    # Throughput is compared over what every server measured cleanly, so a page that one server
    # could not finish in time weighs on neither.
    common = set.intersection(*(_judged(result) for result in results))
    for result in results:
        # Only absolute targets: a server whose bare app is slow flatters every ratio to it.
        met = sum(v.met for v in verdicts(result, entries) if not v.relative)
        throughput = _site_throughput(result, common)
        scored.append((result, met, throughput))
        lines.append(
            f"{result.name}: {met} absolute targets met, site throughput "
            f"{throughput:.0f} requests/s (geometric mean over the {len(common)} measurements "
            f"every server completed), largest worker {max(result.worker_mb, default=0):.1f} MB"
            + (f", errors in {', '.join(result.flagged)}" if result.flagged else "")
            + "."
        )
    clean = [s for s in scored if not s[0].flagged]
    if len(clean) == 1:
        choice, reason = clean[0][0], "the other server's run had errors"
    elif not clean:
        return [*lines, "Both runs had errors: no recommendation until a clean run."]
    else:
        (first, met_a, rate_a), (_, met_b, rate_b) = sorted(
            scored, key=lambda s: (s[1], s[2]), reverse=True
        )[:2]
        if met_a > met_b:
            choice, reason = first, f"it meets more absolute targets ({met_a} against {met_b})"
        elif rate_b and rate_a / rate_b - 1 > NOISE:
            gain = (rate_a / rate_b - 1) * 100
            choice, reason = (
                first,
                f"it serves the site {gain:.0f}% faster with the same targets met",
            )
        else:
            choice = next(s[0] for s in scored if s[0].name == "gunicorn")
            reason = (
                f"the two are within {NOISE:.0%} of each other and meet the same targets, so the "
                "server the site already ships with and configures (gunicorn.conf.py) stays"
            )
    return [*lines, f"Recommendation: **{choice.name}**, because {reason}."]
