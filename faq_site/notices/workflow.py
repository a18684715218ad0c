"""Change notices: subscribing with an address alone, confirming it from the first email,
changing or ending it, and telling every confirmed subscriber, once, of each version a sync
announces. Plain functions; the caller commits, except fan_out(), which commits batch by batch.

Telling 10,000 subscribers is never done in the sync or in a request: the sync records one
announcement per version, and the mail workers turn it into messages a batch at a time (see
fan_out), each batch a short transaction of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, update

from .. import outbox, register
from ..diffing import Change
from ..extensions import db
from ..models import Announcement, Document, DocumentKind, Subscription, Version, utcnow
from ..models.notices import UNCONFIRMED_DAYS
from ..retention import same_address
from ..urls import Link
from .wording import CURRENT_WORDING

# Subscribers told in one transaction of fan_out().
BATCH = 500
_TOKEN = re.compile(r"(?P<id>[1-9][0-9]{0,17})-(?P<mac>[0-9a-f]{32})")


@dataclass(frozen=True)
class Choice:
    """What a subscriber wants to hear about."""

    statement: bool
    register: bool
    editorial: bool = False

    @classmethod
    def of(cls, subscription: Subscription) -> Choice:
        return cls(subscription.statement, subscription.register, subscription.editorial)


# Links ----------------------------------------------------------------------------------------


def token(subscription: Subscription) -> str:
    """The secret in every link for this subscription: its number and a keyed hash of it and
    its nonce. The database holds no usable link; a new nonce kills the old links."""
    return f"{subscription.id}-{_mac(subscription.id, subscription.nonce)}"


def _mac(number: int, nonce: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else str(key).encode()
    seed = f"notice:{number}:{nonce}".encode()
    return hmac.new(key, seed, hashlib.sha256).hexdigest()[:32]


def by_token(value: str) -> Subscription | None:
    """The subscription a link names, or None for a link that is wrong, old or erased."""
    match = _TOKEN.fullmatch(value or "")
    if not match:
        return None
    subscription = db.session.get(Subscription, int(match.group("id")))
    if subscription is None:
        return None
    if not hmac.compare_digest(_mac(subscription.id, subscription.nonce), match.group("mac")):
        return None
    return subscription


def expired(subscription: Subscription, now: dt.datetime | None = None) -> bool:
    """Whether an unconfirmed subscription's first link has run out (purge erases it soon)."""
    now = now or utcnow()
    limit = subscription.requested + dt.timedelta(days=UNCONFIRMED_DAYS)
    return subscription.confirmed is None and now >= limit


# Subscribing ----------------------------------------------------------------------------------


def find(email: str) -> Subscription | None:
    return db.session.scalar(db.select(Subscription).where(same_address(Subscription.email, email)))


def subscribe(email: str, choice: Choice, link: Link) -> Subscription:
    """Ask to subscribe `email`: the one email sent before the link in it is used.

    An address already confirmed gets a link to change its choice instead, so that the form
    tells nobody whether an address is subscribed, and changes nothing on its own. One not yet
    confirmed takes the new choice and gets a fresh link.
    """
    email = email.strip()
    subscription = find(email)
    if subscription is not None and subscription.confirmed is not None:
        outbox.queue("notice_already", subscription.email, _links(subscription, link))
        return subscription
    if subscription is None:
        subscription = Subscription(email=email)
        db.session.add(subscription)
    _choose(subscription, choice)
    subscription.wording = CURRENT_WORDING
    subscription.nonce = secrets.token_hex(16)
    subscription.requested = utcnow()
    db.session.flush()
    outbox.queue(
        "notice_confirm",
        subscription.email,
        {**_links(subscription, link), "choice": choice, "days": UNCONFIRMED_DAYS},
    )
    return subscription


def _choose(subscription: Subscription, choice: Choice) -> None:
    subscription.statement = choice.statement
    subscription.register = choice.register
    subscription.editorial = choice.editorial


def confirm(subscription: Subscription) -> bool:
    """Record consent from the link in the first email. False when it was given already."""
    if subscription.confirmed is not None:
        return False
    subscription.confirmed = utcnow()
    return True


def change(subscription: Subscription, choice: Choice) -> None:
    """A confirmed subscriber's new choice, given under the wording shown now."""
    _choose(subscription, choice)
    subscription.wording = CURRENT_WORDING


def unsubscribe(subscription: Subscription) -> None:
    """End a subscription: its address and everything kept with it are erased."""
    db.session.delete(subscription)


def _links(subscription: Subscription, link: Link) -> dict[str, str]:
    secret = token(subscription)
    return {
        "confirm_url": link("notices.confirm", token=secret),
        "manage_url": link("notices.manage", token=secret),
        "unsubscribe_url": link("notices.unsubscribe", token=secret),
    }


# Announcing -----------------------------------------------------------------------------------

_TOLD = (DocumentKind.STATEMENT, DocumentKind.REGISTER)


def announce(versions: Iterable[Version], today: dt.date) -> int:
    """Record that these versions, new from a sync, need telling: those of the statement and the
    register that are in force from today or a later day. One announcement per version, however
    many syncs or hosts bring it in. Returns how many were recorded."""
    db.session.flush()
    told = {
        announcement_for
        for (announcement_for,) in db.session.execute(db.select(Announcement.version_id))
    }
    count = 0
    for version in versions:
        if version.id in told or version.effective < today:
            continue
        if version.document.kind not in _TOLD:
            continue
        db.session.add(Announcement(version_id=version.id, editorial=version.editorial))
        told.add(version.id)
        count += 1
    return count


@dataclass(frozen=True)
class _Told:
    """What one announcement tells, the same for every subscriber."""

    kind: DocumentKind
    title: str
    effective: dt.date
    summary: str
    editorial: bool
    version_url: str
    changes_url: str | None
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    object_url: str | None


def _what(version: Version, link: Link) -> _Told:
    document: Document = version.document
    earlier = [
        v for v in document.versions if v.effective < version.effective and v.withdrawn is None
    ]
    previous = max(earlier, key=lambda v: v.effective) if earlier else None
    register_page = document.kind is DocumentKind.REGISTER
    prefix = "public.subprocessors" if register_page else "public.statement"
    added = removed = changed = ()
    if register_page and previous is not None:
        rows = register.compare(
            register.from_json(previous.markdown), register.from_json(version.markdown)
        )
        added = tuple(r.row.provider for r in rows if r.change is Change.ADDED)
        removed = tuple(r.row.provider for r in rows if r.change is Change.REMOVED)
        changed = tuple(r.row.provider for r in rows if r.change is Change.CHANGED)
    return _Told(
        kind=document.kind,
        title=version.title,
        effective=version.effective,
        summary=version.summary,
        editorial=version.editorial,
        version_url=link(f"{prefix}_version", effective=version.effective),
        changes_url=link(
            f"{prefix}_changes", from_date=previous.effective, to_date=version.effective
        )
        if previous is not None
        else None,
        added=added,
        removed=removed,
        changed=changed,
        object_url=link("objections.new") if added else None,
    )


def _wants(version: Version):
    """The subscribers told of a version: confirmed, choosing its document, and choosing
    editorial changes too if it is one."""
    document = version.document.kind
    kind = Subscription.register if document is DocumentKind.REGISTER else Subscription.statement
    conditions = [Subscription.confirmed.is_not(None), kind.is_(True)]
    if version.editorial:
        conditions.append(Subscription.editorial.is_(True))
    return conditions


def fan_out(link: Link, *, batch: int = BATCH) -> int:
    """Queue the change notices of every announcement not yet told, `batch` subscribers to a
    transaction. Returns how many were queued.

    Each batch is rendered first, then the announcement's cursor is moved on by compare-and-set
    in the same transaction as the batch's messages: a worker on another host that moved it
    first makes this one's commit a no-op, so no subscriber is told twice, and no lock is held
    while messages are rendered.
    """
    queued = 0
    pending = db.session.scalars(
        db.select(Announcement.id).where(Announcement.finished.is_(None)).order_by(Announcement.id)
    ).all()
    db.session.rollback()
    for announcement_id in pending:
        queued += _tell(announcement_id, link, batch)
    return queued


def _tell(announcement_id: int, link: Link, batch: int) -> int:
    queued = 0
    while True:
        announcement = db.session.get(Announcement, announcement_id, populate_existing=True)
        if announcement is None or announcement.finished is not None:
            db.session.rollback()
            return queued
        cursor = announcement.cursor
        version = db.session.get(Version, announcement.version_id)
        subscribers = (
            db.session.scalars(
                db.select(Subscription)
                .where(Subscription.id > cursor, *_wants(version))
                .order_by(Subscription.id)
                .limit(batch)
            ).all()
            if version is not None and version.withdrawn is None
            else []  # a version withdrawn before its telling is told to nobody
        )
        moved = {"cursor": subscribers[-1].id} if subscribers else {"finished": utcnow()}
        told = _what(version, link) if subscribers else None
        for subscriber in subscribers:
            outbox.queue(
                "change_notice",
                subscriber.email,
                {
                    "told": told,
                    **_links(subscriber, link),
                },
                unsubscribe=link("notices.one_click", token=token(subscriber)),
            )
        won = db.session.execute(
            update(Announcement)
            .where(Announcement.id == announcement_id, Announcement.cursor == cursor)
            .values(**moved)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not won:
            db.session.rollback()  # another worker told these first
            continue
        db.session.commit()
        queued += len(subscribers)
        if not subscribers:
            return queued


# A person's data ------------------------------------------------------------------------------


def of_address(email: str) -> list[Subscription]:
    """The subscription an address holds, for "find a person's data"."""
    found = find(email)
    return [found] if found is not None else []


def counts() -> tuple[int, int]:
    """Confirmed subscriptions and ones waiting for confirmation, for the dashboard."""
    confirmed = db.session.scalar(
        db.select(func.count(Subscription.id)).where(Subscription.confirmed.is_not(None))
    )
    waiting = db.session.scalar(
        db.select(func.count(Subscription.id)).where(Subscription.confirmed.is_(None))
    )
    return confirmed or 0, waiting or 0
