"""One-word answers to the last question: "batal" ends every wait and records nothing, "ya"
confirms a choice only right after "Catat pilihan ini?", otherwise it is acknowledged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat.callbacks import recall, remember
from bot.flows.short_replies import Short, short_reply
from bot.flows.shortlists.lifecycle import CONFIRM
from db.audit import reopen_shortlist
from db.clock import now_wib
from tests.bot.audited import QUERY, button_token, make_assistant, ref_of
from tests.bot.support import TG, Chat, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def chosen(world: World, ref: str) -> int | None:
    with Session(world.engine) as s:
        return reopen_shortlist(s, ref).chosen_pegawai_id


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("batal", Short.cancel),
        ("Gak jadi deh pak", Short.cancel),
        ("tidak jadi!", Short.cancel),
        ("ya", Short.yes),
        ("Oke, catat", Short.yes),
        ("oke, cari kabid aset", None),  # a request of its own
        ("ya catat", Short.yes),
        ("ya kabid anggaran", None),
        ("batal jadi kabid", None),
        ("tidak jadi dimutasi, apa aturannya?", None),
    ],
)
def test_only_a_bare_answer_word_is_read_as_one(text: str, short: Short | None) -> None:
    assert short_reply(text) is short


def test_a_typed_yes_confirms_the_choice_just_asked_about(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    ref = ref_of(ppk.say(QUERY))
    assert ppk.press(button_token(ppk.last[-1], "Pilih 2")).kind == "choice_confirm"
    done = ppk.say("ya")
    assert done.kind == "choice_recorded" and chosen(world, ref) == world.ids["sari"]


def test_batal_records_nothing_and_a_later_yes_is_only_acknowledged(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)
    ppk.press(button_token(first, "Pilih 2"))
    assert ppk.say("gak jadi").kind == "wait_cancelled"
    assert "dibatalkan" in ppk.last[-1].html
    assert ppk.say("ya").kind == "acknowledged"
    assert chosen(world, ref) is None
    # A reason awaited (rank 5) is cancelled the same way; a later text records nothing.
    assert ppk.press(button_token(first, "Pilih 5")).kind == "choice_reason"
    assert ppk.say("batal").kind == "wait_cancelled"
    assert ppk.say("Pengalaman lima tahun mengelola anggaran pendapatan daerah.").kind != (
        "choice_recorded"
    )
    assert chosen(world, ref) is None
    # With nothing awaited, "batal" says so.
    assert "Tidak ada yang sedang menunggu" in ppk.say("batal").html


def test_a_late_yes_confirms_nothing(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    first = ppk.say(QUERY)
    ppk.press(button_token(first, "Pilih 1"))
    actor = f"tg:{TG['ppk_bth']}"
    with Session(world.engine) as s:
        asked = recall(s, actor, CONFIRM)
        assert asked is not None
        late = (now_wib() - timedelta(minutes=20)).isoformat()
        remember(s, actor, CONFIRM, {**asked, "at": late})
        s.commit()
    assert ppk.say("ya").kind == "acknowledged"
    assert chosen(world, ref_of(first)) is None


def test_a_reason_is_shown_back_and_a_later_pick_ends_the_wait_for_it(world: World) -> None:
    ppk = Chat(make_assistant(world), "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)
    assert ppk.press(button_token(first, "Pilih 5")).kind == "choice_reason"
    # Another pick ends the wait: a later sentence is not rank 5's reason.
    assert ppk.press(button_token(first, "Pilih 2")).kind == "choice_confirm"
    ppk.say("oke nomor dua itu saja, catat ya")
    assert chosen(world, ref) is None
    # A message typed while a reason is awaited is shown back, never recorded at once.
    assert ppk.say("pilih yang kelima").kind == "choice_reason"
    shown = ppk.say("tolong tampilkan identitasnya")
    assert shown.kind == "choice_confirm" and "tampilkan identitasnya" in shown.html
    assert chosen(world, ref) is None
    assert ppk.press(button_token(shown, "Batal")).kind == "choice_cancelled"
    # The reason confirmed by the button is the one recorded.
    assert ppk.press(button_token(first, "Pilih 5")).kind == "choice_reason"
    reason = "Pengalaman lima tahun mengelola anggaran pendapatan daerah."
    done = ppk.press(button_token(ppk.say(reason), "Ya, catat pilihan"))
    assert done.kind == "choice_recorded"
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert view.chosen_pegawai_id == world.ids["eka"] and view.choice_reason == reason


def test_a_yes_while_a_reason_is_awaited_asks_for_the_reason_again(world: World) -> None:
    # Tried by a new user: "ya" after "Pilih 5" was acknowledged ("Baik. Ketik pertanyaan
    # berikutnya") while the reason was still awaited, so the next question became the reason.
    ppk = Chat(make_assistant(world), "ppk_bth")
    first = ppk.say(QUERY)
    assert ppk.press(button_token(first, "Pilih 5")).kind == "choice_reason"
    again = ppk.say("ya")
    assert again.kind == "choice_refused", again.html  # "Pilihan belum dicatat. Tuliskan…"
    assert "alasan" in again.html and "batal" in again.html
    # A longer yes is no reason either (it would have been shown back as one).
    assert ppk.say("Ya, catat pilihan Pak").kind == "choice_refused"
    reason = "Pengalaman lima tahun mengelola anggaran pendapatan daerah."
    assert ppk.say(reason).kind == "choice_confirm"
    assert chosen(world, ref_of(first)) is None
