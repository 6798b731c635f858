"""CLI wrapper for the validated importer (db/importer)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from bot.cli.common import EXIT_REFUSED, console, fail, log_error_id, out
from bot.config.runtime import Runtime
from db.importer import (
    ImportFailed,
    ImportNeedsConfirmation,
    ImportReport,
    ProfileError,
    ReadOptions,
    RichProgress,
    import_directory,
    load_profile,
)

SHOW_ERRORS = 20
SHOW_WARNINGS = 10
EXIT_INVALID = 1


def import_dir(
    rt: Runtime,
    directory: Path,
    *,
    instansi: list[str] | None,
    strict: bool,
    confirm: bool = False,
    dry_run: bool = False,
    read: ReadOptions | None = None,
    update_index: bool = True,
) -> None:
    """Import ``directory``; prints the report, or the errors and exits 1 (nothing written).

    An import that would end many employees, empty a table or miss a file of the last import
    prints what it would do and exits 3 unless ``confirm``; ``dry_run`` only prints. A written
    import then updates the search index of the employees it touched (``update_index``).
    """
    try:
        with RichProgress() as progress:
            report = import_directory(
                rt.engine,
                directory,
                instansi=instansi,
                strict=strict,
                progress=progress,
                confirm=confirm,
                dry_run=dry_run,
                settings=rt.settings.importer,
                read=read,
            )
    except ImportFailed as exc:
        print_errors(exc)
        raise typer.Exit(code=EXIT_INVALID) from None
    except ImportNeedsConfirmation as exc:
        print_report(exc.report)
        print_cautions(exc.report)
        console.print(
            "[red]Impor dihentikan: tidak ada data yang diubah.[/red] Periksa berkasnya. Bila "
            "memang itu yang dimaksud, jalankan ulang perintah yang sama dengan --yakin.",
            highlight=False,
        )
        raise typer.Exit(code=EXIT_REFUSED) from None
    print_report(report)
    print_cautions(report)
    if dry_run:
        out.print("Uji coba (--coba): tidak ada data yang ditulis.", highlight=False)
        return
    from bot.cli.audit_cmd import cli_audit_log
    from bot.config.audit_hooks import record_import

    entry = record_import(cli_audit_log(rt), report)
    out.print(f"Impor tercatat di log audit (seq {entry.seq}).", highlight=False)
    if update_index:
        refresh_search(rt, report)


def refresh_search(rt: Runtime, report: ImportReport) -> None:
    """Bring the search index in line for the employees the import added, changed, moved or
    ended; if that fails, the data stays imported and the message says what to run."""
    import logging

    from bot.cli.index_cmd import update_index

    try:
        done = update_index(rt, report.pegawai_changed)
    except Exception:
        error_id = log_error_id(logging.getLogger("talenta.cli"), "index update after import")
        raise fail(
            f"Data sudah diimpor, tetapi indeks pencarian gagal diperbarui (galat {error_id}).",
            EXIT_INVALID,
            hint="jalankan `talenta index update`, lalu `talenta health`.",
        ) from None
    out.print(
        f"Indeks pencarian diperbarui: {done.reencoded} profil dienkode, {done.removed} "
        f"dihapus dari {len(set(done.shards))} instansi.",
        highlight=False,
    )


def print_errors(exc: ImportFailed) -> None:
    console.print(
        f"[red]Impor dibatalkan: {exc.total} kesalahan ditemukan. "
        "Tidak ada data yang diubah.[/red]",
        highlight=False,
    )
    table = Table(title=f"{min(SHOW_ERRORS, len(exc.issues))} kesalahan pertama")
    for col in ("Berkas", "Baris", "Kolom", "Nilai", "Masalah"):
        table.add_column(col, overflow="fold")
    for issue in exc.issues[:SHOW_ERRORS]:
        table.add_row(
            issue.file,
            "" if issue.row is None else str(issue.row),
            issue.column or "",
            issue.value or "",
            issue.message,
        )
    console.print(table)
    if exc.total > SHOW_ERRORS:
        console.print(f"… dan {exc.total - SHOW_ERRORS} kesalahan lain.", highlight=False)


def print_report(report: ImportReport) -> None:
    title = "Yang akan terjadi" if not report.written else "Hasil impor"
    table = Table(title=f"{title} (instansi: {', '.join(report.instansi)})")
    for col in ("Tabel", "Baru", "Diubah", "Tetap", "Dihapus", "Diakhiri", "Pindah"):
        table.add_column(col, justify="left" if col == "Tabel" else "right")
    for name, c in report.counts.items():
        table.add_row(
            name,
            str(c.created),
            str(c.updated),
            str(c.unchanged),
            str(c.deleted),
            str(c.ended),
            str(c.moved),
        )
    out.print(table)
    if report.unchanged_tables:
        out.print(
            "Tanpa berkas, dibiarkan seperti semula: " + ", ".join(report.unchanged_tables) + ".",
            highlight=False,
        )
    if report.warning_count:
        out.print(f"{report.warning_count} peringatan (data tetap diimpor):", highlight=False)
        for w in report.warnings[:SHOW_WARNINGS]:
            out.print(f"  • {w.describe()}", highlight=False)
        if report.warning_count > SHOW_WARNINGS:
            out.print(f"  … dan {report.warning_count - SHOW_WARNINGS} lainnya.", highlight=False)


def print_cautions(report: ImportReport) -> None:
    """Rows per table and agency that change, and why the import needs (or got) --yakin."""
    changed = [r for r in report.census if r.before != r.after]
    if changed and (report.cautions or report.dry_run):
        table = Table(title="Jumlah baris per tabel dan instansi (pegawai: yang aktif)")
        for col in ("Tabel", "Instansi", "Sebelum", "Sesudah"):
            table.add_column(col, justify="left" if col in ("Tabel", "Instansi") else "right")
        for r in changed:
            table.add_row(r.table, r.instansi, str(r.before), str(r.after))
        out.print(table)
    if not report.cautions:
        return
    lead = "Dikonfirmasi dengan --yakin:" if report.written else "Perlu konfirmasi (--yakin):"
    out.print(lead, highlight=False)
    for c in report.cautions:
        out.print(f"  • {c.message}", highlight=False)


def import_command(
    directory: Path = typer.Argument(..., help="Folder berisi berkas CSV/XLSX"),
    instansi: list[str] | None = typer.Option(
        None, "--instansi", help="Kode instansi yang dicakup (boleh berulang); bawaan: semua"
    ),
    strict: bool = typer.Option(
        False, "--strict", help="NIP yang tidak cocok dengan tanggal lahir/jenis kelamin = galat"
    ),
    yakin: bool = typer.Option(
        False,
        "--yakin",
        help="Tulis juga bila impor mengakhiri banyak pegawai, mengosongkan tabel, atau tidak "
        "membawa berkas yang ada pada impor terakhir",
    ),
    coba: bool = typer.Option(
        False, "--coba", help="Uji coba: tampilkan apa yang akan terjadi tanpa menulis apa pun"
    ),
    profil: str | None = typer.Option(
        None,
        "--profil",
        help="Profil ekspor sistem lain (mis. siasn) atau jalur salinan profil .yaml",
    ),
    hari_dulu: bool = typer.Option(
        False,
        "--tanggal-hari-dulu",
        help="Baca tanggal HH-BB-TTTT / HH/BB/TTTT (hari dulu), seperti Excel berbahasa Indonesia",
    ),
) -> None:
    """Mengimpor data pegawai (snapshot penuh instansi yang dicakup)."""
    from bot.cli.common import EXIT_USAGE, fail, runtime

    try:
        profile = load_profile(profil) if profil else None
    except ProfileError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    read = ReadOptions(day_first=hari_dulu or bool(profile and profile.day_first), profile=profile)
    import_dir(
        runtime(),
        directory,
        instansi=instansi,
        strict=strict,
        confirm=yakin,
        dry_run=coba,
        read=read,
    )
