"""The reply object every door renders: text, buttons, optional file, privacy flags."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    label: str
    token: str  # opaque callback token (the payload is in the database)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    kind: str = "document"  # "document" | "photo"
    caption: str = ""


@dataclass(frozen=True)
class Refusal:
    """Data of a ``refused`` reply: the machine-readable reason (``other_agency``, ``role`` …)."""

    reason: str


@dataclass(frozen=True)
class Reply:
    kind: str  # the template that produced it (also used by tests and metrics)
    html: str  # Telegram HTML; split at 4096 by the transport
    buttons: tuple[tuple[Button, ...], ...] = ()
    personal_data: bool = False
    attachment: Attachment | None = None
    edit: bool = False  # replace the message whose button was pressed (paging)
    menu_role: str | None = None  # after a binding: show this role's command menu
    # The chat it goes to; ``None``: the chat the request came from. A committee command in a
    # group sends each member a private message this way (a private chat's id is the user's).
    chat_id: int | None = None
    # What the reply says, as structured data for the machine-readable door (bot/doors/ask_json.py).
    # Never rendered or sent to a chat; ``None`` where the text says it all.
    data: object | None = None

    @property
    def protect_content(self) -> bool:
        """Messages with personal data cannot be forwarded or saved."""
        return self.personal_data

    @property
    def real_answer(self) -> bool:
        return self.kind not in ("rate_limited", "error")


@dataclass
class Inbound:
    """One request as the core sees it, whatever the transport."""

    actor: str  # "tg:<user id>" or "console:<session>"
    private: bool = True
    text: str = ""
    callback_token: str | None = None
    telegram_id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    chat_id: int | None = None  # the chat it came from (a group's id for the group gate)
    bot_username: str = ""  # the bot's own name, for deep links, when the door knows it
