"""A committee for the tests: an admin, three members and the PPK of Batanghari (BTH).

The world of ``tests/bot/support.py`` gives the PPK, HR and one ``komite`` account; here an
agency admin of BTH and two more members are added. ``komite_dua`` is bound to Tono's own
record, so the records already know a conflict when Tono is on a list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlmodel import Session

from bot.chat import binding
from bot.chat.access import Role
from bot.chat.replies import Inbound, Reply
from bot.router.assistant import Assistant
from tests.bot.support import TG, World

GROUP, SUPERGROUP, OTHER_GROUP = -5001, -1005001, -5002
IDS = {**TG, "admin_bth": 1101, "komite_dua": 1102, "komite_tiga": 1103}
MEMBERS = ("komite_bth", "komite_dua", "komite_tiga", "ppk_bth")


def add_committee_users(world: World) -> dict[str, str]:
    """Create the BTH admin and two more members; their invitation codes by key."""
    codes: dict[str, str] = {}
    with Session(world.engine) as s:
        extra = {
            "admin_bth": dict(role=Role.admin, nama="Operator BKPSDM BTH", instansi_kodes=["BTH"]),
            "komite_dua": dict(
                role=Role.komite, nama="Anggota Dua", instansi_kodes=["BTH"], nip=world.nips["tono"]
            ),
            "komite_tiga": dict(role=Role.komite, nama="Anggota Tiga", instansi_kodes=["BTH"]),
        }
        for key, kwargs in extra.items():
            user = binding.create_user(s, **kwargs)  # type: ignore[arg-type]
            world.users[key] = user.id or 0
            codes[key] = binding.invite(s, user).code
        s.commit()
    return codes


def say(assistant: Assistant, who: str, text: str, *, group: int | None = None) -> list[Reply]:
    """``who`` writes ``text`` in their private chat, or in ``group``."""
    tg = IDS[who]
    return assistant.handle(
        Inbound(
            actor=f"tg:{tg}",
            private=group is None,
            text=text,
            telegram_id=tg,
            chat_id=group if group is not None else tg,
        )
    )


def press(assistant: Assistant, who: str, token: str) -> list[Reply]:
    tg = IDS[who]
    return assistant.handle(
        Inbound(actor=f"tg:{tg}", callback_token=token, telegram_id=tg, chat_id=tg)
    )


def sidang_ref(text: str) -> str:
    m = re.search(r"SK-\d{4}-\d{6}", text)
    assert m, text
    return m.group(0)


def forbidden_in_group(world: World) -> list[str]:
    """What no group message may contain: names, NIPs (whole, head or tail, as a masked NIP
    shows them), post titles and units of the world's employees. Grades are checked against
    the blind rows (:func:`blind_lines`)."""
    out: list[str] = []
    for key in ("budi", "sari", "tono", "dewi", "eka", "fajar", "gita"):
        nip = world.nips[key]
        out += [nip, nip[:8], nip[-6:]]
    out += ["Budi", "Santoso", "Sari", "Wulandari", "Tono", "Dewi", "Eka Putra", "Fajar", "Gita"]
    out += ["Kepala Bidang", "Analis", "Kepala Seksi", "Auditor", "Perencana", "Pranata"]
    out += ["Badan Keuangan", "Sekretariat", "BKD", "SETDA", "NIP"]
    return out


def leaks(texts: Sequence[str], world: World) -> list[str]:
    return [f for t in texts for f in forbidden_in_group(world) if f in t]


def blind_lines(world: World, ranked: Sequence[int]) -> list[str]:
    """The K-lines the group may see for the employees ``ranked`` (K1 first): the blind rows
    of the agency's active employees, each combination shared by at least ``blind.k_min``."""
    from bot.ports.pool_facts import blind_view

    with Session(world.engine) as s:
        view = blind_view(s, [world.ids["BTH"]], list(ranked))
    assert view.smallest_group >= view.k or view.nothing_shown
    lines = []
    for i, row in enumerate(view.rows, start=1):
        parts = []
        if row.golongan:
            parts.append(f"Gol. {row.golongan}")
        if row.jenis:
            parts.append(row.jenis)
        if row.kotak:
            parts.append(f"Kotak {row.kotak}")
        lines.append(f"<b>K{i}</b>: " + (" · ".join(parts) if parts else "rincian disembunyikan"))
    return lines
