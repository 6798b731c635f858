"""Replies of the router itself: "which did you mean?" with buttons, and "that is not mine".

A clarification offers one button per likely reading. Its payload (stored server-side, see
:mod:`bot.chat.callbacks`) holds the intent and the original text, so pressing it runs that
flow on what the person wrote, and the flow authorises it like a typed request.
"""

from __future__ import annotations

from bot.chat.access import Role
from bot.chat.presses import RoutePress
from bot.chat.replies import Reply
from bot.chat.turn import MENU_SKIP, Turn
from bot.router.intents import Intent

LABELS: dict[Intent, str] = {
    Intent.search_post: "Cari kandidat untuk jabatan",
    Intent.search_need: "Cari pegawai sesuai kebutuhan",
    Intent.person: "Lihat data pegawai",
    Intent.profile: "Profil saya",
    Intent.opportunities: "Peluang jabatan saya",
    Intent.talentpool: "Talent pool",
    Intent.compare: "Bandingkan kandidat",
    Intent.regulation: "Tanya aturan",
    Intent.rule_check: "Cek syarat menurut aturan",
    Intent.access_history: "Riwayat akses data",
    Intent.help: "Bantuan",
    Intent.logout: "Keluar (lepas akun)",
    Intent.out_of_scope: "Bukan semuanya",
}


def ask(turn: Turn, text: str, readings: tuple[Intent, ...]) -> Reply:
    """One short question with a button per reading, each carrying the original text."""
    buttons = turn.buttons([[(LABELS[i], RoutePress(i.value, text))] for i in readings])
    return turn.reply("clarify", buttons=buttons)


def out_of_scope(turn: Turn) -> Reply:
    """What Talenta can do for this role, instead of a guess at what it cannot."""
    role = turn.identity.role if turn.identity.reason_inactive is None else Role.guest
    commands = [(name, line) for name, line in turn.menu(role) if name not in MENU_SKIP]
    return turn.reply("out_of_scope", commands=commands)
