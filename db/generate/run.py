"""``generate_to``: the synthetic Jambi dataset, streamed to CSV files in the import layout."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from db.clock import today_wib
from db.generate.catalogue import AGENCIES, Agency
from db.generate.dates import retirement_date
from db.generate.family import FamilyLinker
from db.generate.histories import (
    UnitNames,
    career,
    pick_focus,
    write_career,
    write_diklat,
    write_sertifikasi,
)
from db.generate.people import NipRegistry, Person, make_person
from db.generate.positions import Organisation, Position, allocate_agencies, build_organisation
from db.generate.talent import (
    pick_trait,
    write_asesmen,
    write_hukuman,
    write_kinerja,
    write_official,
)
from db.generate.writer import Writer

log = logging.getLogger(__name__)

RETIRED_SHARE = 0.005  # recently retired, kept in the snapshot with status pensiun
NEW_HIRE_SHARE = 0.003  # CPNS not yet placed in a position
NEAR_RETIREMENT = 0.04
INCOMPLETE = 0.06
PROGRESS_EVERY = 250
PPPK_JENJANG = (None, "ahli_pertama", "ahli_muda", "terampil", "mahir")  # None: pelaksana

Progress = Callable[[int, int], None]


@dataclass
class GenerateReport:
    out_dir: Path
    pegawai: int
    seed: int
    as_of: date
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds > 0 else 0.0


class _Run:
    def __init__(
        self, w: Writer, rng: random.Random, as_of: date, total: int, progress: Progress | None
    ) -> None:
        self.w = w
        self.rng = rng
        self.as_of = as_of
        self.total = total
        self.progress = progress
        self.done = 0
        self.nips = NipRegistry()
        self.family = FamilyLinker(rng)

    def tick(self) -> None:
        self.done += 1
        if self.progress and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def write_org(self, org: Organisation) -> None:
        a = org.agency
        self.w.instansi((a.kode, a.nama, a.jenis))
        for u in org.units:
            self.w.unit_kerja((a.kode, u.kode, u.nama, u.singkatan, u.induk))
        for p in org.positions:
            self.w.jabatan(
                (
                    a.kode,
                    p.kode,
                    p.nama,
                    p.jenis,
                    p.jenjang,
                    p.eselon,
                    p.unit.kode,
                    p.field,
                    p.pendidikan_min,
                    p.atasan.kode if p.atasan else None,
                    p.formasi,
                )
            )
            for komp, jenis, level in p.standar:
                self.w.jabatan_kompetensi((a.kode, p.kode, komp, jenis, level))

    def person(self, agency: Agency, units: UnitNames, pos: Position, *, kind: str) -> None:
        rng, w, as_of = self.rng, self.w, self.as_of
        pppk = kind == "seat" and pos.jenjang in PPPK_JENJANG and rng.random() < pos.pppk_share
        near = kind == "retired" or (kind == "seat" and rng.random() < NEAR_RETIREMENT)
        p = make_person(
            rng,
            self.nips,
            pos,
            as_of=as_of,
            pppk=pppk,
            near_retirement=near,
            retired=kind == "retired",
        )
        ended = None
        if kind == "retired":
            ended = retirement_date(p.lahir, pos.bup)
        others = tuple(x.kode for x in AGENCIES if x.kode != agency.kode)
        segs = career(rng, p, pos, agency.kode, units, others, as_of=as_of, ended=ended)
        current = segs[-1]
        w.pegawai(
            (
                p.nip,
                p.nama,
                p.gelar_depan or None,
                p.gelar_belakang or None,
                p.sex,
                p.lahir,
                "PPPK" if p.pppk else "PNS",
                p.golongan,
                p.tmt_golongan,
                None if p.pppk else p.tmt_cpns,
                agency.kode,
                pos.unit.kode,
                None if ended else pos.kode,
                None if ended else current.mulai,
                "pensiun" if ended else "aktif",
                ended,
                "Mencapai batas usia pensiun" if ended else None,
            )
        )
        self._histories(p, pos, segs, incomplete=rng.random() < INCOMPLETE)
        self.family.visit(w, p.nip, p.sex, p.lahir.year)
        self.tick()

    def new_hire(self, agency: Agency, pos: Position) -> None:
        """A CPNS appointed this year, not yet placed in a position."""
        rng, w = self.rng, self.w
        p = make_person(
            rng, self.nips, None, as_of=self.as_of, pppk=False, near_retirement=False, new_hire=True
        )
        w.pegawai(
            (
                p.nip,
                p.nama,
                None,
                p.gelar_belakang or None,
                p.sex,
                p.lahir,
                "PNS",
                p.golongan,
                p.tmt_golongan,
                p.tmt_cpns,
                agency.kode,
                pos.unit.kode,
                None,
                None,
                "aktif",
                None,
                None,
            )
        )
        self._education(p)
        self.tick()

    def _education(self, p: Person) -> None:
        for e in p.pendidikan:
            self.w.riwayat_pendidikan((p.nip, e.jenjang, e.jurusan, e.institusi, e.tahun))

    def _histories(self, p: Person, pos: Position, segs: list, *, incomplete: bool) -> None:
        rng, w, as_of = self.rng, self.w, self.as_of
        self._education(p)
        write_career(w, p.nip, segs)
        focus = pick_focus(rng, p)
        write_diklat(w, rng, p, segs, as_of=as_of, active_learner=rng.random() < 0.82, focus=focus)
        write_sertifikasi(w, rng, p, pos, as_of=as_of, focus=focus)
        trait = pick_trait(rng)
        kategori = write_asesmen(w, rng, p, pos, trait, as_of=as_of, incomplete=incomplete)
        kinerja = write_kinerja(
            w, rng, p, trait, as_of=as_of, incomplete=incomplete and rng.random() < 0.6
        )
        write_hukuman(w, rng, p, trait, as_of=as_of)
        write_official(w, rng, p, pos, kinerja, kategori, as_of=as_of)


def _unit_names(org: Organisation) -> UnitNames:
    by_field: dict[str, list[str]] = {}
    for u in org.units:
        by_field.setdefault(u.field, []).append(u.nama)
    return UnitNames(by_field, org.units[0].nama)


def generate_to(
    out_dir: Path,
    *,
    pegawai: int,
    seed: int,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> GenerateReport:
    """Write the synthetic Jambi dataset (``pegawai`` employees) to ``out_dir``.

    Deterministic for (``pegawai``, ``seed``, ``as_of``); ``as_of`` defaults to today (WIB).
    """
    if pegawai < len(AGENCIES):
        raise ValueError(f"pegawai must be at least {len(AGENCIES)} (one per instansi)")
    as_of = as_of or today_wib()
    rng = random.Random(seed)
    started = time.perf_counter()
    report = GenerateReport(out_dir, pegawai, seed, as_of)
    with Writer(out_dir) as w:
        run = _Run(w, rng, as_of, pegawai, progress)
        for agency, n in zip(AGENCIES, allocate_agencies(pegawai).values(), strict=True):
            retired = round(n * RETIRED_SHARE)
            new = round(n * NEW_HIRE_SHARE)
            org = build_organisation(rng, agency, n - retired - new)
            run.write_org(org)
            units = _unit_names(org)
            for pos in org.positions:
                for _ in range(pos.filled):
                    run.person(agency, units, pos, kind="seat")
            for _ in range(retired):
                run.person(agency, units, rng.choice(org.positions), kind="retired")
            roots = [p for p in org.positions if p.unit.induk is None]
            for _ in range(new):
                run.new_hire(agency, rng.choice(roots))
        report.counts = dict(w.counts)
    report.seconds = time.perf_counter() - started
    log.info(
        "synthetic data generated",
        extra={
            "pegawai": pegawai,
            "seed": seed,
            "rows": report.total_rows,
            "seconds": round(report.seconds, 2),
        },
    )
    return report
