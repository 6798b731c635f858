"""The PPK's final choice after a sidang: ``/komite pilih SK-… K2 [alasan]`` in the PPK's
private chat.

Recording it issues the berita acara again, now naming the final choice and, when it differs
from the committee's first place, the PPK's reason; each member and the PPK get the new copy
privately.

The choice is the recorded shortlist's (``db/audit/choice.py``: its own rules on a reason
outside the top three or the succession group still apply); the sidang adds one entry naming
the code, the committee's first place and, when the choice differs from it, the reason. A
choice that differs from the committee's order needs that reason; without quorum there is no
order to differ from.
"""

from __future__ import annotations

import re

from bot.chat.access import Action, Target
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.committee.common import audit_of, is_closed, note
from bot.flows.committee.sidang import minutes_replies
from bot.ports.services import Services
from db.audit import ChoiceRefused, ShortlistError, choose_candidate
from db.audit.choice import MIN_REASON_CHARS
from db.audit.committee import SidangNotFound, closing, get_sidang, record_final_choice
from db.audit.shortlist import candidate_rows
from db.models import Committee, Shortlist

ARGS = re.compile(r"^(?P<ref>SK-\d{4}-\d{6})\s+[Kk](?P<rank>\d{1,3})(?:\s+(?P<reason>.+))?$", re.S)
USAGE = "Format: /komite pilih SK-… K<nomor> [alasan bila berbeda dari urutan komite]."


def choose(turn: Turn, services: Services, args: str) -> Reply | list[Reply]:
    """Record the PPK's final choice on a closed sidang (private chat, the PPK of the
    committee's agency)."""
    audit = audit_of(services)
    if audit is None:
        return turn.reply("unavailable", service="catatan komite")
    if not turn.inbound.private:
        return note(turn, "Pilihan akhir PPK dicatat lewat chat pribadi dengan bot.")
    m = ARGS.match(args.strip())
    if m is None:
        return note(turn, USAGE)
    try:
        sidang = get_sidang(turn.session, m["ref"])
    except SidangNotFound:
        return note(turn, f"Sidang {m['ref'].upper()} tidak ditemukan.")
    committee = turn.session.get(Committee, sidang.committee_id)
    assert committee is not None and sidang.id is not None
    decision = turn.allow(Action.choose, Target(instansi_ids=frozenset({committee.instansi_id})))
    if not decision:
        return note(turn, "Hanya PPK instansi komite ini yang mencatat pilihan akhir.")
    if not is_closed(turn.session, sidang):
        return note(turn, f"Sidang {sidang.ref} belum ditutup; pilihan akhir dicatat setelahnya.")
    rank = int(m["rank"])
    by_rank = {c.rank: c.pegawai_id for c in candidate_rows(turn.session, sidang.shortlist_id)}
    if rank not in by_rank:
        return note(turn, f"Tidak ada K{rank} di sidang {sidang.ref}.")
    closed = closing(turn.session, sidang.id)
    assert closed is not None
    order = closed.result.get("urutan") or []
    first = [int(code[1:]) for code in order[0]] if order else []
    reason = (m["reason"] or "").strip() or None
    differs = bool(first) and rank not in first
    if differs and (reason is None or len(reason) < MIN_REASON_CHARS):
        codes = " = ".join(f"K{r}" for r in first)
        return note(
            turn,
            f"K{rank} berbeda dari urutan pertama komite ({codes}). Tuliskan alasannya "
            f"(minimal {MIN_REASON_CHARS} karakter): /komite pilih {sidang.ref} K{rank} <alasan>.",
        )
    shortlist = turn.session.get(Shortlist, sidang.shortlist_id)
    assert shortlist is not None
    turn.session.commit()
    try:
        choose_candidate(
            audit,
            actor=turn.audit_actor(),
            ref=shortlist.ref,
            pegawai_id=by_rank[rank],
            reason=reason,
        )
    except (ChoiceRefused, ShortlistError) as exc:
        return note(turn, str(exc))
    record_final_choice(
        audit,
        actor=turn.audit_actor(),
        sidang_ref=sidang.ref,
        rank=rank,
        first_place=first,
        reason=reason,
    )
    how = "berbeda dari urutan komite; alasan tercatat" if differs else "sesuai urutan komite"
    if not first:
        how = "sidang tanpa kuorum, tanpa urutan komite"
    done = note(turn, f"Pilihan akhir PPK untuk sidang {sidang.ref} tercatat: K{rank} ({how}).")
    # The berita acara is issued again, now with the final choice (and its reason).
    return [done, *minutes_replies(audit, sidang.ref, actor=turn.audit_actor())]
