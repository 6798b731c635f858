"""Roles and THE authorisation function.

Every read of personal data — search, candidate detail, compare, profile, opportunities,
talent pool, access history, documents, and every button press — goes through
:func:`authorize`, whatever door (Telegram, console, tests) the request came through. The
role × agency matrix is written out in ``docs/access.md``; this module is its executable form.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger("talenta.access")


class Role(StrEnum):
    admin = "admin"  # BKD/BKPSDM operator of the agencies granted
    hr = "hr"  # HR staff of the agencies granted
    ppk = "ppk"  # Pejabat Pembina Kepegawaian, until the end of the term
    komite = "komite"  # talent committee / Baperjakat: shortlists of the agency
    inspector = "inspector"  # BKN regional office: audit and aggregates, no personal profiles
    asn = "asn"  # an employee: self only
    guest = "guest"  # anyone unbound: regulation questions only


# How a role is named to its holder ("Anda masuk sebagai …").
ROLE_LABEL: dict[Role, str] = {
    Role.admin: "operator BKD/BKPSDM (admin)",
    Role.hr: "staf kepegawaian (HR)",
    Role.ppk: "Pejabat Pembina Kepegawaian (PPK)",
    Role.komite: "anggota komite talenta",
    Role.inspector: "pengawas (BKN regional)",
    Role.asn: "ASN",
    Role.guest: "tamu",
}


class Action(StrEnum):
    regulation = "regulation"  # ask what the regulations say (no personal data)
    search = "search"  # candidate search inside a scope
    detail = "detail"  # one employee's profile as a candidate
    compare = "compare"  # two or three employees side by side
    profile = "profile"  # one's own talent profile
    opportunities = "opportunities"  # positions one could aim for (self)
    talentpool = "talentpool"  # the talent pool (named list) of an agency
    aggregates = "aggregates"  # counts only, no names
    history = "history"  # access/audit history of an agency
    document = "document"  # a generated file with personal data
    manage_users = "manage_users"  # invite / revoke users of an agency
    shortlist = "shortlist"  # reopen a recorded candidate list of an agency / reveal identities
    choose = "choose"  # mark the chosen candidate of a recorded list (PPK)
    access_history = "access_history"  # when/by which role and agency someone's data was seen


@dataclass(frozen=True)
class Identity:
    """Who is asking, as checked at this request (not at binding time)."""

    role: Role
    user_id: int | None = None  # bot_user.id; None for guests and console personas
    instansi_ids: frozenset[int] = field(default_factory=frozenset)
    pegawai_id: int | None = None
    actor: str = "anon"  # owner key for callbacks and rate limits ("tg:123", "console:…")
    reason_inactive: str | None = None  # set when a bound user lost access (revoked, term…)

    @property
    def is_bound(self) -> bool:
        return self.user_id is not None and self.reason_inactive is None


@dataclass(frozen=True)
class Target:
    """What is being read: employees (with their agency) and/or agencies."""

    pegawai: tuple[tuple[int, int], ...] = ()  # (pegawai_id, instansi_id)
    instansi_ids: frozenset[int] = frozenset()


class RefusalReason(StrEnum):
    """Every reason a refusal can give (``Decision.reason``), as the machine-readable door
    names them."""

    role = "role"
    not_found = "not_found"
    not_self = "not_self"
    other_agency = "other_agency"
    no_agency = "no_agency"
    not_bound_to_employee = "not_bound_to_employee"
    group_chat = "group_chat"
    revoked = "revoked"
    term_ended = "term_ended"
    employee_inactive = "employee_inactive"
    transferred = "transferred"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # machine-readable reason code for refusals (logged, mapped to text)

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.admin: frozenset(
        {
            Action.regulation,
            Action.search,
            Action.detail,
            Action.compare,
            Action.talentpool,
            Action.aggregates,
            Action.history,
            Action.document,
            Action.manage_users,
            Action.shortlist,
            # Not Action.access_history: only the person and HR of their agency.
        }
    ),
    Role.hr: frozenset(
        {
            Action.regulation,
            Action.search,
            Action.detail,
            Action.compare,
            Action.talentpool,
            Action.aggregates,
            Action.document,
            Action.shortlist,
            Action.access_history,
        }
    ),
    Role.ppk: frozenset(
        {
            Action.regulation,
            Action.search,
            Action.detail,
            Action.compare,
            Action.talentpool,
            Action.aggregates,
            Action.document,
            Action.shortlist,
            Action.choose,
        }
    ),
    Role.komite: frozenset(
        {
            Action.regulation,
            Action.detail,
            Action.compare,
            Action.talentpool,
            Action.aggregates,
            Action.shortlist,
            Action.document,  # the committee receives its agency's shortlist document
        }
    ),
    Role.inspector: frozenset({Action.regulation, Action.aggregates, Action.history}),
    Role.asn: frozenset(
        {
            Action.regulation,
            Action.profile,
            Action.opportunities,
            Action.detail,
            Action.access_history,
        }
    ),
    Role.guest: frozenset({Action.regulation}),
}

# Actions that show personal data: never in a group chat.
PERSONAL = frozenset(
    {
        Action.search,
        Action.detail,
        Action.compare,
        Action.profile,
        Action.opportunities,
        Action.talentpool,
        Action.history,
        Action.document,
        Action.manage_users,
        Action.shortlist,
        Action.choose,
        Action.access_history,
    }
)


def authorize(
    identity: Identity, action: Action, target: Target | None = None, *, private: bool = True
) -> Decision:
    """Decide one request. Refusals are logged with ids only; ``Turn.allow`` also records
    refusals of personal-data requests in the audit chain (``bot.flows.access_history``)."""
    decision = _decide(identity, action, target or Target(), private)
    if not decision.allowed:
        log.warning(
            "access refused",
            extra={
                "actor": identity.actor,
                "user_id": identity.user_id,
                "role": identity.role.value,
                "action": action.value,
                "reason": decision.reason,
                "target_pegawai_ids": [p for p, _ in (target.pegawai if target else ())],
                "target_instansi_ids": sorted(target.instansi_ids) if target else [],
            },
        )
    return decision


def authorize_command(identity: Identity, name: str, roles: frozenset[Role]) -> Decision:
    """May the asker run command ``name`` at all: the roles of its entry in the command table
    (``bot/router/commands.py``), checked as they are at this request. Someone who lost access
    counts as a guest (and is told why). What the command then reads is decided by
    :func:`authorize` like any other request."""
    role = Role.guest if identity.reason_inactive is not None else identity.role
    if role in roles:
        return Decision(True)
    decision = Decision(False, identity.reason_inactive or "role")
    log.warning(
        "command refused",
        extra={
            "actor": identity.actor,
            "user_id": identity.user_id,
            "role": identity.role.value,
            "command": name,
            "reason": decision.reason,
        },
    )
    return decision


def _decide(identity: Identity, action: Action, target: Target, private: bool) -> Decision:
    if identity.reason_inactive is not None:
        return Decision(False, identity.reason_inactive)
    if action in PERSONAL and not private:
        return Decision(False, "group_chat")
    if action not in ALLOWED[identity.role]:
        return Decision(False, "role")
    if identity.role is Role.asn:
        # Self only: every employee in the target must be the asker.
        if identity.pegawai_id is None:
            return Decision(False, "not_bound_to_employee")
        if target.instansi_ids or any(p != identity.pegawai_id for p, _ in target.pegawai):
            return Decision(False, "not_self")
        return Decision(True)
    if action is Action.regulation:
        return Decision(True)
    scope = identity.instansi_ids
    if not scope:
        return Decision(False, "no_agency")
    if not target.instansi_ids <= scope:
        return Decision(False, "other_agency")
    if any(inst not in scope for _, inst in target.pegawai):
        return Decision(False, "other_agency")
    return Decision(True)


def sees_full_nip(identity: Identity, pegawai_id: int) -> bool:
    """NIPs are masked in lists except to the person themselves and HR staff."""
    return identity.pegawai_id == pegawai_id or identity.role in (Role.hr, Role.admin)


def shown_nip(identity: Identity, pegawai_id: int, nip: str) -> str:
    """The NIP as ``identity`` may see it: whole for the person and HR, masked otherwise."""
    return nip if sees_full_nip(identity, pegawai_id) else mask_nip(nip)


def mask_nip(nip: str) -> str:
    if len(nip) <= 8:
        return "•" * len(nip)
    return nip[:4] + "•" * (len(nip) - 8) + nip[-4:]
