"""One agency's organisation: units (OPD and their sub-units) and positions with standards.

The structure is scaled to the agency's headcount: a small dataset keeps the first OPDs of the
catalogue with fewer sub-units; the remaining headcount fills fungsional and pelaksana
positions (``formasi`` > 1) and frontline units (schools, puskesmas). Structural positions
are sometimes left vacant. Everything is drawn from the caller's seeded ``random.Random``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from db.generate.catalogue import AGENCIES, FUNGSIONAL, Agency, Fungsional, Opd
from db.generate.fields import FIELDS
from db.generate.opd import opd_catalogue
from db.generate.standards import standard

STRUCTURAL_VACANCY = 0.08
JENJANG_LABEL = {
    "ahli_pertama": "Ahli Pertama",
    "ahli_muda": "Ahli Muda",
    "ahli_madya": "Ahli Madya",
    "ahli_utama": "Ahli Utama",
    "pemula": "Pemula",
    "terampil": "Terampil",
    "mahir": "Mahir",
    "penyelia": "Penyelia",
}
# (nama, pendidikan_min) of pelaksana positions, by education track.
PELAKSANA = (
    ("Penelaah Teknis Kebijakan", "S1"),
    ("Penata Layanan Operasional", "S1"),
    ("Pengolah Data dan Informasi", "D-III"),
    ("Pengelola Layanan Operasional", "D-III"),
    ("Pengadministrasi Perkantoran", "SLTA"),
    ("Operator Layanan Operasional", "SLTA"),
)
_PELAKSANA_WEIGHTS = (0.22, 0.18, 0.15, 0.13, 0.2, 0.12)


@dataclass(slots=True)
class PlannedUnit:
    kode: str
    nama: str
    singkatan: str | None
    induk: str | None
    field: str


@dataclass(slots=True)
class Position:
    kode: str
    nama: str
    jenis: str
    jenjang: str | None
    eselon: str | None
    unit: PlannedUnit
    field: str
    pendidikan_min: str
    atasan: Position | None
    filled: int = 1
    formasi: int = 1
    pppk_share: float = 0.0
    base_nama: str = ""  # the JF or pelaksana name without jenjang (for histories)
    standar: tuple[tuple[str, str, int], ...] = ()

    @property
    def bup(self) -> int:
        """Batas usia pensiun (PP 11/2017 Pasal 239, FACTS.md §3)."""
        if self.jenis.startswith("jpt") or self.jenjang == "ahli_madya":
            return 60
        if self.jenjang == "ahli_utama":
            return 65
        return 58


@dataclass(slots=True)
class Organisation:
    agency: Agency
    units: list[PlannedUnit] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)


def split(total: int, weights: Sequence[float]) -> list[int]:
    """Largest-remainder split of ``total`` into integer parts proportional to ``weights``."""
    wsum = sum(weights)
    if total <= 0 or wsum <= 0:
        return [0] * len(weights)
    raw = [total * w / wsum for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def allocate_agencies(total: int) -> dict[str, int]:
    """Employees per agency: at least one each, the rest by weight (province largest)."""
    rest = split(total - len(AGENCIES), [a.weight for a in AGENCIES])
    return {a.kode: 1 + n for a, n in zip(AGENCIES, rest, strict=True)}


def _sub_head_title(unit_name: str) -> str:
    if unit_name.startswith("Inspektorat Pembantu"):
        return "Inspektur Pembantu" + unit_name.removeprefix("Inspektorat Pembantu")
    return "Kepala " + unit_name


class _OrgBuilder:
    def __init__(self, rng: random.Random, agency: Agency) -> None:
        self.rng = rng
        self.org = Organisation(agency)
        self.prov = agency.jenis == "provinsi"
        self.seq: dict[str, int] = {}
        self.heads: dict[str, Position] = {}

    def unit(
        self, kode: str, nama: str, singkatan: str | None, induk: PlannedUnit | None, fld: str
    ) -> PlannedUnit:
        u = PlannedUnit(kode, nama, singkatan, induk.kode if induk else None, fld)
        self.org.units.append(u)
        return u

    def position(
        self,
        unit: PlannedUnit,
        nama: str,
        jenis: str,
        *,
        eselon: str | None = None,
        jenjang: str | None = None,
        fld: str | None = None,
        pendidikan: str = "S1",
        atasan: Position | None = None,
        filled: int = 1,
        pppk: float = 0.0,
        base: str = "",
    ) -> Position:
        n = self.seq.get(unit.kode, 0) + 1
        self.seq[unit.kode] = n
        f = fld or unit.field
        p = Position(
            f"{unit.kode}.{n:02d}",
            nama,
            jenis,
            jenjang,
            eselon,
            unit,
            f,
            pendidikan,
            atasan,
            filled=filled,
            formasi=max(1, filled),
            pppk_share=pppk,
            base_nama=base or nama,
            standar=standard(self.rng, jenis, jenjang, f),
        )
        self.org.positions.append(p)
        if jenis in ("administrator", "jpt_pratama", "jpt_madya") and unit.kode not in self.heads:
            self.heads[unit.kode] = p
        return p

    def structural(
        self,
        unit: PlannedUnit,
        nama: str,
        jenis: str,
        eselon: str,
        atasan: Position | None,
        fld: str | None = None,
        keep: bool = False,
    ) -> Position:
        vacant = not keep and self.rng.random() < STRUCTURAL_VACANCY
        pend = "S1" if jenis != "pengawas" else ("S1" if self.rng.random() < 0.7 else "D-III")
        if jenis.startswith("jpt"):
            pend = "S1" if self.rng.random() < 0.5 else "S2"
        return self.position(
            unit,
            nama,
            jenis,
            eselon=eselon,
            fld=fld,
            pendidikan=pend,
            atasan=atasan,
            filled=0 if vacant else 1,
        )


def _struct_size(opd: Opd, n_bidang: int, kasi: int) -> int:
    sek = 0 if opd.kind == "setda" else 3
    return 1 + sek + min(n_bidang, len(opd.bidang)) * (1 + kasi)


def build_organisation(rng: random.Random, agency: Agency, seats: int) -> Organisation:
    """Units and positions of one agency with ``seats`` filled seats in total."""
    b = _OrgBuilder(rng, agency)
    n_bidang = 2 if seats < 250 else (3 if seats < 800 else 6)
    kasi = 1 if seats < 800 else 2
    budget = max(12, int(0.3 * seats))
    cat = opd_catalogue(agency)
    chosen: list[Opd] = []
    used = 0
    for i, opd in enumerate(cat):
        size = _struct_size(opd, n_bidang, kasi)
        if i < 3 or used + size <= budget:
            chosen.append(opd)
            used += size
    sekda: Position | None = None
    offices: list[tuple[Opd, PlannedUnit, list[PlannedUnit], Position]] = []
    for opd in chosen:
        nama = opd.nama.format(ibukota=agency.ibukota)
        root = b.unit(opd.kode, nama, opd.singkatan, None, opd.field)
        if opd.kind == "setda":
            jenis, es = ("jpt_madya", "I.b") if b.prov else ("jpt_pratama", "II.a")
            head = b.structural(root, opd.kepala, jenis, es, None, keep=True)
            sekda = head
        else:
            head = b.structural(
                root,
                opd.kepala.format(ibukota=agency.ibukota),
                "jpt_pratama",
                "II.a" if b.prov else "II.b",
                sekda,
            )
        subs: list[PlannedUnit] = []
        if opd.kind != "setda":
            sek_name = "Bagian Tata Usaha" if opd.kind == "rsud" else "Sekretariat"
            sek = b.unit(f"{opd.kode}.SEK", sek_name, None, root, "umum")
            subs.append(sek)
            s_head = b.structural(
                sek,
                f"{'Kepala Bagian Tata Usaha' if opd.kind == 'rsud' else 'Sekretaris'}",
                "administrator",
                "III.a",
                head,
                fld="umum",
            )
            b.structural(
                sek,
                "Kepala Subbagian Umum dan Kepegawaian",
                "pengawas",
                "IV.a",
                s_head,
                fld="kepegawaian",
            )
            b.structural(
                sek,
                "Kepala Subbagian Perencanaan dan Keuangan",
                "pengawas",
                "IV.a",
                s_head,
                fld="keuangan",
            )
        for j, (bname, bfield) in enumerate(opd.bidang[:n_bidang], start=1):
            sub = b.unit(f"{opd.kode}.{j:02d}", bname, None, root, bfield)
            subs.append(sub)
            title = _sub_head_title(bname)
            teknis = FIELDS[bfield].teknis
            if opd.kind == "setda" and b.prov:  # Biro: JPT pratama with Kepala Bagian under it
                s_head = b.structural(sub, title, "jpt_pratama", "II.b", head)
                for k in range(kasi):
                    b.structural(
                        sub,
                        f"Kepala Bagian {teknis[k % len(teknis)]}",
                        "administrator",
                        "III.a",
                        s_head,
                    )
                continue
            es = "III.a" if (b.prov or opd.kind in ("setda", "inspektorat")) else "III.b"
            s_head = b.structural(sub, title, "administrator", es, head)
            prefix = "Kepala Subbagian" if bname.startswith("Bagian") else "Kepala Seksi"
            for k in range(kasi):
                if opd.kind == "inspektorat":
                    break  # Irban units work through auditors, not seksi
                b.structural(sub, f"{prefix} {teknis[k % len(teknis)]}", "pengawas", "IV.a", s_head)
        offices.append((opd, root, subs, head))

    structural_filled = sum(p.filled for p in b.org.positions)
    if structural_filled > seats:  # tiny datasets: leave the lowest posts vacant
        for p in reversed(b.org.positions):
            if structural_filled <= seats:
                break
            if p.filled and p is not sekda:
                p.filled = 0
                structural_filled -= 1
    rest = seats - structural_filled
    shares = split(rest, [opd.weight for opd, *_ in offices])
    for (opd, root, subs, head), share in zip(offices, shares, strict=True):
        _fill_opd(b, opd, root, subs, head, share)
    return b.org


def _jenjang_split(rng: random.Random, jf: Fungsional, total: int) -> list[tuple[str, int]]:
    tracks: list[tuple[str, float]] = []
    if jf.ahli:
        tracks += [("ahli_pertama", 0.38), ("ahli_muda", 0.34), ("ahli_madya", 0.24)]
        if jf.utama and total >= 25:
            tracks.append(("ahli_utama", 0.02))
    if jf.terampil:
        w = 0.5 if jf.ahli else 1.0
        tracks += [("terampil", 0.45 * w), ("mahir", 0.33 * w), ("penyelia", 0.22 * w)]
    return [(j, n) for (j, _), n in zip(tracks, split(total, [w for _, w in tracks]), strict=True)]


def _add_fungsional(
    b: _OrgBuilder, unit: PlannedUnit, key: str, total: int, atasan: Position
) -> None:
    jf = FUNGSIONAL[key]
    for jenjang, n in _jenjang_split(b.rng, jf, total):
        if n == 0 and b.rng.random() > 0.1:
            continue
        pend = "S1" if jenjang.startswith("ahli") else "D-III"
        p = b.position(
            unit,
            f"{jf.nama} {JENJANG_LABEL[jenjang]}",
            "fungsional",
            jenjang=jenjang,
            fld=jf.field,
            pendidikan=pend,
            atasan=atasan,
            filled=n,
            pppk=jf.pppk_share,
            base=jf.nama,
        )
        p.formasi = n + (1 if b.rng.random() < 0.2 else 0) if n else 1


def _add_pelaksana(b: _OrgBuilder, unit: PlannedUnit, total: int, atasan: Position) -> None:
    for (nama, pend), n in zip(PELAKSANA, split(total, _PELAKSANA_WEIGHTS), strict=True):
        if n == 0:
            continue
        p = b.position(unit, nama, "pelaksana", pendidikan=pend, atasan=atasan, filled=n, pppk=0.05)
        p.formasi = n + (1 if b.rng.random() < 0.1 else 0)


def _unit_head(b: _OrgBuilder, unit: PlannedUnit, default: Position) -> Position:
    return b.heads.get(unit.kode, default)


def _fill_opd(
    b: _OrgBuilder, opd: Opd, root: PlannedUnit, subs: list[PlannedUnit], head: Position, share: int
) -> None:
    frontline = int(share * 0.85) if opd.satuan else 0
    office = share - frontline
    n_f = len(opd.fungsional)
    f_part, p_part = split(office, [0.45 if n_f else 0.0, 0.55])
    heads = [_unit_head(b, u, head) for u in subs] or [head]
    units = subs or [root]
    for idx, (key, n) in enumerate(zip(opd.fungsional, split(f_part, [1.0] * n_f), strict=True)):
        u = units[(idx + 1) % len(units)] if len(units) > 1 else units[0]
        _add_fungsional(b, u, key, n, heads[units.index(u)])
    for u, n, h in zip(units, split(p_part, [1.0] * len(units)), heads, strict=True):
        _add_pelaksana(b, u, n, h)
    if frontline:
        _add_frontline(b, opd, root, heads[min(1, len(heads) - 1)], frontline)


def _add_frontline(
    b: _OrgBuilder, opd: Opd, root: PlannedUnit, atasan: Position, total: int
) -> None:
    agency = b.org.agency
    size = 30 if opd.satuan == "sekolah" else 25
    count = max(1, min(400, round(total / size)))
    cities = [a.ibukota for a in AGENCIES if a.jenis != "provinsi"]
    for i, n in enumerate(split(total, [1.0] * count), start=1):
        if opd.satuan == "sekolah":
            if b.prov:
                kind = "SMA" if i % 3 else "SMK"
                nama = f"{kind} Negeri {(i + 2) // 3} {cities[i % len(cities)]}"
            else:
                kind = "SD" if i % 4 else "SMP"
                nama = f"{kind} Negeri {i} {agency.ibukota}"
            u = b.unit(f"{opd.kode}.S{i:03d}", nama, None, root, "pendidikan")
            guru, tu = split(n, [0.9, 0.1])
            _add_fungsional(b, u, "guru", guru, atasan)
            _add_pelaksana(b, u, tu, atasan)
        else:
            u = b.unit(
                f"{opd.kode}.P{i:03d}",
                f"UPTD Puskesmas {agency.ibukota} {i}",
                None,
                root,
                "kesehatan",
            )
            parts = split(n, [0.1, 0.35, 0.3, 0.1, 0.15])
            for key, m in zip(("dokter", "perawat", "bidan", "adminkes"), parts, strict=False):
                _add_fungsional(b, u, key, m, atasan)
            _add_pelaksana(b, u, parts[4], atasan)
