"""Everything Talenta holds about one person, and the record of its processing (UU 27/2022
Pasal 32: the data subject's right of access).

Only this person's data: family links show the relationship, never the relative's NIP; audit
entries are reduced to the part about this person (when, which kind, which role and agency,
their rank and score), never the viewer's account, the request text or other people shown in
the same list.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from db.audit.access import access_history
from db.audit.canonical import as_utc
from db.clock import WIB
from db.models import (
    Asesmen,
    AsesmenKompetensi,
    AuditEntry,
    AuditSubject,
    BotUser,
    Diklat,
    HrCase,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Keluarga,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RencanaSuksesi,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
    Shortlist,
    ShortlistCandidate,
    UnitKerja,
)

# Payload keys that describe the act itself (never another person) and may be shown to the
# subject when an entry concerns them alone.
SAFE_PAYLOAD_KEYS = ("view", "jenis", "alasan", "profil_dihapus", "kind", "status")

HISTORIES: dict[str, Any] = {
    "pendidikan": RiwayatPendidikan,
    "jabatan": RiwayatJabatan,
    "diklat": Diklat,
    "sertifikasi": Sertifikasi,
    "kinerja": Kinerja,
    "hukuman_disiplin": HukumanDisiplin,
    "ninebox_resmi": NineBoxResmi,
    "rencana_suksesi": RencanaSuksesi,
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).astimezone(WIB).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(obj: SQLModel, drop: tuple[str, ...] = ("id", "pegawai_id")) -> dict[str, Any]:
    return {k: _plain(v) for k, v in obj.model_dump().items() if k not in drop}


def _wib(ts: datetime) -> str:
    return as_utc(ts).astimezone(WIB).isoformat(timespec="seconds")


def profile(session: Session, peg: Pegawai) -> dict[str, Any]:
    data = _row(peg, drop=("id", "content_hash", "instansi_id", "unit_id", "jabatan_id"))
    inst = session.get(Instansi, peg.instansi_id)
    unit = session.get(UnitKerja, peg.unit_id)
    jab = session.get(Jabatan, peg.jabatan_id) if peg.jabatan_id else None
    data["instansi"] = f"{inst.kode} - {inst.nama}" if inst else None
    data["unit_kerja"] = unit.nama if unit else None
    data["jabatan"] = jab.nama if jab else None
    return data


def histories(session: Session, pegawai_id: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table in HISTORIES.items():
        rows = session.exec(select(table).where(table.pegawai_id == pegawai_id)).all()
        out[name] = [_row(r) for r in rows]
    asesmen = []
    for a in session.exec(select(Asesmen).where(col(Asesmen.pegawai_id) == pegawai_id)).all():
        row = _row(a)
        row["kompetensi"] = [
            {"kompetensi": k.kompetensi, "level": k.level}
            for k in session.exec(
                select(AsesmenKompetensi).where(col(AsesmenKompetensi.asesmen_id) == a.id)
            ).all()
        ]
        asesmen.append(row)
    out["asesmen"] = asesmen
    # The relative is another person: show the relationship only, not their NIP.
    out["keluarga"] = [
        {"hubungan": k.hubungan, "keterangan": "pegawai lain (identitas tidak ditampilkan)"}
        for k in session.exec(select(Keluarga).where(col(Keluarga.pegawai_id) == pegawai_id))
    ]
    return out


def accounts(session: Session, pegawai_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(BotUser).where(col(BotUser.pegawai_id) == pegawai_id)).all()
    return [_row(u, drop=("id", "pegawai_id", "created_by")) for u in rows]


def cases(session: Session, pegawai_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(HrCase).where(col(HrCase.pegawai_id) == pegawai_id)).all()
    return [_row(c, drop=("pegawai_id", "instansi_id", "resolved_by")) for c in rows]


def shortlists(session: Session, pegawai_id: int) -> list[dict[str, Any]]:
    """The candidate lists this person appeared on: their own row, and whether they were chosen."""
    stmt = (
        sa_select(Shortlist, ShortlistCandidate)
        .join(ShortlistCandidate, col(ShortlistCandidate.shortlist_id) == col(Shortlist.id))
        .where(col(ShortlistCandidate.pegawai_id) == pegawai_id)
        .order_by(col(Shortlist.created_at))
    )
    out = []
    for sl, cand in session.execute(stmt).all():
        out.append(
            {
                "nomor": sl.ref,
                "waktu": _wib(sl.created_at),
                "peran": sl.actor_role,
                "instansi": sl.actor_instansi,
                "urutan": cand.rank,
                "skor": cand.score,
                "memenuhi_syarat": cand.eligible,
                "dipilih": sl.chosen_pegawai_id == pegawai_id,
            }
        )
    return out


def access(session: Session, pegawai_id: int) -> list[dict[str, Any]]:
    return [
        {
            "seq": e.seq,
            "waktu": e.ts_wib.isoformat(timespec="seconds"),
            "jenis": e.kind.value,
            "peran": e.role,
            "instansi": e.instansi,
            "urutan": e.rank,
        }
        for e in access_history(session, pegawai_id)
    ]


def audit_entries(session: Session, pegawai_id: int) -> list[dict[str, Any]]:
    """Every entry that lists this person, reduced to the part about them."""
    stmt = (
        sa_select(AuditEntry, AuditSubject)
        .join(AuditSubject, col(AuditSubject.entry_id) == col(AuditEntry.id))
        .where(col(AuditSubject.pegawai_id) == pegawai_id)
        .order_by(col(AuditEntry.seq))
    )
    rows = session.execute(stmt).all()
    ids = [e.id for e, _ in rows]
    counts: dict[int, int] = {}
    if ids:
        per_entry = (
            sa_select(col(AuditSubject.entry_id), func.count())
            .where(col(AuditSubject.entry_id).in_(ids))
            .group_by(col(AuditSubject.entry_id))
        )
        counts = {int(e): int(n) for e, n in session.execute(per_entry).all()}
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for entry, subj in rows:
        if entry.seq in seen:
            continue
        seen.add(entry.seq)
        item: dict[str, Any] = {
            "seq": entry.seq,
            "waktu": _wib(entry.ts),
            "jenis": entry.kind,
            "peran": entry.actor_role,
            "instansi": entry.actor_instansi,
            "urutan": subj.rank,
            "skor": subj.score,
            "orang_lain_dalam_entri": counts.get(entry.id or 0, 1) - 1,
        }
        if counts.get(entry.id or 0, 1) == 1 and entry.payload:
            item["rincian"] = {k: entry.payload[k] for k in SAFE_PAYLOAD_KEYS if k in entry.payload}
        out.append(item)
    return out


def collect(session: Session, nip: str) -> dict[str, Any]:
    """The data-subject export of one employee, as plain JSON-ready data."""
    peg = session.exec(select(Pegawai).where(col(Pegawai.nip) == nip)).first()
    if peg is None or peg.id is None:
        raise LookupError("NIP tidak ditemukan")
    return {
        "pegawai_id": peg.id,
        "profil": profile(session, peg),
        "riwayat": histories(session, peg.id),
        "akun_chat": accounts(session, peg.id),
        "pengajuan": cases(session, peg.id),
        "riwayat_akses": access(session, peg.id),
        "daftar_kandidat": shortlists(session, peg.id),
        "catatan_audit": audit_entries(session, peg.id),
    }
