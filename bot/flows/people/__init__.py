"""Features that show personal data, one module each: candidate search, one employee (detail
and lookup), comparison, the ASN's own profile and opportunities, the talent pool.

The entry points the router calls are named here.
"""

from bot.flows.people.candidates import search
from bot.flows.people.compare import compare, compare_last
from bot.flows.people.person import detail, person
from bot.flows.people.profile import opportunities, own_profile
from bot.flows.people.talentpool import talentpool

__all__ = [
    "compare",
    "compare_last",
    "detail",
    "opportunities",
    "own_profile",
    "person",
    "search",
    "talentpool",
]
