"""One function per eligibility criterion, each returning a :class:`Line`.

Every number comes from the threshold table; ``law`` is the provision the criterion applies
(e.g. Pasal 107 huruf c) and is cited next to the table's own citations. Career-history
criteria (experience, prior position, age) live in :mod:`knowledge.rules.career`.
"""

from __future__ import annotations

from datetime import date

from db.clock import tanggal_panjang
from db.reference import PENDIDIKAN, PredikatKinerja, pendidikan_level
from knowledge.rules.career import experience, kind_label, max_age, prior_position, spells_of
from knowledge.rules.dates import ONE_DAY, add_years, completed_years
from knowledge.rules.facts import EmployeeFacts, PositionFacts
from knowledge.rules.jpm import JpmResult, jpm
from knowledge.rules.result import Line, Remedy, Status, merge_citations
from knowledge.rules.settings import MeritSettings
from knowledge.rules.thresholds import thresholds

__all__ = [
    "Remedy",
    "competency",
    "education",
    "experience",
    "health",
    "integrity",
    "kind_label",
    "max_age",
    "non_pns_other",
    "non_pns_route",
    "performance",
    "pns",
    "prior_position",
    "spells_of",
]

PASS, FAIL, UNKNOWN = Status.lulus, Status.gagal, Status.tidak_diketahui
# Filling a JPT from non-PNS needs a Keppres (Pasal 111-112); UU 20/2023 opens managerial posts
# to PPPK (secondary source: its whole-law record carries that verification level).
NON_PNS_CITATIONS = ("pp-11-2017:pasal-111", "uu-20-2023")
PREDIKAT = tuple(p.value for p in PredikatKinerja)  # best first


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


def non_pns_route(emp: EmployeeFacts, label: str, law: tuple[str, ...]) -> Line:
    """A non-PNS for JPT utama/madya: possible under Pasal 106 with the President's approval,
    outside the closed fields; whether the post is in one is not in the records, so the line
    is "needs verification", never a pass or a fail. UU 20/2023's opening of managerial posts
    to PPPK rests on a secondary source and is marked so."""
    t = thresholds()
    closed = ", ".join(t.texts("jpt.non_pns.bidang_tertutup"))
    cites = merge_citations(law, t.cites("jpt.non_pns.bidang_tertutup"), NON_PNS_CITATIONS)
    return Line(
        "status_pns",
        "Berstatus PNS, atau jalur non-PNS dengan persetujuan Presiden",
        emp.status_kepegawaian,
        UNKNOWN,
        f"Berstatus {emp.status_kepegawaian}: {label} dapat diisi non-PNS hanya dengan "
        f"persetujuan Presiden (Keppres) melalui seleksi terbuka, dan tidak untuk bidang {closed}, "
        "atau bidang lain yang ditetapkan Presiden (PP 11/2017 Pasal 106). UU 20/2023 membuka "
        "jabatan manajerial bagi PPPK (sumber sekunder).",
        cites,
        Remedy.verify,
        data={"status_kepegawaian": emp.status_kepegawaian},
    )


def non_pns_other(law: tuple[str, ...], known: bool) -> Line:
    """The Pasal 108 requirements the records cannot show (or, for JPT madya, not yet read)."""
    text = (
        "Periksa: warga negara Indonesia, bukan anggota/pengurus partai politik 5 tahun sebelum "
        "mendaftar, tidak pernah dipidana penjara, tidak pernah diberhentikan tidak dengan hormat."
        if known
        else "Syarat lain Pasal 108 huruf b belum terbaca dalam sumber; periksa teks resminya."
    )
    return Line(
        "syarat_non_pns",
        "Syarat lain non-PNS (Pasal 108)",
        "tidak tercatat",
        UNKNOWN,
        text,
        law,
        Remedy.verify,
    )


def education(
    emp: EmployeeFacts, tid: str | None, law: tuple[str, ...], target: PositionFacts
) -> Line:
    """The higher of the legal minimum (``tid``; None = none) and the position's own minimum."""
    options = [thresholds().text(tid)] if tid is not None else []
    if target.pendidikan_min in PENDIDIKAN:
        options.append(target.pendidikan_min)
    cites = merge_citations(law, thresholds().cites(tid) if tid is not None else ())
    if not options:
        return Line(
            "pendidikan",
            "Pendidikan minimal",
            "-",
            PASS,
            "Tidak ada syarat pendidikan minimal yang tercatat.",
            cites,
        )
    need = max(options, key=pendidikan_level)
    legal = thresholds().text(tid) if tid is not None else None
    source = "" if need == legal else " (syarat jabatan)"
    known = [p.jenjang for p in emp.pendidikan if p.jenjang in PENDIDIKAN]
    if not known:
        return Line(
            "pendidikan",
            f"Pendidikan minimal {need}{source}",
            "tidak tercatat",
            UNKNOWN,
            "Riwayat pendidikan tidak tercatat; periksa ijazah.",
            cites,
            Remedy.verify,
        )
    best = max(known, key=pendidikan_level)
    ok = pendidikan_level(best) >= pendidikan_level(need)
    text = f"Pendidikan {best}; syarat minimal {need}{source}."
    return Line(
        "pendidikan",
        f"Pendidikan minimal {need}{source}",
        best,
        PASS if ok else FAIL,
        text,
        cites,
        None if ok else Remedy.blocker,
        data={"pendidikan": best, "minimal": need, "minimal_peraturan": legal},
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
    ends = "masih berjalan" if ongoing else f"berakhir {tanggal_panjang(worst.selesai or as_of)}"
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
    result: JpmResult | None = None,
) -> Line:
    t = thresholds()
    r = result if result is not None else jpm(emp, target, as_of=as_of, settings=settings)
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
        f"{r.persen:.1f}%".replace(".", ","),  # Indonesian decimal comma
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
