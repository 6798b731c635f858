"""``/talentpool [unit]``: the agency's talent pool by name (staff and committee) or as counts
only (an inspector), with the nine-box picture of the unit or agency."""

from __future__ import annotations

from dataclasses import replace

from bot.chat import reply_data as answer_data
from bot.chat.access import Action, Role, Target, authorize, shown_nip
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows import pictures
from bot.flows.access_history import log_list
from bot.ports.services import Services
from db.clock import today_wib
from db.queries.people import active_pegawai_ids
from knowledge.rules import in_talent_pool


def talentpool(turn: Turn, services: Services, unit: str) -> Reply:
    scope = turn.identity.instansi_ids
    target = Target(instansi_ids=scope)
    private = turn.inbound.private
    names = authorize(turn.identity, Action.talentpool, target, private=private)
    if not names and not authorize(turn.identity, Action.aggregates, target, private=private):
        return turn.refused(turn.allow(Action.talentpool, target))  # recorded
    if unit.strip() and not active_pegawai_ids(session=turn.session, scope=scope, unit=unit):
        # A unit nobody active works in (or words that name no unit): say so, draw nothing.
        return turn.reply("talentpool", unit=unit.strip(), unit_missing=True, as_of=today_wib())
    pool = services.talentpool.pool(scope=scope, unit=unit.strip() or None, limit=15)
    entries = (
        [replace(e, nip=shown_nip(turn.identity, e.pegawai_id, e.nip)) for e in pool.entries]
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
    reply = pictures.with_pool_ninebox(
        turn, services.caches, reply, scope, pool.unit, people=people, facts=services.merit_facts
    )
    # The names listed, then the masked NIPs on the picture, are reads of their data.
    if services.accountability is not None:
        pictured = _pictured(turn, services, scope, pool.unit) if people else []
        shown = [e.pegawai_id for e in entries] + pictured
        log_list(turn, services, "talentpool", shown, {"unit": pool.unit})
    return reply


def _pictured(turn: Turn, services: Services, scope: frozenset[int], unit: str | None) -> list[int]:
    """The people the nine-box picture lists (boxes 7–9), in the picture's order."""
    ids = active_pegawai_ids(session=turn.session, scope=scope, unit=unit)
    placed, _ = pictures.placements(
        turn.session, ids, caches=services.caches, facts=services.merit_facts
    )
    ordered = sorted(placed, key=lambda p: (not p.official, p.nip))
    return [p.pegawai_id for p in ordered if in_talent_pool(p.kotak)]


# The words of asking for the pool, which name no unit; then chat words around the request,
# which never occur in a unit's name.
POOL_WORDS = frozenset(
    [
        "talent",
        "pool",
        "talentpool",
        "tampilkan",
        "kumpulan",
        "talenta",
        "nine",
        "box",
        "ninebox",
        "di",
        "instansi",
        "siapa",
        "saja",
        "yang",
        "kotak",
        "lihat",
        "tahun",
        "ini",
        "kelompok",
        "rencana",
        "suksesi",
        "pegawai",
        # the everyday ways of asking for the pool that name no unit
        "terbaik",
        "paling",
        "bagus",
        "unggul",
        "berprestasi",
        "potensial",
        "top",
        "best",
        "talents",
        "in",
        "the",
        "dong",
        "tolong",
        "mana",
        "ada",
        "orang",
        "asn",
        "pns",
        "berapa",
        "jumlah",
        "daftar",
        "semua",
        # chat words around the request, never part of a unit's name
        "gimana",
        "gmn",
        "bagaimana",
        "aja",
        "yg",
        "sih",
        "deh",
        "nih",
        "kak",
        "pak",
        "bu",
        "ya",
        "apa",
        "sebutin",
        "sebutkan",
        "nama",
        "namanya",
        "isinya",
        "tunjukkan",
        "tunjukin",
        "liat",
        "cek",
        "show",
        "me",
        "please",
    ]
)


def unit_hint(text: str) -> str:
    """'talent pool dinas kesehatan' → 'dinas kesehatan' (the unit filter, if any)."""
    bare = [(w, w.lower().strip("?.,!")) for w in text.split()]
    rest = [w.strip("?.,!") for w, b in bare if b and b not in POOL_WORDS and not b.isdigit()]
    return " ".join(rest)
