"""One person: name and titles, sex, birth date, NIP, rank and its dates, education.

Rank is derived from the position and the years of service (never the other way round): the
position fixes a golongan range (FACTS.md §11.3 for eselon, the usual ranges for fungsional
jenjang), the entry golongan follows the education at appointment (SLTA II/a, D-III II/c,
S1 III/a, S2 III/b), every step takes about four years, and the birth date is set so the
person is below the retirement age (BUP) of the position.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, timedelta

from faker.providers.person.id_ID import Provider as IdNames

from db.generate.dates import add_months, add_years, from_index, month_index
from db.generate.fields import D3_MAJORS, FIELDS, SLTA_JURUSAN, Major
from db.generate.positions import Position
from db.reference import GOLONGAN, PENDIDIKAN_ORDER

GOL = tuple(GOLONGAN)
R = {g: i for i, g in enumerate(GOL)}
ENTRY = {
    "SLTA": R["II/a"],
    "D-III": R["II/c"],
    "S1": R["III/a"],
    "S2": R["III/b"],
    "S3": R["III/c"],
}
ESELON_RANGE = {
    "I.b": ("IV/c", "IV/e"),
    "II.a": ("IV/c", "IV/d"),
    "II.b": ("IV/b", "IV/d"),
    "III.a": ("IV/a", "IV/b"),
    "III.b": ("III/d", "IV/b"),
    "IV.a": ("III/c", "III/d"),
    "IV.b": ("III/b", "III/c"),
}
JENJANG_RANGE = {
    "ahli_pertama": ("III/a", "III/b"),
    "ahli_muda": ("III/c", "III/d"),
    "ahli_madya": ("IV/a", "IV/c"),
    "ahli_utama": ("IV/d", "IV/e"),
    "pemula": ("II/a", "II/a"),
    "terampil": ("II/c", "II/d"),
    "mahir": ("III/a", "III/b"),
    "penyelia": ("III/c", "III/d"),
}
PELAKSANA_CAP = {"SLTA": "III/b", "D-III": "III/c", "S1": "III/d", "S2": "III/d", "S3": "III/d"}
CPNS_AGE = {"SLTA": (19, 30), "D-III": (21, 32), "S1": (22, 35), "S2": (25, 35), "S3": (29, 35)}

UNIV = (
    "Universitas Jambi",
    "UIN Sulthan Thaha Saifuddin Jambi",
    "Universitas Batanghari",
    "Universitas Muhammadiyah Jambi",
    "Universitas Andalas",
    "Universitas Sriwijaya",
    "Universitas Gadjah Mada",
    "Universitas Indonesia",
    "Universitas Terbuka",
    "Universitas Padjadjaran",
    "Institut Pertanian Bogor",
)
PASCA = (
    "Universitas Jambi",
    "Universitas Gadjah Mada",
    "Universitas Indonesia",
    "Universitas Andalas",
    "Universitas Sriwijaya",
    "Universitas Padjadjaran",
    "Universitas Brawijaya",
    "Institut Pertanian Bogor",
)
POLTEK = {
    "keperawatan": "Poltekkes Kemenkes Jambi",
    "kesehatan": "Poltekkes Kemenkes Jambi",
    "keuangan": "Politeknik Keuangan Negara STAN",
    "pendapatan": "Politeknik Keuangan Negara STAN",
    "teknologi informasi": "Politeknik Jambi",
    "infrastruktur": "Politeknik Negeri Padang",
}
CITIES = (
    "Jambi",
    "Muara Bulian",
    "Muara Bungo",
    "Sungai Penuh",
    "Bangko",
    "Sengeti",
    "Sarolangun",
    "Kuala Tungkal",
    "Muara Sabak",
    "Muara Tebo",
    "Padang",
    "Palembang",
)

FEMALE_SHARE = {"keperawatan": 0.82, "pendidikan": 0.66, "kedokteran": 0.55, "kesehatan": 0.6}


@dataclass(slots=True)
class Education:
    jenjang: str
    jurusan: str | None
    institusi: str
    tahun: int


@dataclass(slots=True)
class Person:
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    sex: str
    lahir: date
    pppk: bool
    golongan: str | None
    tmt_golongan: date | None
    tmt_cpns: date | None  # for PPPK: the appointment date (not written as tmt_cpns)
    field: str
    pendidikan: list[Education] = dc_field(default_factory=list)


class NipRegistry:
    """Serial numbers so that NIPs stay unique (FACTS.md §11.2: digits 16–18)."""

    def __init__(self) -> None:
        self._pns: dict[str, int] = {}
        self._pppk = 0

    def pns(self, lahir: date, tmt_cpns: date, sex: str) -> str:
        prefix = f"{lahir:%Y%m%d}{tmt_cpns:%Y%m}{'1' if sex == 'L' else '2'}"
        n = self._pns.get(prefix, 0) + 1
        self._pns[prefix] = n
        return f"{prefix}{n:03d}"

    def pppk(self, lahir: date, tmt: date, sex: str) -> str:
        """NI PPPK (structure unverified): appointment year, birth date, sex, 5-digit serial.

        Starting with the year of appointment makes digits 1–8 an impossible date, so it can
        never pass as a PNS NIP.
        """
        self._pppk += 1
        return f"{tmt:%Y}{lahir:%Y%m%d}{'1' if sex == 'L' else '2'}{self._pppk % 100000:05d}"


def _name(rng: random.Random, sex: str) -> str:
    first = IdNames.first_names_male if sex == "L" else IdNames.first_names_female
    last = IdNames.last_names_male if sex == "L" else IdNames.last_names_female
    r = rng.random()
    if r < 0.12:
        return rng.choice(first)
    if r < 0.3:
        return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
    return f"{rng.choice(first)} {rng.choice(last)}"


def _entry_education(rng: random.Random, pos: Position | None) -> str:
    if pos is None:
        return "S1" if rng.random() < 0.7 else "D-III"
    r = rng.random()
    if pos.jenis.startswith("jpt") or pos.jenis == "administrator":
        return "S1" if r < 0.85 else ("D-III" if r < 0.95 else "S2")
    if pos.jenis == "pengawas":
        return "S1" if r < 0.7 else ("D-III" if r < 0.9 else "SLTA")
    if pos.jenis == "fungsional":
        if pos.jenjang and not pos.jenjang.startswith("ahli"):
            return "D-III"
        return "S1" if r < 0.9 else "S2"
    return pos.pendidikan_min


def _highest_education(rng: random.Random, pos: Position | None, entry: str) -> str:
    r = rng.random()
    if pos is None:
        return entry
    need = pos.pendidikan_min
    if pos.jenis.startswith("jpt"):
        best = "S3" if r < 0.08 else ("S2" if r < 0.88 else "S1")
    elif pos.jenis == "administrator":
        best = "S2" if r < 0.55 else "S1"
    elif pos.jenis == "pengawas":
        best = "S2" if r < 0.2 else "S1"
    elif pos.jenjang in ("ahli_madya", "ahli_utama"):
        best = "S3" if r < 0.05 else ("S2" if r < 0.5 else "S1")
    elif pos.jenis == "fungsional":
        best = "S2" if r < 0.08 and entry in ("S1", "S2") else entry
    else:
        best = entry if r < 0.85 else ("S1" if entry in ("SLTA", "D-III") else entry)
    for cand in (best, need, entry):
        if PENDIDIKAN_ORDER[cand] > PENDIDIKAN_ORDER[best]:
            best = cand
    return best


def golongan_range(pos: Position | None, entry: str) -> tuple[int, int]:
    if pos is None:
        lo = hi = ENTRY[entry]
    elif pos.eselon in ESELON_RANGE:
        a, b = ESELON_RANGE[pos.eselon]
        lo, hi = R[a], R[b]
    elif pos.jenjang in JENJANG_RANGE:
        a, b = JENJANG_RANGE[pos.jenjang]
        lo, hi = R[a], R[b]
    else:
        lo, hi = ENTRY[entry], R[PELAKSANA_CAP[entry]]
    e = ENTRY[entry]
    return max(lo, e), max(hi, e)


def _kp_date(d: date) -> date:
    """Promotion TMT: 1 April / 1 October before 2025, any month from 2025 (FACTS.md §11.1)."""
    if d.year >= 2025:
        return from_index(month_index(d))
    if d.month <= 4:
        return date(d.year, 4, 1)
    if d.month <= 10:
        return date(d.year, 10, 1)
    return date(d.year + 1, 4, 1)


def make_person(
    rng: random.Random,
    nips: NipRegistry,
    pos: Position | None,
    *,
    as_of: date,
    pppk: bool,
    near_retirement: bool,
    new_hire: bool = False,
    retired: bool = False,
) -> Person:
    fld = pos.field if pos else "umum"
    sex = (
        "P"
        if rng.random()
        < FEMALE_SHARE.get(fld, 0.2 if pos and pos.jenis.startswith("jpt") else 0.45)
        else "L"
    )
    bup = pos.bup if pos else 58
    entry = _entry_education(rng, pos)
    highest = _highest_education(rng, pos, entry)
    now_m = month_index(as_of)
    lo_age, hi_age = CPNS_AGE[entry]
    if pppk:
        gol = None
        served = rng.randint(6, max(7, min(72, 12 * (as_of.year - 2021) + as_of.month)))
        tmt = from_index(now_m - served)
        if near_retirement:
            age_m = bup * 12 - rng.randint(2, 23)
        else:
            age_m = rng.randint(lo_age * 12 + served, (bup - 2) * 12)
        lahir = from_index(now_m - age_m, rng.randint(1, 28))
        tmt_gol = None
        cpns = tmt
    else:
        lo, hi = golongan_range(pos, entry)
        t = hi if near_retirement else lo + int((rng.random() ** 1.4) * (hi - lo + 1))
        t = min(t, hi)
        if new_hire:
            t = ENTRY[entry]
        interval = rng.randint(48, 56)
        to_target = (t - ENTRY[entry]) * interval
        age_cpns = rng.randint(lo_age * 12, hi_age * 12)
        room = bup * 12 - 2 - age_cpns - to_target
        if room < 0:  # too old for this path: enter younger
            age_cpns = max(lo_age * 12, age_cpns + room)
            room = bup * 12 - 2 - age_cpns - to_target
        while room < 0 and t > lo:  # still too old: a lower rank within the position's range
            t -= 1
            to_target = (t - ENTRY[entry]) * interval
            room = bup * 12 - 2 - age_cpns - to_target
        if new_hire:
            since = rng.randint(1, 11)
        elif near_retirement:
            since = max(0, bup * 12 - rng.randint(2, 23) - age_cpns - to_target)
        elif t == hi:
            since = rng.randint(0, max(0, min(room, 200)))
        else:
            since = rng.randint(0, max(0, min(room, 47)))
        start_m = now_m - to_target - since
        cpns = from_index(start_m)
        lahir = from_index(start_m - age_cpns - 1, rng.randint(1, 28))
        gol = GOL[t]
        tmt_gol = cpns if t == ENTRY[entry] else min(_kp_date(add_months(cpns, to_target)), as_of)
        if tmt_gol < cpns:
            tmt_gol = cpns
    if retired:  # reached BUP within the last year; status pensiun
        lahir = add_years(as_of, -bup) - timedelta(days=rng.randint(40, 330))
    # never active past BUP: the BUP birthday must be after as_of
    while not retired and add_years(lahir, bup) <= as_of:
        lahir = add_months(lahir, 1)
    if add_years(lahir, 18) > cpns:  # appointed at 18 at the earliest (NIP rule)
        lahir = add_years(cpns, -18 - rng.randint(1, 3))
        while not retired and add_years(lahir, bup) <= as_of:
            lahir = add_months(lahir, 1)
    nip = nips.pppk(lahir, cpns, sex) if pppk else nips.pns(lahir, cpns, sex)
    p = Person(nip, _name(rng, sex), "", "", sex, lahir, pppk, gol, tmt_gol, cpns, fld)
    p.pendidikan = _education(rng, p, entry, highest, as_of)
    p.gelar_depan, p.gelar_belakang = _titles(rng, p, as_of)
    return p


def _major(rng: random.Random, fld: str) -> Major:
    return rng.choice(FIELDS[fld].majors)


def _education(
    rng: random.Random, p: Person, entry: str, highest: str, as_of: date
) -> list[Education]:
    assert p.tmt_cpns is not None
    y0 = p.lahir.year
    cp = p.tmt_cpns.year
    out = [
        Education(
            "SLTA",
            rng.choice(SLTA_JURUSAN),
            f"SMA Negeri {rng.randint(1, 12)} {rng.choice(CITIES)}",
            y0 + 18,
        )
    ]
    order = ("D-III", "S1", "S2", "S3")
    levels = [
        lv
        for lv in order
        if PENDIDIKAN_ORDER[entry] <= PENDIDIKAN_ORDER[lv] <= PENDIDIKAN_ORDER[highest]
    ]
    if entry == "S2":
        levels = ["S1", *levels]
    if entry == "S3":
        levels = ["S1", "S2", *levels]
    major = _major(rng, p.field)
    last = y0 + 18
    for lv in levels:
        before = PENDIDIKAN_ORDER[lv] <= PENDIDIKAN_ORDER[entry]  # finished before appointment
        if lv == "D-III":
            inst = POLTEK.get(p.field, rng.choice(UNIV))
            jur = D3_MAJORS.get(p.field, "Administrasi Perkantoran")
        else:
            inst = rng.choice(UNIV if lv == "S1" else PASCA)
            jur = major.name if lv != "S3" else f"Doktor {major.name}"
        if before:
            yr = min(cp, y0 + {"D-III": 21, "S1": 22, "S2": 25, "S3": 29}[lv] + rng.randint(0, 2))
        else:  # during service
            yr = max(last + 2, cp + rng.randint(2, 14))
        yr = max(yr, last + 1)
        if yr > as_of.year:
            break
        out.append(Education(lv, jur, inst, yr))
        last = yr
    return out


def _titles(rng: random.Random, p: Person, as_of: date) -> tuple[str, str]:
    levels = {e.jenjang for e in p.pendidikan}
    major = None
    for e in p.pendidikan:
        if e.jenjang == "S1":
            major = next((m for m in FIELDS[p.field].majors if m.name == e.jurusan), None)
    major = major or FIELDS[p.field].majors[0]
    depan: list[str] = []
    belakang: list[str] = []
    if "S3" in levels:
        depan.append("Dr.")
    if "S1" in levels:
        if p.field == "kedokteran":
            depan.append("dr.")
        elif p.field in ("infrastruktur", "pertanian") and p.lahir.year < 1972:
            depan.append("Ir.")
        else:
            if major.name == "Keperawatan":
                depan.append("Ns.")
            belakang.append(major.gelar_s1)
    elif "D-III" in levels:
        belakang.append(major.gelar_d3)
    if "S2" in levels:
        belakang.append(major.gelar_s2)
    if as_of.year - p.lahir.year > 40 and rng.random() < 0.12:
        depan.append("H." if p.sex == "L" else "Hj.")
    return " ".join(depan), ", ".join(belakang)
