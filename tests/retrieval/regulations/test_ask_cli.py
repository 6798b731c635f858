"""`talenta ask` end to end: real corpus, real thresholds, hashing encoder (the real model is
exercised by the evaluation test), a temporary data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from db import migrate
from db.engine import make_engine
from db.settings import DatabaseSettings


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TALENTA_ENCODER__BACKEND", "hashing")
    monkeypatch.setenv("TALENTA_APP__DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TALENTA_APP__LOG_LEVEL", "WARNING")
    # `talenta ask` runs the whole conversation core: keep its database and indexes here too.
    monkeypatch.setenv("TALENTA_DATABASE__URL", f"sqlite:///{tmp_path / 'talenta.db'}")
    monkeypatch.setenv("TALENTA_SEARCH__INDEX_DIR", str(tmp_path / "index"))
    # An installed database (commands other than `db upgrade`/`setup` never migrate).
    engine = make_engine(DatabaseSettings(url=f"sqlite:///{tmp_path / 'talenta.db'}"))
    migrate.upgrade(engine)
    engine.dispose()
    return tmp_path


def test_ask_json_prints_one_object_in_rank_order(env: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "Pasal 107 PP 11/2017", "--json", "--as", "guest"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:3] == ["intent", "text", "citations"]
    assert data["intent"] == "regulasi"
    assert [c["huruf"] for c in data["citations"][:3]] == ["a", "b", "c"]
    assert all(c["pasal"] == "107" and c["regulation"] == "pp-11-2017" for c in data["citations"])
    # The vector cache was written under the data folder.
    assert (env / "index" / "regulations" / "meta.json").exists()


def test_ask_rule_check_in_plain_text(env: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "umur 57 bisa jadi kadis?", "--as", "guest"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Tidak: batas usia JPT pratama 56 tahun; usia 57 sudah")
    assert "pelantikan" not in result.stdout  # Pasal 107 huruf c names no date
    assert "PP 11/2017 Pasal 107 huruf c" in result.stdout


def test_unknown_role_is_refused_with_exit_code_2(env: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "syarat JPT pratama", "--as", "menteri"])
    assert result.exit_code == 2
    assert "menteri" in result.output
