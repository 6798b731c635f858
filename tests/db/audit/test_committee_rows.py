"""Committee records under the chain: registering, membership, a sidang, its conflicts, votes
and closing are each an entry covering its row; every tampering is named by seq, table, row.

On a real database (SQLite and PostgreSQL), one plain-SQL edit per test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, insert, select, update
from sqlmodel import Session

from db.audit import AuditLog, verify_chain
from db.audit.committee import (
    SidangClosed,
    change_member,
    close_sidang,
    members_now,
    move_chat,
    open_sidang,
    record_conflict,
    record_vote,
    register_committee,
    votes_of,
)
from db.audit.kinds import Actor
from db.models import (
    AuditEntry,
    BotUser,
    BotUserInstansi,
    CommitteeMember,
    Shortlist,
    Sidang,
    SidangClose,
    SidangConflict,
    SidangVote,
)
from tests.db.audit.conftest import KEY, PPK, People, findings, record_list, row_ids, sql

ADMIN = Actor.account(3, "admin", "PROV")
M1, M2, M3 = (Actor.account(a, "komite", "PROV") for a in (31, 32, 33))


@dataclass
class Session_:
    committee: int
    ref: str
    sidang: int
    votes: list[int]
    conflicts: list[int]
    seq_first_vote: int


def bind_accounts(engine: Engine, instansi_id: int, ids: list[tuple[int, str]]) -> None:
    """Bound accounts acting for the agency (a vote is checked against them)."""
    now = datetime.now(UTC)
    with Session(engine) as s:
        for account_id, role in ids:
            s.add(BotUser(id=account_id, role=role, nama=f"Akun {account_id}", created_at=now))
            s.flush()
            s.add(BotUserInstansi(user_id=account_id, instansi_id=instansi_id))
        s.commit()


@pytest.fixture
def sidang(engine: Engine, audit: AuditLog, people: People) -> Session_:
    bind_accounts(engine, people.instansi_id, [(31, "komite"), (32, "komite"), (33, "komite")])
    bind_accounts(engine, people.instansi_id, [(7, "ppk")])
    view = record_list(audit, people, people.ids[:5])  # seq 1
    committee = register_committee(  # seq 2 (committee) + 3, 4, 5, 6 (members)
        audit,
        actor=ADMIN,
        instansi_id=people.instansi_id,
        chat_id=-1001,
        title="Komite Talenta",
        members=[(31, "komite"), (32, "komite"), (33, "komite"), (7, "ppk")],
    )
    move_chat(audit, actor=ADMIN, committee_id=committee, new_chat_id=-100200)  # seq 7
    ref = open_sidang(  # seq 8 (sidang) + 9 (known conflict)
        audit,
        actor=PPK,
        committee_id=committee,
        shortlist_ref=view.ref,
        quorum=2,
        closes_at=datetime.now(UTC) + timedelta(hours=24),
        members=[31, 32, 33],
        known_conflicts=[(33, 2, "satu unit kerja")],
    )
    record_conflict(audit, actor=M2, sidang_ref=ref, account_id=32, rank=4, note="kerabat")  # 10
    record_vote(  # seq 11
        audit,
        actor=M1,
        sidang_ref=ref,
        account_id=31,
        rank=1,
        recommendation="layak",
        reason="kinerja konsisten",
    )
    record_vote(  # seq 12
        audit,
        actor=M2,
        sidang_ref=ref,
        account_id=32,
        rank=1,
        recommendation="pertimbangkan",
        reason="JPM di bawah standar",
    )
    close_sidang(  # seq 13
        audit, actor=PPK, sidang_ref=ref, outcome="kuorum", result={"urutan": [["K1"]]}
    )
    sid = row_ids(engine, Sidang.id, Sidang.ref == ref)[0]
    assert verify_chain(engine, KEY).ok
    return Session_(
        committee,
        ref,
        sid,
        row_ids(engine, SidangVote.id),
        row_ids(engine, SidangConflict.id),
        11,
    )


def test_history_verifies_and_reads_back(engine: Engine, sidang: Session_) -> None:
    report = verify_chain(engine, KEY)
    assert report.ok and report.entries == 13
    with Session(engine) as s:
        assert members_now(s, sidang.committee) == {
            31: "komite",
            32: "komite",
            33: "komite",
            7: "ppk",
        }
        assert [v.rank for v in votes_of(s, sidang.sidang)] == [1, 1]


def test_changed_vote_is_named(engine: Engine, sidang: Session_) -> None:
    sql(
        engine,
        update(SidangVote)
        .where(SidangVote.id == sidang.votes[1])  # type: ignore[arg-type]
        .values(recommendation="layak"),
    )
    assert findings(engine) == [(12, "sidang_vote", sidang.votes[1])]


def test_deleted_vote_is_named(engine: Engine, sidang: Session_) -> None:
    sql(engine, delete(SidangVote).where(SidangVote.id == sidang.votes[0]))  # type: ignore[arg-type]
    assert findings(engine) == [(11, "sidang_vote", sidang.votes[0])]


def test_added_vote_under_an_existing_entry_is_named(engine: Engine, sidang: Session_) -> None:
    with Session(engine) as s:
        v = s.get(SidangVote, sidang.votes[0])
        assert v is not None
        row = {k: getattr(v, k) for k in ("sidang_id", "rank", "reason", "at", "row_hash")}
    sql(
        engine,
        insert(SidangVote).values(**row, account_id=33, recommendation="layak", entry_seq=11),
    )
    added = max(row_ids(engine, SidangVote.id))
    assert findings(engine) == [(11, "sidang_vote", added)]


def test_vote_without_any_entry_is_named(engine: Engine, sidang: Session_) -> None:
    with Session(engine) as s:
        v = s.get(SidangVote, sidang.votes[0])
        assert v is not None
        row = {k: getattr(v, k) for k in ("sidang_id", "rank", "reason", "at", "row_hash")}
    sql(
        engine,
        insert(SidangVote).values(**row, account_id=33, recommendation="tidak", entry_seq=99),
    )
    added = max(row_ids(engine, SidangVote.id))
    problems = findings(engine)
    assert (99, "sidang_vote", added) in problems and len(problems) == 1


def test_changed_sidang_quorum_is_named(engine: Engine, sidang: Session_) -> None:
    sql(engine, update(Sidang).where(Sidang.id == sidang.sidang).values(quorum=1))  # type: ignore[arg-type]
    assert findings(engine) == [(8, "sidang", sidang.sidang)]


def test_changed_vote_reason_is_named(engine: Engine, sidang: Session_) -> None:
    sql(
        engine,
        update(SidangVote)
        .where(SidangVote.id == sidang.votes[0])  # type: ignore[arg-type]
        .values(reason="alasan yang ditulis ulang"),
    )
    assert findings(engine) == [(11, "sidang_vote", sidang.votes[0])]


def test_changed_sidang_members_are_named(engine: Engine, sidang: Session_) -> None:
    sql(
        engine,
        update(Sidang).where(Sidang.id == sidang.sidang).values(members=[31, 32, 33, 99]),  # type: ignore[arg-type]
    )
    assert findings(engine) == [(8, "sidang", sidang.sidang)]


def test_added_sidang_is_named(engine: Engine, sidang: Session_) -> None:
    with Session(engine) as s:
        row = s.get(Sidang, sidang.sidang)
        assert row is not None
        copy = {
            k: getattr(row, k)
            for k in ("committee_id", "shortlist_id", "opened_at", "opened_by", "quorum")
        }
        copy |= {"closes_at": row.closes_at, "members": [31], "row_hash": row.row_hash}
    sql(engine, insert(Sidang).values(**copy, ref="SK-2026-999999", entry_seq=8))
    added = max(row_ids(engine, Sidang.id))
    assert findings(engine) == [(8, "sidang", added)]


def test_deleted_sidang_is_named(engine: Engine, sidang: Session_) -> None:
    sid = sidang.sidang
    sql(
        engine,
        delete(SidangVote).where(SidangVote.sidang_id == sid),  # type: ignore[arg-type]
        delete(SidangConflict).where(SidangConflict.sidang_id == sid),  # type: ignore[arg-type]
        delete(SidangClose).where(SidangClose.sidang_id == sid),  # type: ignore[arg-type]
        delete(Sidang).where(Sidang.id == sid),  # type: ignore[arg-type]
    )
    problems = findings(engine)
    assert (8, "sidang", sid) in problems
    assert {t for _, t, _ in problems} == {
        "sidang",
        "sidang_vote",
        "sidang_conflict",
        "sidang_close",
    }


def test_changed_closing_result_is_named(engine: Engine, sidang: Session_) -> None:
    close_id = row_ids(engine, SidangClose.id)[0]
    sql(
        engine,
        update(SidangClose)
        .where(SidangClose.id == close_id)  # type: ignore[arg-type]
        .values(result={"urutan": [["K2"]]}),
    )
    assert findings(engine) == [(13, "sidang_close", close_id)]


def test_changed_closing_outcome_is_named(engine: Engine, sidang: Session_) -> None:
    close_id = row_ids(engine, SidangClose.id)[0]
    sql(
        engine,
        update(SidangClose).where(SidangClose.id == close_id).values(outcome="tanpa_kuorum"),  # type: ignore[arg-type]
    )
    assert findings(engine) == [(13, "sidang_close", close_id)]


def test_deleted_sidang_closing_is_named(engine: Engine, sidang: Session_) -> None:
    close_id = row_ids(engine, SidangClose.id)[0]
    sql(engine, delete(SidangClose).where(SidangClose.id == close_id))  # type: ignore[arg-type]
    assert findings(engine) == [(13, "sidang_close", close_id)]


def test_deleted_declared_conflict_is_named(engine: Engine, sidang: Session_) -> None:
    declared = sidang.conflicts[1]
    sql(engine, delete(SidangConflict).where(SidangConflict.id == declared))  # type: ignore[arg-type]
    assert findings(engine) == [(10, "sidang_conflict", declared)]


def test_removed_membership_event_is_named(engine: Engine, sidang: Session_) -> None:
    first = row_ids(engine, CommitteeMember.id)[0]
    sql(engine, delete(CommitteeMember).where(CommitteeMember.id == first))  # type: ignore[arg-type]
    assert findings(engine) == [(3, "committee_member", first)]


def test_a_vote_after_closing_is_refused_and_nothing_written(
    engine: Engine, audit: AuditLog, sidang: Session_
) -> None:
    with pytest.raises(SidangClosed):
        record_vote(
            audit,
            actor=M3,
            sidang_ref=sidang.ref,
            account_id=33,
            rank=1,
            recommendation="layak",
            reason="terlambat",
        )
    assert len(row_ids(engine, SidangVote.id)) == 2
    assert len(row_ids(engine, AuditEntry.id)) == 13


def test_a_removed_member_is_no_longer_a_member(
    engine: Engine, audit: AuditLog, sidang: Session_
) -> None:
    change_member(
        audit,
        actor=ADMIN,
        committee_id=sidang.committee,
        account_id=32,
        role="komite",
        action="remove",
    )
    with Session(engine) as s:
        assert 32 not in members_now(s, sidang.committee)
        assert s.scalars(select(Shortlist.id)).first() is not None
    assert verify_chain(engine, KEY).ok
