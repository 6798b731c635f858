"""The HR case queue: an ASN flags a data error or contests a nine-box placement; HR resolves
it; the bot tells the ASN. Opening and resolving are both entries in the chain."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from db.audit.canonical import sha256_hex
from db.audit.chain import AuditLog
from db.audit.errors import CaseAlreadyResolved, CaseInvalid, CaseNotFound
from db.audit.kinds import Actor, AuditKind
from db.models.audit import HrCase

MAX_TEXT = 2000


class CaseKind(StrEnum):
    DATA_ERROR = "data_error"  # "data saya salah"
    NINEBOX = "ninebox"  # keberatan atas penempatan nine-box


class CaseStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


CASE_KIND_LABEL = {CaseKind.DATA_ERROR: "Kesalahan data", CaseKind.NINEBOX: "Keberatan nine-box"}


def _clean(text: str, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise CaseInvalid(f"{what} tidak boleh kosong.")
    if len(cleaned) > MAX_TEXT:
        raise CaseInvalid(f"{what} terlalu panjang (maksimal {MAX_TEXT} karakter).")
    return cleaned


def open_case(
    audit: AuditLog,
    *,
    actor: Actor,
    pegawai_id: int,
    instansi_id: int | None,
    kind: CaseKind | str,
    text: str,
) -> HrCase:
    try:
        case_kind = CaseKind(kind)
    except ValueError:
        raise CaseInvalid(f"Jenis pengajuan tidak dikenal: {kind}") from None
    body = _clean(text, "Uraian")
    with audit.transaction() as tx:
        case = HrCase(
            pegawai_id=pegawai_id,
            instansi_id=instansi_id,
            kind=case_kind.value,
            text=body,
            status=CaseStatus.OPEN.value,
            created_at=datetime.now(UTC),
        )
        tx.session.add(case)
        tx.session.flush()
        tx.append(
            AuditKind.CASE_OPEN,
            actor,
            {
                "case_id": case.id,
                "kind": case_kind.value,
                "text": body,
                "text_hash": sha256_hex(body),
            },
            [pegawai_id],
        )
        return case


def get_case(session: Session, case_id: int) -> HrCase:
    case = session.get(HrCase, case_id)
    if case is None:
        raise CaseNotFound(f"Pengajuan #{case_id} tidak ditemukan.")
    return case


def list_cases(
    session: Session,
    *,
    status: CaseStatus | None = CaseStatus.OPEN,
    instansi_ids: Collection[int] | None = None,
    pegawai_id: int | None = None,
) -> list[HrCase]:
    """Oldest first. ``instansi_ids`` limits the queue to the agencies an HR user serves."""
    stmt = select(HrCase).order_by(col(HrCase.id))
    if status is not None:
        stmt = stmt.where(HrCase.status == CaseStatus(status).value)
    if instansi_ids is not None:
        stmt = stmt.where(col(HrCase.instansi_id).in_(list(instansi_ids)))
    if pegawai_id is not None:
        stmt = stmt.where(HrCase.pegawai_id == pegawai_id)
    return list(session.exec(stmt).all())


def resolve_case(audit: AuditLog, *, actor: Actor, case_id: int, resolution: str) -> HrCase:
    note = _clean(resolution, "Catatan penyelesaian")
    with audit.transaction() as tx:
        case = get_case(tx.session, case_id)
        if case.status == CaseStatus.RESOLVED.value:
            raise CaseAlreadyResolved(f"Pengajuan #{case_id} sudah diselesaikan.")
        case.status = CaseStatus.RESOLVED.value
        case.resolved_at = datetime.now(UTC)
        case.resolved_by = actor.id
        case.resolution = note
        tx.session.add(case)
        tx.append(
            AuditKind.CASE_RESOLUTION,
            actor,
            {"case_id": case.id, "kind": case.kind, "resolution": note},
            [case.pegawai_id],
        )
        return case


def unnotified_resolutions(
    session: Session, *, pegawai_id: int | None = None, limit: int = 100
) -> list[HrCase]:
    """Resolved cases the ASN has not been told about yet (oldest first)."""
    stmt = (
        select(HrCase)
        .where(HrCase.status == CaseStatus.RESOLVED.value)
        .where(col(HrCase.notified_at).is_(None))
        .order_by(col(HrCase.resolved_at))
        .limit(limit)
    )
    if pegawai_id is not None:
        stmt = stmt.where(HrCase.pegawai_id == pegawai_id)
    return list(session.exec(stmt).all())


def mark_notified(session: Session, case_id: int, *, at: datetime | None = None) -> HrCase:
    """Call after the message reached the ASN (the caller commits)."""
    case = get_case(session, case_id)
    case.notified_at = at or datetime.now(UTC)
    session.add(case)
    return case
