"""A member's part of a sidang, in their private chat: reveal, declared conflicts,
recommendations.

The reveal is recorded per member and per candidate (a candidate the member has a known
conflict with stays blind for them). After it, the member may declare other conflicts
(``/komite konflik K2 <alasan>``) and gives, per candidate, a recommendation with a short
reason: by command (``/komite rekomendasi K1 layak <alasan>``) or by a button whose reason is
the next text message (kept in the database, like a pending choice). The group learns only
the progress count when a member's first valid recommendation lands.
"""

from __future__ import annotations

import re

from bot.chat.access import shown_nip
from bot.chat.callbacks import forget, recall, remember
from bot.chat.presses import Press, VotePress
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.committee.common import (
    NO_OPEN_SIDANG,
    PRIVATE_ONLY,
    REFUSAL_TEXT,
    audit_of,
    aware,
    barred_ranks,
    candidate_codes,
    group_chat,
    is_closed,
    note,
    open_sidangs,
    ranks_of,
)
from bot.ports.committee import (
    GroupRefusal,
    committee_group_allows,
    progress_line,
    reveal_times,
    sidang_outcome,
)
from bot.ports.services import Services
from db.audit import ShortlistError, record_reveal, reopen_shortlist
from db.audit.committee import (
    CommitteeError,
    MemberConflicted,
    SidangClosed,
    SidangNotFound,
    current_chat,
    get_sidang,
    record_conflict,
    record_vote,
)
from db.audit.shortlist import candidate_rows
from db.engine import Session
from db.models import Shortlist, Sidang
from knowledge.rules.committee import LABEL, Recommendation

PENDING = "pending_sidang_vote"
MIN_REASON, MAX_REASON = 5, 500
CODE = re.compile(r"^[Kk](\d{1,3})$")
VALUES = frozenset(r.value for r in Recommendation)
SIDANG_REF = re.compile(r"^SK-\d{4}-\d{6}$", re.IGNORECASE)


def member_sidang(turn: Turn, args: str = "", ref: str | None = None) -> Sidang | Reply:
    """The open sidang the asker sits in as a current member (``SK-…`` picks one of several;
    ``ref`` names it outright, e.g. from a button)."""
    account = turn.identity.user_id
    if account is None or turn.inbound.telegram_id is None:
        return note(turn, REFUSAL_TEXT[GroupRefusal.unbound])
    head = args.strip().split(" ", 1)[0]
    wanted = ref or (head.upper() if SIDANG_REF.match(head) else None)
    if wanted is not None:
        try:
            sidangs = [get_sidang(turn.session, wanted)]
        except SidangNotFound:
            return note(turn, NO_OPEN_SIDANG)
        if is_closed(turn.session, sidangs[0]):
            return note(turn, f"Sidang {sidangs[0].ref} sudah ditutup.")
    else:
        sidangs = [s for s in open_sidangs(turn.session) if account in s.members]
    mine: list[Sidang] = []
    refused = None
    for s in sidangs:
        decision = committee_group_allows(
            turn.session,
            chat_id=current_chat(turn.session, s.committee_id),
            telegram_id=turn.inbound.telegram_id,
        )
        if decision and account in s.members:
            mine.append(s)
        elif not decision:
            refused = decision.refusal
    if not mine:
        if refused is not None:
            return note(turn, REFUSAL_TEXT[refused])
        return note(turn, NO_OPEN_SIDANG)
    if len(mine) > 1:
        refs = ", ".join(s.ref for s in mine)
        return note(turn, f"Anda duduk di beberapa sidang terbuka ({refs}); sebutkan rujukannya.")
    return mine[0]


def revealed(session: Session, sidang: Sidang, account_id: int) -> bool:
    """Has the member pressed "Tampilkan identitas" in this sidang (recorded)?"""
    opened = aware(sidang.opened_at)
    return any(aware(at) >= opened for at in reveal_times(session, sidang.shortlist_id, account_id))


def reveal(turn: Turn, services: Services, ref: str) -> Reply:
    """ "Tampilkan identitas" of a sidang: recorded for this member, candidate by candidate;
    a candidate the member has a conflict with stays blind."""
    audit = audit_of(services)
    if audit is None:
        return turn.reply("expired_button")
    found = member_sidang(turn, ref=ref)
    if isinstance(found, Reply):
        return found
    sidang, account = found, turn.identity.user_id
    assert account is not None
    barred = barred_ranks(turn.session, sidang, account)
    try:
        view = reopen_shortlist(turn.session, _shortlist_ref(turn.session, sidang))
    except ShortlistError as exc:
        return note(turn, str(exc))
    by_rank = {c.rank: c.pegawai_id for c in candidate_rows(turn.session, sidang.shortlist_id)}
    turn.session.commit()
    for rank, pid in sorted(by_rank.items()):
        if rank not in barred:
            record_reveal(audit, actor=turn.audit_actor(), ref=view.ref, pegawai_id=pid)
    codes = {c["rank"]: c["blind"] for c in candidate_codes(turn.session, sidang)}
    items = []
    for row in view.rendered["items"]:
        rank = int(row["rank"])
        if rank not in by_rank:
            continue
        if rank in barred:
            items.append({"rank": rank, "barred": barred[rank], "blind": codes.get(rank)})
            continue
        pid = by_rank[rank]
        p = services.profiles.profile(pid)
        items.append(
            {
                **row,
                "barred": None,
                "nama": p.nama if p else "-",
                "nip": shown_nip(turn.identity, pid, p.nip if p else ""),
            }
        )
    rows: list[list[tuple[str, Press]]] = [
        [
            (f"K{rank} {label}", VotePress(sidang.ref, rank, rec.value))
            for rec, label in (
                (Recommendation.layak, "layak"),
                (Recommendation.pertimbangkan, "pertimbangkan"),
                (Recommendation.tidak, "tidak"),
            )
        ]
        for rank in sorted(by_rank)
        if rank not in barred
    ]
    return turn.reply(
        "sidang_revealed", buttons=turn.buttons(rows), personal=True, ref=sidang.ref, items=items
    )


def _shortlist_ref(session: Session, sidang: Sidang) -> str:
    row = session.get(Shortlist, sidang.shortlist_id)
    assert row is not None
    return row.ref


def _parts(args: str) -> tuple[str | None, list[str]]:
    """(``SK-…`` if given first, the remaining words)."""
    words = args.split()
    if words and SIDANG_REF.match(words[0]):
        return words[0].upper(), words[1:]
    return None, words


def declare(turn: Turn, services: Services, args: str) -> Reply:
    """``/komite konflik K2 <alasan>`` in the private chat: no recommendation on K2 from then
    on, and the minutes say so."""
    if not turn.inbound.private:
        return note(turn, PRIVATE_ONLY)
    audit = audit_of(services)
    if audit is None:
        return turn.reply("unavailable", service="catatan komite")
    ref, words = _parts(args)
    if len(words) < 2 or not CODE.match(words[0]):
        return note(turn, "Format: /komite konflik K<nomor> <alasan singkat>.")
    reason = " ".join(words[1:]).strip()
    found = member_sidang(turn, ref=ref)
    if isinstance(found, Reply):
        return found
    rank = int(words[0][1:])
    account = turn.identity.user_id
    assert account is not None
    if rank not in ranks_of(turn.session, found):
        return note(turn, f"Tidak ada K{rank} di sidang {found.ref}.")
    if rank in barred_ranks(turn.session, found, account):
        return note(turn, f"Konflik Anda dengan K{rank} sudah tercatat.")
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        return note(turn, f"Tulis alasan {MIN_REASON}–{MAX_REASON} karakter.")
    turn.session.commit()
    try:
        record_conflict(
            audit,
            actor=turn.audit_actor(),
            sidang_ref=found.ref,
            account_id=account,
            rank=rank,
            note=reason,
        )
    except SidangClosed:
        return note(turn, f"Sidang {found.ref} sudah ditutup; konflik tidak dicatat.")
    return note(
        turn,
        f"Konflik Anda dengan K{rank} tercatat di sidang {found.ref}. Anda tidak memberi "
        f"rekomendasi untuk K{rank}; berita acara mencatatnya.",
    )


def recommend(turn: Turn, services: Services, args: str) -> list[Reply]:
    """``/komite rekomendasi K1 layak|pertimbangkan|tidak <alasan>`` in the private chat."""
    if not turn.inbound.private:
        return [note(turn, PRIVATE_ONLY)]
    ref, words = _parts(args)
    if len(words) < 3 or not CODE.match(words[0]) or words[1].lower() not in VALUES:
        return [
            note(
                turn,
                "Format: /komite rekomendasi K<nomor> layak|pertimbangkan|tidak <alasan singkat>.",
            )
        ]
    found = member_sidang(turn, ref=ref)
    if isinstance(found, Reply):
        return [found]
    return _record(turn, services, found, int(words[0][1:]), words[1].lower(), " ".join(words[2:]))


def vote_pressed(turn: Turn, services: Services, press: VotePress) -> Reply:
    """A vote button: checked now, recorded when the reason arrives as the next message."""
    found = member_sidang(turn, ref=press.ref)
    if isinstance(found, Reply):
        return found
    refused = _refusal(turn, found, press.rank, press.recommendation)
    if refused is not None:
        return refused
    remember(
        turn.session,
        turn.identity.actor,
        PENDING,
        {"ref": found.ref, "r": press.rank, "v": press.recommendation},
    )
    label = LABEL[Recommendation(press.recommendation)]
    return note(
        turn,
        f"Tulis alasan singkat untuk rekomendasi K{press.rank}: {label} "
        f"({MIN_REASON}–{MAX_REASON} karakter).",
    )


def pending_text(turn: Turn, services: Services, text: str) -> list[Reply] | None:
    """The reason of a pressed vote button, if one waits for it; else ``None``."""
    if not turn.inbound.private:
        return None
    pending = recall(turn.session, turn.identity.actor, PENDING)
    if pending is None:
        return None
    forget(turn.session, turn.identity.actor, PENDING)
    found = member_sidang(turn, ref=str(pending.get("ref", "")))
    if isinstance(found, Reply):
        return [found]
    return _record(turn, services, found, int(pending["r"]), str(pending["v"]), text)


def cancel_pending(turn: Turn) -> None:
    forget(turn.session, turn.identity.actor, PENDING)


def _refusal(turn: Turn, sidang: Sidang, rank: int, recommendation: str) -> Reply | None:
    account = turn.identity.user_id
    assert account is not None
    if recommendation not in VALUES:
        return turn.reply("expired_button")
    if rank not in ranks_of(turn.session, sidang):
        return note(turn, f"Tidak ada K{rank} di sidang {sidang.ref}.")
    if rank in barred_ranks(turn.session, sidang, account):
        return note(turn, f"Anda berkonflik dengan K{rank}; rekomendasi tidak dicatat.")
    if not revealed(turn.session, sidang, account):
        return note(
            turn,
            "Tekan dulu \u201cTampilkan identitas\u201d di pesan sidang (tercatat), lalu "
            "nyatakan konflik bila ada, sebelum memberi rekomendasi.",
        )
    return None


def _record(
    turn: Turn, services: Services, sidang: Sidang, rank: int, recommendation: str, reason: str
) -> list[Reply]:
    audit = audit_of(services)
    if audit is None:
        return [turn.reply("unavailable", service="catatan komite")]
    refused = _refusal(turn, sidang, rank, recommendation)
    if refused is not None:
        return [refused]
    reason = reason.strip()
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        return [note(turn, f"Tulis alasan {MIN_REASON}–{MAX_REASON} karakter. Belum dicatat.")]
    account = turn.identity.user_id
    assert account is not None
    before = set(sidang_outcome(turn.session, sidang.ref).voters)
    turn.session.commit()
    try:
        record_vote(
            audit,
            actor=turn.audit_actor(),
            sidang_ref=sidang.ref,
            account_id=account,
            rank=rank,
            recommendation=recommendation,
            reason=reason,
        )
    except SidangClosed:
        return [note(turn, f"Sidang {sidang.ref} sudah ditutup; rekomendasi tidak dicatat.")]
    except MemberConflicted as exc:
        return [note(turn, str(exc))]
    except CommitteeError:
        return [note(turn, NO_OPEN_SIDANG)]
    label = LABEL[Recommendation(recommendation)]
    replies = [note(turn, f"Rekomendasi Anda untuk K{rank} tercatat: {label}.")]
    if account not in before:  # a new member counted: the group sees the count, not who
        replies.append(
            note(
                turn,
                progress_line(turn.session, sidang.ref),
                chat_id=group_chat(turn.session, sidang),
            )
        )
    return replies
