"""The committee's order: shares of layak, then of tidak; ties stay ties; conflicts and
removed members do not count; quorum by members who gave a valid recommendation."""

from __future__ import annotations

from knowledge.rules.committee import Recommendation as R
from knowledge.rules.committee import Vote, committee_order

L, P, T = R.layak, R.pertimbangkan, R.tidak


def test_layak_share_orders_then_tidak_share() -> None:
    votes = [
        Vote(1, 1, P),
        Vote(2, 1, P),
        Vote(3, 1, T),
        Vote(1, 2, L),
        Vote(2, 2, L),
        Vote(3, 2, T),
        Vote(1, 3, L),
        Vote(2, 3, L),
        Vote(3, 3, P),
    ]
    out = committee_order([1, 2, 3], votes, members={1, 2, 3}, conflicts=(), quorum=2)
    assert out.quorum_met and out.voters == (1, 2, 3)
    # K3 and K2 both 2/3 layak; K3 has no tidak, so it comes first. K1 has no layak.
    assert out.places == ((3,), (2,), (1,))


def test_equal_shares_are_a_tie_not_broken_by_the_ranking() -> None:
    votes = [Vote(1, 1, L), Vote(2, 1, P), Vote(1, 2, L), Vote(2, 2, P), Vote(1, 3, T)]
    out = committee_order([1, 2, 3], votes, members={1, 2}, conflicts=(), quorum=2)
    assert out.places == ((1, 2), (3,))


def test_conflicted_votes_do_not_count_and_shares_are_fair() -> None:
    # Member 3 is barred from K2: K2's one valid vote is layak (share 1), K1 has 2/3.
    votes = [
        Vote(1, 1, L),
        Vote(2, 1, L),
        Vote(3, 1, T),
        Vote(1, 2, L),
        Vote(3, 2, T),
    ]
    out = committee_order([1, 2], votes, members={1, 2, 3}, conflicts={(3, 2)}, quorum=2)
    assert out.places == ((2,), (1,))
    k2 = out.tallies[1]
    assert (k2.layak, k2.tidak, k2.barred) == (1, 0, (3,))


def test_the_latest_vote_counts() -> None:
    votes = [Vote(1, 1, T), Vote(1, 1, L), Vote(1, 2, P)]
    out = committee_order([1, 2], votes, members={1}, conflicts=(), quorum=1)
    assert out.places == ((1,), (2,))
    assert out.tallies[0].tidak == 0


def test_a_removed_member_does_not_count_and_is_named() -> None:
    votes = [Vote(1, 1, L), Vote(2, 2, L), Vote(2, 1, T)]
    out = committee_order([1, 2], votes, members={1}, conflicts=(), quorum=2)
    assert out.ignored_members == (2,)
    assert out.voters == (1,) and not out.quorum_met
    assert out.unrecommended == (2,)
    assert out.places == ((1,),)


def test_without_votes_there_is_no_place() -> None:
    out = committee_order([1, 2], [], members={1, 2}, conflicts=(), quorum=1)
    assert out.places == () and out.unrecommended == (1, 2) and not out.quorum_met
