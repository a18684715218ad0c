"""Admins download the register of requests and the audit log as CSV, to keep, send to an
auditor or the regulator, or count in a spreadsheet. Neither holds personal data, and each
download is itself in the audit log."""

from __future__ import annotations

from flask import Blueprint, current_app

from .. import audit, audit_words
from ..clock import local_date, today
from ..database import in_batches
from ..extensions import db
from ..models import AccessRequest, AuditEvent, Jurisdiction, RefusalGround, RequestStatus
from ..spreadsheets import CsvFile
from .access import acting, admin_required, private
from .audit_filter import AuditFilter
from .requests import Deadline, without_personal_data

bp = Blueprint("exports", __name__, url_prefix="/admin/exports")
bp.after_request(private)

REGISTER_HEADER = (
    "reference",
    "right",
    "channel",
    "jurisdiction",
    "status",
    "received",
    "due",
    "closed",
    "extended",
    "refusal_ground",
    "withheld_ground",
)
AUDIT_HEADER = ("time_utc", "who", "action", "on", "detail")


@bp.get("/requests.csv")
@admin_required
def register():
    """Every confirmed request, one row each, in the order they were made: the codes and dates
    of the queue and the transparency report, never a name, address, description or outcome."""
    query = (
        db.select(AccessRequest)
        .options(
            *without_personal_data(
                AccessRequest.channel, AccessRequest.closed, AccessRequest.refusal_ground
            )
        )
        .where(AccessRequest.status != RequestStatus.AWAITING_CONFIRMATION)
    )
    day = today()
    zone = current_app.config["SITE_TIMEZONE"]
    sheet = CsvFile(REGISTER_HEADER)
    for batch in in_batches(query, AccessRequest.id):
        sheet.add(
            (
                found.reference,
                found.right.value,
                found.channel.value,
                found.jurisdiction.value,
                found.status.value,
                found.received,
                # As the queue shows it: moved by pauses while the request is open.
                Deadline.of(found, day).due,
                local_date(found.closed, zone) if found.closed else None,
                "yes" if found.extended else "no",
                # A refusal's ground, and apart from it the ground of a partial answer.
                ground_code(found) if found.status is RequestStatus.REFUSED else None,
                ground_code(found) if found.status is not RequestStatus.REFUSED else None,
            )
            for found in batch
        )
    audit.record("register.exported", detail={"rows": sheet.rows}, actor=acting())
    db.session.commit()
    return sheet.download(f"request-register-{day.isoformat()}.csv")


# An exemption is the Data Protection Act 2018's under UK law, a restriction under Article 23
# under EU law; a request under both may rest on either.
_EXEMPTION_CODES = {
    Jurisdiction.UK: "dpa_exemption",
    Jurisdiction.EU: "art23_restriction",
    Jurisdiction.BOTH: "dpa_exemption_or_art23_restriction",
}


def ground_code(found: AccessRequest) -> str | None:
    """The code of the ground a request was refused on, or part of its answer withheld on,
    named after the law of the request."""
    ground = found.refusal_ground
    if ground is None:
        return None
    if ground is RefusalGround.DPA_EXEMPTION:
        return _EXEMPTION_CODES[found.jurisdiction]
    return ground.value


@bp.get("/audit.csv")
@admin_required
def audit_log():
    """The events the audit log shows with the same filters, oldest first, in its words."""
    filters = AuditFilter.from_args()
    query = db.select(AuditEvent).where(*filters.conditions())
    sheet = CsvFile(AUDIT_HEADER)
    for batch in in_batches(query, AuditEvent.created, AuditEvent.id):
        sheet.add(
            (
                line.event.created.isoformat(timespec="seconds"),
                line.who,
                line.action,
                line.subject.words if line.subject else "",
                line.detail,
            )
            # Moderators by number, as the trail stores them: the file leaves the panel.
            for line in audit_words.lines(batch, names=False)
        )
    # The filters typed are not kept: the actor's is free text.
    audit.record(
        "audit.exported",
        detail={"rows": sheet.rows, "filtered": bool(filters.args())},
        actor=acting(),
    )
    db.session.commit()
    return sheet.download(f"audit-log-{today().isoformat()}.csv")
