"""`talenta pdp record`: the record of processing activities, generated from the configuration.

The tables come from the schema itself (``db.models.metadata``), so a new table that is not
placed in a category fails the test that compares the committed file with this output.
Retention comes from ``audit:`` and ``retention:``; the recipients from ``bot.chat.access.Role``.
"""

from __future__ import annotations

from urllib.parse import urlparse

from bot.chat.access import Role
from bot.config.settings import Settings
from db.models import metadata
from db.queries.telegram_updates import RETENTION as UPDATE_RETENTION

# (category, purpose, tables). Every table holding personal data belongs to one category.
CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Identitas dan kedudukan kepegawaian",
        "mengenali pegawai, menentukan instansi/unit/jabatan dan kelayakan administratif",
        ("pegawai",),
    ),
    (
        "Riwayat karier dan kompetensi",
        "menilai kesesuaian dengan syarat dan standar kompetensi jabatan",
        ("riwayat_pendidikan", "riwayat_jabatan", "diklat", "sertifikasi"),
    ),
    (
        "Penilaian dan profil talenta (profiling)",
        "pemetaan talenta (nine-box), JPM, peringkat calon sebagai bahan pertimbangan PPK",
        ("asesmen", "asesmen_kompetensi", "kinerja", "ninebox_resmi", "rencana_suksesi"),
    ),
    (
        "Hukuman disiplin",
        "syarat integritas untuk jabatan (hanya yang masih dalam jendela aturan)",
        ("hukuman_disiplin",),
    ),
    (
        "Hubungan keluarga antarpegawai",
        "menandai potensi konflik kepentingan dalam pengangkatan",
        ("keluarga",),
    ),
    (
        "Akun chat dan status percakapan",
        "menentukan siapa boleh memakai asisten dengan peran apa; batas laju; tombol; "
        "pembaruan Telegram yang sudah dijawab (agar tidak dijawab dua kali)",
        (
            "bot_user",
            "bot_user_instansi",
            "undangan",
            "callback_payload",
            "rate_bucket",
            "telegram_update",
        ),
    ),
    (
        "Catatan akuntabilitas (audit)",
        "membuktikan siapa melihat/memutuskan apa; riwayat akses ASN; pemeriksaan BKN",
        ("audit_entry", "audit_subject", "shortlist", "shortlist_candidate", "shortlist_reveal"),
    ),
    (
        "Komite talenta dan sidang",
        "mencatat keanggotaan komite, grup terdaftar, konflik kepentingan yang dinyatakan, "
        "rekomendasi per calon dan penutupan sidang sebagai bahan pertimbangan PPK",
        (
            "committee",
            "committee_chat",
            "committee_member",
            "sidang",
            "sidang_close",
            "sidang_vote",
            "sidang_conflict",
        ),
    ),
    (
        "Pengajuan ASN",
        "koreksi data dan keberatan atas penempatan nine-box",
        ("hr_case",),
    ),
)
# Tables without personal data (organisation structure, position standards, import runs).
NON_PERSONAL = frozenset({"instansi", "unit_kerja", "jabatan", "jabatan_kompetensi", "import_run"})

RECIPIENTS: dict[Role, str] = {
    Role.admin: "operator BKD/BKPSDM: mengelola akun dan data instansi yang diberikan kepadanya",
    Role.hr: "staf kepegawaian: profil pegawai instansinya, pengajuan ASN",
    Role.ppk: "PPK: daftar calon berperingkat instansinya (tersamar dulu), detail bila dibuka",
    Role.komite: "tim penilai kinerja/komite talenta: daftar calon instansinya",
    Role.inspector: "pengawas (BKN): angka agregat dan ekspor audit, tanpa profil perorangan",
    Role.asn: "pegawai: hanya profil, peluang dan riwayat akses dirinya sendiri",
    Role.guest: "pengguna belum terdaftar: hanya pertanyaan aturan, tanpa data pribadi",
}


def _days(n: int) -> str:
    years, rest = divmod(n, 365)
    return f"{n} hari (±{years} tahun)" if years and rest < 5 else f"{n} hari"


def _tables(settings: Settings) -> list[str]:
    lines = ["| Kategori | Tujuan | Tabel: kolom |", "|---|---|---|"]
    for title, purpose, tables in CATEGORIES:
        cols = []
        for name in tables:
            table = metadata.tables[name]
            fields = ", ".join(c.name for c in table.columns if c.name != "id")
            cols.append(f"`{name}`: {fields}")
        lines.append(f"| {title} | {purpose} | {'<br>'.join(cols)} |")
    return lines


def _retention(settings: Settings) -> list[str]:
    a, r = settings.audit, settings.retention
    lines = ["| Jenis catatan | Masa simpan | Kunci konfigurasi |", "|---|---|---|"]
    for kind, days in sorted(a.payload_retention_days.items(), key=lambda kv: kv[0].value):
        lines.append(
            f"| isi catatan audit `{kind.value}` | {_days(days)} | "
            f"`audit.payload_retention_days.{kind.value}` |"
        )
    lines.append(
        "| isi catatan audit `retention` (jumlah dan batas tanggal tiap pemusnahan, tanpa data "
        "pribadi) | selama rantai audit: bukti bahwa pemusnahan lain sudah jatuh tempo | - |"
    )
    rows = [
        (
            "riwayat akses ASN",
            a.access_history_retention_days,
            "audit.access_history_retention_days",
        ),
        ("isi daftar kandidat", a.shortlist_retention_days, "audit.shortlist_retention_days"),
        ("kode undangan", r.invitation_days, "retention.invitation_days"),
        (
            "tautan Telegram akun yang dicabut",
            r.revoked_binding_days,
            "retention.revoked_binding_days",
        ),
        ("isi tombol (callback)", r.callback_days, "retention.callback_days"),
        ("uraian pengajuan ASN yang selesai", a.case_retention_days, "audit.case_retention_days"),
        (
            "profil pegawai yang tidak aktif lagi",
            r.ended_profile_days,
            "retention.ended_profile_days",
        ),
    ]
    lines += [f"| {what} | {_days(days)} | `{key}` |" for what, days, key in rows]
    lines.append(
        "| nomor pembaruan Telegram yang sudah diambil (tanpa isi pesan) | "
        f"{_days(UPDATE_RETENTION.days)} | - |"
    )
    return lines


def _transfer(settings: Settings) -> list[str]:
    host = urlparse(settings.bot.base_url).hostname or settings.bot.base_url
    own = host != "api.telegram.org"
    where = (
        f"server Bot API milik instansi (`{host}`)"
        if own
        else "server Telegram (`api.telegram.org`, di luar wilayah Indonesia)"
    )
    return [
        f"- Pesan dan dokumen chat melewati {where}; mode bot: `{settings.bot.mode}`.",
        "- Yang dikirim: teks balasan dan dokumen yang diminta pengguna (dengan "
        "`protect_content`), hanya di chat pribadi; rincian hanya atas permintaan. Penjelasan dan "
        "cara membatasinya: `docs/pdp/telegram.md`.",
        "- Model bahasa berjalan di server instansi (tanpa layanan luar); tidak ada transfer lain.",
    ]


def render_record(settings: Settings) -> str:
    """The whole Markdown document; deterministic for a given configuration."""
    lines = [
        "# Catatan kegiatan pemrosesan data pribadi — Talenta",
        "",
        "<!-- Dihasilkan oleh `talenta pdp record` dari konfigurasi; jangan diubah manual. -->",
        "",
        "**Pengendali**: PPK dan BKD/BKPSDM instansi pemakai (Provinsi Jambi dan kabupaten/kota).",
        "",
        "**Dasar pemrosesan**: UU 27/2022 Pasal 20 ayat (2) huruf c (pemenuhan kewajiban hukum "
        "pengendali: manajemen ASN menurut UU 20/2023 dan PP 11/2017 jo PP 17/2020) dan huruf e "
        "(pelaksanaan tugas untuk kepentingan umum dan kewenangan pengendali). Bukan persetujuan "
        "pegawai: pegawai tidak dapat menolak pengelolaan data kepegawaiannya, tetapi berhak "
        "mengakses (Pasal 32), meminta koreksi, dan menolak keputusan yang semata-mata otomatis "
        "(Pasal 10) — Talenta hanya memberi bahan pertimbangan; keputusan tetap pada PPK.",
        "",
        "**Subjek data**: ASN (PNS dan PPPK) instansi pemakai; pengguna chat (PPK, staf "
        "kepegawaian, komite, pengawas).",
        "",
        "## Data yang diproses",
        "",
        *_tables(settings),
        "",
        "## Masa simpan",
        "",
        "Dimusnahkan oleh `talenta retention apply` (terjadwal tiap malam); sidik catatan audit "
        "tetap agar rantai dapat diperiksa.",
        "",
        *_retention(settings),
        "",
        "## Penerima (peran di dalam Talenta)",
        "",
        *[f"- `{role.value}`: {text}" for role, text in RECIPIENTS.items()],
        "",
        "## Transfer ke luar instansi",
        "",
        *_transfer(settings),
        "",
        "## Hak subjek data",
        "",
        "- Akses dan salinan: `talenta pdp export --nip … --keluaran …` (paling lambat 3×24 jam).",
        "- Penghapusan data yang tidak wajib disimpan instansi: `talenta pdp erase --nip … "
        "--alasan …`.",
        "- Koreksi dan keberatan atas nine-box: pengajuan lewat chat (`/profil`), "
        "diantrekan ke HR.",
        "",
    ]
    return "\n".join(lines)
