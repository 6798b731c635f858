"""What ``record_vote`` / ``record_conflict`` refuse: forged values, accounts that are not
current members acting for the committee's agency, codes not on the sidang's list, and any
vote once the sidang is closed or its closing time passed. A refusal writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from db.audit import AuditLog, verify_chain
from db.audit.committee import (
    CommitteeError,
    SidangClosed,
    VoteRefused,
    change_member,
    close_sidang,
    open_sidang,
    record_conflict,
    record_vote,
    register_committee,
)
from db.audit.kinds import Actor
from db.models import AuditEntry, BotUser, Sidang, SidangConflict, SidangVote
from tests.db.audit.conftest import KEY, PPK, People, record_list, sql
from tests.db.audit.test_committee_rows import bind_accounts
from tests.factories import make_instansi

ADMIN = Actor.account(3, "admin", "PROV")
MEMBERS = [(31, "komite"), (32, "komite"), (33, "komite"), (34, "komite"), (35, "komite")]
OUTSIDER = 40  # bound, same agency, never a member
FOREIGN = 41  # a member record, but the account acts for another agency


@pytest.fixture
def sk(sqlite_engine: Engine) -> tuple[Engine, AuditLog, str, int]:
    engine = sqlite_engine
    people = People(engine)
    with Session(engine) as s:
        other = make_instansi(s, "KLN", "Kabupaten Lain", "kabupaten")
        s.commit()
        assert other.id is not None
        other_id = other.id
    bind_accounts(engine, people.instansi_id, [*MEMBERS, (OUTSIDER, "komite")])
    bind_accounts(engine, other_id, [(FOREIGN, "komite")])
    audit = AuditLog(engine, KEY, lock_timeout_s=20)
    view = record_list(audit, people, people.ids[:5])
    cid = register_committee(
        audit,
        actor=ADMIN,
        instansi_id=people.instansi_id,
        chat_id=-5001,
        title="Komite",
        members=[*MEMBERS, (FOREIGN, "komite")],
    )
    ref = open_sidang(
        audit,
        actor=PPK,
        committee_id=cid,
        shortlist_ref=view.ref,
        quorum=2,
        closes_at=datetime.now(UTC) + timedelta(hours=24),
        members=[a for a, _ in MEMBERS] + [FOREIGN],
    )
    return engine, audit, ref, cid


def _counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return (
            len(s.exec(select(SidangVote.id)).all()),
            len(s.exec(select(SidangConflict.id)).all()),
            len(s.exec(select(AuditEntry.id)).all()),
        )


def _vote(audit: AuditLog, ref: str, account: int, rank: int = 1, rec: str = "layak") -> None:
    record_vote(
        audit,
        actor=Actor.account(account, "komite", "PROV"),
        sidang_ref=ref,
        account_id=account,
        rank=rank,
        recommendation=rec,
        reason="alasan singkat",
    )


def _refused(engine: Engine, tries: list[object], reason: str) -> None:
    """Each try raises VoteRefused with ``reason`` and leaves no row and no entry behind."""
    before = _counts(engine)
    assert len(tries) >= 5
    for attempt in tries:
        with pytest.raises(VoteRefused) as err:
            attempt()  # type: ignore[operator]
        assert err.value.reason == reason, attempt
    assert _counts(engine) == before


def test_a_member_votes_and_the_chain_verifies(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    _vote(audit, ref, 31, 1, "layak")
    _vote(audit, ref, 32, 5, "tidak")
    assert _counts(engine)[0] == 2
    assert verify_chain(engine, KEY).ok


def test_forged_recommendation_values_are_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    forged = ["LAYAK", "layak diusulkan", "", "1", "layak;tidak", "sangat layak"]
    _refused(engine, [lambda v=v: _vote(audit, ref, 31, 1, v) for v in forged], "value")


def test_empty_or_overlong_reasons_are_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk

    def with_reason(text: str) -> None:
        record_vote(
            audit,
            actor=PPK,
            sidang_ref=ref,
            account_id=31,
            rank=1,
            recommendation="layak",
            reason=text,
        )

    reasons = ["", "   ", "\n\t", "x" * 501, " " + "y" * 600]
    _refused(engine, [lambda r=r: with_reason(r) for r in reasons], "reason")


def test_non_members_are_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    accounts = [OUTSIDER, 7, 999, 0, -31]
    _refused(engine, [lambda a=a: _vote(audit, ref, a) for a in accounts], "not_member")
    _refused(
        engine,
        [
            lambda a=a: record_conflict(
                audit, actor=PPK, sidang_ref=ref, account_id=a, rank=1, note="x"
            )
            for a in accounts
        ],
        "not_member",
    )


def test_a_removed_member_is_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, cid = sk
    _vote(audit, ref, 33, 2, "layak")
    change_member(
        audit, actor=ADMIN, committee_id=cid, account_id=33, role="komite", action="remove"
    )
    _refused(
        engine,
        [
            lambda r=r, v=v: _vote(audit, ref, 33, r, v)
            for r, v in [
                (1, "layak"),
                (2, "tidak"),
                (3, "pertimbangkan"),
                (4, "layak"),
                (5, "tidak"),
            ]
        ],
        "not_member",
    )


def test_a_member_of_another_agency_is_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    _refused(
        engine, [lambda r=r: _vote(audit, ref, FOREIGN, r) for r in range(1, 6)], "other_agency"
    )


def test_a_revoked_account_is_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    sql(
        engine,
        update(BotUser).where(BotUser.id == 34).values(revoked_at=datetime.now(UTC)),  # type: ignore[arg-type]
    )
    _refused(engine, [lambda r=r: _vote(audit, ref, 34, r) for r in range(1, 6)], "other_agency")


def test_codes_not_on_the_list_are_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    ranks = [0, -1, 6, 99, 2**31]
    _refused(engine, [lambda r=r: _vote(audit, ref, 31, r) for r in ranks], "unknown_code")


def test_votes_after_closing_are_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    _vote(audit, ref, 31, 1)
    close_sidang(audit, actor=PPK, sidang_ref=ref, outcome="tanpa_kuorum", result={})
    before = _counts(engine)
    for account, rank in [(31, 1), (32, 2), (33, 3), (34, 4), (35, 5)]:
        with pytest.raises(SidangClosed):
            _vote(audit, ref, account, rank)
    with pytest.raises(SidangClosed):
        record_conflict(audit, actor=PPK, sidang_ref=ref, account_id=32, rank=1, note="x")
    with pytest.raises(SidangClosed):
        close_sidang(audit, actor=PPK, sidang_ref=ref, outcome="kuorum", result={})
    assert _counts(engine) == before


def test_votes_after_the_closing_time_are_refused(sk: tuple[Engine, AuditLog, str, int]) -> None:
    engine, audit, ref, _ = sk
    sql(
        engine,
        update(Sidang)
        .where(Sidang.ref == ref)  # type: ignore[arg-type]
        .values(closes_at=datetime.now(UTC) - timedelta(minutes=1)),
    )
    before = _counts(engine)
    for account in (31, 32, 33, 34, 35):
        with pytest.raises(SidangClosed) as err:
            _vote(audit, ref, account)
        assert isinstance(err.value, CommitteeError)
    assert _counts(engine) == before
