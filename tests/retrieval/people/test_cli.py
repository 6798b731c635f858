from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import app
from db.models import Pegawai
from tests.retrieval.people.conftest import World


@pytest.fixture
def cli_env(sqlite_engine: Engine, world: World, tmp_path: Path, monkeypatch) -> Path:
    url = str(sqlite_engine.url)
    monkeypatch.setenv("TALENTA_DATABASE__URL", url)
    monkeypatch.setenv("TALENTA_ENCODER__BACKEND", "hashing")
    monkeypatch.setenv("TALENTA_SEARCH__INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("TALENTA_APP__LOG_LEVEL", "WARNING")
    return tmp_path / "idx"


def test_index_build_check_fix(cli_env: Path, sqlite_engine: Engine, world: World):
    runner = CliRunner()
    built = runner.invoke(app, ["index", "build"])
    assert built.exit_code == 0, built.output
    assert "2 instansi, 5 profil" in built.output
    ok = runner.invoke(app, ["index", "check"])
    assert ok.exit_code == 0 and "Semua indeks sesuai" in ok.output
    with Session(sqlite_engine) as s:
        ani = s.get(Pegawai, world.ani)
        assert ani is not None
        ani.versi += 1
        s.add(ani)
        s.commit()
    stale = runner.invoke(app, ["index", "check"])
    assert stale.exit_code == 1 and "talenta index check --fix" in stale.output
    fixed = runner.invoke(app, ["index", "check", "--fix"])
    assert fixed.exit_code == 0 and "Diperbaiki: 1 profil" in fixed.output
    upd = runner.invoke(app, ["index", "update", "--pegawai-id", str(world.budi)])
    assert upd.exit_code == 0 and "1 profil dienkode" in upd.output
