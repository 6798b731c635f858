"""The committee attacks through the real handlers: an ``Assistant`` with the committee's group
gate (``CommitteeGroups``), real ``/komite`` commands and real button presses, as Telegram
delivers them. Each vector is tried at least five times; after every try nothing was recorded
(committee, member, sidang, conflict, vote and closing rows unchanged, the audit chain intact)
and no reply, button, attachment or log line carries a candidate's name or NIP.

The port-level tries of the same vectors are in ``test_committee_attacks.py``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat.replies import Reply
from bot.router.assistant import Assistant
from bot.router.groups import CommitteeGroups
from db.audit import verify_chain
from db.models import (
    Committee,
    CommitteeMember,
    Pegawai,
    Sidang,
    SidangClose,
    SidangConflict,
    SidangVote,
)
from tests.bot.audited import KEY, QUERY, button_token, make_assistant, ref_of
from tests.bot.committee_support import (
    GROUP,
    IDS,
    MEMBERS,
    OTHER_GROUP,
    add_committee_users,
    leaks,
    press,
    say,
    sidang_ref,
)
from tests.bot.support import World, build_world
from tests.security.conftest import TRIES
from tests.security.leaks import Sentinels, in_logs, in_reply

TABLES = (Committee, CommitteeMember, Sidang, SidangConflict, SidangVote, SidangClose)
OUTSIDERS = ("stranger", "hr_prov", "inspector", "asn_sari", "admin_prov")


@dataclass
class Room:
    world: World
    assistant: Assistant
    sk: str
    shortlist: str
    private: dict[str, Reply]  # each member's private sidang message (with its buttons)
    sentinels: Sentinels


@pytest.fixture
def room(engine: Engine) -> Room:
    """A registered BTH committee (three members and the PPK) with an open sidang; komite_bth
    has revealed and so holds the vote buttons."""
    world = build_world(engine)
    assistant = make_assistant(world)
    assistant.groups = CommitteeGroups()
    for key, code in add_committee_users(world).items():
        [bound] = say(assistant, key, f"/start {code}")
        assert bound.kind == "bound", bound.html
    [done] = say(assistant, "admin_bth", "/komite daftarkan", group=GROUP)
    assert "kini terdaftar" in done.html
    for key in MEMBERS:
        say(assistant, "admin_bth", f"/komite anggota tambah {world.users[key]}", group=GROUP)
    [listed] = say(assistant, "ppk_bth", QUERY)
    shortlist = ref_of(listed)
    opened = say(assistant, "ppk_bth", f"/komite sidang {shortlist} kuorum 1", group=GROUP)
    sk = sidang_ref(opened[0].html)
    private = {k: next(r for r in opened[1:] if r.chat_id == _tg(k)) for k in MEMBERS}
    [shown] = press(
        assistant, "komite_bth", button_token(private["komite_bth"], "Tampilkan identitas")
    )
    assert shown.kind == "sidang_revealed", shown.html
    private["komite_bth"] = shown
    with Session(engine) as s:
        people = s.exec(select(Pegawai)).all()
    sentinels = Sentinels([p.nama for p in people], [p.nip for p in people])
    return Room(world, assistant, sk, shortlist, private, sentinels)


def _tg(key: str) -> int:
    return IDS[key]


def _rows(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as s:
        return tuple(len(s.exec(select(t)).all()) for t in TABLES)


def _text(r: Room, text: str) -> str:
    """``{sl}`` and ``{sk}`` in a try's text are this room's shortlist and sidang refs."""
    return text.replace("{sl}", r.shortlist).replace("{sk}", r.sk)


def _group(who: str, text: str, chat: int = GROUP) -> Callable[[Room], list[Reply]]:
    return lambda r: say(r.assistant, who, _text(r, text), group=chat)


def _private(who: str, text: str) -> Callable[[Room], list[Reply]]:
    return lambda r: say(r.assistant, who, _text(r, text))


def _press_as(who: str, owner: str, label: str) -> Callable[[Room], list[Reply]]:
    """``who`` presses the button ``label`` of ``owner``'s private sidang message, then types
    a reason (what a vote button asks for next)."""

    def attempt(r: Room) -> list[Reply]:
        out = press(r.assistant, who, button_token(r.private[owner], label))
        return out + say(r.assistant, who, "alasan yang cukup panjang untuk dicatat")

    return attempt


def _press_token(who: str, make: Callable[[Room], str]) -> Callable[[Room], list[Reply]]:
    def attempt(r: Room) -> list[Reply]:
        out = press(r.assistant, who, make(r))
        return out + say(r.assistant, who, "alasan yang cukup panjang untuk dicatat")

    return attempt


def _mutated(label: str) -> Callable[[Room], str]:
    def make(r: Room) -> str:
        token = button_token(r.private["komite_bth"], label)
        flipped = "A" if token[-1] != "A" else "B"
        return token[:-1] + flipped

    return make


def _remove_tiga(r: Room) -> None:
    [out] = say(
        r.assistant,
        "admin_bth",
        f"/komite anggota hapus {r.world.users['komite_tiga']}",
        group=GROUP,
    )
    assert "dikeluarkan" in out.html or "dihapus" in out.html, out.html


def _close(r: Room) -> None:
    say(r.assistant, "komite_bth", "/komite rekomendasi K1 layak paling sesuai untuk jabatan")
    closed = say(r.assistant, "ppk_bth", "/komite tutup", group=GROUP)
    assert "ditutup" in closed[0].html, closed[0].html


VOTE = "/komite rekomendasi K1 layak sangat sesuai dengan jabatan"
Try = Callable[[Room], list[Reply]]

# vector -> (setup, tries); the tally counts them under the committee column
VECTORS: dict[str, tuple[Callable[[Room], None] | None, list[Try]]] = {
    "bukan_anggota": (
        None,
        [_group(w, "/komite tutup") for w in OUTSIDERS]
        + [_group(w, "/komite sidang {sl}") for w in OUTSIDERS[:2]]
        + [_group(w, "/komite anggota tambah 1") for w in OUTSIDERS]
        + [_private(w, VOTE) for w in OUTSIDERS]
        + [_group("hr_prov", t) for t in ("/komite status", "/talentpool", QUERY, "/profil")],
    ),
    "instansi_lain": (
        None,
        [
            _group("ppk_krc", "/komite status"),
            _group("ppk_krc", "/komite tutup"),
            _group("ppk_krc", "/komite anggota tambah 1"),
            _private("ppk_krc", VOTE),
            _private("ppk_krc", "/komite konflik K1 saudara kandung"),
            _private("ppk_krc", "/komite pilih {sk} K1"),
        ],
    ),
    "anggota_dikeluarkan": (
        _remove_tiga,
        [
            _private("komite_tiga", VOTE),
            _private("komite_tiga", "/komite rekomendasi {sk} K2 tidak kurang pengalaman"),
            _private("komite_tiga", "/komite konflik K1 rekan satu unit dulu"),
            _group("komite_tiga", "/komite status"),
            _press_as("komite_tiga", "komite_tiga", "Tampilkan identitas"),
            _press_as("komite_tiga", "komite_bth", "K1 layak"),
        ],
    ),
    "callback_palsu": (
        None,
        [
            _press_as("komite_tiga", "komite_bth", "K1 layak"),  # another member's button
            _press_as("komite_dua", "komite_bth", "K2 tidak"),
            _press_as("stranger", "komite_bth", "K1 layak"),
            _press_as("ppk_krc", "komite_bth", "K1 layak"),
            _press_token("komite_bth", _mutated("K1 layak")),  # a tampered token
            _press_token("komite_bth", lambda r: secrets.token_urlsafe(16)),  # an invented one
            _press_token("komite_tiga", lambda r: "sidang:" + r.sk + ":K1:layak"),
        ],
    ),
    "ulang_setelah_tutup": (
        _close,
        [
            _private("komite_bth", VOTE),
            _private("komite_dua", "/komite rekomendasi {sk} K1 tidak terlambat sekali"),
            _private("komite_bth", "/komite konflik K2 saudara sepupu saya"),
            _press_as("komite_bth", "komite_bth", "K2 layak"),  # a vote button replayed
            _press_as("komite_tiga", "komite_tiga", "Tampilkan identitas"),
            _group("ppk_bth", "/komite tutup"),
        ],
    ),
    "grup_kedua": (
        None,
        [
            _group(w, t, OTHER_GROUP)
            for w, t in [
                ("ppk_bth", "/komite sidang {sl}"),
                ("ppk_bth", "/komite tutup"),
                ("komite_bth", "/komite status"),
                ("admin_bth", "/komite anggota tambah 1"),
                ("komite_bth", "/talentpool"),
                ("stranger", "/komite daftarkan"),
            ]
        ],
    ),
}


@pytest.mark.parametrize("vector", sorted(VECTORS))
def test_no_committee_attack_through_the_handlers_succeeds_or_leaks(
    engine: Engine, room: Room, vector: str, caplog: pytest.LogCaptureFixture
) -> None:
    setup, tries = VECTORS[vector]
    if setup is not None:
        setup(room)
    assert len(tries) >= 5
    before = _rows(engine)
    with caplog.at_level(logging.DEBUG):
        for attempt in tries:
            replies = attempt(room)
            assert replies, vector
            for reply in replies:
                assert not in_reply(room.sentinels, reply), (vector, reply.html)
                if reply.chat_id is not None and reply.chat_id < 0:
                    assert not leaks([reply.html], room.world), (vector, reply.html)
                assert reply.attachment is None, (vector, reply.kind)
            assert _rows(engine) == before, (vector, [r.html for r in replies])
            TRIES[(f"{vector} (penangan)", "komite")] += 1
    assert not in_logs(room.sentinels, caplog.records), vector
    assert verify_chain(engine, KEY).ok


@pytest.mark.parametrize(
    "attempt",
    [
        _press_as("komite_bth", "komite_bth", "K1 layak"),
        _private("komite_bth", VOTE),
        _private("komite_bth", "/komite konflik K2 saudara sepupu saya"),
    ],
)
def test_control_the_same_tries_by_the_member_do_record(
    engine: Engine, room: Room, attempt: Try
) -> None:
    """The tries above are refused for who makes them, not because they cannot work: made by
    the member who holds the buttons, the same steps record a vote or a conflict."""
    before = _rows(engine)
    replies = attempt(room)
    assert _rows(engine) != before, [r.html for r in replies]
