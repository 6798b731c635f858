"""A small thread-safe LRU for rendered pictures and per-person estimates.

Keys are content keys (everything the value is computed from), so an entry can never be stale:
changed data gives a different key and the old entry simply ages out. Bounded by count and,
for bytes values, by total size, so a long-running bot cannot grow without limit.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

V = TypeVar("V")


def content_key(*parts: object) -> str:
    """A stable digest of the inputs' ``repr`` (frozen dataclasses, tuples, str, int)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class LruCache(Generic[V]):
    def __init__(self, max_items: int, *, max_bytes: int | None = None) -> None:
        self.max_items = max_items
        self.max_bytes = max_bytes
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _size(value: object) -> int:
        return len(value) if isinstance(value, bytes | bytearray) else 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            if key not in self._data:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return self._data[key]

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= self._size(old)
            self._data[key] = value
            self._bytes += self._size(value)
            while self._data and (
                len(self._data) > self.max_items
                or (self.max_bytes is not None and self._bytes > self.max_bytes)
            ):
                _, dropped = self._data.popitem(last=False)
                self._bytes -= self._size(dropped)

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value, or ``make()`` stored (two threads may both make it; same result)."""
        found = self.get(key)
        if found is not None:
            return found
        value = make()
        self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)


def _png_cache() -> LruCache[bytes]:
    return LruCache(512, max_bytes=64 * 1024 * 1024)


def _estimate_cache() -> LruCache[int]:
    return LruCache(500_000)


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
