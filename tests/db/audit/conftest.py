"""Fixtures for the accountability tests: a chain writer on the real (SQLite/PostgreSQL) db."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    CandidateIn,
    EntryRef,
    ShortlistView,
    Subject,
    choose_candidate,
    record_reveal,
    record_shortlist,
    verify_chain,
)
from db.models import (
    AuditEntry,
    AuditSubject,
    Instansi,
    Pegawai,
    Shortlist,
    ShortlistCandidate,
    ShortlistReveal,
)
from tests.factories import make_instansi, make_pegawai, make_unit

KEY = b"test-audit-key-0123456789abcdef0123456789"


PPK = Actor.account(7, "ppk", "PROV")
HR = Actor.account(9, "hr", "PROV")
ASN = Actor.account(21, "asn", "PROV")


@pytest.fixture
def audit(engine: Engine) -> AuditLog:
    return AuditLog(engine, KEY, lock_timeout_s=20)


def seed_entries(audit: AuditLog, n: int = 5) -> list[EntryRef]:
    """``n`` entries of mixed kinds, each with subjects, so every column is exercised."""
    refs = []
    for i in range(n):
        kind = [AuditKind.SEARCH, AuditKind.PROFILE_VIEW, AuditKind.IMPORT][i % 3]
        refs.append(
            audit.record(
                kind,
                PPK if kind != AuditKind.IMPORT else Actor.cli("operator"),
                {"i": i, "query": f"kepala bidang {i}", "skor": [0.5 + i / 10, 0.25]},
                [Subject(100 + i, 1, 0.9 - i / 100), Subject(200 + i, 2, 0.8)],
            )
        )
    return refs


class People:
    """A small agency with employees of both sexes and several ages."""

    def __init__(self, engine: Engine) -> None:
        with Session(engine, expire_on_commit=False) as s:
            self.inst: Instansi = make_instansi(s)
            unit = make_unit(s, self.inst)
            births = [date(1970 + 3 * i, 1 + i % 12, 10) for i in range(12)]
            self.pegawai: list[Pegawai] = [
                make_pegawai(
                    s,
                    self.inst,
                    unit=unit,
                    jenis_kelamin="P" if i % 3 == 0 else "L",
                    tanggal_lahir=births[i],
                )
                for i in range(12)
            ]
            s.commit()
        self.ids = [p.id for p in self.pegawai]
        assert self.inst.id is not None
        self.instansi_id: int = self.inst.id


@pytest.fixture
def people(engine: Engine) -> Iterator[People]:
    yield People(engine)


# -- a small history of lists, a reveal and a choice, for the tampering tests --------------

Finding = tuple[int, str | None, int | None]


@dataclass
class History:
    """search (seq 1) · list A (2) · reveal on A (3) · choice on A (4) · list B (5) · view (6)."""

    list_a: int
    list_b: int
    cands_a: list[int]  # candidate row ids of list A, by rank
    cands_b: list[int]
    reveal: int  # the reveal row id
    subjects_view: list[int]  # audit_subject row ids of the profile view (seq 6)


def record_list(audit: AuditLog, people: People, ids: list[int]) -> ShortlistView:
    """A candidate list of ``ids`` in that order (the fourth is ineligible, the second outside
    the succession group), drawn from all of ``people``."""
    return record_shortlist(
        audit,
        actor=PPK,
        rendered={"baris": [{"no": i + 1} for i in range(len(ids))]},
        candidates=[
            CandidateIn(pid, i + 1, round(0.9 - i / 20, 6), i != 3, i != 1)
            for i, pid in enumerate(ids)
        ],
        request={"q": "kepala bidang"},
        config_hash="c" * 64,
        model="m",
        index_version="v1",
        data_snapshot="s1",
        blind=True,
        instansi_id=people.instansi_id,
        pool_pegawai_ids=people.ids,
    )


def _list(audit: AuditLog, people: People, ids: list[int]) -> int:
    view = record_list(audit, people, ids)
    return row_ids(audit.engine, Shortlist.id, Shortlist.ref == view.ref)[0]


def row_ids(engine: Engine, column: Any, *where: Any) -> list[int]:
    with Session(engine) as s:
        return [int(i) for i in s.scalars(select(column).where(*where).order_by(column)).all()]


@pytest.fixture
def history(engine: Engine, audit: AuditLog, people: People) -> History:
    audit.record(AuditKind.SEARCH, PPK, {"q": "analis"}, [people.ids[0], people.ids[1]])
    list_a = _list(audit, people, people.ids[:6])
    with Session(engine) as s:
        ref_a = s.get(Shortlist, list_a).ref  # type: ignore[union-attr]
    record_reveal(audit, actor=PPK, ref=ref_a, pegawai_id=people.ids[2])
    choose_candidate(audit, actor=PPK, ref=ref_a, pegawai_id=people.ids[0])
    list_b = _list(audit, people, people.ids[6:10])
    audit.record(AuditKind.PROFILE_VIEW, PPK, {"pegawai_id": people.ids[7]}, [people.ids[7]])
    entry6 = row_ids(engine, AuditEntry.id, AuditEntry.seq == 6)[0]
    h = History(
        list_a=list_a,
        list_b=list_b,
        cands_a=row_ids(engine, ShortlistCandidate.id, ShortlistCandidate.shortlist_id == list_a),
        cands_b=row_ids(engine, ShortlistCandidate.id, ShortlistCandidate.shortlist_id == list_b),
        reveal=row_ids(engine, ShortlistReveal.id)[0],
        subjects_view=row_ids(engine, AuditSubject.id, AuditSubject.entry_id == entry6),
    )
    report = verify_chain(engine, KEY)
    assert report.ok, report.problems
    assert report.entries == 6
    return h


def findings(engine: Engine) -> list[Finding]:
    return [(p.seq, p.table, p.row_id) for p in verify_chain(engine, KEY).problems]


def reasons(engine: Engine) -> str:
    return " | ".join(p.line() for p in verify_chain(engine, KEY).problems)


def sql(engine: Engine, *statements: Any) -> None:
    with engine.begin() as conn:
        for stmt in statements:
            conn.execute(stmt)


CHOICE = {
    "chosen_pegawai_id": None,
    "chosen_at": None,
    "chosen_by": None,
    "choice_reason": None,
    "choice_legal_ground": None,
    "choice_approval_ref": None,
    "choice_entry_seq": None,
    "choice_hash": None,
}
