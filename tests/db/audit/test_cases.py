"""The HR case queue: open, list, resolve, notify; both ends recorded in the chain."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from db.audit import (
    AuditLog,
    CaseAlreadyResolved,
    CaseInvalid,
    CaseKind,
    CaseNotFound,
    CaseStatus,
    list_cases,
    mark_notified,
    open_case,
    resolve_case,
    unnotified_resolutions,
    verify_chain,
)
from db.models import AuditEntry
from tests.db.audit.conftest import ASN, HR, KEY, People


def test_case_lifecycle(engine: Engine, audit: AuditLog, people: People) -> None:
    me = people.ids[0]
    case = open_case(
        audit,
        actor=ASN,
        pegawai_id=me,
        instansi_id=people.instansi_id,
        kind=CaseKind.NINEBOX,
        text="Nilai kinerja 2025 saya tercatat Cukup, seharusnya Baik.",
    )
    other = open_case(
        audit,
        actor=ASN,
        pegawai_id=people.ids[1],
        instansi_id=people.instansi_id + 100,
        kind="data_error",
        text="Tanggal TMT jabatan salah.",
    )
    with Session(engine) as s:
        assert [c.id for c in list_cases(s)] == [case.id, other.id]
        assert [c.id for c in list_cases(s, instansi_ids=[people.instansi_id])] == [case.id]
        assert unnotified_resolutions(s) == []

    assert case.id is not None
    resolved = resolve_case(
        audit, actor=HR, case_id=case.id, resolution="Data kinerja diperbaiki dari e-Kinerja."
    )
    assert resolved.status == CaseStatus.RESOLVED and resolved.resolved_by == HR.id
    with pytest.raises(CaseAlreadyResolved):
        resolve_case(audit, actor=HR, case_id=case.id, resolution="lagi")
    with pytest.raises(CaseNotFound):
        resolve_case(audit, actor=HR, case_id=9999, resolution="tidak ada")

    with Session(engine) as s:
        assert [c.id for c in list_cases(s)] == [other.id]
        assert [c.id for c in list_cases(s, status=CaseStatus.RESOLVED)] == [case.id]
        pending = unnotified_resolutions(s, pegawai_id=me)
        assert [c.resolution for c in pending] == ["Data kinerja diperbaiki dari e-Kinerja."]
        mark_notified(s, case.id)
        s.commit()
    with Session(engine) as s:
        assert unnotified_resolutions(s) == []
        kinds = s.scalars(select(AuditEntry.kind).order_by(AuditEntry.seq)).all()
    assert kinds == ["case_open", "case_open", "case_resolution"]
    assert verify_chain(engine, KEY).ok


def test_invalid_cases_are_refused(audit: AuditLog, people: People) -> None:
    with pytest.raises(CaseInvalid):
        open_case(
            audit, actor=ASN, pegawai_id=people.ids[0], instansi_id=None, kind="gaji", text="x"
        )
    with pytest.raises(CaseInvalid):
        open_case(
            audit,
            actor=ASN,
            pegawai_id=people.ids[0],
            instansi_id=None,
            kind=CaseKind.DATA_ERROR,
            text="   ",
        )
