"""Eligibility of an employee for a target position: one line per criterion, never a waiver.

- JPT utama / madya / pratama: PP 11/2017 (as amended by PP 17/2020) Pasal 107 huruf a/b/c,
  filled from PNS (Pasal 105). Pasal 107 ayat (2) allows a waiver only with prior
  Presidential approval; the rules report that, they never waive.
- JPT utama / madya for a non-PNS: Pasal 106 allows it with the President's approval outside
  closed fields, under Pasal 108's requirements: "needs verification" at best, never a hard
  fail on status alone. JPT pratama stays PNS-only (Pasal 105).
- Administrator and pengawas: PP 11/2017 content verified, Pasal numbers not, so the
  regulation as a whole is cited.
- Transfer into a functional position: BKN SIASN guidance (policy, secondary).

Age is taken at the planned appointment date; records (sanctions, performance) as of the
reference date; experience and time in a prior position are counted up to the appointment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.clock import tanggal_panjang, today_wib
from db.reference import JENIS_JABATAN_LABEL, JenisJabatan
from knowledge.rules import criteria as c
from knowledge.rules.facts import EmployeeFacts, PositionFacts
from knowledge.rules.jpm import JpmResult
from knowledge.rules.result import VERDICT_LABEL, Line, Status, Verdict, merge_citations, verdict_of
from knowledge.rules.settings import DEFAULT_SETTINGS, MeritSettings

JPT_LAW: dict[str, str] = {
    JenisJabatan.jpt_utama: "pp-11-2017:pasal-107:huruf-a",
    JenisJabatan.jpt_madya: "pp-11-2017:pasal-107:huruf-b",
    JenisJabatan.jpt_pratama: "pp-11-2017:pasal-107:huruf-c",
}
PNS_ONLY = "pp-11-2017:pasal-105"
NON_PNS_ROUTE = "pp-11-2017:pasal-106"
NON_PNS_LAW: dict[str, str] = {
    JenisJabatan.jpt_utama: "pp-11-2017:pasal-108:huruf-a",
    JenisJabatan.jpt_madya: "pp-11-2017:pasal-108:huruf-b",
}
WAIVER = "pp-11-2017:pasal-107:ayat-2"
PP_11 = "pp-11-2017"
BKN_JF = "bkn-siasn-jf"
TALENTA = "kebijakan-talenta"
KEAHLIAN = ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama")


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    pegawai_id: int
    jabatan_id: int
    jenis: str
    verdict: Verdict
    lines: tuple[Line, ...]
    catatan: tuple[str, ...]  # notes, e.g. the waiver rule
    citations: tuple[str, ...]
    as_of: date
    pelantikan: date
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def penjelasan(self) -> str:
        failed = [ln.syarat for ln in self.lines if ln.status is Status.gagal]
        pending = [ln.syarat for ln in self.lines if ln.status is Status.tidak_diketahui]
        text = VERDICT_LABEL[self.verdict]
        if failed:
            text += ": " + "; ".join(failed)
        elif pending:
            text += ": " + "; ".join(pending)
        return text + "."

    @property
    def pending(self) -> tuple[Line, ...]:
        return tuple(ln for ln in self.lines if ln.status is Status.tidak_diketahui)


def _jpt(
    emp: EmployeeFacts,
    target: PositionFacts,
    as_of: date,
    at: date,
    s: MeritSettings,
    j: JpmResult | None = None,
) -> list[Line]:
    jenis = target.jenis
    law = (JPT_LAW[jenis],)
    label = JENIS_JABATAN_LABEL[JenisJabatan(jenis)]
    if jenis in NON_PNS_LAW and not emp.is_pns:  # Pasal 106 route, Pasal 108 requirements
        return _jpt_non_pns(emp, target, label, (as_of, at), s, j)
    return [
        c.pns(emp, (PNS_ONLY, *law)),
        c.education(emp, f"{jenis}.pendidikan_min", law, target),
        c.competency(emp, target, law, as_of, s, j),
        c.experience(emp, target, f"{jenis}.pengalaman_tahun", law, at),
        c.prior_position(
            emp, f"{jenis}.jabatan_sebelumnya", f"{jenis}.jabatan_sebelumnya_tahun", law, at
        ),
        c.integrity(emp, law, as_of, s),
        c.max_age(emp, f"{jenis}.usia_maks", law, at, s, label),
        c.health(law),
    ]


def _jpt_non_pns(
    emp: EmployeeFacts,
    target: PositionFacts,
    label: str,
    when: tuple[date, date],
    s: MeritSettings,
    j: JpmResult | None,
) -> list[Line]:
    """JPT utama/madya for a non-PNS: Pasal 106's route and Pasal 108's requirements (what the
    fact sheet shows of them: all of huruf a, only the start of huruf b). ``when``: reference
    date and appointment date."""
    as_of, at = when
    jenis = target.jenis
    law = (NON_PNS_LAW[jenis],)
    utama = jenis == JenisJabatan.jpt_utama
    lines = [
        c.non_pns_route(emp, label, (NON_PNS_ROUTE, *law)),
        c.education(emp, f"{jenis}.non_pns.pendidikan_min", law, target),
        c.competency(emp, target, law, as_of, s, j),
    ]
    if utama:
        lines.append(c.experience(emp, target, f"{jenis}.non_pns.pengalaman_tahun", law, at))
    lines.append(c.integrity(emp, law, as_of, s))
    if utama:
        lines.append(c.max_age(emp, f"{jenis}.non_pns.usia_maks", law, at, s, label))
    lines += [c.non_pns_other(law, known=utama), c.health(law)]
    return lines


def _administrasi(
    emp: EmployeeFacts,
    target: PositionFacts,
    as_of: date,
    at: date,
    s: MeritSettings,
    j: JpmResult | None = None,
) -> list[Line]:
    jenis = target.jenis
    law = (PP_11,)
    return [
        c.pns(emp, law),
        c.education(emp, f"{jenis}.pendidikan_min", law, target),
        c.prior_position(
            emp,
            f"{jenis}.jabatan_sebelumnya",
            f"{jenis}.jabatan_sebelumnya_tahun",
            law,
            at,
            setara_tid=f"{jenis}.jabatan_setara",
        ),
        c.performance(emp, "administrasi.kinerja_tahun", law, as_of),
        c.competency(emp, target, law, as_of, s, j),
        c.integrity(emp, law, as_of, s),
        c.health(law),
    ]


def _jf_age_tid(emp: EmployeeFacts, target: PositionFacts) -> str | None:
    if target.jenjang == "ahli_utama":
        current = emp.jabatan
        if (
            current is not None
            and current.jenis == JenisJabatan.fungsional
            and current.jenjang == "ahli_utama"
        ):
            return "jf.usia_maks.antar_ahli_utama"
        if any(sp.jenis.startswith("jpt") for sp in c.spells_of(emp)):
            return "jf.usia_maks.ahli_utama_dari_jpt"
        return None
    if target.jenjang == "ahli_madya":
        return "jf.usia_maks.ahli_madya"
    return "jf.usia_maks.ahli_pertama_muda_keterampilan"


def _fungsional(
    emp: EmployeeFacts,
    target: PositionFacts,
    as_of: date,
    at: date,
    s: MeritSettings,
    j: JpmResult | None = None,
) -> list[Line]:
    law = (BKN_JF,)
    edu_tid = (
        "jf.keahlian.pendidikan_min"
        if target.jenjang in KEAHLIAN
        else "jf.keterampilan.pendidikan_min"
    )
    lines = [
        c.pns(emp, law),
        c.education(emp, edu_tid, law, target),
        c.competency(emp, target, law, as_of, s, j),
        c.experience(emp, target, "jf.pengalaman_tahun", law, at),
        c.performance(emp, "jf.kinerja_tahun", law, as_of),
        c.integrity(emp, law, as_of, s),
    ]
    age_tid = _jf_age_tid(emp, target)
    if age_tid is None:
        lines.append(
            Line(
                "usia_maks",
                "Batas usia JF ahli utama",
                "-",
                Status.tidak_diketahui,
                "Panduan BKN hanya mengatur usia ahli utama bagi eks-JPT dan antar-ahli utama.",
                law,
                c.Remedy.verify,
            )
        )
    else:
        lines.append(
            c.max_age(emp, age_tid, law, at, s, f"JF {(target.jenjang or '').replace('_', ' ')}")
        )
    lines.append(c.health(law))
    return lines


def _pelaksana(
    emp: EmployeeFacts, target: PositionFacts, as_of: date, s: MeritSettings
) -> list[Line]:
    # The fact sheet holds no legal requirement list for jabatan pelaksana: only the
    # position's own minimum education and the integrity reading are checked (policy).
    law = (TALENTA,)
    lines = [c.integrity(emp, law, as_of, s)]
    if target.pendidikan_min:
        lines.insert(0, c.education(emp, None, law, target))
    return lines


def eligibility(
    employee: EmployeeFacts,
    target: PositionFacts,
    *,
    as_of: date | None = None,
    pelantikan: date | None = None,
    settings: MeritSettings | None = None,
    jpm_result: JpmResult | None = None,
) -> EligibilityResult:
    """Check ``employee`` against ``target`` as of ``as_of``, appointed on ``pelantikan``.

    ``jpm_result``: the caller's own ``jpm(employee, target, as_of=as_of, settings=…)``, so
    a search that needs both does not compute JPM twice.
    """
    s = settings or DEFAULT_SETTINGS
    as_of = as_of or today_wib()
    at = pelantikan or as_of
    if target.jenis in JPT_LAW:
        lines = _jpt(employee, target, as_of, at, s, jpm_result)
    elif target.jenis in (JenisJabatan.administrator, JenisJabatan.pengawas):
        lines = _administrasi(employee, target, as_of, at, s, jpm_result)
    elif target.jenis == JenisJabatan.fungsional:
        lines = _fungsional(employee, target, as_of, at, s, jpm_result)
    else:
        lines = _pelaksana(employee, target, as_of, s)
    verdict = verdict_of(lines)
    notes: list[str] = []
    cites = merge_citations(*(ln.citations for ln in lines))
    non_pns = target.jenis in NON_PNS_LAW and not employee.is_pns
    if target.jenis in JPT_LAW and not non_pns and verdict is Verdict.not_eligible:
        notes.append(
            "Pasal 107 ayat (2): persyaratan hanya dapat dikecualikan dengan persetujuan Presiden "
            "sebelumnya. Talenta tidak mengecualikan; keputusan ada pada pejabat berwenang."
        )
        cites = merge_citations(cites, (WAIVER,))
    if target.jenis == JenisJabatan.fungsional:
        notes.append(
            "Dinilai sebagai perpindahan ke jabatan fungsional (panduan BKN); kenaikan jenjang "
            "dalam JF yang sama tidak dicakup aturan ini."
        )
    if at != as_of:
        notes.append(
            f"Dinilai per {tanggal_panjang(as_of)} untuk pelantikan {tanggal_panjang(at)}."
        )
    return EligibilityResult(
        employee.pegawai_id,
        target.jabatan_id,
        target.jenis,
        verdict,
        tuple(lines),
        tuple(notes),
        cites,
        as_of,
        at,
        {"jabatan_kode": target.kode, "instansi_id": target.instansi_id},
    )


def meets_requirements(employee: EmployeeFacts, target: PositionFacts, *, as_of: date) -> bool:
    """The eligibility a choice is recorded with: ``False`` only when a requirement is known
    to fail (what the records cannot tell is for HR to verify, not a failure)."""
    return eligibility(employee, target, as_of=as_of).verdict is not Verdict.not_eligible
