"""Asking a question. The form itself arrives with the questions feature; until then the page
says so, so that links to it from the FAQ and the home page already lead somewhere useful."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..http_cache import public_cache

bp = Blueprint("questions", __name__)


@bp.get("/ask")
@public_cache
def ask():
    return render_template("questions/coming_soon.html", active="ask")
