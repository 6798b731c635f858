"""Opening a recorded candidate list by its reference: one check for every door to it.

The list itself (``/daftar SL-…``), its reveal, a choice from it and its documents (PDF, XLSX)
all open the record here, so "no such list" and "another agency's list" give the same reply,
decided before anything about the list (purged, tampered, chosen) can be told.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.chat.access import Action, Target
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from db.audit import ShortlistError, ShortlistNotFound, ShortlistView, reopen_shortlist
from db.audit.shortlist import get_shortlist_row
from db.models import Shortlist

NOT_FOUND = "Daftar kandidat dengan rujukan itu tidak ditemukan."
# A conflict flag on a blind row would point at the person it concerns ("satu unit kerja
# dengan Anda"): until the reveal the list says once that there is one, never on which row.
BLIND_CONFLICT_NOTE = (
    "Ada potensi konflik kepentingan pada sedikitnya satu kandidat di daftar ini; "
    "rinciannya tampil setelah identitas dibuka."
)


def hidden_conflicts(items: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a row still shown by code (no name yet) carries a conflict flag."""
    return any(row.get("nama") is None and row.get("flags") for row in items)


def not_found(turn: Turn) -> Reply:
    """The reply to a reference that does not exist (or that the asker may not see)."""
    return turn.reply("shortlist_error", message=NOT_FOUND)


def open_recorded(turn: Turn, ref: str, action: Action) -> ShortlistView | Reply:
    """The recorded list, if it exists and the asker may do ``action`` on it (its agencies
    are read from the record); else the reply to give."""
    decision = turn.allow(action)  # the role, whatever the reference
    if not decision:
        return turn.refused(decision)
    try:
        row = get_shortlist_row(turn.session, ref)
    except ShortlistNotFound:
        row = None
    if row is None or not turn.allow(action, Target(instansi_ids=list_scope(row))):
        return not_found(turn)
    try:
        return reopen_shortlist(turn.session, ref)
    except ShortlistError as exc:
        return turn.reply("shortlist_error", message=str(exc))


def list_scope(row: Shortlist) -> frozenset[int]:
    """The agencies a recorded list was drawn from (an impossible id when none is known)."""
    stored = row.rendered.get("scope", []) if isinstance(row.rendered, dict) else []
    scope = frozenset(int(i) for i in stored)
    if not scope and row.instansi_id is not None:
        scope = frozenset({row.instansi_id})
    return scope or frozenset({-1})
