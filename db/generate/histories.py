"""Career, training and certificate histories of one person, written as they are generated."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from db.generate.dates import from_index, month_index
from db.generate.fields import FIELDS
from db.generate.people import Person
from db.generate.positions import JENJANG_LABEL, PELAKSANA, Position
from db.generate.writer import Writer

FOCUS_FIELDS = ("pengadaan", "pengawasan", "keuangan", "kesehatan", "teknologi informasi")
_JENJANG_LADDER = {
    "ahli_utama": ("ahli_pertama", "ahli_muda", "ahli_madya"),
    "ahli_madya": ("ahli_pertama", "ahli_muda"),
    "ahli_muda": ("ahli_pertama",),
    "penyelia": ("terampil", "mahir"),
    "mahir": ("terampil",),
}
_STRUCT_LADDER = {
    "jpt_madya": ("pelaksana", "pengawas", "administrator", "jpt_pratama"),
    "jpt_pratama": ("pelaksana", "pengawas", "administrator"),
    "administrator": ("pelaksana", "pengawas"),
    "pengawas": ("pelaksana",),
}
_LEADERSHIP = {  # jenis of position -> (jenis diklat, name before 2019, name from 2019, JP)
    "pengawas": ("PKP", "Diklat Kepemimpinan Tingkat IV", "Pelatihan Kepemimpinan Pengawas", 300),
    "administrator": (
        "PKA",
        "Diklat Kepemimpinan Tingkat III",
        "Pelatihan Kepemimpinan Administrator",
        380,
    ),
    "jpt_pratama": (
        "PKN",
        "Diklat Kepemimpinan Tingkat II",
        "Pelatihan Kepemimpinan Nasional Tingkat II",
        420,
    ),
    "jpt_madya": (
        "PKN",
        "Diklat Kepemimpinan Tingkat I",
        "Pelatihan Kepemimpinan Nasional Tingkat I",
        480,
    ),
}


@dataclass(slots=True)
class Segment:
    nama: str
    jenis: str
    jenjang: str | None
    kode_instansi: str
    unit: str
    field: str
    mulai: date
    selesai: date | None


class UnitNames:
    """Unit names of an agency by field, for plausible past positions."""

    def __init__(self, by_field: dict[str, list[str]], fallback: str) -> None:
        self.by_field = by_field
        self.fallback = fallback

    def pick(self, rng: random.Random, fld: str) -> str:
        names = self.by_field.get(fld)
        return rng.choice(names) if names else self.fallback


def _past_name(rng: random.Random, jenis: str, jenjang: str | None, pos: Position, fld: str) -> str:
    teknis = FIELDS[fld].teknis
    if jenis == "pelaksana":
        return rng.choice(PELAKSANA)[0]
    if jenis == "fungsional" and jenjang:
        return f"{pos.base_nama} {JENJANG_LABEL[jenjang]}"
    if jenis == "pengawas":
        return f"Kepala Seksi {rng.choice(teknis)}"
    if jenis == "administrator":
        return f"Kepala Bidang {rng.choice(teknis)}"
    return pos.nama


def career(
    rng: random.Random,
    p: Person,
    pos: Position,
    kode_instansi: str,
    units: UnitNames,
    other_agencies: tuple[str, ...],
    *,
    as_of: date,
    ended: date | None = None,
) -> list[Segment]:
    """Past positions from the first appointment, ending at the current one."""
    assert p.tmt_cpns is not None
    start = month_index(p.tmt_cpns)
    end = month_index(ended or as_of)
    served = end - start
    if p.pppk or served < 24:
        cur = start
    else:
        longest = (
            84 if pos.jenis in ("jpt_pratama", "jpt_madya", "administrator", "pengawas") else 120
        )
        cur = end - rng.randint(3, max(4, min(served - 12, longest)))
    ladder: tuple[str, ...] = ()
    if pos.jenis in _STRUCT_LADDER:
        ladder = _STRUCT_LADDER[pos.jenis]
    elif pos.jenjang in _JENJANG_LADDER:
        ladder = _JENJANG_LADDER[pos.jenjang]
    elif pos.jenis == "pelaksana" and rng.random() < 0.4:
        ladder = ("pelaksana",)
    span = cur - start
    n = min(len(ladder), span // 18)
    ladder = ladder[len(ladder) - n :]
    cuts = sorted(rng.sample(range(1, span), n - 1)) if n > 1 else []
    starts = [start, *(start + c for c in cuts)]
    segs: list[Segment] = []
    moved = rng.random() < 0.05 and other_agencies
    for i, step in enumerate(ladder):
        jenis, jenjang = (
            (step, None) if step in _LEADERSHIP or step == "pelaksana" else ("fungsional", step)
        )
        fld = pos.field if rng.random() < 0.7 else rng.choice(tuple(FIELDS))
        inst = rng.choice(other_agencies) if moved and i == 0 else kode_instansi
        stop = starts[i + 1] if i + 1 < len(starts) else cur
        segs.append(
            Segment(
                _past_name(rng, jenis, jenjang, pos, fld),
                jenis,
                jenjang,
                inst,
                units.pick(rng, fld),
                fld,
                from_index(starts[i]),
                from_index(stop),
            )
        )
    segs.append(
        Segment(
            pos.nama,
            pos.jenis,
            pos.jenjang,
            kode_instansi,
            pos.unit.nama,
            pos.field,
            from_index(cur),
            ended,
        )
    )
    return segs


def write_career(w: Writer, nip: str, segs: list[Segment]) -> None:
    for s in segs:
        w.riwayat_jabatan(
            (nip, s.nama, s.jenis, s.jenjang, s.kode_instansi, s.unit, s.field, s.mulai, s.selesai)
        )


def write_diklat(
    w: Writer,
    rng: random.Random,
    p: Person,
    segs: list[Segment],
    *,
    as_of: date,
    active_learner: bool,
    focus: str | None,
) -> None:
    assert p.tmt_cpns is not None
    first_year = p.tmt_cpns.year
    seen: set[tuple[str, int]] = set()

    def add(nama: str, jenis: str, jp: int, tahun: int) -> None:
        tahun = min(tahun, as_of.year)
        if (nama, tahun) in seen or tahun < first_year:
            return
        seen.add((nama, tahun))
        w.diklat((p.nip, nama, jenis, jp, tahun))

    y_cpns = p.tmt_cpns.year
    if p.pppk:
        add("Orientasi Pegawai Pemerintah dengan Perjanjian Kerja", "teknis", 40, y_cpns)
    else:
        gol = "III" if p.pendidikan[-1].jenjang in ("S1", "S2", "S3") else "II"
        latsar_year = y_cpns + rng.randint(0, 1)
        name = "Pelatihan Dasar CPNS" if latsar_year >= 2018 else "Diklat Prajabatan"
        add(f"{name} Golongan {gol}", "LATSAR", 300 if latsar_year >= 2018 else 200, latsar_year)
    for s in segs:
        if s.jenis in _LEADERSHIP and rng.random() < 0.92:
            jenis, old, new, jp = _LEADERSHIP[s.jenis]
            y = s.mulai.year + rng.randint(0, 1)
            add(new if y >= 2019 else old, jenis, jp, y)
        elif s.jenis == "fungsional" and s.jenjang and rng.random() < 0.6:
            base = (
                s.nama.rsplit(" ", 2)[0]
                if s.jenjang.startswith("ahli")
                else s.nama.rsplit(" ", 1)[0]
            )
            add(
                f"Pelatihan Fungsional {base} Jenjang {JENJANG_LABEL[s.jenjang]}",
                "fungsional",
                rng.choice((60, 80, 120)),
                s.mulai.year + rng.randint(0, 1),
            )
    own = FIELDS[p.field].diklat
    for year in range(max(y_cpns, as_of.year - 6), as_of.year + 1):
        recent = year >= as_of.year - 2
        k = (
            (rng.randint(1, 3) if active_learner else int(rng.random() < 0.3))
            if recent
            else int(rng.random() < 0.5)
        )
        for nama, jp in rng.sample(own, min(k, len(own))):
            add(nama, "teknis", jp, year)
        if recent and rng.random() < 0.25:
            add(f"Seminar {rng.choice(FIELDS[p.field].teknis)}", "seminar", 8, year)
    if focus:
        for nama, jp in rng.sample(FIELDS[focus].diklat, 2):
            add(nama, "teknis", jp, as_of.year - rng.randint(0, 4))


def write_sertifikasi(
    w: Writer,
    rng: random.Random,
    p: Person,
    pos: Position,
    *,
    as_of: date,
    focus: str | None,
) -> None:
    assert p.tmt_cpns is not None
    certs = FIELDS[p.field].sertifikat
    chance = (
        0.9
        if p.field in ("kedokteran", "keperawatan")
        else (0.3 if pos.jenis != "pelaksana" else 0.08)
    )
    picked: list[tuple[str, str]] = []
    if rng.random() < chance:
        picked.append(
            certs[0]
            if p.field in ("kedokteran", "keperawatan", "pendidikan")
            else rng.choice(certs)
        )
        if len(certs) > 1 and rng.random() < 0.2:
            picked.append(rng.choice(certs))
    if focus:
        picked.append(rng.choice(FIELDS[focus].sertifikat))
    done: set[str] = set()
    for nama, penerbit in picked:
        if nama in done:
            continue
        done.add(nama)
        w.sertifikasi(
            (p.nip, nama, penerbit, rng.randint(max(p.tmt_cpns.year, as_of.year - 8), as_of.year))
        )


def pick_focus(rng: random.Random, p: Person) -> str | None:
    """A minority carries specific extra expertise (e.g. a procurement certificate at Disdik)."""
    if rng.random() < 0.06:
        return rng.choice([f for f in FOCUS_FIELDS if f != p.field])
    return None
