"""Secrets: read only from the environment, never from config.yaml; a placeholder or malformed
value fails at start-up with a message naming the variable."""

from __future__ import annotations

import os

from pydantic import BaseModel, SecretStr, ValidationError, field_validator

from bot.config.settings import dotted
from bot.errors import ConfigError


class Secrets(BaseModel):
    """Secrets read only from the environment, never from config.yaml."""

    telegram_bot_token: SecretStr | None = None
    db_password: SecretStr | None = None
    audit_hmac_key: SecretStr | None = None
    webhook_secret: SecretStr | None = None

    @field_validator("telegram_bot_token")
    @classmethod
    def _real_token(cls, v: SecretStr | None) -> SecretStr | None:
        if v is None or not v.get_secret_value():
            return None
        token = v.get_secret_value()
        if token.lower() in {"changeme", "xxx", "token", "your-token"} or ":" not in token:
            raise ValueError("TELEGRAM_BOT_TOKEN bukan token bot yang sah (format 123456:ABC...)")
        return v


def load_secrets(environ: dict[str, str] | None = None) -> Secrets:
    env = os.environ if environ is None else environ
    try:
        return Secrets.model_validate(
            {
                "telegram_bot_token": env.get("TELEGRAM_BOT_TOKEN") or None,
                "db_password": env.get("TALENTA_DB_PASSWORD") or None,
                "audit_hmac_key": env.get("TALENTA_AUDIT_HMAC_KEY") or None,
                "webhook_secret": env.get("TALENTA_WEBHOOK_SECRET") or None,
            }
        )
    except ValidationError as exc:
        msgs = "; ".join(f"{dotted(e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"Rahasia di environment tidak sah: {msgs}") from None
