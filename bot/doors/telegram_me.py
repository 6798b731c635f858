"""Who the bot is, asked of the Bot API (``getMe``) outside a running bot: the username an
operator command puts in invitation deep links when ``bot.username`` does not override it."""

from __future__ import annotations

import logging

import httpx

log = logging.getLogger("talenta.telegram")


def deep_link(username: str, payload: str) -> str:
    """``https://t.me/<username>?start=<payload>``; the bare ``/start`` line without a name."""
    name = username.lstrip("@")
    return f"https://t.me/{name}?start={payload}" if name else f"/start {payload}"


def fetch_username(base_url: str, token: str, *, timeout: float = 5.0) -> str:
    """The bot's username from ``getMe``; empty when the Bot API cannot be reached or says no
    (logged without the token)."""
    try:
        answer = httpx.post(f"{base_url}{token}/getMe", timeout=timeout)
        data = answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("getMe failed", extra={"error": type(exc).__name__})
        return ""
    if not isinstance(data, dict) or not data.get("ok"):
        log.warning("getMe refused", extra={"status": answer.status_code})
        return ""
    result = data.get("result")
    name = result.get("username") if isinstance(result, dict) else None
    return str(name or "")
