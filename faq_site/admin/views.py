"""The moderators' panel: what waits, each question's decision, and published answers."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func

from .. import audit_words, corrections, marks, moderation, names
from ..access_requests import workflow
from ..anonymise import KINDS
from ..cleaning import clean_text
from ..clock import today
from ..complaints import workflow as complaints
from ..deadlines import DUE_SOON_DAYS
from ..extensions import db
from ..inputs import page_number
from ..models import (
    AccessRequest,
    AuditEvent,
    Category,
    Document,
    Origin,
    Question,
    QuestionStatus,
    RequestPause,
    Right,
)
from ..objections import workflow as objections
from ..rendering import render
from ..urls import link
from ..versions import Timeline
from ..wording import proposed_wording
from .access import acting, admin_required, moderator_required, private
from .audit_filter import AuditFilter
from .question_forms import (
    AnswerForm,
    CheckForm,
    ConfirmForm,
    DeclineForm,
    RevisionForm,
    SpamForm,
    UnpublishForm,
    WithdrawVersionForm,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.after_request(private)

PER_PAGE = 30
# The category of the confirmation a moderator sees after publishing: shown as a success, with
# the way on beside it (see _onward).
PUBLISHED = "published"


@bp.get("/")
@moderator_required
def dashboard():
    counts = dict(
        db.session.execute(db.select(Question.status, func.count()).group_by(Question.status)).all()
    )
    waiting = db.session.scalars(
        db.select(Question)
        .where(Question.status == QuestionStatus.NEW)
        .order_by(Question.created)
        .limit(10)
    ).all()
    return render_template(
        "admin/dashboard.html",
        counts={status: counts.get(status, 0) for status in QuestionStatus},
        waiting=waiting,
        requests=_request_counts(),
        objections_open=objections.open_count(),
        admin_section="dashboard",
    )


def _request_counts() -> dict[str, int]:
    """Open requests, those due within a week, and those overdue, by the stored due date (kept
    in step with each request's clock); then complaints: open, those waiting to be
    acknowledged, and those whose acknowledgement is overdue."""
    day = today()
    active = AccessRequest.status.in_(workflow.ACTIVE)
    not_complaint = AccessRequest.right != Right.COMPLAINT
    # A paused clock is the requester's turn: neither due soon nor overdue while it waits.
    running = ~AccessRequest.pauses.any(RequestPause.ended.is_(None))
    count = lambda *where: db.session.scalar(  # noqa: E731
        db.select(func.count(AccessRequest.id)).where(active, *where)
    )
    return {
        "open": count(not_complaint),
        "due_soon": count(
            not_complaint,
            running,
            AccessRequest.due >= day,
            AccessRequest.due <= day + dt.timedelta(days=DUE_SOON_DAYS),
        ),
        "overdue": count(not_complaint, running, AccessRequest.due < day),
        "complaints_open": count(AccessRequest.right == Right.COMPLAINT),
        "to_acknowledge": count(complaints.awaiting_acknowledgement()),
        "acknowledgement_overdue": count(
            complaints.awaiting_acknowledgement(), AccessRequest.due < day
        ),
    }


@bp.get("/questions")
@moderator_required
def questions():
    try:
        status = QuestionStatus(request.args.get("status", QuestionStatus.NEW))
    except ValueError:
        abort(400, description=_("There is no such status."))
    order = Question.created if status is QuestionStatus.NEW else Question.created.desc()
    page = db.paginate(
        db.select(Question).where(Question.status == status).order_by(order),
        per_page=PER_PAGE,
        page=page_number(),
        error_out=False,
    )
    return render_template(
        "admin/questions.html",
        page=page,
        status=status,
        statuses=list(QuestionStatus),
        admin_section="questions",
    )


def _categories() -> list[tuple[int, str]]:
    rows = db.session.scalars(db.select(Category).order_by(Category.position))
    return [(0, _("No category"))] + [(c.id, c.title) for c in rows]


def _locked(question_id: int) -> Question:
    """The question, locked until the transaction ends (PostgreSQL), so that two moderators, or
    a moderator and the asker withdrawing, cannot decide it at once."""
    question = db.session.get(Question, question_id, with_for_update=True)
    if question is None:
        abort(404)
    return question


def _allowed(question_id: int, step: moderation.Step) -> Question:
    """The question, locked, for a step its state allows; a 409 with the reason otherwise."""
    question = _locked(question_id)
    try:
        moderation.guard(question, step)
    except moderation.StepRefused as refused:
        abort(409, description=str(refused))
    return question


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@moderator_required
def question(question_id: int):
    question = None if request.method == "POST" else db.get_or_404(Question, question_id)
    form = AnswerForm(data=None if request.method == "POST" else _answer_defaults(question))
    form.category.choices = _categories()
    preview = None
    if request.method == "POST":
        question = _allowed(question_id, moderation.Step.PUBLISH)
        if form.validate():
            if form.publish.data:
                category = (
                    db.session.get(Category, form.category.data) if form.category.data else None
                )
                try:
                    document, _message = moderation.publish(
                        question,
                        title=form.title.data,
                        answer=form.answer.data,
                        category=category,
                        notify=form.notify.data,
                        author=current_user.label,
                        link=link,
                        by=acting(),
                    )
                except marks.StillToCheck as refused:
                    if refused.checks:
                        form.title.errors.append(_still_to_check(refused.checks))
                    if refused.redacted:
                        form.title.errors.append(_redacted_back(refused.redacted))
                else:
                    db.session.commit()
                    flash(_("Published. The answer is now in the FAQ."), PUBLISHED)
                    # Into the panel, where the confirmation shows (a public page never carries
                    # one: it is the same for every reader and may be cached), with the way on
                    # to the next question beside it.
                    return redirect(url_for("admin.answer", document_id=document.id))
            else:
                preview = render(clean_text(form.answer.data)).html
    return _question_page(question, form, preview)


def _answer_defaults(question: Question) -> dict:
    """The answer form as a moderator first sees it: the wording proposed from the anonymised
    text, unless one was written already."""
    return {
        "title": question.public_text or proposed_wording(question.redacted),
        "answer": question.answer or "",
        "category": question.category_id or 0,
        "notify": bool(question.email),
    }


def _question_page(
    question: Question,
    form: AnswerForm,
    preview: str | None = None,
    *,
    decline_form: DeclineForm | None = None,
    spam_form: SpamForm | None = None,
):
    decline_form = decline_form or DeclineForm(notify=bool(question.email))
    spam_form = spam_form or SpamForm()
    wrong = form.errors or decline_form.errors or spam_form.errors
    return render_template(
        "admin/question.html",
        question=question,
        form=form,
        decline_form=decline_form,
        spam_form=spam_form,
        preview=preview,
        segments=marks.segments(question),
        checks=marks.checks(question),
        kinds=KINDS,
        steps=moderation.allowed_steps(question),
        admin_section="questions",
    ), (400 if wrong else 200)


def _answer_form_of(question: Question) -> AnswerForm:
    form = AnswerForm(formdata=None, data=_answer_defaults(question))
    form.category.choices = _categories()
    return form


def _quoted(found: list[marks.Mark]) -> str:
    """The values a refusal names, each with its kind: 'Brennanova' (name), ..."""
    return ", ".join(
        _("\u2018%(value)s\u2019 (%(kind)s)", value=mark.text, kind=mark.kind) for mark in found
    )


def _still_to_check(checks: list[marks.Mark]) -> str:
    return ngettext(
        "Still to check: %(values)s. Redact or keep it first.",
        "Still to check: %(values)s. Redact or keep them first.",
        len(checks),
        values=_quoted(checks),
    )


def _redacted_back(redacted: list[marks.Mark]) -> str:
    return ngettext(
        "Redacted personal data is in the wording again: %(values)s. Take it out first.",
        "Redacted personal data is in the wording again: %(values)s. Take them out first.",
        len(redacted),
        values=_quoted(redacted),
    )


@bp.post("/questions/<int:question_id>/checks/redact")
@moderator_required
def redact_check(question_id: int):
    return _decide_check(question_id, marks.Resolution.REDACTED)


@bp.post("/questions/<int:question_id>/checks/keep")
@moderator_required
def keep_check(question_id: int):
    return _decide_check(question_id, marks.Resolution.KEPT)


def _decide_check(question_id: int, resolution: marks.Resolution):
    """Redact or keep one check, then show the question again with the answer form as the
    moderator left it (the wording changed where the value was redacted)."""
    question = _allowed(question_id, moderation.Step.CHECK)
    check_form = CheckForm()
    if not check_form.validate():
        abort(400, description=_("Choose a check to redact or keep."))
    form = AnswerForm()
    sent = form.title.data is not None
    try:
        wording = marks.resolve(
            question, check_form.check.data, resolution, wording=form.title.data, by=acting()
        )
    except marks.NoSuchCheck:
        abort(400, description=_("This question has no such check."))
    except marks.AlreadyDecided as decided:
        if decided.resolution is not resolution:
            abort(409, description=_("This check has already been decided."))
        wording = form.title.data
    else:
        db.session.commit()
    if not sent:
        form = AnswerForm(formdata=None, data=_answer_defaults(question))
    else:
        form.title.data = wording
    form.category.choices = _categories()
    if resolution is marks.Resolution.REDACTED:
        flash(_("Redacted: each occurrence is now replaced by its placeholder."), "success")
    else:
        flash(_("Kept: it stays in the text as written."), "success")
    return _question_page(question, form)


@bp.post("/questions/<int:question_id>/decline")
@moderator_required
def decline(question_id: int):
    question = _allowed(question_id, moderation.Step.DECLINE)
    form = DeclineForm()
    if not form.validate():
        return _question_page(question, _answer_form_of(question), decline_form=form)
    moderation.decline(
        question, reason=form.reason.data or "", notify=form.notify.data, link=link, by=acting()
    )
    db.session.commit()
    flash(_("The question was declined."), "success")
    return redirect(url_for("admin.questions"))


@bp.post("/questions/<int:question_id>/spam")
@moderator_required
def spam(question_id: int):
    question = _allowed(question_id, moderation.Step.SPAM)
    form = SpamForm()
    if not form.validate():
        if not form.csrf_token.errors:
            return _question_page(question, _answer_form_of(question), spam_form=form)
        abort(400)
    moderation.mark_spam(question, by=acting())
    db.session.commit()
    flash(_("Marked as spam; nothing of it is kept."), "success")
    return redirect(url_for("admin.questions"))


def _answer(document_id: int) -> Document:
    document = db.get_or_404(Document, document_id)
    if document.origin is not Origin.QUESTION:
        abort(404, description=_("This answer comes from the content files: change it there."))
    return document


@bp.route("/answers/<int:document_id>", methods=["GET", "POST"])
@moderator_required
def answer(document_id: int):
    document = _answer(document_id)
    form = _revision_form(document, sent=request.method == "POST")
    preview = None
    if request.method == "POST" and form.validate():
        if form.save.data:
            return _save_revision(document, form)
        preview = render(clean_text(form.answer.data)).html
    # Flashes read here are read again, the same, by the page's template.
    published = bool(get_flashed_messages(category_filter=[PUBLISHED]))
    return _answer_page(document, form, preview=preview, onward=_onward() if published else None)


def _onward() -> tuple[str, str]:
    """Where a moderator goes on from an answer just published: the oldest question still
    waiting, as the queue lists them ("Next waiting question"), or the queue when none waits
    ("Back to the queue")."""
    waiting = db.session.scalar(
        db.select(Question.id)
        .where(Question.status == QuestionStatus.NEW)
        .order_by(Question.created)
        .limit(1)
    )
    if waiting is None:
        return url_for("admin.questions"), _("Back to the queue")
    return url_for("admin.question", question_id=waiting), _("Next waiting question")


def _revision_form(document: Document, *, sent: bool) -> RevisionForm:
    """The form for the next version, filled with the newest text readers may read."""
    latest = Timeline(list(document.versions), today()).shown[-1]
    taken = {v.effective for v in document.versions}
    suggested = today() if today() not in taken else max(taken) + dt.timedelta(days=1)
    return RevisionForm(
        taken=taken,
        correctable=corrections.correctable(document) is not None,
        formdata=request.form if sent else None,
        data=None
        if sent
        else {"title": latest.title, "answer": latest.markdown, "effective": suggested},
    )


def _save_revision(document: Document, form: RevisionForm):
    words = {
        "title": form.title.data,
        "answer": form.answer.data,
        "editorial": form.editorial.data,
        "author": current_user.label,
    }
    if form.correct.data:
        try:
            corrections.correct(document, note=form.summary.data, **words, by=acting())
        except corrections.Refused as refused:
            abort(409, description=str(refused))
        done = _("Today\u2019s version is corrected; its page says so.")
    else:
        effective = form.effective.data
        moderation.revise(
            document, summary=form.summary.data, effective=effective, **words, by=acting()
        )
        if effective > today():
            done = _(
                "The new version is announced: it takes effect on %(date)s. Until then readers "
                "see the version in force, and the history shows the new one as announced.",
                date=format_date(effective, "long"),
            )
        else:
            done = _("The new version is published and in force.")
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.answer", document_id=document.id))


def _withdraw_form(document: Document, timeline: Timeline, **kwargs) -> WithdrawVersionForm:
    form = WithdrawVersionForm(**kwargs)
    form.version.choices = [
        (
            v.id,
            _(
                "Version %(number)d, %(date)s",
                number=timeline.number(v),
                date=format_date(v.effective, "long"),
            ),
        )
        for v in timeline.newest_first
        if corrections.withdrawable(document, v) is None
    ]
    return form


def _answer_page(
    document: Document,
    form: RevisionForm | None = None,
    *,
    withdraw_form: WithdrawVersionForm | None = None,
    preview=None,
    onward: tuple[str, str] | None = None,
):
    timeline = Timeline(list(document.versions), today())
    correcting = corrections.correctable(document)
    if form is None:
        form = _revision_form(document, sent=False)
    if withdraw_form is None:
        withdraw_form = _withdraw_form(document, timeline, formdata=None)
    failed = form.errors or withdraw_form.errors
    return render_template(
        "admin/answer.html",
        document=document,
        timeline=timeline,
        form=form,
        correcting=correcting,
        preview=preview,
        unpublish_form=UnpublishForm(),
        republish_form=ConfirmForm(),
        withdraw_form=withdraw_form,
        onward=onward,
        authors=names.authors(version.author for version in document.versions),
        admin_section="questions",
    ), (400 if failed else 200)


@bp.post("/answers/<int:document_id>/withdraw")
@admin_required
def withdraw_version(document_id: int):
    """Take a past or announced version out of the public history, its words erased."""
    document = _answer(document_id)
    timeline = Timeline(list(document.versions), today())
    form = _withdraw_form(document, timeline)
    if not form.validate():
        return _answer_page(document, withdraw_form=form)
    version = next(v for v in document.versions if v.id == form.version.data)
    try:
        corrections.withdraw(document, version, reason=form.withdraw_reason.data, by=acting())
    except corrections.Refused as refused:
        form.withdraw_reason.errors.append(str(refused))
        return _answer_page(document, withdraw_form=form)
    db.session.commit()
    flash(
        _(
            "The version of %(date)s is withdrawn: its text is erased and its address says why.",
            date=format_date(version.effective, "long"),
        ),
        "success",
    )
    return redirect(url_for("admin.answer", document_id=document.id))


@bp.post("/answers/<int:document_id>/unpublish")
@moderator_required
def unpublish(document_id: int):
    document = _answer(document_id)
    form = UnpublishForm()
    if not form.validate():
        abort(400, description=_("Give the reason readers will see."))
    moderation.unpublish(document, reason=form.reason.data, by=acting())
    db.session.commit()
    flash(_("The answer is no longer published."), "success")
    return redirect(url_for("admin.answer", document_id=document.id))


@bp.post("/answers/<int:document_id>/republish")
@moderator_required
def republish(document_id: int):
    document = _answer(document_id)
    if not ConfirmForm().validate():
        abort(400)
    moderation.republish(document, by=acting())
    db.session.commit()
    flash(_("The answer is published again."), "success")
    return redirect(url_for("admin.answer", document_id=document.id))


@bp.get("/audit")
@admin_required
def audit():
    filters = AuditFilter.from_args()
    query = (
        db.select(AuditEvent)
        .where(*filters.conditions())
        .order_by(AuditEvent.created.desc(), AuditEvent.id.desc())
    )
    page = db.paginate(query, per_page=50, page=page_number(), error_out=False)
    actions = db.session.scalars(
        db.select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    ).all()
    return render_template(
        "admin/audit.html",
        page=page,
        lines=audit_words.lines(page.items),
        actions=[(name, audit_words.action_words(name)) for name in actions],
        actors=names.actor_choices(),
        filters=filters,
        admin_section="audit",
    )
