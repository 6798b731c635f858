"""One employee: the detail of a candidate (a button or a single match) and the lookup of
someone by name or NIP (``/profil <nama|NIP>``, free text).

The agency is read from the database (``ProfileReader.locate``) — never from a button payload —
and authorised before the record is read; found-but-not-allowed looks like not found.
"""

from __future__ import annotations

from dataclasses import replace

from bot.chat import reply_data as answer_data
from bot.chat.access import Action, Role, Target, shown_nip
from bot.chat.presses import DetailPress
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.access_history import log_list, log_view
from bot.ports.services import Services
from db.clock import today_wib


def locate_all(
    turn: Turn, services: Services, ids: list[int]
) -> tuple[tuple[int, int], ...] | None:
    """(pegawai_id, instansi_id) of each, read from the database; ``None`` if one is gone."""
    found = []
    for pid in ids:
        inst = services.profiles.locate(int(pid))
        if inst is None:
            return None
        found.append((int(pid), inst))
    return tuple(found)


def detail(turn: Turn, services: Services, pegawai_id: int) -> Reply:
    located = locate_all(turn, services, [pegawai_id])
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
        nip=shown_nip(turn.identity, p.pegawai_id, p.nip),
        as_of=p.as_of or today_wib(),
    )


def person(turn: Turn, services: Services, text: str) -> Reply:
    """Someone named by name or NIP. Found-but-not-allowed looks the same as not found."""
    decision = turn.allow(Action.detail, Target())
    if not decision and decision.reason != "not_self":
        return turn.refused(decision)
    named = _name_part(text)
    hits = services.profiles.find(named, scope=lookup_scope(turn, services))
    if not hits:
        record_attempt(turn, services, Action.detail, named)
    allowed = turn.allow_each(Action.detail, hits)
    if not allowed:
        # One answer whether the person exists or not (no existence oracle): an ASN may see
        # only themselves, anyone else finds no one they may see.
        reason = "not_self" if turn.identity.role is Role.asn else "not_found"
        return turn.reply("refused", reason=reason, guest=False)
    if len(allowed) == 1:
        return detail(turn, services, allowed[0][0])
    buttons = tuple(
        (turn.button(f"Detail {i + 1}", DetailPress(pid)),)
        for i, (pid, _) in enumerate(allowed[:5])
    )
    names = []
    for pid, _ in allowed[:5]:
        p = services.profiles.profile(pid)
        if p:
            names.append(replace(p, nip=shown_nip(turn.identity, pid, p.nip)))
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


def lookup_scope(turn: Turn, services: Services) -> frozenset[int]:
    """The agencies a lookup by name or NIP searches: the asker's, or an ASN's own agency
    (where they may find only themselves)."""
    ident = turn.identity
    if ident.role is Role.asn and ident.pegawai_id is not None:
        own = services.profiles.locate(ident.pegawai_id)
        return frozenset() if own is None else frozenset({own})
    return ident.instansi_ids


def record_attempt(turn: Turn, services: Services, action: Action, text: str) -> None:
    """Nobody of the asker's scope is named: whoever ``text`` names elsewhere is a recorded
    refusal (the reply stays that of nobody at all, so it confirms no one's existence)."""
    elsewhere = services.profiles.find(text, scope=None)
    if elsewhere:
        turn.allow_each(action, elsewhere)


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
