"""One function per eligibility criterion, each returning a :class:`Line`.

Every number comes from the threshold table; ``law`` is the provision the criterion applies
(e.g. Pasal 107 huruf c) and is cited next to the table's own citations.
"""

from __future__ import annotations

from datetime import date, timedelta

from db.reference import JENIS_JABATAN_LABEL, PENDIDIKAN, PredikatKinerja, pendidikan_level
from knowledge.rules.dates import (
    ONE_DAY,
    add_years,
    completed_years,
    fmt_date,
    fmt_days,
    fmt_span,
    last_eligible_day,
    tenure,
)
from knowledge.rules.facts import EmployeeFacts, PositionFacts, SpellFact
from knowledge.rules.jpm import jpm
from knowledge.rules.result import Line, Remedy, Status, merge_citations
from knowledge.rules.settings import MeritSettings
from knowledge.rules.thresholds import thresholds

PASS, FAIL, UNKNOWN = Status.lulus, Status.gagal, Status.tidak_diketahui
PREDIKAT = tuple(p.value for p in PredikatKinerja)  # best first


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


def pns(emp: EmployeeFacts, law: tuple[str, ...]) -> Line:
    ok = emp.is_pns
    return Line(
        "status_pns",
        "Berstatus PNS",
        emp.status_kepegawaian,
        PASS if ok else FAIL,
        "Berstatus PNS."
        if ok
        else f"Berstatus {emp.status_kepegawaian}; jabatan ini diisi dari PNS.",
        law,
        None if ok else Remedy.blocker,
        data={"status_kepegawaian": emp.status_kepegawaian},
    )


def education(emp: EmployeeFacts, tid: str, law: tuple[str, ...], target: PositionFacts) -> Line:
    need = thresholds().text(tid)
    if target.pendidikan_min in PENDIDIKAN and pendidikan_level(
        target.pendidikan_min
    ) > pendidikan_level(need):
        need = target.pendidikan_min
    cites = merge_citations(law, thresholds().cites(tid))
    known = [p.jenjang for p in emp.pendidikan if p.jenjang in PENDIDIKAN]
    if not known:
        return Line(
            "pendidikan",
            f"Pendidikan minimal {need}",
            "tidak tercatat",
            UNKNOWN,
            "Riwayat pendidikan tidak tercatat; periksa ijazah.",
            cites,
            Remedy.verify,
        )
    best = max(known, key=pendidikan_level)
    ok = pendidikan_level(best) >= pendidikan_level(need)
    text = f"Pendidikan {best}; syarat minimal {need}."
    return Line(
        "pendidikan",
        f"Pendidikan minimal {need}",
        best,
        PASS if ok else FAIL,
        text,
        cites,
        None if ok else Remedy.blocker,
        data={"pendidikan": best, "minimal": need},
    )


def experience(
    emp: EmployeeFacts, target: PositionFacts, tid: str, law: tuple[str, ...], at: date
) -> Line:
    years = thresholds().integer(tid)
    cites = merge_citations(law, thresholds().cites(tid))
    bidang = target.bidang.strip().lower()
    spells = spells_of(emp)
    related = [s for s in spells if (s.bidang or "").strip().lower() == bidang and bidang]
    unknown_field = any(not s.bidang for s in spells)
    ten = tenure(related, at, years)
    syarat = f"Pengalaman di bidang {target.bidang} minimal {years} tahun (kumulatif)"
    value = fmt_days(ten.days, ten.anchor or at)
    data = {"bidang": target.bidang, "hari": ten.days, "hari_dibutuhkan": ten.need_days}
    if ten.met:
        return Line(
            "pengalaman",
            syarat,
            value,
            PASS,
            f"Pengalaman bidang {target.bidang} {value}; syarat {years} tahun.",
            cites,
            data=data,
        )
    if unknown_field:
        return Line(
            "pengalaman",
            syarat,
            value,
            UNKNOWN,
            f"Pengalaman bidang {target.bidang} "
            f"tercatat {value}; sebagian riwayat tanpa bidang, perlu diperiksa.",
            cites,
            Remedy.verify,
            data=data,
        )
    clears = at + timedelta(days=ten.short_days) if ten.ongoing and related else None
    text = f"Pengalaman bidang {target.bidang} {value}; syarat {years} tahun"
    text += f" (terpenuhi {fmt_date(clears)})." if clears else "."
    return Line(
        "pengalaman",
        syarat,
        value,
        FAIL,
        text,
        cites,
        Remedy.time if clears else Remedy.blocker,
        clears,
        data,
    )


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
    text += f" (terpenuhi {fmt_date(clears)})." if clears else "."
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
    text = f"Usia saat pelantikan {age}; batas {label} {limit} tahun"
    text += f" (paling lambat {fmt_date(last)})." if ok else "."
    return Line(
        "usia_maks",
        f"Usia maksimal {limit} tahun saat pelantikan",
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


def integrity(
    emp: EmployeeFacts, law: tuple[str, ...], as_of: date, settings: MeritSettings
) -> Line:
    t = thresholds()
    levels = t.texts("integritas.hukuman_tingkat")
    window = settings.hukuman_jendela_tahun or t.integer("integritas.hukuman_jendela_tahun")
    since = add_years(as_of, -window)
    cites = merge_citations(
        law, t.cites("integritas.hukuman_tingkat"), t.cites("integritas.hukuman_jendela_tahun")
    )
    syarat = f"Tanpa hukuman disiplin {'/'.join(levels)} dalam {window} tahun terakhir"
    hits = [
        h
        for h in emp.hukuman
        if h.tingkat in levels and h.mulai <= as_of and (h.selesai is None or h.selesai >= since)
    ]
    if not hits:
        return Line(
            "integritas",
            syarat,
            "tidak ada",
            PASS,
            f"Tidak tercatat hukuman disiplin {'/'.join(levels)} dalam {window} tahun terakhir.",
            cites,
            data={"jendela_tahun": window},
        )
    worst = max(hits, key=lambda h: (h.selesai is None, h.selesai or as_of))
    ongoing = worst.selesai is None or worst.selesai >= as_of
    ends = "masih berjalan" if ongoing else f"berakhir {fmt_date(worst.selesai or as_of)}"
    clears = None if worst.selesai is None else add_years(worst.selesai, window) + ONE_DAY
    value = f"hukuman {worst.tingkat}: {worst.jenis} ({ends})"
    return Line(
        "integritas",
        syarat,
        value,
        FAIL,
        f"Hukuman disiplin {worst.tingkat} ({worst.jenis}), {ends}; masih dalam {window} tahun.",
        cites,
        Remedy.time if clears else Remedy.blocker,
        clears,
        {"jendela_tahun": window, "hukuman": [h.jenis for h in hits]},
    )


def performance(emp: EmployeeFacts, tid: str, law: tuple[str, ...], as_of: date) -> Line:
    t = thresholds()
    years, minimum = t.integer(tid), t.text("kinerja.predikat_min")
    cites = merge_citations(law, t.cites(tid), t.cites("kinerja.predikat_min"))
    wanted = completed_years(as_of.year, years)
    got = {y: emp.kinerja.get(y) for y in wanted}
    syarat = f"Predikat kinerja minimal {minimum} {years} tahun terakhir"
    value = ", ".join(f"{y}: {p or '-'}" for y, p in sorted(got.items()))
    missing = [y for y, p in got.items() if p not in PREDIKAT]
    bad = [
        y for y, p in got.items() if p in PREDIKAT and PREDIKAT.index(p) > PREDIKAT.index(minimum)
    ]
    if bad:
        clears = date(max(bad) + years + 1, 1, 1)
        return Line(
            "kinerja",
            syarat,
            value,
            FAIL,
            f"Predikat kinerja {value}; syarat minimal {minimum} {years} tahun.",
            cites,
            Remedy.time,
            clears,
            {"predikat": got},
        )
    if missing:
        return Line(
            "kinerja",
            syarat,
            value,
            UNKNOWN,
            f"Predikat kinerja {', '.join(map(str, sorted(missing)))} tidak tercatat.",
            cites,
            Remedy.verify,
            data={"predikat": got},
        )
    return Line(
        "kinerja", syarat, value, PASS, f"Predikat kinerja {value}.", cites, data={"predikat": got}
    )


def competency(
    emp: EmployeeFacts,
    target: PositionFacts,
    law: tuple[str, ...],
    as_of: date,
    settings: MeritSettings,
) -> Line:
    t = thresholds()
    r = jpm(emp, target, as_of=as_of, settings=settings)
    pass_cat = t.integer("jpm.kategori_lulus")
    floor = r.skema.bounds[pass_cat - 1]
    cites = merge_citations(law, r.citations, t.cites("jpm.kategori_lulus"))
    syarat = f"Kompetensi sesuai standar jabatan (JPM minimal {floor}%, skema {r.skema.name})"
    data = {"jpm": r.persen, "gaps": [(g.kompetensi, g.standar, g.level) for g in r.gaps]}
    if r.kategori_ke is None or r.persen is None:
        return Line(
            "kompetensi",
            syarat,
            "belum ada",
            UNKNOWN,
            r.penjelasan,
            cites,
            Remedy.verify,
            data=data,
        )
    ok = r.kategori_ke <= pass_cat
    return Line(
        "kompetensi",
        syarat,
        f"{r.persen:.1f}%",
        PASS if ok else FAIL,
        r.penjelasan,
        cites,
        None if ok else Remedy.competency,
        data=data,
    )


def health(law: tuple[str, ...]) -> Line:
    return Line(
        "kesehatan",
        "Sehat jasmani dan rohani",
        "tidak tercatat",
        UNKNOWN,
        "Kesehatan tidak tercatat di sistem; periksa surat keterangan sehat.",
        law,
        Remedy.verify,
    )
