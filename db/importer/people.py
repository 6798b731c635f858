"""Employees: classify each against the database (new, unchanged, changed, moved, ended).

An employee is unchanged when the hash of their row and all their history rows equals the
stored ``content_hash``; then none of their histories is even loaded. Covered employees that
are missing from the snapshot are ended, never deleted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from db.importer.mapping import ASESMEN_KOMPETENSI, HISTORIES, table_of
from db.importer.report import ImportReport
from db.importer.snapshot import Row, Snapshot
from db.models import Pegawai
from db.reference import StatusPegawai

HISTORY_FILES = (*(h.file for h in HISTORIES), ASESMEN_KOMPETENSI.file)


@dataclass
class PeoplePlan:
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)  # b_id + all columns
    ends: list[dict[str, Any]] = field(default_factory=list)
    changed: dict[str, int] = field(default_factory=dict)  # nip -> id (updated employees)


def content_hash(snap: Snapshot, nip: str, row: Row) -> str:
    parts = [repr(row)]
    for name in HISTORY_FILES:
        per = snap.histories.get(name, {}).get(nip)
        if per:
            parts.append(name)
            parts.append(repr(sorted(per.items())))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _values(
    row: Row,
    h: str,
    now: datetime,
    instansi: dict[str, int],
    unit: dict[tuple[str, str], int],
    jabatan: dict[tuple[str, str], int],
) -> dict[str, Any]:
    ki = row[10]
    return {
        "nip": row[0],
        "nama": row[1],
        "gelar_depan": row[2],
        "gelar_belakang": row[3],
        "jenis_kelamin": row[4],
        "tanggal_lahir": row[5],
        "status_kepegawaian": row[6],
        "golongan": row[7],
        "tmt_golongan": row[8],
        "tmt_cpns": row[9],
        "instansi_id": instansi[ki],
        "unit_id": unit[(ki, row[11])],
        "jabatan_id": jabatan[(ki, row[12])] if row[12] else None,
        "tmt_jabatan": row[13],
        "status": row[14] or StatusPegawai.aktif.value,
        "status_tanggal": row[15],
        "status_alasan": row[16],
        "content_hash": h,
        "updated_at": now,
    }


def plan_people(
    conn: Connection,
    snap: Snapshot,
    report: ImportReport,
    *,
    today: date,
    now: datetime,
    instansi: dict[str, int],
    unit: dict[tuple[str, str], int],
    jabatan: dict[tuple[str, str], int],
) -> PeoplePlan:
    t = table_of(Pegawai)
    existing = {
        r.nip: r
        for r in conn.execute(
            select(t.c.id, t.c.nip, t.c.instansi_id, t.c.status, t.c.content_hash)
        )
    }
    plan = PeoplePlan()
    counts = report.entity("pegawai")
    aktif = StatusPegawai.aktif.value
    kode_of = {i: k for k, i in instansi.items()}
    ended_by = report.ended_by_instansi

    def ended(instansi_id: int) -> None:
        kode = kode_of.get(instansi_id)
        if kode is not None:  # an agency outside the coverage is not measured
            ended_by[kode] = ended_by.get(kode, 0) + 1

    for nip, row in snap.pegawai.items():
        h = content_hash(snap, nip, row)
        r = existing.get(nip)
        if r is not None and r.content_hash == h:
            counts.unchanged += 1
            continue
        values = _values(row, h, now, instansi, unit, jabatan)
        if r is None:
            plan.creates.append({**values, "versi": 1})
            counts.created += 1
            continue
        plan.updates.append({"b_id": r.id, **values})
        plan.changed[nip] = r.id
        report.pegawai_updated.append(r.id)
        counts.updated += 1
        if r.instansi_id != values["instansi_id"]:
            counts.moved += 1
            report.pegawai_moved.append(r.id)
        if r.status == aktif and values["status"] != aktif:
            counts.ended += 1
            report.pegawai_ended.append(r.id)
            ended(r.instansi_id)
    covered_ids = set(instansi.values())
    for nip, r in existing.items():
        if r.instansi_id not in covered_ids or r.status != aktif or nip in snap.pegawai:
            continue
        elsewhere = snap.elsewhere.get(nip)
        if elsewhere:
            status = StatusPegawai.pindah.value
            alasan = f"Tercatat di instansi {elsewhere}, di luar cakupan impor ini"
        else:
            status = StatusPegawai.tidak_ada_di_impor.value
            alasan = "Tidak ada dalam berkas impor"
        marker = f"{r.content_hash}|{status}|{today.isoformat()}"
        plan.ends.append(
            {
                "b_id": r.id,
                "status": status,
                "status_tanggal": today,
                "status_alasan": alasan,
                "content_hash": hashlib.sha256(marker.encode()).hexdigest(),
                "updated_at": now,
            }
        )
        counts.ended += 1
        report.pegawai_ended.append(r.id)
        ended(r.instansi_id)
    return plan
