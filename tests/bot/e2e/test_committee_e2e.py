"""A sidang komite through the real PTB Application and a fake Bot API: a group chat, three
members and the PPK. Register, add members, open, a known conflict, reveal, a declared
conflict, votes (button + reason, and command), progress in the group, close, the group's
move to a supergroup; and the closing clock. Every message the group gets is checked against
the blind-row rule: no name, NIP, post or unit, and only the blind rows as candidate facts."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.doors.settings import BotSettings
from bot.doors.telegram import build_application, polling
from bot.ports.committee import open_committee_sidang
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from bot.router.groups import CommitteeGroups
from db.audit import AuditLog, AuditSettings, find_document, reopen_shortlist, verify_chain
from db.audit.committee import register_committee
from db.audit.kinds import Actor
from db.models import SidangClose, SidangConflict, SidangVote
from tests.bot.audited import KEY, QUERY
from tests.bot.committee_support import (
    GROUP,
    IDS,
    MEMBERS,
    SUPERGROUP,
    add_committee_users,
    blind_lines,
    leaks,
    sidang_ref,
)
from tests.bot.e2e.fake_bot_api import Call, FakeBotApi
from tests.bot.support import World, build_world, make_services


@dataclass
class Room:
    api: FakeBotApi
    world: World
    codes: dict[str, str]

    async def say(
        self, who: str, text: str, *, group: int | None = None, count: int = 1
    ) -> list[Call]:
        chat = group or IDS[who]
        since = await self.api.user_says(
            IDS[who], text, chat_id=chat, chat_type="group" if group else "private"
        )
        return await self.api.replies_after(chat, since, count=count)

    async def press(self, who: str, sent: Call, label: str) -> list[Call]:
        rows = sent.params["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in rows for b in row if b["text"] == label)
        since = await self.api.user_presses(IDS[who], sent, data)
        return await self.api.replies_after(IDS[who], since)

    def last_private(self, who: str) -> Call:
        return self.api.sent(IDS[who])[-1]


@pytest.fixture
async def room(sqlite_engine: Engine) -> AsyncIterator[Room]:
    world = build_world(sqlite_engine)
    codes = add_committee_users(world)
    api = FakeBotApi()
    base_url = await api.start()
    settings = BotSettings(
        base_url=base_url, base_file_url=base_url, poll_timeout=1, workers=2, sidang_check_s=0.2
    )
    services = make_services(world.engine)
    services.accountability = Accountability(
        audit=AuditLog(world.engine, KEY), settings=AuditSettings(), config_hash="cfg"
    )
    assistant = Assistant(world.engine, services, groups=CommitteeGroups())
    app = build_application("123456:TEST-token", settings, assistant)
    async with polling(app, timeout=1):
        yield Room(api, world, {**world.codes, **codes})
    await api.stop()


def _group_texts(api: FakeBotApi) -> list[str]:
    return [c.params["text"] for g in (GROUP, SUPERGROUP) for c in api.sent(g)]


def _assert_blind(room: Room, shortlist: str) -> None:
    """Every group message: nothing that points at a person; candidate lines exactly the
    blind rows of the list (each combination shared by at least k people)."""
    texts = _group_texts(room.api)
    assert texts and not leaks(texts, room.world)
    with Session(room.world.engine) as s:
        ranked = [
            c.pegawai_id
            for c in sorted(reopen_shortlist(s, shortlist).candidates, key=lambda c: c.rank)
        ]
    allowed = set(blind_lines(room.world, ranked))
    for text in texts:
        for line in text.splitlines():
            if re.match(r"<b>K\d+</b>:", line):
                assert line in allowed, line
            assert "Gol." not in line or line in allowed, line


def _assert_minutes(room: Room, key: str, got: list[Call], ref: str) -> Call:
    """``key`` got the berita acara of ``ref`` in their private chat, protected, as a PDF
    whose SHA-256 is the one its audit entry records."""
    docs = [c for c in got if c.method == "sendDocument"]
    # The XLSX goes alone, under its caption: no empty message before it.
    assert all(c.params["text"].strip() for c in got if c.method == "sendMessage")
    assert any("Berita acara sidang" in c.params.get("text", "") for c in got)
    names = sorted(d.params["document"]["filename"] for d in docs)
    assert names == [f"berita-acara-{ref}.pdf", f"berita-acara-{ref}.xlsx"], names
    for doc in docs:
        assert doc.params["chat_id"] == IDS[key] and doc.params["protect_content"] is True
        match = find_document(room.world.engine, KEY, doc.params["document"]["sha256"])
        assert match is not None and match.payload["sidang_ref"] == ref
        assert match.payload["recipient_account"] == room.world.users[key]
    return next(d for d in docs if d.params["document"]["filename"].endswith(".pdf"))


async def test_a_sidang_komite_in_a_telegram_group(room: Room) -> None:
    world = room.world
    for key in (*MEMBERS, "admin_bth"):
        [bound] = await room.say(key, f"/start {room.codes[key]}")
        assert "berhasil terhubung" in bound.params["text"], key
    [registered] = await room.say("admin_bth", "/komite@talenta_test_bot daftarkan", group=GROUP)
    assert "kini terdaftar" in registered.params["text"]
    for key in MEMBERS:
        [added] = await room.say(
            "admin_bth", f"/komite anggota tambah {world.users[key]}", group=GROUP
        )
        assert "ditambahkan" in added.params["text"]
    [listed] = await room.say("ppk_bth", QUERY)
    shortlist = re.search(r"SL-\d{4}-\d{6}", listed.params["text"])
    assert shortlist is not None

    # Open: codes in the group, details privately (protected) to each member.
    since = await room.api.user_says(
        IDS["ppk_bth"],
        f"/komite sidang {shortlist.group(0)} kuorum 2",
        chat_id=GROUP,
        chat_type="group",
    )
    [opened] = await room.api.replies_after(GROUP, since)
    ref = sidang_ref(opened.params["text"])
    assert (
        "<b>K1</b>:" in opened.params["text"] and opened.params.get("protect_content") is not True
    )
    for key in MEMBERS:
        [private] = await room.api.replies_after(IDS[key], since)
        assert ref in private.params["text"] and private.params["protect_content"] is True
    # The records know komite_dua is Tono, on the list: blind for them before any reveal.
    assert "Konflik tercatat" in room.last_private("komite_dua").params["text"]

    # komite_bth: reveal (recorded), declare a conflict, vote by button with a typed reason.
    [shown] = await room.press("komite_bth", room.last_private("komite_bth"), "Tampilkan identitas")
    assert "Budi &lt;b&gt;&amp; Santoso" in shown.params["text"]
    assert shown.params["protect_content"] is True
    [declared] = await room.say("komite_bth", "/komite konflik K2 saudara sepupu saya")
    assert "tercatat" in declared.params["text"]
    [ask] = await room.press("komite_bth", shown, "K1 layak")
    assert "Tulis alasan" in ask.params["text"]
    since = await room.api.user_says(IDS["komite_bth"], "pengalaman anggaran paling lengkap")
    [voted] = await room.api.replies_after(IDS["komite_bth"], since)
    assert "K1 tercatat: layak diusulkan" in voted.params["text"]
    [progress] = await room.api.replies_after(GROUP, since)
    assert "1 dari 4 anggota" in progress.params["text"]
    [barred] = await room.say("komite_bth", "/komite rekomendasi K2 layak tetap bagus")
    assert "berkonflik dengan K2" in barred.params["text"]

    # komite_dua: reveal (Tono stays blind for them), vote by command.
    [shown_dua] = await room.press(
        "komite_dua", room.last_private("komite_dua"), "Tampilkan identitas"
    )
    assert (
        "Tono" not in shown_dua.params["text"] and "tertutup bagi Anda" in shown_dua.params["text"]
    )
    since = await room.api.user_says(
        IDS["komite_dua"], "/komite rekomendasi K1 pertimbangkan cukup baik"
    )
    [voted_dua] = await room.api.replies_after(IDS["komite_dua"], since)
    assert "tercatat" in voted_dua.params["text"]
    [progress] = await room.api.replies_after(GROUP, since)
    assert "2 dari 4 anggota" in progress.params["text"]
    [status] = await room.say("komite_tiga", "/komite status", group=GROUP)
    assert "2 dari 4 anggota" in status.params["text"]

    # Close by the PPK: the order by codes in the group, a private note to each member.
    since = await room.api.user_says(
        IDS["ppk_bth"], "/komite tutup", chat_id=GROUP, chat_type="group"
    )
    [closed] = await room.api.replies_after(GROUP, since)
    assert "Kuorum terpenuhi" in closed.params["text"] and "1. K1" in closed.params["text"]
    for key in MEMBERS:
        got = await room.api.replies_after(IDS[key], since, count=4)
        assert any(f"{ref} ditutup" in c.params.get("text", "") for c in got)
        _assert_minutes(room, key, got, ref)

    # The PPK's final choice, privately: the berita acara again, now with the choice.
    since = await room.api.user_says(IDS["ppk_bth"], f"/komite pilih {ref} K1")
    got = await room.api.replies_after(IDS["ppk_bth"], since, count=4)
    assert any("Pilihan akhir PPK" in c.params.get("text", "") for c in got)
    final = _assert_minutes(room, "ppk_bth", got, ref)
    match = find_document(world.engine, KEY, final.params["document"]["sha256"])
    assert match is not None and match.intact
    assert match.payload["sidang_ref"] == ref
    for key in MEMBERS:
        _assert_minutes(room, key, await room.api.replies_after(IDS[key], since, count=3), ref)
    [late] = await room.say("komite_tiga", f"/komite rekomendasi {ref} K1 layak terlambat sekali")
    assert "sudah ditutup" in late.params["text"]

    # The group becomes a supergroup: the committee follows, the old id no longer counts.
    await room.api.group_migrates(IDS["admin_bth"], GROUP, SUPERGROUP)
    [moved] = await room.say("komite_tiga", "/komite status", group=SUPERGROUP)
    for _ in range(20):  # the move is handled concurrently with the next update
        if "Tidak ada sidang" in moved.params["text"]:
            break
        [moved] = await room.say("komite_tiga", "/komite status", group=SUPERGROUP)
    assert "Tidak ada sidang" in moved.params["text"]
    [old] = await room.say("komite_tiga", "/komite status", group=GROUP)
    assert "belum terdaftar" in old.params["text"]

    _assert_blind(room, shortlist.group(0))
    assert not [c for g in (GROUP, SUPERGROUP) for c in room.api.sent(g, "sendDocument")]
    with Session(world.engine) as s:
        conflicts = {(c.account_id, c.source) for c in s.exec(select(SidangConflict)).all()}
        votes = s.exec(select(SidangVote)).all()
        outcome = s.exec(select(SidangClose)).one()
    assert conflicts == {
        (world.users["komite_dua"], "tercatat"),
        (world.users["komite_bth"], "dinyatakan"),
    }
    assert len(votes) == 2 and outcome.outcome == "kuorum"
    assert outcome.result["urutan"] == [["K1"]]
    assert verify_chain(world.engine, KEY).ok


async def test_the_clock_closes_a_sidang_at_its_closing_time(room: Room) -> None:
    world = room.world
    [bound] = await room.say("ppk_bth", f"/start {room.codes['ppk_bth']}")
    assert "berhasil terhubung" in bound.params["text"]
    [listed] = await room.say("ppk_bth", QUERY)
    shortlist = re.search(r"SL-\d{4}-\d{6}", listed.params["text"])
    assert shortlist is not None
    audit = AuditLog(world.engine, KEY)
    admin = Actor.account(world.users["admin_bth"], "admin", "BTH")
    cid = register_committee(
        audit,
        actor=admin,
        instansi_id=world.ids["BTH"],
        chat_id=GROUP,
        title="Komite",
        members=[(world.users["ppk_bth"], "ppk")],
    )
    since = datetime.now(UTC)
    with Session(world.engine) as s:
        open_committee_sidang(
            s,
            audit,
            actor=admin,
            committee_id=cid,
            shortlist_ref=shortlist.group(0),
            quorum=1,
            closes_at=since - timedelta(seconds=1),
        )
    [closed] = await room.api.replies_after(GROUP, 0.0, timeout=5)
    assert "otomatis pada waktu tutup" in closed.params["text"]
    assert "Tanpa kuorum" in closed.params["text"]
    got = await room.api.replies_after(IDS["ppk_bth"], closed.at, count=4)
    assert any("ditutup" in c.params.get("text", "") for c in got)
    _assert_minutes(room, "ppk_bth", got, sidang_ref(closed.params["text"]))
    assert not room.api.sent(GROUP, "sendDocument")
    _assert_blind(room, shortlist.group(0))
