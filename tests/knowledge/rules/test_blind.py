"""Blind rows: every combination a blind row shows is shared by at least k pool members."""

from __future__ import annotations

import random
from collections import Counter

from knowledge.rules.blind import LADDER, BlindFacts, BlindRow, blind_rows, k_min, shown
from knowledge.rules.thresholds import thresholds

GOL = ["II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", None]
JENIS = ["Pengawas", "Administrator", "Fungsional", "Pelaksana", None]


def _matches(row: BlindRow, f: BlindFacts) -> bool:
    """Independent reading of a shown row: does this person fit everything it shows?"""
    if row.golongan is not None:
        have = f.golongan or "-"
        if row.golongan != have and row.golongan != have.split("/")[0]:
            return False
    if row.jenis is not None and row.jenis != (f.jenis or "-"):
        return False
    if row.kotak is not None:
        if f.kotak is None or row.kotak == "-":
            return f.kotak is None and row.kotak == "-"
        if row.kotak.isdigit():
            return int(row.kotak) == f.kotak
        lo, hi = (int(x) for x in row.kotak.split("–"))
        return lo <= f.kotak <= hi
    return True


def test_k_is_policy_with_provenance() -> None:
    row = thresholds().get("blind.k_min")
    assert row.value == 5 == k_min()
    assert row.kind == "policy" and row.citations


def test_a_common_profile_is_shown_in_full() -> None:
    pool = [BlindFacts("III/c", "Pengawas", 8)] * 6
    view = blind_rows([BlindFacts("III/c", "Pengawas", 8)], pool)
    assert view.level == 0
    assert view.rows[0] == BlindRow("III/c", "Pengawas", "8")
    assert view.smallest_group == 6


def test_a_rare_ruang_is_coarsened_for_the_whole_list() -> None:
    pool = [BlindFacts("III/c", "Pengawas", 8)] * 6 + [BlindFacts("III/d", "Pengawas", 8)] * 2
    rows = [BlindFacts("III/c", "Pengawas", 8), BlindFacts("III/d", "Pengawas", 8)]
    view = blind_rows(rows, pool)
    assert view.level == 1
    assert [r.golongan for r in view.rows] == ["III", "III"]  # both rows, not only the rare one
    assert view.smallest_group == 8


def test_a_pool_smaller_than_k_shows_nothing_but_the_code() -> None:
    pool = [BlindFacts("III/c", "Pengawas", 8)] * 4
    view = blind_rows([BlindFacts("III/c", "Pengawas", 8)], pool)
    assert view.nothing_shown and view.rows[0] == BlindRow(None, None, None)


def test_no_shown_combination_has_fewer_than_k_pool_members_random_pools() -> None:
    rnd = random.Random(16)
    k = k_min()
    levels: Counter[int] = Counter()
    for _ in range(300):
        n = rnd.randint(1, 60)
        pool = [
            BlindFacts(rnd.choice(GOL), rnd.choice(JENIS), rnd.choice([*range(1, 10), None]))
            for _ in range(n)
        ]
        rows = rnd.sample(pool, min(5, n))
        view = blind_rows(rows, pool)
        levels[view.level] += 1
        for row in view.rows:
            shared = sum(_matches(row, f) for f in pool)
            if view.nothing_shown:
                assert row == BlindRow(None, None, None)
            else:
                assert shared >= k, (row, shared)
            assert shown(rows[view.rows.index(row)], LADDER[view.level]) == row
    # The random pools exercise more than one rung of the ladder.
    assert len(levels) >= 3
