"""Starting, watching and stopping the servers under test: gunicorn and granian, same settings."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from faq_site.config import PROJECT_ROOT

SITE = "wsgi:app"
BARE = "bench.bare_app:app"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(app: str, port: int, workers: int) -> list[str]:
    # The production configuration at the repository's root, with the address and worker count
    # of the run; the environment turns its access log off (see run.py).
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(PROJECT_ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        app,
    ]


def granian_command(app: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        "--no-access-log",
        app,
    ]


COMMANDS = {"gunicorn": gunicorn_command, "granian": granian_command}


def describe(name: str, workers: int) -> str:
    """The server settings in words, for the results."""
    if name == "gunicorn":
        return f"gunicorn, {workers} sync workers, gunicorn.conf.py, access log off"
    return f"granian, WSGI, {workers} workers, 1 blocking thread each, access log off"


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log: Path

    def workers(self) -> list[int]:
        """The process ids of the master's children: the workers that answer requests."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker, in MB (VmRSS from /proc/<pid>/status)."""
        return self._memory("status", "VmRSS:")

    def worker_pss_mb(self) -> list[float]:
        """Each worker's proportional share of memory, in MB (Pss from smaps_rollup): pages
        shared with the master or the other workers count once, split between them."""
        return self._memory("smaps_rollup", "Pss:")

    def _memory(self, name: str, field_name: str) -> list[float]:
        sizes = []
        for pid in self.workers():
            try:
                lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
            except OSError:
                continue
            sizes += [int(line.split()[1]) / 1024 for line in lines if line.startswith(field_name)]
        return sizes


def _wait_until_ready(server: Server, path: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    raise RuntimeError(
        f"{server.name} did not answer on {server.url}{path}; its output:\n"
        + server.log.read_text(errors="replace")[-3000:]
    )


@contextmanager
def running(
    name: str, app: str, *, workers: int, environment: dict[str, str], log: Path, ready: str
) -> Iterator[Server]:
    """Serve app with the named server until the block ends; wait until ready answers 200."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            COMMANDS[name](app, port, workers),
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_ready(server, ready, seconds=120)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Ask the server to stop, then make sure it and its workers have."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    # The server was started in a session of its own: this reaches its workers only.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
