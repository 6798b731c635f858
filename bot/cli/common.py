"""Shared CLI plumbing: the runtime with friendly errors, the consoles, exit codes.

Exit codes (documented once, in docs/operations.md):

- 0 ``EXIT_OK``: done;
- 1 ``EXIT_FAILED``: the command ran and failed (invalid import, unhealthy, stale index…);
- 2 ``EXIT_USAGE``: the command was given wrongly (option, value, configuration);
- 3 ``EXIT_REFUSED``: refused on purpose until confirmed or allowed (an import that needs
  ``--yakin``, a question outside the asker's access);
- 4 ``EXIT_NOT_READY``: no database, or a schema older than the code
  (``talenta db upgrade``).
"""

from __future__ import annotations

import logging
import secrets
import sys
from typing import Any

import typer
from rich.console import Console

from bot.config.runtime import Runtime, start
from bot.errors import ConfigError

console = Console(stderr=True)
out = Console()

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_NOT_READY = 4


def runtime(*, schema_check: bool = True) -> Runtime:
    """The composition root's runtime; a configuration error is one red line and exit 2.

    ``schema_check``: the database must exist at the code's schema revision before the command
    uses it (only ``db upgrade``, ``setup``/``run`` on a new install and ``restore`` pass False).
    """
    try:
        return start(schema_check=schema_check)
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(code=EXIT_USAGE) from None


def asker_instansi_option() -> Any:
    """``--instansi KODE``, repeatable: the agencies of the person asking (``ask`` and ``chat``
    read the asker the same way)."""
    return typer.Option([], "--instansi", help="Kode instansi penanya (boleh berulang), mis. BTH.")


def fail(message: str, code: int = EXIT_FAILED, *, hint: str | None = None) -> typer.Exit:
    """Print ``message`` (and the ``hint`` on its own line) to stderr; return the exit to raise."""
    console.print(f"[red]{message}[/red]", highlight=False)
    if hint:
        console.print(f"Saran: {hint}", highlight=False)
    sys.stderr.flush()
    return typer.Exit(code=code)


def log_error_id(log: logging.Logger, event: str) -> str:
    """Log the exception being handled with its traceback under a new short error id."""
    error_id = secrets.token_hex(4)
    log.error(event, exc_info=True, extra={"error_id": error_id})
    return error_id
