"""An ASN flags a data error or contests a nine-box placement from /profil.

The button asks for a short description as the next text message (kept in the database, not
in memory); the case goes to the HR queue (`talenta cases list|resolve`). When HR resolves it
the ASN is told at the start of their next turn.
"""

from __future__ import annotations

import logging

from bot.chat.access import Action, Role, Target
from bot.chat.callbacks import forget, recall, remember
from bot.chat.presses import CasePress
from bot.chat.replies import Button, Reply
from bot.chat.turn import Turn
from bot.ports.services import Services
from db.audit import CaseError, CaseKind, mark_notified, open_case, unnotified_resolutions
from db.audit.cases import CASE_KIND_LABEL

log = logging.getLogger("talenta.cases")

PENDING = "pending_case"


def buttons(turn: Turn, services: Services) -> tuple[tuple[Button, ...], ...]:
    if services.accountability is None:
        return ()
    return (
        (
            turn.button("Laporkan kesalahan data", CasePress(CaseKind.DATA_ERROR)),
            turn.button("Keberatan nine-box", CasePress(CaseKind.NINEBOX)),
        ),
    )


def _self_target(turn: Turn, services: Services) -> tuple[Target, int | None]:
    pid = turn.identity.pegawai_id
    inst = services.profiles.locate(pid) if pid is not None else None
    if pid is None or inst is None:
        return Target(), None
    return Target(pegawai=((pid, inst),)), inst


def ask(turn: Turn, services: Services, case_kind: CaseKind) -> Reply:
    target, _ = _self_target(turn, services)
    decision = turn.allow(Action.profile, target)
    if not decision or services.accountability is None:
        return turn.refused(decision) if not decision else turn.reply("expired_button")
    remember(turn.session, turn.identity.actor, PENDING, {"k": case_kind.value})
    ninebox = case_kind is CaseKind.NINEBOX
    return turn.reply("case_ask", label=CASE_KIND_LABEL[case_kind], ninebox=ninebox)


def pending_text(turn: Turn, services: Services, text: str) -> Reply | None:
    pending = recall(turn.session, turn.identity.actor, PENDING)
    acc = services.accountability
    if pending is None or acc is None:
        return None
    target, inst = _self_target(turn, services)
    decision = turn.allow(Action.profile, target)
    forget(turn.session, turn.identity.actor, PENDING)
    if not decision:
        return turn.refused(decision)
    assert turn.identity.pegawai_id is not None
    turn.session.commit()
    try:
        case = open_case(
            acc.audit,
            actor=turn.audit_actor(),
            pegawai_id=turn.identity.pegawai_id,
            instansi_id=inst,
            kind=str(pending["k"]),
            text=text,
        )
    except CaseError as exc:
        return turn.reply("shortlist_error", message=str(exc))
    log.info("case opened", extra={"case_id": case.id, "kind": case.kind})
    return turn.reply("case_opened", case_id=case.id, label=CASE_KIND_LABEL[CaseKind(case.kind)])


def cancel_pending(turn: Turn) -> None:
    forget(turn.session, turn.identity.actor, PENDING)


def resolutions(turn: Turn, services: Services) -> list[Reply]:
    """Tell an ASN about their resolved cases (once each), at the start of their turn."""
    ident = turn.identity
    if (
        services.accountability is None
        or ident.role is not Role.asn
        or ident.pegawai_id is None
        or not ident.is_bound
        or not turn.inbound.private
    ):
        return []
    replies = []
    for case in unnotified_resolutions(turn.session, pegawai_id=ident.pegawai_id):
        replies.append(
            turn.reply(
                "case_resolved",
                personal=True,
                case_id=case.id,
                label=CASE_KIND_LABEL[CaseKind(case.kind)],
                resolution=case.resolution or "-",
            )
        )
        assert case.id is not None
        mark_notified(turn.session, case.id)
    return replies
