"""Lists and anything with personal data are new protected messages, never an edit.

The position-choice message ("Jabatan yang mana?") is sent without ``protect_content``; if the
list it leads to replaced it, names would sit in a message that can be forwarded and saved.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.ports.services import CandidatePage, PositionChoice
from bot.router.assistant import Assistant
from db.clock import today_wib
from tests.bot.audited import button_token, make_assistant
from tests.bot.support import Chat, ScopedSearch, World, bind_all, build_world, make_services


class ChoosingSearch(ScopedSearch):
    """A search whose words match two positions until one of them is picked."""

    def search(self, query: str, **kw: object) -> CandidatePage:  # type: ignore[override]
        if kw.get("jabatan_id") is None:
            choices = (PositionChoice(1, "Kepala Bidang A"), PositionChoice(2, "Kepala Bidang B"))
            return CandidatePage(query, (), 0, today_wib(), choices=choices)
        return super().search(query, **kw)  # type: ignore[arg-type]


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.mark.parametrize("recorded", [False, True], ids=["plain", "recorded"])
def test_the_position_choice_is_never_edited_into_a_list(world: World, recorded: bool) -> None:
    if recorded:
        assistant = make_assistant(world)
        assistant.services.search = ChoosingSearch(world.engine)
    else:
        assistant = Assistant(world.engine, make_services(world.engine))
        assistant.services.search = ChoosingSearch(world.engine)
        bind_all(assistant, world, "hr_bth")
    hr = Chat(assistant, "hr_bth")
    ask = hr.say("/kandidat kepala bidang")
    assert ask.kind == "choose_position" and not ask.protect_content
    listed = hr.press(button_token(ask, "Kepala Bidang A"))
    assert listed.kind == "candidates" and "Budi" in listed.html
    assert listed.protect_content
    assert not listed.edit  # a new protected message, not the unprotected one rewritten


def test_paging_and_reveal_are_new_protected_messages(world: World) -> None:
    assistant = make_assistant(world)
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say("/kandidat pegawai terbaik")
    shown = ppk.press(button_token(first, "Tampilkan identitas"))
    assert shown.kind == "candidates" and shown.protect_content and not shown.edit
    page2 = ppk.press(button_token(first, "Berikutnya ▶"))
    assert page2.kind == "candidates" and page2.protect_content and not page2.edit
