"""The attack suite on talent committees: every vector tried at least five times, at the port
(``committee_group_allows``, ``record_vote`` / ``record_conflict``, the minutes) and at the
handler that exists today for a group chat (the group gate of the assistant).

The sentinels are the candidates of the sidang's list (names, whole and masked NIPs). Every
output of every try (a refusal's message, the group's progress line, a reply's text, buttons,
caption and PDF text, every log line) is checked for them; the canaries at the end prove the
checkers catch a leak planted on purpose in the same channels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat.replies import Inbound, Reply
from bot.flows.sidang_minutes import issue_minutes, issue_minutes_file
from bot.ports.committee import (
    GroupRefusal,
    close_with_order,
    committee_group_allows,
    open_committee_sidang,
    progress_line,
)
from db.audit import AuditLog, verify_chain
from db.audit.committee import (
    CommitteeError,
    change_member,
    record_conflict,
    record_vote,
    register_committee,
)
from db.audit.kinds import Actor
from db.models import Pegawai
from tests.bot.flows.pictures.test_shortlist_document import KEY, record_example
from tests.bot.flows.test_sidang_minutes import _bind
from tests.bot.support import TG, World, build_world, make_services
from tests.security.conftest import TRIES
from tests.security.leaks import Sentinels, in_logs, in_reply, pdf_text

GROUP, OTHER_GROUP = -4001, -4002


@dataclass
class Committee_:
    world: World
    audit: AuditLog
    sk: str
    cid: int
    sentinels: Sentinels


@pytest.fixture
def arena(sqlite_engine: Engine) -> Committee_:
    engine = sqlite_engine
    world = build_world(engine)
    ref = record_example(engine, world)  # sari, tono, eka: shown with names to the PPK
    _bind(engine, world, *(k for k in TG if k != "stranger"))
    audit = AuditLog(engine, KEY)
    u = world.users
    cid = register_committee(
        audit,
        actor=Actor.account(u["admin_prov"], "admin", "PROV"),
        instansi_id=world.ids["BTH"],
        chat_id=GROUP,
        title="Komite Talenta BTH",
        members=[
            (u["komite_bth"], "komite"),
            (u["hr_bth"], "komite"),
            (u["ppk_bth"], "ppk"),
            (u["ppk_krc"], "ppk"),  # a member record, but of another agency
        ],
    )
    with Session(engine) as s:
        sk = open_committee_sidang(
            s,
            audit,
            actor=Actor.account(u["ppk_bth"], "ppk", "BTH"),
            committee_id=cid,
            shortlist_ref=ref,
            quorum=1,
            closes_at=datetime.now(UTC) + timedelta(hours=48),
        )
        people = [s.get(Pegawai, world.ids[k]) for k in ("sari", "tono", "eka")]
    names = [p.nama for p in people if p is not None]
    words = [w for n in names for w in n.split() if len(w) > 3]
    sentinels = Sentinels([*names, *words], [world.nips[k] for k in ("sari", "tono", "eka")])
    return Committee_(world, audit, sk, cid, sentinels)


Output = str | Reply


def _vote(a: Committee_, who: str, rank: int = 1, rec: str = "layak") -> Output:
    """A recommendation by ``who`` (their own account id): the refusal's message, or the
    group's progress line when it was recorded."""
    try:
        record_vote(
            a.audit,
            actor=Actor.account(a.world.users.get(who, 0), "komite", "BTH"),
            sidang_ref=a.sk,
            account_id=a.world.users.get(who, 0),
            rank=rank,
            recommendation=rec,
            reason="alasan",
        )
    except CommitteeError as exc:
        return f"refused: {exc}"
    with Session(a.world.engine) as s:
        return f"recorded: {progress_line(s, a.sk)}"


def _gate(a: Committee_, chat: int, who: str) -> Output:
    with Session(a.world.engine) as s:
        d = committee_group_allows(s, chat_id=chat, telegram_id=TG.get(who, 1999))
    return f"refusal: {d.refusal}"


def _group_says(a: Committee_, chat: int, who: str, text: str) -> Output:
    from bot.router.assistant import Assistant

    assistant = Assistant(a.world.engine, make_services(a.world.engine))
    tg = TG.get(who, 1999)
    inbound = Inbound(f"tg:{tg}", private=False, text=text, telegram_id=tg, chat_id=chat)
    return assistant.handle(inbound)[-1]


def _removed(a: Committee_) -> None:
    change_member(
        a.audit,
        actor=Actor.account(a.world.users["admin_prov"], "admin", "PROV"),
        committee_id=a.cid,
        account_id=a.world.users["hr_bth"],
        role="komite",
        action="remove",
    )


def _closed(a: Committee_) -> None:
    _vote(a, "komite_bth", 1, "layak")
    with Session(a.world.engine) as s:
        close_with_order(
            s,
            a.audit,
            actor=Actor.account(a.world.users["ppk_bth"], "ppk", "BTH"),
            sidang_ref=a.sk,
        )


Try = Callable[[Committee_], Output]
OUTSIDERS = ["stranger", "hr_prov", "inspector", "asn_sari", "admin_prov"]
GROUP_TEXTS = ["/komite", "/komite sidang", "/daftar", "/profil Sari Wulandari", "/talentpool"]

# vector -> (setup before the tries, the tries)
VECTORS: dict[str, tuple[Callable[[Committee_], None] | None, list[Try]]] = {
    "bukan_anggota": (
        None,
        [lambda a, w=w: _gate(a, GROUP, w) for w in OUTSIDERS]
        + [lambda a, w=w: _vote(a, w) for w in OUTSIDERS]
        + [lambda a, t=t: _group_says(a, GROUP, "hr_prov", t) for t in GROUP_TEXTS],
    ),
    "instansi_lain": (
        None,
        [lambda a, r=r: _vote(a, "ppk_krc", r) for r in (1, 2, 3, 1, 2)]
        + [lambda a: _gate(a, GROUP, "ppk_krc")]
        + [lambda a, t=t: _group_says(a, GROUP, "ppk_krc", t) for t in GROUP_TEXTS],
    ),
    "anggota_dikeluarkan": (
        _removed,
        [
            lambda a, r=r, v=v: _vote(a, "hr_bth", r, v)
            for r, v in [
                (1, "layak"),
                (2, "tidak"),
                (3, "pertimbangkan"),
                (1, "tidak"),
                (2, "layak"),
            ]
        ]
        + [lambda a: _gate(a, GROUP, "hr_bth")]
        + [lambda a, t=t: _group_says(a, GROUP, "hr_bth", t) for t in GROUP_TEXTS],
    ),
    "rekomendasi_palsu": (
        None,
        [
            lambda a, v=v: _vote(a, "komite_bth", 1, v)
            for v in ("LAYAK", "layak diusulkan", "", "'; drop table sidang_vote; --", "9")
        ]
        + [lambda a, r=r: _vote(a, "komite_bth", r) for r in (0, -1, 4, 99, 2**31)],
    ),
    "ulang_setelah_tutup": (
        _closed,
        [
            lambda a, w=w, r=r: _vote(a, w, r)
            for w, r in [
                ("komite_bth", 1),
                ("komite_bth", 2),
                ("hr_bth", 1),
                ("ppk_bth", 3),
                ("hr_bth", 2),
            ]
        ]
        + [
            lambda a: f"refused: {_conflict_after_close(a)}",
            lambda a: _minutes_for(a, "hr_bth"),
        ],
    ),
    "grup_kedua": (
        None,
        [
            lambda a, w=w: _gate(a, OTHER_GROUP, w)
            for w in ("komite_bth", "ppk_bth", "hr_bth", "stranger", "ppk_krc")
        ]
        + [lambda a, t=t: _group_says(a, OTHER_GROUP, "komite_bth", t) for t in GROUP_TEXTS],
    ),
}


def _conflict_after_close(a: Committee_) -> str:
    try:
        record_conflict(
            a.audit,
            actor=Actor.account(a.world.users["hr_bth"], "komite", "BTH"),
            sidang_ref=a.sk,
            account_id=a.world.users["hr_bth"],
            rank=1,
            note="terlambat",
        )
    except CommitteeError as exc:
        return str(exc)
    return "recorded"


def _minutes_for(a: Committee_, who: str) -> Reply:
    """A member who revealed nobody gets the minutes after closing: codes only."""
    [mine] = [
        d
        for d in issue_minutes(a.audit, a.sk, actor=Actor.cli("op"))
        if d.account_id == a.world.users[who]
    ]
    return mine.reply


def _leaks(a: Committee_, out: Output) -> list[str]:
    return in_reply(a.sentinels, out) if isinstance(out, Reply) else a.sentinels.found_in(out)


@pytest.mark.parametrize("vector", sorted(VECTORS))
def test_no_committee_attack_succeeds_or_leaks(
    arena: Committee_, vector: str, caplog: pytest.LogCaptureFixture
) -> None:
    setup, tries = VECTORS[vector]
    if setup is not None:
        setup(arena)
    assert len(tries) >= 5
    with caplog.at_level(logging.DEBUG):
        for attempt in tries:
            out = attempt(arena)
            assert not _leaks(arena, out), (vector, out)
            if isinstance(out, Reply):
                if out.kind != "minutes_ready":
                    assert out.kind == "group_private", (vector, out.kind)
                    assert out.attachment is None and not out.personal_data
            else:
                assert not out.startswith("recorded"), (vector, out)
                assert out != "refusal: None", (vector, out)
            TRIES[(vector, "komite")] += 1
    assert not in_logs(arena.sentinels, caplog.records), vector
    assert verify_chain(arena.world.engine, KEY).ok


def test_port_refusals_name_the_right_reason(arena: Committee_) -> None:
    a = arena
    assert _gate(a, GROUP, "ppk_krc") == f"refusal: {GroupRefusal.other_agency}"
    assert _gate(a, OTHER_GROUP, "komite_bth") == f"refusal: {GroupRefusal.unregistered}"
    assert _gate(a, GROUP, "hr_prov") == f"refusal: {GroupRefusal.not_member}"
    assert _gate(a, GROUP, "komite_bth") == "refusal: None"  # a member may act
    assert _vote(a, "komite_bth", 1).startswith("recorded: Sidang")


# -- canaries: the same checkers catch a leak planted on purpose -------------------------


def test_canary_a_name_in_a_refusal_or_progress_line_is_caught(arena: Committee_) -> None:
    assert _leaks(arena, f"refused: {arena.sentinels.names[0]} bukan anggota")
    assert _leaks(arena, f"refused: NIP {arena.sentinels.nips[0]}")


def test_canary_the_minutes_of_someone_who_saw_names_are_caught(arena: Committee_) -> None:
    """The PPK made the list shown with names: their copy names the candidates, and the PDF
    checker sees it; the copy of a member who revealed nobody is clean."""
    _closed(arena)
    ppk = issue_minutes_file(
        arena.audit,
        arena.sk,
        actor=Actor.cli("op"),
        viewer_account=arena.world.users["ppk_bth"],
        recipient_label="PPK",
    )
    assert arena.sentinels.found_in(pdf_text(ppk.content))
    assert not _leaks(arena, _minutes_for(arena, "hr_bth"))


def test_canary_a_name_in_a_log_line_is_caught(
    arena: Committee_, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("talenta.canary").info("vote", extra={"who": arena.sentinels.nips[1]})
    assert in_logs(arena.sentinels, caplog.records)
