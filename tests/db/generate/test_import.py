"""End to end: generate → import (SQLite and PostgreSQL) → the database holds what was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from bot.cli import app
from db.generate import generate_to
from db.importer.api import import_directory
from db.models import Jabatan, Pegawai, UnitKerja
from tests.db.generate.conftest import AS_OF


@pytest.mark.slow
def test_generated_data_imports_and_reimports_unchanged(engine: Engine, tmp_path: Path) -> None:
    report = generate_to(tmp_path, pegawai=600, seed=21, as_of=AS_OF)
    first = import_directory(engine, tmp_path)
    assert first.warning_count == 0
    for name, n in report.counts.items():
        assert first.counts[name].created == n, name
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Pegawai)) == report.counts["pegawai"]
        assert conn.scalar(select(func.count()).select_from(Jabatan)) == report.counts["jabatan"]
        assert (
            conn.scalar(select(func.count()).select_from(UnitKerja)) == report.counts["unit_kerja"]
        )
    again = import_directory(engine, tmp_path)
    assert all(c.created == 0 and c.updated == 0 for c in again.counts.values())


def test_cli_generate_prints_counts_per_file(tmp_path: Path) -> None:
    out = tmp_path / "sample"
    result = CliRunner().invoke(
        app,
        [
            "data",
            "generate",
            "--pegawai",
            "300",
            "--seed",
            "4",
            "--out",
            str(out),
            "--per-tanggal",
            "2026-05-31",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "pegawai.csv" in result.output and "rencana_suksesi.csv" in result.output
    assert "300 pegawai" in result.output and "baris/detik" in result.output
    assert (out / "pegawai.csv").read_text(encoding="utf-8").count("\n") == 301


def test_cli_rejects_a_bad_reference_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "data",
            "generate",
            "--pegawai",
            "100",
            "--out",
            str(tmp_path),
            "--per-tanggal",
            "31-05-2026",
        ],
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
