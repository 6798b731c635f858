"""CLI wrapper for the validated importer (db/importer)."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import Runtime


def import_dir(rt: Runtime, directory: Path, *, instansi: list[str] | None, strict: bool) -> None:
    raise NotImplementedError("importer: issue #2, in progress")


def import_command(
    directory: Path = typer.Argument(..., help="Folder berisi berkas CSV/XLSX"),
    instansi: list[str] | None = typer.Option(None, "--instansi"),
    strict: bool = typer.Option(False, "--strict"),
) -> None:
    """Mengimpor data pegawai (snapshot penuh instansi yang dicakup)."""
    from bot.cli.common import runtime

    import_dir(runtime(), directory, instansi=instansi, strict=strict)
