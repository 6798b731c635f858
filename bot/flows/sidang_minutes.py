"""The minutes (berita acara) of a closed sidang komite: one sealed copy per recipient.

:func:`issue_minutes` is what a sidang's closing step calls: for each recipient
(:func:`bot.ports.committee_minutes.minutes_recipients`: the members still members and the
committee's PPK, never a group) it renders that recipient's copy, naming only the candidates
the recipient has a recorded reveal for, records it as a ``document`` entry holding the file's
SHA-256 (the file prints its seal, the seq of that entry), and returns a private, protected
document reply addressed to the recipient's private chat. :func:`issue_minutes_file` makes
one copy for a given viewer (``None``: codes only, the copy for HR or an inspector at the CLI).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from bot.chat.render import Renderer
from bot.chat.replies import Attachment, Reply
from bot.media.minutes_pdf import MinutesDocument, render_minutes_pdf
from bot.media.minutes_xlsx import render_minutes_xlsx
from bot.ports.committee_minutes import (
    Recipient,
    minutes_recipients,
    sidang_minutes,
)
from db.audit import Actor, AuditLog, EntryRef, Subject, issue_document
from db.audit.committee import get_sidang
from db.audit.shortlist import candidate_rows
from db.engine import Session
from db.models import BotUser

log = logging.getLogger("talenta.documents")

MinutesFormat = Literal["pdf", "xlsx"]
RENDERERS: dict[str, Callable[[MinutesDocument], bytes]] = {
    "pdf": render_minutes_pdf,
    "xlsx": render_minutes_xlsx,
}
CODES_ONLY = "salinan tanpa nama kandidat (HR/pemeriksa)"


@dataclass(frozen=True)
class IssuedMinutes:
    sidang_ref: str
    filename: str
    content: bytes
    sha256: str
    entry: EntryRef
    named: int  # candidates named in this copy
    candidates: int


@dataclass(frozen=True)
class MinutesDelivery:
    """One recipient's copy: send ``reply`` to ``chat_id`` (a private chat)."""

    chat_id: int
    account_id: int
    reply: Reply
    issued: IssuedMinutes


def issue_minutes_file(
    audit: AuditLog,
    sidang_ref: str,
    *,
    actor: Actor,
    viewer_account: int | None,
    recipient_label: str,
    fmt: MinutesFormat = "pdf",
) -> IssuedMinutes:
    """Render ``viewer_account``'s copy of the minutes with its seal and record it as a
    ``document`` entry ("berita acara") with the file's SHA-256."""
    with Session(audit.engine) as s:
        minutes = sidang_minutes(s, sidang_ref, viewer_account)
        sidang = get_sidang(s, minutes.sidang_ref)
        by_rank = {c.rank: c.pegawai_id for c in candidate_rows(s, sidang.shortlist_id)}
    doc = MinutesDocument(minutes, recipient_label)
    render = RENDERERS[fmt]
    named = sorted(minutes.named)
    issued = issue_document(
        audit,
        actor,
        lambda seal: render(replace(doc, seal=seal)),
        {
            "document": f"berita_acara_{fmt}",
            "format": fmt,
            "sidang_ref": minutes.sidang_ref,
            "shortlist_ref": minutes.shortlist_ref,
            "recipient_account": viewer_account,
            "blind": len(named) < len(minutes.candidates),
            "named": len(named),
        },
        [Subject(by_rank[r], r) for r in named],
    )
    log.info(
        "minutes issued",
        extra={
            "sidang": minutes.sidang_ref,
            "seq": issued.entry.seq,
            "format": fmt,
            "named": len(named),
            "recipient": viewer_account,
        },
    )
    return IssuedMinutes(
        minutes.sidang_ref,
        f"berita-acara-{minutes.sidang_ref}.{fmt}",
        issued.content,
        issued.sha256,
        issued.entry,
        len(named),
        len(minutes.candidates),
    )


def issue_minutes(
    audit: AuditLog,
    sidang_ref: str,
    *,
    actor: Actor,
    fmt: MinutesFormat = "pdf",
    renderer: Renderer | None = None,
) -> list[MinutesDelivery]:
    """One sealed copy per recipient of a closed sidang's minutes, each as a private,
    protected document reply for the recipient's own chat (never the group).

    Raises :class:`bot.ports.committee_minutes.SidangStillOpen` before the sidang is closed.
    """
    with Session(audit.engine) as s:
        recipients: list[tuple[Recipient, str]] = []
        for r in minutes_recipients(s, sidang_ref):
            user = s.get(BotUser, r.account_id)
            recipients.append((r, user.nama if user is not None else f"akun #{r.account_id}"))
    render = renderer or Renderer()
    out: list[MinutesDelivery] = []
    for recipient, nama in recipients:
        made = issue_minutes_file(
            audit,
            sidang_ref,
            actor=actor,
            viewer_account=recipient.account_id,
            recipient_label=nama,
            fmt=fmt,
        )
        html = render.render(
            "minutes_ready",
            ref=made.sidang_ref,
            fmt=fmt.upper(),
            named=made.named,
            n=made.candidates,
            seal=made.entry.seq,
        )
        caption = f"Berita acara {made.sidang_ref} — rahasia, jangan diteruskan."
        reply = Reply(
            "minutes_ready",
            html,
            personal_data=True,  # protected: cannot be forwarded or saved
            attachment=Attachment(made.filename, made.content, kind="document", caption=caption),
        )
        out.append(MinutesDelivery(recipient.telegram_id, recipient.account_id, reply, made))
    return out
