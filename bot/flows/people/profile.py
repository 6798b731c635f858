"""The ASN's own view: ``/profil`` (talent profile, access history, own nine-box picture) and
``/peluang`` (positions to aim for, with the competency chart of the first)."""

from __future__ import annotations

from dataclasses import replace

from bot.chat import reply_data as answer_data
from bot.chat.access import Action, Target
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows import cases as cases_flow
from bot.flows import pictures
from bot.flows.access_history import history_lines
from bot.ports.services import Services
from db.clock import today_wib


def own_profile(turn: Turn, services: Services, args: str = "") -> Reply:
    ident = turn.identity
    pid = ident.pegawai_id
    inst = services.profiles.locate(pid) if pid is not None else None
    target = Target(pegawai=((pid, inst),)) if pid is not None and inst is not None else Target()
    decision = turn.allow(Action.profile, target)
    if not decision:
        return turn.refused(decision)
    assert pid is not None
    p = services.profiles.profile(pid)
    if p is None:
        return turn.reply("refused", reason="not_found", guest=False)
    # Only here, for the person themselves: the date it names gives away the birth date.
    retirement = services.profiles.retirement(pid)
    if retirement:
        p = replace(p, facts=(*p.facts, ("Batas usia pensiun", retirement)))
    history = history_lines(turn, services, pid, p.instansi_id)
    reply = turn.reply(
        "profile",
        buttons=cases_flow.buttons(turn, services),
        personal=True,
        data=answer_data.own_profile(p, history),
        p=p,
        as_of=p.as_of or today_wib(),
        history=history,
    )
    return pictures.with_own_ninebox(turn, services.caches, reply, pid)


def opportunities(turn: Turn, services: Services, args: str = "") -> Reply:
    pid = turn.identity.pegawai_id
    inst = services.profiles.locate(pid) if pid is not None else None
    target = Target(pegawai=((pid, inst),)) if pid is not None and inst is not None else Target()
    decision = turn.allow(Action.opportunities, target)
    if not decision:
        return turn.refused(decision)
    if services.opportunities is None:
        return turn.reply("unavailable", service="saran peluang jabatan")
    assert pid is not None
    result = services.opportunities.opportunities(pid, limit=5)
    reply = turn.reply(
        "opportunities",
        personal=True,
        data=result,
        items=list(result.items),
        as_of=result.as_of or today_wib(),
    )
    top = next((o for o in result.items if o.jabatan_id is not None), None)
    return pictures.with_target_chart(turn, services.caches, reply, pid, top) if top else reply
