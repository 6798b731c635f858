"""Succession-plan group (talent pool): PP 11/2017 Pasal 199 criteria plus the box 7–9 practice.

Law (Pasal 199): competencies fit the job classification, competency-development obligations
met (at least 20 JP a year, Pasal 203 ayat 4), performance at least Baik in the last 2 years.
Policy, a separate criterion: common practice draws candidates from nine-box boxes 7–9.
The group the PPK decreed (imported) is the official one and outranks the computed
recommendation, which is input for the next annual decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from db.clock import today_wib
from knowledge.rules import criteria as c
from knowledge.rules.dates import completed_years
from knowledge.rules.facts import EmployeeFacts, PositionFacts
from knowledge.rules.ninebox import ninebox
from knowledge.rules.result import Line, Remedy, Status, merge_citations
from knowledge.rules.settings import DEFAULT_SETTINGS, MeritSettings
from knowledge.rules.thresholds import thresholds

PASAL_199 = "pp-11-2017:pasal-199"
PRIORITY = "pp-11-2017:pasal-200"
OFFICIAL_FIRST = "kebijakan-talenta:angka-6"


class SuksesiStatus(StrEnum):
    official = "official"  # member of the group the PPK decreed
    recommended = "recommended"  # meets every computed criterion
    needs_verification = "needs_verification"
    not_recommended = "not_recommended"


@dataclass(frozen=True, slots=True)
class SuksesiResult:
    pegawai_id: int
    status: SuksesiStatus
    resmi_tahun: tuple[int, ...]  # years of official membership (up to the reference year)
    lines: tuple[Line, ...]  # law criteria, then the policy criterion
    citations: tuple[str, ...]
    penjelasan: str
    data: dict[str, Any] = field(default_factory=dict)


def _jp_line(emp: EmployeeFacts, as_of: date) -> Line:
    t = thresholds()
    need, n = t.integer("pengembangan.jp_per_tahun"), t.integer("suksesi.jp_tahun_dicek")
    cites = merge_citations(
        (PASAL_199,), t.cites("pengembangan.jp_per_tahun"), t.cites("suksesi.jp_tahun_dicek")
    )
    years = completed_years(as_of.year, n)
    got = {y: sum(d.jp for d in emp.diklat if d.tahun == y) for y in years}
    value = ", ".join(f"{y}: {jp} JP" for y, jp in sorted(got.items()))
    short = [y for y, jp in got.items() if jp < need]
    syarat = f"Pengembangan kompetensi minimal {need} JP per tahun"
    if short:
        return Line(
            "pengembangan_kompetensi",
            syarat,
            value,
            Status.gagal,
            f"Pengembangan kompetensi {value}; kewajiban {need} JP per tahun.",
            cites,
            Remedy.time,
            date(max(short) + n + 1, 1, 1),
            {"jp": got},
        )
    return Line(
        "pengembangan_kompetensi",
        syarat,
        value,
        Status.lulus,
        f"Pengembangan kompetensi {value}.",
        cites,
        data={"jp": got},
    )


def _pns_line(emp: EmployeeFacts) -> Line:
    if emp.is_pns:
        return Line(
            "status_pns", "Berstatus PNS", "PNS", Status.lulus, "Berstatus PNS.", (PASAL_199,)
        )
    return Line(
        "status_pns",
        "Berstatus PNS",
        emp.status_kepegawaian,
        Status.tidak_diketahui,
        "Pasal 199 mengatur PNS; keikutsertaan PPPK dalam kelompok suksesi belum terverifikasi.",
        (PASAL_199,),
        Remedy.verify,
    )


def _box_line(emp: EmployeeFacts, as_of: date, settings: MeritSettings) -> Line:
    t = thresholds()
    floor = t.integer("suksesi.kotak_min")
    nb = ninebox(emp, as_of=as_of, settings=settings)
    box = nb.kotak_final
    cites = merge_citations(t.cites("suksesi.kotak_min"), nb.citations)
    source = "resmi" if nb.resmi is not None else "perkiraan"
    syarat = f"Kotak nine-box {floor}–9 (praktik umum)"
    if box is None:
        return Line(
            "ninebox",
            syarat,
            "belum dapat ditempatkan",
            Status.tidak_diketahui,
            nb.penjelasan,
            cites,
            Remedy.verify,
        )
    ok = box >= floor
    return Line(
        "ninebox",
        syarat,
        f"kotak {box} ({source})",
        Status.lulus if ok else Status.gagal,
        f"Kotak {box} ({source}); praktik umum mengambil kandidat dari kotak {floor}–9.",
        cites,
        None if ok else Remedy.competency,
        data={"kotak": box, "sumber": source},
    )


def succession_group(
    employee: EmployeeFacts,
    position: PositionFacts | None = None,
    *,
    as_of: date | None = None,
    settings: MeritSettings | None = None,
) -> SuksesiResult:
    """Pasal 199 criteria against ``position`` (default: the current one), plus boxes 7–9."""
    s = settings or DEFAULT_SETTINGS
    as_of = as_of or today_wib()
    law = (PASAL_199,)
    target = position or employee.jabatan
    lines: list[Line] = [_pns_line(employee)]
    if target is not None:
        lines.append(c.competency(employee, target, law, as_of, s))
    else:
        lines.append(
            Line(
                "kompetensi",
                "Kompetensi sesuai klasifikasi jabatan",
                "-",
                Status.tidak_diketahui,
                "Tidak ada jabatan acuan untuk menilai kompetensi.",
                law,
                Remedy.verify,
            )
        )
    lines.append(_jp_line(employee, as_of))
    lines.append(c.performance(employee, "suksesi.kinerja_tahun", law, as_of))
    lines.append(_box_line(employee, as_of, s))
    official = tuple(sorted(m.tahun for m in employee.suksesi if m.tahun <= as_of.year))
    cites = merge_citations(*(ln.citations for ln in lines), (PRIORITY,))
    statuses = {ln.status for ln in lines}
    if official and official[-1] == as_of.year:
        status = SuksesiStatus.official
        text = f"Anggota kelompok rencana suksesi resmi {official[-1]} (ditetapkan PPK)."
        cites = merge_citations(cites, (OFFICIAL_FIRST,))
    elif Status.gagal in statuses:
        status = SuksesiStatus.not_recommended
        failed = "; ".join(ln.syarat for ln in lines if ln.status is Status.gagal)
        text = f"Belum direkomendasikan: {failed}."
    elif Status.tidak_diketahui in statuses:
        status = SuksesiStatus.needs_verification
        text = "Perlu verifikasi: " + "; ".join(ln.syarat for ln in lines if not ln.ok) + "."
    else:
        status = SuksesiStatus.recommended
        text = "Direkomendasikan masuk kelompok rencana suksesi tahun berikutnya (perkiraan)."
    if official and status is not SuksesiStatus.official:
        text += f" Pernah anggota resmi {official[-1]}."
    return SuksesiResult(
        employee.pegawai_id,
        status,
        official,
        tuple(lines),
        cites,
        text,
        {"jabatan_id": target.jabatan_id if target else None},
    )


# Estimated statuses that count as inside a position's succession group when no group is imported.
INSIDE = frozenset({SuksesiStatus.official, SuksesiStatus.recommended})


def succession_membership(
    pegawai_ids: Sequence[int],
    *,
    imported: frozenset[int] | None,
    facts: Mapping[int, EmployeeFacts],
    position: PositionFacts | None,
    as_of: date,
) -> dict[int, bool]:
    """Who of ``pegawai_ids`` is in a position's succession group, for the choice rule.

    The established group is the one the PPK decreed and HR imported (``imported``: its
    members). When none is imported, Talenta's estimate (:func:`succession_group` against the
    position) stands in: "recommended" or official is inside; "not recommended" and "needs
    verification" are outside, so choosing them asks for a written reason. Someone without
    facts is outside.
    """
    if imported is not None:
        return {pid: pid in imported for pid in pegawai_ids}
    return {
        pid: pid in facts and succession_group(facts[pid], position, as_of=as_of).status in INSIDE
        for pid in pegawai_ids
    }
