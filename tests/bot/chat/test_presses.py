"""Typed button payloads: each kind packs and unpacks itself; a payload of the wrong shape is
an expired button, never a crash; a well-formed one is authorised again when pressed."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import binding, callbacks
from bot.chat.presses import (
    KINDS,
    CasePress,
    ChoiceCancelPress,
    ChoosePress,
    CitationsPress,
    ComparePress,
    DetailPress,
    DocumentPress,
    PagePress,
    Press,
    RevealPress,
    RoutePress,
    SidangRevealPress,
    VotePress,
    unpack,
)
from bot.ports.services import CitedProvision
from bot.router.assistant import Assistant
from db.audit import CaseKind
from tests.bot.audited import button_token
from tests.bot.support import TG, Chat, World, bind_all, build_world, make_services

EVERY_KIND: list[Press] = [
    DetailPress(7, 12),
    DetailPress(7),
    PagePress("kepala bidang", 2, None),
    PagePress("kepala bidang", 1, 12),
    ComparePress((1, 2, 3)),
    CitationsPress(
        (CitedProvision("pp-11-2017:pasal-107", "PP 11/2017 Pasal 107", "", "verified"),)
    ),
    RoutePress("search_need", "butuh orang paham pengadaan"),
    RevealPress("SL-2026-000001"),
    ChoosePress("SL-2026-000001", 7),
    ChoosePress("SL-2026-000001", 7, confirmed=True),
    ChoiceCancelPress("SL-2026-000001"),
    DocumentPress("SL-2026-000001"),
    CasePress(CaseKind.NINEBOX),
    SidangRevealPress("SK-2026-000001"),
    VotePress("SK-2026-000001", 2, "layak"),
]


@pytest.mark.parametrize("press", EVERY_KIND, ids=lambda p: type(p).__name__)
def test_every_kind_round_trips(press: Press) -> None:
    assert set(KINDS) >= {press.kind}
    assert unpack(press.kind, press.pack()) == press


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("detail", {"p": "7"}),
        ("detail", {"p": True}),
        ("page", {"q": "x", "n": 1, "j": "abc"}),
        ("page", {"q": "x", "n": 0}),
        ("page", {"n": 1}),
        ("compare", {"ids": "1,2"}),
        ("compare", {"ids": [1, "2"]}),
        ("citations", {"c": [{"id": "x"}]}),
        ("case", {"k": "bukan_jenis"}),
        ("choose", {"ref": "SL-1"}),
        ("sidang_vote", {"ref": "SK-1", "r": "2", "v": "layak"}),
        ("sidang_reveal", {"ref": 1}),
        ("unknown", {}),
    ],
)
def test_a_payload_of_the_wrong_shape_does_not_unpack(kind: str, data: dict[str, Any]) -> None:
    assert unpack(kind, data) is None


def test_a_wrong_position_on_a_detail_means_no_position() -> None:
    # Only the chart's standard depends on it; the person is still checked and shown.
    assert unpack("detail", {"p": 7, "j": "1;"}) == DetailPress(7, None)


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    return build_world(sqlite_engine)


def test_pressing_a_malformed_payload_is_an_expired_button(world: World) -> None:
    assistant = Assistant(world.engine, make_services(world.engine))
    bind_all(assistant, world, "hr_bth")
    with Session(world.engine) as s:
        planted = [
            callbacks.store(s, f"tg:{TG['hr_bth']}", "page", {"q": "x", "n": 1, "j": "abc"}),
            callbacks.store(s, f"tg:{TG['hr_bth']}", "case", {"k": "bukan_jenis"}),
            callbacks.store(s, f"tg:{TG['hr_bth']}", "compare", {"ids": "1,2"}),
        ]
        s.commit()
    hr = Chat(assistant, "hr_bth")
    assert [hr.press(token).kind for token in planted] == ["expired_button"] * 3


def test_a_well_formed_press_is_authorised_again(world: World) -> None:
    assistant = Assistant(world.engine, make_services(world.engine))
    bind_all(assistant, world, "ppk_bth")
    ppk = Chat(assistant, "ppk_bth")
    listed = ppk.say("/kandidat kepala bidang anggaran")
    token = button_token(listed, "Detail 1")
    assert ppk.press(token).kind == "candidate_detail"
    with Session(world.engine) as s:
        binding.revoke(s, world.users["ppk_bth"])
        s.commit()
    # The same button after the account was revoked: its owner is a guest now.
    refused = ppk.press(token)
    assert refused.kind == "refused" and refused.attachment is None
    assert getattr(refused.data, "reason", None) == "role"
    assert "Budi" not in refused.html
