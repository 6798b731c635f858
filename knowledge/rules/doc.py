"""Generate docs/merit-rules.md from the threshold table (``python -m knowledge.rules.doc``).

``--check`` exits with status 1 when the file on disk is out of date (a test runs it too).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from knowledge.rules.settings import MeritSettings
from knowledge.rules.thresholds import Threshold, thresholds

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "merit-rules.md"

# (title, function, threshold-id prefixes, one-line description)
SECTIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "Kelayakan JPT utama, madya, pratama",
        "eligibility()",
        ("jpt", "usia_maks."),
        "PP 11/2017 jo PP 17/2020 Pasal 107 huruf a/b/c bagi PNS (Pasal 105); pengecualian "
        "hanya dengan persetujuan Presiden (Pasal 107 ayat (2)); Talenta tidak mengecualikan. "
        "JPT utama/madya dari non-PNS (PP 11/2017 Pasal 106): hanya dengan persetujuan Presiden "
        "dan di luar bidang tertutup, dengan syarat Pasal 108; karena bidangnya tidak tercatat, "
        "hasil terbaiknya 'perlu verifikasi'. UU 20/2023 membuka jabatan manajerial bagi PPPK "
        "(sumber sekunder). JPT pratama tetap hanya dari PNS.",
    ),
    (
        "Integritas (rekam jejak)",
        "eligibility(), kriteria integritas",
        ("integritas.",),
        "Hukuman disiplin sedang/berat dalam jendela waktu menggagalkan kriteria integritas.",
    ),
    (
        "Administrator dan pengawas",
        "eligibility()",
        ("administrator.", "pengawas.", "administrasi."),
        "Isi persyaratan PP 11/2017 terverifikasi, nomor Pasal belum: dikutip sebagai "
        "regulasi utuh.",
    ),
    (
        "Perpindahan ke jabatan fungsional",
        "eligibility()",
        ("jf.",),
        "Panduan BKN (SIASN): kebijakan, verifikasi sekunder.",
    ),
    (
        "Predikat kinerja",
        "eligibility(), succession_group()",
        ("kinerja.",),
        "Urutan predikat Permenpan RB 6/2022.",
    ),
    (
        "Job-person match (JPM)",
        "jpm()",
        ("jpm.",),
        "Persentase level asesmen terhadap standar jabatan; skema dipilih per instansi.",
    ),
    (
        "Nine-box",
        "ninebox()",
        ("ninebox.",),
        "Kinerja × potensial → kotak 1–9; selalu perkiraan, kotak resmi BKN didahulukan.",
    ),
    (
        "Kelompok rencana suksesi",
        "succession_group(), succession_due()",
        ("suksesi.", "pengembangan."),
        "Kriteria hukum Pasal 199 (+ Pasal 203 ayat (4)); kotak 7–9 adalah kriteria "
        "kebijakan terpisah.",
    ),
    (
        "Rotasi (mutasi)",
        "rotation()",
        ("mutasi.",),
        "Masa dalam jabatan terhadap rentang Pasal 190.",
    ),
    ("Batas usia pensiun (BUP)", "bup()", ("bup.",), "Pasal 239; PPPK: tidak berlaku."),
    (
        "Baris tanpa identitas (blind-first)",
        "blind_rows()",
        ("blind.",),
        "Kebijakan privasi Talenta, bukan hukum: setiap kombinasi yang tampil sebelum identitas "
        "dibuka dimiliki minimal k orang dari kumpulan yang memenuhi syarat.",
    ),
)

GAPS = """## Urutan kekurangan (`gaps_to_target()`)

1. Penghalang yang tidak hilang oleh waktu (status PNS, pendidikan, usia melewati batas,
   belum pernah menduduki jabatan prasyarat, hukuman yang masih berjalan).
2. Kekurangan yang selesai oleh waktu, dengan tanggal terpenuhinya, paling cepat dahulu; bila
   tanggal itu jatuh setelah batas usia, kekurangan itu menjadi penghalang.
3. Kesenjangan kompetensi, selisih level terbesar dahulu.
4. Data yang tidak dimiliki sistem (kesehatan, kompetensi belum dinilai, keterkaitan bidang
   pengalaman yang tidak sama persis): perlu verifikasi.
"""


def _value(v: Any) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k} → {x}" for k, x in v.items())
    if isinstance(v, list):
        if v and isinstance(v[0], dict):
            return "tabel di bawah"
        return ", ".join(str(x) for x in v)
    return str(v)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(t: Threshold) -> str:
    cites = ", ".join(f"`{c}`" for c in t.citations)
    return (
        f"| `{t.id}` | {_cell(_value(t.value))} | {t.unit} | {cites} | {t.kind.value} | "
        f"{t.verification.value} | {_cell(t.note)} |"
    )


def render() -> str:
    table = thresholds()
    rows = list(table)
    out = [
        "# Aturan merit: ambang dan sumbernya",
        "",
        "Dibangkitkan dari `knowledge/rules/thresholds.yaml` oleh `python -m knowledge.rules.doc`;",
        "jangan disunting tangan (sebuah uji memeriksa berkas ini mutakhir). Setiap angka yang",
        "dipakai aturan ada di tabel ini bersama sitasinya (id ketentuan di",
        "`knowledge/regulations/`). `law` = peraturan; `policy` = pilihan instansi, panduan BKN,",
        "atau praktik umum. Semua aturan dinilai per tanggal acuan (bawaan: hari ini WIB);",
        "kelayakan juga memakai tanggal pelantikan (bawaan: tanggal acuan).",
        "",
        "Cara membaca waktu: Talenta mengukur usia pada tanggal pelantikan yang direncanakan —",
        "tafsir instansi (`usia_maks.tafsir`, `kebijakan-talenta:angka-2`), bukan bunyi peraturan:",
        "Pasal 107 huruf a dan c yang terbaca tidak menyebut tanggal ukurnya, hanya sumber",
        "sekunder huruf b menyebut saat pelantikan. Pengalaman dan masa menduduki",
        "jabatan dihitung dalam tahun kalender sampai tanggal pelantikan (rentang yang tumpang",
        'tindih digabung); "N tahun terakhir" untuk kinerja dan JP adalah N tahun kalender',
        "yang sudah selesai sebelum tanggal acuan; hukuman disiplin dihitung per tanggal acuan.",
        "Setiap baris kriteria bernilai lulus / gagal / tidak diketahui; satu saja gagal berarti",
        "tidak memenuhi syarat, dan yang tidak diketahui (mis. kesehatan) berarti perlu",
        "verifikasi. Talenta tidak pernah mengecualikan persyaratan.",
        "",
    ]
    used: set[str] = set()
    for title, fn, prefixes, desc in SECTIONS:
        mine = [t for t in rows if t.id.startswith(prefixes) and t.id not in used]
        used.update(t.id for t in mine)
        out += [f"## {title} — `{fn}`", "", desc, ""]
        out += ["| id | nilai | satuan | sitasi | jenis | verifikasi | catatan |"]
        out += ["|---|---|---|---|---|---|---|", *(_row(t) for t in mine), ""]
    left = [t.id for t in rows if t.id not in used]
    if left:
        raise ValueError(f"ambang tanpa bagian dokumen: {left}")
    out += ["### Tabel nine-box (`ninebox.kotak`)", ""]
    out += ["| kotak | kinerja | potensial | label | rekomendasi |", "|---|---|---|---|---|"]
    for r in table.records("ninebox.kotak"):
        out.append(
            f"| {r['kotak']} | {r['kinerja']} | {r['potensial']} | {r['label']} | "
            f"{r['rekomendasi']} |"
        )
    out += ["", GAPS, "## Pilihan instansi (`merit:` di config.yaml, `MeritSettings`)", ""]
    out += ["| kunci | bawaan |", "|---|---|"]
    for name, value in MeritSettings().model_dump().items():
        out.append(f"| `merit.{name}` | `{value!r}` |")
    out += ["", "Nilai `None` berarti memakai nilai tabel di atas.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        current = DOC.read_text("utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} usang: jalankan `python -m knowledge.rules.doc`", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, "utf-8")
    print(f"ditulis: {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
