"""Fixtures for the accountability tests: a chain writer on the real (SQLite/PostgreSQL) db."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db.audit import Actor, AuditKind, AuditLog, EntryRef, Subject
from db.models import Instansi, Pegawai
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
