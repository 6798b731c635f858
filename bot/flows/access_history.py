"""The ASN's right to see (UU 27/2022 Pasal 32): reads and refusals go to the audit chain;
"Riwayat akses" shows them.

- Profile views (:func:`log_view`) and lists of named people other than candidate lists — the
  talent pool, name-lookup results, comparisons (:func:`log_list`) — are ``search`` /
  ``profile_view`` entries with the employees shown, in order, as subjects.
- A document issued (shortlist PDF/XLSX, talent-pool XLSX, data-subject export) is a
  ``document`` entry whose subjects are the people it names: it is in their history too.
- Every refusal of a personal-data request (:func:`refusal_hook`, called by ``Turn.allow``)
  and every press of a button that is not the asker's (:func:`refused_button`) is a
  ``refusal`` entry: actor (account, role, agency), action, reason code, target ids.

Who may read someone's access history is decided by :func:`bot.chat.access.authorize` with
``Action.access_history``: the person themselves, and HR of their agency. The history names
the role and agency of each viewer, never the viewer.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from bot.chat.access import PERSONAL, Action, Decision, Target
from bot.chat.callbacks import stored
from bot.chat.presses import unpack
from bot.chat.turn import Turn
from bot.ports.services import Services
from db.audit import (
    AuditKind,
    Subject,
    access_history,
    record_profile_view,
    record_refusal,
    record_search,
)
from db.clock import today_wib, waktu_wib

log = logging.getLogger("talenta.access_log")

HISTORY_LIMIT = 10

WHAT = {
    AuditKind.SEARCH: "muncul dalam daftar",
    AuditKind.PROFILE_VIEW: "profil dibuka",
    AuditKind.REVEAL: "identitas ditampilkan pada daftar kandidat",
    AuditKind.DOCUMENT: "tercantum dalam dokumen yang diterbitkan",
}
# Which document named the person (``AccessEvent.source`` of a ``document`` entry).
DOCUMENTS = {
    "shortlist_pdf": "tercantum dalam dokumen PDF daftar kandidat",
    "shortlist_xlsx": "tercantum dalam dokumen XLSX daftar kandidat",
    "talentpool_xlsx": "tercantum dalam dokumen XLSX talent pool",
    "ekspor_data_subjek": "data pribadi diekspor atas permintaan subjek data",
}
# Which list a search entry was (``AccessEvent.source``); the rank reads as its order in it.
LISTS = {
    "shortlist": ("muncul dalam daftar kandidat", "peringkat"),
    "talentpool": ("muncul dalam daftar talent pool", "urutan"),
    "name_lookup": ("muncul dalam hasil pencarian nama/NIP", "urutan"),
    "compare": ("dibandingkan dengan pegawai lain", "urutan"),
}


def log_view(turn: Turn, services: Services, pegawai_id: int, view: str) -> None:
    """Record that someone other than the person opened their profile."""
    acc = services.accountability
    if acc is None or turn.identity.pegawai_id == pegawai_id:
        return
    turn.session.commit()  # the audit writer takes the write lock
    record_profile_view(acc.audit, actor=turn.audit_actor(), pegawai_id=pegawai_id, view=view)


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
        when = waktu_wib(e.ts)
        who = " ".join(x for x in ((e.role or "").upper(), e.instansi or "") if x) or "-"
        what = WHAT.get(e.kind, e.kind.value)
        rank = ""
        if e.kind is AuditKind.SEARCH:
            what, word = LISTS.get(e.source or "", (what, "urutan"))
            rank = f" ({word} {e.rank})" if e.rank else ""
        elif e.kind is AuditKind.DOCUMENT:
            what = DOCUMENTS.get(e.source or "", what)
        lines.append(f"{when} WIB — {what}{rank}, oleh {who}")
    log.info("access history read", extra={"pegawai_id": pegawai_id, "events": len(lines)})
    return lines


def log_list(
    turn: Turn,
    services: Services,
    kind: str,
    pegawai_ids: Sequence[int],
    request: dict[str, Any],
) -> None:
    """Record a list of named (or masked) people as shown, in order: a ``search`` entry.

    ``kind`` is ``talentpool``, ``name_lookup`` or ``compare`` (see ``LISTS``); the asker's
    own row is not an access by someone else and is left out.
    """
    acc = services.accountability
    shown = [p for p in dict.fromkeys(pegawai_ids) if p != turn.identity.pegawai_id]
    if acc is None or not shown:
        return
    turn.session.commit()  # the audit writer takes the write lock
    entry = record_search(
        acc.audit,
        actor=turn.audit_actor(),
        request={"list": kind, "scope": sorted(turn.identity.instansi_ids), **request},
        shown=[Subject(pid, rank, None) for rank, pid in enumerate(shown, start=1)],
        model="",
        index_version="",
        data_snapshot=today_wib().isoformat(),
        config_hash=acc.config_hash,
    )
    log.info("list recorded", extra={"list": kind, "count": len(shown), "seq": entry.seq})


RefusalHook = Callable[[Turn, Action, Target, Decision], None]


def refusal_hook(services: Services) -> RefusalHook | None:
    """What ``Turn.allow`` calls on a refusal: personal-data refusals become chain entries."""
    if services.accountability is None:
        return None

    def record(turn: Turn, action: Action, target: Target, decision: Decision) -> None:
        if action not in PERSONAL:
            return
        _refusal(
            turn,
            audit_action=action.value,
            reason=decision.reason,
            target={
                "pegawai_ids": [p for p, _ in target.pegawai],
                "instansi_ids": sorted(target.instansi_ids),
            },
            services=services,
        )

    return record


def refused_button(turn: Turn, services: Services, token: str) -> None:
    """A button press the core could not load. Someone else's token, or one that never existed
    (a forged callback, or a long-expired button whose payload was cleaned up), is a refusal;
    the asker's own expired button is not."""
    if services.accountability is None:
        return
    row = stored(turn.session, token)
    if row is not None and row.owner == turn.identity.actor:
        return
    target: dict[str, Any] = {"token_sha256_prefix": _token_digest(token)}
    if row is not None:
        target["button"] = row.action
        press = unpack(row.action, row.data)
        target["pegawai_ids"] = list(press.pegawai_ids()) if press else []
        ref = press.shortlist_ref() if press else None
        if ref is not None:
            target["shortlist_ref"] = ref
    _refusal(
        turn,
        audit_action="callback",
        reason="unknown_token" if row is None else "foreign_token",
        target=target,
        services=services,
    )


def _refusal(
    turn: Turn, *, audit_action: str, reason: str, target: dict[str, Any], services: Services
) -> None:
    acc = services.accountability
    if acc is None:
        return
    turn.session.commit()  # the audit writer takes the write lock
    entry = record_refusal(
        acc.audit, actor=turn.audit_actor(), action=audit_action, reason=reason, target=target
    )
    log.info("refusal recorded", extra={"action": audit_action, "reason": reason, "seq": entry.seq})


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:16]
