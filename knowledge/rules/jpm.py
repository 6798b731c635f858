"""Job-person match: assessed competency levels against a position's standard, in percent.

JPM = sum of the employee's levels / sum of the standard levels × 100, over the standard's
competencies that the assessment covers. Capped by default (a level above the standard
counts as the standard). The category follows the agency's scheme (90/78 or 80/68), compared
exactly (integer arithmetic), so 90.0 % is "Optimal" and 89.99 % is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from db.clock import today_wib
from knowledge.rules.facts import EmployeeFacts, PositionFacts
from knowledge.rules.result import merge_citations
from knowledge.rules.settings import DEFAULT_SETTINGS, JpmSkema, MeritSettings
from knowledge.rules.thresholds import thresholds

PERCENT = 100
# The standard the levels are held against, where the JPM ratio is defined (a 2020 regulation
# on one JF; not Peraturan BKN 26/2019), and the agency's choice of scheme.
BASE_CITATIONS = (
    "permenpanrb-38-2017",
    "jpm-skema-uji-kompetensi-jf",
    "kebijakan-talenta:angka-3",
)
CAPPED = "kebijakan-talenta:angka-4"


@dataclass(frozen=True, slots=True)
class CompetencyGap:
    kompetensi: str
    standar: int
    level: int | None  # None: not assessed

    @property
    def selisih(self) -> int:
        return max(self.standar - (self.level or 0), 0)

    @property
    def penjelasan(self) -> str:
        if self.level is None:
            return f"{self.kompetensi}: belum dinilai (standar level {self.standar})"
        return f"{self.kompetensi}: level {self.level} dari standar {self.standar}"


@dataclass(frozen=True, slots=True)
class Scheme:
    code: JpmSkema
    bounds: tuple[int, ...]  # descending, e.g. (90, 78)
    labels: tuple[str, ...]  # one more than bounds
    citations: tuple[str, ...]

    @property
    def name(self) -> str:
        return "/".join(str(b) for b in self.bounds)

    def category(self, achieved: int, total: int) -> int:
        """1-based category: 1 when achieved/total >= first bound, and so on."""
        for i, bound in enumerate(self.bounds, start=1):
            if achieved * PERCENT >= bound * total:
                return i
        return len(self.bounds) + 1


@cache
def scheme(code: JpmSkema) -> Scheme:
    t = thresholds()
    bounds, labels = t.integers(f"jpm.{code}.batas"), t.texts(f"jpm.{code}.label")
    if len(labels) != len(bounds) + 1:
        raise ValueError(f"skema JPM {code}: jumlah label harus satu lebih banyak dari batas")
    cites = merge_citations(t.cites(f"jpm.{code}.batas"), t.cites(f"jpm.{code}.label"))
    return Scheme(code=code, bounds=bounds, labels=labels, citations=cites)


@dataclass(frozen=True, slots=True)
class JpmResult:
    jabatan_id: int
    skema: Scheme
    dibatasi: bool
    persen: float | None  # None: cannot be computed
    kategori_ke: int | None
    gaps: tuple[CompetencyGap, ...]  # below standard or not assessed, largest first
    citations: tuple[str, ...]
    penjelasan: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kategori(self) -> str | None:
        return None if self.kategori_ke is None else self.skema.labels[self.kategori_ke - 1]


@cache  # competency names: a small closed set
def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def jpm(
    employee: EmployeeFacts,
    position: PositionFacts,
    *,
    as_of: date | None = None,
    settings: MeritSettings | None = None,
) -> JpmResult:
    settings = settings or DEFAULT_SETTINGS
    as_of = as_of or today_wib()
    sch = scheme(settings.skema_for(position.instansi_kode))
    cites = merge_citations(
        sch.citations, BASE_CITATIONS, (CAPPED,) if settings.jpm_dibatasi else ()
    )
    a = employee.asesmen
    base = {"jabatan_id": position.jabatan_id, "skema": sch.name, "dibatasi": settings.jpm_dibatasi}

    def cannot(why: str, **data: Any) -> JpmResult:
        gaps = tuple(CompetencyGap(k, v, None) for k, v in position.standar.items())
        return JpmResult(
            position.jabatan_id,
            sch,
            settings.jpm_dibatasi,
            None,
            None,
            gaps,
            cites,
            why,
            {**base, **data},
        )

    if not position.standar:
        return cannot(
            f"Jabatan {position.nama} belum punya standar kompetensi; JPM tak dapat dihitung."
        )
    if a is None or a.tanggal > as_of:
        return cannot("Belum ada hasil asesmen kompetensi; JPM tak dapat dihitung.")
    levels = {_norm(k): v for k, v in a.levels.items()}
    achieved = total = 0
    gaps: list[CompetencyGap] = []
    used: dict[str, tuple[int, int | None]] = {}
    for name, std in position.standar.items():
        level = levels.get(_norm(name))
        used[name] = (std, level)
        if level is None:
            gaps.append(CompetencyGap(name, std, None))
            continue
        total += std
        achieved += min(level, std) if settings.jpm_dibatasi else level
        if level < std:
            gaps.append(CompetencyGap(name, std, level))
    data = {**base, "asesmen_tanggal": a.tanggal.isoformat(), "kompetensi": used}
    if total == 0:
        return cannot("Asesmen tidak mencakup kompetensi dalam standar jabatan ini.", **data)
    cat = sch.category(achieved, total)
    pct = achieved * PERCENT / total
    missing = [g.kompetensi for g in gaps if g.level is None]
    shown = f"{pct:.1f}".replace(".", ",")  # Indonesian decimal comma
    text = f"JPM {shown}% ({sch.labels[cat - 1]}, skema {sch.name})"
    if missing:
        text += f"; {len(missing)} kompetensi belum dinilai"
    gaps.sort(key=lambda g: (-g.selisih, g.kompetensi))
    return JpmResult(
        position.jabatan_id,
        sch,
        settings.jpm_dibatasi,
        pct,
        cat,
        tuple(gaps),
        cites,
        text + ".",
        data,
    )
