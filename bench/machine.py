"""What the benchmark ran on: the machine and the versions of what it measured with."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

from . import wrk


def _first(path: str, prefix: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    return None


def _operating_system() -> str:
    name = _first("/etc/os-release", "PRETTY_NAME=") or platform.system()
    return f"{name.strip(chr(34))}, kernel {platform.release()}"


def _memory() -> str:
    total = _first("/proc/meminfo", "MemTotal")
    if not total:
        return "unknown"
    return f"{int(total.split()[0]) / 1024 / 1024:.1f} GiB"


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> list[tuple[str, str]]:
    return [
        ("CPU", _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"),
        ("Cores", str(os.cpu_count())),
        ("Memory", _memory()),
        ("OS", _operating_system()),
        ("Python", platform.python_version()),
        ("gunicorn", _package("gunicorn")),
        ("granian", _package("granian")),
        ("Flask", _package("flask")),
        ("wrk", wrk.version()),
        ("SQLite", sqlite3.sqlite_version),
        # Other work on the machine skews every number: a quiet machine shows well under 1.
        ("Load average at the start", " / ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]
