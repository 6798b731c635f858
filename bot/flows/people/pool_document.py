"""The talent pool as a spreadsheet (XLSX) for a committee meeting: ``/daftar talentpool
[unit]`` in a private chat, ``talenta dokumen talentpool --instansi KODE`` at the CLI.

Names with masked NIPs for whoever may see the pool by name (as ``/talentpool`` shows them),
counts per box only otherwise. Issuing the file is a ``document`` audit entry with its SHA-256;
the file prints its seal, the seq of that entry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot.chat.access import Action, Target, mask_nip
from bot.chat.replies import Attachment, Reply
from bot.chat.turn import Turn
from bot.media.shortlist_xlsx import PoolSheet, PoolSheetRow, render_pool_xlsx
from bot.ports.services import Services, TalentPoolReader
from db.audit import Actor, AuditLog, EntryRef, Subject, issue_document
from db.clock import today_wib
from db.engine import Session
from db.models import Instansi

log = logging.getLogger("talenta.documents")

POOL_LIMIT = 5000  # rows in the sheet: far above any agency's boxes 7–9


@dataclass(frozen=True)
class PoolDocument:
    content: bytes
    sha256: str
    entry: EntryRef
    people: int
    filename: str


def generate_pool(
    audit: AuditLog,
    reader: TalentPoolReader,
    *,
    scope: frozenset[int],
    unit: str | None,
    actor: Actor,
    show_names: bool = True,
) -> PoolDocument:
    """Read the pool of ``scope`` (``unit`` and the units under it), render, record."""
    pool = reader.pool(scope=scope, unit=unit, limit=POOL_LIMIT)
    with Session(audit.engine) as s:
        names = sorted(i.nama for i in (s.get(Instansi, k) for k in scope) if i is not None)
        kodes = sorted(i.kode for i in (s.get(Instansi, k) for k in scope) if i is not None)
    entries = pool.entries if show_names else ()
    sheet = PoolSheet(
        instansi=", ".join(names) or "-",
        unit=pool.unit,
        tanggal=pool.as_of or today_wib(),
        rows=[PoolSheetRow(e.nama, mask_nip(e.nip), e.jabatan, e.kotak, e.tahun) for e in entries],
        box_counts=dict(pool.box_counts),
        show_names=show_names,
    )
    issued = issue_document(
        audit,
        actor,
        lambda seal: render_pool_xlsx(replace(sheet, seal=seal)),
        {
            "document": "talentpool_xlsx",
            "format": "xlsx",
            "instansi": kodes,
            "unit": pool.unit,
            "named": len(entries),
        },
        [Subject(e.pegawai_id, rank) for rank, e in enumerate(entries, start=1)],
    )
    log.info(
        "talent pool document generated",
        extra={"seq": issued.entry.seq, "named": len(entries), "agencies": len(kodes)},
    )
    stem = "-".join(kodes) or "instansi"
    return PoolDocument(
        issued.content, issued.sha256, issued.entry, len(entries), f"talentpool-{stem}.xlsx"
    )


def pool_document(turn: Turn, services: Services, unit: str) -> Reply:
    """``/daftar talentpool [unit]``: the asker's agencies, names as ``/talentpool`` shows."""
    acc = services.accountability
    if acc is None:
        return turn.reply("unavailable", service="dokumen talent pool")
    target = Target(instansi_ids=turn.identity.instansi_ids)
    decision = turn.allow(Action.talentpool, target)
    if decision:
        decision = turn.allow(Action.document, target)
    if not decision:
        return turn.refused(decision)
    turn.session.commit()  # the audit writer takes the write lock
    made = generate_pool(
        acc.audit,
        services.talentpool,
        scope=turn.identity.instansi_ids,
        unit=unit.strip() or None,
        actor=turn.audit_actor(),
    )
    reply = turn.reply("pool_document_ready", personal=True, n=made.people, seal=made.entry.seq)
    caption = "Talent pool — rahasia, jangan diteruskan."
    return replace(
        reply,
        attachment=Attachment(made.filename, made.content, kind="document", caption=caption),
    )
