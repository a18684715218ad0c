"""Measuring one address with wrk and reading what it printed."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

from faq_site.config import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "bench" / "wrk.lua"
# Fewer requests than this in a measurement say nothing about its percentiles.
MIN_REQUESTS = 10
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass(frozen=True)
class Load:
    """How hard and how long wrk pushes: the same for every measurement of a run."""

    seconds: int
    threads: int
    connections: int
    timeout_seconds: int = 10

    def describe(self) -> str:
        return (
            f"wrk, {self.seconds} s per measurement, {self.threads} threads, "
            f"{self.connections} connections, {self.timeout_seconds} s timeout"
        )


@dataclass(frozen=True)
class Request:
    """What wrk sends: a path, extra headers, and the status every answer should have."""

    path: str
    expected: int = 200
    headers: tuple[str, ...] = ()
    script_arguments: tuple[str, ...] = ()


@dataclass
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    socket_errors: dict[str, int] = field(default_factory=dict)
    non_2xx_3xx: int = 0
    unexpected_status: int = 0

    @property
    def problems(self) -> list[str]:
        """Why this measurement cannot be taken at face value; empty when it can."""
        found = []
        if self.non_2xx_3xx:
            found.append(f"{self.non_2xx_3xx} responses outside 2xx/3xx")
        if self.unexpected_status:
            found.append(f"{self.unexpected_status} responses with an unexpected status")
        errors = {kind: count for kind, count in self.socket_errors.items() if count}
        if errors:
            found.append("socket errors " + ", ".join(f"{k} {v}" for k, v in errors.items()))
        return found

    @property
    def too_few(self) -> bool:
        """Too few requests completed within the measurement to judge it: wrk counts only those
        that finish before the end, so a page slower than the run is not measured at all."""
        return self.requests < MIN_REQUESTS

    @property
    def note(self) -> str:
        if self.problems:
            return "ERRORS: " + "; ".join(self.problems)
        if self.too_few:
            return f"too few requests ({self.requests}) to judge"
        return "none"


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian's package).")
    return found


def version() -> str:
    result = subprocess.run([wrk_binary(), "-v"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).splitlines()[0].split(" Copyright")[0].strip()


def measure(base_url: str, request: Request, load: Load) -> Measurement:
    command = [
        wrk_binary(),
        "--duration",
        f"{load.seconds}s",
        "--threads",
        str(load.threads),
        "--connections",
        str(load.connections),
        "--timeout",
        f"{load.timeout_seconds}s",
        "--latency",
        "--script",
        str(SCRIPT),
    ]
    for header in request.headers:
        command += ["--header", header]
    command += [base_url + request.path, "--", str(request.expected), *request.script_arguments]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=load.seconds + 60, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {request.path}:\n{result.stdout}\n{result.stderr}")
    return parse(result.stdout)


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS[match[2]]


def _count(pattern: str, output: str) -> int:
    match = re.search(pattern, output, re.MULTILINE)
    return int(match[1]) if match else 0


def parse(output: str) -> Measurement:
    """Read wrk's report (run with --latency and bench/wrk.lua)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rate and p50 and p99 and requests):
        raise ValueError(f"wrk's report is not as expected:\n{output}")
    socket_errors = {}
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
    return Measurement(
        requests_per_second=float(rate[1]),
        p50_ms=_milliseconds(p50[1]),
        p99_ms=_milliseconds(p99[1]),
        requests=int(requests[1]),
        socket_errors=socket_errors,
        # wrk's own count (status > 399) and the script's (outside 200-399): the larger wins.
        non_2xx_3xx=max(
            _count(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output),
            _count(r"^bench-failed-status: (\d+)", output),
        ),
        unexpected_status=_count(r"^bench-unexpected-status: (\d+)", output),
    )
