"""Talent committee records, each written under its own audit entry.

Registering a committee, adding or removing a member, a group's move to a new chat id,
opening a sidang, every recommendation, every conflict and the closing are one entry each;
the row written is covered by that entry (``entry_seq`` + ``row_hash`` in its manifest), so
``talenta audit verify`` names a committee row changed, added or deleted behind the chain.
Rows are never updated: the latest membership event, and the latest vote of a member on a
candidate, are the ones that count. Candidates are named by rank (K1…Kn) only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from db.audit.canonical import as_utc
from db.audit.chain import AuditLog, AuditTx, EntryRef
from db.audit.errors import AuditError
from db.audit.kinds import Actor, AuditKind
from db.audit.rows import Covered, RowRef, hash_of
from db.audit.shortlist import candidate_rows, get_shortlist_row
from db.clock import WIB
from db.models.access import BotUser, BotUserInstansi
from db.models.committee import (
    Committee,
    CommitteeChat,
    CommitteeMember,
    Sidang,
    SidangClose,
    SidangConflict,
    SidangVote,
)


class CommitteeError(AuditError):
    """A committee record that cannot be written (unknown sidang, already closed …)."""


class SidangNotFound(CommitteeError):
    pass


class SidangClosed(CommitteeError):
    pass


class MemberConflicted(CommitteeError):
    """The member has a conflict (known or declared) with that candidate."""


class VoteRefused(CommitteeError):
    """A recommendation or declaration that is not a valid one of this sidang (a forged
    value, an account that is not a current member acting for the committee's agency, a code
    not on the sidang's list); ``reason`` says which, for the log."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


RECOMMENDATIONS = frozenset({"layak", "pertimbangkan", "tidak"})
MAX_REASON_CHARS = 500


def make_sidang_ref(opened: datetime, sidang_id: int) -> str:
    return f"SK-{opened.astimezone(WIB).year}-{sidang_id:06d}"


def _write(
    tx: AuditTx,
    what: Covered,
    row: Any,
    kind: AuditKind,
    actor: Actor,
    payload: Mapping[str, Any],
    at: datetime,
) -> EntryRef:
    """Write ``row`` covered by the entry appended next (its seq, its hash, the manifest)."""
    seq = tx.next_seq
    row.entry_seq = seq
    tx.session.add(row)
    tx.session.flush()
    row.row_hash = hash_of(what, seq, row)
    tx.session.add(row)
    tx.session.flush()
    entry = tx.append(kind, actor, payload, rows=[RowRef(what, int(row.id), row.row_hash)], ts=at)
    assert entry.seq == seq
    return entry


def register_committee(
    audit: AuditLog,
    *,
    actor: Actor,
    instansi_id: int,
    chat_id: int,
    title: str,
    members: Sequence[tuple[int, str]],
) -> int:
    """Link a group to the agency's committee with its first members ((account, role)…)."""
    with audit.transaction() as tx:
        at = datetime.now(UTC)
        c = Committee(
            instansi_id=instansi_id,
            chat_id=chat_id,
            title=title[:200],
            created_at=at,
            created_by=actor.id,
            entry_seq=0,
        )
        _write(
            tx,
            Covered.COMMITTEE,
            c,
            AuditKind.COMMITTEE,
            actor,
            {"action": "register", "instansi_id": instansi_id, "chat_id": chat_id},
            at,
        )
        assert c.id is not None
        for account_id, role in members:
            _member(tx, actor, c.id, account_id, role, "add")
        return c.id


def _member(
    tx: AuditTx, actor: Actor, committee_id: int, account_id: int, role: str, action: str
) -> EntryRef:
    at = datetime.now(UTC)
    m = CommitteeMember(
        committee_id=committee_id,
        account_id=account_id,
        role=role,
        action=action,
        at=at,
        by=actor.id,
        entry_seq=0,
    )
    payload = {"action": f"member_{action}", "committee_id": committee_id, "account_id": account_id}
    return _write(tx, Covered.MEMBER, m, AuditKind.COMMITTEE, actor, payload, at)


def change_member(
    audit: AuditLog, *, actor: Actor, committee_id: int, account_id: int, role: str, action: str
) -> EntryRef:
    """Add (``action="add"``) or remove (``"remove"``) a member."""
    if action not in ("add", "remove"):
        raise ValueError(f"unknown membership action {action!r}")
    with audit.transaction() as tx:
        return _member(tx, actor, committee_id, account_id, role, action)


def move_chat(audit: AuditLog, *, actor: Actor, committee_id: int, new_chat_id: int) -> EntryRef:
    """Follow the group to its new chat id (a group upgraded to a supergroup)."""
    with audit.transaction() as tx:
        current = current_chat(tx.session, committee_id)
        at = datetime.now(UTC)
        row = CommitteeChat(
            committee_id=committee_id,
            old_chat_id=current,
            new_chat_id=new_chat_id,
            at=at,
            entry_seq=0,
        )
        payload = {"action": "chat_moved", "committee_id": committee_id, "chat_id": new_chat_id}
        return _write(tx, Covered.COMMITTEE_CHAT, row, AuditKind.COMMITTEE, actor, payload, at)


def current_chat(session: Session, committee_id: int) -> int:
    """The committee's group as it is now (after any move)."""
    moved = session.exec(
        select(CommitteeChat.new_chat_id)
        .where(CommitteeChat.committee_id == committee_id)
        .order_by(col(CommitteeChat.id).desc())
    ).first()
    if moved is not None:
        return int(moved)
    c = session.get(Committee, committee_id)
    if c is None:
        raise CommitteeError(f"Komite {committee_id} tidak ada.")
    return int(c.chat_id)


def members_now(session: Session, committee_id: int) -> dict[int, str]:
    """Account id → role of the members now (the latest event per account is "add")."""
    out: dict[int, str] = {}
    for m in session.exec(
        select(CommitteeMember)
        .where(CommitteeMember.committee_id == committee_id)
        .order_by(col(CommitteeMember.id))
    ).all():
        if m.action == "add":
            out[m.account_id] = m.role
        else:
            out.pop(m.account_id, None)
    return out


def open_sidang(
    audit: AuditLog,
    *,
    actor: Actor,
    committee_id: int,
    shortlist_ref: str,
    quorum: int,
    closes_at: datetime,
    members: Sequence[int],
    known_conflicts: Sequence[tuple[int, int, str]] = (),
) -> str:
    """Open a sidang on a recorded shortlist; known conflicts ((account, rank, note)…) are
    recorded with it, each under its own entry. Returns the sidang reference (SK-…)."""
    with audit.transaction() as tx:
        s = tx.session
        shortlist = get_shortlist_row(s, shortlist_ref)
        assert shortlist.id is not None
        at = datetime.now(UTC)
        row = Sidang(
            ref=f"tmp-{uuid.uuid4().hex[:20]}",
            committee_id=committee_id,
            shortlist_id=shortlist.id,
            opened_at=at,
            opened_by=actor.id,
            quorum=quorum,
            closes_at=closes_at,
            members=sorted(members),
            entry_seq=0,
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        row.ref = make_sidang_ref(at, row.id)
        payload = {
            "action": "open",
            "sidang_ref": row.ref,
            "shortlist_ref": shortlist.ref,
            "quorum": quorum,
            "closes_at": closes_at.isoformat(),
            "members": sorted(members),
        }
        _write(tx, Covered.SIDANG, row, AuditKind.SIDANG, actor, payload, at)
        for account_id, rank, note in known_conflicts:
            _conflict(tx, actor, row, account_id, rank, note, "tercatat")
        return row.ref


def get_sidang(session: Session, ref: str) -> Sidang:
    row = session.exec(select(Sidang).where(Sidang.ref == ref.strip().upper())).first()
    if row is None:
        raise SidangNotFound(f"Sidang {ref} tidak ditemukan.")
    return row


def closing(session: Session, sidang_id: int) -> SidangClose | None:
    return session.exec(select(SidangClose).where(SidangClose.sidang_id == sidang_id)).first()


def _open_row(session: Session, ref: str, *, at: datetime | None = None) -> Sidang:
    """The sidang, refused once it is closed or (with ``at``) once its closing time passed."""
    row = get_sidang(session, ref)
    assert row.id is not None
    if closing(session, row.id) is not None:
        raise SidangClosed(f"Sidang {row.ref} sudah ditutup.")
    if at is not None and at >= as_utc(row.closes_at):
        raise SidangClosed(f"Waktu sidang {row.ref} sudah berakhir.")
    return row


def _check_member(session: Session, sidang: Sidang, account_id: int, rank: int) -> None:
    """Refuse anyone but a member of the sidang who is still a member of the committee, whose
    account is active and acts for the committee's agency, on a code of the sidang's list."""
    if account_id not in sidang.members or account_id not in members_now(
        session, sidang.committee_id
    ):
        raise VoteRefused("not_member", "Anda bukan anggota sidang ini.")
    user = session.get(BotUser, account_id)
    committee = session.get(Committee, sidang.committee_id)
    agencies = set(
        session.exec(
            select(BotUserInstansi.instansi_id).where(col(BotUserInstansi.user_id) == account_id)
        ).all()
    )
    if (
        user is None
        or user.revoked_at is not None
        or committee is None
        or committee.instansi_id not in agencies
    ):
        raise VoteRefused("other_agency", "Anda bukan anggota sidang ini.")
    ranks = {c.rank for c in candidate_rows(session, sidang.shortlist_id)}
    if rank not in ranks:
        raise VoteRefused("unknown_code", f"Kode K{rank} tidak ada di daftar sidang ini.")


def _conflict(
    tx: AuditTx, actor: Actor, sidang: Sidang, account_id: int, rank: int, note: str, source: str
) -> EntryRef:
    assert sidang.id is not None
    at = datetime.now(UTC)
    row = SidangConflict(
        sidang_id=sidang.id,
        account_id=account_id,
        rank=rank,
        source=source,
        note=note[:200],
        at=at,
        entry_seq=0,
    )
    payload = {
        "sidang_ref": sidang.ref,
        "account_id": account_id,
        "kandidat": f"K{rank}",
        "source": source,
    }
    return _write(tx, Covered.CONFLICT, row, AuditKind.SIDANG_CONFLICT, actor, payload, at)


def record_conflict(
    audit: AuditLog, *, actor: Actor, sidang_ref: str, account_id: int, rank: int, note: str
) -> EntryRef:
    """A member declares a conflict with candidate ``rank`` (no vote on it from then on)."""
    with audit.transaction() as tx:
        row = _open_row(tx.session, sidang_ref, at=datetime.now(UTC))
        _check_member(tx.session, row, account_id, rank)
        return _conflict(tx, actor, row, account_id, rank, note, "dinyatakan")


def record_vote(
    audit: AuditLog,
    *,
    actor: Actor,
    sidang_ref: str,
    account_id: int,
    rank: int,
    recommendation: str,
    reason: str,
) -> EntryRef:
    """A member's recommendation on candidate ``rank``.

    Refused (nothing written) once the sidang is closed or its closing time passed, for a
    value other than the three recommendations, an empty or over-long reason, an account that
    is not a current member acting for the committee's agency, a code not on the sidang's
    list, and a candidate the member has a conflict with.
    """
    if recommendation not in RECOMMENDATIONS:
        raise VoteRefused("value", "Rekomendasi tidak dikenal; pilih salah satu tombol.")
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise VoteRefused("reason", f"Tuliskan alasan singkat (1–{MAX_REASON_CHARS} karakter).")
    with audit.transaction() as tx:
        row = _open_row(tx.session, sidang_ref, at=datetime.now(UTC))
        assert row.id is not None
        _check_member(tx.session, row, account_id, rank)
        barred = tx.session.exec(
            select(SidangConflict.id).where(
                SidangConflict.sidang_id == row.id,
                SidangConflict.account_id == account_id,
                SidangConflict.rank == rank,
            )
        ).first()
        if barred is not None:
            raise MemberConflicted(f"Anda berkonflik dengan K{rank}; rekomendasi tidak dicatat.")
        at = datetime.now(UTC)
        vote = SidangVote(
            sidang_id=row.id,
            account_id=account_id,
            rank=rank,
            recommendation=recommendation,
            reason=reason,
            at=at,
            entry_seq=0,
        )
        payload = {
            "sidang_ref": row.ref,
            "account_id": account_id,
            "kandidat": f"K{rank}",
            "recommendation": recommendation,
            "reason": reason,
        }
        return _write(tx, Covered.VOTE, vote, AuditKind.SIDANG_VOTE, actor, payload, at)


def close_sidang(
    audit: AuditLog,
    *,
    actor: Actor,
    sidang_ref: str,
    outcome: str,
    result: Mapping[str, Any],
) -> EntryRef:
    """Close a sidang once, with its outcome ("kuorum" / "tanpa_kuorum") and its result."""
    with audit.transaction() as tx:
        row = _open_row(tx.session, sidang_ref)
        assert row.id is not None
        at = datetime.now(UTC)
        close = SidangClose(
            sidang_id=row.id, at=at, by=actor.id, outcome=outcome, result=dict(result), entry_seq=0
        )
        payload = {"action": "close", "sidang_ref": row.ref, "outcome": outcome, **result}
        return _write(tx, Covered.SIDANG_CLOSE, close, AuditKind.SIDANG, actor, payload, at)


def votes_of(session: Session, sidang_id: int) -> list[SidangVote]:
    """Every vote row of a sidang, oldest first."""
    return list(
        session.exec(
            select(SidangVote).where(SidangVote.sidang_id == sidang_id).order_by(col(SidangVote.id))
        ).all()
    )


def conflicts_of(session: Session, sidang_id: int) -> list[SidangConflict]:
    return list(
        session.exec(
            select(SidangConflict)
            .where(SidangConflict.sidang_id == sidang_id)
            .order_by(col(SidangConflict.id))
        ).all()
    )


def record_final_choice(
    audit: AuditLog,
    *,
    actor: Actor,
    sidang_ref: str,
    rank: int,
    first_place: Sequence[int],
    reason: str | None,
) -> EntryRef:
    """The PPK's final choice after a closed sidang, as one entry: the candidate code, the
    committee's first place (empty without quorum), whether the choice differs from it, and
    the reason given. The choice itself is the shortlist's (``db/audit/choice.py``)."""
    with audit.transaction() as tx:
        row = get_sidang(tx.session, sidang_ref)
        assert row.id is not None
        if closing(tx.session, row.id) is None:
            raise CommitteeError(f"Sidang {row.ref} belum ditutup.")
        payload = {
            "action": "final_choice",
            "sidang_ref": row.ref,
            "kandidat": f"K{rank}",
            "urutan_pertama": [f"K{r}" for r in first_place],
            "berbeda": bool(first_place) and rank not in first_place,
            "alasan": reason,
        }
        return tx.append(AuditKind.SIDANG, actor, payload, ts=datetime.now(UTC))
