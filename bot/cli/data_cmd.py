"""`talenta data …`: generate synthetic data, import agency files, show what is loaded."""

from __future__ import annotations

import typer

from bot.cli import data_generate, data_import

app = typer.Typer(
    help="Data pegawai: pembuatan data contoh, impor, ringkasan.", no_args_is_help=True
)
app.command("generate")(data_generate.generate)
app.command("import")(data_import.import_command)


@app.command("summary")
def summary() -> None:
    """Menampilkan jumlah instansi, unit, jabatan dan pegawai yang dimuat."""
    from bot.cli.common import runtime
    from bot.cli.setup_cmd import print_summary

    print_summary(runtime())
