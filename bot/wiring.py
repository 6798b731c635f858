"""Composition helpers: turn settings into engines and services. Called by the CLI only."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

from bot.settings import ConfigError, Secrets, Settings
from db.audit.chain import AuditLog
from db.audit.keys import MIN_KEY_BYTES, load_or_create_dev_key
from db.engine import make_engine


def build_engine(settings: Settings, secrets: Secrets) -> Engine:
    password = secrets.db_password.get_secret_value() if secrets.db_password else None
    return make_engine(settings.database, password=password)


def audit_anchor_path(settings: Settings) -> Path:
    return settings.audit.anchor_file or Path(settings.app.data_dir) / "audit" / "anchor.jsonl"


def audit_key(settings: Settings, secrets: Secrets) -> bytes:
    """The audit HMAC key: TALENTA_AUDIT_HMAC_KEY, or (development only) a generated key file."""
    if secrets.audit_hmac_key is not None and secrets.audit_hmac_key.get_secret_value():
        key = secrets.audit_hmac_key.get_secret_value().encode("utf-8")
        if len(key) < MIN_KEY_BYTES:
            raise ConfigError(
                f"TALENTA_AUDIT_HMAC_KEY terlalu pendek: minimal {MIN_KEY_BYTES} karakter "
                "(buat dengan: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        return key
    path = settings.audit.dev_key_file or Path(settings.app.data_dir) / "audit" / "hmac.key"
    key, created = load_or_create_dev_key(path)
    logging.getLogger("talenta.audit").warning(
        "PERINGATAN: TALENTA_AUDIT_HMAC_KEY tidak diset; catatan audit ditandatangani dengan "
        "kunci pengembangan di data_dir. Kunci di samping basis data tidak melindungi dari "
        "administrator basis data: jangan dipakai di produksi.",
        extra={"key_file": str(path), "key_created": created},
    )
    return key


def build_audit_log(settings: Settings, secrets: Secrets, engine: Engine) -> AuditLog:
    return AuditLog(
        engine, audit_key(settings, secrets), lock_timeout_s=settings.audit.lock_timeout_s
    )
