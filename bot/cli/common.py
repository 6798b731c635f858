"""Shared CLI plumbing: the runtime with friendly errors, the consoles, exit codes."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from bot.config.runtime import Runtime, start
from bot.errors import ConfigError

console = Console(stderr=True)
out = Console()

EXIT_USAGE = 2
EXIT_REFUSED = 3


def runtime() -> Runtime:
    """The composition root's runtime; a configuration error is one red line and exit 2."""
    try:
        return start()
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=EXIT_USAGE) from None


def fail(message: str, code: int = 1) -> typer.Exit:
    console.print(f"[red]{message}[/red]", highlight=False)
    sys.stderr.flush()
    return typer.Exit(code=code)
