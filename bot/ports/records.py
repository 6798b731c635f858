"""Personal records read straight from the employee database (the truth, no estimates).

The own-profile view and the official talent pool (BKN's nine-box placement) need no ranking
model: they show what the agency's records say. Each method opens its own short session.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from bot.ports.services import PoolEntry, Profile, TalentPool
from db.clock import today_wib
from db.models import (
    Diklat,
    Instansi,
    Jabatan,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RiwayatPendidikan,
    UnitKerja,
)

NIP_RE = re.compile(r"\b\d{18}\b")
# Boxes 7–9 are the talent pool proper (high potential, high performance) in BKN's layout.
POOL_BOXES = (7, 8, 9)


def full_name(p: Pegawai) -> str:
    parts = [p.gelar_depan, p.nama]
    name = " ".join(x for x in parts if x)
    return f"{name}, {p.gelar_belakang}" if p.gelar_belakang else name


def _as_of(p: Pegawai) -> date:
    return p.updated_at.date() if p.updated_at else today_wib()


class DbRecords:
    """Implements ``ProfileReader`` and ``TalentPoolReader`` over the employee tables."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def locate(self, pegawai_id: int) -> int | None:
        with Session(self._engine) as s:
            p = s.get(Pegawai, pegawai_id)
            return p.instansi_id if p else None

    def find(self, text: str) -> list[tuple[int, int]]:
        with Session(self._engine) as s:
            nips = NIP_RE.findall(text)
            if nips:
                q = select(Pegawai.id, Pegawai.instansi_id).where(col(Pegawai.nip).in_(nips))
            else:
                words = [w for w in re.findall(r"[^\W\d_]{3,}", text)]
                if not words:
                    return []
                q = select(Pegawai.id, Pegawai.instansi_id)
                for w in words:
                    q = q.where(func.lower(Pegawai.nama).contains(w.lower()))
            q = q.where(Pegawai.status == "aktif").limit(10)
            return [(int(a), int(b)) for a, b in s.exec(q).all() if a is not None]

    def profile(self, pegawai_id: int) -> Profile | None:
        with Session(self._engine) as s:
            p = s.get(Pegawai, pegawai_id)
            if p is None or p.id is None:
                return None
            jab = s.get(Jabatan, p.jabatan_id) if p.jabatan_id else None
            unit = s.get(UnitKerja, p.unit_id)
            inst = s.get(Instansi, p.instansi_id)
            facts: list[tuple[str, str]] = []
            pend = s.exec(
                select(RiwayatPendidikan)
                .where(RiwayatPendidikan.pegawai_id == p.id)
                .order_by(col(RiwayatPendidikan.tahun_lulus).desc())
            ).first()
            if pend:
                facts.append(("Pendidikan", f"{pend.jenjang} {pend.jurusan or ''}".strip()))
            kinerja = s.exec(
                select(Kinerja)
                .where(Kinerja.pegawai_id == p.id)
                .order_by(col(Kinerja.tahun).desc())
            ).all()[:3]
            if kinerja:
                facts.append(("Kinerja", ", ".join(f"{k.tahun}: {k.predikat}" for k in kinerja)))
            nb = s.exec(
                select(NineBoxResmi)
                .where(NineBoxResmi.pegawai_id == p.id)
                .order_by(col(NineBoxResmi.tahun).desc())
            ).first()
            if nb:
                facts.append(("Kotak talenta (resmi)", f"{nb.kotak} ({nb.tahun}, {nb.sumber})"))
            n_diklat = len(s.exec(select(Diklat.id).where(Diklat.pegawai_id == p.id)).all())
            facts.append(("Diklat tercatat", str(n_diklat)))
            if p.tmt_jabatan:
                years = (today_wib() - p.tmt_jabatan).days // 365
                facts.append(("Lama di jabatan", f"{years} tahun"))
            return Profile(
                pegawai_id=p.id,
                instansi_id=p.instansi_id,
                nama=full_name(p),
                nip=p.nip,
                jabatan=jab.nama if jab else "(tanpa jabatan)",
                golongan=p.golongan,
                unit=unit.nama if unit else "",
                instansi=inst.nama if inst else "",
                facts=tuple(facts),
                as_of=_as_of(p),
            )

    def pool(self, *, scope: frozenset[int], unit: str | None, limit: int) -> TalentPool:
        with Session(self._engine) as s:
            latest = (
                select(NineBoxResmi.pegawai_id, func.max(NineBoxResmi.tahun).label("tahun"))
                .group_by(col(NineBoxResmi.pegawai_id))
                .subquery()
            )
            q = (
                select(Pegawai, NineBoxResmi, Jabatan.nama)
                .join(latest, latest.c.pegawai_id == col(Pegawai.id))
                .join(
                    NineBoxResmi,
                    (col(NineBoxResmi.pegawai_id) == col(Pegawai.id))
                    & (col(NineBoxResmi.tahun) == latest.c.tahun),
                )
                .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id), isouter=True)
                .where(col(Pegawai.instansi_id).in_(scope), Pegawai.status == "aktif")
            )
            if unit:
                units = select(UnitKerja.id).where(
                    col(UnitKerja.instansi_id).in_(scope),
                    func.lower(UnitKerja.nama).contains(unit.lower())
                    | (func.lower(UnitKerja.singkatan) == unit.lower()),
                )
                q = q.where(col(Pegawai.unit_id).in_(units))
            rows = s.exec(q).all()
            counts: dict[int, int] = {}
            entries = []
            newest: date | None = None
            for peg, nb, jab_nama in rows:
                counts[nb.kotak] = counts.get(nb.kotak, 0) + 1
                d = _as_of(peg)
                newest = d if newest is None or d > newest else newest
                if nb.kotak in POOL_BOXES and peg.id is not None:
                    entries.append(
                        PoolEntry(
                            pegawai_id=peg.id,
                            instansi_id=peg.instansi_id,
                            nama=full_name(peg),
                            nip=peg.nip,
                            jabatan=jab_nama or "",
                            kotak=nb.kotak,
                            tahun=nb.tahun,
                        )
                    )
            entries.sort(key=lambda e: (-e.kotak, e.nama))
            return TalentPool(
                scope=scope,
                unit=unit,
                entries=tuple(entries[:limit]),
                box_counts=counts,
                as_of=newest or today_wib(),
            )
