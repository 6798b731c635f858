"""Retention: what is older than its period is purged, what is younger stays, and the audit
chain still verifies. Erasure on request: logged, and bounded by what the agency must keep."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from db import migrate
from db.audit import Actor, AuditKind, AuditLog, CaseKind, open_case, resolve_case, verify_chain
from db.audit.access import access_history
from db.audit.events import record_profile_view
from db.audit.settings import AuditSettings
from db.clock import now_wib
from db.models import (
    AuditEntry,
    BotUser,
    CallbackPayload,
    HrCase,
    Kinerja,
    Pegawai,
    RiwayatPendidikan,
    Undangan,
)
from db.retention import ERASED_NAME, RetentionSettings, apply_retention, erase_person
from tests.bot.ops.conftest import KEY, invoke, make_install
from tests.factories import add_kinerja, make_instansi, make_pegawai, make_unit

OPERATOR = Actor.cli("operator")
PPK = Actor.account(7, "ppk", "PROV")


@pytest.fixture
def audit(engine: Engine) -> AuditLog:
    return AuditLog(engine, KEY.encode(), lock_timeout_s=20)


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


class World:
    """Two of everything: one past its period, one inside it."""

    def __init__(self, engine: Engine, audit: AuditLog) -> None:
        today = now_wib().date()
        local = now_wib()
        with Session(engine, expire_on_commit=False) as s:
            inst = make_instansi(s)
            unit = make_unit(s, inst)
            self.old_ended = make_pegawai(
                s, inst, unit=unit, nama="Lama Pensiun", tanggal_lahir=date(1960, 1, 5)
            )
            self.new_ended = make_pegawai(
                s, inst, unit=unit, nama="Baru Pindah", tanggal_lahir=date(1970, 2, 6)
            )
            self.active = make_pegawai(
                s, inst, unit=unit, nama="Masih Aktif", tanggal_lahir=date(1985, 3, 7)
            )
            self.old_ended.status, self.old_ended.status_tanggal = "pensiun", date(2019, 6, 1)
            self.new_ended.status = "pindah"
            self.new_ended.status_tanggal = today - timedelta(days=100)
            for p in (self.old_ended, self.new_ended, self.active):
                add_kinerja(s, p, {2024: "Baik", 2025: "Baik"})
            users = []
            for i, revoked_days in enumerate((400, 20, None)):
                u = BotUser(
                    role="asn",
                    nama=f"Akun {i}",
                    pegawai_id=self.active.id if i == 2 else None,
                    telegram_id=5000 + i,
                    created_at=local - timedelta(days=500),
                    bound_at=local - timedelta(days=450),
                    revoked_at=None
                    if revoked_days is None
                    else local - timedelta(days=revoked_days),
                )
                s.add(u)
                users.append(u)
            s.flush()
            self.revoked_old, self.revoked_new, self.bound = users
            for days in (200, 10):
                s.add(
                    Undangan(
                        code_hash=f"{days:064d}",
                        user_id=self.bound.id,
                        created_at=local - timedelta(days=days + 7),
                        expires_at=local - timedelta(days=days),
                    )
                )
            for days in (30, 1):
                s.add(
                    CallbackPayload(
                        token=f"t{days}",
                        owner="tg:5002",
                        action="detail",
                        payload="{}",
                        created_at=local - timedelta(days=days + 1),
                        expires_at=local - timedelta(days=days),
                    )
                )
            s.commit()
        self.cases = []
        for who in (self.active, self.new_ended):
            case = open_case(
                audit,
                actor=PPK,
                pegawai_id=who.id,
                kind=CaseKind.DATA_ERROR,
                text="Data diklat salah.",
                instansi_id=who.instansi_id,
            )
            resolve_case(audit, actor=OPERATOR, case_id=case.id, resolution="Sudah dikoreksi.")
            self.cases.append(case.id)
        with Session(engine) as s:  # one case resolved long ago, one recently
            old = s.get(HrCase, self.cases[0])
            assert old is not None
            old.resolved_at = datetime.now(UTC) - timedelta(days=2000)
            s.add(old)
            s.commit()
        record_profile_view(audit, actor=PPK, pegawai_id=self.active.id, view="profil")


def test_old_records_go_young_records_stay_chain_verifies(engine: Engine, audit: AuditLog) -> None:
    w = World(engine, audit)
    report = apply_retention(
        audit, AuditSettings(), RetentionSettings(), actor=OPERATOR, dry_run=True
    )
    assert report.counts["undangan"] == 1 and report.counts["callback"] == 1
    assert report.counts["binding_dicabut"] == 1 and report.counts["pengajuan"] == 1
    assert report.counts["profil_berakhir"] == 1
    assert _count(engine, Undangan) == 2  # a dry run deletes nothing

    report = apply_retention(audit, AuditSettings(), RetentionSettings(), actor=OPERATOR)
    assert report.total == 5 and report.entries
    with Session(engine) as s:
        assert [u.code_hash for u in s.exec(select(Undangan))] == [f"{10:064d}"]
        assert [c.token for c in s.exec(select(CallbackPayload))] == ["t1"]
        old_user, new_user = s.get(BotUser, w.revoked_old.id), s.get(BotUser, w.revoked_new.id)
        assert old_user is not None and old_user.telegram_id is None
        assert new_user is not None and new_user.telegram_id == 5001
        old_case, new_case = s.get(HrCase, w.cases[0]), s.get(HrCase, w.cases[1])
        assert old_case is not None and old_case.text is None  # the audit room purges the text
        assert new_case is not None and new_case.text == "Data diklat salah."
        old_p, new_p = s.get(Pegawai, w.old_ended.id), s.get(Pegawai, w.new_ended.id)
        assert old_p is not None and old_p.nama == ERASED_NAME and old_p.nip == w.old_ended.nip
        assert new_p is not None and new_p.nama == "Baru Pindah"
        kinerja = {k.pegawai_id for k in s.exec(select(Kinerja))}
        assert kinerja == {w.new_ended.id, w.active.id}
        assert w.old_ended.id not in {r.pegawai_id for r in s.exec(select(RiwayatPendidikan))}
        last = s.exec(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()  # type: ignore[attr-defined]
        assert last is not None and last.kind == AuditKind.RETENTION.value
        assert last.payload is not None and last.payload["jumlah"]["undangan"] == 1
    assert verify_chain(engine, KEY.encode()).ok

    # A second run finds nothing more due.
    again = apply_retention(audit, AuditSettings(), RetentionSettings(), actor=OPERATOR)
    assert again.total == 0
    assert verify_chain(engine, KEY.encode()).ok


def test_audit_payload_and_access_history_follow_their_periods(
    engine: Engine, audit: AuditLog
) -> None:
    w = World(engine, audit)
    later = datetime.now(UTC) + timedelta(days=800)  # past search/view (730), inside case (1825)
    apply_retention(audit, AuditSettings(), RetentionSettings(), actor=OPERATOR, now=later)
    with Session(engine) as s:
        by_kind = {e.kind: e for e in s.exec(select(AuditEntry))}
        assert by_kind["profile_view"].payload is None  # purged, hash kept
        assert by_kind["case_open"].payload is not None  # younger than its period
        assert access_history(s, w.active.id) != []  # access history: 1825 days
    assert verify_chain(engine, KEY.encode()).ok


def test_erasure_of_ended_and_active_employees(engine: Engine, audit: AuditLog) -> None:
    w = World(engine, audit)
    ended = erase_person(audit, actor=OPERATOR, nip=w.new_ended.nip, alasan="Surat 12/2026")
    assert ended.profile_purged and ended.counts["kinerja"] == 2
    active = erase_person(audit, actor=OPERATOR, nip=w.active.nip, alasan="Surat 13/2026")
    assert not active.profile_purged and active.counts["bot_user"] == 1
    with Session(engine) as s:
        p = s.get(Pegawai, w.active.id)
        assert p is not None and p.nama == "Masih Aktif"  # the agency must keep it
        bound = s.get(BotUser, w.bound.id)
        assert bound is not None and bound.telegram_id is None and bound.revoked_at is not None
        assert s.exec(select(Undangan)).all() == []
        entry = s.exec(select(AuditEntry).where(AuditEntry.seq == active.entry.seq)).one()
        assert entry.payload is not None and entry.payload["alasan"] == "Surat 13/2026"
    with pytest.raises(ValueError):
        erase_person(audit, actor=OPERATOR, nip=w.active.nip, alasan="  ")
    with pytest.raises(LookupError):
        erase_person(audit, actor=OPERATOR, nip="199901012020121001", alasan="x")
    assert verify_chain(engine, KEY.encode()).ok


def test_retention_cli_reports_counts_and_logs(tmp_path: Path, cli_env: pytest.MonkeyPatch) -> None:
    inst = make_install(tmp_path / "site")
    engine = inst.engine()
    migrate.upgrade(engine)
    local = now_wib()
    with Session(engine) as s:
        for token, days in (("lama", 30), ("baru", 1)):
            s.add(
                CallbackPayload(
                    token=token,
                    owner="tg:1",
                    action="detail",
                    payload="{}",
                    created_at=local - timedelta(days=days + 1),
                    expires_at=local - timedelta(days=days),
                )
            )
        s.commit()
    dry = invoke(cli_env, inst, "retention", "apply", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 catatan akan dimusnahkan" in dry.output and _count(engine, CallbackPayload) == 2
    res = invoke(cli_env, inst, "retention", "apply")
    assert res.exit_code == 0, res.output
    assert "1 catatan dimusnahkan; dicatat di audit seq 1" in res.output
    assert _count(engine, CallbackPayload) == 1
    assert invoke(cli_env, inst, "audit", "verify").exit_code == 0
    engine.dispose()
