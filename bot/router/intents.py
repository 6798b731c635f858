"""Routing free text to an intent: keywords with typo tolerance, no model.

A message is normalised (lower case, punctuation dropped), each word is snapped to the nearest
keyword when it is a likely typo (rapidfuzz ratio ≥ 80 on words of 4+ letters), and every
intent scores the keywords and phrases it contains. The best score wins; a weak or tied score
is "unclear" and the assistant asks a short question with buttons instead of guessing.
Accuracy is measured on ``tests/bot/intents.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process


class Intent(StrEnum):
    search = "search"
    person = "person"  # one named employee (by name or NIP)
    regulation = "regulation"
    profile = "profile"
    opportunities = "opportunities"
    talentpool = "talentpool"
    compare = "compare"
    help = "help"
    logout = "logout"
    unclear = "unclear"


# Weight 3: the word alone says it; 2: strong hint; 1: weak hint.
KEYWORDS: dict[Intent, dict[str, int]] = {
    Intent.search: {
        "kandidat": 3,
        "calon": 3,
        "carikan": 3,
        "cari": 2,
        "cocok": 2,
        "layak": 1,
        "rekomendasi": 3,
        "rekomendasikan": 3,
        "pengganti": 3,
        "mengisi": 2,
        "isi": 1,
        "pejabat": 1,
        "siapa": 1,
        "pilihan": 1,
        "usulkan": 3,
        "usul": 2,
        "tepat": 1,
        "menggantikan": 3,
        "ganti": 2,
        "butuh": 2,
        "perlu": 1,
        "lowong": 2,
        "kosong": 2,
        "orang": 1,
        "mutasi": 1,
    },
    Intent.regulation: {
        "aturan": 3,
        "peraturan": 3,
        "regulasi": 3,
        "pasal": 3,
        "ayat": 3,
        "huruf": 1,
        "syarat": 3,
        "persyaratan": 3,
        "ketentuan": 3,
        "hukum": 2,
        "dasar": 1,
        "boleh": 2,
        "bolehkah": 3,
        "apakah": 1,
        "bup": 3,
        "pensiun": 2,
        "batas": 1,
        "usia": 1,
        "umur": 2,
        "selter": 3,
        "bs": 1,
        "menurut": 2,
        "pp": 3,
        "permenpan": 3,
        "permenpanrb": 3,
        "perpres": 3,
        "uu": 3,
        "undang": 3,
        "wajib": 2,
        "harus": 1,
        "berapa": 1,
        "apa": 1,
        "bagaimana": 1,
        "prosedur": 2,
        "mekanisme": 2,
        "disiplin": 2,
        "sanksi": 2,
        "definisi": 3,
        "dimaksud": 2,
        "maksud": 1,
        "itu": 1,
        "seleksi": 1,
        "terbuka": 1,
        "uji": 1,
        "lama": 1,
        "minimal": 1,
        "jpt": 1,
        "merit": 2,
    },
    Intent.profile: {
        "profil": 2,
        "profile": 2,
        "profilku": 3,
        "dataku": 3,
        "saya": 1,
        "aku": 1,
        "ku": 1,
        "kinerjaku": 3,
        "riwayat": 1,
        "nilai": 1,
    },
    Intent.opportunities: {
        "peluang": 3,
        "karier": 3,
        "karir": 3,
        "promosi": 2,
        "naik": 2,
        "kurang": 2,
        "kekurangan": 2,
        "bisa": 1,
        "incar": 3,
        "kejar": 2,
        "target": 2,
        "jenjang": 1,
        "berkembang": 2,
        "pengembangan": 2,
        "selanjutnya": 1,
        "dilengkapi": 2,
        "lengkapi": 2,
    },
    Intent.talentpool: {
        "talent": 2,
        "pool": 3,
        "talenta": 2,
        "kumpulan": 2,
        "ninebox": 3,
        "kotak": 2,
        "box": 2,
        "sembilan": 2,
        "suksesi": 3,
        "potensial": 2,
        "terbaik": 1,
    },
    Intent.compare: {
        "bandingkan": 5,
        "banding": 5,
        "perbandingan": 5,
        "membandingkan": 5,
        "vs": 4,
        "versus": 4,
        "dibandingkan": 5,
        "beda": 1,
    },
    Intent.help: {
        "bantuan": 3,
        "help": 3,
        "tolong": 1,
        "menu": 3,
        "caranya": 2,
        "cara": 1,
        "pakai": 1,
        "bisa": 1,
        "apa": 1,
        "halo": 2,
        "hai": 2,
        "hi": 2,
        "hello": 2,
        "panduan": 3,
        "fitur": 2,
        "perintah": 2,
        "mulai": 1,
        "pagi": 1,
        "siang": 1,
        "sore": 1,
        "malam": 1,
        "assalamualaikum": 2,
        "bingung": 2,
    },
    Intent.logout: {"keluar": 3, "logout": 3, "putuskan": 3, "berhenti": 2, "hapus": 1},
}

PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.profile: (
        "profil saya",
        "data saya",
        "profil aku",
        "kotak talenta saya",
        "posisi saya",
        "kinerja saya",
        "nilai saya",
        "talenta saya",
        "data diri",
        "riwayat saya",
        "ninebox saya",
        "kotak saya",
        "profile saya",
        "prfil saya",
    ),
    Intent.opportunities: (
        "jabatan apa",
        "bisa saya",
        "saya bisa",
        "apa yang kurang",
        "kurang apa",
        "naik jabatan",
        "kesempatan saya",
        "peluang saya",
        "karier saya",
        "posisi apa",
        "harus saya tingkatkan",
        "yang bisa saya",
    ),
    Intent.talentpool: ("talent pool", "talentpool", "nine box", "kelompok rencana suksesi"),
    Intent.search: (
        "siapa yang cocok",
        "siapa yang layak",
        "yang cocok",
        "cocok untuk",
        "cocok jadi",
        "calon kepala",
        "untuk jabatan",
        "untuk posisi",
        "isi jabatan",
        "cari orang",
        "butuh orang",
        "mengisi jabatan",
        "kandidat untuk",
    ),
    Intent.regulation: (
        "apa syarat",
        "dasar hukum",
        "menurut aturan",
        "batas usia",
        "apa itu",
        "berapa lama",
        "apa saja syarat",
        "bagaimana aturan",
        "apakah boleh",
        "apa bedanya",
        "sistem merit",
        "uji kompetensi",
        "seleksi terbuka",
    ),
    Intent.help: (
        "selamat pagi",
        "selamat siang",
        "selamat sore",
        "selamat malam",
        "bisa apa",
        "apa saja yang bisa",
        "cara pakai",
        "cara menggunakan",
    ),
    Intent.logout: ("lepas akun", "hapus akun", "putus akun"),
}

# A definitional question is about the rules even when it names a talent-pool term.
STRONG_REGULATION = ("apa itu", "apa yang dimaksud", "dasar hukum", "apa arti", "pengertian")

NIP_RE = re.compile(r"\b\d{18}\b")
_WORD = re.compile(r"[a-z0-9]+")
UNCLEAR_BELOW = 2


@dataclass(frozen=True)
class Routed:
    intent: Intent
    score: int
    text: str  # the message with the routing words kept (services do their own parsing)


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    words = {w for kws in KEYWORDS.values() for w in kws}
    return tuple(sorted(w for w in words if len(w) >= 4))


@lru_cache(maxsize=4096)
def _snap(word: str) -> str:
    vocab = _vocabulary()
    if len(word) < 4 or word in vocab:
        return word
    best = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=80)
    return best[0] if best else word


def normalise(text: str) -> list[str]:
    return [_snap(w) for w in _WORD.findall(text.lower())]


def route(text: str) -> Routed:
    words = normalise(text)
    joined = " ".join(words)
    raw = " ".join(_WORD.findall(text.lower()))
    scores: dict[Intent, int] = dict.fromkeys(KEYWORDS, 0)
    for intent, kws in KEYWORDS.items():
        scores[intent] += sum(kws.get(w, 0) for w in set(words))
    for intent, phrases in PHRASES.items():
        scores[intent] += sum(4 for p in phrases if p in joined or p in raw)
    if NIP_RE.search(text):
        return Routed(Intent.person, 9, text)
    if any(p in raw for p in STRONG_REGULATION):
        scores[Intent.regulation] += 8
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < UNCLEAR_BELOW or top == second:
        return Routed(Intent.unclear, top, text)
    if best is Intent.profile and _names_someone(text):
        return Routed(Intent.person, top, text)
    return Routed(best, top, text)


_SELF = {"saya", "aku", "ku", "sendiri", "diri", "ku?"}


def _names_someone(text: str) -> bool:
    """'profil Budi Santoso' asks about a person; 'profil saya' about oneself."""
    words = text.split()
    low = {w.lower().strip("?.!,") for w in words}
    if low & _SELF:
        return False
    return any(w[:1].isupper() for w in words[1:])
