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


def test_config_is_found_through_the_variable_then_the_folder_then_etc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.config import settings as settings_module
    from bot.config.settings import config_path

    here = tmp_path / "di-sini"
    here.mkdir()
    system = tmp_path / "etc" / "config.yaml"
    chosen = tmp_path / "pilihan" / "config.yaml"
    monkeypatch.chdir(here)
    monkeypatch.delenv("TALENTA_CONFIG", raising=False)
    monkeypatch.setattr(settings_module, "SYSTEM_CONFIG", system)
    assert config_path() is None  # nothing anywhere: built-in defaults

    system.parent.mkdir()
    system.write_text("search:\n  result_limit: 3\n", encoding="utf-8")
    assert config_path() == system
    assert load_settings().search.result_limit == 3

    (here / "config.yaml").write_text("search:\n  result_limit: 4\n", encoding="utf-8")
    assert config_path() == Path("config.yaml")  # the current folder before /etc
    assert load_settings().search.result_limit == 4

    chosen.parent.mkdir()
    chosen.write_text("search:\n  result_limit: 5\n", encoding="utf-8")
    monkeypatch.setenv("TALENTA_CONFIG", str(chosen))
    assert config_path() == chosen  # the variable before both
    assert load_settings().search.result_limit == 5

    chosen.unlink()  # a variable naming a missing file is an error, not a silent fallback
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_settings()


def test_relative_paths_are_relative_to_the_config_file_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cfg = site / "config.yaml"
    cfg.write_text(
        "app:\n  data_dir: var\n  log_file: log/talenta.log\n"
        "database:\n  url: sqlite:///var/talenta.db\n"
        "audit:\n  anchor_file: jangkar/anchor.jsonl\n  dev_key_file: /kunci/hmac.key\n"
        "encoder:\n  onnx_dir: var/models\n  model_path: model\n"
        "search:\n  index_dir: var/index\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("TALENTA_CONFIG", "../site/config.yaml")  # itself relative to the cwd
    monkeypatch.setenv("TALENTA_ENCODER__ONNX_DIR", "cache/onnx")
    s = load_settings()
    assert s.app.data_dir == site / "var"
    assert s.app.log_file == site / "log" / "talenta.log"
    assert s.database.url == f"sqlite:///{site / 'var' / 'talenta.db'}"
    assert s.audit.anchor_file == site / "jangkar" / "anchor.jsonl"
    assert s.audit.dev_key_file == Path("/kunci/hmac.key")  # absolute paths stay
    assert s.encoder.onnx_dir == site / "cache" / "onnx"  # the environment's too
    assert s.encoder.model_path == site / "model"
    assert s.search.index_dir == site / "var" / "index"

    monkeypatch.setenv("TALENTA_DATABASE__URL", "sqlite://")  # in memory: nothing to place
    assert load_settings().database.url == "sqlite://"
    monkeypatch.setenv("TALENTA_DATABASE__URL", "postgresql+psycopg://talenta@db/talenta")
    assert load_settings().database.url == "postgresql+psycopg://talenta@db/talenta"
