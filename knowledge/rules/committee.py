"""The committee's recommendations turned into an order (docs/committee.md, "Aturan urutan").

Each member gives, per candidate code (K1…Kn), one of three recommendations; the latest one
counts. For each candidate only the recommendations of members who are members at closing
and have no conflict with that candidate (known to the records or declared) are valid.

The order, per candidate, over its valid recommendations:

1. the larger share of "layak diusulkan" first;
2. on equal shares, the smaller share of "tidak diusulkan" first;
3. still equal: a tie — the candidates share one place, in the order of their codes, and the
   minutes say so. The ranking's own order does not break a tie.

A candidate without any valid recommendation comes last, as "tanpa rekomendasi".
Quorum: the sidang has one when at least ``quorum`` current members gave at least one valid
recommendation. Without quorum there is no order, only the counts.

This is local policy: the law (PP 11/2017 Pasal 191 and 200) says the PPK decides after
considering the tim penilai kinerja, not how the team's views are counted.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Recommendation(StrEnum):
    layak = "layak"  # layak diusulkan
    pertimbangkan = "pertimbangkan"  # dipertimbangkan
    tidak = "tidak"  # tidak diusulkan


LABEL: dict[Recommendation, str] = {
    Recommendation.layak: "layak diusulkan",
    Recommendation.pertimbangkan: "dipertimbangkan",
    Recommendation.tidak: "tidak diusulkan",
}


@dataclass(frozen=True, slots=True)
class Vote:
    member: int
    rank: int  # the candidate's code K<rank>
    recommendation: Recommendation


@dataclass(frozen=True, slots=True)
class Tally:
    rank: int
    layak: int
    pertimbangkan: int
    tidak: int
    barred: tuple[int, ...]  # members with a conflict on this candidate (did not count)

    @property
    def valid(self) -> int:
        return self.layak + self.pertimbangkan + self.tidak

    def key(self) -> tuple[Fraction, Fraction]:
        """Sort key: larger share of layak, then smaller share of tidak."""
        return (-Fraction(self.layak, self.valid), Fraction(self.tidak, self.valid))


@dataclass(frozen=True, slots=True)
class Outcome:
    quorum: int
    voters: tuple[int, ...]  # current members with at least one valid recommendation
    tallies: tuple[Tally, ...]  # by rank
    places: tuple[tuple[int, ...], ...]  # ranks per place; more than one rank: a tie
    unrecommended: tuple[int, ...]  # ranks without any valid recommendation
    ignored_members: tuple[int, ...]  # voted, but no longer members at closing

    @property
    def quorum_met(self) -> bool:
        return len(self.voters) >= self.quorum


def committee_order(
    ranks: Sequence[int],
    votes: Sequence[Vote],
    *,
    members: Collection[int],
    conflicts: Collection[tuple[int, int]],
    quorum: int,
) -> Outcome:
    """Apply the rule above. ``votes`` oldest first (a later vote replaces an earlier one);
    ``conflicts`` as (member, rank); ``members``: the members at closing."""
    barred = set(conflicts)
    current = set(members)
    latest: dict[tuple[int, int], Recommendation] = {}
    ignored: set[int] = set()
    for v in votes:
        if v.member not in current:
            ignored.add(v.member)
            continue
        if (v.member, v.rank) in barred or v.rank not in ranks:
            continue
        latest[(v.member, v.rank)] = v.recommendation
    tallies = []
    for r in ranks:
        recs = [rec for (m, rank), rec in latest.items() if rank == r]
        tallies.append(
            Tally(
                r,
                sum(1 for x in recs if x is Recommendation.layak),
                sum(1 for x in recs if x is Recommendation.pertimbangkan),
                sum(1 for x in recs if x is Recommendation.tidak),
                tuple(sorted(m for m, rank in barred if rank == r)),
            )
        )
    voted = tuple(t for t in tallies if t.valid)
    places: list[tuple[int, ...]] = []
    for t in sorted(voted, key=lambda t: (t.key(), t.rank)):
        if places and _tally(tallies, places[-1][0]).key() == t.key():
            places[-1] = (*places[-1], t.rank)
        else:
            places.append((t.rank,))
    return Outcome(
        quorum=quorum,
        voters=tuple(sorted({m for m, _ in latest})),
        tallies=tuple(tallies),
        places=tuple(places),
        unrecommended=tuple(t.rank for t in tallies if not t.valid),
        ignored_members=tuple(sorted(ignored)),
    )


def _tally(tallies: Sequence[Tally], rank: int) -> Tally:
    return next(t for t in tallies if t.rank == rank)
