"""Flows that show personal data: search, detail, compare, person lookup, profile, pool.

Each flow authorises first (through ``Turn.allow`` → ``access.authorize``) with the agency read
from the database — never from a button payload — and only then reads the record.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.chat import reply_data as answer_data
from bot.chat.access import Action, Identity, Role, Target, authorize, mask_nip, sees_full_nip
from bot.chat.callbacks import recall, remember
from bot.chat.replies import Button, Reply
from bot.chat.turn import Turn
from bot.flows import cases as cases_flow
from bot.flows import pictures
from bot.flows.access_history import history_lines, log_list, log_view
from bot.ports.services import Candidate, Profile, Services
from db.clock import today_wib

PAGE_SIZE = 5
log = logging.getLogger("talenta.people")


def _nip_for(identity: Identity, pegawai_id: int, nip: str) -> str:
    return nip if sees_full_nip(identity, pegawai_id) else mask_nip(nip)


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
    """``by_post``: the router read a post (True) or a described need (False); None for
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
    if result.post_not_found:
        reply = turn.reply(
            "no_candidates", query=query, edit=edit, position=None, excluded=0, not_found=True
        )
        return answer_data.with_search(reply, turn.identity, result)
    if result.choices and not result.items:
        buttons = tuple(
            (turn.button(c.label, "page", q=query, n=1, j=c.jabatan_id),) for c in result.choices
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
        from bot.flows.shortlists.lifecycle import present

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
    ranked = [replace(c, nip=_nip_for(turn.identity, c.pegawai_id, c.nip)) for c in items]
    rows: list[tuple[Button, ...]] = []
    detail_row = tuple(
        turn.button(f"Detail {start + i + 1}", "detail", p=c.pegawai_id, j=result.position_id)
        for i, c in enumerate(items)
    )
    rows.append(detail_row)
    nav: list[Button] = []
    if page > 1:
        nav.append(turn.button("◀ Sebelumnya", "page", q=query, n=page - 1, j=jabatan_id))
    if page < pages:
        nav.append(turn.button("Berikutnya ▶", "page", q=query, n=page + 1, j=jabatan_id))
    if nav:
        rows.append(tuple(nav))
    ids = [c.pegawai_id for c in items]
    if len(ids) >= 2:
        rows.append(
            (turn.button(f"Bandingkan {min(3, len(ids))} teratas", "compare", ids=ids[:3]),)
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


def _located(turn: Turn, services: Services, ids: list[int]) -> tuple[tuple[int, int], ...] | None:
    located = []
    for pid in ids:
        inst = services.profiles.locate(int(pid))
        if inst is None:
            return None
        located.append((int(pid), inst))
    return tuple(located)


def detail(turn: Turn, services: Services, pegawai_id: int) -> Reply:
    located = _located(turn, services, [pegawai_id])
    if located is None:
        return turn.reply("refused", reason="not_found", guest=False)
    decision = turn.allow(Action.detail, Target(pegawai=located))
    if not decision:
        return turn.refused(decision, hide_existence=True)
    p = services.profiles.profile(pegawai_id)
    if p is None:
        return turn.reply("refused", reason="not_found", guest=False)
    log_view(turn, services, pegawai_id, "detail")
    return turn.reply(
        "candidate_detail",
        personal=True,
        data=answer_data.person(turn.identity, p),
        p=p,
        nip=_nip_for(turn.identity, p.pegawai_id, p.nip),
        as_of=p.as_of or today_wib(),
    )


def compare(turn: Turn, services: Services, ids: list[int]) -> Reply:
    ids = list(dict.fromkeys(int(i) for i in ids))[:3]
    if len(ids) < 2:
        return turn.reply("compare_empty")
    located = _located(turn, services, ids)
    if located is None:
        return turn.reply("refused", reason="not_found", guest=False)
    decision = turn.allow(Action.compare, Target(pegawai=located))
    if not decision:
        return turn.refused(decision, hide_existence=True)
    profiles = [p for p in (services.profiles.profile(i) for i in ids) if p is not None]
    rows = [_compare_row(turn.identity, p) for p in profiles]
    log_list(turn, services, "compare", [p.pegawai_id for p in profiles], {})
    as_of = min((p.as_of for p in profiles if p.as_of), default=today_wib())
    return turn.reply("compare", personal=True, rows=rows, as_of=as_of)


def _compare_row(identity: Identity, p: Profile) -> dict[str, object]:
    return {
        "nama": p.nama,
        "nip": _nip_for(identity, p.pegawai_id, p.nip),
        "jabatan": p.jabatan,
        "golongan": p.golongan,
        "facts": list(p.facts),
    }


def compare_last(turn: Turn, services: Services, args: str) -> Reply:
    last = recall(turn.session, turn.identity.actor, "last_search")
    if last is None:
        return turn.reply("compare_empty")
    ids = list(last.get("ids", []))
    picks = [int(w) for w in args.split() if w.isdigit()]
    if picks:
        ids = [ids[i - 1] for i in picks if 1 <= i <= len(ids)]
    return compare(turn, services, ids[:3])


def person(turn: Turn, services: Services, text: str) -> Reply:
    """Someone named by name or NIP. Found-but-not-allowed looks the same as not found."""
    decision = turn.allow(Action.detail, Target())
    if not decision and decision.reason != "not_self":
        return turn.refused(decision)
    hits = services.profiles.find(_name_part(text))
    allowed = _permitted(turn, Action.detail, hits)
    if not allowed:
        if hits and turn.identity.role.value == "asn":
            return turn.reply("refused", reason="not_self", guest=False)
        return turn.reply("refused", reason="not_found", guest=False)
    if len(allowed) == 1:
        return detail(turn, services, allowed[0][0])
    buttons = tuple(
        (turn.button(f"Detail {i + 1}", "detail", p=pid),) for i, (pid, _) in enumerate(allowed[:5])
    )
    names = []
    for pid, _ in allowed[:5]:
        p = services.profiles.profile(pid)
        if p:
            names.append(replace(p, nip=_nip_for(turn.identity, pid, p.nip)))
    log_list(turn, services, "name_lookup", [p.pegawai_id for p in names], {})
    return turn.reply(
        "candidates",
        buttons=buttons,
        personal=True,
        query=text,
        items=[
            {
                "rank": i + 1,
                "nama": p.nama,
                "nip": p.nip,
                "jabatan": p.jabatan,
                "golongan": p.golongan,
                "unit": p.unit,
                "score": 0.0,
                "reasons": [],
            }
            for i, p in enumerate(names)
        ],
        page=1,
        pages=1,
        total=len(names),
        as_of=today_wib(),
    )


def _permitted(turn: Turn, action: Action, located: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The hits the asker may see; those they may not are one recorded refusal, not one each."""
    ok = [
        h
        for h in located
        if authorize(turn.identity, action, Target(pegawai=(h,)), private=turn.inbound.private)
    ]
    refused = tuple(h for h in located if h not in ok)
    if refused:
        turn.allow(action, Target(pegawai=refused))
    return ok


def own_profile(turn: Turn, services: Services) -> Reply:
    ident = turn.identity
    pid = ident.pegawai_id
    inst = services.profiles.locate(pid) if pid is not None else None
    target = Target(pegawai=((pid, inst),)) if pid is not None and inst is not None else Target()
    decision = turn.allow(Action.profile, target)
    if not decision:
        return turn.refused(decision)
    assert pid is not None
    p = services.profiles.profile(pid)
    if p is None:
        return turn.reply("refused", reason="not_found", guest=False)
    history = history_lines(turn, services, pid, p.instansi_id)
    reply = turn.reply(
        "profile",
        buttons=cases_flow.buttons(turn, services),
        personal=True,
        data=answer_data.own_profile(p, history),
        p=p,
        as_of=p.as_of or today_wib(),
        history=history,
    )
    return pictures.with_own_ninebox(turn, reply, pid)


def opportunities(turn: Turn, services: Services) -> Reply:
    pid = turn.identity.pegawai_id
    inst = services.profiles.locate(pid) if pid is not None else None
    target = Target(pegawai=((pid, inst),)) if pid is not None and inst is not None else Target()
    decision = turn.allow(Action.opportunities, target)
    if not decision:
        return turn.refused(decision)
    if services.opportunities is None:
        return turn.reply("unavailable", service="saran peluang jabatan")
    assert pid is not None
    result = services.opportunities.opportunities(pid, limit=5)
    reply = turn.reply(
        "opportunities",
        personal=True,
        data=result,
        items=list(result.items),
        as_of=result.as_of or today_wib(),
    )
    top = next((o for o in result.items if o.jabatan_id is not None), None)
    return pictures.with_target_chart(turn, reply, pid, top) if top else reply


def talentpool(turn: Turn, services: Services, unit: str) -> Reply:
    scope = turn.identity.instansi_ids
    target = Target(instansi_ids=scope)
    private = turn.inbound.private
    names = authorize(turn.identity, Action.talentpool, target, private=private)
    if not names and not authorize(turn.identity, Action.aggregates, target, private=private):
        return turn.refused(turn.allow(Action.talentpool, target))  # recorded
    pool = services.talentpool.pool(scope=scope, unit=unit.strip() or None, limit=15)
    entries = (
        [replace(e, nip=_nip_for(turn.identity, e.pegawai_id, e.nip)) for e in pool.entries]
        if names
        else []
    )
    reply = turn.reply(
        "talentpool",
        personal=bool(names),
        data=answer_data.pool(pool, entries, show_names=bool(names)),
        unit=pool.unit,
        show_names=bool(names),
        entries=entries,
        counts=sorted(pool.box_counts.items(), reverse=True),
        as_of=pool.as_of or today_wib(),
    )
    people = bool(names) and turn.identity.role in (Role.hr, Role.ppk, Role.komite)
    reply = pictures.with_pool_ninebox(turn, reply, scope, pool.unit, people=people)
    # Issue 7: the names listed, then the masked NIPs on the picture, are reads of their data.
    if services.accountability is not None:
        pictured = _pictured(turn, scope, pool.unit) if people else []
        shown = [e.pegawai_id for e in entries] + pictured
        log_list(turn, services, "talentpool", shown, {"unit": pool.unit})
    return reply


def _pictured(turn: Turn, scope: frozenset[int], unit: str | None) -> list[int]:
    """The people the nine-box picture lists (boxes 7–9), in the picture's order."""
    ids = pictures.scope_pegawai(turn.session, scope, unit)
    placed, _ = pictures.placements(turn.session, ids)
    ordered = sorted(placed, key=lambda p: (not p.official, p.nip))
    return [p.pegawai_id for p in ordered if p.kotak in pictures.POOL_BOXES]


_LOOKUP_WORDS = {
    "profil",
    "profile",
    "lihat",
    "pegawai",
    "tampilkan",
    "tolong",
    "nip",
    "data",
    "cari",
    "siapa",
    "info",
    "detail",
    "dong",
    "mohon",
    "atas",
    "nama",
    "asn",
    "bapak",
    "ibu",
    "pak",
    "bu",
}


def _name_part(text: str) -> str:
    """'tolong tampilkan profil Siti Aminah' → 'Siti Aminah' (NIPs pass through)."""
    return " ".join(w for w in text.split() if w.lower().strip("?.,!:") not in _LOOKUP_WORDS)
