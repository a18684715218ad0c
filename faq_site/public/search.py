"""The search page: the statement and the FAQ as they are in force today."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import search as site_search
from ..complaints.workflow import REFERENCE
from ..http_cache import public_cache
from ..inputs import page_number
from ..search.query import MAX_QUERY_CHARS

bp = Blueprint("search", __name__)


@bp.get("/search")
@public_cache(in_worker=False)
def results():
    text = request.args.get("q", "")
    found = site_search.search(text, page_number()) if text.strip() else None
    return render_template(
        "public/search.html",
        text=text,
        found=found,
        # Only this much of a search is ever used, so the hand-off to the form carries no more.
        ask_text=text.strip()[:MAX_QUERY_CHARS],
        max_chars=MAX_QUERY_CHARS,
        # A request's or complaint's reference searched for: its page is found another way.
        reference=REFERENCE.search(text),
        active="search",
    )
