"""`talenta setup`, `talenta run` and `talenta db …`: everything `make run` needs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy.engine import make_url

from bot.cli.common import EXIT_NOT_READY, console, fail, out, runtime
from bot.config.runtime import Runtime
from db import migrate
from db.readiness import require_current, schema_status
from db.summary import agency_counts, is_empty

db_app = typer.Typer(help="Basis data: migrasi dan status.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Menjalankan migrasi basis data sampai versi terbaru (buat cadangan dulu)."""
    rt = runtime(schema_check=False)
    before = schema_status(rt.engine)
    if not before.known:
        require_current(rt.engine)  # newer than this code: says which version to install
    migrate.upgrade(rt.engine)
    after = migrate.current_revision(rt.engine)
    if before.current == after:
        out.print(f"Skema basis data sudah terkini (revisi {after}).", highlight=False)
    else:
        out.print(
            f"Skema basis data diperbarui: revisi {before.current or '(kosong)'} → {after}.",
            highlight=False,
        )


@db_app.command("status")
def db_status() -> None:
    """Menampilkan basis data yang dipakai dan versi skemanya (kode keluar 4 bila perlu upgrade)."""
    from bot.config.runtime import config_origin
    from db.readiness import missing_sqlite_file

    rt = runtime(schema_check=False)
    url = rt.settings.database.url
    missing = missing_sqlite_file(url)
    where = make_url(url).render_as_string(hide_password=True)
    out.print(f"Basis data: {where} ({config_origin()})", highlight=False)
    if missing is not None:
        raise fail(
            f"Berkas basis data {missing.resolve()} tidak ada.",
            EXIT_NOT_READY,
            hint="pemasangan baru: `talenta setup`; selain itu periksa TALENTA_CONFIG.",
        )
    status = schema_status(rt.engine)
    out.print(f"Revisi skema basis data: {status.current or '(kosong)'}", highlight=False)
    out.print(f"Revisi skema kode ini:   {status.head}", highlight=False)
    require_current(rt.engine)
    out.print("Skema terkini.", highlight=False)


def prepare(rt: Runtime) -> None:
    """Create the schema on a new install (an old schema stops: `talenta db upgrade`), load the
    Jambi sample data into an empty database, bring the indexes in line."""
    if schema_status(rt.engine).current is None:
        console.print("Basis data baru: membuat skema …", highlight=False)
        migrate.upgrade(rt.engine)
    require_current(rt.engine)
    if is_empty(rt.engine):
        from bot.cli.data_generate import generate_to
        from bot.cli.data_import import import_dir

        sample = Path(rt.settings.app.data_dir) / "sample"
        console.print(
            f"Basis data kosong: membuat data contoh Jambi ({rt.settings.sample_data.pegawai} "
            "pegawai, sintetis) …"
        )
        generate_to(
            sample, pegawai=rt.settings.sample_data.pegawai, seed=rt.settings.sample_data.seed
        )
        import_dir(rt, sample, instansi=None, strict=False)
    from bot.cli.index_cmd import sync_indexes

    sync_indexes(rt)


def print_summary(rt: Runtime) -> None:
    rows = agency_counts(rt.engine)
    table = Table(title="Data yang dimuat")
    for col in ("Kode", "Instansi", "Unit", "Jabatan", "Pegawai aktif"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.kode, r.nama, str(r.unit), str(r.jabatan), str(r.pegawai_aktif))
    table.add_row(
        "",
        f"{len(rows)} instansi",
        str(sum(r.unit for r in rows)),
        str(sum(r.jabatan for r in rows)),
        str(sum(r.pegawai_aktif for r in rows)),
    )
    out.print(table)


def register(app: typer.Typer) -> None:
    @app.command("setup")
    def setup() -> None:
        """Pemasangan pertama: skema, data contoh (bila kosong) dan indeks (`make run`)."""
        rt = runtime(schema_check=False)
        prepare(rt)
        print_summary(rt)

    @app.command("run")
    def run() -> None:
        """Menyiapkan lalu menjalankan asisten (Telegram bila ada token, konsol bila tidak)."""
        rt = runtime(schema_check=False)
        prepare(rt)
        print_summary(rt)
        start_assistant(rt)


GUIDE = """Mencoba tiap peran di konsol (data contoh sintetis):
  talenta chat --peran ppk --instansi BTH   kandidat: "siapa yang cocok jadi kabid anggaran?"
  talenta chat --peran asn --instansi BTH   profil sendiri: "/profil", peluang: "/peluang"
  talenta chat --peran hr --instansi PROV   aturan: "apa syarat jabatan administrator?"
  talenta chat --peran inspector --instansi BTH   angka agregat: "/talentpool"
Bot Telegram: set TELEGRAM_BOT_TOKEN lalu `talenta run`; undang pengguna dengan
`talenta users invite --peran ppk --nama "…" --instansi BTH --akhir-jabatan 2029-12-31`."""


def start_assistant(rt: Runtime) -> None:
    """The Telegram bot when a token is set, otherwise the console chat (as a PPK)."""
    from bot.cli.chat_cmd import start_console
    from bot.cli.serving import serve_telegram

    console.print(GUIDE, highlight=False)
    if rt.secrets.telegram_bot_token is None:
        console.print("TELEGRAM_BOT_TOKEN tidak diset: memulai chat konsol sebagai PPK BTH.")
        start_console(rt, "ppk", ["BTH"], None)
        return
    serve_telegram(rt)
