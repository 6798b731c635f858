"""committee_group_allows: the registered group as it is now, and current members only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.ports.committee import (
    GroupRefusal,
    close_with_order,
    committee_group_allows,
    open_committee_sidang,
    progress_line,
)
from db.audit import AuditLog, reopen_shortlist, verify_chain
from db.audit.committee import (
    MemberConflicted,
    SidangClosed,
    change_member,
    conflicts_of,
    get_sidang,
    move_chat,
    record_vote,
    register_committee,
)
from db.audit.kinds import Actor
from db.models import SidangClose
from tests.bot.audited import KEY, QUERY, make_assistant, ref_of
from tests.bot.support import TG, Chat, World, build_world

GROUP, SUPERGROUP, OTHER_GROUP = -4001, -1004001, -4002
ADMIN = Actor.account(5, "admin", "BTH")
PPK_ACTOR = Actor.account(1, "ppk", "BTH")


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


def test_a_sidang_blocks_known_conflicts_counts_privately_and_closes_with_order(
    engine: Engine,
) -> None:
    world = build_world(engine)
    assistant = make_assistant(world)
    listed = Chat(assistant, "ppk_bth").say(QUERY)
    ref = ref_of(listed)
    audit = AuditLog(engine, KEY)
    sari = world.users["asn_sari"]  # bound to Sari's own record, who is on the list
    komite, ppk = world.users["komite_bth"], world.users["ppk_bth"]
    cid = register_committee(
        audit,
        actor=ADMIN,
        instansi_id=world.ids["BTH"],
        chat_id=GROUP,
        title="Komite Talenta BTH",
        members=[(komite, "komite"), (ppk, "ppk"), (sari, "komite")],
    )
    with Session(engine) as s:
        sk = open_committee_sidang(
            s,
            audit,
            actor=PPK_ACTOR,
            committee_id=cid,
            shortlist_ref=ref,
            quorum=2,
            closes_at=datetime.now(UTC) + timedelta(hours=48),
        )
        view = reopen_shortlist(s, ref)
    sari_rank = next(c.rank for c in view.candidates if c.pegawai_id == world.ids["sari"])
    with Session(engine) as s:
        sid = get_sidang(s, sk).id
        assert sid is not None
        known = [(c.account_id, c.rank, c.source) for c in conflicts_of(s, sid)]
    assert (sari, sari_rank, "tercatat") in known
    with pytest.raises(MemberConflicted):
        record_vote(
            audit,
            actor=PPK_ACTOR,
            sidang_ref=sk,
            account_id=sari,
            rank=sari_rank,
            recommendation="layak",
            reason="diri sendiri",
        )
    for account, rank, rec in [
        (komite, 1, "layak"),
        (komite, 3, "tidak"),
        (ppk, 1, "layak"),
        (ppk, 3, "layak"),
    ]:
        record_vote(
            audit,
            actor=PPK_ACTOR,
            sidang_ref=sk,
            account_id=account,
            rank=rank,
            recommendation=rec,
            reason="alasan singkat",
        )
    with Session(engine) as s:
        line = progress_line(s, sk)
    assert line == f"Sidang {sk}: 2 dari 3 anggota sudah memberi rekomendasi (kuorum 2)."
    for key in ("budi", "sari", "tono", "dewi", "eka"):
        assert world.nips[key][:8] not in line
    with Session(engine) as s:
        out = close_with_order(s, audit, actor=PPK_ACTOR, sidang_ref=sk)
        assert out.quorum_met and out.places == ((1,), (3,))
        closed = s.exec(select(SidangClose)).one()
    assert closed.outcome == "kuorum" and closed.result["urutan"] == [["K1"], ["K3"]]
    with pytest.raises(SidangClosed):
        record_vote(
            audit,
            actor=PPK_ACTOR,
            sidang_ref=sk,
            account_id=komite,
            rank=2,
            recommendation="layak",
            reason="terlambat",
        )
    assert verify_chain(engine, KEY).ok


def test_closing_without_quorum_records_no_order(engine: Engine) -> None:
    world = build_world(engine)
    ref = ref_of(Chat(make_assistant(world), "ppk_bth").say(QUERY))
    audit = AuditLog(engine, KEY)
    komite = world.users["komite_bth"]
    cid = register_committee(
        audit,
        actor=ADMIN,
        instansi_id=world.ids["BTH"],
        chat_id=GROUP,
        title="Komite",
        members=[(komite, "komite"), (world.users["ppk_bth"], "ppk")],
    )
    with Session(engine) as s:
        sk = open_committee_sidang(
            s,
            audit,
            actor=PPK_ACTOR,
            committee_id=cid,
            shortlist_ref=ref,
            quorum=2,
            closes_at=datetime.now(UTC) + timedelta(hours=1),
        )
    record_vote(
        audit,
        actor=PPK_ACTOR,
        sidang_ref=sk,
        account_id=komite,
        rank=1,
        recommendation="layak",
        reason="alasan",
    )
    with Session(engine) as s:
        out = close_with_order(s, audit, actor=PPK_ACTOR, sidang_ref=sk)
        closed = s.exec(select(SidangClose)).one()
    assert not out.quorum_met
    assert closed.outcome == "tanpa_kuorum" and "urutan" not in closed.result
    assert closed.result["hitungan"]["K1"] == [1, 0, 0, 0]
