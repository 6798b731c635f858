"""The talent committee at work in Telegram: the ``/komite …`` command family.

In the committee's group (privacy mode may stay on: only commands reach the bot):
``daftarkan`` (agency admin), ``anggota [tambah|hapus <ID pengguna>]`` (agency admin),
``sidang SL-… [kuorum N] [jam H]`` and ``tutup`` (PPK or HR of the agency), ``status``.
In a member's private chat: ``konflik K2 <alasan>``, ``rekomendasi K1 layak <alasan>``,
``status``, the sidang's buttons, and the PPK's final choice after closing
(``pilih SK-… K2 [alasan]``). What the group sees and why: ``docs/committee.md``.
"""

from __future__ import annotations

from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.committee import choice, register, sidang, votes
from bot.flows.committee.common import note
from bot.ports.services import Services

USAGE = (
    "Perintah komite: /komite daftarkan, /komite anggota [tambah|hapus <ID pengguna>], "
    "/komite sidang SL-… [kuorum N] [jam H], /komite status, /komite tutup; di chat pribadi: "
    "/komite konflik K<nomor> <alasan>, /komite rekomendasi K<nomor> "
    "layak|pertimbangkan|tidak <alasan>; PPK sesudah sidang ditutup: /komite pilih SK-… K<nomor> "
    "[alasan]."
)


def komite(turn: Turn, services: Services, args: str) -> Reply | list[Reply]:
    """``/komite <sub-command> …``: one sub-command, each deciding who may run it where."""
    word, _, rest = args.strip().partition(" ")
    match word.lower():
        case "daftarkan":
            return register.register_group(turn, services, rest)
        case "anggota":
            return register.members(turn, services, rest)
        case "sidang":
            return sidang.open_(turn, services, rest)
        case "status":
            return sidang.status(turn, services, rest)
        case "tutup":
            return sidang.close(turn, services, rest)
        case "konflik":
            return votes.declare(turn, services, rest)
        case "rekomendasi":
            return votes.recommend(turn, services, rest)
        case "pilih":
            return choice.choose(turn, services, rest)
    return note(turn, USAGE)
