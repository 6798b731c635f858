"""/bandingkan and "bandingkan kandidat 4 dan 5" compare exactly the candidates named, by their
rank on the list the message refers to: the latest list shown, whatever page or blind state."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine

from bot.chat.replies import Reply
from bot.router.assistant import Assistant
from tests.bot.audited import QUERY, button_token, make_assistant
from tests.bot.support import Chat, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def names_by_rank(listed: Reply) -> dict[int, str]:
    return {int(r): n for r, n in re.findall(r"<b>(\d+)\. ([^<]+?)</b>", listed.html)}


def compared(reply: Reply, names: dict[int, str], ranks: list[int]) -> None:
    assert reply.kind == "compare", reply.html
    for rank, name in names.items():
        assert (name.split()[0] in reply.html) is (rank in ranks), (rank, name)


@pytest.mark.parametrize(
    "ask", ["bandingkan kandidat 4 dan 5", "/bandingkan 4 5", "/bandingkan nomor 4 dan 5"]
)
def test_the_candidates_named_are_compared(assistant: Assistant, ask: str) -> None:
    hr = Chat(assistant, "hr_bth")
    listed = hr.say(QUERY)
    names = names_by_rank(listed)
    assert set(names) == {1, 2, 3, 4, 5}
    compared(hr.say(ask), names, [4, 5])


def test_ranks_of_the_second_page(assistant: Assistant) -> None:
    hr = Chat(assistant, "hr_bth")
    first = hr.say(QUERY)
    page2 = hr.press(button_token(first, "Berikutnya ▶"))
    names = names_by_rank(page2)
    assert 6 in names and 7 in names
    compared(hr.say("/bandingkan 6 7"), names, [6, 7])


def test_a_blind_list_is_not_compared_with_the_previous_revealed_one(
    assistant: Assistant,
) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    ppk.press(button_token(first, "Tampilkan identitas"))  # list A revealed
    ppk.say("/kandidat pejabat pengganti")  # list B, blind
    reply = ppk.say("/bandingkan 1 2")
    assert reply.kind == "last_list"  # not list A's 1 and 2: B is to be revealed first
    assert "masih tanpa identitas" in reply.html and not reply.personal_data
