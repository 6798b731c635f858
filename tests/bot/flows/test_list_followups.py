"""Typed follow-ups on the last list ("lanjut", "detail 2", "pilih nomor 2", "tampilkan
identitas"): read as the button they stand for, checked again like it, on the real assistant
with SQLite/PostgreSQL, a plain list and a recorded blind-first one."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import binding
from bot.chat.access import Identity, Role
from bot.chat.last_list import last_list
from bot.chat.numbers import picked_number
from bot.chat.render import Renderer
from bot.chat.replies import Inbound, Reply
from bot.chat.turn import Turn
from bot.flows.people.candidates import _await_reply
from bot.router.assistant import Assistant
from db.audit import AuditKind, reopen_shortlist
from db.clock import today_wib
from db.models import Pegawai
from tests.bot.audited import QUERY, button_token, exported, make_assistant, ref_of
from tests.bot.support import TG, Chat, World, bind_all, build_world, make_services

# QUERY lists every Batanghari employee by id: seven people, two pages of five.
BTH_ORDER = ("budi", "sari", "tono", "dewi", "eka", "fajar", "gita")


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def plain(world: World) -> Assistant:
    """Lists shown as they are (no audit): identities from the start."""
    a = Assistant(world.engine, make_services(world.engine))
    bind_all(a, world, *world.codes)
    return a


def _name(world: World, key: str) -> str:
    with Session(world.engine) as s:
        p = s.get(Pegawai, world.ids[key])
        assert p is not None
        return html.escape(p.nama, quote=False)


def test_pages_are_turned_by_typing(plain: Assistant, world: World) -> None:
    hr = Chat(plain, "hr_bth")
    assert "Halaman 1 dari 2" in hr.say(QUERY).html
    second = hr.say("lanjut dong")
    assert second.kind == "candidates" and "Halaman 2 dari 2" in second.html
    assert _name(world, "fajar") in second.html and _name(world, "budi") not in second.html
    last = hr.say("berikutnya")
    assert last.kind == "last_list" and "halaman terakhir" in last.html
    back = hr.say("halaman sebelumnya")
    assert back.kind == "candidates" and "Halaman 1 dari 2" in back.html
    assert hr.say("halaman 2").kind == "candidates"
    assert "hanya 2 halaman" in hr.say("hal 7").html
    assert "hanya 2 halaman" in hr.say("halaman 0").html


def test_detail_by_number_or_ordinal_opens_that_rank(plain: Assistant, world: World) -> None:
    hr = Chat(plain, "hr_bth")
    hr.say(QUERY)
    second = hr.say("detail 2")
    assert second.kind == "candidate_detail" and _name(world, "sari") in second.html
    third = hr.say("tolong lihat yang ketiga ya")
    assert third.kind == "candidate_detail" and _name(world, "tono") in third.html
    assert hr.say("Detail no.4").kind == "candidate_detail"
    # Rank 7 is on page 2, not on the page shown: no one else is opened in its place.
    missing = hr.say("detail 7")
    assert missing.kind == "last_list" and "Nomor 7 tidak ada" in missing.html
    assert "lanjut" in missing.html
    hr.say("lanjut")
    assert _name(world, "gita") in hr.say("detail 7").html
    back = hr.say("detail 2")  # now on page 2: the way back is named
    assert back.kind == "last_list" and "sebelumnya" in back.html and "lanjut" not in back.html


def test_longer_or_other_messages_are_not_follow_ups(plain: Assistant) -> None:
    hr = Chat(plain, "hr_bth")
    hr.say(QUERY)
    assert hr.say("kembali").kind != "candidates"  # the first page has no page before it
    longer = hr.say("lanjut cari kepala bidang anggaran lagi ya")
    assert "Halaman 2 dari 2" not in longer.html and longer.kind != "last_list"
    other = hr.say("berapa lama harus menjabat sebelum dimutasi?")
    assert other.kind not in ("candidates", "last_list", "candidate_detail")


def test_without_a_list_nothing_is_turned_or_opened(plain: Assistant) -> None:
    hr = Chat(plain, "hr_bth")
    for text in ("lanjut", "detail 2", "pilih nomor 2"):
        assert hr.say(text).kind not in ("candidates", "candidate_detail", "choice_confirm")


def test_a_blind_list_opens_no_one_until_revealed(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)
    for asked in ("detail 2", "bandingkan nomor 1 dan 2"):
        blind = ppk.say(asked)
        assert blind.kind == "last_list" and "masih tanpa identitas" in blind.html, asked
        assert not blind.personal_data
    shown = ppk.say("tampilkan identitas")
    assert shown.kind == "candidates" and _name(world, "budi") in shown.html
    kinds = [e["kind"] for e in exported(world.engine)]
    assert AuditKind.REVEAL.value in kinds  # typed, the reveal is recorded like the button's
    assert _name(world, "sari") in ppk.say("detail 2").html
    compared = ppk.say("bandingkan 1 dan 2")
    assert compared.kind == "compare"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None


def test_a_typed_choice_is_confirmed_before_it_is_recorded(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    ref = ref_of(ppk.say(QUERY))
    ask = ppk.say("saya pilih nomor 2")  # blind: the rank is enough to name the pick
    assert ask.kind == "choice_confirm" and "Kandidat peringkat 2" in ask.html
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None
    done = ppk.press(button_token(ask, "Ya, catat pilihan"))
    assert done.kind == "choice_recorded"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id == world.ids[BTH_ORDER[1]]
    # Outside the top three a typed choice asks for the reason, as the button does.
    ppk.say(QUERY)
    assert ppk.say("pilih yang kelima").kind == "choice_reason"


def test_the_confirmation_names_no_one_another_asker_revealed(world: World) -> None:
    """A second PPK of the agency opens a list the first one revealed: to them it is still
    blind, and the question before recording a choice names no one either."""
    assistant = make_assistant(world)
    first = Chat(assistant, "ppk_bth")
    listed = first.say(QUERY)
    ref = ref_of(listed)
    first.press(button_token(listed, "Tampilkan identitas"))
    with Session(world.engine) as s:
        deputy = binding.create_user(
            s,
            role=Role.ppk,
            nama="Wakil Bupati Batanghari",
            instansi_kodes=["BTH"],
            masa_jabatan_akhir=today_wib() + timedelta(days=365),
        )
        code = binding.invite(s, deputy).code
        s.commit()

    def say(text: str) -> Reply:
        return assistant.handle(Inbound(actor="tg:1501", text=text, telegram_id=1501))[-1]

    assert say(f"/start {code}").kind == "bound"
    reopened = say(f"/daftar {ref}")
    ask = assistant.handle(
        Inbound(actor="tg:1501", callback_token=button_token(reopened, "Pilih 2"), telegram_id=1501)
    )[-1]
    assert ask.kind == "choice_confirm" and "Kandidat peringkat 2" in ask.html
    assert _name(world, "sari") not in ask.html and not ask.personal_data


def test_typed_follow_ups_refer_to_the_list_reopened_last(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    older = ref_of(ppk.say(QUERY))
    newer = ref_of(ppk.say(QUERY))
    assert older != newer
    ppk.say(f"/daftar {older}")
    ask = ppk.say("pilih 1")
    assert ask.kind == "choice_confirm" and older in ask.html


def test_a_question_on_screen_leaves_no_list_to_follow_up(plain: Assistant, world: World) -> None:
    hr = Chat(plain, "hr_bth")
    hr.say(QUERY)
    actor = f"tg:{TG['hr_bth']}"
    with Session(world.engine) as s:
        assert last_list(s, actor) is not None
        _await_reply(
            Turn(Identity(role=Role.hr, actor=actor), Inbound(actor=actor, text=""), s, Renderer()),
            "sekdis",
            None,
        )
        s.commit()
    with Session(world.engine) as s:
        assert last_list(s, actor) is None  # "pilih nomor 2" now answers the question
    assert [picked_number(t) for t in ("2", "nomor 2", "pilih nomor 2", "yang kedua", "no.3")] == [
        2,
        2,
        2,
        2,
        3,
    ]
    assert picked_number("kabid 2") is None
