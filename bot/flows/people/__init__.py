"""Features that show personal data, one module each: candidate search, one employee (detail
and lookup), comparison, the ASN's own profile and opportunities, the talent pool.

The entry points the router calls are named here.
"""

from bot.flows.people.candidates import cancel_pending, narrowed_by_reply, search
from bot.flows.people.compare import compare, compare_last
from bot.flows.people.person import detail, person
from bot.flows.people.profile import opportunities, own_profile
from bot.flows.people.talentpool import talentpool, unit_hint

__all__ = [
    "cancel_pending",
    "compare",
    "compare_last",
    "detail",
    "narrowed_by_reply",
    "opportunities",
    "own_profile",
    "person",
    "search",
    "talentpool",
    "unit_hint",
]
