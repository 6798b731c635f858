"""Row hashes: how the chain covers the rows of the tables beside it.

A row that an entry vouches for stores that entry's pointer and its own hash::

    row_hash = sha256(canonical_json(["talenta-row-v1", table, entry_seq, fields]))

The entry lists every row it covers as ``rows = [[table, row id, row_hash], …]`` and its
HMAC covers ``rows_hash = sha256(canonical_json(rows))``. ``audit verify`` recomputes each
row's hash from its columns and compares the rows pointing to an entry with the entry's list,
so a row changed, deleted, added or moved to another entry is named by table and id.

``fields`` are the columns that must never change once written; columns that retention may
clear (``shortlist.rendered``, ``purged_at``) are left out and checked by their own rules.
A shortlist's choice is a separate covered item (``shortlist.choice``): it happens later, under
its own entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from db.audit.canonical import json_hash, round_score, utc_text

ROW_VERSION = "talenta-row-v1"


class Covered(StrEnum):
    """What a manifest item names: a table, or the choice part of a shortlist row."""

    SUBJECT = "audit_subject"
    SHORTLIST = "shortlist"
    CANDIDATE = "shortlist_candidate"
    CHOICE = "shortlist.choice"
    REVEAL = "shortlist_reveal"
    COMMITTEE = "committee"
    COMMITTEE_CHAT = "committee_chat"
    MEMBER = "committee_member"
    SIDANG = "sidang"
    SIDANG_CLOSE = "sidang_close"
    VOTE = "sidang_vote"
    CONFLICT = "sidang_conflict"


@dataclass(frozen=True)
class RowRef:
    """One manifest item: ``table`` row ``row_id`` with hash ``row_hash``."""

    table: Covered
    row_id: int
    row_hash: str

    def item(self) -> list[Any]:
        return [self.table.value, self.row_id, self.row_hash]


def row_hash(table: Covered, entry_seq: int, fields: dict[str, Any]) -> str:
    return json_hash([ROW_VERSION, table.value, entry_seq, fields])


def manifest(refs: Iterable[RowRef]) -> list[list[Any]]:
    return [r.item() for r in refs]


def manifest_refs(rows: Sequence[Any] | None) -> list[RowRef]:
    """The stored manifest back as refs (an item that is not ``[table, id, hash]`` raises)."""
    return [RowRef(Covered(t), int(i), str(h)) for t, i, h in rows or ()]


def _when(value: Any) -> str | None:
    return None if value is None else utc_text(value)


# Each ``*_fields`` takes an ORM object or a plain result row (attribute access either way).


def subject_fields(r: Any) -> dict[str, Any]:
    return {"pegawai_id": r.pegawai_id, "rank": r.rank, "score": round_score(r.score)}


def shortlist_fields(r: Any) -> dict[str, Any]:
    return {
        "ref": r.ref,
        "created_at": _when(r.created_at),
        "instansi_id": r.instansi_id,
        "jabatan_id": r.jabatan_id,
        "actor": [r.actor_type, r.actor_id, r.actor_role, r.actor_instansi],
        "blind": bool(r.blind),
        "rendered_hash": r.rendered_hash,
        "config_hash": r.config_hash,
        "model": r.model,
        "index_version": r.index_version,
        "data_snapshot": r.data_snapshot,
        "pool": r.pool,
    }


def candidate_fields(r: Any) -> dict[str, Any]:
    return {
        "shortlist_id": r.shortlist_id,
        "rank": r.rank,
        "pegawai_id": r.pegawai_id,
        "score": round_score(r.score),
        "eligible": bool(r.eligible),
        "in_succession_group": r.in_succession_group,
        "jenis_kelamin": r.jenis_kelamin,
        "usia_band": r.usia_band,
    }


def choice_fields(r: Any) -> dict[str, Any]:
    return {
        "shortlist_id": r.id,
        "ref": r.ref,
        "pegawai_id": r.chosen_pegawai_id,
        "at": _when(r.chosen_at),
        "by": r.chosen_by,
        "reason": r.choice_reason,
        "legal_ground": r.choice_legal_ground,
        "approval_ref": r.choice_approval_ref,
    }


def reveal_fields(r: Any) -> dict[str, Any]:
    return {
        "shortlist_id": r.shortlist_id,
        "pegawai_id": r.pegawai_id,
        "actor_id": r.actor_id,
        "at": _when(r.at),
    }


def committee_fields(r: Any) -> dict[str, Any]:
    return {
        "instansi_id": r.instansi_id,
        "chat_id": r.chat_id,
        "title": r.title,
        "created_at": _when(r.created_at),
        "created_by": r.created_by,
    }


def committee_chat_fields(r: Any) -> dict[str, Any]:
    return {
        "committee_id": r.committee_id,
        "old_chat_id": r.old_chat_id,
        "new_chat_id": r.new_chat_id,
        "at": _when(r.at),
    }


def member_fields(r: Any) -> dict[str, Any]:
    return {
        "committee_id": r.committee_id,
        "account_id": r.account_id,
        "role": r.role,
        "action": r.action,
        "at": _when(r.at),
        "by": r.by,
    }


def sidang_fields(r: Any) -> dict[str, Any]:
    return {
        "ref": r.ref,
        "committee_id": r.committee_id,
        "shortlist_id": r.shortlist_id,
        "opened_at": _when(r.opened_at),
        "opened_by": r.opened_by,
        "quorum": r.quorum,
        "closes_at": _when(r.closes_at),
        "members": list(r.members),
    }


def sidang_close_fields(r: Any) -> dict[str, Any]:
    return {
        "sidang_id": r.sidang_id,
        "at": _when(r.at),
        "by": r.by,
        "outcome": r.outcome,
        "result": r.result,
    }


def vote_fields(r: Any) -> dict[str, Any]:
    return {
        "sidang_id": r.sidang_id,
        "account_id": r.account_id,
        "rank": r.rank,
        "recommendation": r.recommendation,
        "reason": r.reason,
        "at": _when(r.at),
    }


def conflict_fields(r: Any) -> dict[str, Any]:
    return {
        "sidang_id": r.sidang_id,
        "account_id": r.account_id,
        "rank": r.rank,
        "source": r.source,
        "note": r.note,
        "at": _when(r.at),
    }


FIELDS = {
    Covered.SUBJECT: subject_fields,
    Covered.SHORTLIST: shortlist_fields,
    Covered.CANDIDATE: candidate_fields,
    Covered.CHOICE: choice_fields,
    Covered.REVEAL: reveal_fields,
    Covered.COMMITTEE: committee_fields,
    Covered.COMMITTEE_CHAT: committee_chat_fields,
    Covered.MEMBER: member_fields,
    Covered.SIDANG: sidang_fields,
    Covered.SIDANG_CLOSE: sidang_close_fields,
    Covered.VOTE: vote_fields,
    Covered.CONFLICT: conflict_fields,
}

# Committee tables: every row points to its own entry by ``entry_seq`` and is never purged.
COMMITTEE_TABLES: tuple[Covered, ...] = (
    Covered.COMMITTEE,
    Covered.COMMITTEE_CHAT,
    Covered.MEMBER,
    Covered.SIDANG,
    Covered.SIDANG_CLOSE,
    Covered.VOTE,
    Covered.CONFLICT,
)


def hash_of(table: Covered, entry_seq: int, r: Any) -> str:
    """The hash ``r`` must have as a row of ``table`` covered by entry ``entry_seq``."""
    return row_hash(table, entry_seq, FIELDS[table](r))
