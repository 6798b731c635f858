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
from collections.abc import Iterator
from contextlib import contextmanager
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
from retrieval.eval.needs_judgments import JUDGMENTS, load_judgments
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
    # hit@3 after the vocabulary, right = a planted person or anyone judged relevant blind
    judged_after: float | None = None
    unjudged_slots: int | None = None  # top-three slots holding someone never judged

    def judged_line(self) -> str | None:
        """The judged figure in one Indonesian line, or None without judgments."""
        if self.judged_after is None:
            return None
        return (
            f"hit@3 sesudah kosakata, benar = orang tertanam atau siapa pun yang dinilai relevan "
            f"secara buta: {self.judged_after:.3f}; {self.unjudged_slots} dari "
            f"{3 * self.needs} slot tiga teratas berisi orang yang tidak pernah dinilai"
        )


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


@dataclass
class PlantedSearch:
    """The planted copy of the generated data, indexed and searchable per need."""

    engine: Engine
    keys: dict[str, int]  # planted key -> pegawai id
    agencies: dict[str, int]  # instansi kode -> id
    ranker: Ranker

    def hits(self, need: dict[str, Any], *, expand: bool) -> tuple[list[int], tuple[str, ...]]:
        """Pegawai ids in the order retrieved for one need, and the vocabulary entries read."""
        scope = frozenset({self.agencies[need["instansi"]]})
        hits, reading, _t = self.ranker.need_hits(need["need"], scope=scope, expand=expand)
        return [h.pegawai_id for h in hits], tuple(e.id for e in reading.entries) if reading else ()

    def key(self, pegawai_id: int) -> str:
        """A planted person's key, or ``g<id>`` for a generated one."""
        for k, v in self.keys.items():
            if v == pegawai_id:
                return k
        return f"g{pegawai_id}"


@contextmanager
def planted_search(
    data: dict[str, Any],
    encoder: Encoder,
    settings: SearchSettings,
    *,
    workdir: Path,
    pegawai: int,
    seed: int,
    label: str = "",
) -> Iterator[PlantedSearch]:
    """A copy of the generated data with ``data["planted"]`` inserted and the agencies of
    ``data["needs"]`` indexed with ``encoder``, in ``workdir/planted-<pegawai>-<seed><label>``."""
    base = prepare_data(workdir, pegawai=pegawai, seed=seed)
    base.dispose()
    src = workdir / f"jambi-{pegawai}-{seed}" / "talenta.db"
    planted_dir = workdir / f"planted-{pegawai}-{seed}{label}"
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
        yield PlantedSearch(engine, keys, agencies, Ranker(svc.context))
    finally:
        engine.dispose()


def evaluate_needs(
    encoder: Encoder,
    settings: SearchSettings,
    *,
    workdir: Path,
    pegawai: int = 5000,
    seed: int = 7,
    dev: bool = False,
    judgments: Path | None = None,
) -> NeedsReport:
    """On the held-out needs, or the hand-written dev file with ``dev``. The top three are
    also scored against blind relevance judgments (:mod:`retrieval.eval.needs_judgments`;
    the held-out needs' own by default) when they were made on this data."""
    data = yaml.safe_load((DEV if dev else HELDOUT).read_text(encoding="utf-8"))
    if judgments is None and not dev:
        judgments = JUDGMENTS
    with planted_search(data, encoder, settings, workdir=workdir, pegawai=pegawai, seed=seed) as ps:
        judged = (
            load_judgments(ps.engine, pegawai=pegawai, seed=seed, path=judgments)
            if judgments is not None
            else None
        )
        scores = {False: 0, True: 0}
        misses: list[str] = []
        details: list[NeedResult] = []
        by_id = {v: k for k, v in ps.keys.items()}
        judged_hits = unjudged = 0
        for i, need in enumerate(data["needs"]):
            expect = {ps.keys[k] for k in need["expect"]}
            got: dict[bool, bool] = {}
            for expand in (False, True):
                ids, reading = ps.hits(need, expand=expand)
                got[expand] = hit = any(h in expect for h in ids[:3])
                scores[expand] += hit
                if expand and not hit:
                    misses.append(need["need"])
            top3 = [ps.key(h) for h in ids[:3]]
            if judged is not None:
                j = judged[i]
                judged_hits += any(k in j.relevant or k in need["expect"] for k in top3)
                unjudged += sum(k not in j.judged and k not in need["expect"] for k in top3)
            details.append(
                NeedResult(
                    need["need"],
                    tuple(need["expect"]),
                    got[False],
                    got[True],
                    reading,
                    tuple(_who(ps.engine, h, by_id) for h in ids[:3]),
                )
            )
        n = len(data["needs"])
        return NeedsReport(
            n,
            len(ps.keys),
            pegawai,
            scores[False] / n,
            scores[True] / n,
            misses,
            tuple(details),
            judged_after=judged_hits / n if judged is not None else None,
            unjudged_slots=unjudged if judged is not None else None,
        )
