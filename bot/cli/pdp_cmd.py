"""`talenta pdp export|erase|record`: the data-protection duties of UU 27/2022."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlmodel import Session

from bot.cli.audit_cmd import cli_actor, cli_audit_log
from bot.cli.common import fail, out, runtime
from bot.config.settings import load_settings
from bot.ops.pdp import export_person
from bot.ops.pdp_record import render_record
from db.retention import erase_person

app = typer.Typer(
    help="Pelindungan data pribadi: akses, penghapusan, catatan.", no_args_is_help=True
)

RECORD_PATH = Path("docs/pdp/catatan-pemrosesan.md")


@app.command("export")
def export(
    nip: str = typer.Option(..., "--nip", help="NIP pegawai yang meminta"),
    out_dir: Path = typer.Option(..., "--keluaran", help="Folder hasil (JSON + Markdown)"),
) -> None:
    """Semua data Talenta tentang satu orang dan catatan pemrosesannya (Pasal 32, 3×24 jam)."""
    rt = runtime()
    audit = cli_audit_log(rt)
    with Session(rt.engine) as session:
        try:
            res = export_person(
                session, audit, nip=nip, out_dir=out_dir, actor=cli_actor(), merit=rt.settings.merit
            )
        except LookupError:
            raise fail("NIP tidak ditemukan di basis data.") from None
    out.print(
        f"Ekspor selesai: {res.markdown_path} dan {res.json_path} ({res.access_events} kejadian "
        f"akses); dicatat di audit seq {res.entry.seq}. Kirim hanya kepada pemilik data.",
        highlight=False,
    )


@app.command("erase")
def erase(
    nip: str = typer.Option(..., "--nip", help="NIP pegawai yang meminta"),
    alasan: str = typer.Option(..., "--alasan", help="Dasar permintaan (mis. nomor surat)"),
) -> None:
    """Menghapus data yang tidak wajib disimpan instansi, atas permintaan pemiliknya."""
    rt = runtime()
    try:
        res = erase_person(cli_audit_log(rt), actor=cli_actor(), nip=nip, alasan=alasan)
    except LookupError:
        raise fail("NIP tidak ditemukan di basis data.") from None
    except ValueError as exc:
        raise fail(f"--alasan: {exc}", 2) from None
    counts = ", ".join(f"{k} {n}" for k, n in sorted(res.counts.items()) if n) or "tidak ada"
    if res.profile_purged:
        what = "Riwayat dan data pribadi dihapus; NIP dan status dipertahankan"
    else:
        what = (
            "Pegawai masih aktif: data kepegawaian wajib disimpan (UU 27/2022 Pasal 20 ayat (2) "
            "huruf c dan e); yang dihapus hanya akun chat dan pengajuan"
        )
    out.print(f"{what} ({counts}); dicatat di audit seq {res.entry.seq}.", highlight=False)


@app.command("record")
def record(
    out_file: Path = typer.Option(RECORD_PATH, "--keluaran", help="Berkas hasil"),
    check: bool = typer.Option(False, "--check", help="Hanya periksa apakah berkas terkini"),
) -> None:
    """Menulis catatan kegiatan pemrosesan (docs/pdp/catatan-pemrosesan.md) dari konfigurasi."""
    text = render_record(load_settings())
    if check:
        current = out_file.read_text(encoding="utf-8") if out_file.exists() else ""
        if current != text:
            raise fail(f"{out_file} tidak sesuai konfigurasi: jalankan `talenta pdp record`.")
        out.print(f"{out_file} sesuai konfigurasi.")
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(text, encoding="utf-8")
    out.print(f"Catatan pemrosesan ditulis ke {out_file}.")
