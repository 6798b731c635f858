"""committee_group_allows: the registered group as it is now, and current members only."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.ports.committee import GroupRefusal, committee_group_allows
from db.audit import AuditLog
from db.audit.committee import change_member, move_chat, register_committee
from db.audit.kinds import Actor
from tests.bot.audited import KEY, make_assistant
from tests.bot.support import TG, World, build_world

GROUP, SUPERGROUP, OTHER_GROUP = -4001, -1004001, -4002
ADMIN = Actor.account(5, "admin", "BTH")


@pytest.fixture
def setup(engine: Engine) -> tuple[World, AuditLog, int]:
    world = build_world(engine)
    make_assistant(world)  # binds every account of the world to its Telegram id
    audit = AuditLog(engine, KEY)
    cid = register_committee(
        audit,
        actor=ADMIN,
        instansi_id=world.ids["BTH"],
        chat_id=GROUP,
        title="Komite Talenta BTH",
        members=[
            (world.users["komite_bth"], "komite"),
            (world.users["ppk_bth"], "ppk"),
            (world.users["ppk_krc"], "ppk"),  # a mistaken pick from another agency
        ],
    )
    return world, audit, cid


def _check(engine: Engine, chat: int, who: str) -> GroupRefusal | None:
    with Session(engine) as s:
        return committee_group_allows(s, chat_id=chat, telegram_id=TG[who]).refusal


def test_members_act_in_their_group(engine: Engine, setup: tuple[World, AuditLog, int]) -> None:
    assert _check(engine, GROUP, "komite_bth") is None
    assert _check(engine, GROUP, "ppk_bth") is None


@pytest.mark.parametrize(
    ("chat", "who", "refusal"),
    [
        (OTHER_GROUP, "komite_bth", GroupRefusal.unregistered),  # a second, unregistered group
        (GROUP, "stranger", GroupRefusal.unbound),
        (GROUP, "hr_bth", GroupRefusal.not_member),  # bound, same agency, not a member
        (GROUP, "inspector", GroupRefusal.not_member),
        (GROUP, "ppk_krc", GroupRefusal.other_agency),  # a member of another agency
    ],
)
def test_everyone_else_is_refused(
    engine: Engine,
    setup: tuple[World, AuditLog, int],
    chat: int,
    who: str,
    refusal: GroupRefusal,
) -> None:
    assert _check(engine, chat, who) is refusal


def test_a_removed_member_is_refused(engine: Engine, setup: tuple[World, AuditLog, int]) -> None:
    world, audit, cid = setup
    change_member(
        audit,
        actor=ADMIN,
        committee_id=cid,
        account_id=world.users["komite_bth"],
        role="komite",
        action="remove",
    )
    assert _check(engine, GROUP, "komite_bth") is GroupRefusal.not_member
    assert _check(engine, GROUP, "ppk_bth") is None


def test_the_group_is_followed_to_its_supergroup(
    engine: Engine, setup: tuple[World, AuditLog, int]
) -> None:
    _, audit, cid = setup
    move_chat(audit, actor=ADMIN, committee_id=cid, new_chat_id=SUPERGROUP)
    assert _check(engine, SUPERGROUP, "komite_bth") is None
    assert _check(engine, GROUP, "komite_bth") is GroupRefusal.unregistered
