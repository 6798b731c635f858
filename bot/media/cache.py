"""Content keys for the LRU of rendered pictures and per-person estimates (the LRU itself is
the project's one, :class:`retrieval.index.lru.LRU`).

Keys are content keys (everything the value is computed from), so an entry can never be stale:
changed data gives a different key and the old entry simply ages out. Bounded by count and,
for bytes values, by total size, so a long-running bot cannot grow without limit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from typing import TypeAlias, TypeVar

from retrieval.index.lru import LRU

V = TypeVar("V")

# Pictures and estimates are keyed by content_key() (any hashable works).
LruCache: TypeAlias = LRU[Hashable, V]


def content_key(*parts: object) -> str:
    """A stable digest of the inputs' ``repr`` (frozen dataclasses, tuples, str, int)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()
