"""The merit side of a candidate: remaining criteria, JPM, nine-box, performance and flags.

This is the one seam between search and the merit rules: :class:`MeritAssessment` is what the
ranking and the explanations read, and :func:`assess` fills it for a batch of employees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from db.models import (
    Asesmen,
    AsesmenKompetensi,
    HukumanDisiplin,
    Jabatan,
    JabatanKompetensi,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RiwayatJabatan,
)
from retrieval.search.merit_values import KINERJA_RANK, kinerja_score


@dataclass(frozen=True)
class CriterionLine:
    """One criterion for one person: requirement, their value, verdict and where the law says so.

    ``ok`` is None when the records cannot tell (to be verified by HR).
    """

    kriteria: str
    syarat: str
    nilai: str
    ok: bool | None
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    kompetensi: str
    standar: int
    level: int


@dataclass
class MeritAssessment:
    pegawai_id: int
    lines: list[CriterionLine] = field(default_factory=list)
    jpm: float | None = None  # percent
    jpm_label: str | None = None
    gaps: list[Gap] = field(default_factory=list)
    kotak: int | None = None
    kotak_resmi: bool = False
    kotak_sumber: str | None = None
    kinerja: float | None = None  # 0–1
    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    citations: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        return all(line.ok is not False for line in self.lines)

    @property
    def failing(self) -> list[CriterionLine]:
        return [line for line in self.lines if line.ok is False]


# Prior positions that count as experience for a structural target (kind[:jenjang], years).
PENGALAMAN: dict[str, tuple[tuple[str, ...], int, tuple[str, ...]]] = {
    "jpt_madya": (("jpt_pratama", "fungsional:ahli_utama"), 2, ("pp-11-2017:pasal-107:huruf-b",)),
    "jpt_pratama": (
        ("administrator", "fungsional:ahli_madya"),
        2,
        ("pp-11-2017:pasal-107:huruf-c",),
    ),
    "administrator": (("pengawas", "fungsional:ahli_muda"), 3, ("pp-11-2017",)),
    "pengawas": (
        ("pelaksana", "fungsional:ahli_pertama", "fungsional:terampil", "fungsional:mahir"),
        4,
        ("pp-11-2017",),
    ),
}
KINERJA_SYARAT = ("administrator", "pengawas", "fungsional", "jpt_pratama", "jpt_madya")
HUKUMAN_GAGAL = ("sedang", "berat")
HUKUMAN_JENDELA_TAHUN = 5
BUP: dict[str, int] = {
    "jpt_utama": 60,
    "jpt_madya": 60,
    "jpt_pratama": 60,
    "fungsional:ahli_madya": 60,
    "fungsional:ahli_utama": 65,
}
BUP_DEFAULT = 58
NEAR_RETIREMENT_MONTHS = 12
MUTASI_MIN, MUTASI_MAKS = 2, 5
# JPM scheme of the JF competency test (FACTS §7 scheme A); the agency may choose another.
JPM_BATAS = (
    (80.0, "Memenuhi syarat"),
    (68.0, "Masih memenuhi syarat"),
    (0.0, "Kurang memenuhi syarat"),
)
JPM_CITATIONS = ("jpm-skema-uji-kompetensi-jf", "permenpanrb-38-2017")
# Nine-box from (performance level, potential level), Permenpan RB 3/2020 practice (box 9 best).
KOTAK: dict[tuple[str, str], int] = {
    ("atas", "tinggi"): 9,
    ("sesuai", "tinggi"): 8,
    ("atas", "menengah"): 7,
    ("bawah", "tinggi"): 6,
    ("sesuai", "menengah"): 5,
    ("atas", "rendah"): 4,
    ("bawah", "menengah"): 3,
    ("sesuai", "rendah"): 2,
    ("bawah", "rendah"): 1,
}
NINEBOX_CITATIONS = ("permenpanrb-3-2020", "ninebox-praktik")


def _years(a: date, b: date) -> float:
    return max(0.0, (b - a).days / 365.25)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def jpm(levels: dict[str, int], standar: dict[str, int]) -> tuple[float | None, list[Gap]]:
    """Job-person match: achieved levels (capped at the standard) over the standard, in %."""
    if not standar or not levels:
        return None, []
    total = sum(standar.values())
    got = sum(min(levels.get(k, 0), v) for k, v in standar.items())
    gaps = sorted(
        (Gap(k, v, levels.get(k, 0)) for k, v in standar.items() if levels.get(k, 0) < v),
        key=lambda g: (g.level - g.standar, g.kompetensi),
    )
    return round(100.0 * got / total, 1), gaps


def jpm_label(value: float) -> str:
    return next(label for bound, label in JPM_BATAS if value >= bound)


def estimate_box(predikat: str | None, potensi: float | None, kategori: str | None) -> int | None:
    if predikat is None or (potensi is None and kategori is None):
        return None
    perf = {"Sangat Baik": "atas", "Baik": "sesuai"}.get(predikat, "bawah")
    if kategori in ("rendah", "menengah", "tinggi"):
        pot = kategori
    else:
        assert potensi is not None
        pot = "tinggi" if potensi >= 80 else "menengah" if potensi >= 60 else "rendah"
    return KOTAK[(perf, pot)]


def _kind(jenis: str | None, jenjang: str | None) -> str:
    return f"fungsional:{jenjang}" if jenis == "fungsional" else (jenis or "")


def assess(
    session: Session, ids: Iterable[int], *, position: Jabatan | None, today: date
) -> dict[int, MeritAssessment]:
    """Merit assessment of each employee, against ``position`` when one is given."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    pegawai = {
        p.id: p for p in session.execute(select(Pegawai).where(col(Pegawai.id).in_(ids))).scalars()
    }
    cur_jab = {
        j.id: j
        for j in session.execute(
            select(Jabatan).where(
                col(Jabatan.id).in_({p.jabatan_id for p in pegawai.values() if p.jabatan_id})
            )
        ).scalars()
    }
    latest: dict[int, Asesmen] = {}
    for a in session.execute(select(Asesmen).where(col(Asesmen.pegawai_id).in_(ids))).scalars():
        if a.pegawai_id not in latest or a.tanggal > latest[a.pegawai_id].tanggal:
            latest[a.pegawai_id] = a
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    owner = {a.id: pid for pid, a in latest.items()}
    if owner:
        q = select(AsesmenKompetensi).where(col(AsesmenKompetensi.asesmen_id).in_(list(owner)))
        for ak in session.execute(q).scalars():
            levels[owner[ak.asesmen_id]][ak.kompetensi] = ak.level
    kinerja: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for k in session.execute(select(Kinerja).where(col(Kinerja.pegawai_id).in_(ids))).scalars():
        kinerja[k.pegawai_id].append((k.tahun, k.predikat))
    hukuman: dict[int, list[HukumanDisiplin]] = defaultdict(list)
    for h in session.execute(
        select(HukumanDisiplin).where(col(HukumanDisiplin.pegawai_id).in_(ids))
    ).scalars():
        hukuman[h.pegawai_id].append(h)
    resmi: dict[int, NineBoxResmi] = {}
    for nb in session.execute(
        select(NineBoxResmi).where(col(NineBoxResmi.pegawai_id).in_(ids))
    ).scalars():
        if nb.pegawai_id not in resmi or nb.tahun > resmi[nb.pegawai_id].tahun:
            resmi[nb.pegawai_id] = nb
    riwayat: dict[int, list[RiwayatJabatan]] = defaultdict(list)
    for r in session.execute(
        select(RiwayatJabatan).where(col(RiwayatJabatan.pegawai_id).in_(ids))
    ).scalars():
        riwayat[r.pegawai_id].append(r)
    standar: dict[str, int] = {}
    if position is not None:
        std_q = select(JabatanKompetensi).where(col(JabatanKompetensi.jabatan_id) == position.id)
        standar = {jk.kompetensi: jk.level for jk in session.execute(std_q).scalars()}

    out: dict[int, MeritAssessment] = {}
    for pid in ids:
        peg = pegawai.get(pid)
        if peg is None:
            continue
        m = MeritAssessment(pid)
        perf = sorted(kinerja[pid])
        m.kinerja = kinerja_score(perf)
        if m.kinerja is None:
            m.missing.append("penilaian kinerja")
        a = latest.get(pid)
        if a is None:
            m.missing.append("hasil asesmen kompetensi")
        if position is not None and a is not None:
            m.jpm, gaps = jpm(levels[pid], standar)
            m.gaps = gaps[:3]
            if m.jpm is not None:
                m.jpm_label = jpm_label(m.jpm)
        nb = resmi.get(pid)
        if nb is not None:
            m.kotak, m.kotak_resmi, m.kotak_sumber = nb.kotak, True, f"{nb.sumber} {nb.tahun}"
        elif a is not None:
            m.kotak = estimate_box(
                perf[-1][1] if perf else None, a.skor_potensi, a.kategori_potensi
            )
        if position is not None:
            m.lines = _lines(position, perf, hukuman[pid], riwayat[pid], today)
        m.flags = _flags(peg, cur_jab.get(peg.jabatan_id or -1), hukuman[pid], today)
        cites: list[str] = [c for line in m.lines for c in line.citations]
        if m.jpm is not None:
            cites += JPM_CITATIONS
        if m.kotak is not None:
            cites += NINEBOX_CITATIONS
        m.citations = tuple(dict.fromkeys(cites))
        out[pid] = m
    return out


def _lines(
    position: Jabatan,
    perf: list[tuple[int, str]],
    hukuman: list[HukumanDisiplin],
    riwayat: list[RiwayatJabatan],
    today: date,
) -> list[CriterionLine]:
    lines: list[CriterionLine] = []
    need = PENGALAMAN.get(position.jenis)
    if need is not None:
        kinds, years, cites = need
        held = sum(
            _years(r.tmt_mulai, r.tmt_selesai or today)
            for r in riwayat
            if _kind(r.jenis_jabatan, r.jenjang) in kinds or r.jenis_jabatan in kinds
        )
        label = " atau ".join(k.replace("fungsional:", "JF ").replace("_", " ") for k in kinds)
        lines.append(
            CriterionLine(
                "pengalaman",
                f"pernah {label} minimal {years} tahun",
                f"{held:.1f} tahun",
                held >= years,
                cites,
            )
        )
    if position.jenis in KINERJA_SYARAT:
        last = perf[-2:]
        ok: bool | None
        if len(last) < 2:
            ok, nilai = None, "kurang dari 2 tahun tercatat"
        else:
            ok = all(KINERJA_RANK.get(p, 0) >= KINERJA_RANK["Baik"] for _, p in last)
            nilai = ", ".join(f"{t} {p}" for t, p in last)
        lines.append(
            CriterionLine(
                "kinerja",
                "predikat kinerja minimal Baik 2 tahun terakhir",
                nilai,
                ok,
                ("pp-11-2017", "permenpanrb-6-2022"),
            )
        )
    batas = _add_years(today, -HUKUMAN_JENDELA_TAHUN)
    berat = [
        h
        for h in hukuman
        if h.tingkat in HUKUMAN_GAGAL and (h.tmt_selesai is None or h.tmt_selesai >= batas)
    ]
    lines.append(
        CriterionLine(
            "integritas",
            f"tanpa hukuman disiplin sedang/berat {HUKUMAN_JENDELA_TAHUN} tahun terakhir",
            f"hukuman {berat[0].tingkat} sejak {berat[0].tmt_mulai.year}" if berat else "tidak ada",
            not berat,
            ("kebijakan-talenta",),
        )
    )
    return lines


def _flags(
    peg: Pegawai, jab: Jabatan | None, hukuman: list[HukumanDisiplin], today: date
) -> list[str]:
    flags: list[str] = []
    bup = BUP.get(_kind(jab.jenis, jab.jenjang) if jab else "", BUP_DEFAULT)
    pensiun = _add_years(peg.tanggal_lahir, bup)
    months = (pensiun.year - today.year) * 12 + pensiun.month - today.month
    if 0 <= months <= NEAR_RETIREMENT_MONTHS:
        flags.append(
            f"mendekati BUP {bup} tahun (pensiun ± {months} bulan lagi; PP 11/2017 Pasal 239)"
        )
    recent = [h for h in hukuman if h.tmt_selesai is None or _years(h.tmt_selesai, today) < 3]
    if recent:
        h = max(recent, key=lambda x: x.tmt_mulai)
        flags.append(f"hukuman disiplin {h.tingkat} {h.tmt_mulai.year}")
    if peg.tmt_jabatan is not None:
        held = _years(peg.tmt_jabatan, today)
        if held < MUTASI_MIN:
            flags.append(
                f"baru {held:.1f} tahun di jabatan sekarang (mutasi paling cepat "
                f"{MUTASI_MIN} tahun; PP 11/2017 Pasal 190)"
            )
        elif held > MUTASI_MAKS:
            flags.append(
                f"sudah {held:.1f} tahun di jabatan sekarang (melewati {MUTASI_MAKS} "
                "tahun; PP 11/2017 Pasal 190)"
            )
    return flags
