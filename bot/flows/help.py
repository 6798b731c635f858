"""``/bantuan``: what the asker's role can do, from the command table the router runs
(``Turn.menu``), with one example of plain writing."""

from __future__ import annotations

from bot.chat.access import ROLE_LABEL, Role
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.ports.services import Services

EXAMPLE: dict[Role, str] = {
    Role.admin: "siapa yang cocok jadi kepala bidang anggaran?",
    Role.hr: "apa syarat jabatan administrator?",
    Role.ppk: "siapa yang cocok jadi kepala bidang anggaran?",
    Role.komite: "talent pool dinas kesehatan",
    Role.inspector: "talent pool instansi",
    Role.asn: "jabatan apa yang bisa saya incar?",
    Role.guest: "berapa batas usia pensiun pejabat administrator?",
}


def show_help(turn: Turn, services: Services, args: str = "") -> Reply:
    """A user who lost access is shown the guest's commands."""
    role = turn.identity.role if turn.identity.reason_inactive is None else Role.guest
    return turn.reply(
        "help", role_label=ROLE_LABEL[role], commands=turn.menu(role), example=EXAMPLE[role]
    )
