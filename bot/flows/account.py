"""The asker's Telegram account: ``/start <kode>`` binds it with a one-time invitation code
(failed attempts are rate-limited), ``/keluar`` releases it."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from bot.chat import binding, ratelimit
from bot.chat.access import ROLE_LABEL
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.help import show_help
from bot.ports.services import Services

log = logging.getLogger("talenta.assistant")


def start(turn: Turn, services: Services, code: str) -> Reply:
    tg = turn.inbound.telegram_id
    if not code or tg is None:
        return show_help(turn, services) if turn.identity.user_id else turn.reply("welcome")
    limit = ratelimit.Limit(turn.settings.failed_starts_per_hour, timedelta(hours=1))
    key = f"start-fail:{turn.identity.actor}"
    if not ratelimit.peek(turn.session, key, limit):
        log.warning("binding refused", extra={"actor": turn.identity.actor, "reason": "limited"})
        return turn.reply("bind_failed", reason="limited")
    result = binding.bind(turn.session, code, tg)
    if not result.ok:
        ratelimit.hit(turn.session, key, limit)
        log.warning(
            "binding refused", extra={"actor": turn.identity.actor, "reason": result.reason}
        )
        return turn.reply("bind_failed", reason=result.reason)
    assert result.role is not None
    reply = turn.reply("bound", role_label=ROLE_LABEL[result.role])
    return replace(reply, menu_role=result.role.value)


def logout(turn: Turn, services: Services, args: str = "") -> Reply:
    tg = turn.inbound.telegram_id
    was = binding.unbind_telegram(turn.session, tg) if tg is not None else False
    return turn.reply("logout", was_bound=was)
