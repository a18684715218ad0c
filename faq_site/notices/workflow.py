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
from sqlalchemy import update

from .. import outbox, register
from ..diffing import Change
from ..extensions import db
from ..models import (
    Announcement,
    Document,
    DocumentKind,
    OutboxMessage,
    Subscription,
    Version,
    utcnow,
)
from ..models.notices import UNCONFIRMED_DAYS
from ..retention import same_address
from ..urls import Link
from .wording import CURRENT_WORDING, WORDINGS

# Subscribers told in one transaction of fan_out().
BATCH = 500
_TOKEN = re.compile(r"(?P<handle>[0-9a-f]{16})-(?P<mac>[0-9a-f]{32})")


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
    """The secret in every link for this subscription: its random handle and a keyed hash of
    it. The database holds no usable link, and a link says nothing of the others."""
    return f"{subscription.handle}-{_mac(subscription.handle)}"


def _mac(handle: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else str(key).encode()
    return hmac.new(key, f"notice:{handle}".encode(), hashlib.sha256).hexdigest()[:32]


def by_token(value: str) -> Subscription | None:
    """The subscription a link names, or None for a link that is wrong, old or erased."""
    match = _TOKEN.fullmatch(value or "")
    if not match or not hmac.compare_digest(_mac(match.group("handle")), match.group("mac")):
        return None
    return db.session.scalar(
        db.select(Subscription).where(Subscription.handle == match.group("handle"))
    )


def expired(subscription: Subscription, now: dt.datetime | None = None) -> bool:
    """Whether an unconfirmed subscription's first link has run out (purge erases it soon)."""
    now = now or utcnow()
    limit = subscription.requested + dt.timedelta(days=UNCONFIRMED_DAYS)
    return subscription.confirmed is None and now >= limit


# Subscribing ----------------------------------------------------------------------------------

# The form emails one address at most this often, however often it is sent with that address.
MAIL_EVERY = dt.timedelta(days=1)


def find(email: str) -> Subscription | None:
    return db.session.scalar(db.select(Subscription).where(same_address(Subscription.email, email)))


def address_of(subscription_id: int) -> str | None:
    """A subscription's address to show the person who just typed it, in lower case: the
    case it was first stored in would tell them that someone subscribed it before."""
    subscription = db.session.get(Subscription, subscription_id)
    return subscription.email.lower() if subscription else None


def subscribe(email: str, choice: Choice, link: Link) -> Subscription:
    """Ask to subscribe `email`: the one email sent before the link in it is used.

    The form answers every address alike and changes nothing a stranger could use: an address
    already confirmed is sent a link to manage it, its choice unchanged; one waiting for its
    confirmation takes the new choice (which its confirmation page shows before anyone agrees
    to it) but keeps its link and its seven days, and is sent its link again. The form sends
    one address one email a day at most, so it cannot be used to flood anyone.
    """
    email = email.strip()
    subscription = find(email)
    now = utcnow()
    if subscription is None:
        subscription = Subscription(
            email=email, wording=CURRENT_WORDING, handle=secrets.token_hex(8), requested=now
        )
        db.session.add(subscription)
    if subscription.confirmed is None:
        _choose(subscription, choice)
    db.session.flush()
    if subscription.mailed is not None and now - subscription.mailed < MAIL_EVERY:
        return subscription
    subscription.mailed = now
    if subscription.confirmed is not None:
        outbox.queue("notice_already", subscription.email, _links(subscription, link))
    else:
        outbox.queue(
            "notice_confirm",
            subscription.email,
            {
                **_links(subscription, link),
                "choice": Choice.of(subscription),
                "days": UNCONFIRMED_DAYS,
                "wording": WORDINGS[CURRENT_WORDING],
            },
        )
    return subscription


def _choose(subscription: Subscription, choice: Choice) -> None:
    subscription.statement = choice.statement
    subscription.register = choice.register
    subscription.editorial = choice.editorial


def confirm(subscription: Subscription) -> bool:
    """Record consent, given by the person who opened the link in the first email under the
    words its page shows them. False when it was given already."""
    if subscription.confirmed is not None:
        return False
    subscription.confirmed = subscription.consented = utcnow()
    subscription.wording = CURRENT_WORDING
    return True


def change(subscription: Subscription, choice: Choice) -> None:
    """A confirmed subscriber's new choice, agreed to now under the words shown now."""
    _choose(subscription, choice)
    subscription.wording = CURRENT_WORDING
    subscription.consented = utcnow()


def unsubscribe(subscription: Subscription) -> None:
    """End a subscription: its address and everything kept with it are erased, unsent emails
    to it included."""
    forget_unsent(subscription.email)
    db.session.delete(subscription)


# What the notices send: the first email, "you have one already", and the notices themselves.
NOTICE_TEMPLATES = ("notice_confirm", "notice_already", "change_notice")


def forget_unsent(email: str) -> int:
    """Delete the notices' emails to an address that no worker has started to send."""
    return db.session.execute(
        db.delete(OutboxMessage).where(
            same_address(OutboxMessage.recipient, email),
            OutboxMessage.template.in_(NOTICE_TEMPLATES),
            OutboxMessage.sent.is_(None),
            OutboxMessage.claimed_by.is_(None),
        )
    ).rowcount


def _links(subscription: Subscription, link: Link) -> dict[str, str]:
    secret = token(subscription)
    return {
        "confirm_url": link("notices.confirm", token=secret),
        "manage_url": link("notices.manage", token=secret),
        "unsubscribe_url": link("notices.unsubscribe", token=secret),
    }


# Announcing -----------------------------------------------------------------------------------

_TOLD = (DocumentKind.STATEMENT, DocumentKind.REGISTER)


def announce(versions: Iterable[Version]) -> int:
    """Record that these versions, which a sync brought in or rewrote, need telling (those of
    the statement and the register). One announcement per version and wording, however many
    syncs or hosts bring it in. Returns how many were recorded."""
    db.session.flush()
    told = set(db.session.execute(db.select(Announcement.version_id, Announcement.source_sha256)))
    count = 0
    for version in versions:
        key = (version.id, version.source_sha256)
        if key in told or version.document.kind not in _TOLD:
            continue
        db.session.add(
            Announcement(
                version_id=version.id,
                source_sha256=version.source_sha256,
                editorial=version.editorial,
            )
        )
        told.add(key)
        count += 1
    return count


@dataclass(frozen=True)
class _Told:
    """What one announcement tells, the same for every subscriber."""

    kind: DocumentKind
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


def _wants(version: Version, announcement: Announcement):
    """The subscribers told of a version: confirmed, choosing its document, and choosing
    editorial changes too if it was announced as one."""
    document = version.document.kind
    kind = Subscription.register if document is DocumentKind.REGISTER else Subscription.statement
    conditions = [Subscription.confirmed.is_not(None), kind.is_(True)]
    if announcement.editorial:
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
    told: _Told | None = None  # the same for every batch: made once
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
                .where(Subscription.id > cursor, *_wants(version, announcement))
                .order_by(Subscription.id)
                .limit(batch)
            ).all()
            if version is not None
            and version.withdrawn is None
            and version.source_sha256 == announcement.source_sha256
            else []  # withdrawn or rewritten before its telling: told to nobody, or anew
        )
        moved = {"cursor": subscribers[-1].id} if subscribers else {"finished": utcnow()}
        if subscribers and told is None:
            told = _what(version, link)
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
