"""Retention purges payloads, access-history subjects and shortlist content; the chain verifies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, null, select, update
from sqlmodel import Session

from db.audit import (
    AuditKind,
    AuditLog,
    AuditSettings,
    CandidateIn,
    CaseKind,
    ShortlistPurged,
    access_history,
    list_cases,
    open_case,
    purge_due,
    record_shortlist,
    reopen_shortlist,
    resolve_case,
    verify_chain,
)
from db.models import AuditEntry
from tests.db.audit.conftest import HR, KEY, PPK, People


def test_purged_payload_still_verifies_and_younger_ones_stay(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    audit.record(AuditKind.SEARCH, PPK, {"q": "lama"}, [people.ids[0]])
    audit.record(AuditKind.REVEAL, PPK, {"q": "buka"}, [people.ids[0]])
    audit.record(AuditKind.WEIGHTS_CHANGE, HR, {"bobot": {"kinerja": 0.5}})
    settings = AuditSettings()
    later = datetime.now(UTC) + timedelta(days=731)  # search (730 d) is due, the rest is not

    dry = purge_due(audit, settings, actor=HR, now=later, dry_run=True)
    assert dry.payloads == {"search": 1} and dry.entry is None
    with Session(engine) as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.seq == 1)).one().payload is not None

    report = purge_due(audit, settings, actor=HR, now=later)
    assert report.payloads == {"search": 1}
    assert report.subjects == 0  # access history is kept 1825 days
    assert report.entry is not None
    with Session(engine) as s:
        rows = {e.seq: e for e in s.scalars(select(AuditEntry)).all()}
    assert rows[1].payload is None and rows[1].purged_at is not None
    assert rows[2].payload == {"q": "buka"} and rows[2].purged_at is None
    assert rows[3].payload is not None
    assert rows[4].kind == "retention" and rows[4].payload is not None
    assert rows[4].payload["payloads"] == {"search": 1}
    result = verify_chain(engine, KEY)
    assert result.ok, result.problem
    assert result.purged_payloads == 1
    with Session(engine) as s:
        assert len(access_history(s, people.ids[0])) == 2

    # Nothing more is due a second time.
    assert purge_due(audit, settings, actor=HR, now=later).total == 0


def test_access_history_and_shortlists_have_their_own_periods(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    view = record_shortlist(
        audit,
        actor=PPK,
        rendered={"baris": [{"no": 1, "skor": 0.9}]},
        candidates=[CandidateIn(people.ids[0], 1, 0.9)],
        request={"q": "analis"},
        config_hash="c" * 64,
        model="m",
        index_version="v1",
        data_snapshot="s1",
        blind=True,
        instansi_id=people.instansi_id,
    )
    settings = AuditSettings(access_history_retention_days=10, shortlist_retention_days=20)
    report = purge_due(audit, settings, actor=HR, now=datetime.now(UTC) + timedelta(days=15))
    assert (report.subjects, report.shortlists) == (1, 0)
    with Session(engine) as s:
        assert access_history(s, people.ids[0]) == []
        assert reopen_shortlist(s, view.ref).rendered == {"baris": [{"no": 1, "skor": 0.9}]}
    report = purge_due(audit, settings, actor=HR, now=datetime.now(UTC) + timedelta(days=25))
    assert report.shortlists == 1
    with Session(engine) as s, pytest.raises(ShortlistPurged):
        reopen_shortlist(s, view.ref)
    result = verify_chain(engine, KEY)
    assert result.ok, result.problem
    assert result.purged_subjects == 1


def test_payload_removed_without_purge_record_is_caught(engine: Engine, audit: AuditLog) -> None:
    audit.record(AuditKind.SEARCH, PPK, {"q": "x"})
    with engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(payload=null()))
    problem = verify_chain(engine, KEY).problem
    assert problem is not None and problem.seq == 1 and "payload" in problem.reason


def test_settings_refuse_unknown_keys_and_kinds() -> None:
    with pytest.raises(ValidationError):
        AuditSettings.model_validate({"retensi": 1})
    with pytest.raises(ValidationError):
        AuditSettings.model_validate({"payload_retention_days": {"searches": 10}})
    with pytest.raises(ValidationError):
        AuditSettings.model_validate({"payload_retention_days": {"search": 0}})
    with pytest.raises(ValidationError, match="bukti pemusnahan"):
        AuditSettings.model_validate({"payload_retention_days": {"retention": 3650}})
    s = AuditSettings.model_validate({"payload_retention_days": {"search": 90}})
    assert s.retention_days(AuditKind.SEARCH) == 90
    assert s.retention_days(AuditKind.OVERRIDE) == 3650
    assert AuditSettings(blind_first_instansi={"KJB": False}).is_blind_first("KJB") is False
    assert AuditSettings().is_blind_first("PROV") is True


def test_resolved_case_text_is_purged_after_its_period(
    engine: Engine, audit: AuditLog, people: People
) -> None:
    done = open_case(
        audit,
        actor=HR,
        pegawai_id=people.ids[0],
        instansi_id=people.instansi_id,
        kind=CaseKind.DATA_ERROR,
        text="Golongan saya III/c, bukan III/b.",
    )
    still_open = open_case(
        audit,
        actor=HR,
        pegawai_id=people.ids[1],
        instansi_id=people.instansi_id,
        kind=CaseKind.NINEBOX,
        text="Saya keberatan dengan kotak 4.",
    )
    assert done.id is not None
    resolve_case(audit, actor=HR, case_id=done.id, resolution="Golongan dikoreksi.")
    settings = AuditSettings(case_retention_days=30)
    assert (
        purge_due(audit, settings, actor=HR, now=datetime.now(UTC) + timedelta(days=20)).cases == 0
    )
    report = purge_due(audit, settings, actor=HR, now=datetime.now(UTC) + timedelta(days=31))
    assert report.cases == 1
    with Session(engine) as s:
        cases = {c.id: c for c in list_cases(s, status=None)}
    assert cases[done.id].text is None and cases[done.id].resolution is None
    assert cases[done.id].status == "resolved" and cases[done.id].purged_at is not None
    assert cases[still_open.id].text == "Saya keberatan dengan kotak 4."
    result = verify_chain(engine, KEY)
    assert result.ok, result.problem
