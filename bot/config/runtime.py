"""The start of every command: settings and secrets read once, logging configured, the engine
built on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot.config.logs import configure_logging
from bot.config.secrets import Secrets, load_secrets
from bot.config.settings import Settings, config_path, load_settings
from bot.config.wiring import build_engine
from db.engine import Engine
from db.errors import DatabaseNotReady
from db.readiness import missing_sqlite_file, require_current


@dataclass
class Runtime:
    settings: Settings
    secrets: Secrets
    schema_check: bool = False

    @cached_property
    def engine(self) -> Engine:
        """The database engine; with ``schema_check`` the database must exist at the code's
        schema revision (raises ``DatabaseNotReady`` naming what to run, creating nothing)."""
        if self.schema_check:
            missing = missing_sqlite_file(self.settings.database.url)
            if missing is not None:
                raise DatabaseNotReady(
                    f"Basis data tidak ditemukan: {missing.resolve()} ({config_origin()}).",
                    "jalankan perintah dari folder instalasi atau set TALENTA_CONFIG ke "
                    "config.yaml instalasi; pemasangan baru: `talenta setup`.",
                )
        engine = build_engine(self.settings, self.secrets)
        if self.schema_check:
            try:
                require_current(engine)
            except DatabaseNotReady:
                engine.dispose()
                raise
        return engine


def config_origin() -> str:
    """Which configuration was read, for messages about where the database was looked for."""
    path = config_path()
    return f"konfigurasi {path}" if path is not None else "tanpa config.yaml: nilai bawaan"


def start(*, schema_check: bool = False) -> Runtime:
    """Read ``config.yaml`` and the environment, configure logging (raises ``ConfigError``)."""
    settings = load_settings()
    secrets = load_secrets()
    app = settings.app
    configure_logging(
        app.log_level,
        app.log_format,
        log_file=app.log_file,
        max_mb=app.log_max_mb,
        backups=app.log_backups,
        traceback_file=Path(app.data_dir) / "log" / "galat.log",
    )
    return Runtime(settings=settings, secrets=secrets, schema_check=schema_check)
