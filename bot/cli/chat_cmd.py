"""`talenta chat --peran ROLE [--instansi KODE …] [--nip NIP]`: the assistant in the terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import typer

from bot.chat.access import Role
from bot.cli.common import EXIT_USAGE, asker_instansi_option, console, fail, runtime
from bot.config.runtime import Runtime

ROLES = ("ppk", "asn", "hr", "admin", "komite", "inspector", "guest")


def chat_log_file(rt: Runtime) -> Path:
    """Send every log record of this process to ``app.log_file`` or, without one, to
    ``<data_dir>/log/konsol.log``; the terminal shows only the conversation."""
    from bot.config.logs import logs_to_file_only

    app = rt.settings.app
    return logs_to_file_only(
        app.log_file or Path(app.data_dir) / "log" / "konsol.log",
        max_mb=app.log_max_mb,
        backups=app.log_backups,
    )


def start_console(rt: Runtime, role: str, instansi: Sequence[str], nip: str | None) -> None:
    from bot.config.doors import build_console
    from bot.doors.console import ConsoleChat
    from bot.errors import ConsoleError

    if role not in ROLES:
        raise fail(
            f"Peran {role!r} tidak dikenal; pilih salah satu: {', '.join(ROLES)}", EXIT_USAGE
        )
    interactive = sys.stdin.isatty()
    log_file = chat_log_file(rt)
    try:
        assistant = build_console(rt, Role(role), instansi, nip, interactive=interactive)
    except ConsoleError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    chat = ConsoleChat(assistant)
    if interactive:
        console.print(
            f"Chat sebagai [bold]{role}[/bold]. Ketik pesan; #1 menekan tombol 1; Ctrl-D keluar.\n"
            f"Log dan pesan teknis: {log_file}",
            highlight=False,
        )
        chat.show(chat.send("/bantuan"))
    chat.run(sys.stdin, echo=not interactive)


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat(
        as_role: Role = typer.Option(Role.ppk, "--peran", help="Peran penanya."),
        instansi: list[str] = asker_instansi_option(),
        nip: str | None = typer.Option(None, "--nip", help="NIP pegawai (untuk --peran asn)"),
    ) -> None:
        """Mengobrol dengan asisten di terminal (satu pesan per baris)."""
        start_console(runtime(), as_role, instansi, nip)
