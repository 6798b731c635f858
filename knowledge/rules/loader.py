"""Load rule facts from the database in batches: a fixed handful of queries per chunk of
employees (not one per employee), because candidate search loads thousands at a time.

Reads go through the session's connection with Core selects of plain columns: no ORM
identity map to fill, and rows become frozen fact objects straight away.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from db.models import (
    Asesmen,
    AsesmenKompetensi,
    Diklat,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    JabatanKompetensi,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RencanaSuksesi,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
)
from db.reference import StatusPegawai
from knowledge.rules.facts import (
    AsesmenFact,
    DiklatFact,
    EmployeeFacts,
    HukumanFact,
    NineBoxResmiFact,
    PendidikanFact,
    PositionFacts,
    SertifikasiFact,
    SpellFact,
    SuksesiFact,
)

log = logging.getLogger(__name__)

# Bound parameters per IN list: well under SQLite's limit and PostgreSQL's comfort zone.
CHUNK = 900


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _rows(session: Session, model: Any, column: str, ids: Sequence[int]) -> list[Any]:
    table = _table(model)
    conn = session.connection()
    out: list[Any] = []
    for chunk in _chunks(ids):
        out.extend(conn.execute(select(table).where(table.c[column].in_(chunk))).all())
    return out


def _instansi_kode(session: Session) -> dict[int, str]:
    t = _table(Instansi)
    return {r.id: r.kode for r in session.connection().execute(select(t.c.id, t.c.kode))}


def load_positions(session: Session, ids: Iterable[int]) -> dict[int, PositionFacts]:
    """Positions by id with their competency standard and active incumbents (3 queries)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    kode = _instansi_kode(session)
    standar: dict[int, dict[str, int]] = defaultdict(dict)
    for r in _rows(session, JabatanKompetensi, "jabatan_id", wanted):
        standar[r.jabatan_id][r.kompetensi] = r.level
    peg = _table(Pegawai)
    conn = session.connection()
    holders: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(wanted):
        q = select(peg.c.id, peg.c.jabatan_id).where(
            peg.c.jabatan_id.in_(chunk), peg.c.status == StatusPegawai.aktif.value
        )
        for r in conn.execute(q.order_by(peg.c.id)):
            holders[r.jabatan_id].append(r.id)
    out: dict[int, PositionFacts] = {}
    for r in _rows(session, Jabatan, "id", wanted):
        out[r.id] = PositionFacts(
            jabatan_id=r.id,
            instansi_id=r.instansi_id,
            unit_id=r.unit_id,
            kode=r.kode,
            nama=r.nama,
            jenis=r.jenis,
            jenjang=r.jenjang,
            eselon=r.eselon,
            bidang=r.bidang,
            pendidikan_min=r.pendidikan_min,
            standar=dict(standar.get(r.id, {})),
            pemangku_ids=tuple(holders.get(r.id, ())),
            formasi=r.formasi,
            instansi_kode=kode.get(r.instansi_id, ""),
        )
    return out


def load_position_facts(session: Session, jabatan_id: int) -> PositionFacts | None:
    return load_positions(session, [jabatan_id]).get(jabatan_id)


def _group(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        out[r.pegawai_id].append(r)
    return out


def _latest_asesmen(session: Session, ids: Sequence[int]) -> dict[int, AsesmenFact]:
    latest: dict[int, Any] = {}
    for r in _rows(session, Asesmen, "pegawai_id", ids):
        cur = latest.get(r.pegawai_id)
        if cur is None or r.tanggal > cur.tanggal:
            latest[r.pegawai_id] = r
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for r in _rows(session, AsesmenKompetensi, "asesmen_id", sorted(a.id for a in latest.values())):
        levels[r.asesmen_id][r.kompetensi] = r.level
    return {
        pid: AsesmenFact(
            a.tanggal, a.metode, dict(levels.get(a.id, {})), a.skor_potensi, a.kategori_potensi
        )
        for pid, a in latest.items()
    }


def load_employee_facts(session: Session, ids: Iterable[int]) -> dict[int, EmployeeFacts]:
    """Facts for the given pegawai ids (unknown ids are absent from the result)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    people = _rows(session, Pegawai, "id", wanted)
    positions = load_positions(session, {p.jabatan_id for p in people if p.jabatan_id is not None})
    kode = _instansi_kode(session)
    edu = _group(_rows(session, RiwayatPendidikan, "pegawai_id", wanted))
    spells = _group(_rows(session, RiwayatJabatan, "pegawai_id", wanted))
    diklat = _group(_rows(session, Diklat, "pegawai_id", wanted))
    sert = _group(_rows(session, Sertifikasi, "pegawai_id", wanted))
    kinerja = _group(_rows(session, Kinerja, "pegawai_id", wanted))
    hukuman = _group(_rows(session, HukumanDisiplin, "pegawai_id", wanted))
    boxes = _group(_rows(session, NineBoxResmi, "pegawai_id", wanted))
    suksesi = _group(_rows(session, RencanaSuksesi, "pegawai_id", wanted))
    asesmen = _latest_asesmen(session, wanted)
    out: dict[int, EmployeeFacts] = {}
    for p in people:
        pid = p.id
        out[pid] = EmployeeFacts(
            pegawai_id=pid,
            nip=p.nip,
            instansi_id=p.instansi_id,
            unit_id=p.unit_id,
            status_kepegawaian=p.status_kepegawaian,
            tanggal_lahir=p.tanggal_lahir,
            jenis_kelamin=p.jenis_kelamin,
            status=p.status,
            golongan=p.golongan,
            tmt_golongan=p.tmt_golongan,
            tmt_cpns=p.tmt_cpns,
            jabatan=positions.get(p.jabatan_id) if p.jabatan_id is not None else None,
            tmt_jabatan=p.tmt_jabatan,
            pendidikan=tuple(
                PendidikanFact(r.jenjang, r.jurusan, r.tahun_lulus)
                for r in sorted(edu.get(pid, []), key=lambda r: r.tahun_lulus)
            ),
            riwayat_jabatan=tuple(
                SpellFact(
                    r.jenis_jabatan, r.tmt_mulai, r.tmt_selesai, r.jenjang, r.bidang, r.nama_jabatan
                )
                for r in sorted(spells.get(pid, []), key=lambda r: r.tmt_mulai)
            ),
            diklat=tuple(DiklatFact(r.jenis, r.jp, r.tahun, r.nama) for r in diklat.get(pid, [])),
            sertifikasi=tuple(
                SertifikasiFact(r.nama, r.tahun, r.penerbit) for r in sert.get(pid, [])
            ),
            asesmen=asesmen.get(pid),
            kinerja={r.tahun: r.predikat for r in kinerja.get(pid, [])},
            hukuman=tuple(
                HukumanFact(r.tingkat, r.jenis, r.tmt_mulai, r.tmt_selesai)
                for r in sorted(hukuman.get(pid, []), key=lambda r: r.tmt_mulai)
            ),
            ninebox_resmi=tuple(
                NineBoxResmiFact(r.tahun, r.kotak, r.sumber)
                for r in sorted(boxes.get(pid, []), key=lambda r: r.tahun)
            ),
            suksesi=tuple(
                SuksesiFact(r.tahun, r.jabatan_target_kode, r.keterangan)
                for r in sorted(suksesi.get(pid, []), key=lambda r: r.tahun)
            ),
            instansi_kode=kode.get(p.instansi_id, ""),
        )
    log.debug("rule facts loaded", extra={"requested": len(wanted), "loaded": len(out)})
    return out
