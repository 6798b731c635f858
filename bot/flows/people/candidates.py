"""Candidate search: ``/kandidat`` and free-text searches, with paging.

Authorises the search for the asker's agencies first (``Turn.allow`` → ``access.authorize``),
drops any hit outside them (defence in depth), and either records the list (blind-first for a
PPK, :mod:`bot.flows.shortlists.lifecycle`) or shows it as is.
"""

from __future__ import annotations

import logging

from bot.chat.access import Action, Target, shown_nip
from bot.chat.callbacks import remember
from bot.chat.presses import ComparePress, DetailPress, PagePress, Press
from bot.chat.replies import Reply
from bot.chat.reply_data import search_data
from bot.chat.turn import Turn
from bot.flows.shortlists.lifecycle import Listing, is_blind, list_reply, mark_ties, record_list
from bot.flows.shortlists.recorded import BLIND_CONFLICT_NOTE, hidden_conflicts
from bot.ports.services import Candidate, CandidatePage, Services
from db.clock import today_wib

PAGE_SIZE = 5
log = logging.getLogger("talenta.people")


def search(
    turn: Turn,
    services: Services,
    query: str,
    page: int = 1,
    *,
    edit: bool = False,
    jabatan_id: int | None = None,
    by_post: bool | None = None,
) -> Reply:
    """Authorise, search, drop anyone outside the asker's agencies, record the list when lists
    are recorded, and render it once (with its data for the JSON door).

    ``by_post``: the router read a post (True) or a described need (False); None for
    /kandidat and paging. A post is resolved by the search, which answers with choices or
    ``post_not_found`` rather than a list that skipped eligibility."""
    query = query.strip()
    if not query:
        return turn.reply(
            "ask_more",
            prompt="Jabatan atau kebutuhan apa yang dicari? Contoh: /kandidat kepala "
            "bidang anggaran",
        )
    scope = turn.identity.instansi_ids
    decision = turn.allow(Action.search, Target(instansi_ids=scope))
    if not decision:
        return turn.refused(decision)
    if services.search is None:
        return turn.reply("unavailable", service="pencarian kandidat")
    if by_post is not None:
        log.info("search routed", extra={"by": "post" if by_post else "need"})
    result = services.search.search(
        query,
        scope=scope,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        jabatan_id=jabatan_id,
        by_post=by_post,
    )
    # An asker whose lists are blind-first gets the JSON of who was left out blind as well.
    blind_first = is_blind(turn, services.accountability)
    if result.post_not_found:
        return turn.reply(
            "no_candidates",
            edit=edit,
            data=search_data(turn.identity, result, blind=blind_first),
            query=query,
            position=None,
            excluded=0,
            not_found=True,
        )
    if result.choices and not result.items:
        buttons = turn.buttons(
            [[(c.label, PagePress(query, 1, c.jabatan_id))] for c in result.choices]
        )
        data = search_data(turn.identity, result, blind=blind_first)
        return turn.reply("choose_position", buttons=buttons, edit=edit, data=data, query=query)
    # Defence in depth: a hit outside the asker's agencies is dropped (the refusal recorded).
    allowed = set(
        turn.allow_each(Action.detail, [(c.pegawai_id, c.instansi_id) for c in result.items])
    )
    items = [c for c in result.items if (c.pegawai_id, c.instansi_id) in allowed]
    if not items:
        return turn.reply(
            "no_candidates",
            edit=edit,
            data=search_data(turn.identity, result, blind=blind_first),
            query=query,
            position=result.position,
            excluded=result.excluded,
        )
    listing = Listing(
        query=query,
        page=page,
        pages=max(1, -(-result.total // PAGE_SIZE)),
        total=result.total,
        start=(page - 1) * PAGE_SIZE,
        as_of=result.as_of or today_wib(),
        jabatan_id=jabatan_id,
        position_id=result.position_id,
        position=result.position,
        reading=result.reading,
    )
    acc = services.accountability
    if acc is not None:
        view = record_list(turn, acc, items, listing, pool_ids=result.pool_ids)
        rows = view.rendered["items"]
        data = search_data(
            turn.identity,
            result,
            items,
            listing.start,
            ref=view.ref,
            blind=view.blind,
            rows=rows,
            conflict_note=BLIND_CONFLICT_NOTE if hidden_conflicts(rows) else None,
        )
        return list_reply(
            turn, view, view.rendered, revealed=not view.blind, edit=edit, acc=acc, data=data
        )
    return _plain_list(turn, result, items, listing, edit=edit)


def _plain_list(
    turn: Turn, result: CandidatePage, items: list[Candidate], listing: Listing, *, edit: bool
) -> Reply:
    """The list shown as it is, where lists are not recorded."""
    start, page, query = listing.start, listing.page, listing.query
    ids = [c.pegawai_id for c in items]
    rows: list[list[tuple[str, Press]]] = [
        [
            (f"Detail {start + i + 1}", DetailPress(c.pegawai_id, result.position_id))
            for i, c in enumerate(items)
        ]
    ]
    nav: list[tuple[str, Press]] = []
    if page > 1:
        nav.append(("◀ Sebelumnya", PagePress(query, page - 1, listing.jabatan_id)))
    if page < listing.pages:
        nav.append(("Berikutnya ▶", PagePress(query, page + 1, listing.jabatan_id)))
    rows.append(nav)
    if len(ids) >= 2:
        rows.append([(f"Bandingkan {min(3, len(ids))} teratas", ComparePress(tuple(ids[:3])))])
    last = {"q": query, "ids": ids, "first": start + 1}
    remember(turn.session, turn.identity.actor, "last_search", last)
    shown = [_view(turn, c, start + i + 1) for i, c in enumerate(items)]
    mark_ties(shown)
    return turn.reply(
        "candidates",
        buttons=turn.buttons(rows),
        personal=True,
        edit=edit,
        data=search_data(turn.identity, result, items, start),
        query=query,
        position=result.position,  # the position the words were matched to, for checking
        items=shown,
        reading=list(result.reading),
        page=page,
        pages=listing.pages,
        total=result.total,
        as_of=listing.as_of,
    )


def _view(turn: Turn, c: Candidate, rank: int) -> dict[str, object]:
    p = c.person
    return {
        "rank": rank,
        "nama": p.nama,
        "nip": shown_nip(turn.identity, p.pegawai_id, p.nip),
        "jabatan": p.jabatan,
        "golongan": p.golongan,
        "unit": p.unit,
        "score": c.score,
        "reasons": list(c.reasons),
    }
