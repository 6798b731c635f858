"""`talenta health`: healthy installation passes; a stale index or a database behind its
migrations fails with a message naming what to run."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update
from sqlmodel import Session

from db import migrate
from db.models import Pegawai
from tests.bot.ops.conftest import Install, invoke
from tests.factories import make_instansi, make_pegawai, make_unit


def _populate(inst: Install) -> list[int]:
    engine = inst.engine()
    migrate.upgrade(engine)
    with Session(engine) as s:
        agency = make_instansi(s)
        unit = make_unit(s, agency)
        ids = [
            make_pegawai(s, agency, unit=unit, nama=f"Pegawai {i}", tanggal_lahir=_born(i)).id
            for i in range(4)
        ]
        s.commit()
    engine.dispose()
    return [int(i) for i in ids if i is not None]


def _born(i: int) -> date:
    return date(1975 + i, 3, 1 + i)


def test_healthy_installation_passes(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    _populate(install)
    assert invoke(cli_env, install, "index", "build").exit_code == 0
    result = invoke(cli_env, install, "health", "--skip-bot-api")
    assert result.exit_code == 0, result.output
    assert "Talenta sehat" in result.output
    assert "hashing" in result.output  # the model check built the configured encoder


def test_stale_index_fails_naming_the_fix(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    ids = _populate(install)
    assert invoke(cli_env, install, "index", "build").exit_code == 0
    engine = install.engine()
    with engine.begin() as conn:
        conn.execute(update(Pegawai).where(Pegawai.id == ids[0]).values(versi=Pegawai.versi + 1))  # type: ignore[arg-type]
    engine.dispose()
    result = invoke(cli_env, install, "health", "--skip-bot-api")
    assert result.exit_code == 1, result.output
    assert "TIDAK sehat" in result.output
    assert "1 usang" in result.output and "talenta index check --fix" in result.output
    # Fixing it as told makes the installation healthy again.
    assert invoke(cli_env, install, "index", "check", "--fix").exit_code == 0
    assert invoke(cli_env, install, "health", "--skip-bot-api").exit_code == 0


def test_database_behind_migrations_fails(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    engine = install.engine()
    migrate.upgrade(engine, "0001")
    engine.dispose()
    result = invoke(cli_env, install, "health", "--skip-bot-api")
    assert result.exit_code == 1, result.output
    assert "revisi 0001" in result.output and "talenta db upgrade" in result.output
    assert "tidak diperiksa" in result.output  # the index is not judged on an old schema


def test_unreachable_bot_api_fails(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    _populate(install)
    assert invoke(cli_env, install, "index", "build").exit_code == 0
    cli_env.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCdefGhIJKlmNoPQRstuVWxyz")
    # A closed loopback port: no network leaves the machine.
    cli_env.setenv("TALENTA_BOT__BASE_URL", "http://127.0.0.1:9/bot")
    result = invoke(cli_env, install, "health")
    assert result.exit_code == 1, result.output
    assert "Bot API" in result.output and "tidak dapat dihubungi" in result.output
    assert invoke(cli_env, install, "health", "--skip-bot-api").exit_code == 0


def test_serve_without_token_fails_clearly(install: Install, cli_env: pytest.MonkeyPatch) -> None:
    result = invoke(cli_env, install, "serve")
    assert result.exit_code == 2
    assert "TELEGRAM_BOT_TOKEN tidak diset" in result.output
