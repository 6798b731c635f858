"""Conditions written into a request for a post that the list does not apply, said out loud.

A PPK types "kabid anggaran, yang S2 dan perempuan ya". The post is resolved and its legal
requirements are checked, but the rest of the sentence would otherwise vanish silently. Two
kinds are found here and named under the list:

- **refused**: a preference the merit system forbids — sex, religion, ethnicity or origin,
  marital status, or age beyond the legal limits (UU 20/2023, Penjelasan: merit applied without
  distinction as to ethnicity, race, religion, origin, sex, marital status, age or disability);
- **not filtered**: a merit condition Talenta does not filter by (education level, golongan,
  years of experience, a training or certificate): the list is not narrowed by it, and each
  candidate's detail shows it.

Only requests for a post are read this way: a described need is searched with all its words.

Any request may also name **another agency** ("kadis pendidikan kabupaten Bungo" from Tebo's
PPK) or ask across agencies ("dari semua kabupaten se-Jambi"): the search only ever covers the
asker's own agencies, and :func:`outside_scope` finds such words so the list can say so
instead of answering as if they had been read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


def _any(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


_PREFER = _any(
    "yang", "yg", "harus", "sebaiknya", "diutamakan", "utamakan", "khusus", "hanya", "cuma",
    "maunya", "mau", "kalau bisa", "lebih baik", "prefer",
)  # fmt: skip
_SEX = _any("laki[- ]?laki", "laki2", "pria", "perempuan", "wanita", "cewek", "cowok")
_FAITH = _any(
    "muslim", "islam", "kristen", "katolik", "hindu", "buddha", "budha", "konghucu", "nasrani"
)  # fmt: skip
_ORIGIN = _any(
    "seiman", "seagama", "sesama muslim", "putra daerah", "putri daerah", "anak daerah",
    r"orang asli\s+\w+", "asli jambi", r"suku\s+\w+",
)  # fmt: skip
# Words before a faith word that make it a field or an institution, not a person's faith.
_FIELD_BEFORE = (
    "agama", "hukum", "ekonomi", "pendidikan", "studi", "syariah", "perbankan", "keuangan",
    "sekolah", "madrasah", "sastra", "budaya", "filsafat", "bank", "universitas", "institut",
    "sekolah tinggi", "pemikiran", "sejarah", "kebudayaan", "peradaban", "bimbingan", "penyuluh",
)  # fmt: skip
# A faith word that names a field of study, a subject taught or an institution, not anyone's
# faith: "hukum islam", "guru agama hindu dan buddha", "universitas islam negeri".
_FAITH_NAMING = re.compile(
    r"\b" + _any(*_FIELD_BEFORE) + r"\s+" + _FAITH
    + r"(?:\s*(?:,|dan|atau)\s*" + _FAITH + r")*\b"
    + r"|\b" + _FAITH + r"\s+(?:terpadu|negeri|nusantara|indonesia)\b"
)  # fmt: skip
_MARRIED = _any(
    "belum menikah", "sudah menikah", "lajang", "belum berkeluarga", "sudah berkeluarga"
)
_AGE_CAP = _any("di ?bawah", "maks(?:imal)?", "kurang dari", "max", "paling tua")
_REFUSED = [
    # A sex word anywhere but in a unit's name ("Dinas Pemberdayaan Perempuan dan …").
    re.compile(r"(?<!pemberdayaan )\b" + _SEX + r"\b(?!\s+dan\s+(?:perlindungan|anak))"),
    re.compile(r"(?:" + _PREFER + r"|\bberagama)\s+(?:beragama\s+)?" + _FAITH + r"\b"),
    # Alone too ("laki2 dan muslim"); a field, subject or institution is blanked out first
    # (:data:`_FAITH_NAMING`).
    re.compile(r"\b" + _FAITH + r"\b"),
    re.compile(r"\b" + _ORIGIN + r"\b"),
    re.compile(r"\b" + _MARRIED + r"\b"),
    re.compile(r"\b(?:umur|usia|umurnya|usianya)\s*" + _AGE_CAP + r"\s*\d{2}\b"),
    re.compile(r"(?<!ahli )\b(?:yang|yg)\s+(?:masih\s+)?muda\b"),
]
_NOT_FILTERED = [
    re.compile(r"\b(?:s-?[123]|d-?[34]|magister|doktor|pascasarjana|lulusan\s+s-?[123])\b"),
    re.compile(r"\bgol(?:ongan)?\.?\s*(?:iv|iii|ii|i|[1-4])\s*/?\s*[a-e]\b"),
    re.compile(r"\bpengalaman\s+(?:minimal\s+|min\.?\s+|lebih dari\s+)?\d+\s*(?:tahun|thn)\b"),
    re.compile(
        r"\b(?:sudah|pernah)\s+(?:ikut\s+)?(?:diklat|pelatihan)\s+(?:pim|pkp|pka|kepemimpinan)\b\s*\w*"
    ),
    re.compile(r"\b(?:bersertifikat|bersertifikasi|punya sertifikat|memegang sertifikat)\s+\w+"),
]


@dataclass(frozen=True)
class Unapplied:
    refused: tuple[str, ...] = ()
    not_filtered: tuple[str, ...] = ()
    # Agencies named outside the asker's, or "across agencies" as written ("semua kabupaten").
    outside: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.refused or self.not_filtered or self.outside)

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "refused": list(self.refused),
            "not_filtered": list(self.not_filtered),
            "outside": list(self.outside),
        }


_GOVERNMENT = re.compile(r"^(?:pemerintah\s+)?(kabupaten|kota|provinsi)\s+(.+)$", re.IGNORECASE)
_KIND_WORDS = {
    "kabupaten": _any("kabupaten", r"kab\.?", "pemkab"),
    "kota": _any("kota", "pemkot"),
    "provinsi": _any("provinsi", r"prov\.?", "pemprov"),
}
_EVERYWHERE = re.compile(
    r"\b(?:se-?(?:jambi|provinsi)"
    r"|(?:semua|seluruh|lintas|antar)\s*(?:kabupaten|kab|kota|instansi|daerah|pemda|provinsi))\b"
)


def outside_scope(
    text: str, *, others: Sequence[str], post: str = "", province: bool = False
) -> tuple[str, ...]:
    """The agencies among ``others`` (official names of agencies outside the asker's,
    "Pemerintah Kabupaten Bungo") that ``text`` names with their kind ("kabupaten bungo",
    "kab. bungo", "kota jambi"), then the words asking across agencies, as written. Words of
    ``post`` (the resolved post and its unit: "UPTD Samsat Kota Jambi") name no agency; for a
    ``province`` asker "se-Jambi" and "se-provinsi" are their own scope."""
    lowered = _masked(" ".join(text.split()).lower(), post)
    found: list[str] = []
    for name in others:
        m = _GOVERNMENT.match(name.strip())
        if m is None:
            continue
        region = r"\s*".join(map(re.escape, m.group(2).lower().split()))
        if re.search(rf"\b{_KIND_WORDS[m.group(1).lower()]}\s+{region}\b", lowered):
            found.append(name)
    for wide in _EVERYWHERE.finditer(lowered):
        if not (province and wide.group(0).startswith("se")):
            found.append(wide.group(0))
    return tuple(dict.fromkeys(found))


def _masked(lowered: str, post: str) -> str:
    """``lowered`` with every word of ``post`` blanked out (same length)."""
    for word in set(re.findall(r"[\w-]+", post.lower())):
        lowered = re.sub(rf"\b{re.escape(word)}\b", "\0" * len(word), lowered)
    return lowered


# "tidak harus perempuan", "laki-laki atau perempuan sama saja": no preference is stated.
_NO_PREFERENCE = re.compile(
    r"\b(?:tidak|tak|gak|ga|nggak|bukan)\s+(?:harus|perlu|mesti|wajib|masalah|penting)\b"
    r"|\bsama saja\b|\bterserah\b|\bbebas\b|\bapa saja\b"
)


def unapplied(text: str, *, post: str = "") -> Unapplied:
    """The conditions of ``text`` the list does not apply, as written (trimmed). Words of
    ``post`` (the resolved post and its unit) are not read as conditions: "Kepala Bidang
    Perlindungan Hak Perempuan" asks for no one's sex."""
    written = " ".join(text.split())
    lowered = _masked(written.lower(), post)
    named = _FAITH_NAMING.sub(lambda m: "\0" * len(m.group(0)), lowered)
    refused = () if _NO_PREFERENCE.search(lowered) else _found(_REFUSED, written, named)
    return Unapplied(refused, _found(_NOT_FILTERED, written, lowered))


def _found(patterns: list[re.Pattern[str]], written: str, lowered: str) -> tuple[str, ...]:
    shown = written if len(lowered) == len(written) else lowered  # spans of one are the other's
    kept: list[tuple[int, int]] = []
    for a, b in sorted((m.span() for p in patterns for m in p.finditer(lowered)),
                       key=lambda span: (span[0], -span[1])):  # fmt: skip
        if not kept or a >= kept[-1][1]:  # a match inside a longer one is not named twice
            kept.append((a, b))
    return tuple(dict.fromkeys(_cut(shown[a:b].strip()) for a, b in kept))


def _cut(found: str, limit: int = 40) -> str:
    """At most ``limit`` characters, cut at a word's end."""
    if len(found) <= limit:
        return found
    return found[:limit].rsplit(" ", 1)[0] + " …"
