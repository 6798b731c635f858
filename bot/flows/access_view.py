"""Showing an access history ("Riwayat akses"): one's own, or a named employee's for HR.

An ASN (or anyone bound to an employee who writes about themselves) sees their own history.
HR names the employee by NIP or by name; without one, the reply asks whose history is meant.
Whether the history may be read is decided by :func:`bot.chat.access.authorize` with
``Action.access_history`` (the person, and HR of their agency), through ``Turn.allow``.
"""

from __future__ import annotations

import re

from bot.chat.access import Action, Role, Target, mask_nip, sees_full_nip
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.access_history import history_lines
from bot.flows.people.person import record_attempt
from bot.ports.services import Services
from db.nip import nips_in

ASK_WHO = (
    "Riwayat akses siapa yang ingin Anda lihat? Tulis nama atau NIP pegawainya, misalnya: "
    "riwayat akses NIP 198001012005011001"
)

_SELF = {"saya", "aku", "ku", "sendiri", "gue", "gw", "sy", "my", "me", "mine"}
# Words of the request itself; what is left (capitalised words first) names the employee.
_REQUEST = set(
    [
        "riwayat",
        "histori",
        "history",
        "akses",
        "access",
        "pengaksesan",
        "log",
        "jejak",
        "audit",
        "trail",
        "siapa",
        "who",
        "yang",
        "yg",
        "saja",
        "aja",
        "sudah",
        "pernah",
        "lihat",
        "melihat",
        "liat",
        "dilihat",
        "buka",
        "membuka",
        "dibuka",
        "akses",
        "mengakses",
        "diakses",
        "data",
        "profil",
        "pegawai",
        "employee",
        "atas",
        "nama",
        "an",
        "a.n.",
        "cek",
        "tolong",
        "mohon",
        "tampilkan",
        "ditampilkan",
        "terhadap",
        "ke",
        "untuk",
        "for",
        "of",
        "the",
        "record",
        "viewed",
        "opened",
        "nip",
        "pak",
        "bu",
        "bapak",
        "ibu",
        "sdr",
        "sdri",
        "saudara",
        "saudari",
        "oleh",
        "di",
        "dari",
        "minggu",
        "bulan",
        "hari",
        "ini",
        "lalu",
        "kemarin",
        "terakhir",
    ]
)


def show(turn: Turn, services: Services, text: str) -> Reply:
    decision = turn.allow(Action.access_history)
    if not decision:
        return turn.refused(decision)
    if services.accountability is None:
        return turn.reply("unavailable", service="riwayat akses")
    ident = turn.identity
    whose = _named(text)
    own = ident.role is Role.asn or (not whose and _about_self(text))
    if ident.pegawai_id is not None and own:
        return _history(turn, services, ident.pegawai_id, own=True)
    if not whose:
        return turn.reply("ask_more", prompt=ASK_WHO)
    hits = services.profiles.find(whose, scope=ident.instansi_ids)
    if not hits:  # nobody, or someone elsewhere (recorded): the same answer
        record_attempt(turn, services, Action.access_history, whose)
        return turn.reply("ask_more", prompt=ASK_WHO)
    if len(hits) > 1:
        return turn.reply(
            "ask_more",
            prompt="Ada beberapa pegawai dengan nama itu. Tulis NIP-nya, misalnya: "
            "riwayat akses NIP 198001012005011001",
        )
    return _history(turn, services, hits[0][0], own=False)


def _history(turn: Turn, services: Services, pegawai_id: int, *, own: bool) -> Reply:
    instansi_id = services.profiles.locate(pegawai_id)
    if instansi_id is None:
        return turn.reply("refused", reason="not_found", guest=False)
    decision = turn.allow(Action.access_history, Target(pegawai=((pegawai_id, instansi_id),)))
    if not decision:
        return turn.refused(decision, hide_existence=True)
    lines = history_lines(turn, services, pegawai_id, instansi_id) or []
    profile = None if own else services.profiles.profile(pegawai_id)
    return turn.reply(
        "access_history",
        personal=True,
        own=own,
        history=lines,
        nama=profile.nama if profile else "",
        nip=_nip(turn, pegawai_id, profile.nip) if profile else "",
    )


def _nip(turn: Turn, pegawai_id: int, nip: str) -> str:
    return nip if sees_full_nip(turn.identity, pegawai_id) else mask_nip(nip)


def _about_self(text: str) -> bool:
    return bool(_SELF & set(re.findall(r"\w+", text.lower())))


def _named(text: str) -> str:
    """The NIP or the name in the request ('' when it names nobody)."""
    nips = nips_in(text)
    if nips:
        return nips[0]
    words = [w.strip("?.,!:;()\"'") for w in text.split()]
    left = [w for w in words if w and w.lower() not in _REQUEST and w.lower() not in _SELF]
    capitalised = [w for w in left if w[0].isupper() and w[1:].islower()]
    return " ".join(capitalised or left)
