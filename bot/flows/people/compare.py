"""Two or three employees side by side: the compare button and ``/bandingkan [n …]`` over the
asker's last list."""

from __future__ import annotations

import re

from bot.chat.access import Action, Identity, Target, shown_nip
from bot.chat.last_list import last_list
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.access_history import log_list
from bot.flows.people.person import locate_all
from bot.ports.services import Profile, Services
from db.clock import today_wib


def compare(turn: Turn, services: Services, ids: list[int]) -> Reply:
    ids = list(dict.fromkeys(int(i) for i in ids))[:3]
    if len(ids) < 2:
        return turn.reply("compare_empty")
    located = locate_all(turn, services, ids)
    if located is None:
        return turn.reply("refused", reason="not_found", guest=False)
    decision = turn.allow(Action.compare, Target(pegawai=located))
    if not decision:
        return turn.refused(decision, hide_existence=True)
    profiles = [p for p in (services.profiles.profile(i) for i in ids) if p is not None]
    rows = [_compare_row(turn.identity, p) for p in profiles]
    log_list(turn, services, "compare", [p.pegawai_id for p in profiles], {})
    as_of = min((p.as_of for p in profiles if p.as_of), default=today_wib())
    return turn.reply("compare", personal=True, rows=rows, as_of=as_of)


def _compare_row(identity: Identity, p: Profile) -> dict[str, object]:
    return {
        "nama": p.nama,
        "nip": shown_nip(identity, p.pegawai_id, p.nip),
        "jabatan": p.jabatan,
        "golongan": p.golongan,
        "facts": list(p.facts),
    }


def compare_last(turn: Turn, services: Services, args: str) -> Reply:
    """The candidates named by their rank (``4 5``) on the list last shown to the asker, or
    its top three; a blind list compares no one until it is revealed."""
    last = last_list(turn.session, turn.identity.actor)
    if last is None or (not last.blind and not last.ids):
        return turn.reply("compare_empty")
    if last.blind:
        return turn.reply("last_list", problem="blind", ref=last.ref, what="membandingkan")
    ids = list(last.ids)
    picks = [int(w) for w in re.findall(r"\d+", args)]
    if picks:
        missing = [rank for rank in picks if last.at_rank(rank) is None]
        if missing:  # never someone else in place of the one named
            return turn.reply(
                "last_list",
                problem="rank",
                rank=missing[0],
                first=last.first,
                last=last.last_rank,
                more=last.page < last.pages,
            )
        ids = [last.at_rank(rank) or 0 for rank in picks]
    return compare(turn, services, ids[:3])
