"""Subject-access requests. The form arrives with the requests feature; until then the page
tells the requester how to reach the company in the meantime."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..http_cache import public_cache

bp = Blueprint("access_requests", __name__)


@bp.get("/requests/new")
@public_cache
def new():
    return render_template("access_requests/coming_soon.html", active="requests")
