"""What an ASN lacks for a target position ("how do I move up"), in a documented order.

Heuristic (docs/merit-rules.md):
1. legal blockers that time will not fix (status, education, age over the limit, a missing
   prior position, a sanction still running) — nothing else matters until these change;
2. time-bound ones, with the date they clear if nothing else changes, soonest first — a
   time-bound gap that would clear only after the age limit is passed becomes a blocker;
3. competency gaps, largest gap first;
4. facts the system does not hold (health, unassessed competencies, whether experience in
   another field is related), last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.clock import tanggal_panjang
from knowledge.rules.eligibility import eligibility
from knowledge.rules.facts import EmployeeFacts, PositionFacts
from knowledge.rules.jpm import jpm
from knowledge.rules.result import Line, Remedy, Status
from knowledge.rules.settings import DEFAULT_SETTINGS, MeritSettings

ORDER = (Remedy.blocker, Remedy.time, Remedy.competency, Remedy.verify)


@dataclass(frozen=True, slots=True)
class Gap:
    kriteria: str
    jenis: Remedy
    penjelasan: str
    citations: tuple[str, ...]
    clears_on: date | None = None
    selisih: int | None = None  # competency level gap


def _age_limit(lines: list[Line]) -> date | None:
    for ln in lines:
        if ln.kriteria == "usia_maks" and ln.ok:
            return date.fromisoformat(ln.data["batas_terakhir"])
    return None


def gaps_to_target(
    employee: EmployeeFacts,
    target: PositionFacts,
    *,
    as_of: date | None = None,
    pelantikan: date | None = None,
    settings: MeritSettings | None = None,
) -> list[Gap]:
    s = settings or DEFAULT_SETTINGS
    result = eligibility(employee, target, as_of=as_of, pelantikan=pelantikan, settings=s)
    lines = list(result.lines)
    age_limit = _age_limit(lines)
    gaps: list[Gap] = []
    for ln in lines:
        if ln.ok or ln.remedy is None:
            continue
        if ln.remedy is Remedy.competency:
            continue  # replaced by one gap per competency below
        kind: Remedy = ln.remedy
        text = ln.penjelasan
        if kind is Remedy.time and ln.clears_on and age_limit and ln.clears_on > age_limit:
            kind = Remedy.blocker
            text += f" Baru terpenuhi setelah batas usia ({tanggal_panjang(age_limit)})."
        gaps.append(Gap(ln.kriteria, kind, text, ln.citations, ln.clears_on))
    comp = next((ln for ln in lines if ln.kriteria == "kompetensi"), None)
    if comp is not None and comp.status is Status.gagal:
        r = jpm(employee, target, as_of=result.as_of, settings=s)
        for g in r.gaps:
            assessed = g.level is not None
            gap_kind = Remedy.competency if assessed else Remedy.verify
            text = f"{g.penjelasan} (kurang {g.selisih})." if assessed else f"{g.penjelasan}."
            gaps.append(
                Gap(f"kompetensi:{g.kompetensi}", gap_kind, text, comp.citations, None, g.selisih)
            )
    return sorted(gaps, key=_sort_key)


def _sort_key(g: Gap) -> tuple[int, date, int, str]:
    return (ORDER.index(g.jenis), g.clears_on or date.max, -(g.selisih or 0), g.kriteria)
