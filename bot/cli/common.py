"""Shared CLI plumbing: settings loading with friendly errors, engine, console."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property

import typer
from rich.console import Console
from sqlalchemy import Engine

from bot.config.logs import configure_logging
from bot.config.settings import ConfigError, Secrets, Settings, load_secrets, load_settings
from bot.config.wiring import build_engine

console = Console(stderr=True)
out = Console()

EXIT_USAGE = 2
EXIT_REFUSED = 3


@dataclass
class Runtime:
    settings: Settings
    secrets: Secrets

    @cached_property
    def engine(self) -> Engine:
        return build_engine(self.settings, self.secrets)


def runtime() -> Runtime:
    try:
        settings = load_settings()
        secrets = load_secrets()
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=EXIT_USAGE) from None
    app = settings.app
    configure_logging(
        app.log_level,
        app.log_format,
        log_file=app.log_file,
        max_mb=app.log_max_mb,
        backups=app.log_backups,
    )
    return Runtime(settings=settings, secrets=secrets)


def fail(message: str, code: int = 1) -> typer.Exit:
    console.print(f"[red]{message}[/red]", highlight=False)
    sys.stderr.flush()
    return typer.Exit(code=code)
