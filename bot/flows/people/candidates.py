"""Candidate search: ``/kandidat`` and free-text searches, with paging.

Authorises the search for the asker's agencies first (``Turn.allow`` → ``access.authorize``),
drops any hit outside them (defence in depth), and either records the list (blind-first for a
PPK, :mod:`bot.flows.shortlists.lifecycle`) or shows it as is.
"""

from __future__ import annotations

from dataclasses import replace

from bot.chat import reply_data as answer_data
from bot.chat.access import Action, Target
from bot.chat.callbacks import remember
from bot.chat.presses import ComparePress, DetailPress, PagePress
from bot.chat.replies import Button, Reply
from bot.chat.reply_data import shown_nip
from bot.chat.turn import Turn
from bot.flows.shortlists.lifecycle import present
from bot.ports.services import Candidate, Services
from db.clock import today_wib

PAGE_SIZE = 5


def search(
    turn: Turn,
    services: Services,
    query: str,
    page: int = 1,
    *,
    edit: bool = False,
    jabatan_id: int | None = None,
) -> Reply:
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
    result = services.search.search(
        query, scope=scope, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, jabatan_id=jabatan_id
    )
    if result.choices and not result.items:
        buttons = tuple(
            (turn.button(c.label, PagePress(query, 1, c.jabatan_id)),) for c in result.choices
        )
        reply = turn.reply("choose_position", buttons=buttons, edit=edit, query=query)
        return answer_data.with_search(reply, turn.identity, result)
    # Defence in depth: a hit outside the asker's agencies is dropped (and the refusal logged).
    items = [
        c
        for c in result.items
        if turn.allow(Action.detail, Target(pegawai=((c.pegawai_id, c.instansi_id),)))
    ]
    if not items:
        reply = turn.reply(
            "no_candidates",
            query=query,
            edit=edit,
            position=result.position,
            excluded=result.excluded,
        )
        return answer_data.with_search(reply, turn.identity, result)
    pages = max(1, -(-result.total // PAGE_SIZE))
    start = (page - 1) * PAGE_SIZE
    if services.accountability is not None:
        shown = present(
            turn,
            services,
            services.accountability,
            items=items,
            start=start,
            query=query,
            page=page,
            pages=pages,
            total=result.total,
            as_of=result.as_of or today_wib(),
            jabatan_id=jabatan_id,
            edit=edit,
            position_id=result.position_id,
            pool_ids=result.pool_ids,
            position_name=result.position,
        )
        return answer_data.with_search(shown, turn.identity, result, items, start)
    ranked = [replace(c, nip=shown_nip(turn.identity, c.pegawai_id, c.nip)) for c in items]
    rows: list[tuple[Button, ...]] = []
    detail_row = tuple(
        turn.button(f"Detail {start + i + 1}", DetailPress(c.pegawai_id, result.position_id))
        for i, c in enumerate(items)
    )
    rows.append(detail_row)
    nav: list[Button] = []
    if page > 1:
        nav.append(turn.button("◀ Sebelumnya", PagePress(query, page - 1, jabatan_id)))
    if page < pages:
        nav.append(turn.button("Berikutnya ▶", PagePress(query, page + 1, jabatan_id)))
    if nav:
        rows.append(tuple(nav))
    ids = [c.pegawai_id for c in items]
    if len(ids) >= 2:
        rows.append(
            (turn.button(f"Bandingkan {min(3, len(ids))} teratas", ComparePress(tuple(ids[:3]))),)
        )
    remember(turn.session, turn.identity.actor, "last_search", {"q": query, "ids": ids})
    reply = turn.reply(
        "candidates",
        buttons=tuple(rows),
        personal=True,
        edit=edit,
        query=query,
        position=result.position,  # the position the words were matched to, for checking
        items=[_view(c, start + i + 1) for i, c in enumerate(ranked)],
        page=page,
        pages=pages,
        total=result.total,
        as_of=result.as_of or today_wib(),
    )
    return answer_data.with_search(reply, turn.identity, result, items, start)


def _view(c: Candidate, rank: int) -> dict[str, object]:
    return {
        "rank": rank,
        "nama": c.nama,
        "nip": c.nip,
        "jabatan": c.jabatan,
        "golongan": c.golongan,
        "unit": c.unit,
        "score": c.score,
        "reasons": list(c.reasons),
    }
