"""The one LRU: count and byte bounds, recency, counters, size 0 keeps nothing."""

from __future__ import annotations

from retrieval.index.lru import LRU


def test_least_recently_used_goes_first() -> None:
    lru: LRU[str, int] = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now the most recent
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("a") == 1 and lru.get("c") == 3
    assert len(lru) == 2 and (lru.hits, lru.misses) == (3, 1)


def test_bytes_values_are_bounded_by_total_size() -> None:
    lru: LRU[str, bytes] = LRU(10, max_bytes=5)
    lru.put("a", b"123")
    lru.put("b", b"45")
    lru.put("c", b"6")
    assert lru.get("a") is None and lru.get("b") == b"45" and lru.get("c") == b"6"
    lru.put("b", b"7")  # replacing a value frees its old size
    lru.put("d", b"89")
    assert [lru.get(k) for k in "bcd"] == [b"7", b"6", b"89"]


def test_size_zero_keeps_nothing_and_get_or_make_makes_once() -> None:
    none: LRU[str, int] = LRU(0)
    none.put("a", 1)
    assert none.get("a") is None and len(none) == 0
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return 42

    lru: LRU[str, int] = LRU(4)
    assert lru.get_or_make("k", make) == 42 and lru.get_or_make("k", make) == 42
    assert made == [1]
    lru.clear()
    assert len(lru) == 0
