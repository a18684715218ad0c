"""The audit trail: every decision, with who took it and on what, and no personal data."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from .extensions import db
from .models import AuditEvent

VISITOR = "visitor"
SYSTEM = "system"


def record(
    action: str,
    subject: Any = None,
    *,
    actor: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the current transaction, so it is stored only if the change is.

    The actor is the signed-in moderator unless named ('visitor', 'system'). Detail holds ids,
    counts and states: never text a person wrote, nor an email address.
    """
    moderator_id = None
    if actor is None:
        if current_user and getattr(current_user, "is_authenticated", False):
            moderator_id = current_user.id
            actor = current_user.label
        else:
            actor = SYSTEM
    event = AuditEvent(
        moderator_id=moderator_id,
        actor=actor,
        action=action,
        subject_type=type(subject).__name__.lower() if subject is not None else "",
        subject_id=getattr(subject, "id", None),
        detail=detail or {},
    )
    db.session.add(event)
    return event
