"""Questions that are really rule checks ("umur 57 bisa jadi kadis?", "berapa BUP pejabat
administrator?") answered directly from the merit rules' threshold table, before provisions.

Only age-type checks can be decided from a question alone (the other requirements need the
employee's records); for those the verdict lists what else the rule requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.rules.thresholds import ThresholdTable

# Position spoken about → (rule key, label shown to the user). Longest phrases first.
_POSITIONS: tuple[tuple[str, str, str], ...] = (
    (r"jpt utama|jabatan pimpinan tinggi utama", "jpt_utama", "JPT utama"),
    (
        r"jpt madya|jabatan pimpinan tinggi madya|sekda provinsi|sekretaris daerah provinsi"
        r"|eselon (?:i|1)\b",
        "jpt_madya",
        "JPT madya",
    ),
    (
        r"jpt pratama|jabatan pimpinan tinggi pratama|kadis|kepala dinas|kaban|kepala badan"
        r"|kepala opd|kepala perangkat daerah|sekda (?:kabupaten|kab|kota)|asisten sekda"
        r"|eselon (?:ii|2)\b|head of (?:department|agency)|department head",
        "jpt_pratama",
        "JPT pratama",
    ),
    (r"ahli utama", "jf_ahli_utama", "JF ahli utama"),
    (r"ahli madya", "jf_ahli_madya", "JF ahli madya"),
    (
        r"ahli muda|ahli pertama|keterampilan|terampil",
        "jf_ahli_pertama_muda",
        "JF ahli pertama/ahli muda/keterampilan",
    ),
    (
        r"administrator|kabid|kepala bidang|kabag|kepala bagian|sekretaris dinas|sekdis|camat"
        r"|eselon (?:iii|3)\b",
        "administrator",
        "jabatan administrator",
    ),
    (
        r"pengawas|supervisor|kasi|kasie|kepala seksi|kasubbag|kasubag|kepala subbagian|lurah"
        r"|eselon (?:iv|4)\b",
        "pengawas",
        "jabatan pengawas",
    ),
    (r"pelaksana", "pelaksana", "jabatan pelaksana"),
    (r"\bjpt\b|jabatan pimpinan tinggi|senior executive", "jpt", "JPT"),
)
_POSITION_RES = tuple((re.compile(rf"\b(?:{p})"), key, label) for p, key, label in _POSITIONS)

_BUP_KEY = {
    "jpt_utama": "bup.jpt",
    "jpt_madya": "bup.jpt",
    "jpt_pratama": "bup.jpt",
    "jpt": "bup.jpt",
    "administrator": "bup.administrasi",
    "pengawas": "bup.administrasi",
    "pelaksana": "bup.administrasi",
    "jf_ahli_pertama_muda": "bup.jf_ahli_pertama_muda_keterampilan",
    "jf_ahli_madya": "bup.jf_ahli_madya",
    "jf_ahli_utama": "bup.jf_ahli_utama",
}
_BUP_LABEL = {
    "bup.administrasi": "pejabat administrasi",
    "bup.jpt": "pejabat pimpinan tinggi",
    "bup.jf_ahli_pertama_muda_keterampilan": "JF ahli pertama, ahli muda dan keterampilan",
    "bup.jf_ahli_madya": "JF ahli madya",
    "bup.jf_ahli_utama": "JF ahli utama",
}
_ADMINISTRASI = ("administrator", "pengawas")
# When a maximum age applies, where a source says so: only JPT madya's selection announcement
# (a secondary source) says "at inauguration"; Pasal 107 huruf a and c, as read, name no date.
_WHEN = {"jpt_madya": " saat pelantikan (menurut sumber sekunder)"}
_MAX_AGE_KEY = {
    "jpt_utama": "jpt_utama.usia_maks",
    "jpt_madya": "jpt_madya.usia_maks",
    "jpt_pratama": "jpt_pratama.usia_maks",
    "jf_ahli_pertama_muda": "jf.usia_maks.ahli_pertama_muda_keterampilan",
    "jf_ahli_madya": "jf.usia_maks.ahli_madya",
}
_JPT_OTHER = {
    "jpt_utama": ("jpt_utama.pengalaman_tahun", "jpt_utama.jabatan_sebelumnya"),
    "jpt_madya": ("jpt_madya.pengalaman_tahun", "jpt_madya.jabatan_sebelumnya"),
    "jpt_pratama": ("jpt_pratama.pengalaman_tahun", "jpt_pratama.jabatan_sebelumnya"),
}
_JABATAN_LABEL = {
    "jpt_madya": "JPT madya",
    "jpt_pratama": "JPT pratama",
    "administrator": "administrator",
    "pengawas": "pengawas",
    "pelaksana": "pelaksana",
    "fungsional:ahli_utama": "JF ahli utama",
    "fungsional:ahli_madya": "JF ahli madya",
}

_BUP = re.compile(r"\b(?:bup|batas usia pensiun|pensiun|retire|retirement)\b")
_MAX_AGE = re.compile(
    r"\b(?:batas (?:usia|umur)|usia (?:maksimal|paling tinggi|maks)|umur (?:maksimal|maks)"
    r"|maksimal (?:usia|umur)|age limit|maximum age|max age|how old)\b"
)
_AGE = (
    re.compile(r"\b(?:umur|usia|age|aged|berumur|berusia)\b(?:\s+[a-z]+){0,2}?\s+(\d{2})\b"),
    re.compile(r"\b(?:i am|i m|im)\s+(\d{2})\b"),
    re.compile(r"\b(\d{2})\s*(?:tahun|thn|th|years? old|yo)\b"),
)


@dataclass(frozen=True)
class RuleVerdict:
    text: str  # one or two Indonesian sentences, the direct answer
    citations: tuple[str, ...]  # provision ids the thresholds rest on


def _position(text: str) -> tuple[str, str] | None:
    for pattern, key, label in _POSITION_RES:
        if pattern.search(text):
            return key, label
    return None


def _age(text: str) -> int | None:
    for pattern in _AGE:
        m = pattern.search(text)
        if m:
            value = int(m.group(1))
            if 17 <= value <= 80:
                return value
    return None


def _requirements(table: ThresholdTable, key: str) -> str:
    experience, previous = _JPT_OTHER[key]
    before = " atau ".join(_JABATAN_LABEL.get(v, v) for v in table.texts(previous))
    education = table.text(f"{key}.pendidikan_min")
    if education == "S1":  # D-IV counts as S1 (db.reference.PENDIDIKAN_SETARA)
        education = "S1/D-IV"
    return (
        f"Syarat lain tetap berlaku: pendidikan minimal {education}, "
        f"pengalaman {table.integer(experience)} tahun, dan pernah menjabat {before} "
        f"minimal {table.integer(f'{key}.jabatan_sebelumnya_tahun')} tahun."
    )


def _bup_verdict(table: ThresholdTable, key: str, label: str, age: int | None) -> RuleVerdict:
    tid = _BUP_KEY[key]
    bup = table.integer(tid)
    text = f"BUP {label}: {bup} tahun."
    if age is not None:
        if age >= bup:
            text = f"Usia {age} sudah mencapai BUP {label} ({bup} tahun)."
        else:
            text = f"Belum: BUP {label} {bup} tahun; usia {age} masih {bup - age} tahun lagi."
    return RuleVerdict(text=text, citations=table.cites(tid))


def _max_age_verdict(table: ThresholdTable, key: str, label: str, age: int | None) -> RuleVerdict:
    """A maximum appointment age. Only JPT madya's (secondary) source says the age is taken
    "saat pelantikan"; for the others the rule's text names no date, so none is claimed, and
    at the boundary the date and reading Talenta uses are given as its own policy."""
    tid = _MAX_AGE_KEY[key]
    limit = table.integer(tid)
    when = _WHEN.get(key, "")
    base = f"batas usia {label} {limit} tahun{when}"
    cites = table.cites(tid)
    if age is None:
        text = f"Batas usia paling tinggi untuk {label}: {limit} tahun{when}."
    elif age > limit:
        text = f"Tidak: {base}; usia {age} sudah melewatinya."
    elif age == limit:
        last = (
            f"ulang tahun ke-{limit} sebagai hari terakhir yang memenuhi"
            if table.text("usia_maks.tafsir") == "hari_ulang_tahun"
            else f"masih memenuhi sampai sehari sebelum ulang tahun ke-{limit + 1}"
        )
        text = (
            f"Perlu dicek tanggal lahirnya: {base}. Talenta mengukur usia pada tanggal "
            f"pelantikan dan membaca {last}; itu tafsir instansi yang belum terverifikasi, "
            "konfirmasikan ke BKN."
        )
        cites = tuple(dict.fromkeys(cites + table.cites("usia_maks.tafsir")))
    else:
        text = f"Ya, dari sisi usia: {base}, usia {age} masih di bawahnya."
    if key in _JPT_OTHER and (age is None or age <= limit):
        text += " " + _requirements(table, key)
        cites = tuple(dict.fromkeys(cites + table.cites(_JPT_OTHER[key][0])))
    return RuleVerdict(text=text, citations=cites)


def check_rule(text: str, table: ThresholdTable) -> RuleVerdict | None:
    """A direct verdict when ``text`` (normalised, lower-case) asks an age-type rule check."""
    found = _position(text)
    if found is None:
        return None
    key, label = found
    age = _age(text)
    if _BUP.search(text):
        if key == "jpt":
            key, label = "jpt_pratama", "JPT"
        return _bup_verdict(table, key, label, age)
    if age is None and not _MAX_AGE.search(text):
        return None
    if key == "jpt":
        return None  # which JPT level decides the limit; let the provisions answer
    if key in _MAX_AGE_KEY:
        return _max_age_verdict(table, key, label, age)
    if key == "jf_ahli_utama":
        return _jf_ahli_utama_verdict(table, age)
    return _no_age_limit_verdict(table, key, label, age)


def _bup_clause(table: ThresholdTable, key: str, age: int | None) -> tuple[str, bool]:
    """ "BUP … 58 tahun (PP 11/2017 Pasal 239)" with the asked age, and whether it is reached."""
    bup = table.integer(_BUP_KEY[key])
    clause = f"BUP {_BUP_LABEL[_BUP_KEY[key]]}, {bup} tahun (PP 11/2017 Pasal 239)"
    if age is None:
        return clause, False
    if age >= bup:
        return f"usia {age} sudah mencapai {clause}", True
    return f"{clause}, dan usia {age} belum mencapainya", False


def _no_age_limit_verdict(
    table: ThresholdTable, key: str, label: str, age: int | None
) -> RuleVerdict:
    """Administrator / pengawas: the verified requirement list (PP 11/2017, article number not
    verified) has no appointment age; only the retirement age (Pasal 239) bounds it. For
    pelaksana the knowledge base holds no requirement list at all, so it says that instead."""
    if key in _ADMINISTRASI:
        requirements = table.cites(f"{key}.jabatan_sebelumnya")  # the whole requirement list
        none = (
            f"persyaratan {label} dalam PP 11/2017 (isinya terverifikasi, nomor pasalnya belum) "
            "tidak memuat batas usia pengangkatan"
        )
        yes, only = "Dari sisi usia bisa", "yang membatasi hanya"
    else:
        requirements = ()
        none = f"basis pengetahuan Talenta tidak memuat persyaratan pengangkatan {label}"
        yes, only = "Belum dapat dipastikan", "yang diketahui hanya"
    bup, reached = _bup_clause(table, key, age)
    if reached:
        text = f"Tidak: {bup}. Adapun {none}."
    elif age is not None:
        text = f"{yes}: {none}; {only} {bup}."
    else:
        text = f"{none[:1].upper()}{none[1:]}. {only[:1].upper()}{only[1:]} {bup}."
    return RuleVerdict(text=text, citations=(*requirements, *table.cites(_BUP_KEY[key])))


def _jf_ahli_utama_verdict(table: ThresholdTable, age: int | None) -> RuleVerdict:
    """Transfer into JF ahli utama: BKN guidance sets two limits, by where the PNS comes from."""
    ex_jpt = table.integer("jf.usia_maks.ahli_utama_dari_jpt")
    between = table.integer("jf.usia_maks.antar_ahli_utama")
    bup, _ = _bup_clause(table, "jf_ahli_utama", age)
    text = (
        f"Menurut panduan BKN (sumber sekunder), perpindahan ke JF ahli utama paling tinggi usia "
        f"{ex_jpt} tahun bagi PNS yang pernah menduduki JPT dan {between} tahun untuk perpindahan "
        f"antar-JF ahli utama; selain itu {bup}."
    )
    cites = (
        *table.cites("jf.usia_maks.ahli_utama_dari_jpt"),
        *table.cites("jf.usia_maks.antar_ahli_utama"),
        *table.cites(_BUP_KEY["jf_ahli_utama"]),
    )
    return RuleVerdict(text=text, citations=tuple(dict.fromkeys(cites)))
