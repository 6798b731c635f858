"""An installation on disk for the operations commands: config file, SQLite, data dir, key.

The CLI runs in-process (typer's runner) against this installation; the encoder is the small
deterministic ``HashingEncoder`` (the real model is not the point of these tests).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine
from typer.testing import CliRunner

from bot.cli import app
from bot.config import runtime
from bot.config.secrets import Secrets
from bot.config.settings import Settings
from bot.config.wiring import build_engine
from db.engine import make_engine
from db.settings import DatabaseSettings

KEY = "ops-test-audit-key-0123456789abcdef0123456789"


@dataclass
class Install:
    root: Path
    config: Path
    db_url: str

    @property
    def data_dir(self) -> Path:
        return self.root / "var"

    def engine(self) -> Engine:
        return make_engine(DatabaseSettings(url=self.db_url))


def make_install(root: Path) -> Install:
    root.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{root / 'var' / 'talenta.db'}"
    (root / "var").mkdir(exist_ok=True)
    cfg = root / "config.yaml"
    cfg.write_text(
        f"app:\n  data_dir: {root / 'var'}\n  log_format: text\n  log_level: WARNING\n"
        f"database:\n  url: {db_url}\n"
        f"encoder:\n  backend: hashing\n"
        f"search:\n  index_dir: {root / 'var' / 'index'}\n",
        encoding="utf-8",
    )
    return Install(root, cfg, db_url)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Secrets from the environment as in production; logging restored after the CLI ran."""
    monkeypatch.setenv("TALENTA_AUDIT_HMAC_KEY", KEY)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield monkeypatch
    for added in root.handlers:
        if added not in handlers:
            added.close()  # log files a command opened
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)  # the console chat routes warnings into its log


@pytest.fixture
def install(tmp_path: Path, cli_env: pytest.MonkeyPatch) -> Install:
    inst = make_install(tmp_path / "site")
    cli_env.setenv("TALENTA_CONFIG", str(inst.config))
    return inst


def invoke(
    monkeypatch: pytest.MonkeyPatch, inst: Install, *args: str, input: str | None = None
) -> Result:
    """Run one CLI command as a separate process would: its engine is closed when it ends."""
    monkeypatch.setenv("TALENTA_CONFIG", str(inst.config))
    engines: list[Engine] = []

    def tracked(settings: Settings, secrets: Secrets) -> Engine:
        engines.append(build_engine(settings, secrets))
        return engines[-1]

    monkeypatch.setattr(runtime, "build_engine", tracked)
    try:
        return CliRunner().invoke(app, list(args), input=input)
    finally:
        for engine in engines:
            engine.dispose()
