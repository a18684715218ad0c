"""One-time recovery codes for two-step sign-in: a way in when the phone with the authenticator
app is lost. Needs no request; the caller commits.

A set is ten codes of ten characters drawn by `secrets` from an alphabet without look-alikes
(no 0/o, 1/l/i): about 49.5 bits each. The database keeps only an HMAC-SHA256 of each, keyed
with the app's secret key and bound to the account. A slow hash (scrypt) would add nothing that
matters: with this much entropy nobody can guess a code online (the sign-in throttle counts
every wrong one), a copy of the database alone does not let anyone test a guess at all (the key
is not in it), and whoever holds both the database and the secret key can already forge a
session. A keyed hash also lets a code be found, and used up, by one conditional DELETE, so that
two requests racing with the same code cannot both succeed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlalchemy import delete, func

from .. import audit
from ..extensions import db
from ..models import Moderator, RecoveryCode
from .access import acting

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10
SET_SIZE = 10
# At or below this many codes left, the account page asks for a new set.
FEW_LEFT = 2
# What a person may type: the code, in either case, with the hyphens and spaces it is shown with.
TYPED_MAX_LENGTH = 20
_CODE_PATTERN = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def shown(code: str) -> str:
    """The code as the page shows it, in groups easy to copy by hand: k7m2-x9qp-4t."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def normalise(typed: str) -> str | None:
    """The code a person typed, without the hyphens, spaces and capitals they may have added;
    None when it cannot be a code."""
    if not typed or len(typed) > TYPED_MAX_LENGTH:
        return None
    code = re.sub(r"[\s-]", "", typed).lower()
    return code if _CODE_PATTERN.fullmatch(code) else None


def _digest(moderator: Moderator, code: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    message = f"recovery-code:{moderator.id}:{code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def remaining(moderator: Moderator) -> int:
    return db.session.scalar(
        db.select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.moderator_id == moderator.id)
    )


def erase(moderator: Moderator) -> int:
    """Delete every code the moderator has; how many there were."""
    return db.session.execute(
        delete(RecoveryCode)
        .where(RecoveryCode.moderator_id == moderator.id)
        .execution_options(synchronize_session=False)
    ).rowcount


def new_set(moderator: Moderator) -> list[str]:
    """Replace the moderator's codes with a new set, audited; the codes, to show once. Only
    their hashes are kept."""
    replaced = erase(moderator)
    codes: list[str] = []
    while len(codes) < SET_SIZE:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in codes:
            codes.append(code)
    db.session.add_all(
        RecoveryCode(moderator_id=moderator.id, digest=_digest(moderator, code)) for code in codes
    )
    db.session.flush()
    audit.record(
        "moderator.recovery_codes_created",
        moderator,
        detail={"codes": SET_SIZE, "replaced": replaced},
        actor=acting(),
    )
    return [shown(code) for code in codes]


def held(moderator: Moderator, typed: str) -> bool:
    """Whether the code is one of the moderator's, without using it up."""
    code = normalise(typed)
    return code is not None and (
        db.session.scalar(
            db.select(RecoveryCode.id).where(
                RecoveryCode.moderator_id == moderator.id,
                RecoveryCode.digest == _digest(moderator, code),
            )
        )
        is not None
    )


def use(moderator: Moderator, typed: str) -> bool:
    """Use up the code if it is one of the moderator's: True once, never again. One DELETE
    decides, so of two requests with the same code only one wins."""
    code = normalise(typed)
    if code is None:
        return False
    used = db.session.execute(
        delete(RecoveryCode)
        .where(
            RecoveryCode.moderator_id == moderator.id,
            RecoveryCode.digest == _digest(moderator, code),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    return used == 1
