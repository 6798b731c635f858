"""The ASN's right to see (issue 7): profile views are logged; "Riwayat akses" is read back.

Who may read someone's access history is decided by :func:`bot.access.authorize` with
``Action.access_history``: the person themselves, and HR/admin of their agency. The history
names the role and agency of each viewer, never the viewer.
"""

from __future__ import annotations

import logging

from bot.access import Action, Target
from bot.services import Services
from bot.shortlists import actor_for
from bot.turn import Turn
from db.audit import AuditKind, access_history, record_profile_view

log = logging.getLogger("talenta.access_log")

HISTORY_LIMIT = 10

WHAT = {
    AuditKind.SEARCH: "muncul dalam daftar kandidat",
    AuditKind.PROFILE_VIEW: "profil dibuka",
    AuditKind.REVEAL: "identitas ditampilkan pada daftar kandidat",
}


def log_view(turn: Turn, services: Services, pegawai_id: int, view: str) -> None:
    """Record that someone other than the person opened their profile."""
    acc = services.accountability
    if acc is None or turn.identity.pegawai_id == pegawai_id:
        return
    turn.session.commit()  # the audit writer takes the write lock
    record_profile_view(acc.audit, actor=actor_for(turn), pegawai_id=pegawai_id, view=view)


def history_lines(
    turn: Turn, services: Services, pegawai_id: int, instansi_id: int
) -> list[str] | None:
    """The newest access events as Indonesian lines; ``None`` when not allowed or not kept."""
    if services.accountability is None:
        return None
    decision = turn.allow(Action.access_history, Target(pegawai=((pegawai_id, instansi_id),)))
    if not decision:
        return None
    events = access_history(turn.session, pegawai_id, limit=HISTORY_LIMIT)
    lines = []
    for e in events:
        when = e.ts_wib.strftime("%d-%m-%Y %H:%M")
        who = " ".join(x for x in ((e.role or "").upper(), e.instansi or "") if x) or "-"
        rank = f" (peringkat {e.rank})" if e.kind is AuditKind.SEARCH and e.rank else ""
        lines.append(f"{when} WIB — {WHAT.get(e.kind, e.kind.value)}{rank}, oleh {who}")
    log.info("access history read", extra={"pegawai_id": pegawai_id, "events": len(lines)})
    return lines
