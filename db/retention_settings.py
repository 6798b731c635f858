"""Typed settings of retention outside the audit chain (``retention:`` in config.yaml).

Kept apart from ``db.retention`` so composing the settings does not import the tables.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RetentionSettings(BaseModel):
    """Days each kind of record outside the audit chain is kept (``retention:`` in config)."""

    model_config = ConfigDict(extra="forbid")

    # Invitation codes, counted from their expiry or their use.
    invitation_days: int = Field(default=90, ge=1)
    # A revoked account's link to its Telegram account, counted from the revocation.
    revoked_binding_days: int = Field(default=180, ge=1)
    # Button payloads, counted from their expiry.
    callback_days: int = Field(default=7, ge=1)
    # Profiles of employees no longer active (pensiun, pindah, berhenti, wafat …), counted
    # from their status date.
    ended_profile_days: int = Field(default=1825, ge=1)
