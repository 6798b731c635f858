"""Serving the Telegram assistant: the one start path of `talenta run` and `talenta serve`."""

from __future__ import annotations

from bot.cli.common import console
from bot.config.runtime import Runtime


def serve_telegram(rt: Runtime) -> None:
    """Build the assistant and serve Telegram until interrupted (polling or webhook)."""
    from bot.config.doors import build_telegram
    from bot.doors.telegram import run as run_bot

    application = build_telegram(rt)
    secret = rt.secrets.webhook_secret.get_secret_value() if rt.secrets.webhook_secret else None
    console.print(f"Bot Telegram berjalan ({rt.settings.bot.mode}). Ctrl-C untuk berhenti.")
    run_bot(application, rt.settings.bot, secret)
