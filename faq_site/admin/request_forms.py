"""Forms a moderator fills in to work a subject-access request, one for each step."""

from __future__ import annotations

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

MESSAGE_MAX = 5000
REASON_MAX = 5000


class StartForm(FlaskForm):
    """A button that only needs its CSRF token."""

    submit = SubmitField(_l("Start work on this request"))


class ClarifyForm(FlaskForm):
    message = TextAreaField(
        _l("Your question to the requester"),
        validators=[
            DataRequired(_l("Write the question the requester will be asked.")),
            Length(max=MESSAGE_MAX),
        ],
    )
    submit = SubmitField(_l("Ask the requester"))


class ExtendForm(FlaskForm):
    # Its own id, because the refusal form on the same page has a field of the same name.
    reason = TextAreaField(
        _l("Why the request needs more time"),
        id="extend-reason",
        validators=[
            DataRequired(_l("Give the reason: the requester is told it.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Extend the deadline"))


class CompleteForm(FlaskForm):
    note = TextAreaField(
        _l("What was provided, and what was withheld and why"),
        validators=[
            DataRequired(_l("Say what was provided or withheld: it is the record of the answer.")),
            Length(max=MESSAGE_MAX),
        ],
    )
    answer = FileField(_l("The answer as a file (optional)"))
    submit = SubmitField(_l("Complete the request"))

    def answer_file(self) -> tuple[str, str, bytes] | None:
        """The uploaded file as the workflow stores it: a safe name, its type, its content."""
        upload: FileStorage | None = self.answer.data
        if upload is None:
            return None
        name = secure_filename(upload.filename or "")[-200:] or "answer"
        content_type = (upload.mimetype or "application/octet-stream")[:100]
        return name, content_type, upload.read()

    def validate_answer(self, field: FileField) -> None:
        upload: FileStorage | None = field.data
        if upload is None:
            return
        limit = current_app.config["REQUEST_ANSWER_MAX_BYTES"]
        # Measured by reading, not from the browser's Content-Length, which a client can omit.
        size = len(upload.stream.read(limit + 1))
        upload.stream.seek(0)
        if size == 0:
            raise ValidationError(_("The file is empty: choose the file with the answer."))
        if size > limit:
            raise ValidationError(
                _("The file is too large: it may be at most %(size)s.", size=readable_size(limit))
            )


class RefuseForm(FlaskForm):
    # Its own id, because the extension form on the same page has a field of the same name.
    reason = TextAreaField(
        _l("Why the request is refused"),
        id="refuse-reason",
        validators=[
            DataRequired(_l("Give the reason: the requester is told it.")),
            Length(max=REASON_MAX),
        ],
    )
    submit = SubmitField(_l("Refuse the request"))


def readable_size(size: int) -> str:
    """A byte count as a person reads it: '812 bytes', '14.2 KB', '20 MB'."""
    if size < 1024:
        return _("%(count)s bytes", count=format_decimal(size))
    if size < 1024 * 1024:
        return _("%(count)s KB", count=format_decimal(round(size / 1024, 1)))
    return _("%(count)s MB", count=format_decimal(round(size / (1024 * 1024), 1)))
