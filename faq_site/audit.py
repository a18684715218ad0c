"""The audit trail: every decision, with who took it and on what, and no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .extensions import db
from .models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who takes a step: a moderator (by id and label), a visitor, or the site itself. The web
    layer names the signed-in moderator (admin.access.acting); domain code is handed its actor
    and never looks for a signed-in user itself."""

    label: str
    moderator_id: int | None = None


VISITOR = Actor("visitor")
SYSTEM = Actor("system")


def record(
    action: str,
    subject: Any = None,
    *,
    actor: Actor,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the current transaction, so it is stored only if the change is.

    Detail holds ids, counts and states: never text a person wrote, nor an email address.
    """
    event = AuditEvent(
        moderator_id=actor.moderator_id,
        actor=actor.label,
        action=action,
        subject_type=type(subject).__name__.lower() if subject is not None else "",
        subject_id=getattr(subject, "id", None),
        detail=detail or {},
    )
    db.session.add(event)
    return event
