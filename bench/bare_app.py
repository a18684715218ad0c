"""A bare Flask app: one page of a given size and nothing else, the ceiling for the site's pages.

Served by the same servers with the same settings as the site, it shows what the server and Flask
cost on their own, so that each page of the site is judged by its ratio to this one.
"""

from __future__ import annotations

import os

from flask import Flask

# The size of the page, in bytes of body; the benchmark measures /gdpr and passes it in.
PAGE_BYTES_VARIABLE = "BENCH_PAGE_BYTES"
DEFAULT_PAGE_BYTES = 20_000


def page(size: int) -> bytes:
    """An HTML page of exactly size bytes (or its bare skeleton, when size is smaller)."""
    head = b"<!doctype html><html lang=en><title>Bare</title><main><p>"
    tail = b"</p></main></html>\n"
    filler = b"Lorem ipsum dolor sit amet. " * (size // 28 + 1)
    return head + filler[: max(size - len(head) - len(tail), 0)] + tail


def create_app() -> Flask:
    app = Flask(__name__)
    body = page(int(os.environ.get(PAGE_BYTES_VARIABLE, DEFAULT_PAGE_BYTES)))

    @app.get("/")
    def bare():
        return body, 200, {"Content-Type": "text/html; charset=utf-8"}

    return app


app = create_app()
