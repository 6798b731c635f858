"""Nine-box estimate: performance level × potential level → box 1–9 (a policy table).

The box table is corroborated only by public implementations (FACTS §11.5), so a computed
box is always an *estimate*; the official box from BKN's assessment, when the data has one,
is returned next to it and outranks it. Missing inputs never produce a guessed box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.clock import today_wib
from knowledge.rules.dates import completed_years
from knowledge.rules.facts import EmployeeFacts, NineBoxResmiFact
from knowledge.rules.jpm import jpm
from knowledge.rules.result import merge_citations
from knowledge.rules.settings import DEFAULT_SETTINGS, MeritSettings
from knowledge.rules.thresholds import thresholds

ESTIMATE = "kebijakan-talenta:angka-6"
KINERJA_ORDER = ("bawah", "sesuai", "atas")
POTENSI_ORDER = ("rendah", "menengah", "tinggi")
KINERJA_TEXT = {
    "atas": "di atas ekspektasi",
    "sesuai": "sesuai ekspektasi",
    "bawah": "di bawah ekspektasi",
}


@dataclass(frozen=True, slots=True)
class NineBoxResult:
    kotak: int | None  # None: cannot be placed
    label: str | None
    rekomendasi: str | None
    kinerja: str | None  # atas / sesuai / bawah
    potensial: str | None  # tinggi / menengah / rendah
    kurang: tuple[str, ...]  # what is missing when it cannot be placed
    resmi: NineBoxResmiFact | None  # official box (outranks the estimate)
    citations: tuple[str, ...]
    penjelasan: str
    perkiraan: bool = True  # a computed box is always an estimate
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kotak_final(self) -> int | None:
        """The box to act on: the official one when present, else the estimate."""
        return self.resmi.kotak if self.resmi is not None else self.kotak


def box_table() -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["kinerja"], r["potensial"]): r for r in thresholds().records("ninebox.kotak")}


def in_talent_pool(kotak: int) -> bool:
    """Boxes from ``suksesi.kotak_min`` up (7–9 in BKN's layout) are the talent pool proper:
    the people listed, by masked NIP, on a nine-box picture and by name on ``/talentpool``."""
    return kotak >= thresholds().integer("suksesi.kotak_min")


def box_info(kotak: int) -> dict[str, Any]:
    for row in thresholds().records("ninebox.kotak"):
        if row["kotak"] == kotak:
            return row
    raise KeyError(f"kotak tidak dikenal: {kotak}")


def _performance(
    emp: EmployeeFacts, as_of: date, n_years: int
) -> tuple[str | None, list[str], dict[int, str]]:
    mapping = thresholds().mapping("ninebox.kinerja_tingkat")
    missing: list[str] = []
    levels: list[str] = []
    used: dict[int, str] = {}
    for year in completed_years(as_of.year, n_years):
        predikat = emp.kinerja.get(year)
        if predikat is None or predikat not in mapping:
            missing.append(f"predikat kinerja {year}")
            continue
        used[year] = predikat
        levels.append(mapping[predikat])
    if missing:
        return None, missing, used
    return min(levels, key=KINERJA_ORDER.index), [], used


def _from_score(emp: EmployeeFacts) -> str | None:
    a = emp.asesmen
    if a is None:
        return None
    if a.skor_potensi is not None:
        high, mid = thresholds().integers("ninebox.skor_potensi.batas")
        if a.skor_potensi >= high:
            return "tinggi"
        return "menengah" if a.skor_potensi >= mid else "rendah"
    return a.kategori_potensi if a.kategori_potensi in POTENSI_ORDER else None


def _potential(
    emp: EmployeeFacts, as_of: date, settings: MeritSettings
) -> tuple[str | None, list[str], dict[str, Any]]:
    mode = settings.ninebox_potensi
    data: dict[str, Any] = {"sumber_potensi": mode}
    from_jpm: str | None = None
    if mode != "skor" and emp.jabatan is not None:
        r = jpm(emp, emp.jabatan, as_of=as_of, settings=settings)
        if r.kategori_ke is not None:
            from_jpm = thresholds().texts("ninebox.potensi_dari_jpm")[r.kategori_ke - 1]
            data["jpm_persen"] = r.persen
    from_score = _from_score(emp) if mode != "jpm" else None
    data |= {"potensi_jpm": from_jpm, "potensi_skor": from_score}
    need_jpm, need_score = mode in ("jpm", "jpm_dan_skor"), mode in ("skor", "jpm_dan_skor")
    missing = []
    if need_jpm and from_jpm is None:
        missing.append("JPM terhadap jabatan saat ini (asesmen kompetensi)")
    if need_score and from_score is None:
        missing.append("skor/kategori potensi dari asesmen")
    got = [p for p in (from_jpm, from_score) if p is not None]
    if missing or not got:
        return None, missing or ["JPM atau skor potensi dari asesmen"], data
    return min(got, key=POTENSI_ORDER.index), [], data


def _official(emp: EmployeeFacts, as_of: date) -> NineBoxResmiFact | None:
    rows = [r for r in emp.ninebox_resmi if r.tahun <= as_of.year]
    return max(rows, key=lambda r: r.tahun) if rows else None


def ninebox(
    employee: EmployeeFacts, *, as_of: date | None = None, settings: MeritSettings | None = None
) -> NineBoxResult:
    settings = settings or DEFAULT_SETTINGS
    as_of = as_of or today_wib()
    t = thresholds()
    cites = merge_citations(
        t.cites("ninebox.kotak"), t.cites("ninebox.kinerja_tingkat"), (ESTIMATE,)
    )
    kin, miss_k, used_k = _performance(employee, as_of, settings.ninebox_tahun_kinerja)
    pot, miss_p, data = _potential(employee, as_of, settings)
    if pot is not None or miss_p:
        cites = merge_citations(cites, t.cites("ninebox.potensi_dari_jpm"))
    data |= {"kinerja": used_k, "as_of": as_of.isoformat()}
    official = _official(employee, as_of)
    resmi_text = (
        f" Kotak resmi {official.sumber} {official.tahun}: {official.kotak}." if official else ""
    )
    if kin is None or pot is None:
        kurang = tuple(miss_k + miss_p)
        text = "Belum dapat ditempatkan di nine-box: belum ada " + "; ".join(kurang) + "."
        return NineBoxResult(
            None, None, None, kin, pot, kurang, official, cites, text + resmi_text, data=data
        )
    row = box_table()[(kin, pot)]
    cites = merge_citations(cites, (f"ninebox-praktik:angka-{row['kotak']}",))
    text = (
        f"Perkiraan kotak {row['kotak']} ({row['label']}): kinerja {KINERJA_TEXT[kin]}, "
        f"potensial {pot}."
    )
    return NineBoxResult(
        row["kotak"],
        row["label"],
        row["rekomendasi"],
        kin,
        pot,
        (),
        official,
        cites,
        text + resmi_text,
        data=data,
    )
