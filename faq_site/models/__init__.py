"""The tables, one module per subject."""

from .access_requests import (
    AccessRequest,
    Capacity,
    Channel,
    ConditionKind,
    Jurisdiction,
    RefusalGround,
    RequestCondition,
    RequestEvent,
    RequestPause,
    RequestStatus,
    Right,
)
from .audit import AuditEvent
from .documents import (
    REGISTER_SLUG,
    RESERVED_FAQ_SLUGS,
    STATEMENT_SLUG,
    Category,
    Document,
    DocumentKind,
    Origin,
    SiteState,
    Version,
)
from .moderators import Moderator, RecoveryCode, Role, SignInThrottle
from .notices import Announcement, Subscription
from .objections import SubprocessorObjection
from .outbox import QUESTION_RECEIPT, OutboxMessage
from .questions import Question, QuestionStatus
from .types import UTCDateTime, utcnow

__all__ = [
    "QUESTION_RECEIPT",
    "REGISTER_SLUG",
    "RESERVED_FAQ_SLUGS",
    "STATEMENT_SLUG",
    "AccessRequest",
    "Announcement",
    "AuditEvent",
    "Capacity",
    "Category",
    "Channel",
    "ConditionKind",
    "Document",
    "DocumentKind",
    "Jurisdiction",
    "Moderator",
    "Origin",
    "OutboxMessage",
    "Question",
    "QuestionStatus",
    "RecoveryCode",
    "RefusalGround",
    "RequestCondition",
    "RequestEvent",
    "RequestPause",
    "RequestStatus",
    "Right",
    "Role",
    "SignInThrottle",
    "SiteState",
    "SubprocessorObjection",
    "Subscription",
    "UTCDateTime",
    "Version",
    "utcnow",
]
