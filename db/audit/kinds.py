"""What can be recorded (``AuditKind``) and by whom (``Actor``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AuditKind(StrEnum):
    SEARCH = "search"  # a candidate search: who was shown, in which order, with which scores
    PROFILE_VIEW = "profile_view"  # a profile opened (own or someone else's)
    REVEAL = "reveal"  # "Tampilkan identitas" on a blind-first list
    SHORTLIST_CHOICE = "shortlist_choice"  # a PPK marked a candidate inside the ranking
    OVERRIDE = "override"  # a choice that set the ranking aside, with its written reason
    IMPORT = "import"  # an import: file hashes and counts
    WEIGHTS_CHANGE = "weights_change"  # ranking weights, JPM scheme, nine-box table
    CONFIG_CHANGE = "config_change"
    ROLE_GRANT = "role_grant"  # roles granted or revoked, accounts bound
    CASE_OPEN = "case_open"  # an ASN flagged a data error or contested a nine-box placement
    CASE_RESOLUTION = "case_resolution"
    REFUSAL = "refusal"  # a request refused by authorisation
    DOCUMENT = "document"  # a document produced (export, report) that contains personal data
    ASK_CLI = "ask_cli"  # a question asked through the command line
    EXPORT = "export"  # an audit export for an inspector
    RETENTION = "retention"  # a retention purge: what was purged, counts
    COMMITTEE = "committee"  # a talent committee registered, a member added/removed, a move
    SIDANG = "sidang"  # a committee session opened, closed, or its final choice, on a shortlist
    SIDANG_VOTE = "sidang_vote"  # a member's recommendation on one candidate code
    SIDANG_CONFLICT = "sidang_conflict"  # a member barred from one candidate (known/declared)


# Kinds whose subjects are people whose data was *shown* or *handed out* (a document naming
# them): the ASN's access history.
ACCESS_KINDS: frozenset[AuditKind] = frozenset(
    {AuditKind.SEARCH, AuditKind.PROFILE_VIEW, AuditKind.REVEAL, AuditKind.DOCUMENT}
)


@dataclass(frozen=True)
class Actor:
    """Who did it: the bound account with its role and agency, or the OS user at the CLI.

    ``type`` is ``telegram`` / ``console`` for a bound account (``id`` = the account id),
    ``cli`` for an operator command (``id`` = OS user), ``system`` for scheduled jobs.
    """

    type: str
    id: str
    role: str | None = None
    instansi: str | None = None  # agency code, e.g. "PROV", "KJB"

    @classmethod
    def cli(cls, os_user: str, role: str | None = "operator") -> Actor:
        return cls(type="cli", id=os_user, role=role)

    @classmethod
    def account(
        cls, account_id: int | str, role: str, instansi: str | None, via: str = "telegram"
    ) -> Actor:
        return cls(type=via, id=str(account_id), role=role, instansi=instansi)
