"""Needs in everyday words against people whose records use only official words
(``talenta eval needs``).

A generated dataset (fixed seed and size, :func:`retrieval.eval.search_quality.prepare_data`) is
copied and the planted people of the needs file are inserted into it, into the agencies the
file names, beside the generated competition. Every need is searched inside its own agency,
as the service retrieves (dense + BM25, fused), once as typed and once read through the
vocabulary of government work; hit@3 = one of the expected planted people among the first
three. The held-out file is read here only, to report — never to tune.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import (
    Diklat,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
    UnitKerja,
)
from retrieval.encoders.base import Encoder
from retrieval.eval.search_quality import AS_OF, prepare_data
from retrieval.people.ranking import Ranker
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings

HELDOUT = Path(__file__).resolve().parent / "data" / "needs-heldout.yaml"
DEV = (
    Path(__file__).resolve().parents[2]
    / "tests"
    / "retrieval"
    / "people"
    / "needs-planted-dev.yaml"
)


@dataclass(frozen=True)
class NeedResult:
    """One need with the vocabulary's reading: what it was read as and who came first."""

    need: str
    expect: tuple[str, ...]  # planted keys
    hit_before: bool
    hit_after: bool
    reading: tuple[str, ...]  # vocabulary entry ids
    top3: tuple[str, ...]  # "<planted key or pegawai id>: <current position>" after expansion


@dataclass(frozen=True)
class NeedsReport:
    needs: int
    planted: int
    pegawai: int
    before: float  # hit@3 of the needs as typed
    after: float  # hit@3 with the vocabulary's reading
    misses_after: list[str]
    details: tuple[NeedResult, ...] = ()


def _unit(s: Session, inst: Instansi, nama: str) -> UnitKerja:
    unit = s.exec(
        select(UnitKerja).where(col(UnitKerja.instansi_id) == inst.id, UnitKerja.nama == nama)
    ).first()
    if unit is None:
        unit = UnitKerja(
            instansi_id=inst.id or 0, kode=f"PLANT.{abs(hash(nama)) % 10**8}", nama=nama
        )
        s.add(unit)
        s.flush()
    return unit


def plant(engine: Engine, planted: list[dict[str, Any]]) -> dict[str, int]:
    """Insert the planted people; ``{key: pegawai id}``. Their records hold only what the file
    gives (no field of work on the position, no name that carries meaning)."""
    ids: dict[str, int] = {}
    with Session(engine) as s:
        agencies = {i.kode: i for i in s.exec(select(Instansi)).all()}
        for n, p in enumerate(planted):
            inst = agencies[p["instansi"]]
            j = p["jabatan"]
            unit = _unit(s, inst, j["unit"])
            jab = Jabatan(
                instansi_id=inst.id or 0,
                kode=f"PLANT.{n}",
                nama=j["nama"],
                jenis=j["jenis"],
                jenjang=j.get("jenjang") or None,
                unit_id=unit.id or 0,
                bidang="",
                pendidikan_min="S1",
            )
            s.add(jab)
            s.flush()
            peg = Pegawai(
                nip=f"9{n:017d}",
                nama=f"Pegawai {n}",
                jenis_kelamin="L" if n % 2 else "P",
                tanggal_lahir=date(1984, 1 + n % 12, 1 + n % 28),
                status_kepegawaian="PNS",
                golongan=p["golongan"],
                tmt_golongan=date(2022, 4, 1),
                tmt_cpns=date(2010, 1, 1),
                instansi_id=inst.id or 0,
                unit_id=unit.id or 0,
                jabatan_id=jab.id,
                tmt_jabatan=date(2022, 1, 1),
            )
            s.add(peg)
            s.flush()
            pid = peg.id or 0
            for e in p.get("pendidikan", []):
                s.add(
                    RiwayatPendidikan(
                        pegawai_id=pid,
                        jenjang=e["jenjang"],
                        jurusan=e.get("jurusan"),
                        tahun_lulus=e["tahun"],
                    )
                )
            for r in p.get("riwayat", []):
                s.add(
                    RiwayatJabatan(
                        pegawai_id=pid,
                        nama_jabatan=r["nama"],
                        jenis_jabatan=r["jenis"],
                        instansi_kode=inst.kode,
                        unit_nama=r.get("unit"),
                        tmt_mulai=date(r["mulai"], 1, 1),
                        tmt_selesai=date(r["selesai"], 1, 1) if r.get("selesai") else None,
                    )
                )
            for d in p.get("diklat", []):
                s.add(
                    Diklat(
                        pegawai_id=pid,
                        nama=d["nama"],
                        jenis="teknis",
                        jp=d.get("jp", 0),
                        tahun=d["tahun"],
                    )
                )
            for c in p.get("sertifikasi", []):
                s.add(
                    Sertifikasi(
                        pegawai_id=pid, nama=c["nama"], penerbit=c.get("penerbit"), tahun=2023
                    )
                )
            ids[p["key"]] = pid
        s.commit()
    return ids


def _who(engine: Engine, pegawai_id: int, planted: dict[int, str]) -> str:
    """A planted person's key, or a generated one's id, with the current position's name."""
    with Session(engine) as s:
        peg = s.get(Pegawai, pegawai_id)
        jab = s.get(Jabatan, peg.jabatan_id) if peg and peg.jabatan_id else None
    return f"{planted.get(pegawai_id, pegawai_id)}: {jab.nama if jab else '?'}"


def evaluate_needs(
    encoder: Encoder,
    settings: SearchSettings,
    *,
    workdir: Path,
    pegawai: int = 5000,
    seed: int = 7,
    dev: bool = False,
) -> NeedsReport:
    """On the held-out needs, or the hand-written dev file with ``dev``."""
    data = yaml.safe_load((DEV if dev else HELDOUT).read_text(encoding="utf-8"))
    base = prepare_data(workdir, pegawai=pegawai, seed=seed)
    base.dispose()
    src = workdir / f"jambi-{pegawai}-{seed}" / "talenta.db"
    planted_dir = workdir / f"planted-{pegawai}-{seed}"
    shutil.rmtree(planted_dir, ignore_errors=True)
    planted_dir.mkdir(parents=True)
    # The SQLite backup API: a plain file copy would miss pages still in the source's WAL.
    with sqlite3.connect(src) as a, sqlite3.connect(planted_dir / "talenta.db") as b:
        a.backup(b)
    from db.engine import make_engine
    from db.settings import DatabaseSettings

    engine = make_engine(DatabaseSettings(url=f"sqlite:///{planted_dir / 'talenta.db'}"))
    try:
        keys = plant(engine, data["planted"])
        with Session(engine) as s:
            agencies = {i.kode: i.id or 0 for i in s.exec(select(Instansi)).all()}
        wanted = sorted({agencies[n["instansi"]] for n in data["needs"]})
        st = settings.model_copy(update={"index_dir": planted_dir / "index", "warm_up": False})
        svc = SearchService(engine, encoder, st, today=lambda: AS_OF)
        svc.store.build(engine, wanted)
        svc.start()
        ranker = Ranker(svc.context)
        scores = {False: 0, True: 0}
        misses: list[str] = []
        details: list[NeedResult] = []
        by_id = {v: k for k, v in keys.items()}
        for need in data["needs"]:
            expect = {keys[k] for k in need["expect"]}
            scope = frozenset({agencies[need["instansi"]]})
            got: dict[bool, bool] = {}
            for expand in (False, True):
                hits, reading, _t = ranker.need_hits(need["need"], scope=scope, expand=expand)
                got[expand] = hit = any(h.pegawai_id in expect for h in hits[:3])
                scores[expand] += hit
                if expand and not hit:
                    misses.append(need["need"])
            details.append(
                NeedResult(
                    need["need"],
                    tuple(need["expect"]),
                    got[False],
                    got[True],
                    tuple(e.id for e in reading.entries) if reading else (),
                    tuple(_who(engine, h.pegawai_id, by_id) for h in hits[:3]),
                )
            )
        n = len(data["needs"])
        return NeedsReport(
            n, len(keys), pegawai, scores[False] / n, scores[True] / n, misses, tuple(details)
        )
    finally:
        engine.dispose()
