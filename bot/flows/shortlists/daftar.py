"""``/daftar SL-…``: reopen a recorded candidate list; ``/daftar SL-… pilih <peringkat|NIP>``:
choose from it (or someone of its agency who is not on it); ``/daftar SL-… pdf|xlsx``: its
document in the list's state; ``/daftar talentpool [unit]``: the talent pool as XLSX."""

from __future__ import annotations

from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.people.pool_document import pool_document
from bot.flows.shortlists.choice import choose_named
from bot.flows.shortlists.document import FORMATS, document_reply
from bot.flows.shortlists.lifecycle import reopen
from bot.ports.services import Services


def daftar(turn: Turn, services: Services, args: str) -> Reply:
    if services.accountability is None:
        return turn.reply("unavailable", service="catatan daftar kandidat")
    text = args.strip().upper()
    if not text:
        return turn.reply(
            "ask_more", prompt="Tulis rujukan daftarnya, misalnya: /daftar SL-2026-000123"
        )
    ref, _, rest = text.partition(" ")
    if ref.lower() == "talentpool":
        return pool_document(turn, services, args.strip().partition(" ")[2])
    word, _, who = rest.strip().partition(" ")
    if word.lower() == "pilih" and who.strip():
        return choose_named(turn, services, ref, who.strip())
    for fmt in FORMATS:
        if word.lower() == fmt and not who.strip():
            return document_reply(turn, services.accountability.audit, ref, fmt)
    return reopen(turn, services.accountability, ref)
