"""The merit side of a candidate, from the merit rules (``knowledge.rules``).

This is the one seam between search and the rules: :class:`MeritAssessment` is what the
ranking and the explanations read, and :func:`assess` fills it for a batch of employees with
``load_employee_facts`` (batched), ``eligibility``, ``jpm``, ``ninebox``, ``bup`` and
``rotation``. No threshold lives here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from knowledge.rules import (
    BupStatus,
    EmployeeFacts,
    MeritSettings,
    NineBoxResult,
    PositionFacts,
    RotationStatus,
    Status,
    bup,
    eligibility,
    jpm,
    load_employee_facts,
    load_position_facts,
    ninebox,
    rotation,
)
from knowledge.rules.dates import add_months, add_years
from knowledge.rules.field_fit import field_fit
from retrieval.people.merit_values import kinerja_score

# Flags: retirement within this many months; a sanction that ended within this many years.
NEAR_RETIREMENT_MONTHS = 12
RECENT_SANCTION_YEARS = 3


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
    penjelasan: str = ""


@dataclass(frozen=True)
class Gap:
    kompetensi: str
    standar: int
    level: int | None  # None: not assessed


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
    bidang: float | None = None  # 0–1 field match with the target position (None: no position)
    # Field fit tier (knowledge.rules.field_fit: 2 sebidang, 1 serumpun, 0 lain) and its reason;
    # None without a position. The ranking orders by it before the score.
    field_tier: int | None = None
    field_reason: str = ""
    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    citations: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        return all(line.ok is not False for line in self.lines)

    @property
    def failing(self) -> list[CriterionLine]:
        return [line for line in self.lines if line.ok is False]


def _ok(status: Status) -> bool | None:
    return True if status is Status.lulus else False if status is Status.gagal else None


def position_facts(session: Session, jabatan_id: int) -> PositionFacts | None:
    return load_position_facts(session, jabatan_id)


def assess(
    session: Session,
    ids: Iterable[int],
    *,
    position: PositionFacts | None,
    today: date,
    settings: MeritSettings | None = None,
    flags: bool = True,
) -> dict[int, MeritAssessment]:
    """Merit assessment of each employee, against ``position`` when one is given.

    ``flags=False`` skips the BUP/sanction/rotation flags (the ranking adds them afterwards
    for the few people it returns).
    """
    facts = load_employee_facts(session, ids)
    return {
        pid: assess_one(emp, position, today, settings, flags=flags) for pid, emp in facts.items()
    }


def flags_for(session: Session, ids: Iterable[int], today: date) -> dict[int, list[str]]:
    return {pid: _flags(emp, today) for pid, emp in load_employee_facts(session, ids).items()}


def bidang_match(emp: EmployeeFacts, position: PositionFacts) -> float:
    """1 = works now in the position's field (or its unit), 0.5 = did so before, 0 = never."""
    now = emp.jabatan
    if now is not None and (
        (position.bidang and now.bidang == position.bidang) or now.unit_id == position.unit_id
    ):
        return 1.0
    if position.bidang and any(sp.bidang == position.bidang for sp in emp.riwayat_jabatan):
        return 0.5
    return 0.0


def flags_of(emp: EmployeeFacts, today: date) -> list[str]:
    """Near retirement, recent sanction, too early / overdue for rotation."""
    return _flags(emp, today)


def assess_one(
    emp: EmployeeFacts,
    position: PositionFacts | None,
    today: date,
    settings: MeritSettings | None = None,
    *,
    flags: bool = True,
    box: NineBoxResult | None = None,
) -> MeritAssessment:
    """``box``: the person's nine-box when the caller already has it (it does not depend on
    the position, so MeritCache computes it once per person, version and day)."""
    s = settings or MeritSettings()
    m = MeritAssessment(emp.pegawai_id)
    cites: list[str] = []
    m.kinerja = kinerja_score(sorted(emp.kinerja.items()))
    if m.kinerja is None:
        m.missing.append("penilaian kinerja")
    if emp.asesmen is None:
        m.missing.append("hasil asesmen kompetensi")
    if position is not None:
        j = jpm(emp, position, as_of=today, settings=s)
        el = eligibility(emp, position, as_of=today, settings=s, jpm_result=j)
        m.lines = [
            CriterionLine(
                ln.kriteria, ln.syarat, ln.nilai, _ok(ln.status), ln.citations, ln.penjelasan
            )
            for ln in el.lines
        ]
        cites += el.citations
        if j.persen is not None:
            m.jpm, m.jpm_label = round(j.persen, 1), j.kategori
            m.gaps = [Gap(g.kompetensi, g.standar, g.level) for g in j.gaps[:3]]
            cites += j.citations
        m.bidang = bidang_match(emp, position)
        fit = field_fit(emp, position)
        m.field_tier, m.field_reason = int(fit.tier), fit.reason
        cites += fit.citations
    nb = box if box is not None else ninebox(emp, as_of=today, settings=s)
    if nb.resmi is not None:
        m.kotak, m.kotak_resmi = nb.resmi.kotak, True
        m.kotak_sumber = f"{nb.resmi.sumber} {nb.resmi.tahun}"
    else:
        m.kotak = nb.kotak
    if m.kotak is not None:
        cites += nb.citations
    if flags:
        m.flags = _flags(emp, today)
    m.citations = tuple(dict.fromkeys(cites))
    return m


def _flags(emp: EmployeeFacts, today: date) -> list[str]:
    flags: list[str] = []
    b = bup(emp, as_of=today)
    if (
        b.status is BupStatus.applicable
        and b.tanggal_bup is not None
        and today <= b.tanggal_bup <= add_months(today, NEAR_RETIREMENT_MONTHS)
    ):
        flags.append(f"Mendekati pensiun: {b.penjelasan}")
    cutoff = add_years(today, -RECENT_SANCTION_YEARS)
    recent = [h for h in emp.hukuman if h.selesai is None or h.selesai >= cutoff]
    if recent:
        h = max(recent, key=lambda x: x.mulai)
        flags.append(f"Hukuman disiplin {h.tingkat} ({h.mulai.year}).")
    r = rotation(emp, as_of=today)
    if r.status is RotationStatus.too_early:
        flags.append(f"Terlalu dini untuk mutasi: {r.penjelasan}")
    elif r.status is RotationStatus.overdue:
        flags.append(f"Lewat masa mutasi: {r.penjelasan}")
    return flags
