"""No existence oracle: someone of another agency, and another agency's shortlist reference,
get byte for byte the reply of someone or something that does not exist."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import callbacks
from bot.chat.presses import DocumentPress, SpreadsheetPress
from bot.chat.replies import Reply
from bot.router.assistant import Assistant
from tests.bot.audited import make_assistant, ref_of
from tests.bot.support import TG, Chat, World, build_world

NOBODY_NIP = "197001012000011999"


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def same(a: Reply, b: Reply) -> None:
    assert (a.kind, a.html, a.buttons, a.attachment) == (b.kind, b.html, b.buttons, b.attachment)


@pytest.mark.parametrize("who", ["ppk_bth", "hr_bth", "komite_bth", "admin_prov"])
def test_someone_of_another_agency_looks_like_nobody(
    assistant: Assistant, world: World, who: str
) -> None:
    chat = Chat(assistant, who)
    other = "rina" if who != "admin_prov" else "budi"
    n = world.nips[other]
    same(chat.say(f"/profil {n}"), chat.say(f"/profil {NOBODY_NIP}"))
    same(chat.say(f"/profil {n[:8]} {n[8:14]} {n[14]} {n[15:]}"), chat.say(f"/profil {NOBODY_NIP}"))
    name = "Rina Kerinci" if other == "rina" else "Budi Santoso"
    same(chat.say(f"/profil {name}"), chat.say("/profil Zubaidah Tiadaorang"))


def test_an_asn_gets_one_answer_for_anyone_but_themselves(
    assistant: Assistant, world: World
) -> None:
    asn = Chat(assistant, "asn_sari")
    nobody = asn.say("/profil Zubaidah Tiadaorang")
    same(asn.say("/profil Budi Santoso"), nobody)  # a colleague of the same agency
    same(asn.say("/profil Rina Kerinci"), nobody)  # someone of another agency
    same(asn.say(f"/profil {world.nips['tono']}"), asn.say(f"/profil {NOBODY_NIP}"))


def test_another_agencys_shortlist_reference_looks_like_none(
    assistant: Assistant, world: World
) -> None:
    theirs = ref_of(Chat(assistant, "ppk_krc").say("/kandidat pejabat pengganti"))
    year = theirs.split("-")[1]
    for who in ("ppk_bth", "hr_bth", "komite_bth"):
        chat = Chat(assistant, who)
        same(chat.say(f"/daftar {theirs}"), chat.say(f"/daftar SL-{year}-999999"))
        same(chat.say(f"/daftar {theirs} pilih 1"), chat.say(f"/daftar SL-{year}-999998 pilih 1"))


def _forged_press(world: World, who: str, press: DocumentPress | SpreadsheetPress) -> str:
    """A document button carrying any reference, as a tampered client would send it."""
    with Session(world.engine) as s:
        [token] = callbacks.store_many(s, f"tg:{TG[who]}", [(press.kind, press.pack())])
        s.commit()
    return token


@pytest.mark.parametrize("who", ["ppk_bth", "komite_bth"])
def test_another_agencys_document_looks_like_a_missing_reference(
    assistant: Assistant, world: World, who: str
) -> None:
    """PDF and XLSX of a shortlist open the record with the list's own check: another
    agency's reference, typed or in a forged button, is answered as a missing one."""
    theirs = ref_of(Chat(assistant, "ppk_krc").say("/kandidat pejabat pengganti"))
    missing = f"SL-{theirs.split('-')[1]}-999997"
    chat = Chat(assistant, who)
    for fmt in ("pdf", "xlsx"):
        got, none = chat.say(f"/daftar {theirs} {fmt}"), chat.say(f"/daftar {missing} {fmt}")
        assert got.attachment is None and got.kind == "shortlist_error"
        same(got, none)
        same(got, chat.say(f"/daftar {missing}"))  # and as the list itself answers
    for press in (DocumentPress, SpreadsheetPress):
        got = chat.press(_forged_press(world, who, press(theirs)))
        none = chat.press(_forged_press(world, who, press(missing)))
        assert got.attachment is None
        same(got, none)
    # The same doors do give the document of a list of one's own agency.
    own = ref_of(Chat(assistant, "ppk_bth").say("/kandidat pejabat pengganti"))
    assert chat.say(f"/daftar {own} xlsx").attachment is not None
