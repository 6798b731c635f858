"""CLI wrapper for the validated importer (db/importer)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from bot.cli.common import console, out
from bot.config.runtime import Runtime
from db.importer import ImportFailed, ImportReport, RichProgress, import_directory

SHOW_ERRORS = 20
SHOW_WARNINGS = 10
EXIT_INVALID = 1


def import_dir(rt: Runtime, directory: Path, *, instansi: list[str] | None, strict: bool) -> None:
    """Import ``directory``; prints the report, or the errors and exits 1 (nothing written)."""
    try:
        with RichProgress() as progress:
            report = import_directory(
                rt.engine, directory, instansi=instansi, strict=strict, progress=progress
            )
    except ImportFailed as exc:
        print_errors(exc)
        raise typer.Exit(code=EXIT_INVALID) from None
    print_report(report)
    from bot.cli.audit_cmd import cli_audit_log
    from bot.config.audit_hooks import record_import

    entry = record_import(cli_audit_log(rt), report)
    out.print(f"Impor tercatat di log audit (seq {entry.seq}).", highlight=False)


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
    table = Table(title=f"Hasil impor (instansi: {', '.join(report.instansi)})")
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
    if report.warning_count:
        out.print(f"{report.warning_count} peringatan (data tetap diimpor):", highlight=False)
        for w in report.warnings[:SHOW_WARNINGS]:
            out.print(f"  • {w.describe()}", highlight=False)
        if report.warning_count > SHOW_WARNINGS:
            out.print(f"  … dan {report.warning_count - SHOW_WARNINGS} lainnya.", highlight=False)


def import_command(
    directory: Path = typer.Argument(..., help="Folder berisi berkas CSV/XLSX"),
    instansi: list[str] | None = typer.Option(
        None, "--instansi", help="Kode instansi yang dicakup (boleh berulang); bawaan: semua"
    ),
    strict: bool = typer.Option(
        False, "--strict", help="NIP yang tidak cocok dengan tanggal lahir/jenis kelamin = galat"
    ),
) -> None:
    """Mengimpor data pegawai (snapshot penuh instansi yang dicakup)."""
    from bot.cli.common import runtime

    import_dir(runtime(), directory, instansi=instansi, strict=strict)
