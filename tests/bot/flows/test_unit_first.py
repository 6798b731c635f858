"""A post text that matches more posts than one question can list ("sekdis" in an agency of
eight dinas) asks the unit first: by a button per unit, or by a short typed reply joined to
the text that asked; a reply that names no unit, or a command, ends the wait."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import binding
from bot.chat.access import Role
from bot.chat.callbacks import recall, remember
from bot.chat.reply_data import SearchData
from bot.flows.people.candidates import PENDING_UNIT
from bot.flows.shortlists.lifecycle import PENDING as CHOICE_PENDING
from bot.ports.adapters import SearchAdapter
from bot.ports.records import DbRecords
from bot.ports.services import Services
from bot.router.assistant import Assistant
from db.models import Instansi, Pegawai
from knowledge.rules import MeritSettings
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings
from tests.bot.support import TG, CannedRegulations, Chat, World, bind_all, build_world
from tests.factories import EIGHT_DINAS as DINAS
from tests.factories import make_jabatan, make_unit


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    w = build_world(sqlite_engine)
    with Session(sqlite_engine) as s:
        bth = s.get(Instansi, w.ids["BTH"])
        assert bth is not None
        for nama in DINAS:
            dinas = make_unit(s, bth, nama=nama, singkatan=None)
            sekretariat = make_unit(s, bth, nama="Sekretariat", singkatan=None, induk=dinas)
            j = make_jabatan(s, bth, unit=sekretariat, nama="Sekretaris", eselon="III.a")
            w.ids[nama] = j.id or 0
        s.commit()
    return w


@pytest.fixture
def chat(world: World, tmp_path: Path) -> Chat:
    search = SearchService(
        world.engine,
        HashingEncoder(256),
        SearchSettings(index_dir=tmp_path / "index"),
        merit=MeritSettings(),
    )
    search.start()
    records = DbRecords(world.engine)
    services = Services(
        profiles=records,
        talentpool=records,
        regulations=CannedRegulations(),
        search=SearchAdapter(world.engine, search),
    )
    assistant = Assistant(world.engine, services)
    bind_all(assistant, world, "hr_bth")
    return Chat(assistant, "hr_bth")


def searched_post(reply_data: object) -> int | None:
    assert isinstance(reply_data, SearchData)
    return reply_data.page.position_id


def pending(world: World) -> dict[str, object] | None:
    with Session(world.engine) as s:
        return recall(s, f"tg:{TG['hr_bth']}", PENDING_UNIT)


def test_the_unit_is_asked_first_and_a_button_names_the_post(chat: Chat, world: World):
    ask = chat.say("/kandidat sekdis")
    assert ask.kind == "choose_unit", ask.html
    assert "8 jabatan" in ask.html
    labels = [b.label for row in ask.buttons for b in row]
    assert sorted(labels) == sorted(DINAS)  # every dinas, none cut off
    token = next(b.token for row in ask.buttons for b in row if b.label == "Dinas Perikanan")
    picked = chat.press(token)
    assert picked.kind in ("candidates", "no_candidates"), picked.html
    assert searched_post(picked.data) == world.ids["Dinas Perikanan"]


def test_a_short_typed_reply_names_the_unit(chat: Chat, world: World):
    assert chat.say("/kandidat sekdis").kind == "choose_unit"
    # "dinas" names every one of them alike: the question again, between those.
    again = chat.say("dinas")
    assert again.kind == "choose_unit" and len(again.buttons) == len(DINAS), again.html
    assert pending(world) is not None
    picked = chat.say("sosial")
    assert picked.kind in ("candidates", "no_candidates"), picked.html
    assert searched_post(picked.data) == world.ids["Dinas Sosial"]
    assert pending(world) is None  # answered once


def test_a_reply_that_names_no_unit_is_a_new_message(chat: Chat, world: World):
    assert chat.say("/kandidat sekdis").kind == "choose_unit"
    thanks = chat.say("terima kasih")
    assert thanks.kind not in ("choose_unit", "candidates", "no_candidates"), thanks.kind
    assert pending(world) is None
    # A post of its own is a new request, not the unit of the one asked.
    assert chat.say("/kandidat sekdis").kind == "choose_unit"
    anggaran = chat.say("kabid anggaran")
    assert anggaran.kind in ("candidates", "no_candidates"), anggaran.html
    with Session(world.engine) as s:
        budi = s.get(Pegawai, world.ids["budi"])  # the Kepala Bidang Anggaran of BTH
        assert budi is not None
    assert searched_post(anggaran.data) == budi.jabatan_id
    # "kadis kesehatan" asks for the head of the dinas (there is none), not for its Sekretaris.
    assert chat.say("/kandidat sekdis").kind == "choose_unit"
    kadis = chat.say("kadis kesehatan")
    assert kadis.kind == "no_candidates" and isinstance(kadis.data, SearchData)
    assert kadis.data.page.post_not_found, kadis.html
    # The post not found is named without the words of asking around it.
    gone = chat.say("kadis kesehatan ada calon?")
    assert "Jabatan <i>kadis kesehatan</i> tidak ditemukan" in gone.html, gone.html
    # A need that names a dinas' field is a need, not that dinas' Sekretaris.
    assert chat.say("/kandidat sekdis").kind == "choose_unit"
    need = chat.say("butuh yang paham pendidikan")
    assert need.kind == "candidates" and searched_post(need.data) is None, need.html
    assert chat.say("/kandidat sekdis").kind == "choose_unit"
    chat.say("/bantuan")
    assert pending(world) is None  # a command ends the wait


def test_an_asker_of_two_agencies_picks_the_agency_then_the_dinas(
    chat: Chat, world: World, monkeypatch: pytest.MonkeyPatch
):
    """Across two agencies the agency is asked first; its button narrows the same text, and
    the dinas picked after it names the post."""
    with Session(world.engine) as s:
        krc = s.get(Instansi, world.ids["KRC"])
        assert krc is not None
        kerinci = {}
        for nama in DINAS[:3]:
            dinas = make_unit(s, krc, nama=nama, singkatan=None)
            sekretariat = make_unit(s, krc, nama="Sekretariat", singkatan=None, induk=dinas)
            j = make_jabatan(s, krc, unit=sekretariat, nama="Sekretaris", eselon="III.a")
            kerinci[nama] = j.id
        user = binding.create_user(s, role=Role.hr, nama="Staf dua", instansi_kodes=["BTH", "KRC"])
        code = binding.invite(s, user).code
        s.commit()
    monkeypatch.setitem(TG, "hr_two", 1010)
    two = Chat(chat.assistant, "hr_two")
    assert two.say(f"/start {code}").kind == "bound"
    ask = two.say("/kandidat sekdis")
    assert ask.kind == "choose_unit", ask.html
    agencies = {b.label: b.token for row in ask.buttons for b in row}
    assert set(agencies) == {"Kabupaten Batanghari (8)", "Kabupaten Kerinci (3)"}
    dinas = two.press(agencies["Kabupaten Batanghari (8)"])
    assert dinas.kind == "choose_unit", dinas.html
    tokens = {b.label: b.token for row in dinas.buttons for b in row}
    assert sorted(tokens) == sorted(DINAS)
    picked = two.press(tokens["Dinas Pariwisata"])
    assert searched_post(picked.data) == world.ids["Dinas Pariwisata"]
    # Typed after the agency was picked: the dinas of that agency, not of the other one —
    # also when an older question (a choice's reason) was still awaiting an answer.
    with Session(world.engine) as s:
        remember(s, f"tg:{TG['hr_two']}", CHOICE_PENDING, {"ref": "SL-2026-000001", "p": 1})
        s.commit()
    assert two.press(agencies["Kabupaten Batanghari (8)"]).kind == "choose_unit"
    with Session(world.engine) as s:
        assert recall(s, f"tg:{TG['hr_two']}", CHOICE_PENDING) is None
    typed = two.say("sosial")
    assert searched_post(typed.data) == world.ids["Dinas Sosial"], typed.html
    # Three fit in one question: the posts themselves.
    three = two.press(agencies["Kabupaten Kerinci (3)"])
    assert three.kind == "choose_position" and len(three.buttons) == 3
    # Answered by typing: a number picks that button's post, a unit's name its post.
    assert "Dinas Pendidikan" in three.buttons[1][0].label
    by_number = two.say("nomor 2")
    assert searched_post(by_number.data) == kerinci["Dinas Pendidikan"], by_number.html
    assert two.press(agencies["Kabupaten Kerinci (3)"]).kind == "choose_position"
    by_unit = two.say("dinas sosial")
    assert searched_post(by_unit.data) == kerinci["Dinas Sosial"], by_unit.html


def test_a_typed_unit_narrows_the_question_asked(chat: Chat, world: World):
    """ "kabid" matches a kabid of seven dinas, three of them in the Dinas PUPR: "pupr" offers
    those three, as its button would, instead of searching "kabid pupr" afresh."""
    with Session(world.engine) as s:
        bth = s.get(Instansi, world.ids["BTH"])
        assert bth is not None
        pupr = make_unit(s, bth, nama="Dinas Pekerjaan Umum dan Penataan Ruang", singkatan=None)
        for nama in ("Bina Marga", "Cipta Karya", "Penataan Ruang"):
            bidang = make_unit(s, bth, nama=f"Bidang {nama}", singkatan=None, induk=pupr)
            make_jabatan(s, bth, unit=bidang, nama=f"Kepala Bidang {nama}")
        for nama in DINAS[:4]:
            dinas = make_unit(s, bth, nama=f"{nama} II", singkatan=None)
            bidang = make_unit(s, bth, nama="Bidang Program", singkatan=None, induk=dinas)
            make_jabatan(s, bth, unit=bidang, nama="Kepala Bidang Program")
        s.commit()
    ask = chat.say("/kandidat kabid")
    assert ask.kind == "choose_unit", ask.html
    assert "Dinas Pekerjaan Umum dan Penataan Ruang (3)" in [
        b.label for r in ask.buttons for b in r
    ]
    three = chat.say("pupr")
    assert three.kind == "choose_position", three.html
    assert len(three.buttons) == 3


def test_a_button_ends_the_wait_for_a_typed_unit(chat: Chat, world: World):
    ask = chat.say("/kandidat sekdis")
    token = next(b.token for row in ask.buttons for b in row if b.label == "Dinas Perikanan")
    chat.press(token)
    assert pending(world) is None
    later = chat.say("sosial")
    assert later.kind not in ("candidates", "no_candidates") or (
        searched_post(later.data) != world.ids["Dinas Sosial"]
    ), later.html
