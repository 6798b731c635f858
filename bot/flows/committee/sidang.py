"""A sidang komite in its group: open on a recorded shortlist, progress, close.

The group sees the candidates as codes K1…Kn with blind rows, how many members have given a
recommendation, and at closing the order by codes with the counts; never a name, NIP, post,
unit or rare grade, never who recommended what. Each member gets the details privately
(protected) under the blind-first rule; the reveal and the votes happen there
(:mod:`bot.flows.committee.votes`). A sidang closes by the PPK or HR (``/komite tutup``) or
at its closing time (:func:`close_due`, run by the Telegram door's clock); either way the
berita acara goes as a protected PDF to each member's and the PPK's private chat, never to the
group (:func:`minutes_replies`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.chat.presses import SidangRevealPress
from bot.chat.render import Renderer
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.committee.common import (
    NO_OPEN_SIDANG,
    OPENER_ROLES,
    acts_for,
    audit_of,
    aware,
    barred_ranks,
    candidate_codes,
    group_chat,
    group_member,
    note,
    open_sidang_of,
    open_sidangs,
    refusal,
    render,
    telegram_ids,
    voting_members,
    with_chat,
)
from bot.flows.sidang_minutes import issue_minutes
from bot.ports.committee import (
    close_with_order,
    committee_of_chat,
    open_committee_sidang,
    progress_line,
)
from bot.ports.services import Services
from db.audit import AuditLog, ShortlistNotFound
from db.audit.committee import CommitteeError, SidangClosed, get_sidang, members_now, move_chat
from db.audit.kinds import Actor
from db.audit.shortlist import get_shortlist_row
from db.clock import WIB
from db.engine import Session
from db.models import Committee, Shortlist, Sidang
from knowledge.rules.blind import k_min
from knowledge.rules.committee import LABEL, Outcome, Recommendation

OPEN_ARGS = re.compile(
    r"^(?P<ref>SL-\d{4}-\d{6})(?:\s+kuorum\s+(?P<q>\d{1,2}))?(?:\s+jam\s+(?P<h>\d{1,3}))?$",
    re.IGNORECASE,
)
log = logging.getLogger("talenta.committee")
CLOCK = Actor(type="system", id="sidang-clock")  # the closing time, not a person
NOT_FOUND = "Daftar kandidat dengan rujukan itu tidak ditemukan."


def open_(turn: Turn, services: Services, args: str) -> list[Reply]:
    """``/komite sidang SL-… [kuorum N] [jam H]`` by the PPK or HR of the committee's agency,
    in its group: the group gets codes and blind rows, each member a private message."""
    audit = audit_of(services)
    if audit is None:
        return [turn.reply("unavailable", service="catatan komite")]
    found = _committee_here(turn)
    if isinstance(found, Reply):
        return [found]
    committee = found
    assert committee.id is not None
    m = OPEN_ARGS.match(args.strip())
    if m is None:
        return [note(turn, "Format: /komite sidang SL-… [kuorum N] [jam H].")]
    running = open_sidang_of(turn.session, committee.id)
    if running is not None:
        return [note(turn, f"Sidang {running.ref} masih terbuka; tutup dulu dengan /komite tutup.")]
    try:
        shortlist = get_shortlist_row(turn.session, m["ref"])
    except ShortlistNotFound:
        return [note(turn, NOT_FOUND)]
    if _scope(shortlist) != {committee.instansi_id}:
        return [note(turn, NOT_FOUND)]  # another agency's list reads as no list at all
    members = sorted(members_now(turn.session, committee.id))
    if not members:
        return [note(turn, "Komite ini belum punya anggota; tambahkan dulu.")]
    defaults = services.committee
    quorum = int(m["q"]) if m["q"] else defaults.quorum
    hours = int(m["h"]) if m["h"] else defaults.close_after_hours
    if not 1 <= quorum <= len(members):
        return [note(turn, f"Kuorum harus antara 1 dan jumlah anggota ({len(members)}).")]
    if not 1 <= hours <= 24 * 30:
        return [note(turn, "Waktu tutup harus antara 1 dan 720 jam.")]
    ref = open_committee_sidang(
        turn.session,
        audit,
        actor=turn.audit_actor(),
        committee_id=committee.id,
        shortlist_ref=shortlist.ref,
        quorum=quorum,
        closes_at=datetime.now(UTC) + timedelta(hours=hours),
    )
    sidang = get_sidang(turn.session, ref)
    codes = candidate_codes(turn.session, sidang)
    closes = aware(sidang.closes_at).astimezone(WIB)
    replies = [
        turn.reply(
            "sidang_opened",
            ref=ref,
            shortlist=shortlist.ref,
            codes=codes,
            quorum=quorum,
            members=len(members),
            closes=closes,
            k=k_min(),
        )
    ]
    chats = telegram_ids(turn.session, sidang.members)
    for account in sidang.members:
        tg = chats.get(account)
        if tg is None:
            continue
        reveal = turn.buttons_for(f"tg:{tg}", [[("Tampilkan identitas", SidangRevealPress(ref))]])
        private = turn.reply(
            "sidang_member",
            buttons=reveal,
            personal=True,
            ref=ref,
            shortlist=shortlist.ref,
            codes=codes,
            barred=barred_ranks(turn.session, sidang, account),
            quorum=quorum,
            closes=closes,
        )
        replies.append(with_chat(private, tg))
    return replies


def status(turn: Turn, services: Services, args: str) -> Reply:
    """``/komite status``: in the group (a member, or the PPK/HR of the agency) the progress
    line of the open sidang; in a private chat, that of the member's open sidang."""
    if turn.inbound.private:
        from bot.flows.committee.votes import member_sidang

        found = member_sidang(turn, args)
        if isinstance(found, Reply):
            return found
        return note(turn, _progress(turn.session, found))
    here = _committee_here(turn, members_too=True)
    if isinstance(here, Reply):
        return here
    assert here.id is not None
    sidang = open_sidang_of(turn.session, here.id)
    if sidang is None:
        return note(turn, NO_OPEN_SIDANG)
    return note(turn, _progress(turn.session, sidang))


def _progress(session: Session, sidang: Sidang) -> str:
    closes = aware(sidang.closes_at).astimezone(WIB)
    return (
        f"{progress_line(session, sidang.ref)} Ditutup paling lambat {closes:%d-%m-%Y %H:%M} WIB."
    )


def close(turn: Turn, services: Services, args: str) -> list[Reply]:
    """``/komite tutup`` by the PPK or HR of the committee's agency, in its group."""
    audit = audit_of(services)
    if audit is None:
        return [turn.reply("unavailable", service="catatan komite")]
    found = _committee_here(turn)
    if isinstance(found, Reply):
        return [found]
    assert found.id is not None
    sidang = open_sidang_of(turn.session, found.id)
    if sidang is None:
        return [note(turn, NO_OPEN_SIDANG)]
    try:
        outcome = close_with_order(
            turn.session, audit, actor=turn.audit_actor(), sidang_ref=sidang.ref
        )
    except SidangClosed:
        return [note(turn, f"Sidang {sidang.ref} sudah ditutup.")]
    closed = closing_replies(
        turn.renderer, turn.session, sidang, outcome, by="PPK/HR", opener=turn.inbound.telegram_id
    )
    turn.session.commit()
    return closed + minutes_replies(audit, sidang.ref, actor=turn.audit_actor())


def minutes_replies(audit: AuditLog, sidang_ref: str, *, actor: Actor) -> list[Reply]:
    """The berita acara of a closed sidang as a protected PDF and XLSX per recipient (the
    members still members and the committee's PPK), each addressed to that person's private
    chat: the PDF with a short note, the XLSX after it with only its caption.

    A failure to render is logged (no personal data) and leaves the closing intact: the copy
    can be made later with ``talenta komite berita-acara``."""
    try:
        pdf = issue_minutes(audit, sidang_ref, actor=actor, fmt="pdf")
        xlsx = {d.chat_id: d for d in issue_minutes(audit, sidang_ref, actor=actor, fmt="xlsx")}
    except Exception:
        log.exception("minutes not issued at closing", extra={"sidang": sidang_ref})
        return []
    out: list[Reply] = []
    for d in pdf:
        out.append(replace(d.reply, chat_id=d.chat_id))
        sheet = xlsx.get(d.chat_id)
        if sheet is not None:
            out.append(replace(sheet.reply, html="", chat_id=d.chat_id))
    return out


def closing_replies(
    renderer: Renderer,
    session: Session,
    sidang: Sidang,
    outcome: Outcome,
    *,
    by: str,
    opener: int | None = None,
) -> list[Reply]:
    """The group's outcome line (codes and counts only) and a private note to each member,
    the PPK members included, and to whoever closed it."""
    context: dict[str, Any] = {
        "ref": sidang.ref,
        "by": by,
        "outcome": outcome,
        "places": [[f"K{r}" for r in place] for place in outcome.places],  # a tie: one place
        "unrecommended": [f"K{r}" for r in outcome.unrecommended],
        "labels": {r.value: LABEL[r] for r in Recommendation},
    }
    replies = [render(renderer, "sidang_closed", chat_id=group_chat(session, sidang), **context)]
    chats = set(telegram_ids(session, voting_members(session, sidang)).values())
    if opener is not None:
        chats.add(opener)
    for tg in sorted(chats):
        replies.append(render(renderer, "sidang_closed", chat_id=tg, private=True, **context))
    return replies


def close_due(
    session: Session, audit: AuditLog, renderer: Renderer, now: datetime | None = None
) -> list[Reply]:
    """Close every sidang past its closing time (the Telegram door's clock calls this)."""
    now = now or datetime.now(UTC)
    replies: list[Reply] = []
    for sidang in open_sidangs(session):
        if aware(sidang.closes_at) > now:
            continue
        try:
            outcome = close_with_order(session, audit, actor=CLOCK, sidang_ref=sidang.ref)
        except SidangClosed:
            continue  # closed by hand a moment ago
        replies += closing_replies(renderer, session, sidang, outcome, by="waktu tutup")
        session.commit()
        replies += minutes_replies(audit, sidang.ref, actor=CLOCK)
    return replies


def follow_move(session: Session, audit: AuditLog, old_chat_id: int, new_chat_id: int) -> bool:
    """A group became a supergroup: its committee follows to the new chat id (once)."""
    cid = committee_of_chat(session, old_chat_id)
    if cid is None or committee_of_chat(session, new_chat_id) is not None:
        return False
    session.commit()
    try:
        move_chat(audit, actor=CLOCK, committee_id=cid, new_chat_id=new_chat_id)
    except CommitteeError:
        return False
    return True


def _committee_here(turn: Turn, *, members_too: bool = False) -> Committee | Reply:
    """The committee of this group, when the asker is the PPK or HR of its agency (or, with
    ``members_too``, any current member)."""
    if turn.inbound.private or turn.inbound.chat_id is None:
        return note(turn, "Perintah ini berlaku di grup komite.")
    cid = committee_of_chat(turn.session, turn.inbound.chat_id)
    if cid is None:
        return note(turn, "Grup ini belum terdaftar sebagai grup komite talenta.")
    committee = acts_for(turn, cid)
    if committee is not None and turn.identity.role in OPENER_ROLES:
        return committee
    if members_too:
        decision = group_member(turn)
        if not decision:
            return refusal(turn, decision)
        found = turn.session.get(Committee, cid)
        assert found is not None
        return found
    if committee is None:
        return note(turn, "Akun Anda tidak bertindak untuk instansi komite ini.")
    return note(turn, "Hanya PPK atau HR instansi yang dapat membuka atau menutup sidang.")


def _scope(row: Shortlist) -> set[int]:
    stored = row.rendered.get("scope", []) if isinstance(row.rendered, dict) else []
    scope = {int(i) for i in stored}
    if not scope and row.instansi_id is not None:
        scope = {row.instansi_id}
    return scope
