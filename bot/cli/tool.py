"""What makes the `talenta` commands read as one tool: help panels, hidden old option names,
and one way of reporting errors (one Indonesian line, a hint, the traceback in the log)."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import typer
from sqlalchemy.exc import OperationalError
from telegram.error import InvalidToken, NetworkError
from typer.core import TyperGroup, TyperOption
from typer.exceptions import TyperException

from bot.cli.common import (
    EXIT_FAILED,
    EXIT_NOT_READY,
    EXIT_USAGE,
    fail,
    log_error_id,
)
from bot.errors import ConfigError
from db.errors import DatabaseNotReady

# Help panels, in the order `talenta --help` shows them.
DATA, INDEX, USERS, AUDIT, OPS, DEV = (
    "Data",
    "Indeks pencarian",
    "Pengguna",
    "Audit dan pelindungan data",
    "Operasi",
    "Pengembangan dan uji coba",
)
PANELS: dict[str, str] = {
    "data": DATA,
    "knowledge": DATA,
    "index": INDEX,
    "users": USERS,
    "cases": USERS,
    "audit": AUDIT,
    "pdp": AUDIT,
    "retention": AUDIT,
    "dokumen": AUDIT,
    "komite": AUDIT,
    "setup": OPS,
    "run": OPS,
    "serve": OPS,
    "health": OPS,
    "db": OPS,
    "backup": OPS,
    "restore": OPS,
    "ask": DEV,
    "chat": DEV,
    "eval": DEV,
    "gambar": DEV,
    "dokumentasi": DEV,
}

# Old option names that keep working but are no longer shown: one name per meaning.
HIDDEN_ALIASES: dict[str, tuple[str, ...]] = {
    "--keluaran": ("--out",),
    "--peran": ("--as", "--role"),
    "--coba": ("--dry-run",),
}

log = logging.getLogger("talenta.cli")


def assign_panels(app: typer.Typer) -> None:
    """Put every top-level command and group of ``app`` in its help panel (raises KeyError for
    a command without one, so a new command cannot slip into no group)."""
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        command.rich_help_panel = PANELS[name]
    for group in app.registered_groups:
        group.rich_help_panel = PANELS[str(group.name)]


def _with_hidden_aliases(command: Any) -> None:
    """Let each option accept its old names (HIDDEN_ALIASES) without showing them in help."""
    taken = {opt for p in command.params for opt in getattr(p, "opts", [])}
    for param in command.params:
        if not isinstance(param, TyperOption) or getattr(param, "_aliased", False):
            continue
        extra = [
            alias
            for name, aliases in HIDDEN_ALIASES.items()
            if name in param.opts
            for alias in aliases
            if alias not in taken
        ]
        if extra:
            param.__class__ = type(
                "Aliased" + type(param).__name__, (_AliasedOption, type(param)), {}
            )
            param._aliases = extra  # type: ignore[attr-defined]
            param._aliased = True  # type: ignore[attr-defined]
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _with_hidden_aliases(sub)


class _AliasedOption(TyperOption):
    _aliases: list[str]

    def add_to_parser(self, parser: Any, ctx: Any) -> None:
        shown = self.opts
        self.opts = [*shown, *self._aliases]
        try:
            super().add_to_parser(parser, ctx)
        finally:
            self.opts = shown


class TalentaGroup(TyperGroup):
    """The root group: adds the hidden aliases and turns every error into one line + hint."""

    def list_commands(self, ctx: Any) -> list[str]:
        order = list(dict.fromkeys(PANELS.values()))
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: order.index(PANELS[n]) if n in PANELS else len(order))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _with_hidden_aliases(command)
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):
            raise
        except DatabaseNotReady as exc:
            raise fail(str(exc), EXIT_NOT_READY, hint=exc.hint) from None
        except ConfigError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        except OperationalError as exc:  # the database went away, or never answered
            error_id = log_error_id(log, "database unreachable")
            raise fail(
                f"Basis data tidak dapat dihubungi ({type(exc.orig).__name__}, galat {error_id}).",
                EXIT_NOT_READY,
                hint="periksa `database.url`, layanan PostgreSQL dan TALENTA_DB_PASSWORD "
                "(`talenta db status`).",
            ) from None
        except InvalidToken:
            raise fail(
                "Token bot ditolak Telegram (TELEGRAM_BOT_TOKEN salah atau sudah dicabut).",
                EXIT_USAGE,
                hint="ambil token yang berlaku dari @BotFather dan simpan di "
                "/etc/talenta/talenta.env (docs/telegram.md).",
            ) from None
        except NetworkError as exc:  # Telegram (or the configured bot.base_url) unreachable
            error_id = secrets.token_hex(4)
            log.warning(
                "bot api unreachable",
                extra={"error_id": error_id, "error": type(exc).__name__, "detail": str(exc)},
            )
            raise fail(
                f"Bot API Telegram tidak dapat dihubungi ({type(exc).__name__}, galat {error_id}).",
                EXIT_FAILED,
                hint="periksa jaringan, proxy dan `bot.base_url`; unit systemd mencoba lagi "
                "sendiri setiap 5 detik (Restart=on-failure).",
            ) from None
        except Exception:
            error_id = log_error_id(log, "unexpected error in a command")
            raise fail(
                f"Terjadi kesalahan yang tidak terduga (kode galat {error_id}).",
                EXIT_FAILED,
                hint=f"rincian ada di log dengan kode {error_id} (journalctl -u talenta, "
                "app.log_file, <data_dir>/log/galat.log, atau <data_dir>/log/konsol.log bagi chat "
                "konsol); sampaikan kode itu kepada "
                "pengelola Talenta.",
            ) from None
