"""Asking a question, and the asker's private status page."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from .. import moderation, search
from ..database import lock_rows
from ..extensions import accepted, db, limiter, too_many_forms
from ..forms import stamp
from ..http_cache import private_page
from ..models import Question, QuestionStatus
from ..urls import absolute, link
from .forms import AskForm

bp = Blueprint("questions", __name__)
# Answers that may already help, shown above a form prefilled from a search.
MATCHES = 5
bp.after_request(private_page)


def _refused(_limit) -> Response:
    """The ask form as the person sent it, with why it was not taken, when the rate limit
    refuses a send: a question typed at length is not lost to a bare error page (a 429 all
    the same)."""
    form = AskForm()
    form.form_errors.append(
        _(
            "You have sent this form several times in a short while, so we have not taken this "
            "question. It is kept below: wait a few minutes, then send it again."
        )
    )
    return make_response(_ask_page(form, status=429))


@bp.route("/ask", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["ASK_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=accepted,
    error_message=too_many_forms,
    on_breach=_refused,
)
def ask():
    form = AskForm()
    if request.method == "GET":
        form.question.data = request.args.get("q", "")[: current_app.config["QUESTION_MAX_LENGTH"]]
    elif form.is_bot:
        # Looks like success to the robot, a redirect as a person gets; nothing is stored.
        return redirect(url_for("questions.thanks"))
    elif form.validate():
        received = moderation.receive(
            form.question.data,
            (form.email.data or "").strip() or None,
            sender=str(session.get("csrf_token", "")),
            link=link,
        )
        db.session.commit()
        return redirect(url_for("questions.status", token=received.question.token, sent=1))
    query = request.args.get("q", "") if request.method == "GET" else ""
    return _ask_page(form, query=query, status=400 if form.errors else 200)


def _ask_page(form: AskForm, *, status: int, query: str = ""):
    """The ask form, its start time signed afresh, under the answers a search `query` found."""
    form.started.data = stamp()
    return render_template(
        "questions/ask.html",
        form=form,
        query=query,
        matches=search.search(query).results[:MATCHES] if query.strip() else [],
        limits=(
            current_app.config["QUESTION_MIN_LENGTH"],
            current_app.config["QUESTION_MAX_LENGTH"],
        ),
        retention_days=current_app.config["QUESTION_RETENTION_DAYS"],
        active="ask",
    ), status


@bp.get("/ask/thanks")
def thanks():
    return render_template("questions/thanks.html", status_url=None, active="ask")


def _question(token: str, *, lock: bool = False) -> Question:
    query = db.select(Question).where(Question.token == token)
    if lock:
        lock_rows(Question, Question.token == token)
        query = query.with_for_update().execution_options(populate_existing=True)
    question = db.session.scalar(query)
    if question is None or question.status is QuestionStatus.SPAM:
        abort(404)
    return question


@bp.get("/ask/status/<token>")
def status(token: str):
    question = _question(token)
    return render_template(
        "questions/status.html",
        question=question,
        sent=request.args.get("sent") == "1",
        email_deleted=request.args.get("email") == "deleted",
        withdrawn=request.args.get("withdrawn") == "1",
        status_url=absolute(url_for("questions.status", token=token)),
        active="ask",
    )


@bp.post("/ask/status/<token>/withdraw")
def withdraw(token: str):
    question = _question(token, lock=True)
    moderation.withdraw(question)
    db.session.commit()
    return redirect(url_for("questions.status", token=token, withdrawn=1))


@bp.post("/ask/status/<token>/email/delete")
def delete_email(token: str):
    question = _question(token, lock=True)
    moderation.forget_email(question)
    db.session.commit()
    return redirect(url_for("questions.status", token=token, email="deleted"))
