"""`talenta retention apply [--coba]`: purge every kind of record past its period."""

from __future__ import annotations

import typer
from rich.table import Table

from bot.cli.audit_cmd import cli_actor, cli_audit_log
from bot.cli.common import out, runtime
from db.retention import apply_retention

app = typer.Typer(
    help="Retensi: memusnahkan catatan yang lewat masa simpannya.", no_args_is_help=True
)


@app.command("apply")
def apply(
    dry_run: bool = typer.Option(False, "--coba", help="Hanya hitung, jangan hapus"),
) -> None:
    """Memusnahkan yang lewat masa simpannya (rantai audit tetap dapat diperiksa)."""
    rt = runtime()
    report = apply_retention(
        cli_audit_log(rt),
        rt.settings.audit,
        rt.settings.retention,
        actor=cli_actor(),
        dry_run=dry_run,
    )
    table = Table(title="Retensi (uji coba, tidak ada yang dihapus)" if dry_run else "Retensi")
    table.add_column("Jenis catatan")
    table.add_column("Jumlah", justify="right")
    for kind, n in sorted(report.counts.items()):
        table.add_row(kind, str(n))
    out.print(table)
    verb = "akan dimusnahkan" if dry_run else "dimusnahkan"
    seqs = ", ".join(str(e.seq) for e in report.entries)
    suffix = f"; dicatat di audit seq {seqs}" if seqs else ""
    out.print(f"{report.total} catatan {verb}{suffix}.", highlight=False)
