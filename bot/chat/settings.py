"""Settings of the conversation (``bot:`` in config.yaml): the limits the core enforces on every
door. The assistant receives them as they are (a :class:`bot.doors.settings.BotSettings` is one),
never a copy field by field.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ConversationSettings(BaseModel):
    """What :class:`bot.router.assistant.Assistant` enforces, whatever the door."""

    model_config = ConfigDict(extra="forbid")

    messages_per_minute: int = Field(default=20, ge=1)
    failed_starts_per_hour: int = Field(default=5, ge=1)
    max_message_chars: int = Field(default=1000, ge=10, le=4096)
