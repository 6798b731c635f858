"""Settings of the Telegram door (``bot:`` in config.yaml): the conversation's limits plus the
Bot API connection, the webhook and the process. The token is a secret (env).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.chat.settings import ConversationSettings


class WebhookSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = ""  # public HTTPS URL Telegram posts to, e.g. https://talenta.example.go.id/tg
    listen: str = "0.0.0.0"
    port: int = Field(default=8443, ge=1, le=65535)
    path: str = "telegram"
    # The secret token itself comes from the environment (TALENTA_WEBHOOK_SECRET).


class BotSettings(ConversationSettings):
    """The ``bot:`` section: the conversation's limits plus the Telegram door and the process."""

    mode: Literal["polling", "webhook"] = "polling"
    base_url: str = "https://api.telegram.org/bot"  # a local Bot API server or emulator works
    base_file_url: str = "https://api.telegram.org/file/bot"
    workers: int = Field(default=4, ge=1, le=64)  # thread pool for blocking work (2 cores)
    torch_threads: int = Field(default=1, ge=1, le=64)
    poll_timeout: int = Field(default=30, ge=0, le=60)  # long-polling seconds
    read_timeout: float = Field(default=10.0, gt=0)
    flood_per_second: int = Field(default=30, ge=1)  # AIORateLimiter overall rate
    # Seconds after which an update taken on but never answered (its worker died) may be taken
    # on by another worker when Telegram delivers it again. Longer than any request takes.
    update_claim_timeout_s: float = Field(default=90.0, gt=0, le=3600)
    # Seconds between checks for a sidang komite past its closing time (closed then, outcome
    # sent). Our choice, not law: closing times are set in hours, so a minute late is within
    # what a committee notices, and the check is one small query.
    sidang_check_s: float = Field(default=60.0, gt=0, le=3600)
    webhook: WebhookSettings = WebhookSettings()
