"""Users, one-time invitation codes and Telegram bindings.

Access is re-checked at every request by :func:`identity_for_telegram`: a revoked user, a PPK
past the end of the term, or an employee who was transferred out of the granted agency or
retired gets no more than a guest, whatever they were at binding time.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.chat.access import Identity, Role
from bot.errors import BindingError
from db.clock import now_wib, today_wib
from db.engine import Session
from db.models import BotUser, BotUserInstansi, Instansi, Pegawai, Undangan
from db.queries.accounts import (
    granted_instansi_ids,
    invitation_by_hash,
    open_invitations,
    users,
    users_bound_to,
)
from db.queries.org import instansi_by_kode, instansi_codes
from db.queries.people import pegawai_by_nip

log = logging.getLogger("talenta.binding")

DEFAULT_EXPIRY = timedelta(days=7)
CODE_BYTES = 24  # 192 bits, encoded as 32 url-safe characters (a deep-link payload holds 64)


@dataclass(frozen=True)
class Invitation:
    user_id: int
    code: str  # shown once, never stored
    expires_at: datetime


@dataclass(frozen=True)
class BindResult:
    ok: bool
    reason: str = ""  # "unknown", "expired", "used", "revoked"
    user_id: int | None = None
    role: Role | None = None


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def instansi_ids_for(session: Session, kodes: list[str]) -> list[int]:
    ids = []
    for kode in kodes:
        inst = instansi_by_kode(session=session, kode=kode)
        if inst is None or inst.id is None:
            raise BindingError(f"Instansi {kode!r} tidak dikenal.")
        ids.append(inst.id)
    return ids


def create_user(
    session: Session,
    *,
    role: Role,
    nama: str,
    instansi_kodes: list[str],
    nip: str | None = None,
    masa_jabatan_akhir: date | None = None,
    created_by: str = "cli",
) -> BotUser:
    pegawai_id = None
    kodes = list(instansi_kodes)
    if nip:
        peg = pegawai_by_nip(session=session, nip=nip)
        if peg is None:
            raise BindingError(f"NIP {nip} tidak ada di data pegawai.")
        pegawai_id = peg.id
        if not kodes:
            inst = session.get(Instansi, peg.instansi_id)
            kodes = [inst.kode] if inst else []
    if role is Role.asn and pegawai_id is None:
        raise BindingError("Peran asn harus terikat pada NIP pegawai (--nip).")
    if role is Role.ppk and masa_jabatan_akhir is None:
        raise BindingError("Peran ppk memerlukan akhir masa jabatan (--akhir-jabatan).")
    if role not in (Role.guest,) and not kodes:
        raise BindingError("Sebutkan instansi (--instansi KODE).")
    user = BotUser(
        role=role.value,
        nama=nama,
        pegawai_id=pegawai_id,
        masa_jabatan_akhir=masa_jabatan_akhir,
        created_at=now_wib(),
        created_by=created_by,
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    for inst_id in instansi_ids_for(session, kodes):
        session.add(BotUserInstansi(user_id=user.id, instansi_id=inst_id))
    session.flush()
    return user


def invite(session: Session, user: BotUser, *, expiry: timedelta = DEFAULT_EXPIRY) -> Invitation:
    """Issue a one-time code for ``user`` (a new code also serves to rebind a new phone)."""
    assert user.id is not None
    code = secrets.token_urlsafe(CODE_BYTES)
    now = now_wib()
    session.add(
        Undangan(
            code_hash=hash_code(code), user_id=user.id, created_at=now, expires_at=now + expiry
        )
    )
    session.flush()
    log.info("invitation issued", extra={"user_id": user.id, "expires_at": str(now + expiry)})
    return Invitation(user_id=user.id, code=code, expires_at=now + expiry)


def bind(session: Session, code: str, telegram_id: int) -> BindResult:
    """Redeem a code: bind ``telegram_id`` to the invited user (single use)."""
    inv = invitation_by_hash(session=session, code_hash=hash_code(code))
    if inv is None:
        return BindResult(False, "unknown")
    if inv.used_at is not None:
        return BindResult(False, "used")
    now = now_wib()
    if inv.expires_at <= now:
        return BindResult(False, "expired")
    user = session.get(BotUser, inv.user_id)
    if user is None or user.revoked_at is not None:
        return BindResult(False, "revoked")
    # One Telegram account ↔ one user: an older binding of this account is released.
    for other in users_bound_to(session=session, telegram_id=telegram_id):
        if other.id != user.id:
            other.telegram_id = None
            session.add(other)
            log.info("binding released", extra={"user_id": other.id, "reason": "rebound"})
    session.flush()
    previous = user.telegram_id
    user.telegram_id = telegram_id
    user.bound_at = now
    inv.used_at = now
    inv.used_by_telegram_id = telegram_id
    session.add(user)
    session.add(inv)
    session.flush()
    log.info(
        "user bound",
        extra={
            "user_id": user.id,
            "role": user.role,
            "telegram_id": telegram_id,
            "rebind": previous is not None and previous != telegram_id,
        },
    )
    return BindResult(True, user_id=user.id, role=Role(user.role))


def revoke(session: Session, user_id: int, reason: str = "dicabut operator") -> BotUser:
    user = session.get(BotUser, user_id)
    if user is None:
        raise BindingError(f"Pengguna {user_id} tidak ada.")
    user.revoked_at = now_wib()
    user.revoked_reason = reason[:200]
    user.telegram_id = None
    session.add(user)
    # Outstanding codes die with the user.
    for inv in open_invitations(session=session, user_id=user_id):
        inv.used_at = user.revoked_at
        session.add(inv)
    session.flush()
    log.info("user revoked", extra={"user_id": user_id})
    return user


def unbind_telegram(session: Session, telegram_id: int) -> bool:
    """`/keluar`: the account stops being bound; the user can be invited again."""
    user = next(iter(users_bound_to(session=session, telegram_id=telegram_id)), None)
    if user is None:
        return False
    user.telegram_id = None
    session.add(user)
    session.flush()
    log.info("user unbound", extra={"user_id": user.id})
    return True


def identity_of(session: Session, user: BotUser, actor: str) -> Identity:
    """The identity of a stored user as of today (revocation, term and transfer checked)."""
    assert user.id is not None
    role = Role(user.role)
    grants = granted_instansi_ids(session=session, user_id=user.id)
    inactive = _inactive_reason(session, user, role, grants)
    return Identity(
        role=role,
        user_id=user.id,
        instansi_ids=grants,
        pegawai_id=user.pegawai_id,
        actor=actor,
        reason_inactive=inactive,
    )


def _inactive_reason(
    session: Session, user: BotUser, role: Role, grants: frozenset[int]
) -> str | None:
    if user.revoked_at is not None:
        return "revoked"
    if user.masa_jabatan_akhir is not None and user.masa_jabatan_akhir < today_wib():
        return "term_ended"
    if user.pegawai_id is not None:
        peg = session.get(Pegawai, user.pegawai_id)
        if peg is None or peg.status != "aktif":
            return "employee_inactive"
        if peg.instansi_id not in grants:
            return "transferred"
    return None


def identity_for_telegram(session: Session, telegram_id: int) -> Identity:
    actor = f"tg:{telegram_id}"
    user = next(iter(users_bound_to(session=session, telegram_id=telegram_id)), None)
    if user is None:
        return Identity(role=Role.guest, actor=actor)
    return identity_of(session, user, actor)


@dataclass(frozen=True)
class UserRow:
    id: int
    role: str
    nama: str
    instansi: str
    pegawai_id: int | None
    bound: bool
    bound_at: datetime | None
    status: str


def list_users(session: Session) -> list[UserRow]:
    kode = instansi_codes(session=session)
    rows = []
    for user in users(session=session):
        ident = identity_of(session, user, actor="cli")
        rows.append(
            UserRow(
                id=user.id or 0,
                role=user.role,
                nama=user.nama,
                instansi=",".join(sorted(kode.get(i, "?") for i in ident.instansi_ids)),
                pegawai_id=user.pegawai_id,
                bound=user.telegram_id is not None,
                bound_at=user.bound_at,
                status=ident.reason_inactive or "aktif",
            )
        )
    return rows
