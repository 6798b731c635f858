"""`talenta health`: healthy installation passes; a stale index or a database behind its
migrations fails with a message naming what to run."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from sqlalchemy import update
from sqlmodel import Session

from db import migrate
from db.models import Pegawai
from tests.bot.ops.conftest import KEY, Install, invoke
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
    # `index check` calls the same state stale, with the same exit code as `health`.
    checked = invoke(cli_env, install, "index", "check")
    assert checked.exit_code == result.exit_code == 1, checked.output
    assert "usang" in checked.output
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


def test_missing_or_development_audit_key_fails_naming_the_fix(
    install: Install, cli_env: pytest.MonkeyPatch
) -> None:
    _populate(install)
    assert invoke(cli_env, install, "index", "build").exit_code == 0
    cli_env.delenv("TALENTA_AUDIT_HMAC_KEY")
    result = invoke(cli_env, install, "health", "--skip-bot-api")
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "TIDAK sehat" in text and "kunci audit" in text
    assert "TALENTA_AUDIT_HMAC_KEY tidak diset" in text and "token_hex(32)" in text
    assert "/etc/talenta/talenta.env" in text

    # The development fallback stays allowed for trying the assistant in the terminal …
    chat = invoke(cli_env, install, "chat", "--as", "guest", input="/bantuan\n")
    assert chat.exit_code == 0, chat.output
    dev_key = install.data_dir / "audit" / "hmac.key"
    assert stat.S_IMODE(dev_key.stat().st_mode) == 0o600
    # … but an installation that serves may not sign with it, not even copied into the env.
    assert invoke(cli_env, install, "health", "--skip-bot-api").exit_code == 1
    cli_env.setenv("TALENTA_AUDIT_HMAC_KEY", dev_key.read_text(encoding="ascii").strip())
    copied = invoke(cli_env, install, "health", "--skip-bot-api")
    assert copied.exit_code == 1 and "kunci pengembangan" in copied.output
    cli_env.setenv("TALENTA_AUDIT_HMAC_KEY", "pendek")
    short = invoke(cli_env, install, "health", "--skip-bot-api")
    assert short.exit_code == 1 and "terlalu pendek" in short.output

    cli_env.setenv("TALENTA_AUDIT_HMAC_KEY", KEY)
    healthy = invoke(cli_env, install, "health", "--skip-bot-api")
    assert healthy.exit_code == 0, healthy.output
    assert "kunci audit" in healthy.output
