"""CLI wrapper for the synthetic Jambi data generator (db/generate)."""

from __future__ import annotations

from pathlib import Path

import typer


def generate_to(out: Path, *, pegawai: int, seed: int) -> None:
    raise NotImplementedError("generator: issue #2, in progress")


def generate(
    pegawai: int = typer.Option(5000, "--pegawai", help="Jumlah pegawai"),
    seed: int = typer.Option(7, "--seed"),
    out: Path = typer.Option(Path("var/sample"), "--out"),
) -> None:
    """Membuat data sintetis Provinsi Jambi dalam format impor."""
    generate_to(out, pegawai=pegawai, seed=seed)
