"""Candidate search: ``/kandidat`` and free-text searches, with paging.

Authorises the search for the asker's agencies first (``Turn.allow`` → ``access.authorize``),
drops any hit outside them (defence in depth), and either records the list (blind-first for a
PPK, :mod:`bot.flows.shortlists.lifecycle`) or shows it as is.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from bot.chat.access import Action, Target, shown_nip
from bot.chat.callbacks import forget, recall, remember
from bot.chat.last_list import LastList, forget_list, remember_list
from bot.chat.numbers import picked_number
from bot.chat.presses import ComparePress, DetailPress, PagePress, Press
from bot.chat.replies import Reply
from bot.chat.reply_data import search_data
from bot.chat.turn import Turn
from bot.flows.people.conditions import Unapplied, outside_scope, unapplied
from bot.flows.shortlists.lifecycle import Listing, is_blind, list_reply, mark_ties, record_list
from bot.flows.shortlists.recorded import BLIND_CONFLICT_NOTE, hidden_conflicts
from bot.ports.services import Candidate, CandidatePage, Services
from db.clock import now_wib, today_wib
from db.queries.org import agencies
from db.reference import JenisInstansi
from knowledge.post_vocabulary import post_vocabulary

PAGE_SIZE = 5
PENDING_UNIT = "pending_unit"  # the text that asked "di unit mana?", awaiting a unit's name
UNIT_REPLY_WORDS = 6  # a longer reply is a new message, not a unit's name
UNIT_REPLY_WAIT = timedelta(minutes=15)
MAX_UNIT_BUTTONS = 90  # a Telegram keyboard holds at most 100 buttons; the rest can be typed
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
    unit: str | None = None,
) -> Reply:
    """Authorise, search, drop anyone outside the asker's agencies, record the list when lists
    are recorded, and render it once (with its data for the JSON door).

    ``by_post``: the router read a post (True) or a described need (False); None for
    /kandidat and paging. A post is resolved by the search, which answers with choices or
    ``post_not_found`` rather than a list that skipped eligibility. ``unit``: the unit picked
    when the text matched too many posts to list."""
    query = query.strip()
    if not query:
        return turn.reply(
            "ask_more",
            prompt="Jabatan atau kebutuhan apa yang dicari? Contoh: /kandidat kepala "
            "bidang anggaran",
        )
    found = _search(turn, services, query, page, jabatan_id=jabatan_id, by_post=by_post, unit=unit)
    if isinstance(found, Reply):
        return found
    if unit is not None and jabatan_id is None:
        jabatan_id = found.position_id  # the pages after the first stay on that post
    return _shown(turn, services, found, query, page, edit=edit, jabatan_id=jabatan_id)


def narrowed_by_reply(turn: Turn, services: Services, text: str) -> Reply | None:
    """A short reply to "unit yang mana?" or "jabatan yang mana?": the unit it names ("dinkes",
    "yang di RSUD") narrows the same text, a number ("2", "nomor 2") picks that choice.
    ``None`` when nothing awaits one, the reply is long or late, or it names none of the units
    offered — then it is a message of its own ("kabid anggaran", "butuh yang paham
    pendidikan", "terima kasih")."""
    pending = recall(turn.session, turn.identity.actor, PENDING_UNIT)
    if pending is None:
        return None
    forget(turn.session, turn.identity.actor, PENDING_UNIT)
    asked = str(pending.get("q", ""))
    at = datetime.fromisoformat(str(pending.get("at", "1970-01-01T00:00:00+00:00")))
    if not asked or len(text.split()) > UNIT_REPLY_WORDS or now_wib() - at > UNIT_REPLY_WAIT:
        return None
    ids = [i for i in pending.get("ids") or [] if isinstance(i, int)]
    n = picked_number(text)
    if n is not None and ids:
        if not 1 <= n <= len(ids):
            return None
        log.info("choice named by its number")
        return search(turn, services, asked, jabatan_id=ids[n - 1])
    path = pending.get("u") if isinstance(pending.get("u"), str) else None
    found = _search(turn, services, asked, 1, by_post=True, unit=path, unit_reply=text)
    if isinstance(found, Reply):
        return found
    if found.unit_reply_unmatched:
        return None
    log.info("unit named in a reply")
    return _shown(turn, services, found, asked, 1, edit=False, jabatan_id=found.position_id)


def _answers_by_typing(turn: Turn) -> bool:
    """Whether a short typed reply can answer the question just asked: not at the JSON door,
    whose ``cli:`` actors ask each question on its own."""
    return not turn.identity.actor.startswith("cli:")


def _await_reply(
    turn: Turn, query: str, path: str | None, ids: tuple[int, ...] | list[int] = ()
) -> None:
    """Keep the question just asked ("unit yang mana?", "jabatan yang mana?") so a short typed
    reply can answer it; not at the JSON door, whose ``cli:`` actors ask each question on its
    own."""
    if not _answers_by_typing(turn):
        return
    forget_list(turn.session, turn.identity.actor)  # the screen asks; it shows no list now
    remember(
        turn.session,
        turn.identity.actor,
        PENDING_UNIT,
        {"q": query, "u": path, "ids": list(ids), "at": now_wib().isoformat()},
    )


def cancel_pending(turn: Turn) -> None:
    """A command or a button ends the wait for a unit's name."""
    forget(turn.session, turn.identity.actor, PENDING_UNIT)


def _search(
    turn: Turn,
    services: Services,
    query: str,
    page: int,
    *,
    jabatan_id: int | None = None,
    by_post: bool | None = None,
    unit: str | None = None,
    unit_reply: str | None = None,
) -> CandidatePage | Reply:
    """The search authorised for the asker's agencies, or the reply that refuses it."""
    scope = turn.identity.instansi_ids
    decision = turn.allow(Action.search, Target(instansi_ids=scope))
    if not decision:
        return turn.refused(decision)
    if services.search is None:
        return turn.reply("unavailable", service="pencarian kandidat")
    if by_post is not None:
        log.info("search routed", extra={"by": "post" if by_post else "need"})
    return services.search.search(
        query,
        scope=scope,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        jabatan_id=jabatan_id,
        by_post=by_post,
        unit=unit,
        unit_reply=unit_reply,
    )


def _shown(
    turn: Turn,
    services: Services,
    result: CandidatePage,
    query: str,
    page: int,
    *,
    edit: bool,
    jabatan_id: int | None,
) -> Reply:
    """The reply for one search result: a list, the choices, the units, or why none."""
    # An asker whose lists are blind-first gets the JSON of who was left out blind as well.
    blind_first = is_blind(turn, services.accountability)
    if result.post_not_found:
        return turn.reply(
            "no_candidates",
            edit=edit,
            data=search_data(turn.identity, result, blind=blind_first),
            query=post_words(query),
            position=None,
            excluded=0,
            not_found=True,
        )
    if result.units and not result.items:
        return _ask_unit(turn, result, query, edit=edit, blind=blind_first)
    if result.choices and not result.items:
        buttons = turn.buttons(
            [[(c.label, PagePress(query, 1, c.jabatan_id))] for c in result.choices]
        )
        data = search_data(turn.identity, result, blind=blind_first)
        _await_reply(turn, query, result.unit_path, [c.jabatan_id for c in result.choices])
        return turn.reply(
            "choose_position",
            buttons=buttons,
            edit=edit,
            data=data,
            query=query,
            typed=_answers_by_typing(turn),
        )
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
        position_unit=result.position_unit,
        reading=result.reading,
        conditions=_unapplied(turn, query, result),
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


def _unapplied(turn: Turn, query: str, result: CandidatePage) -> dict[str, list[str]] | None:
    """What the request asks that the list does not apply: conditions only for a post (a need
    is searched with all its words); other agencies named, for any search."""
    found = Unapplied()
    post = f"{result.position or ''} {result.position_unit or ''}"
    if result.position is not None:
        found = unapplied(query, post=post)
    ids = turn.identity.instansi_ids
    every = agencies(session=turn.session)
    own = sorted(nama for i, nama, _ in every if i in ids)
    province = any(jenis == JenisInstansi.provinsi for i, _, jenis in every if i in ids)
    others = [nama for i, nama, _ in every if i not in ids]
    outside = outside_scope(query, others=others, post=post, province=province)
    if not (found or outside):
        return None
    said = replace(found, outside=outside).as_dict()
    if outside:  # named in the note: what was searched instead
        said["own"] = own
    return said


def _ask_unit(turn: Turn, result: CandidatePage, query: str, *, edit: bool, blind: bool) -> Reply:
    """Too many posts match to list ("sekdis" in an agency of twenty dinas): the unit is
    asked first, by a button per unit or a short typed reply."""
    shown = result.units[:MAX_UNIT_BUTTONS]
    rows = [
        [
            (
                u.name[:100] if u.count == 1 else f"{u.name[:90]} ({u.count})",
                PagePress(query, 1, u.jabatan_id, None if u.jabatan_id else u.path),
            )
        ]
        for u in shown
    ]
    total = sum(u.count for u in result.units)
    _await_reply(turn, query, result.unit_path)
    return turn.reply(
        "choose_unit",
        buttons=turn.buttons(rows),
        edit=edit,
        data=search_data(turn.identity, result, blind=blind),
        query=query,
        total=total,
        units=len(result.units),
        agencies=all(u.agency for u in result.units),
        example=shown[0].name,
        counted=any(u.count > 1 for u in shown),
        hidden=len(result.units) - len(shown),
        typed=_answers_by_typing(turn),
    )


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
    shown_list = LastList(query, page, listing.pages, listing.jabatan_id, start + 1, tuple(ids))
    remember_list(turn.session, turn.identity.actor, shown_list)
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
        position_unit=result.position_unit,
        conditions=listing.conditions,
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


def post_words(query: str) -> str:
    """The words of ``query`` that could name a post, for saying which one was not found:
    "siapa calon camat tengah ilir, ada?" → "camat tengah ilir" (the words of asking around
    it dropped)."""
    frame = post_vocabulary().frame
    words = query.split()

    def asking(w: str) -> bool:
        return w.lower().strip("?!.,;:") in frame

    # Only from either end: inside a title the same words belong to it ("pengadaan dan
    # pemberhentian pegawai").
    start, end = 0, len(words)
    while start < end and asking(words[start]):
        start += 1
    while end > start and asking(words[end - 1]):
        end -= 1
    return " ".join(words[start:end]).strip("?!.,;: ") or query
