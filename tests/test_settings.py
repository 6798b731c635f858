from __future__ import annotations

from pathlib import Path

import pytest

from bot.config.secrets import load_secrets
from bot.config.settings import load_settings
from bot.errors import ConfigError


def test_env_overrides_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTA_DATABASE__URL", "sqlite:////tmp/x.db")
    assert load_settings().database.url == "sqlite:////tmp/x.db"


def test_bad_value_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTA_SAMPLE_DATA__PEGAWAI", "banyak")
    with pytest.raises(ConfigError, match=r"sample_data\.pegawai"):
        load_settings()


def test_unknown_key_in_yaml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("database:\n  urll: sqlite:///x.db\n")
    monkeypatch.setenv("TALENTA_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match=r"database\.urll"):
        load_settings()


def test_placeholder_token_fails_fast() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_secrets({"TELEGRAM_BOT_TOKEN": "changeme"})
    assert load_secrets({}).telegram_bot_token is None


def test_log_file_rotates_and_stays_json(tmp_path: Path) -> None:
    import json
    import logging

    from bot.config.logs import configure_logging

    log = tmp_path / "logs" / "talenta.log"
    configure_logging("INFO", "json", log_file=log, max_mb=1, backups=2)
    try:
        for i in range(9000):
            logging.getLogger("talenta.test").info("event", extra={"seq": i, "pad": "x" * 300})
    finally:
        configure_logging("INFO", "text")
    files = sorted(p.name for p in log.parent.iterdir())
    assert files == ["talenta.log", "talenta.log.1", "talenta.log.2"]
    last = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert last["event"] == "event" and last["seq"] == 8999
