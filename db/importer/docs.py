"""Renders docs/import-format.md from ``db.layout`` (a test fails if the file diverges).

python -m db.importer.docs > docs/import-format.md
"""

from __future__ import annotations

import csv
import io

from db.importer.examples import EXAMPLES
from db.layout import FILES, REQUIRED_FILES, ColType, Column, FileSpec
from db.nip import MIN_WORKING_AGE

TYPE_LABEL = {
    ColType.text: "teks",
    ColType.integer: "bilangan bulat",
    ColType.number: "angka desimal (titik)",
    ColType.date: "tanggal TTTT-BB-HH",
    ColType.nip: "NIP 18 angka (teks)",
    ColType.golongan: "golongan I/a … IV/e",
    ColType.choice: "pilihan",
}

INTRO = f"""# Format impor data pegawai

<!-- Dibuat dari db/layout.py oleh `python -m db.importer.docs > docs/import-format.md`.
     Jangan disunting langsung: sebuah uji gagal bila berkas ini berbeda dari layout. -->

Perintah: `talenta data import FOLDER [--instansi KODE …] [--strict] [--coba] [--yakin]
[--tanggal-hari-dulu] [--profil NAMA|BERKAS.yaml]`.

Folder berisi satu berkas CSV per tabel (`pegawai.csv`, `kinerja.csv`, …) **atau** satu
buku kerja XLSX yang lembarnya bernama seperti berkas tanpa `.csv` (`pegawai`, `kinerja`, …).
Berkas wajib: {", ".join(f"`{n}.csv`" for n in REQUIRED_FILES)}; tabel lain boleh tidak ada
(artinya: data tabel itu **dibiarkan seperti semula**, tidak dihapus).

## Aturan umum

- **CSV**: UTF-8 (boleh dengan BOM, seperti "CSV UTF-8" dari Excel), baris pertama berisi
  **nama kolom** persis seperti di bawah (urutan bebas; kolom opsional boleh tidak ada).
  Pemisah kolom **koma**, **titik koma** (yang ditulis Excel berbahasa Indonesia) atau **tab**
  dikenali sendiri per berkas; bila tidak dapat dipastikan, berkas ditolak dengan pesan.
  Nilai yang memuat pemisah diapit tanda kutip ganda. Berkas UTF-16 atau ANSI/Windows-1252
  ditolak dengan pesan tersendiri.
- **Tanggal** `TTTT-BB-HH` (mis. `1986-09-26`). Tanggal hari-dulu (`17-08-1985`, `17/08/1985`)
  dibaca bila impor dijalankan dengan `--tanggal-hari-dulu` (atau profil yang menyatakannya);
  tanpa itu tanggal seperti itu ditolak dengan pesan yang menyebut pilihan tersebut, karena
  `05/08/1985` bisa berarti 5 Agustus atau 8 Mei. **Angka desimal** memakai titik.
- Nilai **pilihan** ditulis seperti daftar di bawah (huruf besar/kecil tidak dibedakan).
- **Baris** dalam pesan kesalahan dihitung seperti di lembar kerja: baris judul = baris 1.
- Setiap nilai **satu baris**: ganti baris (Enter) di dalam sel, karakter NUL, nilai lebih dari
  128 KB (biasanya tanda kutip yang tidak ditutup) dan, di XLSX, rumus yang hasilnya tidak
  tersimpan atau sel galat (`#REF!`, `#N/A`, …) ditolak dengan pesan tersendiri yang menyebut
  baris dan kolomnya. Simpan rumus sebagai nilai (Salin, lalu Tempel Spesial → Nilai).
- Setiap baris diperiksa (tipe, kolom wajib, NIP, golongan, tanggal, pilihan, rujukan antarberkas,
  duplikat menurut kunci alami). **Satu kesalahan saja membatalkan seluruh impor**: tidak ada
  yang ditulis (satu transaksi per impor). Pesan kesalahan menyebut berkas, baris, kolom dan nilai.

## Impor adalah snapshot penuh

Satu impor menggambarkan **seluruh** keadaan instansi yang dicakupnya. Bawaannya semua instansi
di `instansi.csv`; `--instansi KODE` (boleh diulang) membatasi cakupan, baris instansi lain
tetap diperiksa tetapi tidak ditulis.

- Pegawai instansi yang dicakup yang **tidak ada** di berkas tidak dihapus, tetapi **diakhiri**:
  status `tidak_ada_di_impor` dengan tanggal hari ini (WIB), atau `pindah` bila NIP-nya ada di
  berkas di bawah instansi yang tidak dicakup. Status dan alasan lain (pensiun, meninggal, …)
  diberikan lewat kolom `status`, `tanggal_status`, `alasan_status`.
- Pegawai yang muncul di **instansi lain** dipindahkan; riwayatnya tetap.
- Baris riwayat dicocokkan menurut **kunci alaminya** (lihat tiap berkas): baris yang
  dikoreksi dengan kunci yang sama **menggantikan** baris lama (bukan menambah baris kedua);
  baris riwayat pegawai yang dicakup yang tidak ada lagi di berkas dihapus.
- Unit kerja dan jabatan yang tidak ada lagi di berkas dibiarkan (riwayat bisa merujuknya);
  standar kompetensi jabatan yang ada di berkas diganti sesuai berkas.
- Mengimpor ulang data yang sama melaporkan 0 baru, 0 diubah. Setiap pegawai menyimpan sidik
  isi (`content_hash`) dan `versi`, yang naik bila datanya berubah.
- Laporan impor memuat jumlah baru/diubah/tetap/dihapus/diakhiri/pindah per tabel, peringatan,
  dan sidik SHA-256 setiap berkas masukan.
- Tabel opsional yang **tidak ada** berkasnya dibiarkan seperti semula. Untuk mengosongkan
  sebuah tabel, berikan berkasnya dengan baris judul saja (dan konfirmasi, lihat di bawah).

## Pengaman: `--coba` dan `--yakin`

Impor ditulis dalam satu transaksi yang baru disimpan setelah hasilnya diperiksa. Impor
**berhenti tanpa mengubah apa pun** dan menampilkan apa yang akan terjadi (jumlah baris per
tabel dan instansi, sebelum dan sesudah) bila impor itu akan:

- mengakhiri lebih dari `importer.max_ended_percent` (bawaan 10 %) pegawai aktif sebuah instansi
  (mis. `pegawai.csv` yang hanya berisi baris judul, atau folder instansi lain);
- mengosongkan sebuah tabel bagi instansi yang tadinya punya datanya (mis. `kinerja.csv` yang
  hanya berisi baris judul);
- tidak membawa berkas yang ada pada impor terakhir instansi itu (data tabelnya dibiarkan,
  tetapi berkas yang terlupa patut ditanyakan).

Bila memang itu yang dimaksud, jalankan ulang perintah yang sama dengan `--yakin`; impor itu
dicatat sebagai dikonfirmasi. `--coba` menjalankan seluruh pemeriksaan dan menampilkan laporan
yang sama tanpa menulis apa pun (juga tanpa `--yakin`). Kode keluar: 0 berhasil (atau uji coba),
1 ada kesalahan data, 3 perlu konfirmasi.

## Profil impor (`--profil`)

Unduhan sistem lain (mis. SIASN/SIMPEG) memakai nama berkas dan kolom sendiri. Profil impor
adalah berkas YAML yang memetakan nama-nama itu ke format Talenta, beserta terjemahan nilai
(mis. `M` → `L`) dan pembacaan tanggal hari-dulu. Profil bawaan: `siasn`
(`db/importer/profiles/siasn.yaml`). Setiap pemetaan mencantumkan sumbernya (`source`) dan
tingkat kepastiannya (`status`); **semua nama kolom SIASN di profil itu belum diverifikasi**
dengan unduhan asli. Karena itu:

1. jalankan dulu dengan `--coba` dan periksa pesan kolom yang tidak dikenal atau tidak ada;
2. bila nama kolom berkas Anda berbeda, salin profilnya, sunting daftar `names`, lalu berikan
   jalur salinan: `--profil /etc/talenta/siasn-bkd.yaml`.

Kolom unduhan yang tidak dipetakan (alamat, NIK, nomor HP, …) tidak dibaca sama sekali; satu
peringatan per berkas menyebut namanya. Tabel yang tidak ada di profil (instansi, unit kerja,
jabatan, standar kompetensi) tetap harus dalam format Talenta. Profil `siasn` mengisi
`kode_instansi` pegawai dari `--instansi` (berikan tepat satu kode).

## NIP

NIP PNS terdiri atas 18 angka: tanggal lahir `TTTTBBHH` (angka 1–8), TMT CPNS `TTTTBB`
(angka 9–14, paling awal {MIN_WORKING_AGE} tahun setelah lahir), jenis kelamin `1`/`2`
(angka 15) dan nomor urut (angka 16–18). NI PPPK juga 18 angka tetapi susunannya berbeda:
hanya panjangnya yang diperiksa.

- **Format kolom NIP sebagai Teks** di Excel/LibreOffice *sebelum* mengetik atau menempel NIP.
  Bila kolom berformat angka, lembar kerja hanya menyimpan 15 angka penting: NIP menjadi
  `1,98609E+17` atau berakhiran `000`. Impor mengenali NIP yang rusak seperti itu dan memintanya
  diperbaiki.
- Bila tanggal lahir atau jenis kelamin di NIP berbeda dengan kolom `tanggal_lahir` /
  `jenis_kelamin`, impor tetap berjalan dan perbedaannya dicantumkan sebagai **peringatan**.
  Dengan `--strict` perbedaan itu menjadi kesalahan.

## XLSX

Satu buku kerja `.xlsx` di folder impor, satu lembar per tabel dengan nama tabel (mis. `pegawai`)
dan baris judul yang sama dengan CSV. Sel tanggal boleh berformat tanggal; sel NIP harus
berformat Teks. Satu tabel tidak boleh diberikan dua kali (sebagai CSV dan sebagai lembar).
"""


def _allowed(c: Column) -> str:
    if c.choices:
        return ", ".join(f"`{x}`" for x in c.choices)
    if c.max_length:
        return f"maks. {c.max_length} karakter"
    return ""


def _example(spec: FileSpec) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=spec.column_names, lineterminator="\n")
    w.writeheader()
    w.writerows(EXAMPLES[spec.name])
    return buf.getvalue()


def render_file(spec: FileSpec) -> str:
    lines = [
        f"### `{spec.filename}`" + (" (wajib)" if spec.name in REQUIRED_FILES else ""),
        "",
        spec.doc,
        "",
        f"Kunci alami: {', '.join(f'`{k}`' for k in spec.key)}.",
    ]
    if spec.references:
        refs = "; ".join(f"`{col}` → `{target}`" for col, target in spec.references.items())
        lines.append(f"Rujukan: {refs}.")
    lines += [
        "",
        "| Kolom | Tipe | Wajib | Nilai yang diizinkan | Keterangan |",
        "|---|---|---|---|---|",
    ]
    for c in spec.columns:
        lines.append(
            f"| `{c.name}` | {TYPE_LABEL[c.type]} | {'ya' if c.required else 'tidak'} "
            f"| {_allowed(c)} | {c.doc} |"
        )
    lines += ["", "Contoh:", "", "```csv", _example(spec).rstrip("\n"), "```", ""]
    return "\n".join(lines)


def render() -> str:
    parts = [INTRO, "## Berkas\n"]
    parts += [render_file(spec) for spec in FILES]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
