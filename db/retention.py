"""Retention and erasure of what Talenta keeps beyond the audit chain.

The audit room purges its own payloads, access-history index and shortlist content
(:func:`db.audit.retention.purge_due`); this module adds the other kinds of record and runs both
under one command. Nothing here touches ``audit_entry`` hashes, so ``audit verify`` keeps
passing; each run appends a ``retention`` entry with its counts.

What "purging a profile" means (ended employees past their period, or an erasure request) is
decided in one place, :func:`purge_profile`, and documented in ``docs/operations.md``:

- deleted: education, position, training, certification, assessment (with competency scores),
  performance, discipline, family links, official nine-box, succession-group rows, the
  person's HR cases, their chat binding's invitation codes;
- cleared: name, titles, rank and position fields, the reason of the status change; a bound
  chat account is unlinked from Telegram and revoked;
- kept: the ``pegawai`` row with NIP, sex, birth date (both are part of the NIP), agency, unit,
  status and its date — the identifier the agency's personnel archive and the audit chain's
  decision records (shortlists, choices) refer to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, func, or_, update
from sqlmodel import Session, col, select

from db.audit.chain import AuditLog, EntryRef
from db.audit.kinds import Actor, AuditKind
from db.audit.retention import purge_due
from db.audit.settings import AuditSettings
from db.clock import WIB
from db.models import (
    Asesmen,
    AsesmenKompetensi,
    BotUser,
    BotUserInstansi,
    CallbackPayload,
    Diklat,
    HrCase,
    HukumanDisiplin,
    Keluarga,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RencanaSuksesi,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
    Undangan,
)
from db.retention_settings import RetentionSettings

ERASED_NAME = "(data dihapus)"

# Histories deleted when a profile is purged (all keyed by ``pegawai_id``).
HISTORY_TABLES: tuple[Any, ...] = (
    RiwayatPendidikan,
    RiwayatJabatan,
    Diklat,
    Sertifikasi,
    Kinerja,
    HukumanDisiplin,
    Keluarga,
    NineBoxResmi,
    RencanaSuksesi,
)


@dataclass
class RetentionReport:
    """Counts per kind of record (what was purged, or would be on a dry run)."""

    counts: dict[str, int] = field(default_factory=dict)
    entries: list[EntryRef] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _n(session: Session, stmt: Any) -> int:
    return int(session.execute(stmt).scalar_one())


def _ended_due(session: Session, cutoff: date) -> list[int]:
    stmt = (
        select(Pegawai.id)
        .where(col(Pegawai.status) != "aktif")
        .where(col(Pegawai.status_tanggal).is_not(None))
        .where(col(Pegawai.status_tanggal) < cutoff)
        .where(col(Pegawai.nama) != ERASED_NAME)
        .order_by(col(Pegawai.id))
    )
    return [int(i) for i in session.exec(stmt).all() if i is not None]


def _rowcount(result: Result[Any]) -> int:
    """Rows a DELETE/UPDATE touched (sqlmodel types ``execute`` as a plain ``Result``)."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def purge_profile(session: Session, pegawai_id: int, *, now: datetime) -> dict[str, int]:
    """Delete the histories and clear the personal fields of one employee (see module doc)."""
    counts: dict[str, int] = {}
    for table in HISTORY_TABLES:
        res = session.execute(delete(table).where(table.pegawai_id == pegawai_id))
        counts[table.__tablename__] = _rowcount(res)
    asesmen_ids = list(session.exec(select(Asesmen.id).where(Asesmen.pegawai_id == pegawai_id)))
    if asesmen_ids:
        session.execute(
            delete(AsesmenKompetensi).where(col(AsesmenKompetensi.asesmen_id).in_(asesmen_ids))
        )
    res = session.execute(delete(Asesmen).where(col(Asesmen.pegawai_id) == pegawai_id))
    counts["asesmen"] = _rowcount(res)
    res = session.execute(delete(HrCase).where(col(HrCase.pegawai_id) == pegawai_id))
    counts["hr_case"] = _rowcount(res)
    counts["bot_user"] = _unlink_accounts(
        session, select(BotUser.id).where(col(BotUser.pegawai_id) == pegawai_id), now=now
    )
    peg = session.get(Pegawai, pegawai_id)
    if peg is not None:
        peg.nama = ERASED_NAME
        peg.gelar_depan = peg.gelar_belakang = None
        peg.status_alasan = None
        peg.golongan = None
        peg.tmt_golongan = None
        peg.jabatan_id = None
        peg.tmt_jabatan = None
        peg.content_hash = ""
        peg.versi += 1
        peg.updated_at = now
        session.add(peg)
    session.flush()
    return counts


def _unlink_accounts(session: Session, user_ids: Any, *, now: datetime) -> int:
    """Revoke accounts, unlink them from Telegram, delete their codes and button payloads."""
    users = list(session.exec(select(BotUser).where(col(BotUser.id).in_(user_ids))))
    for user in users:
        if user.telegram_id is not None:
            session.execute(
                delete(CallbackPayload).where(
                    col(CallbackPayload.owner) == f"tg:{user.telegram_id}"
                )
            )
        session.execute(delete(Undangan).where(col(Undangan.user_id) == user.id))
        session.execute(delete(BotUserInstansi).where(col(BotUserInstansi.user_id) == user.id))
        user.telegram_id = None
        user.bound_at = None
        user.nama = ERASED_NAME
        user.revoked_at = user.revoked_at or now
        user.revoked_reason = user.revoked_reason or "data dihapus"
        session.add(user)
    session.flush()
    return len(users)


def _local(now: datetime) -> datetime:
    """Bot tables store Asia/Jakarta wall-clock times (``now_wib()``)."""
    return now.astimezone(WIB)


def _other_due(
    session: Session, settings: RetentionSettings, now: datetime
) -> tuple[dict[str, int], list[int]]:
    local = _local(now)
    inv_cut = local - timedelta(days=settings.invitation_days)
    bind_cut = local - timedelta(days=settings.revoked_binding_days)
    cb_cut = local - timedelta(days=settings.callback_days)
    ended = _ended_due(session, local.date() - timedelta(days=settings.ended_profile_days))
    counts = {
        "undangan": _n(
            session,
            select(func.count())
            .select_from(Undangan)
            .where(or_(col(Undangan.expires_at) < inv_cut, col(Undangan.used_at) < inv_cut)),
        ),
        "binding_dicabut": _n(
            session,
            select(func.count())
            .select_from(BotUser)
            .where(col(BotUser.revoked_at) < bind_cut, col(BotUser.telegram_id).is_not(None)),
        ),
        "callback": _n(
            session,
            select(func.count())
            .select_from(CallbackPayload)
            .where(col(CallbackPayload.expires_at) < cb_cut),
        ),
        "profil_berakhir": len(ended),
    }
    return counts, ended


def _purge_other(
    session: Session, settings: RetentionSettings, now: datetime, ended: Iterable[int]
) -> None:
    local = _local(now)
    inv_cut = local - timedelta(days=settings.invitation_days)
    bind_cut = local - timedelta(days=settings.revoked_binding_days)
    session.execute(
        delete(Undangan).where(
            or_(col(Undangan.expires_at) < inv_cut, col(Undangan.used_at) < inv_cut)
        )
    )
    session.execute(
        update(BotUser)
        .where(col(BotUser.revoked_at) < bind_cut, col(BotUser.telegram_id).is_not(None))
        .values(telegram_id=None, bound_at=None)
    )
    session.execute(
        delete(CallbackPayload).where(
            col(CallbackPayload.expires_at) < local - timedelta(days=settings.callback_days)
        )
    )
    for pid in ended:
        purge_profile(session, pid, now=now)


def apply_retention(
    audit: AuditLog,
    audit_settings: AuditSettings,
    settings: RetentionSettings,
    *,
    actor: Actor,
    now: datetime | None = None,
    dry_run: bool = False,
) -> RetentionReport:
    """Purge every kind of record past its period; report counts per kind."""
    now = now or datetime.now(UTC)
    report = RetentionReport()
    chain = purge_due(audit, audit_settings, actor=actor, now=now, dry_run=dry_run)
    for kind, n in chain.payloads.items():
        report.counts[f"payload_audit.{kind}"] = n
    report.counts["riwayat_akses"] = chain.subjects
    report.counts["daftar_kandidat"] = chain.shortlists
    report.counts["pengajuan"] = chain.cases  # text of resolved cases (audit.case_retention_days)
    if chain.entry is not None:
        report.entries.append(chain.entry)
    with audit.transaction() as tx:
        counts, ended = _other_due(tx.session, settings, now)
        report.counts.update(counts)
        if dry_run:
            return report
        _purge_other(tx.session, settings, now, ended)
        report.entries.append(
            tx.append(
                AuditKind.RETENTION,
                actor,
                {"jenis": "retensi_data", "jumlah": counts, "pegawai_id": ended},
                subjects=ended,
            )
        )
    return report


@dataclass(frozen=True)
class ErasureReport:
    pegawai_id: int
    profile_purged: bool  # False for an active employee: the agency must keep the profile
    counts: dict[str, int]
    entry: EntryRef


def erase_person(
    audit: AuditLog, *, actor: Actor, nip: str, alasan: str, now: datetime | None = None
) -> ErasureReport:
    """A data subject's erasure request (UU 27/2022 Pasal 8, the right to have one's data
    erased; the controller's matching duty is in the same law, its article number not seen
    by the team's fact sheet), run by an operator.

    For an employee who is no longer active the whole profile purge applies at once. While
    someone is still active, the agency is bound to keep their personnel data for its HR
    function (UU 27/2022 Pasal 20 ayat (2) huruf c and e); only what Talenta adds on top is
    erased: the chat account link, its codes and button payloads, and their HR cases.
    """
    now = now or datetime.now(UTC)
    alasan = alasan.strip()
    if not alasan:
        raise ValueError("alasan penghapusan wajib diisi")
    with audit.transaction() as tx:
        s = tx.session
        peg = s.exec(select(Pegawai).where(col(Pegawai.nip) == nip)).first()
        if peg is None or peg.id is None:
            raise LookupError("NIP tidak ditemukan")
        pid = peg.id
        if peg.status != "aktif":
            counts = purge_profile(s, pid, now=now)
            purged = True
        else:
            res = s.execute(delete(HrCase).where(col(HrCase.pegawai_id) == pid))
            counts = {"hr_case": _rowcount(res)}
            counts["bot_user"] = _unlink_accounts(
                s, select(BotUser.id).where(col(BotUser.pegawai_id) == pid), now=now
            )
            purged = False
        entry = tx.append(
            AuditKind.RETENTION,
            actor,
            {
                "jenis": "penghapusan_atas_permintaan",
                "pegawai_id": pid,
                "alasan": alasan,
                "profil_dihapus": purged,
                "jumlah": counts,
            },
            subjects=[pid],
        )
    return ErasureReport(pid, purged, counts, entry)
