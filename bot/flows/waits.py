"""Questions awaiting a typed answer: a choice's reason or confirmation, a case's text, a
vote's reason, a unit's name. Each flow keeps its own memo; this is where they are seen and
ended together (a command, a button, "batal")."""

from __future__ import annotations

from bot.chat.callbacks import recall
from bot.chat.turn import Turn
from bot.flows import cases as cases_flow
from bot.flows import people
from bot.flows.committee import votes as committee_votes
from bot.flows.people.candidates import PENDING_UNIT
from bot.flows.shortlists import lifecycle as shortlists


def end_waits(turn: Turn, *, but_unit: bool = False, but_choice: bool = False) -> None:
    """Forget every question awaiting a typed answer, or all but the unit's, or all but the
    choice's (which the choice flow reads, then forgets, itself)."""
    if not but_choice:
        shortlists.cancel_pending(turn)
    cases_flow.cancel_pending(turn)
    committee_votes.cancel_pending(turn)
    if not but_unit:
        people.cancel_pending(turn)


def waiting(turn: Turn) -> bool:
    """Whether any question awaits a typed answer."""
    keys = (
        shortlists.PENDING,
        shortlists.CONFIRM,
        cases_flow.PENDING,
        committee_votes.PENDING,
        PENDING_UNIT,
    )
    return any(recall(turn.session, turn.identity.actor, k) is not None for k in keys)
