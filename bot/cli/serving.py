"""Starting the Telegram assistant: the one start path of `talenta run` and `talenta serve`.

Both commands (and therefore `make run` with a token and the systemd unit in ``deploy/``) build
the assistant here, with its secrets: the audit chain, blind-first shortlist records and the
ASN's access history exist only when the audit log is wired, so no start path may skip it.
"""

from __future__ import annotations

from typing import Any

from bot.cli.common import Runtime, console


def build_telegram(rt: Runtime) -> Any:
    """The Telegram ``Application`` with the fully wired assistant (audit, shortlists, warm-up)."""
    import torch

    from bot.chat.callbacks import purge_expired
    from bot.config.wiring import build_assistant
    from bot.doors.telegram import build_application
    from db.engine import session_scope

    assert rt.secrets.telegram_bot_token is not None
    # Encoding shares the cores with the bot's thread pool.
    torch.set_num_threads(rt.settings.bot.torch_threads)
    with session_scope(rt.engine) as session:
        purge_expired(session)  # button payloads past their expiry
    assistant = build_assistant(rt.settings, rt.engine, secrets=rt.secrets, warm_up=True)
    token = rt.secrets.telegram_bot_token.get_secret_value()
    return build_application(token, rt.settings.bot, assistant)


def serve_telegram(rt: Runtime) -> None:
    """Build the assistant and serve Telegram until interrupted (polling or webhook)."""
    from bot.doors.telegram import run as run_bot

    application = build_telegram(rt)
    secret = rt.secrets.webhook_secret.get_secret_value() if rt.secrets.webhook_secret else None
    console.print(f"Bot Telegram berjalan ({rt.settings.bot.mode}). Ctrl-C untuk berhenti.")
    run_bot(application, rt.settings.bot, secret)
