"""Choice with reason: "Pilih N" on a recorded list, or ``/daftar SL-… pilih NIP``.

The rules are ``db.audit.choice``'s: outside the top three or outside the succession group a
written reason is asked for; an ineligible person needs the legal ground of the exception
(Pasal 107 ayat (2) PP 11/2017: the President's prior approval) and its reference. The reason
is taken from the next text message; the pending choice is kept in the database.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.chat.access import Action, Target
from bot.chat.callbacks import forget, recall, remember
from bot.chat.last_list import last_list
from bot.chat.presses import ChoiceCancelPress, ChoosePress
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows.people.person import record_attempt
from bot.flows.shortlists.lifecycle import CONFIRM, PENDING
from bot.flows.shortlists.recorded import open_recorded
from bot.ports.list_facts import eligible_for, succession_membership
from bot.ports.services import Accountability, Services
from db.audit import (
    ChoiceRefused,
    LegalException,
    ShortlistError,
    ShortlistView,
    choice_requirements,
    choose_candidate,
    reopen_shortlist,
)
from db.audit.choice import MIN_REASON_CHARS
from db.clock import now_wib, today_wib

log = logging.getLogger("talenta.shortlists")
CONFIRM_WAIT = timedelta(minutes=15)  # a typed "ya" later than this confirms nothing

Facts = tuple[bool | None, bool | None]  # (eligible, in succession group) of someone off-list


def choose_named(
    turn: Turn, services: Services, ref: str, who: str, *, confirmed: bool = True
) -> Reply:
    """``/daftar SL-… pilih 4`` (rank on the list) or ``pilih NIP`` (anyone of the list's
    agency, on it or not: eligibility and succession group are worked out here).
    ``confirmed=False`` for a choice read from words ("pilih yang kedua"): asked about first."""
    if services.accountability is None:
        return turn.reply("unavailable", service="catatan daftar kandidat")
    opened = open_recorded(turn, ref, Action.choose)
    if isinstance(opened, Reply):
        return opened
    if who.isdigit() and len(who) <= 3:
        by_rank = {c.rank: c.pegawai_id for c in opened.candidates}
        if int(who) not in by_rank:
            return turn.reply("choice_refused", message=f"Tidak ada peringkat {who} di {ref}.")
        return choose(turn, services, opened.ref, by_rank[int(who)], confirmed=confirmed)
    scope = frozenset(int(i) for i in opened.rendered.get("scope", []))
    hits = services.profiles.find(who, scope=scope)
    if not hits:
        record_attempt(turn, services, Action.choose, who)
    # Someone of another agency: refused (and recorded), answered like "not found".
    if len(hits) != 1 or not turn.allow(Action.choose, Target(pegawai=(hits[0],))):
        return turn.reply("refused", reason="not_found", guest=False)
    if hits[0][1] not in scope:
        return turn.reply("refused", reason="not_found", guest=False)
    pid = hits[0][0]
    if any(c.pegawai_id == pid for c in opened.candidates):
        return choose(turn, services, opened.ref, pid)
    on = today_wib()
    group = succession_membership(turn.session, opened.jabatan_id, [pid], on)
    facts = (
        eligible_for(turn.session, opened.jabatan_id, pid, on),
        None if group is None else group[pid],
    )
    return choose(turn, services, opened.ref, pid, facts=facts)


def choose(
    turn: Turn,
    services: Services,
    ref: str,
    pegawai_id: int,
    *,
    facts: Facts | None = None,
    confirmed: bool = True,
) -> Reply:
    """Record the choice, or ask what it still needs. ``facts`` (eligible, in succession
    group) only for someone who is not on the list.

    A choice is recorded once and for good, so nothing records it by accident: one that needs
    no reason is first asked about ("Catat pilihan ini?") unless ``confirmed`` (a typed command
    names its pick; "Ya, catat" confirms a press); one that needs a reason asks for it, then
    shows the reason and asks again. ``confirmed`` records a reason only from that second
    question, for the same list and person."""
    acc = services.accountability
    if acc is None:
        return turn.reply("expired_button")
    asked = recall(turn.session, turn.identity.actor, CONFIRM) if confirmed else None
    forget(turn.session, turn.identity.actor, CONFIRM)
    forget(turn.session, turn.identity.actor, PENDING)  # a new pick ends an older wait
    opened = open_recorded(turn, ref, Action.choose)
    if isinstance(opened, Reply):
        return opened
    view = opened
    if view.chosen_pegawai_id is not None:
        return turn.reply(
            "shortlist_error", message=f"Pilihan untuk daftar {view.ref} sudah dicatat."
        )
    eligible, group = facts or (None, None)
    same = asked is not None and asked.get("ref") == view.ref and asked.get("p") == pegawai_id
    if asked is not None and same:
        eligible, group = asked.get("e", eligible), asked.get("g", group)
    try:
        req = choice_requirements(
            turn.session, view.ref, pegawai_id, eligible=eligible, in_succession_group=group
        )
    except (ChoiceRefused, ShortlistError) as exc:
        return turn.reply("choice_refused", message=str(exc))
    if not req.reason_required:
        if not confirmed:
            return _confirm(turn, services, view, pegawai_id, req.rank)
        return _record(turn, acc, view.ref, pegawai_id, reason=None, approval=None)
    reason = asked.get("reason") if asked is not None and same else None
    if isinstance(reason, str) and asked is not None:
        approval = asked.get("approval")
        return _record(
            turn,
            acc,
            view.ref,
            pegawai_id,
            reason=reason,
            approval=approval if isinstance(approval, str) else None,
            facts=(eligible, group),
        )
    remember(
        turn.session,
        turn.identity.actor,
        PENDING,
        {
            "ref": view.ref,
            "p": pegawai_id,
            "legal": req.legal_ground_required,
            "e": eligible,
            "g": group,
            "at": now_wib().isoformat(),
        },
    )
    return turn.reply(
        "choice_reason",
        rank=req.rank,
        ref=view.ref,
        why=list(req.why),
        legal=req.legal_ground_required,
        min_chars=MIN_REASON_CHARS,
    )


def _confirm(
    turn: Turn,
    services: Services,
    view: ShortlistView,
    pegawai_id: int,
    rank: int | None,
    *,
    reason: dict[str, Any] | None = None,
) -> Reply:
    """ "Catat pilihan ini?" with the pick as the list showed it to this asker: by name only
    when the list was shown with names, or this asker revealed it; else by its rank and
    blind details. ``reason``: the typed reason (and approval) the choice will carry."""
    items: list[dict[str, Any]] = view.rendered.get("items", [])
    row: dict[str, Any] = next((r for r in items if r.get("rank") == rank), {})
    shown = not view.blind or _revealed_to_asker(turn, view.ref)
    name = row.get("nama") if shown else None
    if shown and not name:
        profile = services.profiles.profile(pegawai_id)
        name = profile.nama if profile is not None else None
    hidden = row.get("blind")
    blind: dict[str, Any] = hidden if isinstance(hidden, dict) else {}
    remember(
        turn.session,
        turn.identity.actor,
        CONFIRM,
        {"ref": view.ref, "p": pegawai_id, "at": now_wib().isoformat(), **(reason or {})},
    )
    buttons = turn.buttons(
        [
            [
                ("Ya, catat pilihan", ChoosePress(view.ref, pegawai_id, confirmed=True)),
                ("Batal", ChoiceCancelPress(view.ref)),
            ]
        ]
    )
    return turn.reply(
        "choice_confirm",
        buttons=buttons,
        personal=name is not None,
        ref=view.ref,
        rank=rank,
        nama=name,
        jabatan=row.get("jabatan") if shown else None,
        golongan=blind.get("golongan"),
        kotak=blind.get("kotak"),
        reason=(reason or {}).get("reason"),
        approval=(reason or {}).get("approval"),
    )


def _revealed_to_asker(turn: Turn, ref: str) -> bool:
    """Whether the list ``ref`` is, for this asker, the one they last saw with names (they
    revealed it themselves): someone else's reveal shows this asker nothing."""
    last = last_list(turn.session, turn.identity.actor)
    return last is not None and last.ref == ref and not last.blind


def cancelled(turn: Turn, ref: str) -> Reply:
    """ "Batal": nothing recorded; the list's "Pilih N" buttons still work."""
    forget(turn.session, turn.identity.actor, PENDING)
    forget(turn.session, turn.identity.actor, CONFIRM)
    return turn.reply("choice_cancelled", ref=ref)


def confirmed_by_typing(turn: Turn, services: Services) -> Reply | None:
    """A typed "ya" to "Catat pilihan ini?" asked at most ``CONFIRM_WAIT`` ago: the choice it
    asked about, recorded (authorised again); ``None`` when no such question awaits."""
    pending = recall(turn.session, turn.identity.actor, CONFIRM)
    if pending is None or _late(pending):
        forget(turn.session, turn.identity.actor, CONFIRM)
        return None
    return choose(turn, services, str(pending.get("ref")), int(pending.get("p", 0)))


def _late(pending: dict[str, Any]) -> bool:
    at = datetime.fromisoformat(str(pending.get("at", "1970-01-01T00:00:00+00:00")))
    return now_wib() - at > CONFIRM_WAIT


def pending_reason(turn: Turn, services: Services, text: str) -> Reply | None:
    """The reason for a choice awaiting one, if this text message is it; else ``None``. A
    question ("kotak 5 itu maksudnya apa?") is no reason: it is answered as any message, and
    the choice still awaits its reason. A reason is not recorded yet: it is shown back with
    "Catat pilihan ini?", so a message meant as something else is never recorded as one."""
    pending = recall(turn.session, turn.identity.actor, PENDING)
    acc = services.accountability
    if pending is None or acc is None or text.strip().endswith("?"):
        return None
    if _late(pending):
        forget(turn.session, turn.identity.actor, PENDING)
        return None
    approval: str | None = None
    reason = text.strip()
    if pending.get("legal"):
        head, sep, tail = reason.partition("|")
        if sep:
            approval, reason = head.strip(), tail.strip()
    problem = _reason_problem(reason, approval, legal=bool(pending.get("legal")))
    if problem is not None:
        return turn.reply("choice_refused", message=problem)  # the reason is still awaited
    # Authorised again: the asker may have lost access since the button was pressed.
    opened = open_recorded(turn, str(pending["ref"]), Action.choose)
    forget(turn.session, turn.identity.actor, PENDING)
    if isinstance(opened, Reply):
        return opened
    pid = int(pending["p"])
    rank = next((c.rank for c in opened.candidates if c.pegawai_id == pid), None)
    typed = {"reason": reason, "approval": approval, "e": pending.get("e"), "g": pending.get("g")}
    return _confirm(turn, services, opened, pid, rank, reason=typed)


def reason_awaited(turn: Turn, services: Services) -> Reply | None:
    """When a choice still awaits its reason: the reply saying so (a typed "ya" is no reason,
    however long: "Ya, catat pilihan Pak" must not become one); else ``None``."""
    pending = recall(turn.session, turn.identity.actor, PENDING)
    if pending is None or services.accountability is None or _late(pending):
        return None
    problem = _reason_problem("", None, legal=bool(pending.get("legal")))
    return turn.reply("choice_refused", message=problem)


def _reason_problem(reason: str, approval: str | None, *, legal: bool) -> str | None:
    """What the record would refuse in a typed reason, said before asking to confirm it (the
    audit's own check, :func:`db.audit.choose_candidate`, stays the authority)."""
    if len(reason) < MIN_REASON_CHARS:
        return (
            f"Tuliskan alasan pilihan ini (minimal {MIN_REASON_CHARS} karakter), atau ketik "
            "batal untuk membatalkan pilihan dan bertanya hal lain."
        )
    if legal and not (approval or "").strip():
        return (
            "Pegawai ini tidak memenuhi persyaratan jabatan. Tulis nomor dan tanggal "
            "persetujuan Presiden, tanda |, lalu alasannya (Pasal 107 ayat (2) PP 11/2017)."
        )
    return None


def _record(
    turn: Turn,
    acc: Accountability,
    ref: str,
    pegawai_id: int,
    *,
    reason: str | None,
    approval: str | None,
    facts: Facts = (None, None),
) -> Reply:
    turn.session.commit()
    try:
        result = choose_candidate(
            acc.audit,
            actor=turn.audit_actor(),
            ref=ref,
            pegawai_id=pegawai_id,
            reason=reason,
            exception=LegalException(approval_ref=approval) if approval else None,
            eligible=facts[0],
            in_succession_group=facts[1],
        )
    except ChoiceRefused as exc:
        log.info("choice refused", extra={"ref": ref, "code": exc.code})
        return turn.reply("choice_refused", message=str(exc))
    except ShortlistError as exc:
        forget(turn.session, turn.identity.actor, PENDING)
        return turn.reply("shortlist_error", message=str(exc))
    forget(turn.session, turn.identity.actor, PENDING)
    rank = next(
        (
            c.rank
            for c in reopen_shortlist(turn.session, ref).candidates
            if c.pegawai_id == pegawai_id
        ),
        None,
    )
    log.info(
        "choice recorded",
        extra={"ref": ref, "kind": result.kind.value, "seq": result.entry.seq},
    )
    return turn.reply(
        "choice_recorded", ref=ref, rank=rank, override=result.kind.value == "override"
    )
