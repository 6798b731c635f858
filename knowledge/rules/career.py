"""Career-history criteria: related experience, prior position held, age limit.

Time is counted in calendar years up to the appointment date (``knowledge.rules.dates``);
a shortfall that the current spell will close gets the date it clears.
"""

from __future__ import annotations

from datetime import date, timedelta

from db.clock import tanggal_panjang
from db.reference import JENIS_JABATAN_LABEL
from knowledge.rules.dates import fmt_days, fmt_span, last_eligible_day, tenure
from knowledge.rules.facts import EmployeeFacts, PositionFacts, SpellFact
from knowledge.rules.result import Line, Remedy, Status, merge_citations
from knowledge.rules.settings import MeritSettings
from knowledge.rules.thresholds import thresholds

PASS, FAIL, UNKNOWN = Status.lulus, Status.gagal, Status.tidak_diketahui


def kind_label(code: str) -> str:
    jenis, _, jenjang = code.partition(":")
    label = next((v for k, v in JENIS_JABATAN_LABEL.items() if k.value == jenis), jenis)
    return f"{label} {jenjang.replace('_', ' ')}" if jenjang else label


def spells_of(emp: EmployeeFacts) -> tuple[SpellFact, ...]:
    """Position history, with the current position added when the history lacks it."""
    spells = emp.riwayat_jabatan
    j, tmt = emp.jabatan, emp.tmt_jabatan
    if (
        j is not None
        and tmt is not None
        and not any(s.selesai is None and s.mulai == tmt for s in spells)
    ):
        spells = (*spells, SpellFact(j.jenis, tmt, None, j.jenjang, j.bidang, j.nama))
    return spells


def _matches(spell: SpellFact, code: str) -> bool:
    jenis, _, jenjang = code.partition(":")
    return spell.jenis == jenis and (not jenjang or spell.jenjang == jenjang)


def experience(
    emp: EmployeeFacts, target: PositionFacts, tid: str, law: tuple[str, ...], at: date
) -> Line:
    """Cumulative experience in related fields.

    Only an identical ``bidang`` counts as proven related; when the exact-field time falls
    short but the whole career is long enough, relatedness is a judgement the data cannot
    make, so the line is "unknown" (to verify), never a silent pass or fail.
    """
    years = thresholds().integer(tid)
    cites = merge_citations(law, thresholds().cites(tid))
    bidang = target.bidang.strip().lower()
    spells = spells_of(emp)
    related = [s for s in spells if bidang and (s.bidang or "").strip().lower() == bidang]
    ten = tenure(related, at, years)
    syarat = f"Pengalaman di bidang terkait ({target.bidang}) minimal {years} tahun"
    value = fmt_days(ten.days, ten.anchor or at)
    data = {"bidang": target.bidang, "hari": ten.days, "hari_dibutuhkan": ten.need_days}
    if ten.met:
        text = f"Pengalaman bidang {target.bidang} {value}; syarat {years} tahun."
        return Line("pengalaman", syarat, value, PASS, text, cites, data=data)
    whole = tenure(spells, at, years)
    if whole.met:
        text = (
            f"Pengalaman bidang {target.bidang} {value} dari masa jabatan "
            f"{fmt_days(whole.days, whole.anchor or at)}; keterkaitan bidang lain perlu dinilai."
        )
        return Line("pengalaman", syarat, value, UNKNOWN, text, cites, Remedy.verify, data=data)
    clears = at + timedelta(days=whole.short_days) if whole.ongoing else None
    text = f"Pengalaman jabatan {fmt_days(whole.days, whole.anchor or at)}; syarat {years} tahun"
    text += f" (paling cepat {tanggal_panjang(clears)})." if clears else "."
    remedy = Remedy.time if clears else Remedy.blocker
    return Line("pengalaman", syarat, value, FAIL, text, cites, remedy, clears, data)


def prior_position(
    emp: EmployeeFacts,
    kinds_tid: str,
    years_tid: str,
    law: tuple[str, ...],
    at: date,
    setara_tid: str | None = None,
) -> Line:
    t = thresholds()
    kinds, years = t.texts(kinds_tid), t.integer(years_tid)
    cites = merge_citations(law, t.cites(kinds_tid), t.cites(years_tid))
    names = " atau ".join(kind_label(k) for k in kinds)
    syarat = f"Pernah/sedang menduduki {names} minimal {years} tahun"
    spells = spells_of(emp)
    own = [s for s in spells if any(_matches(s, k) for k in kinds)]
    ten = tenure(own, at, years)
    value = fmt_days(ten.days, ten.anchor or at)
    data = {"jabatan": list(kinds), "hari": ten.days, "hari_dibutuhkan": ten.need_days}
    if ten.met:
        return Line(
            "jabatan_sebelumnya",
            syarat,
            value,
            PASS,
            f"Menduduki {names} {value}; syarat {years} tahun.",
            cites,
            data=data,
        )
    if setara_tid is not None:
        setara = t.texts(setara_tid)
        wider = tenure(
            [s for s in spells if any(_matches(s, k) for k in (*kinds, *setara))], at, years
        )
        if wider.met:
            return Line(
                "jabatan_sebelumnya",
                syarat,
                value,
                UNKNOWN,
                f"{names} {value}; terpenuhi bila JF setingkat diakui, perlu verifikasi.",
                merge_citations(cites, t.cites(setara_tid)),
                Remedy.verify,
                data=data,
            )
    clears = at + timedelta(days=ten.short_days) if ten.ongoing and own else None
    text = f"Menduduki {names} {value}; syarat {years} tahun"
    text += f" (terpenuhi {tanggal_panjang(clears)})." if clears else "."
    return Line(
        "jabatan_sebelumnya",
        syarat,
        value,
        FAIL,
        text,
        cites,
        Remedy.time if clears else Remedy.blocker,
        clears,
        data,
    )


def max_age(
    emp: EmployeeFacts,
    tid: str,
    law: tuple[str, ...],
    at: date,
    settings: MeritSettings,
    label: str,
) -> Line:
    t = thresholds()
    limit = t.integer(tid)
    tafsir = settings.usia_maks_tafsir or t.text("usia_maks.tafsir")
    last = last_eligible_day(emp.tanggal_lahir, limit, tafsir)
    cites = merge_citations(law, t.cites(tid), t.cites("usia_maks.tafsir"))
    age = fmt_span(emp.tanggal_lahir, at)
    ok = at <= last
    # The date the age is taken on is Talenta's reading (cited: usia_maks.tafsir), not the
    # rule's wording: Pasal 107 huruf a and c name no date.
    text = f"Usia pada rencana pelantikan {age}; batas {label} {limit} tahun"
    text += f" (paling lambat {tanggal_panjang(last)})." if ok else "."
    return Line(
        "usia_maks",
        f"Usia paling tinggi {limit} tahun",
        age,
        PASS if ok else FAIL,
        text,
        cites,
        None if ok else Remedy.blocker,
        data={
            "tanggal_lahir": emp.tanggal_lahir.isoformat(),
            "pelantikan": at.isoformat(),
            "batas_terakhir": last.isoformat(),
            "tafsir": tafsir,
        },
    )
