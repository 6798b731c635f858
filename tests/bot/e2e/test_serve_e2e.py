"""`talenta serve`, started exactly as ``deploy/talenta.service`` starts it, is fully accountable.

The production path runs in its own process (the installed ``talenta`` script, configuration
from ``TALENTA_CONFIG``, secrets from the environment) against the fake Bot API on loopback. A
PPK's candidate search must leave its audit entry and shortlist record, and the ASN shown in
it must see that look in their access history — the same as ``make run`` with a token.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, select
from sqlmodel import Session

from db.models import AuditEntry, AuditSubject, Shortlist
from tests.bot.e2e.fake_bot_api import Call, FakeBotApi, Fault
from tests.bot.support import TG, add_pengawas_years, build_world

TALENTA = Path(sys.executable).with_name("talenta")


async def _say(api: FakeBotApi, who: str, text: str, *, count: int = 1) -> list[Call]:
    since = await api.user_says(TG[who], text)
    return await api.replies_after(TG[who], since, count=count, timeout=60)


@pytest.mark.slow
async def test_serve_records_search_shortlist_and_access_history(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = build_world(sqlite_engine)
    add_pengawas_years(sqlite_engine, world, "sari", "tono")
    api = FakeBotApi()
    base_url = await api.start()
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "app": {"data_dir": str(tmp_path), "log_format": "text"},
                "database": {"url": f"sqlite:///{tmp_path / 'talenta.db'}"},
                "encoder": {"backend": "hashing"},
                "search": {"index_dir": str(tmp_path / "index")},
                "bot": {"base_url": base_url, "base_file_url": base_url, "poll_timeout": 1},
            }
        )
    )
    env = {
        **os.environ,
        "TALENTA_CONFIG": str(config),
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token",
        "TALENTA_AUDIT_HMAC_KEY": "k" * 48,
    }
    assert TALENTA.exists() or shutil.which("talenta"), "the talenta script is not installed"
    proc = await asyncio.create_subprocess_exec(
        str(TALENTA) if TALENTA.exists() else "talenta",
        "serve",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for who in ("ppk_bth", "asn_sari"):
            [bound] = await _say(api, who, f"/start {world.codes[who]}")
            assert "berhasil terhubung" in bound.params["text"], bound.params["text"]

        [listed] = await _say(api, "ppk_bth", "/kandidat Kepala Bidang Aset")
        text = listed.params["text"]
        assert "Tampilan tanpa identitas" in text, text  # blind-first, as with `make run`
        assert "Sari Wulandari" not in text
        assert listed.params["protect_content"] is True

        with Session(sqlite_engine) as s:
            [shortlist] = s.execute(select(Shortlist)).scalars().all()
            entry = s.execute(
                select(AuditEntry).where(AuditEntry.seq == shortlist.entry_seq)
            ).scalar_one()
            assert entry.kind == "search"
            shown = set(
                s.execute(
                    select(AuditSubject.pegawai_id).where(AuditSubject.entry_id == entry.id)
                ).scalars()
            )
        assert world.ids["sari"] in shown

        replies = await _say(api, "asn_sari", "/profil", count=2)
        profile = next(c for c in replies if c.method == "sendMessage")
        assert "Riwayat akses" in profile.params["text"]
        assert "Belum ada yang melihat" not in profile.params["text"]
        assert "PPK" in profile.params["text"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = await asyncio.wait_for(proc.communicate(), 30)
        except TimeoutError:
            proc.kill()
            _, err = await proc.communicate()
        await api.stop()
    assert b"Traceback" not in err, err.decode(errors="replace")[-2000:]


@pytest.mark.slow
async def test_serve_with_the_bot_api_unreachable_says_so_in_one_line(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """A Bot API outage at start: one Indonesian line and a hint, exit 1 (systemd restarts
    the unit), no traceback."""
    build_world(sqlite_engine)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/bot"
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "app": {"data_dir": str(tmp_path), "log_format": "text"},
                "database": {"url": f"sqlite:///{tmp_path / 'talenta.db'}"},
                "encoder": {"backend": "hashing"},
                "search": {"index_dir": str(tmp_path / "index")},
                "bot": {"base_url": closed, "base_file_url": closed, "poll_timeout": 1},
            }
        )
    )
    env = {
        **os.environ,
        "TALENTA_CONFIG": str(config),
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token",
        "TALENTA_AUDIT_HMAC_KEY": "k" * 48,
    }
    proc = await asyncio.create_subprocess_exec(
        str(TALENTA) if TALENTA.exists() else "talenta",
        "serve",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    text = (out + err).decode(errors="replace")
    assert proc.returncode == 1, text[-2000:]
    assert "Bot API Telegram tidak dapat dihubungi" in text and "Restart=on-failure" in text
    assert "Traceback" not in text, text[-2000:]


@pytest.mark.slow
async def test_serve_with_a_rejected_token_says_so_and_exits_two(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """Telegram answers 401 to getMe: one Indonesian line naming the token, exit 2 (the
    systemd unit does not restart on 2: retrying cannot help)."""
    build_world(sqlite_engine)
    api = FakeBotApi()
    base_url = await api.start()
    api.inject("getMe", Fault("401"))
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "app": {"data_dir": str(tmp_path), "log_format": "text"},
                "database": {"url": f"sqlite:///{tmp_path / 'talenta.db'}"},
                "encoder": {"backend": "hashing"},
                "search": {"index_dir": str(tmp_path / "index")},
                "bot": {"base_url": base_url, "base_file_url": base_url, "poll_timeout": 1},
            }
        )
    )
    env = {
        **os.environ,
        "TALENTA_CONFIG": str(config),
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token",
        "TALENTA_AUDIT_HMAC_KEY": "k" * 48,
    }
    try:
        proc = await asyncio.create_subprocess_exec(
            str(TALENTA) if TALENTA.exists() else "talenta",
            "serve",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), 120)
    finally:
        await api.stop()
    text = (out + err).decode(errors="replace")
    assert proc.returncode == 2, text[-2000:]
    assert "Token bot ditolak Telegram" in text and "Traceback" not in text, text[-2000:]
    unit = (Path(__file__).resolve().parents[3] / "deploy" / "talenta.service").read_text()
    assert "RestartPreventExitStatus=2" in unit
