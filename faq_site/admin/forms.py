"""Forms for signing in, a moderator's own account, and managing moderators."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError

from ..models import Moderator, Role
from . import accounts, recovery

PASSWORD_LIMITS = {"min": accounts.MIN_PASSWORD_LENGTH, "max": accounts.MAX_PASSWORD_LENGTH}
NEW_PASSWORD_LENGTH = _l(
    "The password must have between %(min)d and %(max)d characters.", **PASSWORD_LIMITS
)


def _without_spaces(value: str | None) -> str | None:
    # Authenticator apps show codes as "123 456"; people copy them as they see them.
    return value.replace(" ", "") if value else value


def role_choices() -> list[tuple[str, str]]:
    return [(Role.MODERATOR.value, _l("Moderator")), (Role.ADMIN.value, _l("Admin"))]


class SharedPageForm(FlaskForm):
    """A form that shares its page with others: it was sent when its own button was pressed."""

    def sent(self) -> bool:
        return self.is_submitted() and any(
            isinstance(item, SubmitField) and item.data for item in self
        )


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter your email address.")),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password.")),
            Length(max=accounts.MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"))


class CodeField(StringField):
    """Six digits from an authenticator app, typed on a number pad where there is one."""

    def __init__(self, label, **kwargs) -> None:
        kwargs.setdefault("filters", [_without_spaces])
        kwargs.setdefault(
            "render_kw",
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "maxlength": "7",
                "spellcheck": "false",
            },
        )
        kwargs.setdefault(
            "validators",
            [
                InputRequired(_l("Enter the 6-digit code from your authenticator app.")),
                Regexp(
                    r"^\d{6}$", message=_l("Enter the 6-digit code from your authenticator app.")
                ),
            ],
        )
        super().__init__(label, **kwargs)


class SignInCodeForm(FlaskForm):
    code = CodeField(_l("Code from your authenticator app"))
    submit = SubmitField(_l("Continue"))


RECOVERY_CODE_FORMAT = _l("Enter one of your recovery codes, like k7m2-x9qp-4t.")


class SignInRecoveryForm(FlaskForm):
    """The second sign-in step with a recovery code, for when the phone is not at hand."""

    recovery_code = StringField(
        _l("Recovery code"),
        validators=[
            InputRequired(RECOVERY_CODE_FORMAT),
            Length(max=recovery.TYPED_MAX_LENGTH, message=RECOVERY_CODE_FORMAT),
        ],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "none",
            "spellcheck": "false",
            "maxlength": str(recovery.TYPED_MAX_LENGTH),
        },
    )
    submit = SubmitField(_l("Continue"))

    def validate_recovery_code(self, field: StringField) -> None:
        if recovery.normalise(field.data) is None:
            raise ValidationError(RECOVERY_CODE_FORMAT)


def new_password_field() -> PasswordField:
    """A new password, within the same rules wherever one is chosen."""
    return PasswordField(
        _l("New password"),
        validators=[
            InputRequired(_l("Enter a new password.")),
            Length(message=NEW_PASSWORD_LENGTH, **PASSWORD_LIMITS),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_password_field() -> PasswordField:
    return PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(_l("Enter the new password again.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordResetForm(FlaskForm):
    """The page a reset link opens: a new password, twice."""

    new_password = new_password_field()
    confirm_password = confirm_password_field()
    submit = SubmitField(_l("Set the new password"))


class PasswordChangeForm(SharedPageForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = new_password_field()
    confirm_password = confirm_password_field()
    change_password = SubmitField(_l("Change password"))

    def __init__(self, moderator: Moderator, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.moderator = moderator

    def validate_current_password(self, field: PasswordField) -> None:
        if not accounts.password_matches(self.moderator, field.data):
            raise ValidationError(_l("That is not your current password."))

    def validate_new_password(self, field: PasswordField) -> None:
        if field.data == self.current_password.data:
            raise ValidationError(_l("Choose a password different from your current one."))


class TotpStartForm(SharedPageForm):
    start_totp = SubmitField(_l("Set up two-step sign-in"))


class TotpCancelForm(SharedPageForm):
    cancel_totp = SubmitField(_l("Cancel set-up"))


class TotpConfirmForm(SharedPageForm):
    code = CodeField(_l("Code from your authenticator app"))
    confirm_totp = SubmitField(_l("Turn on two-step sign-in"))

    def __init__(self, secret: str | None, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.secret = secret
        # The time step of the code that confirmed the secret, once it has.
        self.step: int | None = None

    def validate_code(self, field: StringField) -> None:
        if not self.secret:
            raise ValidationError(_l("The set-up has expired. Start it again."))
        self.step = accounts.code_step(self.secret, field.data)
        if self.step is None:
            raise ValidationError(
                _l("That code is not right. Check the key you entered and your phone's clock.")
            )


class TotpRemoveForm(SharedPageForm):
    remove_password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password to turn off two-step sign-in."))],
        render_kw={"autocomplete": "current-password"},
    )
    remove_totp = SubmitField(_l("Turn off two-step sign-in"))

    def __init__(self, moderator: Moderator, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.moderator = moderator

    def validate_remove_password(self, field: PasswordField) -> None:
        if not accounts.password_matches(self.moderator, field.data):
            raise ValidationError(_l("That is not your password."))


class RecoveryCodesForm(SharedPageForm):
    """A new set of recovery codes, which replaces the old: the password first, as a session
    left open on a shared computer should not be enough to see them."""

    codes_password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password to make new recovery codes."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_recovery_codes = SubmitField(_l("Make new recovery codes"))

    def __init__(self, moderator: Moderator, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.moderator = moderator

    def validate_codes_password(self, field: PasswordField) -> None:
        if not accounts.password_matches(self.moderator, field.data):
            raise ValidationError(_l("That is not your password."))


class NewModeratorForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter the new moderator's email address.")),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
        # Someone else's address: the browser should not offer the admin's own.
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = SelectField(_l("Role"), choices=role_choices, default=Role.MODERATOR.value)
    password = PasswordField(
        _l("Initial password"),
        validators=[
            InputRequired(_l("Enter an initial password.")),
            Length(message=NEW_PASSWORD_LENGTH, **PASSWORD_LIMITS),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Add moderator"))

    def validate_email(self, field: EmailField) -> None:
        problem = accounts.email_problem(field.data)
        if problem:
            raise ValidationError(problem)


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices)
