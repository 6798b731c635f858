"""The doors assembled from a runtime: the Telegram application, the console chat's assistant
and the ask door. The CLI only calls these and runs what they return."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.chat.access import Role
from bot.config.runtime import Runtime
from bot.config.wiring import build_assistant, build_audit_log, build_services

if TYPE_CHECKING:
    from bot.doors.ask import AskDoor
    from bot.router.assistant import Assistant


def build_telegram(rt: Runtime) -> Any:
    """The Telegram ``Application`` with the fully wired assistant (audit, shortlists, warm-up).

    ``talenta run`` and ``talenta serve`` (and so ``make run`` with a token and the systemd unit
    in ``deploy/``) both start here, with the secrets: the audit chain, blind-first shortlist
    records and the ASN's access history exist only when the audit log is wired.
    """
    import torch

    from bot.chat.callbacks import purge_expired
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


def bot_username(rt: Runtime) -> str:
    """The bot's username for deep links: ``bot.username`` when set (an override), else what
    ``getMe`` says with the configured token; empty without either."""
    from bot.doors.telegram_me import fetch_username

    if rt.settings.bot.username:
        return rt.settings.bot.username.lstrip("@")
    token = rt.secrets.telegram_bot_token
    if token is None:
        return ""
    return fetch_username(rt.settings.bot.base_url, token.get_secret_value())


def build_console(
    rt: Runtime, role: Role, instansi: Sequence[str], nip: str | None, *, interactive: bool
) -> Assistant:
    """The assistant of ``talenta chat``, asked as a fixed persona (raises ``ConsoleError``).

    ``interactive``: a terminal session warms the search up; a piped one-off conversation ends
    before it would pay off.
    """
    from bot.doors.console import fixed_identity, persona

    identity = persona(rt.engine, role, instansi, nip)
    return build_assistant(
        rt.settings,
        rt.engine,
        secrets=rt.secrets,
        identify=fixed_identity(identity),
        warm_up=interactive,
    )


def build_ask_door(rt: Runtime) -> AskDoor:
    """Services with the reference clock, the audit log and the corpus → the ask door."""
    import getpass

    from bot.doors.ask import AskDoor, ReferenceClock
    from knowledge.corpus import load_corpus

    clock = ReferenceClock()
    audit = build_audit_log(rt.settings, rt.secrets, rt.engine)
    services = build_services(rt.settings, rt.engine, audit, today=clock)
    return AskDoor(
        rt.engine,
        services,
        audit=audit,
        corpus=load_corpus(),
        merit=rt.settings.merit,
        os_user=getpass.getuser(),
        clock=clock,
    )
