"""The start of every command: settings and secrets read once, logging configured, the engine
built on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.config.logs import configure_logging
from bot.config.secrets import Secrets, load_secrets
from bot.config.settings import Settings, load_settings
from bot.config.wiring import build_engine
from db.engine import Engine


@dataclass
class Runtime:
    settings: Settings
    secrets: Secrets
    schema_check: bool = False

    @cached_property
    def engine(self) -> Engine:
        return build_engine(self.settings, self.secrets)


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
    )
    return Runtime(settings=settings, secrets=secrets, schema_check=schema_check)
