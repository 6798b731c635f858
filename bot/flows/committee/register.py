"""Setting a committee up in its group: ``/komite daftarkan`` and ``/komite anggota …``.

An agency admin registers the group the command is typed in, then adds or removes members by
their account number: ``/komite anggota tambah`` alone lists the agency's active accounts with
the ``komite`` or ``ppk`` role that are not members yet, to pick from. Each step is an audit
entry (``db/audit/committee.py``). Members are named in the group by account number and role
only.
"""

from __future__ import annotations

from bot.chat.access import Role
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.committee.common import (
    MEMBER_ROLES,
    acts_for,
    audit_of,
    group_member,
    note,
    open_sidang_of,
    refusal,
)
from bot.ports.committee import account_agencies, committee_of_chat, eligible_accounts
from bot.ports.services import Services
from db.audit.committee import change_member, members_now, register_committee
from db.models import BotUser, Committee
from db.queries.org import instansi_codes

ROLE_NAME = {"komite": "anggota komite", "ppk": "PPK"}
USAGE = "Format: /komite anggota tambah <ID pengguna> atau /komite anggota hapus <ID pengguna>."


def register_group(turn: Turn, services: Services, args: str) -> Reply:
    """``/komite daftarkan [kode instansi] [nama]`` in the group to be the committee's."""
    audit = audit_of(services)
    if audit is None:
        return turn.reply("unavailable", service="catatan komite")
    chat_id = turn.inbound.chat_id
    if turn.inbound.private or chat_id is None:
        return note(turn, "Ketik /komite daftarkan di grup Telegram komite, bukan di chat pribadi.")
    ident = turn.identity
    if ident.role is not Role.admin or not ident.is_bound:
        return note(turn, "Hanya admin instansi yang dapat mendaftarkan grup komite.")
    if committee_of_chat(turn.session, chat_id) is not None:
        return note(turn, "Grup ini sudah terdaftar sebagai grup komite.")
    codes = instansi_codes(session=turn.session, ids=ident.instansi_ids)
    first, _, rest = args.strip().partition(" ")
    by_code = {k.upper(): i for i, k in codes.items()}
    if first.upper() in by_code:
        instansi_id, title = by_code[first.upper()], rest.strip()
    elif len(codes) == 1:
        instansi_id, title = next(iter(codes)), args.strip()
    else:
        listed = ", ".join(sorted(by_code))
        return note(turn, f"Sebutkan kode instansinya: /komite daftarkan <kode> ({listed}).")
    title = title or f"Komite Talenta {codes[instansi_id]}"
    turn.session.commit()  # the audit writer takes the write lock
    register_committee(
        audit,
        actor=turn.audit_actor(),
        instansi_id=instansi_id,
        chat_id=chat_id,
        title=title,
        members=[],
    )
    return note(
        turn,
        f"Grup ini kini terdaftar sebagai {title}. Tambahkan anggota dengan "
        "/komite anggota tambah <ID pengguna>; ketik /komite anggota tambah saja untuk melihat "
        "akun komite dan PPK instansi ini yang dapat dipilih.",
    )


def members(turn: Turn, services: Services, args: str) -> Reply:
    """``/komite anggota`` (the list), ``… tambah <ID>``, ``… hapus <ID>``: the agency admin,
    in the committee's group."""
    audit = audit_of(services)
    if audit is None:
        return turn.reply("unavailable", service="catatan komite")
    chat_id = turn.inbound.chat_id
    cid = (
        None
        if turn.inbound.private or chat_id is None
        else committee_of_chat(turn.session, chat_id)
    )
    if cid is None:
        return note(turn, "Perintah anggota hanya berlaku di grup komite yang terdaftar.")
    word, _, who = args.strip().partition(" ")
    committee = acts_for(turn, cid)
    if not word:  # the list: the agency's admin or a member
        if turn.identity.role is Role.admin and committee is not None:
            return _listing(turn, cid)
        decision = group_member(turn)
        return _listing(turn, cid) if decision else refusal(turn, decision)
    if turn.identity.role is not Role.admin or committee is None:
        return note(turn, "Hanya admin instansi komite ini yang dapat mengubah anggota.")
    action = {"tambah": "add", "hapus": "remove"}.get(word.lower())
    if action == "add" and not who.strip():
        return _pickable(turn, committee)
    if action is None or not who.strip().isdigit():
        return note(turn, USAGE)
    account_id = int(who.strip())
    current = members_now(turn.session, cid)
    if action == "add":
        role = _eligible_role(turn, committee, account_id)
        if role is None:
            return note(
                turn,
                f"Akun {account_id} tidak dapat ditambahkan: harus akun aktif instansi ini "
                "yang berperan komite atau PPK.",
            )
        if account_id in current:
            return note(turn, f"Akun {account_id} sudah menjadi anggota.")
    else:
        if account_id not in current:
            return note(turn, f"Akun {account_id} bukan anggota komite ini.")
        role = current[account_id]
    turn.session.commit()
    change_member(
        audit,
        actor=turn.audit_actor(),
        committee_id=cid,
        account_id=account_id,
        role=role,
        action=action,
    )
    count = len(members_now(turn.session, cid))
    if action == "add":
        return note(turn, f"Akun {account_id} ({ROLE_NAME[role]}) ditambahkan. Anggota: {count}.")
    text = f"Akun {account_id} dikeluarkan dari komite. Anggota: {count}."
    sidang = open_sidang_of(turn.session, cid)
    if sidang is not None and account_id in sidang.members:
        text += (
            f" Rekomendasinya di sidang {sidang.ref} tidak dihitung, dan ia tidak dapat lagi "
            "bertindak di sidang itu."
        )
    return note(turn, text)


def _eligible_role(turn: Turn, committee: Committee, account_id: int) -> str | None:
    """The account's role when it may sit on the committee: active, of its agency,
    ``komite`` or ``ppk``."""
    user = turn.session.get(BotUser, account_id)
    if user is None or user.revoked_at is not None or user.role not in MEMBER_ROLES:
        return None
    agencies = account_agencies(turn.session, account_id)
    return user.role if committee.instansi_id in agencies else None


def _pickable(turn: Turn, committee: Committee) -> Reply:
    """The agency's active ``komite`` and PPK accounts not yet members, to pick from (by
    account number and role: no names in a group)."""
    assert committee.id is not None
    current = members_now(turn.session, committee.id)
    roles = sorted(str(r) for r in MEMBER_ROLES)
    free = {
        a: r
        for a, r in eligible_accounts(turn.session, committee.instansi_id, roles).items()
        if a not in current
    }
    if not free:
        return note(
            turn,
            "Tidak ada akun komite atau PPK instansi ini yang belum menjadi anggota. Akun baru "
            "dibuat operator dengan `talenta users invite`.",
        )
    lines = ", ".join(f"{a} ({ROLE_NAME.get(r, r)})" for a, r in sorted(free.items()))
    return note(
        turn,
        f"Akun yang dapat ditambahkan: {lines}. Ketik /komite anggota tambah <ID> untuk setiap "
        "akun yang dipilih.",
    )


def _listing(turn: Turn, committee_id: int) -> Reply:
    now = members_now(turn.session, committee_id)
    if not now:
        return note(turn, "Komite ini belum punya anggota.")
    lines = ", ".join(f"akun {a} ({ROLE_NAME.get(r, r)})" for a, r in sorted(now.items()))
    return note(turn, f"Anggota komite ({len(now)}): {lines}.")
