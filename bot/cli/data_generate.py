"""CLI wrapper for the synthetic Jambi data generator (db/generate)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from db.generate import GenerateReport
from db.generate import generate_to as _generate_to


def generate_to(out: Path, *, pegawai: int, seed: int, as_of: date | None = None) -> GenerateReport:
    """Generate with a progress bar on stderr; returns the report (counts per file, speed)."""
    from bot.cli.common import console

    columns = (
        TextColumn("Membuat data contoh"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("pegawai", total=pegawai)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return _generate_to(out, pegawai=pegawai, seed=seed, as_of=as_of, progress=progress)


def _num(n: float) -> str:
    """Indonesian thousands separator: 12.345."""
    return f"{n:,.0f}".replace(",", ".")


def print_report(report: GenerateReport) -> None:
    from bot.cli.common import out

    table = Table(title=f"Data sintetis di {report.out_dir}")
    table.add_column("Berkas")
    table.add_column("Baris", justify="right")
    for name, n in report.counts.items():
        table.add_row(f"{name}.csv", _num(n))
    table.add_row("Jumlah", _num(report.total_rows))
    out.print(table)
    out.print(
        f"{_num(report.pegawai)} pegawai, seed {report.seed}, per tanggal {report.as_of:%Y-%m-%d}: "
        f"{report.seconds:.1f} detik ({_num(report.rows_per_second)} baris/detik)."
    )


def generate(
    pegawai: int = typer.Option(5000, "--pegawai", min=12, help="Jumlah pegawai"),
    seed: int = typer.Option(7, "--seed", help="Benih acak: benih sama, berkas sama"),
    out: Path = typer.Option(Path("var/sample"), "--keluaran", help="Folder keluaran"),
    as_of: str | None = typer.Option(
        None, "--per-tanggal", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB)"
    ),
) -> None:
    """Membuat data sintetis Provinsi Jambi dalam format impor."""
    from bot.cli.common import fail

    ref: date | None = None
    if as_of:
        try:
            ref = date.fromisoformat(as_of)
        except ValueError:
            raise fail(f"--per-tanggal harus berformat YYYY-MM-DD, bukan {as_of!r}.", 2) from None
    print_report(generate_to(out, pegawai=pegawai, seed=seed, as_of=ref))
