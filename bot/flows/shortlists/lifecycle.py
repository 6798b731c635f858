"""Recorded candidate lists: blind-first view, reference, reveal, reopen, choice.

Every candidate list shown to someone who may search is stored with
:func:`db.audit.record_shortlist` exactly as rendered and carries its reference
("Rujukan: SL-…"). For a PPK of an agency with blind-first on, the first view hides name and
NIP; "Tampilkan identitas" reveals them and is logged. "Pilih N" marks the chosen candidate;
``/daftar SL-… pilih NIP`` someone who is not on the list (e.g. an ineligible person, which
needs the legal ground of the exception). When the rules ask for a written reason the next text
message is taken as that reason (the pending choice is kept in the database, not in memory).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from bot.chat.access import ALLOWED, Action, Role, shown_nip
from bot.chat.callbacks import forget
from bot.chat.last_list import LastList, remember_list
from bot.chat.presses import (
    ChoosePress,
    ComparePress,
    DetailPress,
    DocumentPress,
    PagePress,
    Press,
    RevealPress,
    SpreadsheetPress,
)
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.shortlists.document import DOCUMENT_ROLES
from bot.flows.shortlists.recorded import BLIND_CONFLICT_NOTE, hidden_conflicts, open_recorded
from bot.ports.list_facts import conflict_flags, succession_membership
from bot.ports.pool_facts import blind_view
from bot.ports.services import Accountability, Candidate, Services
from db.audit import (
    CandidateIn,
    ShortlistView,
    record_reveal,
    record_shortlist,
    shortlist_note,
)
from db.queries.org import instansi_codes
from knowledge.rules.blind import k_min

log = logging.getLogger("talenta.shortlists")

PENDING = "pending_choice"
CONFIRM = "pending_confirm"  # "Catat pilihan ini?" asked: a typed "ya" answers it


def is_blind(turn: Turn, acc: Accountability | None) -> bool:
    """Whether the asker's candidate lists are shown blind-first (a PPK of an agency with it
    on); never without accountability, where lists are not recorded."""
    if acc is None or turn.identity.role is not Role.ppk:
        return False
    kodes = instansi_codes(session=turn.session, ids=turn.identity.instansi_ids).values()
    if not kodes:
        return acc.settings.is_blind_first(None)
    return any(acc.settings.is_blind_first(k) for k in kodes)


@dataclass(frozen=True)
class Listing:
    """Which page of which search a list is: what its header, paging and record say."""

    query: str
    page: int
    pages: int
    total: int
    start: int  # the rank before the page's first
    as_of: date
    jabatan_id: int | None  # the position picked among several (paging keeps it)
    position_id: int | None  # the position the words were matched to
    position: str | None  # its name, shown so a wrong match is visible (kept with the list)
    position_unit: str | None = None  # where that post is (unit, OPD), kept with it
    # Conditions of the request the list does not apply (bot.flows.people.conditions), kept
    # with the list so a reader of the record sees what was asked and not applied.
    conditions: dict[str, list[str]] | None = None
    reading: tuple[str, ...] = ()  # a need's official reading ("dibaca sebagai"), kept with it


def _row(
    c: Candidate,
    rank: int,
    *,
    blind: dict[str, str | None] | None,
    nip: str,
    flags: list[str],
) -> dict[str, Any]:
    """A row as recorded. On a blind list (``blind``: the shown merit facts of
    knowledge/rules/blind.py) the template shows only those; the rest waits for the reveal."""
    p = c.person
    return {
        "flags": flags,
        "rank": rank,
        "nama": None if blind is not None else p.nama,
        "nip": None if blind is not None else nip,
        "blind": blind,
        "jabatan": p.jabatan,
        "golongan": p.golongan,
        "unit": p.unit,
        "score": c.score,
        "reasons": list(c.reasons),
    }


def mark_ties(rows: list[dict[str, Any]]) -> None:
    """Rows whose shown score (two decimals, as the template prints it) equals the row above
    share its rank number (``tie``: the rank of the first of them): a tie is shown as a tie."""
    for prev, row in pairwise(rows):
        if round(float(row["score"]), 2) == round(float(prev["score"]), 2):
            row["tie"] = prev.get("tie") or prev["rank"]


def record_list(
    turn: Turn,
    acc: Accountability,
    items: Sequence[Candidate],
    listing: Listing,
    *,
    pool_ids: frozenset[int] = frozenset(),
) -> ShortlistView:
    """Record the page of candidates exactly as it will be shown (blind-first for a PPK of an
    agency with it on), with each row's conflict flags and facts for the choice rules."""
    blind = is_blind(turn, acc)
    position = listing.position_id if listing.position_id is not None else listing.jabatan_id
    ids = [c.pegawai_id for c in items]
    group = succession_membership(turn.session, position, ids, listing.as_of)
    conflicts = conflict_flags(turn.session, turn.identity.pegawai_id, ids)
    shown = (
        [
            r.as_dict()
            for r in blind_view(turn.session, turn.identity.instansi_ids, ids, pool_ids).rows
        ]
        if blind
        else [None] * len(ids)
    )
    rows = [
        _row(
            c,
            listing.start + i + 1,
            blind=shown[i],
            nip=shown_nip(turn.identity, c.pegawai_id, c.person.nip),
            flags=conflicts.get(c.pegawai_id, []),
        )
        for i, c in enumerate(items)
    ]
    mark_ties(rows)
    scope = sorted(turn.identity.instansi_ids)
    rendered = {
        "query": listing.query,
        "page": listing.page,
        "pages": listing.pages,
        "total": listing.total,
        "as_of": listing.as_of.isoformat(),
        "blind": blind,
        "jabatan_id": listing.jabatan_id,
        "position": listing.position,
        "position_unit": listing.position_unit,
        "conditions": listing.conditions,
        "reading": list(listing.reading),
        "scope": scope,
        "items": rows,
    }
    # The audit writer takes the database write lock: let go of this turn's writes first.
    turn.session.commit()
    view = record_shortlist(
        acc.audit,
        actor=turn.audit_actor(),
        rendered=rendered,
        candidates=[
            CandidateIn(
                c.pegawai_id,
                listing.start + i + 1,
                c.score,
                eligible=all(line.ok is not False for line in c.ranking.eligibility),
                in_succession_group=None if group is None else group[c.pegawai_id],
            )
            for i, c in enumerate(items)
        ],
        request={
            "query": listing.query,
            "page": listing.page,
            "jabatan_id": listing.jabatan_id,
            "position_id": position,
            "scope": scope,
        },
        config_hash=acc.config_hash,
        model=acc.model,
        index_version=acc.index_version(scope),
        data_snapshot=listing.as_of.isoformat(),
        blind=blind,
        instansi_id=scope[0] if len(scope) == 1 else None,
        jabatan_id=position,
        pool_pegawai_ids=pool_ids,  # its sex/age composition only: the fairness note
    )
    log.info(
        "shortlist recorded",
        extra={"ref": view.ref, "count": len(items), "blind": blind, "actor": turn.identity.actor},
    )
    # The list a later "bandingkan 4 dan 5" refers to: this one, by rank (a blind list has
    # nobody to compare until it is revealed, never the list before it).
    last = LastList(
        listing.query,
        listing.page,
        listing.pages,
        listing.jabatan_id,
        listing.start + 1,
        tuple(_ids(view)),
        ref=view.ref,
        blind=blind,
    )
    remember_list(turn.session, turn.identity.actor, last)
    return view


def _ids(view: ShortlistView) -> list[int]:
    return [c.pegawai_id for c in sorted(view.candidates, key=lambda c: c.rank)]


def list_reply(
    turn: Turn,
    view: ShortlistView,
    rendered: dict[str, Any],
    *,
    revealed: bool,
    edit: bool,
    acc: Accountability,
    data: object | None = None,
) -> Reply:
    """A recorded list as stored (``rendered``), with its buttons: detail and compare once
    identities are shown, "Pilih N" for whoever may choose, reveal, the document, paging."""
    ids = _ids(view)
    first = min((c.rank for c in view.candidates), default=1)
    rows: list[list[tuple[str, Press]]] = []
    if revealed:
        pos = view.jabatan_id  # the searched position: its standard is the detail chart's
        rows.append([(f"Detail {first + i}", DetailPress(p, pos)) for i, p in enumerate(ids)])
    if Action.choose in ALLOWED[turn.identity.role] and view.chosen_pegawai_id is None:
        rows.append([(f"Pilih {first + i}", ChoosePress(view.ref, p)) for i, p in enumerate(ids)])
    if not revealed:
        rows.append([("Tampilkan identitas", RevealPress(view.ref))])
    if turn.identity.role in DOCUMENT_ROLES and view.instansi_id is not None:
        # The committee's documents, in the list's state (blind or revealed).
        rows.append(
            [("Dokumen PDF", DocumentPress(view.ref)), ("Dokumen XLSX", SpreadsheetPress(view.ref))]
        )
    query = str(rendered["query"])
    page, pages = int(rendered["page"]), int(rendered["pages"])
    j = rendered.get("jabatan_id")
    position = j if isinstance(j, int) else None
    nav: list[tuple[str, Press]] = []
    if page > 1:
        nav.append(("◀ Sebelumnya", PagePress(query, page - 1, position)))
    if page < pages:
        nav.append(("Berikutnya ▶", PagePress(query, page + 1, position)))
    rows.append(nav)
    if revealed and len(ids) >= 2:
        rows.append([(f"Bandingkan {min(3, len(ids))} teratas", ComparePress(tuple(ids[:3])))])
    return turn.reply(
        "candidates",
        buttons=turn.buttons(rows),
        personal=True,
        edit=edit,
        data=data,
        query=query,
        position=rendered.get("position"),
        position_unit=rendered.get("position_unit"),
        conditions=rendered.get("conditions"),
        reading=rendered.get("reading") or [],
        items=rendered["items"],
        page=page,
        pages=pages,
        total=rendered["total"],
        as_of=date.fromisoformat(str(rendered["as_of"])),
        blind=bool(rendered.get("blind")),
        blind_k=k_min(),
        # A flag on a row shown by code would point at its person: one line for the list.
        conflict_note=BLIND_CONFLICT_NOTE if hidden_conflicts(rendered["items"]) else None,
        ref=view.ref,
        # A neutral note from the stored list alone, so a reopened list shows the same note.
        note=shortlist_note(turn.session, view.ref, acc.settings.fairness),
    )


def reopen(turn: Turn, acc: Accountability, ref: str) -> Reply:
    """The recorded list ``ref`` exactly as it was first shown."""
    opened = open_recorded(turn, ref, Action.shortlist)
    if isinstance(opened, Reply):
        return opened
    remember_list(turn.session, turn.identity.actor, _shown(opened, blind=opened.blind))
    return list_reply(turn, opened, opened.rendered, revealed=not opened.blind, edit=False, acc=acc)


def _shown(view: ShortlistView, *, blind: bool) -> LastList:
    """What a typed follow-up refers to once ``view`` is on screen again."""
    j = view.rendered.get("jabatan_id")
    return LastList(
        str(view.rendered.get("query", "")),
        int(view.rendered.get("page", 1)),
        int(view.rendered.get("pages", 1)),
        j if isinstance(j, int) else None,
        min((c.rank for c in view.candidates), default=1),
        tuple(_ids(view)),
        ref=view.ref,
        blind=blind,
    )


def reveal(turn: Turn, services: Services, ref: str) -> Reply:
    """ "Tampilkan identitas": log the reveal, then show the same list with names and NIPs."""
    acc = services.accountability
    if acc is None:
        return turn.reply("expired_button")
    opened = open_recorded(turn, ref, Action.shortlist)
    if isinstance(opened, Reply):
        return opened
    view = opened
    turn.session.commit()
    record_reveal(acc.audit, actor=turn.audit_actor(), ref=view.ref)
    by_rank = {c.rank: c.pegawai_id for c in view.candidates}
    items = []
    for row in view.rendered["items"]:
        pid = by_rank[int(row["rank"])]
        p = services.profiles.profile(pid)
        nama = p.nama if p else "-"
        nip = p.nip if p else ""
        shown = shown_nip(turn.identity, pid, nip)
        items.append({**row, "nama": nama, "nip": shown})
    remember_list(turn.session, turn.identity.actor, _shown(view, blind=False))
    rendered = {**view.rendered, "items": items, "blind": False}
    return list_reply(turn, view, rendered, revealed=True, edit=False, acc=acc)


def cancel_pending(turn: Turn) -> None:
    forget(turn.session, turn.identity.actor, PENDING)
    forget(turn.session, turn.identity.actor, CONFIRM)
