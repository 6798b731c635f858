"""Content keys for the LRU of rendered pictures and per-person estimates (the LRU itself is
the project's one, :class:`retrieval.index.lru.LRU`).

Keys are content keys (everything the value is computed from), so an entry can never be stale:
changed data gives a different key and the old entry simply ages out. Bounded by count and,
for bytes values, by total size, so a long-running bot cannot grow without limit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TypeAlias, TypeVar

from retrieval.index.lru import LRU

V = TypeVar("V")

# Pictures and estimates are keyed by content_key() (any hashable works).
LruCache: TypeAlias = LRU[Hashable, V]


def content_key(*parts: object) -> str:
    """A stable digest of the inputs' ``repr`` (frozen dataclasses, tuples, str, int)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def _png_cache() -> LruCache[bytes]:
    return LRU(512, max_bytes=64 * 1024 * 1024)


def _estimate_cache() -> LruCache[int]:
    return LRU(500_000)


@dataclass
class PictureCaches:
    """The caches behind the pictures, one set per running application (built by the
    composition root, reached through ``Services.caches``)."""

    # Rendered PNGs by content key (what is drawn, not who asked): a repeated /profil or
    # /talentpool on unchanged data costs a dictionary look-up instead of a ~0.2 s render.
    pngs: LruCache[bytes] = field(default_factory=_png_cache)
    # Talenta's nine-box estimate per person, keyed on (pegawai id, content hash of everything
    # imported about them, day): the import bumps the hash when any input changes. 0 = unplaced.
    estimates: LruCache[int] = field(default_factory=_estimate_cache)
