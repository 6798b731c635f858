"""Routing through Assistant.handle: questions with buttons, role-aware readings, new flows."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.router.assistant import Assistant
from bot.router.clarify import LABELS
from bot.router.classifier import Router, Thresholds
from bot.router.intents import Intent
from bot.router.training import default_router
from tests.bot.audited import button_token, labels, make_assistant
from tests.bot.support import Chat, World, build_world

ALWAYS_ASK = Thresholds(confident=9.0, margin=9.0, fit=0.05)


@pytest.fixture
def audited(engine: Engine) -> tuple[Assistant, World]:
    """An assistant over the test world that records accesses, with every user bound."""
    world = build_world(engine)
    return make_assistant(world), world


@pytest.fixture
def assistant(audited: tuple[Assistant, World]) -> Assistant:
    return audited[0]


@pytest.fixture
def asking(audited: tuple[Assistant, World]) -> Assistant:
    """The same router, made to ask about every message (its readings are real)."""
    fitted = default_router()
    a = audited[0]
    a.router = Router(fitted.features, fitted.model, ALWAYS_ASK)
    return a


def test_an_asn_asking_where_they_are_in_the_nine_box_gets_their_own_profile(
    audited: tuple[Assistant, World],
) -> None:
    assistant, world = audited
    reply = Chat(assistant, "asn_sari").say("posisi saya di nine box di mana?")
    assert reply.kind == "profile" and world.nips["sari"] in reply.html


def test_a_clarification_button_runs_its_flow_on_the_original_text(asking: Assistant) -> None:
    ppk = Chat(asking, "ppk_bth")
    question = ppk.say("kandidat kepala bidang anggaran")
    assert question.kind == "clarify"
    offered = labels(question)
    assert offered[0] == LABELS[Intent.search_post] and 2 <= len(offered) <= 3
    assert LABELS[Intent.profile] not in offered  # a PPK has no own-profile flow
    found = ppk.press(button_token(question, LABELS[Intent.search_post]))
    assert found.kind == "candidates" and "kepala bidang anggaran" in found.html


def test_an_asn_is_offered_only_flows_their_role_can_use(asking: Assistant) -> None:
    asn = Chat(asking, "asn_sari")
    question = asn.say("posisi saya di nine box di mana?")
    assert question.kind == "clarify"
    assert labels(question)[0] == LABELS[Intent.profile]
    assert LABELS[Intent.talentpool] not in labels(question)
    token = button_token(question, LABELS[Intent.profile])
    assert Chat(asking, "ppk_bth").press(token).kind == "expired_button"  # not theirs
    assert asn.press(token).kind == "profile"


def test_out_of_scope_says_what_talenta_does_for_the_role(assistant: Assistant) -> None:
    reply = Chat(assistant, "ppk_bth").say("resep rendang padang dong")
    assert reply.kind == "out_of_scope"
    assert "/kandidat" in reply.html and "/profil" not in reply.html


@pytest.mark.parametrize("text", ["...", "👍", "?!", "🙏🙏"])
def test_a_message_without_words_gets_help_not_a_question(asking: Assistant, text: str) -> None:
    # Tried by a new user: "..." was asked "Maksudnya yang mana?" with "Bukan semuanya" first.
    reply = Chat(asking, "ppk_bth").say(text)
    assert reply.kind == "help" and "/kandidat" in reply.html


def test_access_history_own_for_an_asn_and_named_or_asked_for_hr(assistant: Assistant) -> None:
    own = Chat(assistant, "asn_sari").say("siapa saja yang sudah melihat data saya?")
    assert own.kind == "access_history" and "Riwayat akses data Anda" in own.html
    hr = Chat(assistant, "hr_bth")
    asked = hr.say("riwayat akses data pegawai")
    assert asked.kind == "ask_more" and "Riwayat akses siapa" in asked.html
    named = hr.say("tolong cek riwayat akses data Sari Wulandari")
    assert named.kind == "access_history" and "Sari Wulandari" in named.html
    prov = Chat(assistant, "hr_prov")
    elsewhere = prov.say("tolong cek riwayat akses data Sari Wulandari")
    nobody = prov.say("tolong cek riwayat akses data Zubaidah Tiadaorang")
    # Sari is not in HR's agency: answered as if nobody had that name (no existence oracle).
    assert (elsewhere.kind, elsewhere.html) == (nobody.kind, nobody.html)
    assert "Sari" not in elsewhere.html


def test_compare_takes_the_numbers_written(assistant: Assistant) -> None:
    hr = Chat(assistant, "hr_bth")
    hr.say("/kandidat pejabat pengganti")  # HR lists are not blind: comparing is offered
    reply = hr.say("tolong bandingkan nomor 1 dan 2")
    assert reply.kind == "compare" and reply.html.count("NIP") == 2
