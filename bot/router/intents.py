"""What a free-text message can ask for, and which of those each role may use.

The router (:mod:`bot.router.classifier`) picks one :class:`Intent` per message; the assistant
maps it onto a flow. Whether a role may use an intent's flow is read from the one access
matrix (:data:`bot.chat.access.ALLOWED`), so the router never disagrees with the flows.
"""

from __future__ import annotations

from enum import StrEnum

from bot.chat.access import ALLOWED, Action, Role


class Intent(StrEnum):
    search_post = "search_post"  # candidates for a named position
    search_need = "search_need"  # candidates for a described need (skills, experience)
    person = "person"  # one named employee (by name or NIP)
    profile = "profile"  # the asker's own talent profile
    opportunities = "opportunities"  # positions the asker could aim for, and the gaps
    talentpool = "talentpool"  # the agency's talent pool / nine-box distribution
    compare = "compare"  # candidates of the last list side by side
    regulation = "regulation"  # what the regulations say
    rule_check = "rule_check"  # does this case (age, rank, years) meet the rules?
    access_history = "access_history"  # who has seen someone's data
    help = "help"  # help, greetings, thanks
    logout = "logout"  # unlink this Telegram account
    out_of_scope = "out_of_scope"  # anything Talenta does not do


# The actions a flow needs; any one of them suffices (the talent pool shows counts to those
# who may see aggregates only). No entry: every role may use it.
NEEDS: dict[Intent, frozenset[Action]] = {
    Intent.search_post: frozenset({Action.search}),
    Intent.search_need: frozenset({Action.search}),
    Intent.person: frozenset({Action.detail}),
    Intent.profile: frozenset({Action.profile}),
    Intent.opportunities: frozenset({Action.opportunities}),
    Intent.talentpool: frozenset({Action.talentpool, Action.aggregates}),
    Intent.compare: frozenset({Action.compare}),
    Intent.regulation: frozenset({Action.regulation}),
    Intent.rule_check: frozenset({Action.regulation}),
    Intent.access_history: frozenset({Action.access_history}),
}


def allowed(role: Role, intent: Intent) -> bool:
    """Whether ``role`` may use the flow ``intent`` leads to."""
    needs = NEEDS.get(intent)
    return needs is None or bool(needs & ALLOWED[role])


def allowed_intents(role: Role) -> frozenset[Intent]:
    return frozenset(i for i in Intent if allowed(role, i))
