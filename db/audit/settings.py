"""Typed settings of the accountability room (``audit:`` in ``bot.config.settings``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator

from db.audit.kinds import AuditKind

# Days a payload is kept before retention purges it (the chain keeps its hash forever).
# Policy defaults, justified in docs/accountability.md; an agency aligns them with its own
# records-retention schedule (JRA).
DEFAULT_PAYLOAD_RETENTION_DAYS: dict[AuditKind, int] = {
    AuditKind.SEARCH: 730,
    AuditKind.PROFILE_VIEW: 730,
    AuditKind.REVEAL: 1825,
    AuditKind.SHORTLIST_CHOICE: 3650,
    AuditKind.OVERRIDE: 3650,
    AuditKind.IMPORT: 3650,
    AuditKind.WEIGHTS_CHANGE: 3650,
    AuditKind.CONFIG_CHANGE: 3650,
    AuditKind.ROLE_GRANT: 3650,
    AuditKind.CASE_OPEN: 1825,
    AuditKind.CASE_RESOLUTION: 1825,
    AuditKind.REFUSAL: 730,
    AuditKind.DOCUMENT: 730,
    AuditKind.ASK_CLI: 730,
    AuditKind.EXPORT: 1825,
    AuditKind.COMMITTEE: 3650,
    AuditKind.SIDANG: 3650,
    AuditKind.SIDANG_VOTE: 3650,
    AuditKind.SIDANG_CONFLICT: 3650,
}
# ``retention`` entries are not in the table: their payloads (counts and cutoffs) are what
# proves every other purge was due, so they are kept for as long as the chain.


class FairnessSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Below this many shortlisted people in an agency-quarter the report says "too few to judge".
    min_shortlisted: int = Field(default=20, ge=1)
    # A group is only compared when at least this many of its members would be expected.
    min_expected: float = Field(default=5.0, gt=0)
    # Representation ratio below which a group is marked for review (the "four-fifths" rule of
    # thumb; a policy choice, not law).
    review_ratio: float = Field(default=0.8, gt=0, le=1)


class AuditSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Append-only file the chain head is exported to (`talenta audit anchor`); put it on other
    # storage than the database, or send it on to the inspector.
    # Default: <data_dir>/audit/anchor.jsonl
    anchor_file: Path | None = None
    # Development only, when TALENTA_AUDIT_HMAC_KEY is not set: a generated key kept here (0600).
    # Default: <data_dir>/audit/hmac.key
    dev_key_file: Path | None = None
    # Seconds a writer waits for the append lock before giving up.
    lock_timeout_s: float = Field(default=30.0, gt=0, le=600)
    payload_retention_days: dict[AuditKind, PositiveInt] = Field(
        default_factory=lambda: dict(DEFAULT_PAYLOAD_RETENTION_DAYS)
    )
    # The subjects index behind an ASN's access history (who was shown in which search).
    access_history_retention_days: int = Field(default=1825, ge=1)
    # The rendered content of shortlists (the reference, hashes and the choice are kept).
    shortlist_retention_days: int = Field(default=3650, ge=1)
    # The text and resolution of resolved HR cases, counted from resolution (status stays).
    case_retention_days: int = Field(default=1825, ge=1)
    # Blind-first candidate lists for PPK searches, on unless an agency code says otherwise.
    blind_first: bool = True
    blind_first_instansi: dict[str, bool] = Field(default_factory=dict)
    fairness: FairnessSettings = FairnessSettings()

    @field_validator("payload_retention_days")
    @classmethod
    def _retention_payloads_are_kept(
        cls, value: dict[AuditKind, PositiveInt]
    ) -> dict[AuditKind, PositiveInt]:
        if AuditKind.RETENTION in value:
            raise ValueError(
                "payload_retention_days.retention tidak dapat diatur: isi entri retensi "
                "(jumlah dan batas tanggal) disimpan selamanya sebagai bukti pemusnahan"
            )
        return value

    def retention_days(self, kind: AuditKind) -> int:
        if kind == AuditKind.RETENTION:
            raise ValueError("retention payloads are kept for as long as the chain")
        return self.payload_retention_days.get(kind, DEFAULT_PAYLOAD_RETENTION_DAYS[kind])

    def is_blind_first(self, instansi_kode: str | None) -> bool:
        if instansi_kode is None:
            return self.blind_first
        return self.blind_first_instansi.get(instansi_kode, self.blind_first)
