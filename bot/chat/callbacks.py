"""Inline-button payloads: stored in the database, referenced by an opaque random token.

Telegram allows 64 bytes of callback data and lets any client send any bytes, so a button
carries only ``token`` (22 url-safe characters, 128 bits). The payload (a typed press of
``bot/chat/presses.py``, packed) is looked up by token, owner and expiry; what it asks for is
then authorised like a typed request. The same table keeps small per-user memos ("the last
list", "a choice awaiting its reason") under deterministic tokens.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.clock import now_wib
from db.engine import Session
from db.models import CallbackPayload
from db.queries.chat_state import purge_payloads

TOKEN_BYTES = 16
DEFAULT_TTL = timedelta(days=2)


def store(
    session: Session, owner: str, action: str, data: dict[str, Any], ttl: timedelta = DEFAULT_TTL
) -> str:
    return store_many(session, owner, [(action, data)], ttl)[0]


def store_many(
    session: Session,
    owner: str,
    payloads: Sequence[tuple[str, dict[str, Any]]],
    ttl: timedelta = DEFAULT_TTL,
) -> list[str]:
    """Store the payloads of one reply's buttons; their tokens, in order."""
    now = now_wib()
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in payloads]
    session.add_all(
        CallbackPayload(
            token=token,
            owner=owner,
            action=action,
            payload=json.dumps(data, separators=(",", ":")),
            created_at=now,
            expires_at=now + ttl,
        )
        for token, (action, data) in zip(tokens, payloads, strict=True)
    )
    return tokens


def load(session: Session, owner: str, token: str) -> Stored | None:
    """The payload behind ``token`` if it exists, is not expired and belongs to ``owner``."""
    found = stored(session, token)
    if found is None or found.owner != owner or found.expires_at <= now_wib():
        return None
    return found


@dataclass(frozen=True)
class Stored:
    """A stored payload whoever owns it, expired or not (what a refused press asked for)."""

    owner: str
    action: str
    data: dict[str, Any]
    expires_at: datetime


def stored(session: Session, token: str) -> Stored | None:
    if not token or len(token) > 32:
        return None
    row = session.get(CallbackPayload, token)
    if row is None:
        return None
    try:
        data = json.loads(row.payload)
    except ValueError:
        data = {}
    return Stored(row.owner, row.action, data if isinstance(data, dict) else {}, row.expires_at)


def purge_expired(session: Session) -> int:
    return purge_payloads(session=session, expired_at=now_wib())


def _memo_token(owner: str, name: str) -> str:
    # Deterministic per owner and name, so "the last search" is one row that gets replaced.
    import hashlib

    return "m" + hashlib.sha256(f"{owner}|{name}".encode()).hexdigest()[:31]


def remember(session: Session, owner: str, name: str, data: dict[str, Any]) -> None:
    token = _memo_token(owner, name)
    now = now_wib()
    row = session.get(CallbackPayload, token)
    if row is None:
        row = CallbackPayload(
            token=token, owner=owner, action=name, payload="", created_at=now, expires_at=now
        )
    row.payload = json.dumps(data, separators=(",", ":"))
    row.created_at = now
    row.expires_at = now + DEFAULT_TTL
    session.add(row)


def recall(session: Session, owner: str, name: str) -> dict[str, Any] | None:
    found = load(session, owner, _memo_token(owner, name))
    return found.data if found and found.action == name else None


def forget(session: Session, owner: str, name: str) -> None:
    row = session.get(CallbackPayload, _memo_token(owner, name))
    if row is not None:
        session.delete(row)
